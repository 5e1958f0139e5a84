"""The national statistics files: individual rows, pseudonymised, for analysts; each person in a
file is audited."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from skyddsnat.audit.services import audit_log_many, audit_log_query
from skyddsnat.cases.models import Intervention, LegalBasis
from skyddsnat.cases.policy import may_export_microdata, require
from skyddsnat.followup.equality import Grouping
from skyddsnat.organisation.models import User


def pseudonym(identity_number: str) -> str:
    """A stable pseudonym: the same child gets the same code in every file, and the identity
    number cannot be read back without the installation's pseudonym key (its own setting, so that
    rotating SECRET_KEY leaves every code as it was)."""
    key = settings.SKYDDSNAT_PSEUDONYM_KEY.encode()
    return hmac.new(key, f"register:{identity_number}".encode(), hashlib.sha256).hexdigest()[:16]


def _sex(identity_number: str) -> str:
    return "M" if int(identity_number[10]) % 2 else "K"


def _intervention_rows(
    qs: QuerySet[Intervention], user: User, action: str
) -> list[dict[str, object]]:
    """One row per intervention; each person in the file is audited once, with the case of
    their first intervention in the file, by one INSERT … SELECT over the same query."""
    grouping = Grouping.load()
    names = {pk: grouping.names[slug] for pk, slug in grouping.district_group.items()}
    # The act as the register writes it (SoL, LVU, LSS), whatever the UI language.
    acts = {"sol": "SoL", "lvu": "LVU", "lss": "LSS"}
    pseudonyms: dict[str, str] = {}
    rows: list[dict[str, object]] = []
    ordered = qs.order_by("case__person_id", "started_on", "pk")
    for (
        number,
        born,
        municipality,
        district_id,
        code,
        name,
        placement,
        legal_basis,
        started_on,
        ended_on,
    ) in ordered.values_list(
        "case__person__personal_identity_number",
        "case__person__date_of_birth",
        "case__unit__municipality__code",
        "case__district_id",
        "intervention_type__code",
        "intervention_type__name",
        "intervention_type__is_placement",
        "intervention_type__legal_basis",
        "started_on",
        "ended_on",
    ):
        code_of_child = pseudonyms.get(number)
        if code_of_child is None:
            code_of_child = pseudonyms[number] = pseudonym(number)
        rows.append(
            {
                "pseudonym": code_of_child,
                "birth_year": born.year,
                "sex": _sex(number),
                "municipality_code": municipality,
                "district": names[district_id] if district_id else "",
                "intervention_code": code,
                "intervention": name,
                "placement": placement,
                "legal_basis": acts.get(legal_basis, legal_basis),
                "started_on": started_on.isoformat(),
                "ended_on": ended_on.isoformat() if ended_on else "",
            }
        )
    if connection.vendor == "postgresql":
        people = ordered.distinct("case__person_id").values_list("case__person_id", "case_id")
        audit_log_query(user=user, action=action, rows=people)
    else:  # no DISTINCT ON: pick each person's first case here
        first: dict[int, int] = {}
        for person_id, case_id in ordered.values_list("case__person_id", "case_id"):
            first.setdefault(person_id, case_id)
        audit_log_many(user=user, action=action, rows=list(first.items()))
    return rows


def child_youth_register(*, user: User, year: int) -> list[dict[str, object]]:
    """Placements of children and youth, and every intervention under LVU, in force at some time
    during the year, each with the act it was given under."""
    require(may_export_microdata(user))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    qs = (
        Intervention.objects.filter(case__kind="children", started_on__lte=end)
        .filter(
            Q(intervention_type__is_placement=True)
            | Q(intervention_type__legal_basis=LegalBasis.LVU)
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    )
    return _intervention_rows(qs, user, "followup.export.register")


def ongoing_interventions(*, user: User, on: dt.date | None = None) -> list[dict[str, object]]:
    """Every intervention for children and youth in force on the day (default today)."""
    require(may_export_microdata(user))
    on = on or timezone.localdate()
    qs = Intervention.objects.filter(case__kind="children", started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    return _intervention_rows(qs, user, "followup.export.ongoing")
