"""What staff read of the e-services: the requests for help sent to their unit."""

from django.db.models import QuerySet

from skyddsnat.audit.services import audit_log_ids
from skyddsnat.cases import policy
from skyddsnat.eservices.models import HelpRequest
from skyddsnat.organisation.models import User


def help_requests(*, user: User) -> list[HelpRequest]:
    """The unit's requests for help, newest first (none for anyone the policy does not let read
    them); the list shown is logged."""
    if not policy.receives_help_requests(user):
        return []
    rows: QuerySet[HelpRequest] = (
        HelpRequest.objects.filter(unit=user.unit)
        .select_related("submission", "intervention_type")
        .order_by("-submission__received_at", "-pk")
    )
    shown = list(rows[:200])
    audit_log_ids(
        user=user,
        action="eservices.help_request.list",
        submissions=[row.submission_id for row in shown],
    )
    return shown
