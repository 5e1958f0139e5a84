"""Reading the audit log: for the auditor role only, by person (identity number) and by user."""

import datetime as dt

from django.core.exceptions import PermissionDenied

from skyddsnat.audit.models import AuditEntry
from skyddsnat.audit.services import audit_log
from skyddsnat.lib import identity
from skyddsnat.organisation.models import Role, User
from skyddsnat.people.models import Person

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
