from django.urls import path

from skyddsnat.signin import views

urlpatterns = [
    path("sso/", views.sso_start, name="signin-sso"),
    path("sso/klar/", views.sso_callback, name="signin-sso-callback"),
    path("kod/", views.verify, name="signin-verify"),
    path("tvastegs/", views.enrol, name="signin-enrol"),
]
