"""The LSS figures of the follow-up area, mounted under lss/uppfoljning/ (their address since
issue 4): the pages live here because follow-up stands above the LSS flow."""

from django.urls import path, re_path

from skyddsnat.followup import lss_views

urlpatterns = [
    path("", lss_views.followup_page, name="lss-followup"),
    path("ej-verkstallda/", lss_views.council_report, name="lss-council-report"),
    re_path(
        r"^export/(?P<table>decisions|lead_times|queue)\.(?P<fmt>csv|xlsx)$",
        lss_views.followup_export,
        name="lss-followup-export",
    ),
]
