"""The public e-services' writes: one per form, used by the public pages and the public API
alike. Each stores its `Submission` (the receipt) and the flow's own record through the flow's
service, in one transaction: a failure stores nothing. The same idempotency key (the API's
`Idempotency-Key`, the form's hidden key) answers the first submission's receipt and stores
nothing new, also when the two arrive at the same moment (the key's unique constraint makes the
second wait for the first, then find it).

After the transaction commits, a receipt e-mail is queued for a sender who gave an address
(`eservices.receipts`, the job `eservices.send_receipt`).
"""

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import CaseKind, InterventionType
from skyddsnat.cases.services import CaseConflict, is_unique_violation, require_text
from skyddsnat.children.models import ReporterType
from skyddsnat.children.services import eservice_receiving_unit, report_receive
from skyddsnat.eservices import receipts
from skyddsnat.eservices.attachments import checked_content
from skyddsnat.eservices.identity import Citizen
from skyddsnat.eservices.models import (
    Attachment,
    HelpAbout,
    HelpOutcome,
    HelpRequest,
    PostalArea,
    Submission,
    SubmissionKind,
)
from skyddsnat.lib import validators
from skyddsnat.lss.models import ApplicantRole
from skyddsnat.lss.services import application_receive
from skyddsnat.organisation.models import District, User

# Text limits (characters): a description, a one-line field. Longer is refused with a message.
MAX_DESCRIPTION = 10_000
MAX_LINE = 200
# Five digits, perhaps with a space after the third (123 45): a Swedish postal code.
POSTAL_CODE = re.compile(r"(?<!\d)(\d{3}) ?(\d{2})(?!\d)")
# A reference the sender can read out on the phone: no 0/O or 1/I.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"E-{body[:4]}-{body[4:]}"


def _synthetic() -> bool:
    """Persons registered through the e-service are synthetic in the demo and the tests."""
    return bool(settings.SKYDDSNAT_ESERVICE_SYNTHETIC)


def _line(field: str, value: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError({field: _("This field is required.")})
        return ""
    if len(value) > MAX_LINE:
        raise ValidationError(
            {field: _("Write at most %(limit)d characters.") % {"limit": MAX_LINE}}
        )
    return require_text(field, value, one_line=True)


def _text(field: str, value: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if len(value) > MAX_DESCRIPTION:
        raise ValidationError(
            {field: _("Write at most %(limit)d characters.") % {"limit": MAX_DESCRIPTION}}
        )
    if not value and not required:
        return ""
    return require_text(field, value)


def _email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validators.validate_line(value)
        validate_email(value)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    return value


def district_for(*, address: str, district: District | None) -> District:
    """The district a report lands in: by the postal code in the child's address where it is a
    known one (`PostalArea`), else the district the sender chose."""
    match = POSTAL_CODE.search(address or "")
    if match:
        area = PostalArea.objects.filter(postal_code=match.group(1) + match.group(2)).first()
        if area is not None:
            return area.district.current()
    if district is None:
        raise ValidationError(
            {"district": _("Choose the district the child lives in, or give the postal code.")}
        )
    return district.current()


@dataclass(frozen=True)
class Receipt:
    submission: Submission
    created: bool


def _once(
    *,
    kind: str,
    idempotency_key: uuid.UUID | None,
    email: str,
    citizen: Citizen | None,
    perform: Callable[[Submission], None],
) -> Receipt:
    """Store the submission and its flow record once per idempotency key (see the module)."""
    if idempotency_key is not None:
        existing = Submission.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replayed(existing, kind)
    try:
        with transaction.atomic():
            submission = Submission(
                reference=new_reference(),
                kind=kind,
                received_at=timezone.now(),
                idempotency_key=idempotency_key,
                citizen_subject=citizen.subject if citizen else "",
                receipt_email=email,
            )
            # A second request with the same key waits here until the first commits.
            submission.save(force_insert=True)
            perform(submission)
            submission.save(update_fields=["case", "district"])
            audit_log(
                user=None,
                action=f"eservices.{kind}.create",
                person_id=submission.case.person_id if submission.case else None,
                case_id=submission.case_id,
                submission_id=submission.pk,
            )
            if email:
                transaction.on_commit(lambda: _queue_receipt(submission.pk))
    except IntegrityError as exc:
        if idempotency_key is None or not is_unique_violation(exc):
            raise
        existing = Submission.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _replayed(existing, kind)
    return Receipt(submission=submission, created=True)


def _replayed(existing: Submission, kind: str) -> Receipt:
    if existing.kind != kind:
        raise ValidationError(
            {"idempotency_key": _("The key was already used for another kind of submission.")}
        )
    return Receipt(submission=existing, created=False)


def _queue_receipt(submission_id: int) -> None:
    receipts.queue_receipt(submission_id)


def lss_types_by_code(codes: list[str]) -> list[InterventionType]:
    """The LSS interventions named by their codes (the API's `interventions`)."""
    return list(
        InterventionType.objects.filter(
            code__in=codes, case_kind=CaseKind.LSS, lss_rule__isnull=False
        )
    )


def concern_submit(
    *,
    reporter_kind: str,
    description: str,
    reporter_name: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
    personal_identity_number: str = "",
    first_name: str = "",
    last_name: str = "",
    address: str = "",
    district: District | None = None,
    idempotency_key: uuid.UUID | None = None,
    attachment: UploadedFile | None = None,
) -> Receipt:
    """A concern report about a child. A professional names their organisation (and gets the
    feedback SoL gives a reporting professional); a private person may stay anonymous."""
    if reporter_kind not in ReporterType.values:
        raise ValidationError({"reporter_kind": _("Choose who you are.")})
    description = _text("description", description)
    organisation = _line("organisation", organisation)
    reporter_name = _line("reporter_name", reporter_name)
    phone = _line("phone", phone)
    address = _line("address", address)
    first_name = _line("first_name", first_name)
    last_name = _line("last_name", last_name)
    email = _email(email)
    if reporter_kind == ReporterType.PROFESSIONAL:
        if not organisation:
            raise ValidationError({"organisation": _("Name the organisation you report from.")})
        if not reporter_name:
            raise ValidationError({"reporter_name": _("Give your name.")})
    if reporter_kind == ReporterType.ANONYMOUS:
        reporter_name = organisation = phone = email = ""
    if not (personal_identity_number.strip() or first_name or last_name):
        raise ValidationError(
            {"first_name": _("Give the child's name or personal identity number.")}
        )
    target = district_for(address=address, district=district)
    attached = checked_content(attachment) if attachment is not None else None
    contact = ", ".join(part for part in (reporter_name, organisation, phone) if part)[:MAX_LINE]
    text = description
    if address:
        text = _("The child's address: %(address)s") % {"address": address} + "\n\n" + text

    def perform(submission: Submission) -> None:
        report = report_receive(
            district=target,
            received_at=submission.received_at,
            reporter_type=reporter_kind,
            reporter_name=contact,
            description=text,
            personal_identity_number=personal_identity_number,
            first_name=first_name,
            last_name=last_name,
            is_synthetic=_synthetic(),
        )
        submission.case = report.case
        submission.district = report.district
        if attached is not None:
            content, content_type = attached
            Attachment.objects.create(
                submission=submission,
                content_type=content_type,
                size=len(content),
                content=content,
            )

    return _once(
        kind=SubmissionKind.CONCERN,
        idempotency_key=idempotency_key,
        email=email,
        citizen=None,
        perform=perform,
    )


def help_submit(
    *,
    name: str,
    about: str,
    description: str,
    district: District | None,
    phone: str = "",
    email: str = "",
    intervention_type: InterventionType | None = None,
    idempotency_key: uuid.UUID | None = None,
    citizen: Citizen | None = None,
) -> Receipt:
    """A request for help or advice: it lands with the district's children and youth unit's
    reception, which contacts the sender (by telephone or e-mail: one of them is needed)."""
    name = _line("name", name, required=True)
    if about not in HelpAbout.values:
        raise ValidationError({"about": _("Choose whom the help is for.")})
    description = _text("description", description)
    phone = _line("phone", phone)
    email = _email(email)
    if not phone and not email:
        raise ValidationError({"phone": _("Give a telephone number or an e-mail address.")})
    if intervention_type is not None and not (
        intervention_type.without_needs_assessment
        and intervention_type.case_kind == CaseKind.CHILDREN
    ):
        raise ValidationError({"intervention_type": _("Choose one of the listed interventions.")})
    if district is None:
        raise ValidationError({"district": _("Choose the district you live in.")})
    unit = eservice_receiving_unit(district)

    def perform(submission: Submission) -> None:
        submission.district = district.current()
        HelpRequest.objects.create(
            submission=submission,
            unit=unit,
            about=about,
            intervention_type=intervention_type,
            name=name,
            phone=phone,
            description=description,
        )

    return _once(
        kind=SubmissionKind.HELP,
        idempotency_key=idempotency_key,
        email=email,
        citizen=citizen,
        perform=perform,
    )


def lss_submit(
    *,
    citizen: Citizen,
    applicant_role: str,
    district: District | None,
    intervention_types: list[InterventionType],
    description: str = "",
    personal_identity_number: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> Receipt:
    """An LSS application by a signed-in citizen, for themselves (their verified identity) or
    as guardian for a child (the child's number and names given)."""
    email = _email(email)
    description = _text("description", description, required=False)
    if district is None:
        raise ValidationError({"district": _("Choose the district the person lives in.")})
    if applicant_role == ApplicantRole.PERSON:
        if not citizen.personal_identity_number:
            raise ValidationError(
                {"applicant_role": _("Your sign-in gave no personal identity number.")}
            )
        names = (citizen.name or "").split()
        number = citizen.personal_identity_number
        first = names[0] if names else ""
        last = " ".join(names[1:]) if len(names) > 1 else first
        applicant_name = ""
    elif applicant_role == ApplicantRole.GUARDIAN:
        number = personal_identity_number
        first = _line("first_name", first_name, required=True)
        last = _line("last_name", last_name, required=True)
        applicant_name = citizen.name or citizen.subject
    else:
        raise ValidationError({"applicant_role": _("Choose who applies.")})
    today = timezone.localdate()

    def perform(submission: Submission) -> None:
        application = application_receive(
            district=district,
            received_on=today,
            applicant_role=applicant_role,
            personal_identity_number=number,
            first_name=first,
            last_name=last,
            intervention_types=intervention_types,
            applicant_name=applicant_name[:MAX_LINE],
            description=description,
            is_synthetic=_synthetic(),
        )
        submission.case = application.case
        submission.district = application.case.district

    return _once(
        kind=SubmissionKind.LSS,
        idempotency_key=idempotency_key,
        email=email,
        citizen=citizen,
        perform=perform,
    )


def help_request_handle(*, user: User, help_request: HelpRequest, outcome: str) -> HelpRequest:
    """The reception records that it has contacted the sender of a request for help, and with
    what outcome. Once only: the row is locked and checked again, so two colleagues who handle the
    same request at once get one success and one conflict (409)."""
    if not policy.receives_help_requests(user) or help_request.unit_id != user.unit_id:
        raise PermissionDenied
    if outcome not in HelpOutcome.values:
        raise ValidationError({"outcome": _("Choose what was done.")})
    with transaction.atomic():
        locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        if locked.handled_at is not None:
            raise CaseConflict({"outcome": _("The request has already been handled.")})
        locked.handled_at = timezone.now()
        locked.handled_by = user
        locked.outcome = outcome
        locked.save(update_fields=["handled_at", "handled_by", "outcome"])
        audit_log(
            user=user,
            action="eservices.help_request.handle",
            submission_id=locked.submission_id,
            help_request_id=locked.pk,
            outcome=outcome,
        )
    return locked
