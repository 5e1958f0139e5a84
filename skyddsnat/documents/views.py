"""Documents on a case: the upload (an action of the case page) and the download, which is the
only way to a document's file: access-checked (404 for a document the user may not see),
audited, always an attachment (`Content-Disposition: attachment` with an RFC 6266 file name),
`X-Content-Type-Options: nosniff` and a sandboxing CSP, so a browser never renders or runs it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.views.case_page import case_action
from skyddsnat.documents import forms, selectors, services, storage
from skyddsnat.documents.models import Document
from skyddsnat.organisation.requests import AuthenticatedRequest


@login_required
@require_POST
def document_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    policy.require(policy.works_with_case_records(request.user))
    case = policy.get_case_for_user(request.user, case_id)
    form = forms.DocumentForm(request.POST, request.FILES)

    def call(case, data):  # type: ignore[no-untyped-def]
        upload = data["file"]
        return services.document_upload(
            user=request.user,
            case=case,
            upload=upload,
            filename=upload.name,
            declared_type=upload.content_type,
            kind=data["kind"],
            title=data["title"],
            received_on=data["received_on"],
        )

    return case_action(
        request,
        case.pk,
        name="document",
        form=form,
        case=case,
        stale_check=False,
        call=call,
        field_map={"file": "file"},
        success=_("The document was saved."),
    )


def attachment_response(document: Document) -> FileResponse:
    response = FileResponse(
        storage.open_file(document.storage_name),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_safe
def document_download(request: AuthenticatedRequest, document_id: int) -> FileResponse:
    document = selectors.get_document_for_user(request.user, document_id)
    selectors.document_read(user=request.user, document=document)
    return attachment_response(document)
