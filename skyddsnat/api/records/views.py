"""Letters and documents of a case in the API (issue 14 points 1–2): the same selectors and
services as the case page (`skyddsnat.letters`, `skyddsnat.documents`); 404 for a case or record
the caller may not see, problem+json errors. A letter's PDF and a document's file are answered as
attachments with `nosniff`, exactly as the pages answer them."""

from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, write
from skyddsnat.api.records import serializers as s
from skyddsnat.cases import policy
from skyddsnat.documents import selectors as document_selectors
from skyddsnat.documents import services as document_services
from skyddsnat.documents.views import attachment_response
from skyddsnat.letters import context as letter_contexts
from skyddsnat.letters import selectors as letter_selectors
from skyddsnat.letters import services as letter_services
from skyddsnat.letters.models import LetterKind
from skyddsnat.letters.views import pdf_response
from skyddsnat.lib.uploads import ACCEPTED
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff

TAGS = ["records"]


class PDFRenderer(BaseRenderer):
    """Lets a client ask for `application/pdf`; the view answers the bytes itself."""

    media_type = "application/pdf"
    format = "pdf"

    def render(self, data, accepted_media_type=None, renderer_context=None):  # type: ignore[no-untyped-def]
        return data


class AnyFileRenderer(PDFRenderer):
    """A document is answered in the type its content has, whatever the client accepts."""

    media_type = "*/*"
    format = "file"


def _records_user(request: Request) -> User:
    user = staff(request)
    policy.require(policy.works_with_case_records(user))
    return user


class CaseLettersView(APIView):
    @extend_schema(
        summary="List the letters of a case",
        description="Every letter sent, with the template version it was made from, and whom a "
        "letter of each kind may go to (`recipients`). The read is logged.",
        responses={200: s.LetterListSerializer, **problems(401, 404)},
        tags=TAGS,
    )
    def get(self, request: Request, case_id: int) -> Response:
        user = _records_user(request)
        case = policy.get_case_for_user(user, case_id)
        letters = letter_selectors.case_letters(user=user, case=case)
        recipients: dict[str, dict] = {}
        for kind in LetterKind.values:
            for r in letter_contexts.recipients(case, kind):
                recipients.setdefault(r.key, {"key": r.key, "name": r.name, "kinds": []})
                recipients[r.key]["kinds"].append(kind)
        data = {"letters": letters, "recipients": list(recipients.values())}
        return Response(s.LetterListSerializer(data).data)

    @extend_schema(
        summary="Make and send a letter",
        description="Renders the letter of `kind` from the municipality's current template "
        "version and keeps it as sent (the version, the text, the PDF and its SHA-256). A "
        "decision letter names its `decision`; appeal instructions are included only for a "
        "decision that may be appealed. An LSS case sends only `decision_lss` (the LSS 27 § "
        "appeal instructions), every other case any kind but that one; a kind the case does not "
        "send answers 400. No letter shows a protected address.",
        request=s.LetterInputSerializer,
        responses={201: s.LetterSerializer, **problems(400, 401, 403, 404)},
        tags=TAGS,
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = _records_user(request)
        case = policy.get_case_for_user(user, case_id)
        return write(
            request,
            s.LetterInputSerializer,
            lambda data: letter_services.letter_send(user=user, case=case, **data),
            lambda letter: Response(s.LetterSerializer(letter).data, status=201),
        )


class LetterPDFView(APIView):
    renderer_classes = [JSONRenderer, PDFRenderer]

    @extend_schema(
        summary="The PDF of a letter as it was sent",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **problems(401, 404),
        },
        tags=TAGS,
    )
    def get(self, request: Request, letter_id: int) -> HttpResponse:
        user = _records_user(request)
        letter = letter_selectors.get_letter_for_user(user, letter_id)
        return pdf_response(letter_selectors.letter_read(user=user, letter=letter), letter)


class LetterServedView(APIView):
    @extend_schema(
        summary="Record the day the party received a letter",
        description="The appeal time (three weeks) runs from this day. Recording another day "
        "than the one recorded answers 409.",
        request=s.ServedInputSerializer,
        responses={200: s.LetterSerializer, **problems(400, 401, 403, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, letter_id: int) -> Response:
        user = _records_user(request)
        letter = letter_selectors.get_letter_for_user(user, letter_id)
        return write(
            request,
            s.ServedInputSerializer,
            lambda data: letter_services.letter_served(user=user, letter=letter, **data),
            lambda letter: Response(s.LetterSerializer(letter).data),
        )


class CaseDocumentsView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="List the documents of a case",
        responses={200: s.DocumentSerializer(many=True), **problems(401, 404)},
        tags=TAGS,
    )
    def get(self, request: Request, case_id: int) -> Response:
        user = _records_user(request)
        case = policy.get_case_for_user(user, case_id)
        documents = document_selectors.case_documents(user=user, case=case)
        return Response(s.DocumentSerializer(documents, many=True).data)

    @extend_schema(
        summary="Upload a document to a case (multipart)",
        description="The type is read from the content (PDF, PNG, JPEG, TIFF, DOCX, XLSX, ODT) "
        "and must agree with the part's declared Content-Type; anything else, or a file over "
        "the size limit, answers 400 and stores nothing.",
        request={"multipart/form-data": s.DocumentInputSerializer},
        responses={201: s.DocumentSerializer, **problems(400, 401, 403, 404)},
        tags=TAGS,
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = _records_user(request)
        case = policy.get_case_for_user(user, case_id)
        serializer = s.DocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        # Not inside `write`'s transaction: the service runs its own and removes the file when
        # it fails, so a failed upload leaves neither row nor file.
        document = document_services.document_upload(
            user=user,
            case=case,
            upload=upload,
            filename=upload.name,
            declared_type=upload.content_type,
            kind=data["kind"],
            title=data["title"],
            received_on=data["received_on"],
        )
        return Response(s.DocumentSerializer(document).data, status=201)


class DocumentDownloadView(APIView):
    renderer_classes = [JSONRenderer, AnyFileRenderer]

    @extend_schema(
        summary="Download a document (always as an attachment)",
        responses={
            **{(200, mime): OpenApiResponse(OpenApiTypes.BINARY) for mime in ACCEPTED},
            **problems(401, 404),
        },
        tags=TAGS,
    )
    def get(self, request: Request, document_id: int) -> FileResponse:
        user = _records_user(request)
        document = document_selectors.get_document_for_user(user, document_id)
        document_selectors.document_read(user=user, document=document)
        return attachment_response(document)
