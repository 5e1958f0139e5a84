"""Issue 9 point 3: a report about a child without a personal identity number (a coordination
number, a temporary reserve number, identity unknown, an unborn child) is matched later to the
right person without losing its history; the match is audited and locked."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from conftest import new_identity_number, race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.matching import person_match
from skyddsnat.cases.models import Case, Deadline, JournalEntry
from skyddsnat.cases.services import CaseConflict, journal_add
from skyddsnat.children.models import Report
from skyddsnat.lib import identity
from skyddsnat.people.models import IdentityKind, Person

pytestmark = pytest.mark.django_db


def _provisional(make_report, user, **identity_fields):
    fields = {"identity_kind": "reserve", "reserve_number": "R-2026-117"}
    fields.update(identity_fields)
    return make_report(user, personal_identity_number="", first_name="Okänd", **fields)


def test_a_report_with_a_reserve_number_opens_a_case_about_a_provisional_child(
    caseworker, make_report, client
):
    report = _provisional(make_report, caseworker)
    child = report.child
    assert (child.personal_identity_number, child.identity_kind) == (None, IdentityKind.RESERVE)
    assert child.identity_provisional
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[report.case_id])).content.decode()
    assert "Tillfälligt reservnummer R-2026-117" in page
    assert "Identiteten är inte fastställd" in page
    assert "Koppla barnet till ett personnummer" in page


def test_a_coordination_number_is_a_number_and_says_so(caseworker, make_report):
    nine = "120163238"  # born 2012-01-03: day + 60
    number = "20" + nine + identity.luhn_check_digit(nine)
    report = make_report(caseworker, personal_identity_number=number)
    assert report.child.identity_kind == IdentityKind.COORDINATION
    assert report.child.date_of_birth == dt.date(2012, 1, 3)
    assert report.child.identity_provisional


def test_an_unborn_child_needs_a_plausible_expected_date(caseworker, make_report):
    soon = timezone.localdate() + dt.timedelta(days=60)
    report = _provisional(make_report, caseworker, identity_kind="unborn", expected_birth_date=soon)
    assert report.child.expected_birth_date == soon
    with translation.override("sv"):
        assert report.child.identity_number_display == f"Ofött barn, {soon:%Y-%m-%d}"
    for absurd in [dt.date(2300, 1, 1), dt.date(1901, 1, 1)]:
        with pytest.raises(ValidationError) as error:
            _provisional(
                make_report, caseworker, identity_kind="unborn", expected_birth_date=absurd
            )
        assert "expected_birth_date" in error.value.message_dict


def test_odd_reserve_numbers_are_refused_and_store_nothing(caseworker, make_report):
    before = Person.objects.count()
    for odd in ["", "R\u202e1", "x" * 41, "R\x001"]:
        with pytest.raises(ValidationError) as error:
            _provisional(make_report, caseworker, reserve_number=odd)
        assert "reserve_number" in error.value.message_dict
    assert Person.objects.count() == before


def test_matched_to_a_new_number_the_same_row_is_identified_in_place(caseworker, make_report):
    report = _provisional(make_report, caseworker, identity_kind="unknown", reserve_number="")
    journal_add(user=caseworker, case=report.case, text="Samtal med förskolan.")
    number = new_identity_number()
    matched = person_match(
        user=caseworker,
        case=report.case,
        personal_identity_number=number,
        first_name="Tuva",
        last_name="Lind",
    )
    assert matched.pk == report.child_id
    matched.refresh_from_db()
    assert (matched.personal_identity_number, matched.identity_kind) == (number, "personal")
    assert not matched.identity_provisional
    assert matched.date_of_birth == identity.birth_date(number)
    assert AuditEntry.objects.filter(action="people.person.match", person_id=matched.pk).exists()


def test_matched_to_a_known_person_the_history_moves_to_them(caseworker, make_report, client):
    known_report = make_report(caseworker, first_name="Tuva", last_name="Lind")
    known = known_report.child
    report = _provisional(make_report, caseworker)
    provisional = report.child
    journal_add(user=caseworker, case=report.case, text="Hembesök.")
    deadlines = set(Deadline.objects.filter(case=report.case).values_list("pk", flat=True))
    matched = person_match(
        user=caseworker,
        case=report.case,
        personal_identity_number=known.personal_identity_number,
        first_name="tuva ",
        last_name="LIND",
    )
    assert matched == known
    case = Case.objects.get(pk=report.case_id)
    assert case.person_id == known.pk
    assert Report.objects.get(pk=report.pk).child_id == known.pk
    # Deadlines and journal belong to the case, which moved whole.
    assert set(Deadline.objects.filter(case=case).values_list("pk", flat=True)) == deadlines
    assert JournalEntry.objects.filter(case=case, text="Hembesök.").exists()
    provisional.refresh_from_db()
    assert provisional.merged_into_id == known.pk
    assert not provisional.identity_provisional
    for person_id in (known.pk, provisional.pk):
        assert AuditEntry.objects.filter(
            action__in=["people.person.match", "people.person.merged"], person_id=person_id
        ).exists()
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert identity.display(known.personal_identity_number) in page
    assert "Koppla barnet" not in page


def test_a_known_number_with_another_name_is_refused_and_nothing_moves(
    caseworker, make_report, client
):
    known = make_report(caseworker, first_name="Tuva", last_name="Lind").child
    report = _provisional(make_report, caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("cases-person-match", args=[report.case_id]),
        {
            "personal_identity_number": known.personal_identity_number,
            "first_name": "Någon",
            "last_name": "Annan",
            "version": Case.objects.get(pk=report.case_id).version,
        },
    )
    assert response.status_code == 400
    assert "Namnet stämmer inte" in response.content.decode()
    assert "Tuva" not in response.content.decode()
    assert Case.objects.get(pk=report.case_id).person_id == report.child_id


def test_an_identified_child_is_not_matched_again(caseworker, make_report):
    report = make_report(caseworker)
    with pytest.raises(ValidationError):
        person_match(
            user=caseworker,
            case=report.case,
            personal_identity_number=new_identity_number(),
            first_name="A",
            last_name="B",
        )


def test_another_districts_caseworker_cannot_match(outsider, caseworker, make_report, client):
    report = _provisional(make_report, caseworker)
    client.force_login(outsider)
    response = client.post(
        reverse("cases-person-match", args=[report.case_id]),
        {"personal_identity_number": new_identity_number(), "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 404
    assert Person.objects.get(pk=report.child_id).identity_provisional


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_matches_at_once_give_one_result(caseworker, make_report):
    report = _provisional(make_report, caseworker)
    numbers = [new_identity_number(), new_identity_number()]

    def match(i: int):
        return person_match(
            user=caseworker,
            case=Case.objects.get(pk=report.case_id),
            personal_identity_number=numbers[i],
            first_name="Tuva",
            last_name="Lind",
        )

    results = race(2, match)
    matched = [r for r in results if isinstance(r, Person)]
    refused = [r for r in results if isinstance(r, (CaseConflict, ValidationError))]
    assert (len(matched), len(refused)) == (1, 1), results
    child = Person.objects.get(pk=report.child_id)
    assert child.personal_identity_number == matched[0].personal_identity_number
