"""Row builders of the children-and-youth flow: the unsaved rows its writes add, built from
keyword arguments only (no query, no lock, no audit). The services below save, lock and audit them;
the demo generator builds the same rows here and bulk-inserts them (see `cases.services.rows`)."""

import datetime as dt

from skyddsnat.cases.models import Case, CaseKind, CaseStatus, Deadline, Decision, InterventionType
from skyddsnat.cases.services import decision_build
from skyddsnat.children.models import EarlyHelp, Report, SafetyAssessment
from skyddsnat.organisation.models import Delegation, District, Unit, User
from skyddsnat.people.models import Person


def report_case_build(
    *,
    person: Person,
    district: District | None,
    unit: Unit,
    opened_at: dt.datetime,
    assigned_to: User | None,
) -> Case:
    """The children's case a report opens: in pre-assessment from the moment it was received."""
    return Case(
        kind=CaseKind.CHILDREN,
        person=person,
        district=district,
        unit=unit,
        status=CaseStatus.PRE_ASSESSMENT,
        opened_at=opened_at,
        assigned_to=assigned_to,
    )


def report_build(
    *,
    case: Case,
    child: Person,
    district: District | None,
    received_at: dt.datetime,
    reporter_type: str,
    reporter_name: str,
    description: str,
    registered_by: User | None,
    safety_deadline: Deadline,
    registered_at: dt.datetime | None = None,
) -> Report:
    """A concern report on the case, with the safety assessment deadline it started."""
    report = Report(
        case=case,
        child=child,
        district=district,
        received_at=received_at,
        reporter_type=reporter_type,
        reporter_name=reporter_name.strip(),
        description=description,
        registered_by=registered_by,
        safety_deadline=safety_deadline,
    )
    if registered_at is not None:
        report.registered_at = registered_at
    return report


def safety_assessment_build(
    *,
    report: Report,
    assessed_at: dt.datetime,
    immediate_protection_needed: bool,
    notes: str,
    assessed_by: User,
) -> SafetyAssessment:
    return SafetyAssessment(
        report=report,
        assessed_at=assessed_at,
        immediate_protection_needed=immediate_protection_needed,
        notes=notes.strip(),
        assessed_by=assessed_by,
    )


def pre_assessment_decision_build(
    *,
    case: Case,
    decision: str,
    decided_on: dt.date,
    reason: str,
    decided_by: User,
    delegation: Delegation,
    recorded_at: dt.datetime | None = None,
) -> Decision:
    """The decision to open an investigation or not (no outcome, no intervention type)."""
    return decision_build(
        case=case,
        decision_type=decision,
        decided_on=decided_on,
        reason=reason,
        decided_by=decided_by,
        delegation=delegation,
        recorded_at=recorded_at,
    )


def early_help_build(
    *,
    person: Person,
    unit: Unit,
    intervention_type: InterventionType,
    case: Case | None,
    started_on: dt.date,
    consent_given: bool,
    consent_on: dt.date | None,
    note: str,
    registered_by: User,
    first_name: str = "",
    last_name: str = "",
    ended_on: dt.date | None = None,
    registered_at: dt.datetime | None = None,
) -> EarlyHelp:
    """Help offered directly, without investigation; the names only for help without a case."""
    early_help = EarlyHelp(
        person=person,
        unit=unit,
        intervention_type=intervention_type,
        case=case,
        started_on=started_on,
        ended_on=ended_on,
        consent_given=consent_given,
        consent_on=consent_on,
        note=note,
        registered_by=registered_by,
        first_name=first_name,
        last_name=last_name,
    )
    if registered_at is not None:
        early_help.registered_at = registered_at
    return early_help
