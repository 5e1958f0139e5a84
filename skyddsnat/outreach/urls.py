from django.urls import path

from skyddsnat.outreach import views

urlpatterns = [
    path("", views.contact_list, name="outreach-contact-list"),
    path("ny/", views.contact_create, name="outreach-contact-create"),
]
