"""An LSS application sent through the public e-service by a signed-in citizen
(skyddsnat.eservices): the same case, investigation and requested interventions as
`application_register`, without a member of staff. It lands with the district's LSS unit,
unassigned, marked `channel` "eservice"."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import investigation_build, require_text
from skyddsnat.lib import identity
from skyddsnat.lss.models import ApplicantRole, Application, RequestedIntervention
from skyddsnat.lss.services.applications import _check_age, _rule
from skyddsnat.lss.services.rows import application_build, lss_case_build, requests_build
from skyddsnat.organisation.models import District, Unit, UnitKind
from skyddsnat.people.services import person_get_or_create

ESERVICE = "eservice"


def application_receive(
    *,
    district: District,
    received_on: dt.date,
    applicant_role: str,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    intervention_types: list[InterventionType],
    applicant_name: str = "",
    description: str = "",
    is_synthetic: bool = False,
) -> Application:
    """Register an application that came in through the e-service, in the caller's
    transaction. `applicant_role` is the person themselves or their guardian (named)."""
    if applicant_role not in (ApplicantRole.PERSON, ApplicantRole.GUARDIAN):
        raise ValidationError({"applicant_role": _("Choose who applies.")})
    if applicant_role == ApplicantRole.GUARDIAN:
        applicant_name = require_text("applicant_name", applicant_name, one_line=True)
    else:
        applicant_name = ""
    description = (description or "").strip()
    if description:
        description = require_text("description", description)
    if not intervention_types:
        raise ValidationError({"interventions": _("Choose at least one intervention.")})
    if len({t.pk for t in intervention_types}) != len(intervention_types):
        raise ValidationError({"interventions": _("Each intervention can be applied for once.")})
    rules = [_rule(t) for t in intervention_types]
    district = district.current()
    unit = Unit.objects.filter(district=district, kind=UnitKind.LSS).first()
    if unit is None:
        raise ValidationError({"district": _("The district has no LSS unit.")})
    with transaction.atomic():
        person, _created = person_get_or_create(
            personal_identity_number=personal_identity_number,
            first_name=first_name,
            last_name=last_name,
            is_synthetic=is_synthetic,
        )
        if received_on < identity.birth_date(person.number):
            raise ValidationError({"received_on": _("The date is before the person was born.")})
        for rule in rules:
            _check_age(rule, person, received_on)
        case = lss_case_build(
            person=person, district=district, unit=unit, received_on=received_on, assigned_to=None
        )
        case.save(force_insert=True)
        investigation_build(case=case, opened_on=received_on).save(force_insert=True)
        application = application_build(
            case=case,
            applicant_role=applicant_role,
            applicant_name=applicant_name,
            received_on=received_on,
            description=description,
            registered_by=None,
        )
        application.channel = ESERVICE
        application.save(force_insert=True)
        RequestedIntervention.objects.bulk_create(
            requests_build(application=application, intervention_types=intervention_types)
        )
        audit_log(
            user=None,
            action="lss.application.create",
            person_id=person.pk,
            case_id=case.pk,
            interventions=[t.code for t in intervention_types],
            channel=ESERVICE,
        )
    return application
