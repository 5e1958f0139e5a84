from django.urls import path

from skyddsnat.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit-log"),
]
