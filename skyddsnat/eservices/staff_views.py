"""The staff side of the e-services: the unit's reception sees the requests for help sent to it
(404 for anyone else, as every staff page refuses)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.eservices import selectors
from skyddsnat.eservices.attachments import ALLOWED
from skyddsnat.eservices.models import Attachment
from skyddsnat.organisation.requests import AuthenticatedRequest


@login_required
@require_safe
def help_request_list(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.receives_help_requests(request.user))
    rows = selectors.help_requests(user=request.user)
    return render(request, "eservices/staff/help_requests.html", {"rows": rows})


@login_required
@require_safe
def attachment(request: AuthenticatedRequest, attachment_id: int) -> HttpResponse:
    """An attachment of a concern report, as a download (never shown inline), for staff who may
    see its case; 404 for anyone else, exactly as for an attachment that does not exist."""
    row = (
        Attachment.objects.filter(pk=attachment_id, submission__case__isnull=False)
        .select_related("submission")
        .first()
    )
    if row is None or row.submission.case_id is None:
        raise Http404
    case = policy.get_case_for_user(request.user, row.submission.case_id)
    audit_log(
        user=request.user,
        action="eservices.attachment.read",
        person_id=case.person_id,
        case_id=case.pk,
        attachment_id=row.pk,
    )
    extension = ALLOWED.get(row.content_type, "bin")
    response = HttpResponse(bytes(row.content), content_type=row.content_type)
    response["Content-Disposition"] = f'attachment; filename="bilaga-{row.pk}.{extension}"'
    return response
