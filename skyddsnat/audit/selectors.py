"""Reading the audit log: for the auditor role only, by person (identity number) and by user."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skyddsnat.audit.models import AuditEntry
from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import Case
from skyddsnat.lib import identity
from skyddsnat.organisation.models import Role, User
from skyddsnat.people.models import Person, ProtectionLevel

MAX_ENTRIES = 500


def audit_search(
    *,
    user: User,
    personal_identity_number: str = "",
    username: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[AuditEntry]:
    """Entries newest first (at most MAX_ENTRIES). An unknown person gives no entries; a
    malformed number is an error.

    The search itself is logged: reviewing the log is also access to personal data.
    """
    if not user.is_authenticated or user.role != Role.AUDITOR:
        raise PermissionDenied
    qs = AuditEntry.objects.all()
    person_id = None
    if personal_identity_number:
        number = identity.normalise(personal_identity_number)  # InvalidIdentityNumber → caller
        person_id = (
            Person.objects.filter(personal_identity_number=number)
            .values_list("pk", flat=True)
            .first()
        )
        qs = qs.filter(person_id=person_id) if person_id else qs.none()
    if username:
        qs = qs.filter(username=username.strip())
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    # Read before logging the search itself, so the result does not contain its own entry.
    entries = list(qs.order_by("-at", "-pk")[:MAX_ENTRIES])
    audit_log(
        user=user,
        action="audit.log.search",
        person_id=person_id,
        username_searched=username,
    )
    return entries


# ----- log review (loggkontroll): entries worth a second look ------------------------------------


class Reason(models.TextChoices):
    PROTECTED_PERSON = "protected_person", _("Read a person with protected identity")
    NOT_OWN_CASE = "not_own_case", _("Read a case not assigned to the reader")
    MANY_PERSONS = "many_persons", _("Read many persons in one day")
    OUTSIDE_HOURS = "outside_hours", _("Read outside working hours")


# Any read of personal data, whichever app wrote it; the auditor's own work is not reviewed here.
READ_ACTION = r"\.(read|list|search)$"
SINGLE_READS = ("cases.case.read", "people.person.read")
REVIEW_DAYS = 7


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


def unusual_access(
    *, user: User, since: dt.date | None = None, until: dt.date | None = None
) -> list[FlaggedEntry]:
    """Reads the log review should look at, newest first (at most MAX_ENTRIES), computed in the
    database in one query: reads of protected persons, of cases (or persons) the reader is not
    assigned to and does not manage, the last read of a day with many distinct persons, and
    reads outside working hours (local time). The review itself is logged."""
    if not user.is_authenticated or user.role != Role.AUDITOR:
        raise PermissionDenied
    since, until = review_period(since, until)
    daily_persons, day_starts, day_ends = review_settings()
    zone = timezone.get_current_timezone()
    reads = (
        AuditEntry.objects.filter(at__date__gte=since, at__date__lte=until)
        .filter(action__regex=READ_ACTION)
        .exclude(action__startswith="audit.")
        .exclude(person_id__isnull=True, case_id__isnull=True)
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
    entries = list(qs.filter(any_flag).order_by("-at", "-pk")[:MAX_ENTRIES])
    audit_log(
        user=user, action="audit.review.read", since=since.isoformat(), until=until.isoformat()
    )
    return [
        FlaggedEntry(
            entry=entry,
            reasons=tuple(reason for reason in flags if getattr(entry, f"flag_{reason.value}")),
        )
        for entry in entries
    ]
