from django.urls import include, path

# The children-and-youth, case, person, audit and token endpoints are added by the API module;
# LSS and follow-up keep theirs in their own apps.
urlpatterns = [
    path("v1/lss/", include("skyddsnat.lss.api_urls")),
    path("v1/followup/", include("skyddsnat.followup.api_urls")),
]
