"""Consents, disclosures and partner access in the API.

Staff (who may record consents, on a person they see: otherwise 404):
`GET|POST /api/v1/persons/{id}/consents/`, `POST /api/v1/consents/{id}/withdraw/`,
`GET|POST /api/v1/persons/{id}/disclosures/`.
Partners (role partner with an agency): `GET /api/v1/partner/participants/` and
`GET /api/v1/partner/participants/{id}/` (404, the body of a missing id, once nothing is shared).
Every read audited, every write through `api.actions.write` (problem+json naming the field)."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, write
from skyddsnat.api.paging import PAGE_PARAMETER, page_fields, page_params
from skyddsnat.api.partners import serializers as s
from skyddsnat.audit.services import audit_log
from skyddsnat.lib.paging import page_of
from skyddsnat.organisation.requests import staff
from skyddsnat.partners import selectors, services
from skyddsnat.partners.models import Consent

_READ = problems(401, 404)
_WRITE = problems(400, 401, 404)


def _consent_data(consent: Consent) -> dict[str, Any]:
    status = consent.status_on(timezone.localdate())
    return {
        "id": consent.pk,
        "given_by": consent.given_by,
        "guardian_id": consent.guardian_id,
        "agency": consent.agency,
        "scope": consent.scope,
        "valid_from": consent.valid_from,
        "valid_to": consent.valid_to,
        "withdrawn_on": consent.withdrawn_on,
        "status": status.value,
        "active": status == "active",
    }


class PersonConsentsView(APIView):
    @extend_schema(
        summary="A person's consents to share with partner agencies",
        responses={200: s.ConsentListSerializer, **_READ},
        tags=["consents"],
    )
    def get(self, request: Request, person_id: int) -> Response:
        user = staff(request)
        person = selectors.get_person_for_consents(user, person_id)
        consents = list(selectors.person_consents(person))
        audit_log(
            user=user, action="partners.consent.list", person_id=person.pk, shown=len(consents)
        )
        return Response({"results": [_consent_data(c) for c in consents]})

    @extend_schema(
        summary="Record a consent",
        description=(
            "The person's own consent (`given_by: person`) or one guardian's (`given_by: "
            "guardian` with `guardian_id`, one of the person's registered guardians). For a "
            "person under 18, a partner sees what every guardian and the person have consented "
            "to. `active`: whether this consent is in force today."
        ),
        request=s.ConsentInputSerializer,
        responses={201: s.ConsentCreatedSerializer, **_WRITE},
        tags=["consents"],
    )
    def post(self, request: Request, person_id: int) -> Response:
        user = staff(request)
        person = selectors.get_person_for_consents(user, person_id)
        return write(
            request,
            s.ConsentInputSerializer,
            lambda data: services.consent_record(user=user, person=person, **data),
            lambda consent: Response(
                {"id": consent.pk, "active": consent.is_active_on(timezone.localdate())},
                status=201,
            ),
        )


class ConsentWithdrawView(APIView):
    @extend_schema(
        summary="Withdraw a consent",
        description=(
            "Sharing stops on `withdrawn_on` (today or earlier; a date ahead is refused). A "
            "consent already withdrawn answers 409."
        ),
        request=s.WithdrawInputSerializer,
        responses={200: s.ConsentCreatedSerializer, **problems(400, 401, 404, 409)},
        tags=["consents"],
    )
    def post(self, request: Request, consent_id: int) -> Response:
        user = staff(request)
        consent = selectors.get_consent_for_user(user, consent_id)
        return write(
            request,
            s.WithdrawInputSerializer,
            lambda data: services.consent_withdraw(user=user, consent=consent, **data),
            lambda withdrawn: Response(
                {"id": withdrawn.pk, "active": withdrawn.is_active_on(timezone.localdate())}
            ),
        )


class PersonDisclosuresView(APIView):
    @extend_schema(
        summary="A person's disclosures without consent",
        responses={200: s.DisclosureListSerializer, **_READ},
        tags=["consents"],
    )
    def get(self, request: Request, person_id: int) -> Response:
        user = staff(request)
        person = selectors.get_person_for_consents(user, person_id)
        disclosures = list(selectors.person_disclosures(person))
        audit_log(
            user=user,
            action="partners.disclosure.list",
            person_id=person.pk,
            shown=len(disclosures),
        )
        return Response(s.DisclosureListSerializer({"results": disclosures}).data)

    @extend_schema(
        summary="Record a disclosure without consent",
        description="On a legal ground (rule data: its citation, agency and age limit).",
        request=s.DisclosureInputSerializer,
        responses={201: s.DisclosureSerializer, **_WRITE},
        tags=["consents"],
    )
    def post(self, request: Request, person_id: int) -> Response:
        user = staff(request)
        person = selectors.get_person_for_consents(user, person_id)

        def perform(data: dict) -> Any:
            ground = selectors.disclosure_ground_by_code(data.pop("ground"))
            return services.disclosure_record(user=user, person=person, ground=ground, **data)

        return write(
            request,
            s.DisclosureInputSerializer,
            perform,
            lambda disclosure: Response(s.DisclosureSerializer(disclosure).data, status=201),
        )


class PartnerParticipantsView(APIView):
    @extend_schema(
        summary="Participants shared with the partner's agency",
        operation_id="partner_participants_list",
        description=(
            "For partner users: the participants whose active consents share their action plan "
            "or meetings with the caller's agency today; of the person only a first name (none "
            "for protected identity)."
        ),
        parameters=[PAGE_PARAMETER],
        responses={200: s.SharedParticipantPageSerializer, **_READ},
        tags=["partner"],
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        params = page_params(request)
        page = page_of(selectors.partner_participants(user), params)
        shown = selectors.partner_list_audit(user, list(page.object_list))
        return Response(
            s.SharedParticipantPageSerializer({"results": shown, **page_fields(request, page)}).data
        )


class PartnerParticipantView(APIView):
    @extend_schema(
        summary="One participant shared with the partner's agency",
        description="404, exactly like a missing id, once the consent is withdrawn or expired.",
        responses={200: s.SharedParticipantSerializer, **_READ},
        tags=["partner"],
    )
    def get(self, request: Request, participant_id: int) -> Response:
        user = staff(request)
        participant = selectors.get_partner_participant(user, participant_id)
        return Response(s.SharedParticipantSerializer(participant).data)
