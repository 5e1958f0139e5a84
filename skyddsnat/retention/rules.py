"""The verdict of the retention rules on every person's file, as of one day (the dry run).

Set-based: a fixed number of queries whatever the number of persons (one per source of entries,
one per exception), so the monthly proposal over a whole city stays a matter of seconds.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Max
from django.utils import timezone

from skyddsnat.people.models import Person
from skyddsnat.retention.models import RecordCategory, RetentionHold, RetentionRule, RuleKind

# Where a file's entries are dated: (model, the path to the person, the date fields). Every write
# of a case raises `Case.changed_at` (cases.services.case_record_change), so the case's own dates
# cover what the flows record on it; the rest are records with dates of their own. A flow with
# records outside cases adds its model here.
ENTRY_SOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("people.Person", "pk", ("created_at",)),
    ("cases.Case", "person", ("opened_at", "closed_at", "changed_at")),
    ("cases.JournalEntry", "case__person", ("written_at",)),
    ("children.Report", "child", ("received_at", "registered_at")),
    ("children.EarlyHelp", "person", ("registered_at", "ended_on")),
    ("care.Placement", "child", ("created_at", "ended_on")),
    ("documents.Document", "case__person", ("uploaded_at",)),
    ("letters.Letter", "case__person", ("created_at", "served_on")),
    ("eservices.Submission", "case__person", ("received_at",)),
    ("programmes.Participant", "person", ("registered_at", "ended_on")),
    ("partners.Consent", "person", ("recorded_at", "withdrawn_at")),
    ("partners.Disclosure", "person", ("recorded_at",)),
    ("outreach.Contact", "person", ("registered_at",)),
    ("welfarecrime.Signal", "person", ("registered_at",)),
)


@dataclass(frozen=True)
class Verdict:
    person_id: int
    last_entry: dt.date
    due_on: dt.date
    complete_by: dt.date
    # The rule that keeps the file (None: nothing keeps it) and until when (None: for good).
    kept_by: RetentionRule | None = None
    kept_until: dt.date | None = None

    @property
    def due(self) -> bool:
        return self.kept_by is None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def last_entries(person_ids: Iterable[int] | None = None) -> dict[int, dt.date]:
    """The day of each person's last entry, over every source (a recorded end in the future
    counts as that day: the file is not closed before it)."""
    wanted = None if person_ids is None else list(person_ids)
    latest: dict[int, dt.date] = {}
    for label, path, fields in ENTRY_SOURCES:
        model = apps.get_model(label)
        rows = model._base_manager.all()
        if wanted is not None:
            rows = rows.filter(**{f"{path}__in": wanted})
        rows = rows.exclude(**{path: None}).values(path)
        for row in rows.annotate(**{f"last_{f}": Max(f) for f in fields}).order_by():
            person_id = row[path]
            for field in fields:
                value = row[f"last_{field}"]
                if value is None:
                    continue
                day = _as_date(value)
                if day > latest.get(person_id, dt.date.min):
                    latest[person_id] = day
    return latest


def _birth_day(person: Person) -> int | None:
    if person.date_of_birth is not None:
        return person.date_of_birth.day
    return None


def verdicts(as_of: dt.date, person_ids: Iterable[int] | None = None) -> list[Verdict]:
    """The verdict on each person whose file is due for removal on `as_of` under the remove
    rule, with the exception (if any) that keeps it. Persons not yet due are not listed."""
    rules = list(RetentionRule.objects.filter(active=True))
    remove = next((r for r in rules if r.kind == RuleKind.REMOVE), None)
    if remove is None or remove.years is None or remove.completion_years is None:
        return []
    due: dict[int, Verdict] = {}
    for person_id, last in last_entries(person_ids).items():
        due_on = add_years(last, remove.years)
        if due_on <= as_of:
            complete_by = dt.date(due_on.year + remove.completion_years, 12, 31)
            due[person_id] = Verdict(person_id, last, due_on, complete_by)
    if not due:
        return []
    keeps = _kept(as_of, rules, list(due))
    return [
        Verdict(v.person_id, v.last_entry, v.due_on, v.complete_by, *keeps[v.person_id])
        if v.person_id in keeps
        else v
        for v in sorted(due.values(), key=lambda v: (v.complete_by, v.person_id))
    ]


def _kept(
    as_of: dt.date, rules: list[RetentionRule], person_ids: list[int]
) -> dict[int, tuple[RetentionRule, dt.date | None]]:
    """The exception that keeps each kept person's file (the first rule in the table's order
    that applies; a rule that keeps for good wins over one with an end)."""
    kept: dict[int, tuple[RetentionRule, dt.date | None]] = {}

    def keep(person_id: int, rule: RetentionRule, until: dt.date | None) -> None:
        held = kept.get(person_id)
        if held is None or (held[1] is not None and (until is None or until > held[1])):
            kept[person_id] = (rule, until)

    persons = {p.pk: p for p in Person.objects.filter(pk__in=person_ids).only("date_of_birth")}
    for rule in rules:
        if rule.kind == RuleKind.KEEP_BIRTH_DAYS:
            days = rule.birth_day_set()
            for person_id, person in persons.items():
                if _birth_day(person) in days:
                    keep(person_id, rule, None)
        elif rule.kind == RuleKind.KEEP and rule.category == RecordCategory.PLACEMENT:
            forms = [f.strip() for f in rule.placement_forms.split(",") if f.strip()]
            placements = apps.get_model("care.Placement")._base_manager.filter(
                child__in=person_ids, form__in=forms
            )
            for person_id in placements.values_list("child_id", flat=True).distinct():
                keep(person_id, rule, None)
        elif rule.kind == RuleKind.KEEP:
            holds = RetentionHold.objects.filter(person__in=person_ids, category=rule.category)
            for person_id in holds.values_list("person_id", flat=True).distinct():
                keep(person_id, rule, None)
        elif rule.kind == RuleKind.KEEP_UNTIL_AGE and rule.age is not None:
            holds = RetentionHold.objects.filter(
                person__in=person_ids, category=rule.category
            ).select_related("child")
            for hold in holds:
                born = hold.child.date_of_birth if hold.child is not None else None
                # Without the child's date of birth the end cannot be known: kept.
                until = add_years(born, rule.age) if born is not None else None
                if until is None or until > as_of:
                    keep(hold.person_id, rule, until)
    return kept
