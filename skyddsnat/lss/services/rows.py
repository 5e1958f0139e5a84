"""Row builders of the LSS flow: the unsaved rows its writes add, built from keyword arguments
only (no query, no lock, no audit). The services save, lock and audit them; the demo generator
builds the same rows here and bulk-inserts them (see `cases.services.rows`)."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from skyddsnat.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    Deadline,
    Decision,
    Intervention,
    InterventionType,
)
from skyddsnat.lss.models import (
    Application,
    DecisionTerms,
    Implementation,
    Interruption,
    QueueEntry,
    RequestedIntervention,
    ResourceKind,
)
from skyddsnat.organisation.models import District, Unit, User
from skyddsnat.people.models import Person


def lss_case_build(
    *,
    person: Person,
    district: District,
    unit: Unit,
    received_on: dt.date,
    assigned_to: User | None,
) -> Case:
    """The LSS case an application opens: in investigation from 09:00 the day it arrived."""
    return Case(
        kind=CaseKind.LSS,
        person=person,
        district=district,
        unit=unit,
        status=CaseStatus.INVESTIGATION,
        opened_at=timezone.make_aware(dt.datetime.combine(received_on, dt.time(9, 0))),
        assigned_to=assigned_to,
    )


def application_build(
    *,
    case: Case,
    applicant_role: str,
    applicant_name: str,
    received_on: dt.date,
    registered_by: User | None,
    description: str = "",
    registered_at: dt.datetime | None = None,
) -> Application:
    application = Application(
        case=case,
        applicant_role=applicant_role,
        applicant_name=applicant_name,
        received_on=received_on,
        description=description.strip(),
        registered_by=registered_by,
    )
    if registered_at is not None:
        application.registered_at = registered_at
    return application


def requests_build(
    *, application: Application, intervention_types: Iterable[InterventionType]
) -> list[RequestedIntervention]:
    """One requested intervention per type applied for, each waiting for its own decision."""
    return [
        RequestedIntervention(application=application, intervention_type=t)
        for t in intervention_types
    ]


def decision_terms_build(
    *,
    decision: Decision,
    implementation_deadline: Deadline | None,
    scope_amount: Decimal | int | None = None,
    scope_unit: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> DecisionTerms:
    """The terms of an LSS decision; a grant carries the 3-month implementation deadline."""
    return DecisionTerms(
        decision=decision,
        implementation_deadline=implementation_deadline,
        scope_amount=scope_amount,
        scope_unit=scope_unit,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def implementation_build(
    *, intervention: Intervention, provider_kind: str, recorded_by: User
) -> Implementation:
    return Implementation(
        intervention=intervention, provider_kind=provider_kind, recorded_by=recorded_by
    )


def interruption_build(
    *,
    intervention: Intervention,
    starts_on: dt.date,
    reason: str,
    deadline: Deadline | None,
    ends_on: dt.date | None = None,
) -> Interruption:
    """An interruption of an intervention, with the implementation deadline it restarts."""
    return Interruption(
        intervention=intervention,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        deadline=deadline,
    )


def queue_entry_build(
    *, decision: Decision, resource_kind: ResourceKind, district: District, queued_on: dt.date
) -> QueueEntry:
    """A granted housing decision waiting for a place of its kind in the district."""
    return QueueEntry(
        decision=decision, resource_kind=resource_kind, district=district, queued_on=queued_on
    )
