"""Writes of letters: a template saved as a new version, a letter sent, the day a decision was
received by the party (delgivning) recorded. Each locks the row it changes and re-checks inside
the lock; each writes its audit entry."""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, Decision
from skyddsnat.cases.services import (
    CaseConflict,
    case_lock,
    conflict_on_unique_violation,
    require_case_access,
    validate_not_future,
)
from skyddsnat.letters import context as letter_contexts
from skyddsnat.letters.engine import render_body, validate_body
from skyddsnat.letters.models import (
    DECISION_KINDS,
    Letter,
    LetterKind,
    LetterTemplate,
    LetterTemplateVersion,
)
from skyddsnat.letters.pdf import letter_pdf
from skyddsnat.lib import validators
from skyddsnat.organisation.models import User


def _stale_template(template: LetterTemplate) -> str:
    return _(
        "Someone else saved this template meanwhile (now version %(version)d). Nothing was "
        "saved; open it again before you go on."
    ) % {"version": template.version}


def template_save(
    *, user: User, template: LetterTemplate, name: str, body: str, based_on: int
) -> LetterTemplateVersion:
    """A new version of the template. `based_on` is the version the editor showed: a save in
    between answers 409 and saves nothing. A template that does not compile, or names a value
    its kind of letter does not have, is refused (400) with the reason."""
    if not policy.may_edit_letter_templates(user):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("This field is required.")})
    try:
        validators.validate_line(name)
    except ValidationError as error:
        raise ValidationError({"name": error.messages}) from None
    body = (body or "").replace("\r\n", "\n")
    if not body.strip():
        raise ValidationError({"body": _("This field is required.")})
    validate_body(body, letter_contexts.sample_context(template.kind))
    with transaction.atomic():
        locked = LetterTemplate.objects.select_for_update().get(pk=template.pk)
        if locked.version != based_on:
            raise CaseConflict({"body": _stale_template(locked)})
        locked.version += 1
        locked.name = name
        locked.save(update_fields=["version", "name"])
        with conflict_on_unique_violation(_stale_template(locked)):
            version = LetterTemplateVersion.objects.create(
                template=locked, number=locked.version, body=body, saved_by=user
            )
        audit_log(
            user=user,
            action="letters.template.update",
            template=locked.kind,
            version=version.number,
        )
    template.refresh_from_db()
    return version


def letter_send(
    *,
    user: User,
    case: Case,
    kind: str,
    recipient: str,
    sent_on: dt.date,
    decision: int | None = None,
) -> Letter:
    """Render the letter of `kind` from its template's current version and keep it as sent: the
    version, the text, the PDF and its SHA-256. The case is locked while the letter is made."""
    require_case_access(user, case)
    if not policy.works_with_case_records(user):
        raise PermissionDenied
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Choose a kind of letter.")})
    if kind not in letter_contexts.kinds_for(case):
        raise ValidationError({"kind": _("This case does not send this kind of letter.")})
    validate_not_future("sent_on", sent_on)
    with transaction.atomic():
        case = case_lock(case)
        chosen: Decision | None = None
        if kind in DECISION_KINDS:
            chosen = (
                case.decisions.select_related("intervention_type")
                .filter(pk=policy.as_id(decision) or 0)
                .first()
            )
            if chosen is None:
                raise ValidationError({"decision": _("Choose the decision the letter is about.")})
            if letter_contexts.decision_kind(chosen) != kind:
                raise ValidationError(
                    {"kind": _("This decision's letter is another kind (SoL, LVU or LSS).")}
                )
            if sent_on < chosen.decided_on:
                raise ValidationError(
                    {"sent_on": _("A letter cannot be sent before the decision.")}
                )
        to = letter_contexts.recipient_by_key(case, kind, recipient)
        template = LetterTemplate.objects.filter(kind=kind).first()
        version = (
            LetterTemplateVersion.objects.filter(template=template, number=template.version).first()
            if template
            else None
        )
        if template is None or version is None:
            raise ValidationError({"kind": _("There is no template for this kind of letter.")})
        context = letter_contexts.letter_context(
            case=case, kind=kind, recipient=to, sent_on=sent_on, decision=chosen
        )
        text = render_body(version.body, context)
        pdf = letter_pdf(
            title=str(template.name),
            sender=case.unit.name,
            sent_on=sent_on.isoformat(),
            address=[to.name, *to.address],
            text=text,
        )
        letter = Letter.objects.create(
            case=case,
            kind=kind,
            template_version=version,
            decision=chosen,
            recipient=to.person,
            recipient_name=to.name,
            text=text,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            sent_on=sent_on,
            sent_by=user,
        )
        audit_log(
            user=user,
            action="letters.letter.create",
            person_id=case.person_id,
            case_id=case.pk,
            others=[to.person.pk] if to.person and to.person.pk != case.person_id else [],
            letter=letter.pk,
            kind=kind,
            template_version=version.number,
        )
    return letter


def letter_served(*, user: User, letter: Letter, served_on: dt.date) -> Letter:
    """Record the day the party received the letter (the appeal time runs from it)."""
    require_case_access(user, letter.case)
    if not policy.works_with_case_records(user):
        raise PermissionDenied
    validate_not_future("served_on", served_on)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if served_on < locked.sent_on:
            raise ValidationError(
                {"served_on": _("The letter cannot be received before it was sent.")}
            )
        if locked.served_on is not None and locked.served_on != served_on:
            raise CaseConflict(
                {
                    "served_on": _("The day of receipt is already recorded (%(day)s).")
                    % {"day": locked.served_on.isoformat()}
                }
            )
        locked.served_on = served_on
        locked.served_recorded_by = user
        locked.save(update_fields=["served_on", "served_recorded_by"])
        audit_log(
            user=user,
            action="letters.letter.served",
            person_id=locked.case.person_id,
            case_id=locked.case_id,
            letter=locked.pk,
            served_on=served_on.isoformat(),
        )
    letter.refresh_from_db()
    return letter


def appeal_deadline(letter: Letter) -> dt.date | None:
    """Three weeks (the rule's) from the day of receipt, for a decision that may be appealed."""
    if letter.served_on is None or letter.decision is None:
        return None
    appeal = letter_contexts.appeal_of(letter.decision)
    if appeal is None:
        return None
    return letter.served_on + dt.timedelta(weeks=appeal["weeks"])
