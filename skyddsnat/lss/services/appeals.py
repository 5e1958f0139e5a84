"""Appeals of LSS decisions: an appeal arrives, the administrative court's outcome is recorded."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.cases.models import (
    CaseChange,
    CaseKind,
    Decision,
)
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    require_case_access,
    validate_not_future,
)
from skyddsnat.lss.models import (
    Appeal,
    CourtOutcome,
)
from skyddsnat.organisation.models import User


def appeal_register(*, user: User, decision: Decision, received_on: dt.date) -> Appeal:
    """An appeal arrived; the committee reviews it and sends it to the administrative court."""
    require_case_access(user, decision.case)
    validate_not_future("received_on", received_on)
    if decision.case.kind != CaseKind.LSS:
        raise ValidationError({"decision": _("Not an LSS decision.")})
    if received_on < decision.decided_on:
        raise ValidationError({"received_on": _("The appeal cannot predate the decision.")})
    with transaction.atomic():
        case = case_lock(decision.case_id)
        appeal = Appeal.objects.create(decision=decision, received_on=received_on, recorded_by=user)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.APPEAL,
            action="lss.appeal.create",
        )
    return appeal


def appeal_outcome_record(
    *, user: User, appeal: Appeal, outcome: str, outcome_on: dt.date
) -> Appeal:
    case = appeal.decision.case
    require_case_access(user, case)
    validate_not_future("outcome_on", outcome_on)
    if outcome not in CourtOutcome.values or outcome == CourtOutcome.PENDING:
        raise ValidationError({"outcome": _("Choose the court's outcome.")})
    if outcome_on < appeal.received_on:
        raise ValidationError({"outcome_on": _("The judgment cannot predate the appeal.")})
    with transaction.atomic():
        case = case_lock(case)
        appeal.refresh_from_db()
        if appeal.outcome != CourtOutcome.PENDING:
            raise CaseConflict({"outcome": _("The court's outcome is already recorded.")})
        appeal.outcome = outcome
        appeal.outcome_on = outcome_on
        appeal.save(update_fields=["outcome", "outcome_on"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.APPEAL,
            action="lss.appeal.outcome",
            outcome=outcome,
        )
    return appeal
