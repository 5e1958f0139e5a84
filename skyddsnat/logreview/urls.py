from django.urls import path

from skyddsnat.logreview import views

urlpatterns = [
    path("", views.audit_log, name="audit-log"),
    path("export/", views.audit_export, name="audit-export"),
    path("granskning/", views.audit_review, name="audit-review"),
]
