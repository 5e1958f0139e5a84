"""What the report to IVO asks of a granted decision not implemented in time (LSS 28 f–h §§): the
reason for the delay, its consequences for the person, the offers made and the support given
meanwhile, and whether the decision ended without implementation (closed for other reasons).

One `ImplementationDelay` per decision (a database constraint); every write locks the case,
re-checks the decision's state under the lock, and writes one audit entry with the values set, so
the log is the record's history."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.cases.models import CaseChange, Decision, Outcome
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    deadline_complete,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.lss.models import (
    ClosureReason,
    DecisionTerms,
    DelayOffer,
    DelayOfferAnswer,
    DelayReason,
    ImplementationDelay,
    SupportMeanwhile,
)
from skyddsnat.organisation.models import User

OFFERED_MAX_LENGTH = 200


def _optional_text(field: str, value: str) -> str:
    value = (value or "").strip()
    if value:
        require_text(field, value)
    return value


def _choice(field: str, value: str, choices: type[TextChoices], *, blank: bool = False) -> str:
    if (blank and value == "") or value in choices.values:
        return value
    raise ValidationError({field: _("Choose one of the alternatives.")})


def _locked_pending(user: User, decision: Decision) -> Decision:
    """The decision under its case's lock, refused unless it is a grant still waiting to be
    implemented (a colleague may have implemented it since the page was read)."""
    require_case_access(user, decision.case)
    case_lock(decision.case)
    decision.refresh_from_db()
    if decision.outcome != Outcome.GRANT:
        raise ValidationError({"decision": _("Only a granted decision is implemented.")})
    if decision.interventions.exists():
        raise CaseConflict({"decision": _("The decision has been implemented.")})
    return decision


def implementation_delay_record(
    *,
    user: User,
    decision: Decision,
    reason: str,
    reason_text: str = "",
    consequences: str = "",
    support_kind: str = "",
    support_text: str = "",
    closed_reason: str = "",
    closed_on: dt.date | None = None,
) -> ImplementationDelay:
    """Record (or correct) why the decision waits. With `closed_reason` and `closed_on` the
    decision ends without implementation: it leaves the list of decisions to implement, its
    implementation limit is marked done, and the report shows it as closed. A closed decision is
    not reopened here (a new application is a new decision)."""
    reason = _choice("reason", reason, DelayReason)
    support_kind = _choice("support_kind", support_kind, SupportMeanwhile, blank=True)
    closed_reason = _choice("closed_reason", closed_reason, ClosureReason, blank=True)
    reason_text = _optional_text("reason_text", reason_text)
    consequences = _optional_text("consequences", consequences)
    support_text = _optional_text("support_text", support_text)
    if reason == DelayReason.OTHER and not reason_text:
        raise ValidationError({"reason_text": _("Describe the other reason.")})
    if bool(closed_reason) != (closed_on is not None):
        raise ValidationError(
            {"closed_on": _("Give both why and when the decision ended without implementation.")}
        )
    if closed_on is not None:
        validate_not_future("closed_on", closed_on)
        if closed_on < decision.decided_on:
            raise ValidationError({"closed_on": _("The decision cannot end before it was taken.")})
    with transaction.atomic():
        decision = _locked_pending(user, decision)
        delay = ImplementationDelay.objects.select_for_update().filter(decision=decision).first()
        if delay is not None and delay.is_closed:
            raise CaseConflict({"closed_on": _("The decision has already ended.")})
        delay = delay or ImplementationDelay(decision=decision)
        delay.reason = reason
        delay.reason_text = reason_text
        delay.consequences = consequences
        delay.support_kind = support_kind
        delay.support_text = support_text
        delay.closed_reason = closed_reason
        delay.closed_on = closed_on
        delay.updated_by = user
        delay.save()
        if closed_on is not None:
            terms = (
                DecisionTerms.objects.filter(decision=decision)
                .select_related("implementation_deadline")
                .first()
            )
            if terms is not None and terms.implementation_deadline is not None:
                deadline_complete(
                    deadline=terms.implementation_deadline,
                    at=timezone.make_aware(dt.datetime.combine(closed_on, dt.time(12, 0))),
                )
        case_change_audited(
            case=decision.case,
            user=user,
            change=CaseChange.IMPLEMENTATION_DELAY,
            action="lss.implementation_delay.record",
            decision=decision.pk,
            reason=reason,
            support_kind=support_kind,
            closed_reason=closed_reason,
            closed_on=closed_on.isoformat() if closed_on else None,
        )
    return delay


def implementation_delay_offer(
    *,
    user: User,
    decision: Decision,
    offered_on: dt.date,
    offered: str,
    answer: str = DelayOfferAnswer.PENDING,
    answered_on: dt.date | None = None,
) -> DelayOffer:
    """An offer made while the decision waits. The delay's reason must be recorded first (the
    offer belongs to it)."""
    validate_not_future("offered_on", offered_on)
    offered = require_text("offered", offered, one_line=True)
    if len(offered) > OFFERED_MAX_LENGTH:
        raise ValidationError({"offered": _("At most 200 characters.")})
    answer = _choice("answer", answer, DelayOfferAnswer)
    if offered_on < decision.decided_on:
        raise ValidationError({"offered_on": _("The offer cannot precede the decision.")})
    if answer == DelayOfferAnswer.PENDING and answered_on is not None:
        raise ValidationError({"answered_on": _("An offer awaiting answer has no answer date.")})
    if answer != DelayOfferAnswer.PENDING and answered_on is None:
        raise ValidationError({"answered_on": _("Give the date of the answer.")})
    if answered_on is not None:
        validate_not_future("answered_on", answered_on)
        if answered_on < offered_on:
            raise ValidationError({"answered_on": _("The answer cannot precede the offer.")})
    with transaction.atomic():
        decision = _locked_pending(user, decision)
        delay = ImplementationDelay.objects.filter(decision=decision).first()
        if delay is None:
            raise ValidationError({"offered": _("Record the reason for the delay first.")})
        if delay.is_closed:
            raise CaseConflict({"offered": _("The decision has already ended.")})
        offer = DelayOffer.objects.create(
            delay=delay,
            offered_on=offered_on,
            offered=offered,
            answer=answer,
            answered_on=answered_on,
            made_by=user,
        )
        case_change_audited(
            case=decision.case,
            user=user,
            change=CaseChange.IMPLEMENTATION_DELAY,
            action="lss.implementation_delay.offer",
            decision=decision.pk,
            offer=offer.pk,
            offered_on=offered_on.isoformat(),
            answer=answer,
        )
    return offer


def decision_closed_without_implementation(decision: Decision) -> bool:
    delay = getattr(decision, "implementation_delay", None)
    return delay is not None and delay.is_closed
