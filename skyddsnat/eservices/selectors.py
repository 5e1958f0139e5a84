"""What staff read of the e-services: the requests for help sent to their unit."""

from django.db.models import QuerySet
from django.http import Http404

from skyddsnat.audit.services import audit_log_ids
from skyddsnat.cases import policy
from skyddsnat.eservices.models import HelpRequest
from skyddsnat.organisation.models import User

# The most rows a list shows (the newest); the reception handles requests within days.
LIST_LIMIT = 200


def _unit_requests(user: User) -> QuerySet[HelpRequest]:
    """The user's unit's requests for help; none for anyone the policy does not let read them."""
    if not policy.receives_help_requests(user):
        return HelpRequest.objects.none()
    return HelpRequest.objects.filter(unit=user.unit).select_related(
        "submission", "intervention_type", "handled_by"
    )


def help_requests(*, user: User, handled: bool | None = None) -> list[HelpRequest]:
    """The unit's requests for help, newest first: all, or only those (not) yet handled. The list
    shown is logged."""
    rows = _unit_requests(user)
    if handled is not None:
        rows = rows.filter(handled_at__isnull=not handled)
    shown = list(rows.order_by("-submission__received_at", "-pk")[:LIST_LIMIT])
    if shown:
        audit_log_ids(
            user=user,
            action="eservices.help_request.list",
            submissions=[row.submission_id for row in shown],
        )
    return shown


def get_help_request_for_user(user: User, help_request_id: int) -> HelpRequest:
    """One request of the user's unit; 404 for any other, exactly as for one that does not
    exist."""
    row = _unit_requests(user).filter(pk=help_request_id).first()
    if row is None:
        raise Http404
    return row
