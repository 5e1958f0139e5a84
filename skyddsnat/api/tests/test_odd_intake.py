"""Intake refuses what cannot be true and files one child under one number (issue 7, point 2):
identity numbers typed with other digits are the same person, dates outside a sane window, a
child born after the report and names without letters or with hidden characters are refused,
on the page (form errors), in the API (problem+json naming the field) and in the service."""

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.api.tests.conftest import REPORTS, report_body
from skyddsnat.cases.models import Case, DeadlineRule
from skyddsnat.cases.persons import person_search
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.lib import identity
from skyddsnat.people.models import Person

pytestmark = pytest.mark.django_db


def _full_width(number: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) for char in number)


def _arabic_indic(number: str) -> str:
    return "".join(chr(0x660 + int(char)) for char in number)


def test_a_report_typed_in_full_width_digits_joins_the_childs_open_investigation(
    caseworker, make_report
):
    number = new_identity_number()
    first = make_report(caseworker, personal_identity_number=number)
    pre_assessment_decide(
        user=caseworker,
        case=first.case,
        decided_on=timezone.localdate(),
        decision="open_investigation",
        reason="Oron kräver utredning.",
    )
    second = make_report(caseworker, personal_identity_number=_full_width(number))
    third = make_report(caseworker, personal_identity_number=_arabic_indic(number))
    assert second.child_id == third.child_id == first.child_id
    assert second.case_id == third.case_id == first.case_id
    assert Person.objects.filter(pk=first.child_id).get().personal_identity_number == number
    assert person_search(user=caseworker, query=number) == [first.child]
    assert person_search(user=caseworker, query=_full_width(number)) == [first.child]


def test_the_database_refuses_a_number_that_is_not_twelve_ascii_digits(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            personal_identity_number=_full_width("201405171234")[:12],
            first_name="A",
            last_name="B",
            date_of_birth=dt.date(2014, 5, 17),
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "   "),
        ("first_name", "12345"),
        ("first_name", "\u202eavlA"),
        ("last_name", "Test\u2066sson"),
        ("last_name", "Test\x00sson"),
        ("first_name", "A" * 101),
    ],
)
def test_the_service_refuses_a_new_childs_name_without_letters_or_with_hidden_characters(
    caseworker, make_report, field, value
):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_report(caseworker, **{field: value})
    assert field in caught.value.message_dict
    assert Person.objects.count() == before


@pytest.mark.parametrize(
    "received_at",
    [
        dt.datetime(1, 1, 1, 12, tzinfo=dt.UTC),
        dt.datetime(1899, 12, 31, 12, tzinfo=dt.UTC),
        timezone.now() + dt.timedelta(days=1),
    ],
)
def test_the_service_refuses_a_report_received_outside_the_sane_window(
    caseworker, make_report, received_at
):
    with pytest.raises(ValidationError) as caught:
        make_report(caseworker, received_at=received_at)
    assert "received_at" in caught.value.message_dict


def test_the_service_refuses_a_report_received_before_the_child_was_born(caseworker, make_report):
    born_last_week = timezone.localdate() - dt.timedelta(days=7)
    with pytest.raises(ValidationError) as caught:
        make_report(
            caseworker,
            personal_identity_number=identity.synthetic(random.Random(7), born_last_week),
            received_at=timezone.now() - dt.timedelta(days=30),
        )
    assert "received_at" in caught.value.message_dict
    assert not Case.objects.exists()


# ----- the API: problem+json naming the field ----------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_at": "0001-01-01T12:00:00+00:00"}, "received_at"),
        ({"received_at": "2999-01-01T12:00:00+01:00"}, "received_at"),
        ({"child": {"personal_identity_number": "203001011234"}}, "child.personal_identity_number"),
        ({"description": "Beslut \u202etsuga\u202c"}, "description"),
        ({"reporter_name": "Skolan\x00"}, "reporter_name"),
        ({"description": "x" * 20_001}, "description"),
    ],
)
def test_the_api_refuses_odd_report_fields_naming_the_field(api, overrides, field):
    body = report_body()
    child = overrides.pop("child", None)
    if child:
        body["child"].update(child)
    body.update(overrides)
    response = api.post(REPORTS, body, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("first_name", "   1 "), ("first_name", "A\u202eB"), ("last_name", "Lind\u200f")],
)
def test_the_api_refuses_odd_child_names(api, name, value):
    body = report_body()
    body["child"][name] = value
    response = api.post(REPORTS, body, format="json")
    assert response.status_code == 400, response.content
    assert f"child.{name}" in response.json()["errors"]


def test_the_api_refuses_a_child_born_after_the_report(api):
    born = timezone.localdate() - dt.timedelta(days=3)
    body = report_body(received_at=(timezone.now() - dt.timedelta(days=10)).isoformat())
    body["child"]["personal_identity_number"] = identity.synthetic(random.Random(8), born)
    response = api.post(REPORTS, body, format="json")
    assert response.status_code == 400
    assert "received_at" in response.json()["errors"]


def test_the_api_files_a_full_width_number_under_the_ascii_one(api):
    number = new_identity_number()
    body = report_body()
    body["child"]["personal_identity_number"] = _full_width(number)
    response = api.post(REPORTS, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["child"]["personal_identity_number"] == number
    assert Person.objects.filter(personal_identity_number=number).count() == 1


# ----- the page: form errors --------------------------------------------------------------------


def _page_data(**overrides) -> dict:
    from skyddsnat.organisation.models import District

    now = timezone.localtime() - dt.timedelta(hours=1)
    data = {
        "personal_identity_number": new_identity_number(),
        "first_name": "Vera",
        "last_name": "Lind",
        "district": District.objects.get(slug="jarva").pk,
        "received_date": now.date().isoformat(),
        "received_time": now.strftime("%H:%M"),
        "reporter_type": "professional",
        "reporter_name": "Rinkebyskolan",
        "description": "Eleven har varit frånvarande i tre veckor.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("received_date", "0001-01-01"),
        ("received_date", "2999-12-31"),
        ("first_name", "\u202eareV"),
        ("last_name", "..."),
        ("description", "Text\u2067gömd\u2069"),
    ],
)
def test_the_page_shows_a_form_error_for_odd_input(client, caseworker, field, value):
    client.force_login(caseworker)
    response = client.post(reverse("children-report-create"), _page_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_page_files_an_arabic_indic_number_under_the_ascii_one(client, caseworker):
    client.force_login(caseworker)
    number = new_identity_number()
    response = client.post(
        reverse("children-report-create"),
        _page_data(personal_identity_number=_arabic_indic(number)),
    )
    assert response.status_code == 302
    assert Person.objects.get().personal_identity_number == number
    assert identity.normalise(_arabic_indic(number)) == number


# ----- extensions: at most the rule's longest ---------------------------------------------------


def _investigation(api, new_case) -> int:
    case_id = new_case["case_id"]
    api.post(
        f"/api/v1/cases/{case_id}/pre-assessment/",
        {
            "decided_on": timezone.localdate().isoformat(),
            "decision": "open_investigation",
            "reason": "Oron kräver utredning.",
        },
        format="json",
    )
    return case_id


@pytest.mark.parametrize("new_due", ["9999-12-31", "+10000-01-01", "0001-01-01"])
def test_an_absurd_extension_date_is_refused(api_for, manager, api, new_case, new_due):
    case_id = _investigation(api, new_case)
    response = api_for(manager).post(
        f"/api/v1/cases/{case_id}/investigation/extension/",
        {"new_due": new_due, "reason": "Väntar på utlåtande."},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "new_due" in response.json()["errors"]


def test_an_extension_past_the_rules_longest_is_refused_and_one_within_it_is_granted(
    api_for, manager, api, new_case
):
    case_id = _investigation(api, new_case)
    rule = DeadlineRule.objects.get(kind="investigation")
    assert rule.extension_max_amount == 6 and rule.extension_citation
    boss = api_for(manager)
    url = f"/api/v1/cases/{case_id}/investigation/extension/"
    original = Case.objects.get(pk=case_id).deadlines.get(kind="investigation").original_due
    latest = rule.latest_extended_due(original)
    too_late = boss.post(
        url,
        {"new_due": (latest + dt.timedelta(days=1)).isoformat(), "reason": "Skäl."},
        format="json",
    )
    assert too_late.status_code == 400
    assert latest.isoformat() in too_late.json()["errors"]["new_due"][0]
    granted = boss.post(url, {"new_due": latest.isoformat(), "reason": "Skäl."}, format="json")
    assert granted.status_code == 201, granted.content
    # The bound is rule data: a municipality that allows less gets less.
    rule.extension_max_amount = 1
    rule.save()
    assert rule.latest_extended_due(original) < latest
