"""LVU as events (SFS 1990:52): immediate custody decided at any stage of the case (6 §), the day it
was carried out, the submission to the court (7 §) and the application for care (8 §) with the
court's extension, care under 2 § or 3 § and the committee's decisions on it (13 §).

Custody never closes the investigation: it goes on and is the basis of the application for care;
without one, the custody opens it. The limits are `DeadlineRule` rows (care migration 0002).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.care.models import (
    CustodyEnd,
    CustodyStage,
    ImmediateCustody,
    LvuReview,
    LvuSection,
    ReviewKind,
    ReviewOutcome,
)
from skyddsnat.care.services.common import deadline_settle
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    CaseKind,
    CaseStatus,
    Deadline,
    DeadlineKind,
    Intervention,
    InterventionType,
    Investigation,
)
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
    deadline_extension_build,
    deadline_start,
    decision_build,
    delegation_for,
    intervention_build,
    intervention_decision_create,
    investigation_build,
    investigation_close,
    open_investigation,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.lib.validators import validate_born_before
from skyddsnat.organisation.models import DecisionType, User

__all__ = [
    "CARE_CODES",
    "CUSTODY_CODE",
    "care_record",
    "custody_carried_out",
    "custody_decide",
    "custody_extend",
    "custody_limit_done",
    "lvu_review_record",
]

CUSTODY_CODE = "lvu-immediate-custody"
CARE_CODES = {LvuSection.HOME: "lvu-care-2", LvuSection.BEHAVIOUR: "lvu-care-3"}
# Per section: the limit of the six-monthly decision and the limit of the end of care by age.
REVIEW_KINDS = {
    LvuSection.HOME: (ReviewKind.CONSIDERATION, DeadlineKind.LVU_RECONSIDERATION),
    LvuSection.BEHAVIOUR: (ReviewKind.REVIEW, DeadlineKind.LVU_REVIEW),
}
END_KINDS = {
    LvuSection.HOME: DeadlineKind.LVU_CARE_END_2,
    LvuSection.BEHAVIOUR: DeadlineKind.LVU_CARE_END_3,
}


def _section(value: str) -> LvuSection:
    if value not in LvuSection.values:
        raise ValidationError({"section": _("Choose care under 2 § or 3 § LVU.")})
    return LvuSection(value)


def _stage(case: Case) -> CustodyStage:
    """Where the case stands: a report whose safety assessment is pending, the pre-assessment,
    the investigation, or an intervention."""
    if open_investigation(case) is not None:
        return CustodyStage.INVESTIGATION
    if case.status == CaseStatus.PRE_ASSESSMENT:
        if case.deadlines.filter(
            kind=DeadlineKind.SAFETY_ASSESSMENT, done_at__isnull=True
        ).exists():
            return CustodyStage.REPORT
        return CustodyStage.PRE_ASSESSMENT
    return CustodyStage.INTERVENTION


def _open_investigation_for_custody(*, user: User, case: Case, decided_on: dt.date) -> bool:
    """Without an investigation, the custody opens one (SoL: the committee investigates what
    comes to its knowledge; the investigation is the basis of the application for care). Before
    a pre-assessment decision the custody is that decision. True when one was opened."""
    if Investigation.objects.filter(case_id=case.pk).exists():
        return False
    if case.status == CaseStatus.PRE_ASSESSMENT:
        delegation = delegation_for(user=user, decision_type=DecisionType.OPEN_INVESTIGATION)
        decision = decision_build(
            case=case,
            decision_type=DecisionType.OPEN_INVESTIGATION,
            decided_on=decided_on,
            reason=_("An investigation is opened at the immediate custody (LVU 6 §)."),
            decided_by=user,
            delegation=delegation,
        )
        with conflict_on_unique_violation(_("The pre-assessment was decided at the same time.")):
            decision.save(force_insert=True)
        for pre in case.deadlines.filter(kind=DeadlineKind.PRE_ASSESSMENT, done_at__isnull=True):
            deadline_settle(pre, day=decided_on, note=_("Investigation opened at the custody."))
    deadline = deadline_start(case=case, kind=DeadlineKind.INVESTIGATION, start=decided_on)
    investigation_build(case=case, opened_on=decided_on, deadline=deadline).save(force_insert=True)
    return True


def custody_decide(
    *, user: User, case: Case, decided_on: dt.date, section: str, reason: str
) -> ImmediateCustody:
    """Record the decision on immediate custody (LVU 6 §), at whatever stage the case is. The
    submission to the court is due a week from the decision (7 §). The committee's chair decides;
    the delegation order lets the unit manager record it (organisation migration 0004)."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    section = _section(section)
    if case.kind != CaseKind.CHILDREN:
        raise ValidationError({"section": _("LVU applies to children and young people.")})
    itype = InterventionType.objects.get(code=CUSTODY_CODE)
    already = _("Immediate custody is already ongoing on the case.")
    with transaction.atomic():
        case = case_lock(case)
        if not case.is_open:
            raise CaseConflict({"decided_on": _("The case is closed.")})
        if case.custodies.filter(ended_on__isnull=True).exists():
            raise CaseConflict({"decided_on": already})
        if decided_on < timezone.localtime(case.opened_at).date():
            raise ValidationError({"decided_on": _("The decision cannot predate the case.")})
        validate_born_before(born=case.person.date_of_birth, event=decided_on, field="decided_on")
        stage = _stage(case)
        decision = intervention_decision_create(
            case=case,
            user=user,
            intervention_type=itype,
            decided_on=decided_on,
            outcome="grant",
            reason=reason,
            already=("decided_on", _("Immediate custody has already been decided on the case.")),
        )
        opened = _open_investigation_for_custody(user=user, case=case, decided_on=decided_on)
        court = deadline_start(case=case, kind=DeadlineKind.LVU_COURT_SUBMISSION, start=decided_on)
        custody = ImmediateCustody(
            case=case,
            decision=decision,
            section=section,
            stage=stage,
            decided_on=decided_on,
            court_deadline=court,
        )
        with conflict_on_unique_violation(already):
            custody.save(force_insert=True)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.LVU,
            status=CaseStatus.INVESTIGATION if opened else None,
            action="care.custody.create",
            section=section.value,
            stage=stage.value,
            investigation_opened=opened,
            delegation=decision.delegation.code,
        )
    return custody


def _locked_custody(custody: ImmediateCustody) -> ImmediateCustody:
    """The custody afresh, its case locked (the caller's transaction)."""
    case_lock(custody.case_id)
    return ImmediateCustody.objects.select_related(
        "court_deadline", "application_deadline", "decision", "case__person"
    ).get(pk=custody.pk)


def custody_carried_out(
    *, user: User, custody: ImmediateCustody, carried_out_on: dt.date
) -> ImmediateCustody:
    """The day the custody was carried out (verkställt): the application for care is due four
    weeks from it (LVU 8 §); the custody runs as an intervention from that day."""
    require_case_access(user, custody.case)
    validate_not_future("carried_out_on", carried_out_on)
    with transaction.atomic():
        custody = _locked_custody(custody)
        if custody.carried_out_on is not None:
            raise CaseConflict({"carried_out_on": _("The custody has already been carried out.")})
        if custody.ended_on is not None:
            raise CaseConflict({"carried_out_on": _("The custody has ended.")})
        if carried_out_on < custody.decided_on:
            raise ValidationError(
                {"carried_out_on": _("The custody cannot be carried out before the decision.")}
            )
        case = custody.case
        custody.carried_out_on = carried_out_on
        custody.application_deadline = deadline_start(
            case=case, kind=DeadlineKind.LVU_CARE_APPLICATION, start=carried_out_on
        )
        intervention = intervention_build(
            case=case, decision=custody.decision, started_on=carried_out_on
        )
        with conflict_on_unique_violation(_("The custody has already been carried out.")):
            intervention.save(force_insert=True)
        custody.intervention = intervention
        custody.save(update_fields=["carried_out_on", "application_deadline", "intervention"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.LVU,
            action="care.custody.carried_out",
            carried_out_on=carried_out_on.isoformat(),
            application_due=custody.application_deadline.due.isoformat(),
        )
    return custody


LIMITS = {"court": "court_deadline", "application": "application_deadline"}


def custody_limit_done(
    *, user: User, custody: ImmediateCustody, limit: str, done_on: dt.date, note: str = ""
) -> Deadline:
    """The custody submitted to the court (`limit="court"`, LVU 7 §) or the application for care
    made (`"application"`, LVU 8 §) on `done_on`. Done after the due date is recorded as it was:
    the custody had lapsed (LVU 9 §), which the case page shows."""
    require_case_access(user, custody.case)
    if limit not in LIMITS:
        raise ValidationError(
            {"limit": _("Choose the submission to the court or the application.")}
        )
    validate_not_future("done_on", done_on)
    note = require_text("note", note) if (note or "").strip() else ""
    with transaction.atomic():
        custody = _locked_custody(custody)
        deadline: Deadline | None = getattr(custody, LIMITS[limit])
        if deadline is None:
            raise CaseConflict(
                {"limit": _("The application is due only once the custody has been carried out.")}
            )
        if deadline.done_at is not None:
            raise CaseConflict({"limit": _("The time limit is already done.")})
        if done_on < deadline.starts_on:
            raise ValidationError(
                {"done_on": _("The date cannot be before the time limit started.")}
            )
        deadline_settle(deadline, day=done_on, note=note)
        case_change_audited(
            case=custody.case,
            user=user,
            change=CaseChange.LVU,
            action="care.custody.limit_done",
            limit=limit,
            done_on=done_on.isoformat(),
            late=done_on > deadline.due,
        )
    return deadline


def custody_extend(
    *, user: User, custody: ImmediateCustody, decided_on: dt.date, new_due: dt.date, reason: str
) -> Deadline:
    """The administrative court's extension of the time for the application for care (LVU 8 §:
    when further investigation or other special reasons require it), decided on `decided_on`
    before the limit ran out; it moves the due date."""
    require_case_access(user, custody.case)
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    with transaction.atomic():
        custody = _locked_custody(custody)
        deadline = custody.application_deadline
        if deadline is None or deadline.done_at is not None or custody.ended_on is not None:
            raise CaseConflict({"new_due": _("There is no pending application limit to extend.")})
        if not deadline.rule.extendable:
            raise ValidationError({"new_due": _("This time limit cannot be extended.")})
        if decided_on > deadline.due:
            raise ValidationError(
                {"decided_on": _("The limit had already run out: the custody has lapsed.")}
            )
        if decided_on < deadline.starts_on:
            raise ValidationError(
                {"decided_on": _("The date cannot be before the time limit started.")}
            )
        if new_due <= deadline.due:
            raise ValidationError(
                {"new_due": _("The new date must be later than the current one.")}
            )
        # The court sets the new time (LVU 8 §); the law sets no longest extension.
        extension = deadline_extension_build(
            deadline=deadline, new_due=new_due, reason=reason, decided_by=user
        )
        with conflict_on_unique_violation(_("The limit was extended at the same time.")):
            extension.save(force_insert=True)
        deadline.save(update_fields=["due"])
        case_change_audited(
            case=custody.case,
            user=user,
            change=CaseChange.LVU,
            action="care.custody.extend",
            court_decided_on=decided_on.isoformat(),
            new_due=new_due.isoformat(),
        )
    return deadline


def care_record(
    *,
    user: User,
    case: Case,
    section: str,
    decided_on: dt.date,
    started_on: dt.date,
    reason: str,
) -> Intervention:
    """The court's decision on care under 2 § or 3 § LVU, recorded with the day care began: an
    ongoing custody ends that day, the investigation that was the basis of the application is
    closed, and the limits start: the six-monthly decision (13 §, counted from the start) and the
    end of care at 18 (2 §) or 21 (3 §) years of age (21 §)."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    validate_not_future("started_on", started_on)
    section = _section(section)
    if case.kind != CaseKind.CHILDREN:
        raise ValidationError({"section": _("LVU applies to children and young people.")})
    if started_on < decided_on:
        raise ValidationError({"started_on": _("Care cannot begin before the decision.")})
    itype = InterventionType.objects.get(code=CARE_CODES[section])
    with transaction.atomic():
        case = case_lock(case)
        if not case.is_open:
            raise CaseConflict({"decided_on": _("The case is closed.")})
        if case.interventions.filter(
            ended_on__isnull=True, intervention_type__code__in=CARE_CODES.values()
        ).exists():
            raise CaseConflict({"section": _("Care under LVU is already ongoing on the case.")})
        end_kind = END_KINDS[section]
        born = case.person.date_of_birth
        if born is None:
            # Care ends at 18 or 21 at the latest: without a date of birth there is no limit.
            raise ValidationError(
                {"section": _("The child's date of birth is not known: match the child first.")}
            )
        end = deadline_start(case=case, kind=end_kind, start=born)
        if started_on >= end.due:
            raise ValidationError(
                {
                    "started_on": _("Care under this section ends at the latest on %(date)s.")
                    % {"date": end.due.isoformat()}
                }
            )
        decision = intervention_decision_create(
            case=case,
            user=user,
            intervention_type=itype,
            decided_on=decided_on,
            outcome="grant",
            reason=reason,
            already=("section", _("Care under this section has already been decided on the case.")),
        )
        custody = (
            case.custodies.filter(ended_on__isnull=True).select_related("intervention").first()
        )
        if custody is not None:
            if custody.carried_out_on is not None and started_on < custody.carried_out_on:
                raise ValidationError(
                    {"started_on": _("Care cannot begin before the custody was carried out.")}
                )
            custody.ended_on = started_on
            custody.end_reason = CustodyEnd.CARE
            custody.save(update_fields=["ended_on", "end_reason"])
            # The court has decided on care: what the custody's limits asked for has been done.
            for limit in Deadline.objects.filter(
                pk__in=[custody.court_deadline_id, custody.application_deadline_id],
                done_at__isnull=True,
            ):
                deadline_settle(limit, day=decided_on, note=_("Care under LVU was decided."))
            if custody.intervention is not None and custody.intervention.ended_on is None:
                custody.intervention.ended_on = started_on
                custody.intervention.save(update_fields=["ended_on"])
        intervention = intervention_build(case=case, decision=decision, started_on=started_on)
        intervention.save(force_insert=True)
        _review_kind, review_deadline = REVIEW_KINDS[section]
        deadline_start(case=case, kind=review_deadline, start=started_on)
        investigation = open_investigation(case)
        if investigation is not None:
            investigation_close(
                investigation=investigation, closed_on=max(decided_on, investigation.opened_on)
            )
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.LVU,
            status=CaseStatus.INTERVENTION,
            action="care.lvu_care.create",
            section=section.value,
            started_on=started_on.isoformat(),
            delegation=decision.delegation.code,
            custody_ended=custody is not None,
        )
    return intervention


def lvu_review_record(
    *, user: User, intervention: Intervention, decided_on: dt.date, outcome: str, reason: str
) -> LvuReview:
    """The committee's decision on ongoing care (LVU 13 §), with its reasons: care under 2 §
    considered, care under 3 § reviewed (that decision may be appealed, LVU 41 §). It completes
    the pending limit; care that continues gets the next one six months from this decision, care
    that ends ends that day."""
    require_case_access(user, intervention.case)
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose whether the care continues or ends.")})
    with transaction.atomic():
        case = case_lock(intervention.case_id)
        intervention = Intervention.objects.select_related("intervention_type").get(
            pk=intervention.pk
        )
        sections = {code: section for section, code in CARE_CODES.items()}
        section = sections.get(intervention.intervention_type.code)
        if section is None:
            raise ValidationError({"intervention": _("This is not care under LVU.")})
        if intervention.ended_on is not None:
            raise CaseConflict({"intervention": _("The care has ended.")})
        if decided_on < intervention.started_on:
            raise ValidationError({"decided_on": _("The decision cannot predate the care.")})
        delegation = delegation_for(
            user=user,
            decision_type=DecisionType.INTERVENTION,
            intervention_type=intervention.intervention_type,
        )
        kind, deadline_kind = REVIEW_KINDS[section]
        pending = case.deadlines.filter(kind=deadline_kind, done_at__isnull=True).first()
        if pending is not None and decided_on < pending.starts_on:
            raise ValidationError({"decided_on": _("The decision cannot predate the last one.")})
        review = LvuReview(
            case=case,
            intervention=intervention,
            kind=kind,
            decided_on=decided_on,
            outcome=outcome,
            reason=reason,
            appealable=kind == ReviewKind.REVIEW,
            deadline=pending,
            decided_by=user,
            delegation=delegation,
        )
        review.save(force_insert=True)
        note = str(ReviewKind(kind).label)
        if pending is not None:
            deadline_settle(pending, day=decided_on, note=note)
        status = None
        if outcome == ReviewOutcome.CONTINUES:
            deadline_start(case=case, kind=deadline_kind, start=decided_on)
        else:
            intervention.ended_on = decided_on
            intervention.save(update_fields=["ended_on"])
            for end in case.deadlines.filter(kind=END_KINDS[section], done_at__isnull=True):
                deadline_settle(end, day=decided_on, note=str(ReviewOutcome.ENDS.label))
            if not case.interventions.filter(ended_on__isnull=True).exists():
                status = CaseStatus.CLOSED
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.LVU,
            status=status,
            action="care.lvu_review.create",
            kind=kind.value,
            outcome=outcome,
            delegation=delegation.code,
        )
    return review
