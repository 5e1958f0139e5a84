"""The public API of the e-services (issue 11): no staff sign-in, no staff token, no CSRF (no
session authentication; a JSON body only). The same services as the public forms
(`eservices.services`): the same checks, the same receipt, the same rate limit per client.

- `POST /api/v1/public/concern-reports/`: anyone; anonymous allowed.
- `POST /api/v1/public/lss-applications/`: a signed-in citizen (`eservices.identity`), else 401.

`Idempotency-Key: <uuid>`: the same key again answers the first receipt (200) and stores nothing
new, also when both arrive at once (the key is unique in the database)."""

import uuid

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems
from skyddsnat.api.errors import renamed_fields
from skyddsnat.eservices import limits, services
from skyddsnat.eservices.identity import current_citizen
from skyddsnat.eservices.steps import next_steps
from skyddsnat.lss.models import ApplicantRole
from skyddsnat.organisation.models import District

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A UUID the client chooses per submission. The same key again answers the first "
        "receipt and stores nothing new."
    ),
)


class ReporterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["professional", "private", "anonymous"])
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ChildSerializer(serializers.Serializer):
    personal_identity_number = serializers.CharField(
        required=False, allow_blank=True, max_length=20
    )
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)


def _district_field() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="slug",
        queryset=District.objects.filter(valid_to__isnull=True, successor__isnull=True),
        required=False,
        allow_null=True,
    )


class ConcernReportSerializer(serializers.Serializer):
    reporter = ReporterSerializer()
    child = ChildSerializer()
    district = _district_field()
    description = serializers.CharField(max_length=services.MAX_DESCRIPTION)


class LssApplicationSerializer(serializers.Serializer):
    applicant_role = serializers.ChoiceField(
        choices=[ApplicantRole.PERSON.value, ApplicantRole.GUARDIAN.value]
    )
    child = ChildSerializer(required=False)
    interventions = serializers.ListField(
        child=serializers.CharField(max_length=60), min_length=1, max_length=12
    )
    district = _district_field()
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=services.MAX_DESCRIPTION
    )
    email = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    next_steps = serializers.CharField()
    next_steps_by = serializers.DateField(allow_null=True)


def _key(request: Request) -> uuid.UUID | None:
    value = request.headers.get("Idempotency-Key")
    if value is None:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise exceptions.ValidationError(
            {"Idempotency-Key": [_("Give a UUID, e.g. 9f1c6a52-4d7e-4f0e-9a57-3f3b8c2e1d10.")]}
        ) from None


def _receipt(receipt: services.Receipt) -> Response:
    submission = receipt.submission
    steps = next_steps(submission)
    body = ReceiptSerializer(
        {
            "reference": submission.reference,
            "received_at": submission.received_at,
            "next_steps": steps.text,
            "next_steps_by": steps.by,
        }
    ).data
    return Response(body, status=status.HTTP_201_CREATED if receipt.created else 200)


def _limit(request: Request) -> None:
    if limits.over_limit(request._request):
        raise exceptions.Throttled(
            detail=_("Too many submissions from your connection. Wait an hour and try again.")
        )


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class ConcernReportView(PublicView):
    @extend_schema(
        summary="Report a concern about a child (public, no sign-in)",
        request=ConcernReportSerializer,
        responses={201: ReceiptSerializer, 200: ReceiptSerializer, **problems(429)},
        parameters=[IDEMPOTENCY_PARAMETER],
        tags=["public e-services"],
    )
    def post(self, request: Request) -> Response:
        key = _key(request)
        body = ConcernReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _limit(request)
        data = body.validated_data
        reporter, child = data["reporter"], data["child"]
        names = {
            "reporter_kind": "reporter.kind",
            "reporter_name": "reporter.name",
            "organisation": "reporter.organisation",
            "email": "reporter.email",
            "phone": "reporter.phone",
            "personal_identity_number": "child.personal_identity_number",
            "first_name": "child.first_name",
            "last_name": "child.last_name",
            "address": "child.address",
            "idempotency_key": "Idempotency-Key",
        }
        with renamed_fields(names):
            receipt = services.concern_submit(
                reporter_kind=reporter["kind"],
                reporter_name=reporter.get("name", ""),
                organisation=reporter.get("organisation", ""),
                email=reporter.get("email", ""),
                phone=reporter.get("phone", ""),
                personal_identity_number=child.get("personal_identity_number", ""),
                first_name=child.get("first_name", ""),
                last_name=child.get("last_name", ""),
                address=child.get("address", ""),
                district=data.get("district"),
                description=data["description"],
                idempotency_key=key,
            )
        return _receipt(receipt)


class LssApplicationView(PublicView):
    def get_authenticate_header(self, request: Request) -> str:
        # Without it DRF would turn the 401 of a missing sign-in into 403.
        return 'Bearer realm="e-tjanst"'

    @extend_schema(
        summary="Apply for LSS interventions (a signed-in citizen)",
        request=LssApplicationSerializer,
        # 401 without a citizen's sign-in (session or bearer token), 429 over the rate limit.
        responses={201: ReceiptSerializer, 200: ReceiptSerializer, **problems(401, 429)},
        parameters=[IDEMPOTENCY_PARAMETER],
        tags=["public e-services"],
    )
    def post(self, request: Request) -> Response:
        citizen = current_citizen(request._request)
        if citizen is None:
            raise exceptions.NotAuthenticated(
                _("Sign in with e-identification to apply (/e-tjanst/logga-in/).")
            )
        key = _key(request)
        body = LssApplicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _limit(request)
        data = body.validated_data
        codes = data["interventions"]
        types = {t.code: t for t in services.lss_types_by_code(codes)}
        unknown = [code for code in codes if code not in types]
        if unknown:
            raise exceptions.ValidationError(
                {"interventions": [_("Unknown LSS intervention: %(code)s") % {"code": unknown[0]}]}
            )
        child = data.get("child") or {}
        names = {
            "personal_identity_number": "child.personal_identity_number",
            "first_name": "child.first_name",
            "last_name": "child.last_name",
            "idempotency_key": "Idempotency-Key",
        }
        with renamed_fields(names):
            receipt = services.lss_submit(
                citizen=citizen,
                applicant_role=data["applicant_role"],
                district=data.get("district"),
                intervention_types=[types[code] for code in codes],
                description=data.get("description", ""),
                personal_identity_number=child.get("personal_identity_number", ""),
                first_name=child.get("first_name", ""),
                last_name=child.get("last_name", ""),
                email=data.get("email", ""),
                idempotency_key=key,
            )
        return _receipt(receipt)
