"""A decision the user's delegation does not cover, sent to the one who may take it (issue 9
point 7): the caseworker asks for an extension of an investigation close to its limit, or sends a
prepared decision on an intervention; the manager finds it in "Beslut att fatta" and decides with
the ordinary service, under their own delegation line. The user is never offered a form that
fails on submit: the case page asks `policy.refers_decision` and `extension_request_offered`."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.cases import policy
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    CaseKind,
    Decision,
    InterventionType,
    Outcome,
    Referral,
    ReferralStatus,
)
from skyddsnat.cases.services.checks import require_case_access, require_text
from skyddsnat.cases.services.deadlines import investigation_extend, open_investigation
from skyddsnat.cases.services.decisions import case_decide
from skyddsnat.cases.services.state import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
)
from skyddsnat.organisation.models import DecisionType, User


def extension_request_window() -> int:
    """How many days before the investigation's limit the caseworker is offered to ask for an
    extension (setting `SKYDDSNAT_EXTENSION_REQUEST_DAYS`)."""
    return int(getattr(settings, "SKYDDSNAT_EXTENSION_REQUEST_DAYS", 30))


def extension_request_offered(*, user: User, case: Case, today: dt.date) -> bool:
    """Whether the case page offers "Begär förlängning": an open investigation whose extendable
    limit is within the window, a user who may not extend it but works the case, someone the
    delegation order names, and no request already waiting."""
    if not policy.works_with_cases(user) or not policy.refers_decision(
        user, DecisionType.EXTEND_INVESTIGATION
    ):
        return False
    investigation = open_investigation(case)
    if investigation is None or investigation.deadline is None:
        return False
    deadline = investigation.deadline
    if not deadline.rule.extendable:
        return False
    if (deadline.due - today).days > extension_request_window():
        return False
    return not case.referrals.filter(
        decision_type=DecisionType.EXTEND_INVESTIGATION, status=ReferralStatus.PENDING
    ).exists()


def _send(
    *,
    user: User,
    case: Case,
    decision_type: DecisionType,
    reason: str,
    field: str,
    intervention_type: InterventionType | None = None,
    proposed_outcome: str = "",
    proposed_due: dt.date | None = None,
) -> Referral:
    """Create the referral on the locked case (the caller holds the transaction)."""
    role = policy.deciding_role(decision_type, intervention_type)
    if role is None:
        raise ValidationError(
            {field: _("The delegation order names nobody who may take this decision.")}
        )
    already = _("This has already been sent and is waiting for a decision.")
    pending = case.referrals.filter(decision_type=decision_type, status=ReferralStatus.PENDING)
    if intervention_type is not None:
        pending = pending.filter(intervention_type=intervention_type)
    if pending.exists():
        raise CaseConflict({field: already})
    referral = Referral(
        case=case,
        decision_type=decision_type,
        intervention_type=intervention_type,
        proposed_outcome=proposed_outcome,
        proposed_due=proposed_due,
        reason=reason,
        sent_to_role=role,
        sent_by=user,
    )
    with conflict_on_unique_violation(already):
        referral.save(force_insert=True)
    case_change_audited(
        case=case,
        user=user,
        change=CaseChange.REFERRAL,
        action="cases.referral.create",
        referral_id=referral.pk,
        decision_type=decision_type,
        intervention_type=intervention_type.code if intervention_type else None,
        sent_to=role,
    )
    return referral


def extension_request(
    *, user: User, case: Case, reason: str, proposed_due: dt.date | None = None
) -> Referral:
    """The caseworker asks for the investigation to be extended, with the special reasons; the
    manager (under the delegation order) decides with `referral_decide`."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    if policy.may_decide(user, DecisionType.EXTEND_INVESTIGATION):
        raise ValidationError({"reason": _("You may extend the investigation yourself.")})
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation(case)
        if investigation is None or investigation.deadline is None:
            raise CaseConflict({"reason": _("The case has no open investigation to extend.")})
        deadline = investigation.deadline
        if not deadline.rule.extendable:
            raise ValidationError({"reason": _("This time limit cannot be extended.")})
        if proposed_due is not None:
            latest = deadline.rule.latest_extended_due(deadline.original_due)
            if proposed_due <= deadline.due:
                raise ValidationError(
                    {"proposed_due": _("The new date must be later than the current one.")}
                )
            if proposed_due > latest:
                raise ValidationError(
                    {
                        "proposed_due": _(
                            "The investigation can be extended to %(date)s at the latest "
                            "(%(basis)s)."
                        )
                        % {
                            "date": latest.isoformat(),
                            "basis": deadline.rule.extension_citation or "-",
                        }
                    }
                )
        return _send(
            user=user,
            case=case,
            decision_type=DecisionType.EXTEND_INVESTIGATION,
            reason=reason,
            field="reason",
            proposed_due=proposed_due,
        )


def case_decision_refer(
    *,
    user: User,
    case: Case,
    intervention_type: InterventionType,
    outcome: str,
    reason: str,
) -> Referral:
    """The caseworker prepares a decision on an intervention their delegation does not cover
    (e.g. a placement) and sends it to the one who may take it."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose grant or refuse.")})
    if case.kind != CaseKind.CHILDREN:
        # LSS sends its requested interventions in its own flow (`lss.services.referrals`).
        raise ValidationError({"outcome": _("Decisions on this case are taken in its own flow.")})
    if intervention_type.case_kind != case.kind:
        raise ValidationError({"intervention_type": _("This intervention does not fit the case.")})
    if policy.may_decide(user, DecisionType.INTERVENTION, intervention_type):
        raise ValidationError({"intervention_type": _("You may take this decision yourself.")})
    with transaction.atomic():
        case = case_lock(case)
        if not case.is_open:
            raise CaseConflict({"intervention_type": _("The case is closed.")})
        if case.decisions.filter(
            decision_type=DecisionType.INTERVENTION, intervention_type=intervention_type
        ).exists():
            raise CaseConflict(
                {"intervention_type": _("This intervention has already been decided on the case.")}
            )
        return _send(
            user=user,
            case=case,
            decision_type=DecisionType.INTERVENTION,
            reason=reason,
            field="intervention_type",
            intervention_type=intervention_type,
            proposed_outcome=outcome,
        )


def referral_decide(
    *,
    user: User,
    referral: Referral,
    outcome: str,
    reason: str,
    new_due: dt.date | None = None,
    decided_on: dt.date | None = None,
) -> Referral:
    """The one who may decide answers a referral from their queue. An extension granted moves the
    investigation's limit (`investigation_extend`); an intervention decided is recorded as the
    case's decision (`case_decide`). Both ask the delegation order themselves. Two deciders at
    once: the first decides, the second is told it was decided (409)."""
    case = referral.case
    require_case_access(user, case)
    if referral.sent_to_role != user.role:
        raise PermissionDenied(_("This was sent to someone else."))
    reason = require_text("reason", reason)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose grant or refuse.")})
    itype = referral.intervention_type
    if not policy.may_decide(user, DecisionType(referral.decision_type), itype):
        raise PermissionDenied(_("Your role has no delegation to take this decision."))
    with transaction.atomic():
        case = case_lock(case)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if not referral.is_pending:
            raise CaseConflict({"outcome": _("This has already been decided.")})
        decision: Decision | None = None
        extension = None
        if referral.decision_type == DecisionType.EXTEND_INVESTIGATION:
            if outcome == Outcome.GRANT:
                due = new_due or referral.proposed_due
                if due is None:
                    raise ValidationError({"new_due": _("Give the new due date.")})
                deadline = investigation_extend(user=user, case=case, new_due=due, reason=reason)
                extension = deadline.extensions.latest("pk")
        else:
            if itype is None:  # pragma: no cover - every other referral names its intervention
                raise ValidationError({"outcome": _("Nothing to decide.")})
            decision = case_decide(
                user=user,
                case=case,
                decided_on=decided_on or timezone.localdate(),
                outcome=outcome,
                intervention_type=itype,
                reason=reason,
            )
        referral.status = (
            ReferralStatus.GRANTED if outcome == Outcome.GRANT else ReferralStatus.REFUSED
        )
        referral.decided_by = user
        referral.decided_at = timezone.now()
        referral.answer = reason
        referral.decision = decision
        referral.extension = extension
        referral.save(
            update_fields=["status", "decided_by", "decided_at", "answer", "decision", "extension"]
        )
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.REFERRAL,
            action="cases.referral.decide",
            referral_id=referral.pk,
            decision_type=referral.decision_type,
            outcome=outcome,
        )
    return referral
