"""Person search and the person page's reads, scoped to the user: a person is found only through a
case the user may see (`cases.policy.visible_persons`). They belong to the spine, as the person
is shown through the visible cases."""

from collections.abc import Mapping
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.paginator import Page
from django.db import connections
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases.models import Case
from skyddsnat.cases.policy import get_person_for_user, visible_cases, visible_persons
from skyddsnat.lib import identity
from skyddsnat.lib.paging import page_of
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Person

MAX_WORDS = 6


def _name_matches(qs: QuerySet[Person], query: str) -> QuerySet[Person]:
    """Every word must occur in the name; on PostgreSQL a close misspelling of a word matches too
    (trigram word similarity, per word, so that one matching first name does not carry a wrong
    last name), best match first."""
    qs = qs.annotate(full_name_text=Concat("first_name", Value(" "), "last_name"))
    words = query.split()[:MAX_WORDS]
    if connections[qs.db].vendor != "postgresql":
        every_word = Q()
        for word in words:
            every_word &= Q(full_name_text__icontains=word)
        return qs.filter(every_word).order_by("last_name", "first_name", "pk")
    every_word = Q()
    ranks = {}
    for index, word in enumerate(words):
        ranks[f"rank_{index}"] = TrigramWordSimilarity(word, "full_name_text")
        every_word &= Q(full_name_text__icontains=word) | Q(**{f"rank_{index}__gte": 0.5})
    total = sum((F(name) for name in ranks), Value(0.0))
    return (
        qs.annotate(**ranks)
        .filter(every_word)
        .annotate(rank=total)
        .order_by("-rank", "last_name", "first_name", "pk")
    )


def person_search(*, user: User, query: str) -> list[Person]:
    """The first page of `person_search_page`."""
    return list(person_search_page(user=user, query=query).object_list)


def person_search_page(*, user: User, query: str, params: Mapping[str, Any] | None = None) -> Page:
    """Find persons by identity number (exact) or by name (every word, best match first), one
    page (`params["page"]`, 50 rows) at a time.

    Only persons the user meets through a visible case or the unit's early help are searched; the
    hits on the page are audited, one entry per person shown.
    """
    query = (query or "").strip()
    if len(query) < 2:
        return page_of([], {})
    qs = visible_persons(user)
    try:
        number = identity.normalise(query)
    except identity.InvalidIdentityNumber:
        qs = _name_matches(qs, query)
    else:
        qs = qs.filter(personal_identity_number=number).order_by("pk")
    page = page_of(qs, params or {})
    audit_log_many(
        user=user,
        action="people.person.search",
        rows=[(p.pk, None) for p in page.object_list],
        query=query,
    )
    return page


def person_detail(*, user: User, person_id: int) -> tuple[Person, list[Case]]:
    """A person with the cases about them that the user may see; 404 when not visible; audited."""
    person = get_person_for_user(user, person_id)
    cases = list(
        visible_cases(user)
        .filter(person=person)
        .select_related("district", "unit", "assigned_to")
        .order_by("-opened_at")
    )
    audit_log(user=user, action="people.person.read", person_id=person.pk)
    return person, cases
