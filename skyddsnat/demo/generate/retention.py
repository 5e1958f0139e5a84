"""Old files for the archivist: a few closed children's cases dated six years back, so a retention
proposal (`/gallring/`) lists files to remove, one kept for research (born on the 15th) and one
kept by a noted adoption investigation. Their dates are moved straight in the tables, as the
entries would stand had they been written then."""

import datetime as dt

from django.apps import apps
from django.utils import timezone

from skyddsnat.cases.models import Case, CaseStatus
from skyddsnat.demo.generate.context import DemoContext
from skyddsnat.people.models import Person
from skyddsnat.retention.models import RecordCategory, RetentionHold
from skyddsnat.retention.rules import ENTRY_SOURCES

OLD_FILES = 6


def _age(person_id: int, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    for label, path, fields in ENTRY_SOURCES:
        model = apps.get_model(label)
        rows = model._base_manager.filter(**{path: person_id})
        for name in fields:
            kind = model._meta.get_field(name).get_internal_type()
            rows.exclude(**{name: None}).update(
                **{name: moment if kind == "DateTimeField" else day}
            )


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("retention")
    closed = list(
        Case.objects.filter(kind="children", status=CaseStatus.CLOSED, person__is_synthetic=True)
        .order_by("pk")
        .values_list("person_id", flat=True)[: OLD_FILES * 3]
    )
    persons = list(dict.fromkeys(closed))[:OLD_FILES]
    end = ctx.options.end_date
    for index, person_id in enumerate(persons):
        last = end - dt.timedelta(days=365 * 6 + rng.randint(0, 300))
        _age(person_id, last)
        born = dt.date(last.year - 10, 3, 15 if index == 0 else 17)
        Person.objects.filter(pk=person_id).update(date_of_birth=born)
    if len(persons) > 1:
        archivist = ctx.users.get("arkivarie")
        if archivist is not None:
            RetentionHold.objects.create(
                person_id=persons[1],
                category=RecordCategory.ADOPTION,
                recorded_on=end - dt.timedelta(days=365 * 7),
                note="Adoptionsutredning (inskannad)",
                recorded_by=archivist,
            )
    ctx.counts["retention_old_files"] = len(persons)
