"""The staff side of the e-services: the unit's reception sees the requests for help sent to it
(404 for anyone else, as every staff page refuses)."""

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action, unplaced_errors
from skyddsnat.eservices import selectors, services
from skyddsnat.eservices.attachments import ALLOWED
from skyddsnat.eservices.forms import HelpHandledForm
from skyddsnat.eservices.models import Attachment
from skyddsnat.organisation.requests import AuthenticatedRequest


def _list_page(
    request: AuthenticatedRequest,
    failed: tuple[int, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = selectors.help_requests(user=request.user)
    forms: dict[int, Form] = {
        row.pk: HelpHandledForm(prefix=f"h{row.pk}") for row in rows if not row.handled_at
    }
    if failed is not None:
        # A colleague may have handled it meanwhile: then its form is gone, and the reason why
        # nothing was saved goes above the page.
        unplaced_errors(request, {str(failed[0]): failed[1]}, {str(pk) for pk in forms})
        forms[failed[0]] = failed[1]
    return render(
        request,
        "eservices/staff/help_requests.html",
        {
            "open_rows": [(row, forms[row.pk]) for row in rows if not row.handled_at],
            "handled_rows": [row for row in rows if row.handled_at],
        },
        status=status,
    )


@login_required
@require_safe
def help_request_list(request: AuthenticatedRequest) -> HttpResponse:
    """The unit's requests for help: those to handle first, then those handled."""
    policy.require(policy.receives_help_requests(request.user))
    return _list_page(request)


@login_required
@require_POST
def help_request_handle(request: AuthenticatedRequest, help_request_id: int) -> HttpResponse:
    policy.require(policy.receives_help_requests(request.user))
    row = selectors.get_help_request_for_user(request.user, help_request_id)
    return form_action(
        request,
        HelpHandledForm(request.POST, prefix=f"h{row.pk}"),
        lambda data: services.help_request_handle(
            user=request.user, help_request=row, outcome=data["outcome"]
        ),
        success=_("The request for help is marked as handled."),
        redirect_to=reverse("eservices:help-requests"),
        failed=lambda form, status: _list_page(request, failed=(row.pk, form), status=status),
    )


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
