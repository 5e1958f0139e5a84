"""The verdicts of the retention rules: the base period and its year-end, each exception, and a
person another file still needs."""

import datetime as dt

import pytest

from conftest import new_identity_number
from skyddsnat.care.models import Placement
from skyddsnat.people.models import Guardianship, Person
from skyddsnat.retention import rules, services
from skyddsnat.retention.models import RecordCategory, RetentionRule, Verdict
from skyddsnat.retention.tests.conftest import age_file

pytestmark = pytest.mark.django_db


def verdict_of(person: Person, as_of: dt.date) -> rules.Verdict | None:
    return next((v for v in rules.verdicts(as_of) if v.person_id == person.pk), None)


def test_a_file_is_due_five_years_after_its_last_entry_and_complete_by_the_next_year_end(
    old_child,
):
    child = old_child(last=dt.date(2020, 3, 10))
    assert verdict_of(child, dt.date(2025, 3, 9)) is None
    verdict = verdict_of(child, dt.date(2025, 3, 10))
    assert verdict is not None and verdict.due
    assert verdict.last_entry == dt.date(2020, 3, 10)
    assert verdict.due_on == dt.date(2025, 3, 10)
    # The duty arose in 2025: the removal is to be completed by the end of 2026.
    assert verdict.complete_by == dt.date(2026, 12, 31)


def test_a_last_entry_on_new_years_eve_is_complete_by_the_end_of_the_following_year(old_child):
    child = old_child(last=dt.date(2019, 12, 31))
    verdict = verdict_of(child, dt.date(2024, 12, 31))
    assert verdict is not None
    assert verdict.complete_by == dt.date(2025, 12, 31)


def test_a_leap_day_entry_is_due_on_the_28th_of_february(old_child):
    child = old_child(last=dt.date(2020, 2, 29))
    assert verdict_of(child, dt.date(2025, 2, 27)) is None
    assert verdict_of(child, dt.date(2025, 2, 28)) is not None


def test_the_latest_entry_of_any_record_in_the_file_counts(old_child, caseworker):
    child = old_child(last=dt.date(2020, 3, 10))
    case = child.cases.get()
    case.journal.create(author=caseworker, text="Samtal med skolan.")
    # The journal entry is written now: nothing is due for five years.
    assert verdict_of(child, dt.date(2026, 1, 1)) is None


def test_the_period_is_rule_data(old_child):
    child = old_child(last=dt.date(2020, 3, 10))
    RetentionRule.objects.filter(kind="remove").update(years=10)
    assert verdict_of(child, dt.date(2026, 1, 1)) is None
    assert verdict_of(child, dt.date(2030, 3, 10)) is not None


@pytest.mark.parametrize("day,kept", [(5, True), (15, True), (25, True), (16, False)])
def test_persons_born_on_the_research_days_are_kept(old_child, day, kept):
    child = old_child(born=dt.date(2011, 6, day))
    verdict = verdict_of(child, dt.date(2026, 1, 1))
    assert verdict is not None
    assert (not verdict.due) is kept
    if kept:
        assert verdict.kept_by.code == "forskning-fodda-5-15-25"
        assert verdict.kept_until is None


@pytest.mark.parametrize(
    "form,kept", [("hvb", True), ("family_home", True), ("sis", True), ("supported_housing", False)]
)
def test_a_childs_placement_keeps_the_file(old_child, caseworker, form, kept):
    child = old_child()
    Placement.objects.create(
        case=child.cases.get(),
        child=child,
        form=form,
        provider="Exempelhemmet",
        basis="sol",
        started_on=dt.date(2019, 1, 1),
        ended_on=dt.date(2019, 6, 1),
        created_by=caseworker,
    )
    age_file(child, dt.date(2020, 3, 10))
    verdict = verdict_of(child, dt.date(2026, 1, 1))
    assert verdict is not None
    assert (not verdict.due) is kept
    if kept:
        assert verdict.kept_by.code == "placering-av-barn"


@pytest.mark.parametrize(
    "category,code",
    [
        (RecordCategory.PATERNITY, "faderskap-foraldraskap"),
        (RecordCategory.ADOPTION, "adoption"),
    ],
)
def test_paternity_and_adoption_records_keep_the_file_for_good(
    old_child, archivist, category, code
):
    child = old_child()
    services.hold_record(
        user=archivist, person=child, category=category, recorded_on=dt.date(2015, 1, 1)
    )
    verdict = verdict_of(child, dt.date(2090, 1, 1))
    assert verdict is not None and not verdict.due
    assert verdict.kept_by.code == code and verdict.kept_until is None


def test_a_custody_agreement_keeps_the_file_until_the_child_turns_18(old_child, archivist):
    parent = old_child(born=dt.date(1985, 2, 3))
    child = Person.objects.create(
        personal_identity_number=new_identity_number(dt.date(2010, 8, 20)),
        first_name="Barn",
        last_name="Avtalsson",
        date_of_birth=dt.date(2010, 8, 20),
        is_synthetic=True,
    )
    services.hold_record(
        user=archivist,
        person=parent,
        category=RecordCategory.CUSTODY_AGREEMENT,
        child=child,
        recorded_on=dt.date(2016, 5, 2),
    )
    verdict = verdict_of(parent, dt.date(2026, 1, 1))
    assert verdict is not None and not verdict.due
    assert verdict.kept_by.code == "avtal-vardnad-boende-umgange"
    assert verdict.kept_until == dt.date(2028, 8, 20)
    assert verdict_of(parent, dt.date(2028, 8, 19)).due is False
    assert verdict_of(parent, dt.date(2028, 8, 20)).due is True


def test_an_inactive_exception_keeps_nothing(old_child):
    child = old_child(born=dt.date(2011, 6, 15))
    RetentionRule.objects.filter(code="forskning-fodda-5-15-25").update(active=False)
    assert verdict_of(child, dt.date(2026, 1, 1)).due


def test_a_guardian_whose_childs_file_stays_is_kept_in_the_proposal(old_child, archivist):
    parent = old_child(born=dt.date(1980, 1, 2))
    child = old_child(born=dt.date(2012, 1, 15))  # research day: kept
    Guardianship.objects.create(child=child, guardian=parent)
    run = services.run_propose(user=archivist, as_of=dt.date(2026, 1, 1))
    items = {i.person_id: i for i in run.items.all()}
    assert items[child.pk].verdict == Verdict.KEEP and items[child.pk].kept_by is not None
    assert items[parent.pk].verdict == Verdict.KEEP
    assert items[parent.pk].kept_reason == "needed_by_other_file"


def test_guardian_and_child_due_together_both_go(old_child, archivist):
    parent = old_child(born=dt.date(1980, 1, 2))
    child = old_child(born=dt.date(2012, 1, 16))
    Guardianship.objects.create(child=child, guardian=parent)
    run = services.run_propose(user=archivist, as_of=dt.date(2026, 1, 1))
    verdicts = dict(run.items.values_list("person_id", "verdict"))
    assert verdicts[parent.pk] == verdicts[child.pk] == Verdict.REMOVE
