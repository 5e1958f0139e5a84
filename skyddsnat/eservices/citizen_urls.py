"""The citizen's addresses under /e-tjanst/ (namespace `eservices`): sign-in, sign-out and
"Mina ärenden". `urlpatterns` is also what the e-services' own URL module may include, so that
both share the one namespace."""

from django.urls import path

from skyddsnat.eservices import citizen_views

app_name = "eservices"

urlpatterns = [
    path("logga-in/", citizen_views.citizen_login, name="citizen-login"),
    path("logga-in/klar/", citizen_views.citizen_callback, name="citizen-callback"),
    path("logga-ut/", citizen_views.citizen_logout, name="citizen-logout"),
    path("mina-arenden/", citizen_views.citizen_matters, name="citizen-matters"),
    path("mina-arenden/<str:reference>/", citizen_views.citizen_matter, name="citizen-matter"),
]
