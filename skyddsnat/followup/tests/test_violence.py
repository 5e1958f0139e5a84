"""Violence and sheltered housing in the follow-up area (issue 10 points 5 and 8): per district,
distinct children; a figure of 1–4 children is "<5" for politicians and analysts, the manager
sees their own unit's figures; the download is the same table and is audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import case_decide
from skyddsnat.followup.suppression import SUPPRESSED
from skyddsnat.followup.violence import violence_figures

pytestmark = pytest.mark.django_db

EXPOSED = {"kinds": ["physical"], "child_exposed": True}
WITNESSED = {"kinds": ["psychological"], "child_witnessed": True}


def period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=30), today


def row(figures, district: str):
    return next(f for f in figures if f.district == district)


def test_each_figure_counts_children_and_hides_fewer_than_five(
    caseworker, manager, politician, analyst, make_report
):
    reports = [make_report(caseworker, violence=EXPOSED) for _ in range(5)]
    make_report(caseworker, violence=WITNESSED)
    # The same child reported twice counts once.
    make_report(
        caseworker,
        personal_identity_number=reports[0].child.personal_identity_number,
        violence=WITNESSED,
    )
    make_report(caseworker)  # no violence: not counted
    case_decide(
        user=manager,
        case=reports[0].case,
        decided_on=timezone.localdate(),
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="skyddat-boende"),
        reason="Skydd.",
    )
    start, end = period()
    for user in (politician, analyst):
        jarva = row(violence_figures(user=user, start=start, end=end), "Järva")
        assert jarva.reports == 6
        assert jarva.exposed == 5
        assert jarva.opened_at_once == 6
        assert jarva.witnessed == SUPPRESSED  # 2 children
        assert jarva.sheltered_granted == SUPPRESSED
        assert jarva.waiting == SUPPRESSED
        assert row(violence_figures(user=user, start=start, end=end), "Södermalm").reports == 0
    # The manager sees their own unit exactly.
    jarva = row(violence_figures(user=manager, start=start, end=end), "Järva")
    assert (jarva.witnessed, jarva.sheltered_granted, jarva.waiting) == (2, 1, 1)


def test_a_period_before_the_reports_counts_nothing(caseworker, politician, make_report):
    make_report(caseworker, violence=EXPOSED)
    old = timezone.localdate() - dt.timedelta(days=400)
    figures = violence_figures(user=politician, start=old, end=old + dt.timedelta(days=30))
    assert all(f.reports == 0 for f in figures)


def test_the_page_and_the_download(client, caseworker, politician, make_report):
    for _ in range(5):
        make_report(caseworker, violence=EXPOSED)
    start, end = period()
    query = f"?from={start.isoformat()}&to={end.isoformat()}"
    client.force_login(politician)
    page = client.get(reverse("followup-violence") + query)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Våld och skyddat boende per stadsdel" in body and "Utsatta för våld" in body
    download = client.get(reverse("followup-violence-export", kwargs={"fmt": "csv"}) + query)
    assert download.status_code == 200
    text = download.content.decode("utf-8-sig")
    assert "Järva" in text and "<5" not in text.split("Järva")[1].splitlines()[0].split(";")[1]
    assert AuditEntry.objects.filter(action="followup.export.violence").exists()
    odd = client.get(reverse("followup-violence-export", kwargs={"fmt": "csv"}) + "?from=x")
    assert odd.status_code == 400


def test_a_caseworker_has_no_follow_up(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("followup-violence")).status_code == 404
