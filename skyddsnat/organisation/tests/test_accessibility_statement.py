"""The accessibility statement (lag 2018:1937, DIGG's list of contents): public, Swedish, the
contact from the settings and the municipality's row, the supervising authority, how and when the
service was assessed; linked from the footer of every page, the error pages included."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry
from skyddsnat.organisation.models import Municipality

pytestmark = pytest.mark.django_db

STATEMENT = "/tillganglighet/"


def test_the_statement_is_public_and_swedish_for_an_english_browser(client):
    response = client.get(STATEMENT, HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "<h1>Tillgänglighetsredogörelse</h1>" in page
    assert "Accessibility statement" not in page
    assert reverse("accessibility-statement") == STATEMENT
    assert not AuditEntry.objects.exists()


def test_the_statement_holds_what_the_law_and_digg_ask_for(client):
    page = client.get(STATEMENT).content.decode()

    municipality = Municipality.objects.order_by("pk").first()
    assert f"{municipality.name} står bakom Skyddsnät" in page
    # Compliance in DIGG's words, the shortcomings, how to report, supervision, method and date.
    assert "delvis förenligt" in page
    assert "Kända brister" in page
    assert "skärmläsare" in page
    assert "Rapportera brister i tillgängligheten" in page
    assert 'href="https://www.digg.se/tdosanmalan"' in page
    assert "Myndigheten för digital förvaltning (Digg)" in page
    assert "0771-11 44 00" in page
    assert "självskattning" in page
    assert "axe-core" in page
    assert "Tjänsten bedömdes senast 2026-12-03." in page


@override_settings(
    SKYDDSNAT_ACCESSIBILITY_EMAIL="tillganglighet@kommun.example",
    SKYDDSNAT_ACCESSIBILITY_PHONE="08-123 456 00",
    SKYDDSNAT_ACCESSIBILITY_ASSESSED="2027-01-15",
)
def test_the_contact_and_the_date_are_settings(client):
    page = client.get(STATEMENT).content.decode()

    assert 'href="mailto:tillganglighet@kommun.example"' in page
    assert "08-123 456 00" in page
    assert "Tjänsten bedömdes senast 2027-01-15." in page
    assert "kommunens växel" not in page


def test_without_a_contact_the_statement_points_to_the_switchboard(client, settings):
    settings.SKYDDSNAT_ACCESSIBILITY_EMAIL = ""
    settings.SKYDDSNAT_ACCESSIBILITY_PHONE = ""

    page = client.get(STATEMENT).content.decode()

    assert "Kontakta socialtjänsten genom kommunens växel." in page
    assert "mailto:tillganglighet" not in page


def test_the_statement_refuses_a_post(client):
    assert Client(enforce_csrf_checks=False).post(STATEMENT).status_code == 405


def test_every_page_links_to_the_statement_in_its_footer(client, caseworker):
    link = f'<a href="{STATEMENT}">Tillgänglighetsredogörelse</a>'
    assert link in client.get("/login/").content.decode()
    assert link in client.get("/finns-inte/").content.decode()
    client.force_login(caseworker)
    assert link in client.get("/").content.decode()
    assert link in client.get(STATEMENT).content.decode()
