"""What a signed-in citizen may see of their own matters ("Mina ärenden"): status only.

A matter is one of:
- a submission the citizen sent signed in (`Submission.citizen_subject` is their `sub`): a
  report they made, a request for help, an LSS application;
- an LSS application registered otherwise (on paper, by staff) about the citizen themselves,
  found by the personal identity number the provider vouched for;
- an LSS application a guardian made for their child under 18 (the applicant recorded as
  guardian, the citizen a guardian of the person), unless the child's identity is protected:
  the mere existence of a protected child's matter is not told to anyone outside the unit.

For each: its reference, what it is, when it was received and its status, received ("Mottagen":
nobody has taken it up yet), being assessed ("Under handläggning") or closed ("Avslutad", with the
date of the last decision). Never names, the content of a report or an investigation, the
journal, a decision's content or anything about another person. Every read is audited with the
citizen's subject as actor (no staff user: `user_id` is empty, `detail.citizen_subject` names
them) and the persons and cases read.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skyddsnat.audit.services import audit_log, audit_log_ids
from skyddsnat.cases.models import Case, CaseStatus
from skyddsnat.eservices.citizen import Citizen
from skyddsnat.eservices.models import Submission, SubmissionKind
from skyddsnat.lss.models import ApplicantRole, Application
from skyddsnat.people.models import ProtectionLevel

RECEIVED = "received"
ASSESSING = "assessing"
CLOSED = "closed"
STATUS_LABELS = {
    RECEIVED: pgettext_lazy("status of a matter", "Received"),
    ASSESSING: pgettext_lazy("status of a matter", "Being assessed"),
    CLOSED: pgettext_lazy("status of a matter", "Closed"),
}
# The longest reference a detail address may carry (Submission.reference).
MAX_REFERENCE_LENGTH = 20


@dataclass(frozen=True)
class Matter:
    reference: str
    kind: str  # what it is, in words
    received_on: dt.date
    status: str  # RECEIVED, ASSESSING, CLOSED
    closed_on: dt.date | None
    # The citizen's own e-service submission (a detail page), or registered otherwise.
    is_submission: bool
    as_guardian: bool
    # For the audit log only; never shown.
    person_id: int | None
    case_id: int | None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _cases_with_decisions(ids: set[int]) -> dict[int, Case]:
    return {
        case.pk: case
        for case in Case.objects.filter(pk__in=ids).annotate(
            last_decided=Max("decisions__decided_on")
        )
    }


def _status(case: Case | None) -> tuple[str, dt.date | None]:
    if case is None:
        return RECEIVED, None
    last = getattr(case, "last_decided", None)
    if case.status == CaseStatus.CLOSED:
        closed = last or (timezone.localdate(case.closed_at) if case.closed_at else None)
        return CLOSED, closed
    if case.assigned_to_id is None and last is None:
        return RECEIVED, None
    return ASSESSING, None


def _submission_kind(submission: Submission) -> str:
    return str(SubmissionKind(submission.kind).label).capitalize()


def _own_submissions(citizen: Citizen) -> QuerySet[Submission]:
    return Submission.objects.filter(citizen_subject=citizen.subject).order_by("-received_at", "pk")


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _applications_registered_otherwise(citizen: Citizen) -> list[tuple[Application, bool]]:
    """(application, as guardian) for the citizen's number, newest first."""
    number = citizen.personal_identity_number
    if not number:
        return []
    adult_born_by = _years_ago(timezone.localdate(), 18)
    own = Q(case__person__personal_identity_number=number)
    as_guardian = (
        Q(applicant_role=ApplicantRole.GUARDIAN)
        & Q(case__person__guardianships__guardian__personal_identity_number=number)
        & Q(case__person__date_of_birth__gt=adult_born_by)
        & Q(case__person__protection_level=ProtectionLevel.NONE)
    )
    found = (
        Application.objects.filter(own | as_guardian)
        .exclude(case__submissions__citizen_subject=citizen.subject)
        .select_related("case__person")
        .distinct()
        .order_by("-received_on", "-pk")
    )
    return [
        (application, application.case.person.personal_identity_number != number)
        for application in found
    ]


def _matter_of_submission(submission: Submission, cases: dict[int, Case]) -> Matter:
    case = cases.get(submission.case_id) if submission.case_id else None
    status, closed_on = _status(case)
    return Matter(
        reference=submission.reference,
        kind=_submission_kind(submission),
        received_on=timezone.localdate(submission.received_at),
        status=status,
        closed_on=closed_on,
        is_submission=True,
        as_guardian=False,
        person_id=case.person_id if case else None,
        case_id=case.pk if case else None,
    )


def _matter_of_application(
    application: Application, as_guardian: bool, cases: dict[int, Case]
) -> Matter:
    case = cases[application.case_id]
    status, closed_on = _status(case)
    return Matter(
        reference=case.reference,
        kind=str(_("Application for LSS interventions")),
        received_on=application.received_on,
        status=status,
        closed_on=closed_on,
        is_submission=False,
        as_guardian=as_guardian,
        person_id=case.person_id,
        case_id=case.pk,
    )


def citizen_matters(citizen: Citizen) -> list[Matter]:
    """Every matter of the citizen, newest first (audited as one read of a list)."""
    submissions = list(_own_submissions(citizen))
    applications = _applications_registered_otherwise(citizen)
    case_ids = {s.case_id for s in submissions if s.case_id} | {a.case_id for a, _g in applications}
    cases = _cases_with_decisions(case_ids)
    matters = [_matter_of_submission(s, cases) for s in submissions] + [
        _matter_of_application(a, g, cases) for a, g in applications
    ]
    matters.sort(key=lambda m: m.received_on, reverse=True)
    audit_log_ids(
        user=None,
        action="eservices.citizen.matters",
        person_ids=[m.person_id for m in matters if m.person_id is not None],
        case_ids=[m.case_id for m in matters if m.case_id is not None],
        citizen_subject=citizen.subject,
        shown=len(matters),
    )
    return matters


def citizen_submission(citizen: Citizen, reference: str) -> Matter | None:
    """The citizen's own submission with this reference, or None (not theirs, or none such:
    alike). Audited when found."""
    if not reference or len(reference) > MAX_REFERENCE_LENGTH:
        return None
    submission = _own_submissions(citizen).filter(reference=reference).first()
    if submission is None:
        return None
    cases = _cases_with_decisions({submission.case_id} if submission.case_id else set())
    matter = _matter_of_submission(submission, cases)
    audit_log(
        user=None,
        action="eservices.citizen.matter",
        person_id=matter.person_id,
        case_id=matter.case_id,
        citizen_subject=citizen.subject,
        reference=matter.reference,
    )
    return matter
