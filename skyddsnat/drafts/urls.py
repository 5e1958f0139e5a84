from django.urls import path

from skyddsnat.drafts import views

urlpatterns = [
    path("spara/", views.draft_save, name="drafts-save"),
    path("aterstall/", views.draft_restore, name="drafts-restore"),
    path("slang/", views.draft_discard, name="drafts-discard"),
]
