"""Reading the audit log: for the auditor role only, by person (identity number) and by user."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat, ExtractHour, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skyddsnat.audit.models import AuditEntry
from skyddsnat.audit.services import audit_log, audit_log_ids
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case
from skyddsnat.lib import identity
from skyddsnat.organisation.models import Role, User
from skyddsnat.people.models import Person, ProtectionLevel

PAGE_SIZE = 100
# A name that matches more persons than this is too vague to search the log by.
MAX_NAMED_PERSONS = 500


class VagueName(ValueError):
    """The name matches too many persons: the auditor should give more of it."""


def persons_named(name: str) -> list[int]:
    """Ids of every person (not only those of a unit: the auditor reviews the whole log) whose
    name holds every word given."""
    words = name.split()[:6]
    if not words:
        return []
    qs = Person.objects.annotate(full=Concat("first_name", Value(" "), "last_name"))
    for word in words:
        qs = qs.filter(full__icontains=word)
    ids = list(qs.order_by("pk").values_list("pk", flat=True)[: MAX_NAMED_PERSONS + 1])
    if len(ids) > MAX_NAMED_PERSONS:
        raise VagueName(name)
    return ids


def audit_search(
    *,
    user: User,
    personal_identity_number: str = "",
    name: str = "",
    username: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    export: bool = False,
) -> QuerySet[AuditEntry]:
    """Entries newest first, for the caller to page through or export. A person (by identity
    number or name) is found in single entries and in every list, search or export that showed
    them. An unknown person gives no entries; a malformed number is an error
    (InvalidIdentityNumber), so is a name that fits too many persons (VagueName).

    The search itself is logged with its criteria and how many entries it found: reviewing the log
    is also access to personal data.
    """
    policy.require(policy.is_auditor(user))
    qs = AuditEntry.objects.all()
    person_ids: list[int] | None = None
    if personal_identity_number:
        number = identity.normalise(personal_identity_number)  # InvalidIdentityNumber → caller
        person_ids = list(
            Person.objects.filter(personal_identity_number=number).values_list("pk", flat=True)
        )
    if name.strip():
        named = persons_named(name)
        person_ids = named if person_ids is None else sorted(set(person_ids) & set(named))
    if person_ids is not None:
        qs = (
            qs.filter(Q(person_id__in=person_ids) | Q(person_ids__overlaps=person_ids))
            if person_ids
            else qs.none()
        )
    if username:
        qs = qs.filter(username=username.strip())
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    qs = qs.order_by("-at", "-pk")
    # Counted before logging the search itself, so the figure does not include its own entry.
    hits = qs.count()
    audit_log_ids(
        user=user,
        action="audit.log.export" if export else "audit.log.search",
        person_ids=person_ids or [],
        name_searched=name.strip(),
        username_searched=username.strip(),
        since=since,
        until=until,
        hits=hits,
    )
    # The search's own entry is newer than every hit: leave it out of what the caller pages.
    newest = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return qs.filter(pk__lt=newest) if newest else qs


# ----- log review (loggkontroll): entries worth a second look ------------------------------------


class Reason(models.TextChoices):
    REFUSED = "refused", _("Tried to open a record outside the reader's access")
    PROTECTED_PERSON = "protected_person", _("Read a person with protected identity")
    NOT_OWN_CASE = "not_own_case", _("Read a case not assigned to the reader")
    MANY_PERSONS = "many_persons", _("Read many persons in one day")
    OUTSIDE_HOURS = "outside_hours", _("Read outside working hours")


# A record opened (or refused), whichever app wrote it. Lists and searches are left out: what
# they show is the reader's own scope (a caseworker's list of their assigned cases, a manager's
# unit), so flagging them would bury the reads that matter. The auditor's own work is not reviewed
# here either.
READ_ACTION = r"\.(read|refused)$"
REVIEW_DAYS = 7
MAX_ENTRIES = 500


@dataclass(frozen=True)
class FlaggedEntry:
    entry: AuditEntry
    reasons: tuple[Reason, ...]

    @property
    def reason(self) -> Reason:
        """The first reason, in the order of Reason: the most serious."""
        return self.reasons[0]


def review_settings() -> tuple[int, int, int]:
    """(persons a day that is many, first working hour, hour the working day ends)."""
    return (
        int(getattr(settings, "SKYDDSNAT_REVIEW_DAILY_PERSONS", 50)),
        int(getattr(settings, "SKYDDSNAT_REVIEW_WORKDAY_START", 7)),
        int(getattr(settings, "SKYDDSNAT_REVIEW_WORKDAY_END", 19)),
    )


def review_period(since: dt.date | None, until: dt.date | None) -> tuple[dt.date, dt.date]:
    """The dates given, or the last REVIEW_DAYS days up to today."""
    until = until or timezone.localdate()
    return since or until - dt.timedelta(days=REVIEW_DAYS - 1), until


def unusual_access_query(
    *, user: User, since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[AuditEntry]:
    """Reads the log review should look at, newest first, computed in the database in one
    query: refused attempts to open a record, reads of protected persons, of cases (or persons)
    the reader is not assigned to and does not manage, the last read of a day with many distinct
    persons, and reads outside working hours (local time). Each row carries `flag_<reason>`
    (see `flagged`). The review itself is logged."""
    policy.require(policy.is_auditor(user))
    since, until = review_period(since, until)
    daily_persons, day_starts, day_ends = review_settings()
    zone = timezone.get_current_timezone()
    reads = (
        AuditEntry.objects.filter(at__date__gte=since, at__date__lte=until)
        .filter(action__regex=READ_ACTION)
        .exclude(action__startswith="audit.")
    )
    # The last read of each (user, local day) on which the user read many distinct persons.
    busy_days = (
        reads.filter(person_id__isnull=False, user_id__isnull=False)
        .annotate(day=TruncDate("at", tzinfo=zone))
        .values("user_id", "day")
        .annotate(persons=Count("person_id", distinct=True), last=Max("pk"))
        .filter(persons__gte=daily_persons)
        .values("last")
    )
    # A manager reviews their unit's cases by design: `managed_unit` is null for everyone else.
    managed_unit = User.objects.filter(pk=OuterRef("user_id"), role=Role.MANAGER).values("unit_id")
    own = Q(assigned_to_id=OuterRef("user_id")) | Q(unit_id=OuterRef("managed_unit"))
    qs = reads.annotate(
        managed_unit=Subquery(managed_unit[:1]),
        protected=Exists(
            Person.objects.filter(pk=OuterRef("person_id")).exclude(
                protection_level=ProtectionLevel.NONE
            )
        ),
        own_case=Exists(Case.objects.filter(own, pk=OuterRef("case_id"))),
        case_exists=Exists(Case.objects.filter(pk=OuterRef("case_id"))),
        own_person=Exists(Case.objects.filter(own, person_id=OuterRef("person_id"))),
        hour=ExtractHour("at", tzinfo=zone),
        busy=Q(pk__in=Subquery(busy_days)),
    )
    not_own_case = Q(action="cases.case.read", case_exists=True, own_case=False)
    not_own_person = Q(
        action="people.person.read", case_id__isnull=True, own_person=False, person_id__isnull=False
    )
    outside_hours = Q(hour__lt=day_starts) | Q(hour__gte=day_ends)
    flags = {
        Reason.REFUSED: Q(action__endswith=".refused"),
        Reason.PROTECTED_PERSON: Q(protected=True),
        Reason.NOT_OWN_CASE: not_own_case | not_own_person,
        Reason.MANY_PERSONS: Q(busy=True),
        Reason.OUTSIDE_HOURS: outside_hours,
    }
    qs = qs.annotate(
        **{
            f"flag_{reason.value}": ExpressionWrapper(condition, output_field=BooleanField())
            for reason, condition in flags.items()
        }
    )
    any_flag = Q()
    for condition in flags.values():
        any_flag |= condition
    audit_log(
        user=user, action="audit.review.read", since=since.isoformat(), until=until.isoformat()
    )
    newest = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return qs.filter(any_flag, pk__lt=newest).order_by("-at", "-pk")


def flagged(entries: Iterable[AuditEntry]) -> list[FlaggedEntry]:
    """Entries of `unusual_access_query` with their reasons, most serious first."""
    return [
        FlaggedEntry(
            entry=entry,
            reasons=tuple(reason for reason in Reason if getattr(entry, f"flag_{reason.value}")),
        )
        for entry in entries
    ]


def unusual_access(
    *, user: User, since: dt.date | None = None, until: dt.date | None = None
) -> list[FlaggedEntry]:
    """The newest MAX_ENTRIES flagged reads (the API's answer; the page pages through all)."""
    return flagged(unusual_access_query(user=user, since=since, until=until)[:MAX_ENTRIES])
