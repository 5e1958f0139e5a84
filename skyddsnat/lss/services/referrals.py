"""A decision the officer's delegation does not cover (e.g. housing, LSS 9 § 8–9): the officer
prepares it and sends it to the role that may take it, who finds it under "Beslut att fatta" and
decides with `decision_record` (issue 9 point 7). The officer is never shown a decision form that
fails on submit."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.cases import policy
from skyddsnat.cases.models import CaseChange, Outcome
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    require_case_access,
    require_text,
)
from skyddsnat.lss.models import DecisionReferral, RequestedIntervention, ScopeUnit
from skyddsnat.organisation.models import DecisionType, User


def decision_refer(
    *,
    user: User,
    request: RequestedIntervention,
    outcome: str,
    reason: str,
    scope_amount: Decimal | None = None,
    scope_unit: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> DecisionReferral:
    """Send a prepared decision on one requested intervention to the role that may take it."""
    case = request.application.case
    if not policy.is_lss_staff(user):
        raise PermissionDenied
    require_case_access(user, case)
    itype = request.intervention_type
    if policy.may_decide(user, DecisionType.INTERVENTION, itype):
        raise ValidationError({"outcome": _("You may take this decision yourself.")})
    role = policy.deciding_role(DecisionType.INTERVENTION, itype)
    if role is None:
        raise ValidationError(
            {"outcome": _("The delegation order names nobody who may take this decision.")}
        )
    reason = require_text("reason", reason)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose grant or refuse.")})
    if scope_unit not in ScopeUnit.values:
        raise ValidationError({"scope_unit": _("Choose a unit for the scope.")})
    if scope_amount is not None and scope_amount <= 0:
        raise ValidationError({"scope_amount": _("The scope must be more than zero.")})
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The validity cannot end before it starts.")})
    with transaction.atomic():
        # The case first, as every write of a case; then the request, re-read under the lock.
        case = case_lock(case)
        request = RequestedIntervention.objects.select_for_update().get(pk=request.pk)
        if request.decision_id is not None:
            raise CaseConflict({"outcome": _("This intervention has already been decided.")})
        if DecisionReferral.objects.filter(request=request).exists():
            raise CaseConflict({"outcome": _("The decision has already been sent.")})
        referral = DecisionReferral.objects.create(
            request=request,
            sent_to_role=role,
            proposed_outcome=outcome,
            scope_amount=scope_amount,
            scope_unit=scope_unit if scope_amount is not None else "",
            valid_from=valid_from,
            valid_to=valid_to,
            reason=reason,
            sent_by=user,
        )
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.REFERRAL,
            action="lss.decision.refer",
            intervention_type=itype.code,
            sent_to=role,
        )
    return referral
