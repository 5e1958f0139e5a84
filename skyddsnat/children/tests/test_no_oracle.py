"""No oracle: a Södermalm caseworker who registers a report or early help with the number of a
Järva child learns nothing of what is stored about that number — not the name, not the protection,
not the case or its reference, not even whether the child is known. Every answer is compared,
byte for byte, with the answer for a number nobody has registered before (the numbers share a birth
date, so that only the number itself differs, and it is blanked out before comparing)."""

import datetime as dt
import json
import random
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.cases.models import Case, CaseStatus, InterventionType
from skyddsnat.children.models import EarlyHelp, Report
from skyddsnat.children.services import pre_assessment_decide, report_register
from skyddsnat.lib import identity
from skyddsnat.organisation.models import District, Unit
from skyddsnat.people.models import Person, ProtectionLevel

BORN = dt.date(2015, 3, 9)
KINDS = ["new", "known", "known_open_case", "protected", "protected_open_case"]
_rng = random.Random(2026)


def _number() -> str:
    return identity.synthetic(_rng, BORN)


@pytest.fixture
def numbers(caseworker) -> dict[str, str]:
    """One number per kind: unknown, or a Järva child with a closed or an open case (an
    investigation, which a new report joins), protected or not."""
    jarva = District.objects.get(slug="jarva")
    made = {"new": _number()}
    for kind in KINDS[1:]:
        number = made[kind] = _number()
        report = report_register(
            user=caseworker,
            personal_identity_number=number,
            first_name="Hemlig",
            last_name="Järvabo",
            district=jarva,
            received_at=timezone.now() - dt.timedelta(days=1),
            reporter_type="professional",
            description="Oro.",
            is_synthetic=True,
        )
        pre_assessment_decide(
            user=caseworker,
            case=report.case,
            decided_on=timezone.localdate(),
            decision="open_investigation" if kind.endswith("open_case") else "no_investigation",
            reason="Bedömt.",
        )
        if kind.startswith("protected"):
            Person.objects.filter(personal_identity_number=number).update(
                protection_level=ProtectionLevel.PROTECTED_REGISTRATION,
                street_address="Skyddade vägen 1",
            )
    return made


def _blank(body: str, number: str) -> str:
    return body.replace(number, "<NUMBER>").replace(identity.display(number), "<NUMBER>")


def _same_for_every_kind(answers: dict[str, str]) -> None:
    for kind in KINDS[1:]:
        assert answers[kind] == answers["new"], kind
    for body in answers.values():
        for secret in ("Hemlig", "Järvabo", "Skyddade", "BU-", "skydd", "protected_registration"):
            assert secret not in body, secret


def _api(user) -> APIClient:
    client = APIClient()
    issued = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.json()['token']}")
    return client


def test_a_report_through_the_api_answers_the_same_whatever_is_stored(outsider, numbers):
    api = _api(outsider)
    received_at = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    answers = {}
    for kind, number in numbers.items():
        response = api.post(
            "/api/v1/reports/",
            {
                "child": {
                    "personal_identity_number": number,
                    "first_name": "Okänd",
                    "last_name": "Person",
                    "is_synthetic": True,
                },
                "district": "jarva",
                "received_at": received_at,
                "reporter_type": "professional",
                "description": "Skolan oroar sig.",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        answers[kind] = _blank(response.content.decode(), number)

    _same_for_every_kind(answers)
    body = json.loads(answers["new"])
    assert body["sent_to"] == Unit.objects.get(district__slug="jarva", kind="children").name
    assert (body["id"], body["case_id"], body["reference"], body["child"]["id"]) == (None,) * 4
    # The Järva unit got every report; the one about a child under investigation joined it.
    for kind, number in numbers.items():
        report = Report.objects.filter(
            child__personal_identity_number=number, registered_by=outsider
        ).get()
        assert report.case.unit.district.slug == "jarva"
        if kind.endswith("open_case"):
            assert report.case.status == CaseStatus.INVESTIGATION
            assert report.case.reports.count() == 2


def test_a_report_through_the_page_answers_the_same_whatever_is_stored(outsider, numbers):
    client = Client()
    client.force_login(outsider)
    now = timezone.localtime() - dt.timedelta(hours=1)
    answers = {}
    for kind, number in numbers.items():
        response = client.post(
            reverse("children-report-create"),
            {
                "personal_identity_number": identity.display(number),
                "first_name": "Okänd",
                "last_name": "Person",
                "district": District.objects.get(slug="jarva").pk,
                "received_date": now.date().isoformat(),
                "received_time": now.strftime("%H:%M"),
                "reporter_type": "professional",
                "reporter_name": "",
                "description": "Skolan oroar sig.",
            },
        )
        assert response.status_code == 302
        assert response.url == reverse("children-report-create")
        page = client.get(response.url).content.decode()
        message = re.search(r'<div class="messages".*?</div>', page, re.S)
        assert message is not None
        answers[kind] = _blank(message.group(0), number)

    _same_for_every_kind(answers)
    assert "Okänd Person" in answers["new"]
    assert "Järva" in answers["new"]
    # Nothing the answers pointed to opens a Järva case or child.
    for number in numbers.values():
        person = Person.objects.get(personal_identity_number=number)
        assert client.get(reverse("people-person-detail", args=[person.pk])).status_code == 404
        for case in Case.objects.filter(person=person):
            assert client.get(reverse("cases-case-detail", args=[case.pk])).status_code == 404


def test_early_help_through_the_api_answers_the_same_whatever_is_stored(outsider, numbers):
    api = _api(outsider)
    today = timezone.localdate().isoformat()
    answers = {}
    for kind, number in numbers.items():
        response = api.post(
            "/api/v1/early-help/",
            {
                "child": {
                    "personal_identity_number": number,
                    "first_name": "Okänd",
                    "last_name": "Person",
                    "is_synthetic": True,
                },
                "intervention_type": "parent-support",
                "started_on": today,
                "consent_given": True,
                "consent_on": today,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        record_id = response.json()["id"]
        # The new row's own number is the only other difference: the help is the unit's own.
        body = response.content.decode().replace(f'"id":{record_id},', '"id":"<ID>",', 1)
        answers[kind] = _blank(body, number)

    _same_for_every_kind(answers)
    assert json.loads(answers["new"])["child"]["id"] is None
    # The unit's list shows each child by the names it registered, and no record opens.
    listing = api.get("/api/v1/early-help/").json()["results"]
    assert {(row["child"]["first_name"], row["child"]["id"]) for row in listing} == {
        ("Okänd", None)
    }
    assert {row["child"]["protected"] for row in listing} == {None}
    assert EarlyHelp.objects.filter(unit=outsider.unit).count() == len(KINDS)


def test_early_help_through_the_page_answers_the_same_whatever_is_stored(outsider, numbers, client):
    client.force_login(outsider)
    today = timezone.localdate().isoformat()
    answers = {}
    for kind, number in numbers.items():
        response = client.post(
            reverse("children-early-help-create"),
            {
                "personal_identity_number": identity.display(number),
                "first_name": "Okänd",
                "last_name": "Person",
                "intervention_type": InterventionType.objects.get(code="parent-support").pk,
                "started_on": today,
                "consent_given": "on",
                "consent_on": today,
                "note": "",
            },
        )
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
        message = re.search(r'<div class="messages".*?</div>', page, re.S)
        assert message is not None
        answers[kind] = _blank(message.group(0), number)
        # The list's row for this child, as the unit sees it.
        row = re.search(rf"<tr>(?:(?!</tr>).)*{identity.display(number)}.*?</tr>", page, re.S)
        assert row is not None
        # The row's end form names the new row's own number: the help is the unit's own.
        record_id = EarlyHelp.objects.filter(unit=outsider.unit).latest("pk").pk
        row_html = row.group(0).replace(f"/{record_id}/", "/<ID>/")
        # The CSRF token is masked afresh for every page.
        row_html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "<CSRF>", row_html)
        answers[kind] += _blank(row_html.replace(f"end{record_id}", "end<ID>"), number)

    _same_for_every_kind(answers)
    assert "Okänd Person" in answers["new"]
    assert "/personer/" not in answers["new"]
    search = client.get(reverse("people-person-search"), {"q": identity.display(numbers["known"])})
    assert "Okänd" not in search.content.decode()
    assert "Hemlig" not in search.content.decode()
