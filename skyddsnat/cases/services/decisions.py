"""Decisions, assignment and the journal on the spine: a decision on an intervention under the
user's delegation line (every flow decides interventions this way), the children's decision that
closes an investigation, a manager's assignment, and a journal entry."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.cases import policy, registry
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    CaseKind,
    CaseStatus,
    Decision,
    InterventionType,
    JournalEntry,
    LegalBasis,
)
from skyddsnat.cases.policy import visible_cases
from skyddsnat.cases.services.checks import (
    delegation_for,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.cases.services.deadlines import investigation_close, open_investigation
from skyddsnat.cases.services.rows import decision_build, journal_entry_build
from skyddsnat.cases.services.state import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
)
from skyddsnat.organisation.models import DecisionType, User


def intervention_decision_create(
    *,
    case: Case,
    user: User,
    intervention_type: InterventionType,
    decided_on: dt.date,
    outcome: str,
    reason: str,
    already: tuple[str, str],
) -> Decision:
    """The decision on one intervention of a locked case, under the user's delegation line (every
    flow decides interventions this way). A second decision on the same intervention of the case
    answers `already` (field, message) as a conflict, also when a race gets past the check and
    meets the database's constraint."""
    delegation = delegation_for(
        user=user, decision_type=DecisionType.INTERVENTION, intervention_type=intervention_type
    )
    field_name, message = already
    if case.decisions.filter(
        decision_type=DecisionType.INTERVENTION, intervention_type=intervention_type
    ).exists():
        raise CaseConflict({field_name: message})
    decision = decision_build(
        case=case,
        decision_type=DecisionType.INTERVENTION,
        decided_on=decided_on,
        outcome=outcome,
        intervention_type=intervention_type,
        reason=reason,
        decided_by=user,
        delegation=delegation,
    )
    with conflict_on_unique_violation(message):
        decision.save(force_insert=True)
    # What other flows do with a decision (a granted place joins its queue: `cases.registry`).
    registry.run_decision_recorded(user=user, decision=decision)
    return decision


def case_assign(
    *, user: User, case: Case, assignee: User, only_if_unassigned: bool = False
) -> Case:
    """A manager assigns a case of their unit to a caseworker of the same unit. From the queue of
    unassigned cases (`only_if_unassigned`), a case a colleague assigned meanwhile is refused
    instead of silently re-assigned."""
    if not policy.may_assign(user, case):
        raise PermissionDenied(_("Only the unit's manager may assign its cases."))
    if assignee.unit_id != case.unit_id or not assignee.works_with_cases or not assignee.is_active:
        raise ValidationError({"assignee": _("Choose a caseworker of the case's unit.")})
    with transaction.atomic():
        case = case_lock(case)
        if case.assigned_to_id == assignee.pk:
            return case  # the same assignment again (a second click): nothing changes
        if only_if_unassigned and case.assigned_to_id is not None:
            current = case.assigned_to
            name = (current.get_full_name() or current.get_username()) if current else ""
            raise CaseConflict(
                {
                    "assignee": _(
                        "%(case)s was assigned to %(name)s meanwhile; nothing was changed."
                    )
                    % {"case": case.reference, "name": name}
                }
            )
        case.assigned_to = assignee
        case.save(update_fields=["assigned_to"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.ASSIGNMENT,
            action="cases.case.assign",
            assignee=assignee.get_username(),
        )
    return case


def journal_add(*, user: User, case: Case, text: str) -> JournalEntry:
    text = require_text("text", text)
    if not visible_cases(user).filter(pk=case.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        # A journal entry never conflicts with the state, but it is part of the record a
        # colleague decides on: it raises the version like any other write.
        case = case_lock(case)
        entry = journal_entry_build(case=case, author=user, text=text)
        entry.save(force_insert=True)
        case_change_audited(
            case=case, user=user, change=CaseChange.JOURNAL, action="cases.journal.create"
        )
    return entry


def case_decide(
    *,
    user: User,
    case: Case,
    decided_on: dt.date,
    outcome: str,
    intervention_type: InterventionType,
    reason: str,
) -> Decision:
    """Close the investigation with a decision to grant or refuse an intervention, or, without an
    open investigation, decide an intervention that may follow one ongoing on the case."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    if outcome not in ("grant", "refuse"):
        raise ValidationError({"outcome": _("Choose grant or refuse.")})
    if case.kind != CaseKind.CHILDREN:
        # LSS decides per requested intervention, in its own flow (skyddsnat.lss.services).
        raise ValidationError({"outcome": _("Decisions on this case are taken in its own flow.")})
    if intervention_type.case_kind != case.kind:
        raise ValidationError({"intervention_type": _("This intervention does not fit the case.")})
    if intervention_type.legal_basis == LegalBasis.LVU:
        # LVU counts from its own events (custody carried out, care begun) and never closes the
        # investigation: it is recorded in the case's LVU section (skyddsnat.care).
        raise ValidationError(
            {"intervention_type": _("Decisions under LVU are recorded in the case's LVU section.")}
        )
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation(case) if case.is_open else None
        follows = None
        if investigation is None:
            # Without an open investigation, only an intervention that may follow an ongoing one
            # is decided (LVU: care under 2 § or 3 § after immediate custody), as catalogue data.
            follows = (
                case.interventions.filter(
                    ended_on__isnull=True, intervention_type__in=intervention_type.may_follow.all()
                )
                .select_related("intervention_type")
                .order_by("started_on", "pk")
                .first()
            )
            if follows is None:
                raise CaseConflict(
                    {"decided_on": _("The case has no open investigation to decide.")}
                )
            if decided_on < follows.started_on:
                raise ValidationError(
                    {"decided_on": _("The decision cannot predate the intervention it follows.")}
                )
        elif decided_on < investigation.opened_on:
            raise ValidationError(
                {"decided_on": _("The decision cannot predate the investigation.")}
            )
        else:
            # What the flows require before an investigation is decided (kommunicering).
            registry.run_decision_checks(
                case=case, decided_on=decided_on, intervention_type=intervention_type
            )
        decision = intervention_decision_create(
            case=case,
            user=user,
            intervention_type=intervention_type,
            decided_on=decided_on,
            outcome=outcome,
            reason=reason,
            already=(
                "intervention_type",
                _("This intervention has already been decided on the case."),
            ),
        )
        status = None
        if investigation is not None:
            investigation_close(investigation=investigation, closed_on=decided_on)
            status = CaseStatus.DECIDED if outcome == "grant" else CaseStatus.CLOSED
        # Following an ongoing intervention (no investigation), the case stays "intervention
        # ongoing": that one goes on until the new one starts (or is ended).
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.DECISION,
            status=status,
            action="cases.decision.create",
            outcome=outcome,
            intervention_type=intervention_type.code,
            delegation=decision.delegation.code,
            follows=follows.intervention_type.code if follows else None,
        )
    return decision
