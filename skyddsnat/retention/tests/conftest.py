import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.people.models import Person
from skyddsnat.retention.rules import ENTRY_SOURCES


def age_file(person: Person, when: dt.date) -> None:
    """Date every entry of the person's file on `when` (noon), as if nothing was written since."""
    moment = timezone.make_aware(dt.datetime.combine(when, dt.time(12)))
    for label, path, fields in ENTRY_SOURCES:
        model = apps.get_model(label)
        rows = model._base_manager.filter(**{path: person.pk})
        values = {}
        for name in fields:
            field = model._meta.get_field(name)
            if field.null and name in {"closed_at", "ended_on"}:
                if not rows.exclude(**{name: None}).exists():
                    continue
            values[name] = moment if field.get_internal_type() == "DateTimeField" else when
        rows.update(**values)


@pytest.fixture
def old_child(make_report, caseworker):
    """A child with a report case whose last entry was 10 March 2020, born on the 17th."""

    def _make(last: dt.date = dt.date(2020, 3, 10), born: dt.date = dt.date(2012, 4, 17)):
        report = make_report(caseworker, personal_identity_number=new_identity_number(born))
        child = report.child
        Person.objects.filter(pk=child.pk).update(date_of_birth=born)
        child.refresh_from_db()
        age_file(child, last)
        return child

    return _make
