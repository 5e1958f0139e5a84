"""Writes of an investigation's content: a section saved, a conversation with the child recorded,
and the investigation ended, without intervention or with decisions on interventions (kommunicering
is in `investigations.communication`). Each locks the case row first (`case_lock`) and re-checks
on what the lock returns; each raises the case's version and writes its audit entry
(`case_change_audited`)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.cases import policy, registry
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    CaseKind,
    CaseStatus,
    Decision,
    InterventionType,
    Investigation,
    LegalBasis,
    Outcome,
)
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
    decision_build,
    delegation_for,
    intervention_decision_create,
    investigation_close,
    open_investigation,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.investigations.models import (
    AREA_SECTIONS,
    Conversation,
    Ending,
    EndingReason,
    NotHeldReason,
    Section,
    SectionKind,
)
from skyddsnat.lib import validators
from skyddsnat.organisation.models import DecisionType, User


def require_writer(user: User, case: Case) -> None:
    """The investigation is written by the children's unit on a case the user sees."""
    if not policy.works_on_investigations(user):
        raise PermissionDenied(_("Only the children and youth unit writes investigations."))
    require_case_access(user, case)


def open_investigation_of(case: Case) -> Investigation:
    """The locked case's open investigation, or a conflict (it was closed meanwhile)."""
    investigation = open_investigation(case) if case.is_open else None
    if investigation is None:
        raise CaseConflict(_("The investigation is closed; nothing was saved."))
    return investigation


def optional_text(field: str, value: str, *, one_line: bool = False) -> str:
    value = (value or "").strip()
    if value:
        try:
            (validators.validate_line if one_line else validators.validate_text)(value)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
    return value


def not_before(field: str, day: dt.date, earliest: dt.date, message: str) -> None:
    if day < earliest:
        raise ValidationError({field: message})


# ----- sections ----------------------------------------------------------------------------------


def section_save(
    *,
    user: User,
    case: Case,
    kind: str,
    text: str,
    sources: str = "",
    version: int,
) -> Section:
    """Save one part of the investigation. `version` is the section's version the user's view was
    based on (0 for a part not yet written): a colleague's save in between is refused (409) with
    who saved it and when, and nothing is saved."""
    require_writer(user, case)
    if kind not in SectionKind.values:
        raise ValidationError({"kind": _("Choose a part of the investigation.")})
    text = optional_text("text", text)
    sources = optional_text("sources", sources) if kind in AREA_SECTIONS else ""
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation_of(case)
        section = (
            Section.objects.select_for_update()
            .select_related("updated_by")
            .filter(investigation=investigation, kind=kind)
            .first()
        )
        current = section.version if section is not None else 0
        if version != current:
            raise CaseConflict({"text": _section_stale_message(section)})
        now = timezone.now()
        if section is None:
            section = Section(investigation=investigation, kind=kind, version=0)
        section.text, section.sources = text, sources
        section.version += 1
        section.updated_at, section.updated_by = now, user
        with conflict_on_unique_violation(_section_stale_message(None)):
            section.save()
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.INVESTIGATION,
            action="investigations.section.update",
            section=kind,
            version=section.version,
        )
    return section


def _section_stale_message(section: Section | None) -> str:
    if section is None:
        return _(
            "Someone else saved this part meanwhile. Nothing was saved; read it again before "
            "you go on (your text is kept as a draft)."
        )
    when = timezone.localtime(section.updated_at)
    by = section.updated_by
    return _(
        "%(who)s saved this part %(when)s, after you opened it. Nothing was saved; read it again "
        "before you go on (your text is kept as a draft)."
    ) % {"who": by.get_full_name() or by.get_username(), "when": f"{when:%Y-%m-%d %H:%M}"}


# ----- conversations with the child ---------------------------------------------------------------


def conversation_record(
    *,
    user: User,
    case: Case,
    held: bool,
    held_on: dt.date | None = None,
    held_by: str = "",
    place: str = "",
    not_held_reason: str = "",
    notes: str = "",
) -> Conversation:
    """A conversation with the child: when, who held it and where; or that it was not held, with
    the reason (BBIC documents both)."""
    require_writer(user, case)
    notes = optional_text("notes", notes)
    if held:
        if held_on is None:
            raise ValidationError({"held_on": _("Give the date of the conversation.")})
        validate_not_future("held_on", held_on)
        held_by = require_text("held_by", held_by, one_line=True)
        place = require_text("place", place, one_line=True)
        not_held_reason = ""
    else:
        if not_held_reason not in NotHeldReason.values:
            raise ValidationError(
                {"not_held_reason": _("Give the reason the conversation was not held.")}
            )
        if not_held_reason == NotHeldReason.OTHER and not notes:
            raise ValidationError({"notes": _("Describe the reason.")})
        held_on, held_by, place = None, "", ""
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation_of(case)
        if held_on is not None:
            not_before(
                "held_on",
                held_on,
                investigation.opened_on,
                _("The conversation cannot predate the investigation."),
            )
        conversation = Conversation(
            investigation=investigation,
            held=held,
            held_on=held_on,
            held_by=held_by,
            place=place,
            not_held_reason=not_held_reason,
            notes=notes,
            recorded_by=user,
            recorded_at=timezone.now(),
        )
        conversation.save(force_insert=True)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.INVESTIGATION,
            action="investigations.conversation.create",
            held=held,
            not_held_reason=not_held_reason or None,
        )
    return conversation


# ----- the ending --------------------------------------------------------------------------------


def investigation_end(
    *,
    user: User,
    case: Case,
    decided_on: dt.date,
    reason: str,
    reasons: str,
    follow_up_offered: bool,
) -> Ending:
    """End the investigation without intervention ("avslutas utan insats"): a decision under the
    user's delegation line with its reasons, the reason as a choice, and whether a follow-up after
    the ending was offered. The case closes, or stays "intervention ongoing" when one goes on (LVU
    immediate custody during the investigation). Waits for kommunicering like every decision."""
    require_writer(user, case)
    if case.kind != CaseKind.CHILDREN:
        raise ValidationError({"reason": _("Decisions on this case are taken in its own flow.")})
    if reason not in EndingReason.values:
        raise ValidationError({"reason": _("Choose the reason the investigation ends.")})
    reasons = require_text("reasons", reasons)
    validate_not_future("decided_on", decided_on)
    delegation = delegation_for(user=user, decision_type=DecisionType.END_INVESTIGATION)
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation_of(case)
        not_before(
            "decided_on",
            decided_on,
            investigation.opened_on,
            _("The decision cannot predate the investigation."),
        )
        registry.run_decision_checks(case=case, decided_on=decided_on)
        decision: Decision = decision_build(
            case=case,
            decision_type=DecisionType.END_INVESTIGATION,
            decided_on=decided_on,
            reason=reasons,
            decided_by=user,
            delegation=delegation,
        )
        decision.save(force_insert=True)
        ending = Ending(
            investigation=investigation,
            decision=decision,
            reason=reason,
            follow_up_offered=follow_up_offered,
        )
        with conflict_on_unique_violation(_("The investigation has already ended.")):
            ending.save(force_insert=True)
        investigation_close(investigation=investigation, closed_on=decided_on)
        ongoing = case.interventions.filter(ended_on__isnull=True).exists()
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.DECISION,
            status=CaseStatus.INTERVENTION if ongoing else CaseStatus.CLOSED,
            action="investigations.investigation.end",
            reason=reason,
            follow_up_offered=follow_up_offered,
            delegation=delegation.code,
        )
    return ending


def investigation_decide_interventions(
    *,
    user: User,
    case: Case,
    decided_on: dt.date,
    granted: list[InterventionType],
    refused: list[InterventionType] | None = None,
    reason: str,
) -> list[Decision]:
    """End the investigation with decisions on one or more interventions at once (e.g. a contact
    person granted and family treatment refused): one decision per intervention, each under the
    user's delegation line for it (`intervention_decision_create`, as the single decision on the
    case page), and the investigation closed. Waits for kommunicering like every decision."""
    require_writer(user, case)
    refused = list(refused or [])
    granted = list(granted)
    if not granted and not refused:
        raise ValidationError({"granted": _("Choose at least one intervention.")})
    codes = [t.code for t in granted + refused]
    if len(set(codes)) != len(codes):
        raise ValidationError({"refused": _("An intervention cannot be both granted and refused.")})
    if any(t.case_kind != case.kind for t in granted + refused):
        raise ValidationError({"granted": _("This intervention does not fit the case.")})
    # Decided after an investigation: not what is given without a needs assessment, nor what only
    # follows an ongoing intervention, nor LVU (the case's LVU section), as the page offers.
    if any(
        t.without_needs_assessment or t.may_follow.exists() or t.legal_basis == LegalBasis.LVU
        for t in granted + refused
    ):
        raise ValidationError(
            {"granted": _("This intervention is not decided at the end of an investigation.")}
        )
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation_of(case)
        not_before(
            "decided_on",
            decided_on,
            investigation.opened_on,
            _("The decision cannot predate the investigation."),
        )
        for intervention_type in granted + refused:
            registry.run_decision_checks(
                case=case, decided_on=decided_on, intervention_type=intervention_type
            )
        decisions = [
            intervention_decision_create(
                case=case,
                user=user,
                intervention_type=intervention_type,
                decided_on=decided_on,
                outcome=outcome,
                reason=reason,
                already=(
                    "granted",
                    _("This intervention has already been decided on the case."),
                ),
            )
            for outcome, types in ((Outcome.GRANT, granted), (Outcome.REFUSE, refused))
            for intervention_type in types
        ]
        investigation_close(investigation=investigation, closed_on=decided_on)
        ongoing = case.interventions.filter(ended_on__isnull=True).exists()
        status = (
            CaseStatus.DECIDED
            if granted
            else (CaseStatus.INTERVENTION if ongoing else CaseStatus.CLOSED)
        )
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.DECISION,
            status=status,
            action="investigations.investigation.decide",
            granted=[t.code for t in granted],
            refused=[t.code for t in refused],
            delegations=sorted({d.delegation.code for d in decisions}),
        )
    return decisions
