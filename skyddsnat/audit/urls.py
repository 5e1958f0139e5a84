from django.urls import path

from skyddsnat.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit-log"),
    path("granskning/", views.audit_review, name="audit-review"),
]
