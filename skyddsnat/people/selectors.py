"""Person search, scoped to the user: a person is found only through a case the user may see."""

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat

from skyddsnat.audit.services import audit_log_many
from skyddsnat.cases.permissions import visible_persons
from skyddsnat.lib import identity
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Person

MAX_RESULTS = 50


def _name_matches(qs: QuerySet[Person], query: str) -> QuerySet[Person]:
    """Every word must occur in the name; on PostgreSQL a close misspelling matches too
    (trigram word similarity), best match first."""
    qs = qs.annotate(full_name_text=Concat("first_name", Value(" "), "last_name"))
    every_word = Q()
    for word in query.split():
        every_word &= Q(full_name_text__icontains=word)
    if connections[qs.db].vendor != "postgresql":
        return qs.filter(every_word).order_by("last_name", "first_name")
    return (
        qs.annotate(rank=TrigramWordSimilarity(query, "full_name_text"))
        .filter(every_word | Q(rank__gte=0.5))
        .order_by("-rank", "last_name", "first_name")
    )


def person_search(*, user: User, query: str) -> list[Person]:
    """Find persons by identity number (exact) or by name (every word, best match first).

    Only persons the user meets through a visible case are searched; the hits are audited, one
    entry per person shown.
    """
    query = (query or "").strip()
    if len(query) < 2:
        return []
    qs = visible_persons(user)
    try:
        number = identity.normalise(query)
    except identity.InvalidIdentityNumber:
        qs = _name_matches(qs, query)
    else:
        qs = qs.filter(personal_identity_number=number)
    persons = list(qs[:MAX_RESULTS])
    audit_log_many(
        user=user, action="people.person.search", rows=[(p.pk, None) for p in persons], query=query
    )
    return persons
