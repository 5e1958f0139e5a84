"""Reports and their assessments: a concern report registered (opening a case or joining an open
investigation), its safety assessment, and the pre-assessment decision."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import (
    Case,
    CaseChange,
    CaseKind,
    CaseStatus,
    Deadline,
    DeadlineKind,
    Decision,
)
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    case_record_change,
    conflict_on_unique_violation,
    deadline_complete,
    deadline_start,
    delegation_for,
    investigation_build,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.children.models import (
    PreAssessmentExceptionalReasons,
    Report,
    ReporterType,
    SafetyAssessment,
)
from skyddsnat.children.services.rows import (
    pre_assessment_decision_build,
    report_build,
    report_case_build,
    safety_assessment_build,
)
from skyddsnat.children.services.violence import violence_mark
from skyddsnat.lib import validators
from skyddsnat.organisation.models import DecisionType, District, Unit, UnitKind, User
from skyddsnat.people.models import IdentityKind, Person
from skyddsnat.people.services import person_get_or_create, person_provisional_create


def _receiving_unit(*, user: User, district: District | None) -> Unit:
    """The children and youth unit that receives a report.

    With districts: the unit of the district valid today (following mergers). In a municipality
    without districts, the one committee's unit in the registering user's municipality.
    """
    if district is not None:
        unit = Unit.objects.filter(district=district.current(), kind=UnitKind.CHILDREN).first()
        if unit is None:
            raise ValidationError({"district": _("The district has no children and youth unit.")})
        return unit
    if user.unit is None:
        raise ValidationError({"district": _("Choose the district the child lives in.")})
    municipality_id = user.unit.municipality_id
    unit = Unit.objects.filter(
        municipality_id=municipality_id, district__isnull=True, kind=UnitKind.CHILDREN
    ).first()
    if unit is None or District.objects.filter(municipality_id=municipality_id).exists():
        raise ValidationError({"district": _("Choose the district the child lives in.")})
    return unit


def report_register(
    *,
    user: User,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    district: District | None,
    received_at: dt.datetime,
    reporter_type: str,
    description: str,
    reporter_name: str = "",
    is_synthetic: bool = False,
    identity_kind: str = IdentityKind.PERSONAL,
    reserve_number: str = "",
    expected_birth_date: dt.date | None = None,
    date_of_birth: dt.date | None = None,
    violence: dict | None = None,
) -> Report:
    """Register a concern report.

    The child is found or registered by personal identity number or coordination number; a
    child without one (`identity_kind`: a reserve number, unknown, unborn with its expected date)
    is registered as a new provisional person, matched to the right one later
    (`cases.matching.person_match`).

    A report on a child with an open investigation in the district joins that investigation (no new
    pre-assessment); otherwise it opens a case with a 14-day pre-assessment. Either way it gets a
    same-day safety assessment deadline.

    `violence` (`kinds`, `child_exposed`, `child_witnessed`): what the report says of violence;
    when a rule says so, the investigation opens at once on the day of receipt
    (`violence.violence_mark`).
    """
    if not policy.works_with_cases(user):
        raise PermissionDenied
    description = require_text("description", description)
    if reporter_type not in ReporterType.values:
        raise ValidationError({"reporter_type": _("Choose who made the report.")})
    if timezone.is_naive(received_at):
        raise ValidationError({"received_at": _("Give the time with its time zone.")})
    validate_not_future("received_at", received_at)
    if reporter_type == ReporterType.ANONYMOUS:
        reporter_name = ""
    elif reporter_name.strip():
        reporter_name = require_text("reporter_name", reporter_name, one_line=True)
    received_local = timezone.localtime(received_at)
    unit = _receiving_unit(user=user, district=district)
    if district is not None:
        # Reports are handled by the district that is valid today, following any merger.
        district = district.current()

    if identity_kind not in IdentityKind.values:
        raise ValidationError({"identity_kind": _("Choose how the child is identified.")})
    with transaction.atomic():
        if identity_kind in (IdentityKind.PERSONAL, IdentityKind.COORDINATION):
            child, _created = person_get_or_create(
                personal_identity_number=personal_identity_number,
                first_name=first_name,
                last_name=last_name,
                is_synthetic=is_synthetic,
            )
        else:
            child = person_provisional_create(
                identity_kind=identity_kind,
                first_name=first_name,
                last_name=last_name,
                reserve_number=reserve_number,
                expected_birth_date=expected_birth_date,
                date_of_birth=date_of_birth,
                is_synthetic=is_synthetic,
            )
        if child.date_of_birth is not None:
            try:
                validators.validate_born_before(born=child.date_of_birth, event=received_at)
            except ValidationError as exc:
                raise ValidationError({"received_at": exc.messages}) from None
        # Lock the child so two reports arriving together cannot both open a case.
        Person.objects.select_for_update().filter(pk=child.pk).get()
        case = Case.objects.filter(
            kind=CaseKind.CHILDREN, person=child, unit=unit, status=CaseStatus.INVESTIGATION
        ).first()
        joined = case is not None
        if case is not None:
            # The report joins the open investigation: part of the record it is decided on.
            case = case_lock(case)
            case_record_change(case=case, user=user, change=CaseChange.REPORT)
        else:
            # A caseworker of the unit keeps the case they register; a manager's goes to the queue.
            takes_it = user.unit_id == unit.pk and policy.handles_cases(user)
            case = report_case_build(
                person=child,
                district=district,
                unit=unit,
                opened_at=received_at,
                assigned_to=user if takes_it else None,
            )
            case.save(force_insert=True)
            deadline_start(case=case, kind=DeadlineKind.PRE_ASSESSMENT, start=received_local.date())
        safety = deadline_start(
            case=case,
            kind=DeadlineKind.SAFETY_ASSESSMENT,
            start=received_local.date(),
            received_time=received_local.time(),
        )
        report = report_build(
            case=case,
            child=child,
            district=district,
            received_at=received_at,
            reporter_type=reporter_type,
            reporter_name=reporter_name,
            description=description,
            registered_by=user,
            safety_deadline=safety,
        )
        report.save(force_insert=True)
        audit_log(
            user=user,
            action="children.report.create",
            person_id=child.pk,
            case_id=case.pk,
            report_id=report.pk,
            joined_investigation=joined,
        )
        if violence is not None:
            violence_mark(
                user=user,
                report=report,
                kinds=violence.get("kinds") or [],
                child_exposed=bool(violence.get("child_exposed")),
                child_witnessed=bool(violence.get("child_witnessed")),
                opened_on=received_local.date(),
            )
    return report


def safety_assessment_record(
    *,
    user: User,
    report: Report,
    assessed_at: dt.datetime,
    immediate_protection_needed: bool,
    notes: str = "",
) -> SafetyAssessment:
    require_case_access(user, report.case)
    validate_not_future("assessed_at", assessed_at)
    if assessed_at < report.received_at:
        raise ValidationError({"assessed_at": _("The assessment cannot predate the report.")})
    already = _("The report already has a safety assessment.")
    with transaction.atomic():
        case = case_lock(report.case_id)
        if SafetyAssessment.objects.filter(report=report).exists():
            raise CaseConflict({"assessed_at": already})
        assessment = safety_assessment_build(
            report=report,
            assessed_at=assessed_at,
            immediate_protection_needed=immediate_protection_needed,
            notes=notes,
            assessed_by=user,
        )
        with conflict_on_unique_violation(already):
            assessment.save(force_insert=True)
        deadline_complete(
            deadline=Deadline.objects.get(pk=report.safety_deadline_id), at=assessed_at
        )
        # The report's child is the case's person: the entry names both.
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.SAFETY_ASSESSMENT,
            action="children.safety_assessment.create",
            immediate_protection_needed=immediate_protection_needed,
        )
    return assessment


def pending_safety_report(case: Case) -> Report | None:
    """The earliest report of the case still waiting for its safety assessment."""
    return (
        case.reports.filter(safety_assessment__isnull=True)
        .select_related("safety_deadline", "case")
        .order_by("received_at")
        .first()
    )


def pre_assessment_decide(
    *,
    user: User,
    case: Case,
    decided_on: dt.date,
    decision: str,
    reason: str,
    exceptional_reasons: str = "",
) -> Decision:
    """Decide whether to open an investigation; opening starts the 4-month investigation.

    A decision not to open one, taken after the pre-assessment's limit (14 days, rule data), is
    recorded only with its exceptional reasons (synnerliga skäl), kept with the decision."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    exceptional_reasons = (exceptional_reasons or "").strip()
    if exceptional_reasons:
        exceptional_reasons = require_text("exceptional_reasons", exceptional_reasons)
    validate_not_future("decided_on", decided_on)
    if decision not in (DecisionType.OPEN_INVESTIGATION, DecisionType.NO_INVESTIGATION):
        raise ValidationError({"decision": _("Choose to open or not to open an investigation.")})
    already = _("The case is not waiting for a pre-assessment.")
    with transaction.atomic():
        case = case_lock(case)
        if case.status != CaseStatus.PRE_ASSESSMENT:
            raise CaseConflict({"decision": already})
        first = case.reports.order_by("received_at").first()
        if first is not None and decided_on < timezone.localtime(first.received_at).date():
            raise ValidationError({"decided_on": _("The decision cannot predate the report.")})
        pre = case.deadlines.get(kind=DeadlineKind.PRE_ASSESSMENT)
        days_late = (decided_on - pre.due).days
        if decision == DecisionType.NO_INVESTIGATION and days_late > 0 and not exceptional_reasons:
            raise ValidationError(
                {
                    "exceptional_reasons": _(
                        "The decision comes %(days)s days after the time limit (%(due)s): "
                        "give the exceptional reasons for the longer time."
                    )
                    % {"days": days_late, "due": pre.due.isoformat()}
                }
            )
        delegation = delegation_for(user=user, decision_type=DecisionType(decision))
        record = pre_assessment_decision_build(
            case=case,
            decision=decision,
            decided_on=decided_on,
            reason=reason,
            decided_by=user,
            delegation=delegation,
        )
        with conflict_on_unique_violation(already):
            record.save(force_insert=True)
        if exceptional_reasons and days_late > 0:
            PreAssessmentExceptionalReasons.objects.create(
                decision=record, reasons=exceptional_reasons, days_late=days_late
            )
        deadline_complete(deadline=pre, at=timezone.now())
        if decision == DecisionType.OPEN_INVESTIGATION:
            deadline = deadline_start(case=case, kind=DeadlineKind.INVESTIGATION, start=decided_on)
            investigation_build(case=case, opened_on=decided_on, deadline=deadline).save(
                force_insert=True
            )
            status = CaseStatus.INVESTIGATION
        else:
            status = CaseStatus.CLOSED
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.PRE_ASSESSMENT,
            status=status,
            action="children.pre_assessment.create",
            decision=decision,
            delegation=delegation.code,
            days_after_limit=max(days_late, 0),
            exceptional_reasons=bool(exceptional_reasons and days_late > 0),
        )
    return record
