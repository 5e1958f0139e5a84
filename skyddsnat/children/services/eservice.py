"""A concern report sent through the public e-service (skyddsnat.eservices): the same report,
case and same-day safety-assessment deadline as `report_register`, without a member of staff.

Nobody on the staff registered it (`registered_by` empty, `channel` "eservice"); it goes to the
receiving district's children and youth unit unassigned, so the unit's queue shows it. The
safety-assessment deadline runs from the moment it was received, with the after-16.00 rule of
the deadline rules (`cases.services.deadline_start`).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import Case, CaseChange, CaseKind, CaseStatus, DeadlineKind
from skyddsnat.cases.services import case_lock, case_record_change, deadline_start, require_text
from skyddsnat.children.models import Channel, Report, ReporterType
from skyddsnat.children.services.rows import report_build, report_case_build
from skyddsnat.organisation.models import District, Unit, UnitKind
from skyddsnat.people.models import IdentityKind, Person
from skyddsnat.people.services import person_get_or_create, person_provisional_create

# The names a report without them is registered under (a provisional person, matched later).
UNKNOWN_NAME = "Okänt"


def eservice_receiving_unit(district: District) -> Unit:
    """The children and youth unit of the district valid today (following mergers)."""
    unit = Unit.objects.filter(district=district.current(), kind=UnitKind.CHILDREN).first()
    if unit is None:
        raise ValidationError({"district": _("The district has no children and youth unit.")})
    return unit


def report_receive(
    *,
    district: District,
    received_at: dt.datetime,
    reporter_type: str,
    description: str,
    reporter_name: str = "",
    personal_identity_number: str = "",
    first_name: str = "",
    last_name: str = "",
    is_synthetic: bool = False,
) -> Report:
    """Register a concern report that came in through the e-service (in the caller's
    transaction, so a failure stores nothing). A child named by identity number is found or
    registered; without one, a provisional person of unknown identity."""
    description = require_text("description", description)
    if reporter_type not in ReporterType.values:
        raise ValidationError({"reporter_type": _("Choose who made the report.")})
    if reporter_type == ReporterType.ANONYMOUS:
        reporter_name = ""
    elif reporter_name.strip():
        reporter_name = require_text("reporter_name", reporter_name, one_line=True)
    received_local = timezone.localtime(received_at)
    unit = eservice_receiving_unit(district)
    district = district.current()
    with transaction.atomic():
        if personal_identity_number.strip():
            child, _created = person_get_or_create(
                personal_identity_number=personal_identity_number,
                first_name=first_name or UNKNOWN_NAME,
                last_name=last_name or UNKNOWN_NAME,
                is_synthetic=is_synthetic,
            )
        else:
            child = person_provisional_create(
                identity_kind=IdentityKind.UNKNOWN,
                first_name=first_name or UNKNOWN_NAME,
                last_name=last_name or UNKNOWN_NAME,
                is_synthetic=is_synthetic,
            )
        # Lock the child so two reports arriving together cannot both open a case.
        Person.objects.select_for_update().filter(pk=child.pk).get()
        case = Case.objects.filter(
            kind=CaseKind.CHILDREN, person=child, unit=unit, status=CaseStatus.INVESTIGATION
        ).first()
        joined = case is not None
        if case is not None:
            case = case_lock(case)
            case_record_change(case=case, user=None, change=CaseChange.REPORT)
        else:
            case = report_case_build(
                person=child, district=district, unit=unit, opened_at=received_at, assigned_to=None
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
            registered_by=None,
            safety_deadline=safety,
        )
        report.channel = Channel.ESERVICE
        report.save(force_insert=True)
        audit_log(
            user=None,
            action="children.report.create",
            person_id=child.pk,
            case_id=case.pk,
            report_id=report.pk,
            joined_investigation=joined,
            channel=Channel.ESERVICE,
        )
    return report
