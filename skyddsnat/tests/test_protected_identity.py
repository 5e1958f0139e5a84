"""Protected identity enforced on every surface that shows persons (issue 10 point 5): a
protected child's and a protected guardian's address (and whereabouts) reach only staff with a
recorded need (`policy.may_see_address`); lists, search (page and API), the case read, the
follow-up exports and the auditor's pages (page, CSV, review) never show them. One test per
surface; each has a positive control (the data is there to leak: a user with the need sees it,
or the row itself is shown), so a test cannot pass by showing nothing at all.

The access matrix (`test_access_matrix.py`) checks the same street on every URL for every role;
these tests check the surfaces where the protected person IS shown, to staff who see the case."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from skyddsnat.cases.guardians import guardian_add
from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import case_decide, intervention_start
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.lib import identity
from skyddsnat.people.models import Person, ProtectionLevel

pytestmark = pytest.mark.django_db

STREET, POSTAL, CITY = "Hemliga gränd 7", "99988", "Dolbystad"
GUARDIAN_STREET = "Skyddsvägen 41"
CHILD_FIRST, CHILD_LAST = "Ylva", "Skyddström"
SECRETS = (STREET, POSTAL, CITY, GUARDIAN_STREET)


def leaked(body: str) -> list[str]:
    return [secret for secret in SECRETS if secret in body]


@pytest.fixture
def protected(caseworker, make_report):
    """A Järva child with protected population registration (skyddad folkbokföring), on the
    caseworker's case in investigation, with a protected guardian."""
    report = make_report(caseworker, first_name=CHILD_FIRST, last_name=CHILD_LAST)
    child = report.child
    Person.objects.filter(pk=child.pk).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION,
        street_address=STREET,
        postal_code=POSTAL,
        city=CITY,
    )
    from conftest import new_identity_number

    link = guardian_add(
        user=caseworker,
        case=report.case,
        personal_identity_number=new_identity_number(dt.date(1985, 3, 2)),
        first_name="Gerd",
        last_name="Skyddström",
        relation="parent",
        is_synthetic=True,
    )
    Person.objects.filter(pk=link.guardian_id).update(
        protection_level=ProtectionLevel.FICTITIOUS_IDENTITY, street_address=GUARDIAN_STREET
    )
    report.case.refresh_from_db()
    return report


@pytest.fixture
def with_need(db):
    from conftest import make_user

    return make_user("socsek.jarva.skydd", "caseworker", "jarva", may_see_protected_addresses=True)


def page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_case_page_withholds_the_address(protected, caseworker, with_need):
    url = reverse("cases-case-detail", args=[protected.case_id])
    body = page(caseworker, url)
    assert CHILD_LAST in body and "Skyddad adress" in body
    assert leaked(body) == []
    # Positive control: staff with the recorded need see both addresses.
    with_need.unit = caseworker.unit
    with_need.save()
    shown = page(with_need, url)
    assert STREET in shown and GUARDIAN_STREET in shown


def test_the_person_page_withholds_the_address(protected, caseworker):
    body = page(caseworker, reverse("people-person-detail", args=[protected.child_id]))
    assert CHILD_LAST in body
    assert leaked(body) == []


def test_person_search_page_lists_the_child_without_address(protected, caseworker):
    body = page(caseworker, reverse("people-person-search") + f"?q={CHILD_LAST}")
    assert CHILD_FIRST in body and "Skyddad identitet" in body
    assert leaked(body) == []


def test_person_search_api_lists_the_child_without_address(protected, caseworker):
    response = api(caseworker).get("/api/v1/persons/", {"q": CHILD_LAST})
    assert response.status_code == 200
    body = response.content.decode()
    assert CHILD_FIRST in body
    assert leaked(body) == []


def test_the_case_read_of_the_api_withholds_both_addresses(protected, caseworker):
    response = api(caseworker).get(f"/api/v1/cases/{protected.case_id}/")
    data = response.json()
    assert data["person"]["address"] is None and data["person"]["address_protected"] is True
    assert [g["address"] for g in data["guardians"]] == [None]
    assert leaked(response.content.decode()) == []


def test_my_cases_and_my_deadlines_show_no_address(protected, caseworker):
    body = page(caseworker, reverse("cases-my-cases"))
    assert protected.case.reference in body
    assert leaked(body) == []
    deadlines = api(caseworker).get("/api/v1/me/deadlines/").content.decode()
    assert str(protected.case_id) in deadlines
    assert leaked(deadlines) == []


def test_the_managers_queue_shows_no_address(protected, manager, caseworker):
    from skyddsnat.cases.models import Case

    Case.objects.filter(pk=protected.case_id).update(assigned_to=None)
    body = page(manager, reverse("cases-queue"))
    assert protected.case.reference in body
    assert leaked(body) == []


def test_the_follow_up_microdata_holds_no_name_number_or_address(protected, caseworker, analyst):
    case = protected.case
    today = timezone.localdate()
    pre_assessment_decide(
        user=caseworker, case=case, decided_on=today, decision="open_investigation", reason="Oro."
    )
    case.refresh_from_db()
    decision = case_decide(
        user=caseworker,
        case=case,
        decided_on=today,
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="contact-person"),
        reason="Stöd.",
    )
    intervention_start(user=caseworker, decision=decision, started_on=today)
    number = Person.objects.get(pk=protected.child_id).personal_identity_number
    # The national register holds placements and LVU; every ongoing intervention is in "ongoing".
    for name in ("ongoing",):
        query = ""
        for fmt in ("csv", "xlsx"):
            client = Client()
            client.force_login(analyst)
            response = client.get(
                reverse("followup-export", kwargs={"name": name, "fmt": fmt}) + query
            )
            assert response.status_code == 200
            raw = (
                b"".join(response.streaming_content)
                if getattr(response, "streaming", False)
                else response.content
            )
            if fmt == "csv":
                body = raw.decode("utf-8-sig")
                # Positive control: the child's row is there (pseudonymised).
                assert len(body.splitlines()) >= 2
                assert leaked(body) == []
                assert CHILD_LAST not in body and number not in body
                assert identity.display(number) not in body


def test_the_auditors_pages_show_the_number_never_the_address_or_name(protected, auditor):
    number = Person.objects.get(pk=protected.child_id).personal_identity_number
    for name in ("audit-log", "audit-export"):
        body = page(auditor, reverse(name) + f"?person={number}")
        # Positive control: the entries about the child are listed by number.
        assert identity.display(number) in body
        assert leaked(body) == []
        assert CHILD_LAST not in body
    review = page(auditor, reverse("audit-review"))
    assert leaked(review) == []
    assert CHILD_LAST not in review
