"""The children-and-youth flow: report → safety assessment → pre-assessment → investigation →
decision (cases.services) → intervention. Pages and the API call these same functions."""

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
    InterventionType,
    Investigation,
)
from skyddsnat.cases.policy import gives_early_help
from skyddsnat.cases.services import (
    CaseConflict,
    case_lock,
    case_record_change,
    conflict_on_unique_violation,
    deadline_complete,
    deadline_start,
    delegation_for,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.children import guardians
from skyddsnat.children.models import EarlyHelp, Report, ReporterType, SafetyAssessment
from skyddsnat.lib import validators
from skyddsnat.organisation.models import DecisionType, District, Unit, UnitKind, User
from skyddsnat.people.models import Person
from skyddsnat.people.services import person_get_or_create


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
) -> Report:
    """Register a concern report.

    A report on a child with an open investigation in the district joins that investigation (no new
    pre-assessment); otherwise it opens a case with a 14-day pre-assessment. Either way it gets a
    same-day safety assessment deadline.
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

    with transaction.atomic():
        child, _created = person_get_or_create(
            personal_identity_number=personal_identity_number,
            first_name=first_name,
            last_name=last_name,
            is_synthetic=is_synthetic,
        )
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
            case = Case.objects.create(
                kind=CaseKind.CHILDREN,
                person=child,
                district=district,
                unit=unit,
                status=CaseStatus.PRE_ASSESSMENT,
                opened_at=received_at,
                assigned_to=user if takes_it else None,
            )
            deadline_start(case=case, kind=DeadlineKind.PRE_ASSESSMENT, start=received_local.date())
        safety = deadline_start(
            case=case,
            kind=DeadlineKind.SAFETY_ASSESSMENT,
            start=received_local.date(),
            received_time=received_local.time(),
        )
        report = Report.objects.create(
            case=case,
            child=child,
            district=district,
            received_at=received_at,
            reporter_type=reporter_type,
            reporter_name=reporter_name.strip(),
            description=description,
            registered_by=user,
            safety_deadline=safety,
        )
        audit_log(
            user=user,
            action="children.report.create",
            person_id=child.pk,
            case_id=case.pk,
            report_id=report.pk,
            joined_investigation=joined,
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
        with conflict_on_unique_violation(already):
            assessment = SafetyAssessment.objects.create(
                report=report,
                assessed_at=assessed_at,
                immediate_protection_needed=immediate_protection_needed,
                notes=notes.strip(),
                assessed_by=user,
            )
        deadline_complete(
            deadline=Deadline.objects.get(pk=report.safety_deadline_id), at=assessed_at
        )
        case_record_change(case=case, user=user, change=CaseChange.SAFETY_ASSESSMENT)
        audit_log(
            user=user,
            action="children.safety_assessment.create",
            person_id=report.child_id,
            case_id=report.case_id,
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
    *, user: User, case: Case, decided_on: dt.date, decision: str, reason: str
) -> Decision:
    """Decide whether to open an investigation; opening starts the 4-month investigation."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
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
        delegation = delegation_for(user=user, decision_type=DecisionType(decision))
        with conflict_on_unique_violation(already):
            record = Decision.objects.create(
                case=case,
                decision_type=decision,
                decided_on=decided_on,
                reason=reason,
                decided_by=user,
                delegation=delegation,
            )
        pre = case.deadlines.get(kind=DeadlineKind.PRE_ASSESSMENT)
        deadline_complete(deadline=pre, at=timezone.now())
        if decision == DecisionType.OPEN_INVESTIGATION:
            deadline = deadline_start(case=case, kind=DeadlineKind.INVESTIGATION, start=decided_on)
            Investigation.objects.create(case=case, opened_on=decided_on, deadline=deadline)
            status = CaseStatus.INVESTIGATION
        else:
            status = CaseStatus.CLOSED
        case_record_change(case=case, user=user, change=CaseChange.PRE_ASSESSMENT, status=status)
        audit_log(
            user=user,
            action="children.pre_assessment.create",
            person_id=case.person_id,
            case_id=case.pk,
            decision=decision,
            delegation=delegation.code,
        )
    return record


# ----- early help (insatser utan individuell behovsprövning) -------------------------------------


def _early_help_unit(user: User) -> Unit:
    """The children and youth unit of a caseworker or manager; everyone else is refused."""
    if not gives_early_help(user) or user.unit is None:
        raise PermissionDenied
    return user.unit


def early_help_start(
    *,
    user: User,
    intervention_type: InterventionType,
    started_on: dt.date,
    consent_given: bool,
    consent_on: dt.date | None,
    note: str = "",
    person: Person | None = None,
    personal_identity_number: str = "",
    first_name: str = "",
    last_name: str = "",
    case: Case | None = None,
    is_synthetic: bool = False,
) -> EarlyHelp:
    """Offer an intervention directly, without investigation or decision under delegation.

    Only intervention types the committee offers without an individual needs assessment; a child
    needs the guardians' consent. From a case (e.g. after a decision not to investigate) the help
    goes to the case's child in the case's unit.
    """
    unit = _early_help_unit(user)
    if case is not None:
        require_case_access(user, case)
        if case.kind != CaseKind.CHILDREN or case.unit_id != unit.pk:
            raise PermissionDenied
        person = case.person
    if not intervention_type.without_needs_assessment or intervention_type.case_kind != (
        CaseKind.CHILDREN
    ):
        raise ValidationError(
            {
                "intervention_type": _(
                    "This intervention needs an individual needs assessment: open an "
                    "investigation and decide on it instead."
                )
            }
        )
    validate_not_future("started_on", started_on)
    if consent_on is not None:
        validate_not_future("consent_on", consent_on)
    if consent_given and consent_on is None:
        raise ValidationError({"consent_on": _("Give the date of the consent.")})
    if consent_on is not None and consent_on > started_on:
        raise ValidationError(
            {"consent_on": _("The consent must be given before the intervention starts.")}
        )
    note = note.strip()
    # Help without a case keeps the names it was registered with (see EarlyHelp.first_name).
    registered_names = {"first_name": first_name.strip(), "last_name": last_name.strip()}
    with transaction.atomic():
        if person is None:
            person, _created = person_get_or_create(
                personal_identity_number=personal_identity_number,
                first_name=first_name,
                last_name=last_name,
                is_synthetic=is_synthetic,
            )
        # Lock the child: two requests starting the same help at once run one after the other,
        # and the second finds the first's ongoing help below. The child before the case, in the
        # order report registration takes them, so the two never wait for each other.
        Person.objects.select_for_update().filter(pk=person.pk).get()
        if case is not None:
            case = case_lock(case)
        if guardians.needs_guardians_consent(person, started_on) and not consent_given:
            raise ValidationError(
                {"consent_given": _("A child's guardians must consent to the intervention.")}
            )
        if not consent_given:
            consent_on = None
        if case is not None:
            registered_names = {"first_name": "", "last_name": ""}
        elif not registered_names["first_name"]:
            # A person passed in by the caller (not typed in): its own names.
            registered_names = {"first_name": person.first_name, "last_name": person.last_name}
        ongoing = EarlyHelp.objects.filter(
            person=person, unit=unit, intervention_type=intervention_type, ended_on__isnull=True
        )
        if ongoing.exists():
            raise CaseConflict({"intervention_type": _("The child already has this intervention.")})
        help_record = EarlyHelp.objects.create(
            person=person,
            unit=unit,
            intervention_type=intervention_type,
            case=case,
            started_on=started_on,
            consent_given=consent_given,
            consent_on=consent_on,
            note=note,
            registered_by=user,
            **registered_names,
        )
        guardians.consents_record_at_start(user=user, early_help=help_record)
        if case is not None:
            case_record_change(case=case, user=user, change=CaseChange.EARLY_HELP)
        audit_log(
            user=user,
            action="children.early_help.create",
            person_id=person.pk,
            case_id=case.pk if case else None,
            early_help_id=help_record.pk,
            intervention_type=intervention_type.code,
        )
    return help_record


def early_help_end(*, user: User, early_help: EarlyHelp, ended_on: dt.date) -> EarlyHelp:
    unit = _early_help_unit(user)
    if early_help.unit_id != unit.pk:
        raise PermissionDenied
    validate_not_future("ended_on", ended_on)
    if ended_on < early_help.started_on:
        raise ValidationError({"ended_on": _("The end cannot come before the start.")})
    with transaction.atomic():
        EarlyHelp.objects.select_for_update().filter(pk=early_help.pk).get()
        early_help.refresh_from_db()
        if early_help.ended_on is not None:
            raise CaseConflict({"ended_on": _("The intervention has already ended.")})
        early_help.ended_on = ended_on
        early_help.save(update_fields=["ended_on"])
        audit_log(
            user=user,
            action="children.early_help.end",
            person_id=early_help.person_id,
            case_id=early_help.case_id,
            early_help_id=early_help.pk,
        )
    return early_help
