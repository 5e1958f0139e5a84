"""What the archivist's pages and the API show of a run: each person by name and date of birth
while the person exists (never an address or a case), and the rule or file that keeps them."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from skyddsnat.people.models import Person
from skyddsnat.retention.models import RetentionItem, RetentionRun, Verdict


def runs() -> QuerySet[RetentionRun]:
    return (
        RetentionRun.objects.annotate(
            to_remove=Count("items", filter=Q(items__verdict=Verdict.REMOVE)),
            to_keep=Count("items", filter=Q(items__verdict=Verdict.KEEP)),
        )
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")
    )


@dataclass(frozen=True)
class ItemRow:
    item: RetentionItem
    # None once the person is removed.
    name: str | None
    born: str | None


def item_rows(items: list[RetentionItem]) -> list[ItemRow]:
    persons = Person.objects.only("first_name", "last_name", "date_of_birth").in_bulk(
        [i.person_id for i in items]
    )
    rows = []
    for item in items:
        person = persons.get(item.person_id)
        rows.append(
            ItemRow(
                item=item,
                name=f"{person.first_name} {person.last_name}".strip() if person else None,
                born=person.date_of_birth.isoformat() if person and person.date_of_birth else None,
            )
        )
    return rows
