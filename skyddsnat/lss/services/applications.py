"""The LSS flow on the case spine: application → investigation with the eligibility group →
one decision per requested intervention → implementation (verkställighet) and interruptions.
Appeals, interruptions and the places-and-queue writes are their own modules of this package."""

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import (
    CaseChange,
    CaseKind,
    CaseStatus,
    DeadlineKind,
    Decision,
    Intervention,
    InterventionType,
    Investigation,
    Outcome,
)
from skyddsnat.cases.policy import is_lss_staff
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    deadline_complete,
    deadline_start,
    intervention_decision_create,
    intervention_start,
    investigation_build,
    investigation_close,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.lib import identity
from skyddsnat.lss.models import (
    ApplicantRole,
    Application,
    DecisionTerms,
    EligibilityAssessment,
    ImplementationDelay,
    InterventionRule,
    ProviderKind,
    RequestedIntervention,
    ScopeUnit,
)
from skyddsnat.lss.services import age_limits
from skyddsnat.lss.services.places import queue_for_decision
from skyddsnat.lss.services.rows import (
    application_build,
    decision_terms_build,
    implementation_build,
    lss_case_build,
    requests_build,
)
from skyddsnat.organisation.models import District, Unit, UnitKind, User
from skyddsnat.people.models import Person
from skyddsnat.people.services import person_get_or_create


class _Terms(TypedDict):
    """The DecisionTerms fields a decision sets."""

    scope_amount: Decimal | None
    scope_unit: str
    valid_from: dt.date | None
    valid_to: dt.date | None


def _require_lss_staff(user: User) -> None:
    if not is_lss_staff(user):
        raise PermissionDenied(_("Only LSS case officers and managers may do this."))


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _rule(intervention_type: InterventionType) -> InterventionRule:
    rule = InterventionRule.objects.filter(intervention_type=intervention_type).first()
    if rule is None or intervention_type.case_kind != CaseKind.LSS:
        raise ValidationError(
            {
                "interventions": _("%(name)s is not an LSS intervention.")
                % {"name": intervention_type}
            }
        )
    return rule


def _check_age(rule: InterventionRule, person: Person, day: dt.date) -> None:
    # The birth date the number gives: an application for a stored number (perhaps another
    # district's person) must be judged exactly as one for a new number.
    age_limits.require_right_not_ended(rule, person, day)
    age = _age_on(identity.birth_date(person.number), day)
    name = rule.intervention_type.name
    if rule.min_age is not None and age < rule.min_age:
        raise ValidationError(
            {
                "interventions": _(
                    "%(name)s (%(citation)s) requires the person to be at least %(age)s years old."
                )
                % {"name": name, "citation": rule.intervention_type.citation, "age": rule.min_age}
            }
        )
    if rule.max_age is not None and age > rule.max_age:
        raise ValidationError(
            {
                "interventions": _(
                    "%(name)s (%(citation)s) is for persons up to %(age)s years old."
                )
                % {"name": name, "citation": rule.intervention_type.citation, "age": rule.max_age}
            }
        )


def application_register(
    *,
    user: User,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    district: District,
    received_on: dt.date,
    applicant_role: str,
    intervention_types: list[InterventionType],
    applicant_name: str = "",
    description: str = "",
    is_synthetic: bool = False,
) -> Application:
    """Register an application for one or more interventions; it opens an LSS case whose
    investigation starts the day the application arrived."""
    _require_lss_staff(user)
    validate_not_future("received_on", received_on)
    if applicant_role not in ApplicantRole.values:
        raise ValidationError({"applicant_role": _("Choose who applies.")})
    applicant_name = applicant_name.strip()
    if applicant_role != ApplicantRole.PERSON and not applicant_name:
        raise ValidationError(
            {"applicant_name": _("Give the name of the guardian or legal representative.")}
        )
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
            person=person,
            district=district,
            unit=unit,
            received_on=received_on,
            assigned_to=user if user.unit_id == unit.pk and policy.handles_cases(user) else None,
        )
        case.save(force_insert=True)
        investigation_build(case=case, opened_on=received_on).save(force_insert=True)
        application = application_build(
            case=case,
            applicant_role=applicant_role,
            applicant_name="" if applicant_role == ApplicantRole.PERSON else applicant_name,
            received_on=received_on,
            description=description,
            registered_by=user,
        )
        application.save(force_insert=True)
        RequestedIntervention.objects.bulk_create(
            requests_build(application=application, intervention_types=intervention_types)
        )
        audit_log(
            user=user,
            action="lss.application.create",
            person_id=person.pk,
            case_id=case.pk,
            interventions=[t.code for t in intervention_types],
        )
    return application


def eligibility_assess(
    *,
    user: User,
    application: Application,
    group: int | None,
    assessed_on: dt.date,
    reasoning: str,
) -> EligibilityAssessment:
    """Record which eligibility group (personkrets) the person belongs to; None: outside LSS.
    It may be corrected until the first decision is taken."""
    require_case_access(user, application.case)
    reasoning = require_text("reasoning", reasoning)
    validate_not_future("assessed_on", assessed_on)
    if group is not None and group not in (1, 2, 3):
        raise ValidationError({"group": _("Choose eligibility group 1, 2 or 3, or none.")})
    if assessed_on < application.received_on:
        raise ValidationError({"assessed_on": _("The assessment cannot predate the application.")})
    with transaction.atomic():
        case = case_lock(application.case_id)
        if application.requests.filter(decision__isnull=False).exists():
            raise CaseConflict({"group": _("Decisions have been taken; the assessment is final.")})
        assessment, _created = EligibilityAssessment.objects.update_or_create(
            application=application,
            defaults={
                "group": group,
                "assessed_on": assessed_on,
                "reasoning": reasoning,
                "assessed_by": user,
            },
        )
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.ELIGIBILITY,
            action="lss.eligibility.assess",
            group=group,
        )
    return assessment


def decision_record(
    *,
    user: User,
    request: RequestedIntervention,
    decided_on: dt.date,
    outcome: str,
    reason: str,
    scope_amount: Decimal | None = None,
    scope_unit: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    confirm_region: bool = False,
) -> Decision:
    """Grant or refuse one requested intervention under delegation.

    A grant needs an eligibility group the intervention allows, starts the 3-month implementation
    deadline (LSS 28 f §) and puts housing-type decisions in their queue. When every requested
    intervention is decided, the investigation closes.
    """
    application = request.application
    case = application.case
    require_case_access(user, case)
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose grant or refuse.")})
    if decided_on < application.received_on:
        raise ValidationError({"decided_on": _("The decision cannot predate the application.")})
    rule = _rule(request.intervention_type)
    itype = request.intervention_type
    already = _("This intervention has already been decided.")
    with transaction.atomic():
        # The case first (every write of a case takes its lock), then the request: two officers
        # deciding the same request, or one deciding while another corrects the eligibility
        # group, run one after the other.
        case = case_lock(case)
        request = RequestedIntervention.objects.select_for_update().get(pk=request.pk)
        if request.decision_id is not None:
            raise CaseConflict({"outcome": already})
        assessment = EligibilityAssessment.objects.filter(application=application).first()
        if assessment is None:
            raise ValidationError(
                {"outcome": _("Assess the eligibility group (personkrets) before deciding.")}
            )
        terms: _Terms = {
            "scope_amount": None,
            "scope_unit": "",
            "valid_from": None,
            "valid_to": None,
        }
        if outcome == Outcome.GRANT:
            if assessment.group is None:
                raise ValidationError(
                    {
                        "outcome": _(
                            "The person is not in the LSS eligibility groups; "
                            "only refusal is possible."
                        )
                    }
                )
            if assessment.group not in rule.groups:
                groups = _(" or ").join(str(g) for g in sorted(rule.groups))
                raise ValidationError(
                    {
                        "outcome": _(
                            "%(name)s (%(citation)s) can only be granted to eligibility group "
                            "%(groups)s; "
                            "the person is in group %(group)s."
                        )
                        % {
                            "name": itype.name,
                            "citation": itype.citation,
                            "groups": groups,
                            "group": assessment.group,
                        }
                    }
                )
            if rule.normally_region and not confirm_region:
                raise ValidationError(
                    {
                        "confirm_region": _(
                            "%(name)s (%(citation)s) is normally provided by the region. "
                            "Confirm that the municipality provides it (agreement with the region)."
                        )
                        % {"name": itype.name, "citation": itype.citation}
                    }
                )
            if scope_unit not in ScopeUnit.values:
                raise ValidationError({"scope_unit": _("Choose a unit for the scope.")})
            if rule.scope_unit and (scope_amount is None or scope_amount <= 0):
                raise ValidationError(
                    {"scope_amount": _("Give the scope of the grant, e.g. hours per month.")}
                )
            if scope_amount is not None and scope_amount <= 0:
                raise ValidationError({"scope_amount": _("The scope must be more than zero.")})
            if scope_amount is not None and not scope_unit:
                scope_unit = rule.scope_unit
            valid_from = valid_from or decided_on
            valid_to = age_limits.grant_valid_to(
                rule, case.person, decided_on=decided_on, valid_to=valid_to
            )
            if valid_to is not None and valid_to < valid_from:
                raise ValidationError({"valid_to": _("The validity cannot end before it starts.")})
            terms = {
                "scope_amount": scope_amount,
                "scope_unit": scope_unit if scope_amount is not None else "",
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
        decision = intervention_decision_create(
            case=case,
            user=user,
            intervention_type=itype,
            decided_on=decided_on,
            outcome=outcome,
            reason=reason,
            already=("outcome", already),
        )
        deadline = None
        if outcome == Outcome.GRANT:
            deadline = deadline_start(
                case=case, kind=DeadlineKind.LSS_IMPLEMENTATION, start=decided_on
            )
        decision_terms_build(decision=decision, implementation_deadline=deadline, **terms).save(
            force_insert=True
        )
        request.decision = decision
        request.save(update_fields=["decision"])
        if outcome == Outcome.GRANT:
            queue_for_decision(user=user, decision=decision)
        status = None
        if not application.requests.filter(decision__isnull=True).exists():
            investigation_close(
                investigation=Investigation.objects.get(case=case), closed_on=decided_on
            )
            granted = case.decisions.filter(outcome=Outcome.GRANT).exists()
            if case.status == CaseStatus.INVESTIGATION:
                status = CaseStatus.DECIDED if granted else CaseStatus.CLOSED
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.DECISION,
            status=status,
            action="lss.decision.create",
            outcome=outcome,
            intervention_type=itype.code,
            delegation=decision.delegation.code,
        )
    return decision


def implementation_record(
    *,
    user: User,
    decision: Decision,
    started_on: dt.date,
    provider_kind: str,
    provider: str = "",
    cost_sek: int = 0,
) -> Intervention:
    """Verkställighet: the granted intervention started on this date with this provider."""
    require_case_access(user, decision.case)
    validate_not_future("started_on", started_on)
    if provider_kind not in ProviderKind.values:
        raise ValidationError({"provider_kind": _("Choose own unit or external provider.")})
    provider = provider.strip()
    if provider_kind == ProviderKind.EXTERNAL and not provider:
        raise ValidationError({"provider": _("Give the name of the external provider.")})
    if provider_kind == ProviderKind.OWN and not provider:
        provider = decision.case.unit.name
    # intervention_start checks the grant, the dates and that it is not implemented already.
    with transaction.atomic():
        intervention = intervention_start(
            user=user,
            decision=decision,
            started_on=started_on,
            cost_sek=cost_sek,
            provider=provider,
            audit_detail={"provider_kind": provider_kind},
        )
        # Under the case lock intervention_start took: a decision that ended without
        # implementation (LSS 28 f–h §§, services.delays) is not implemented afterwards.
        if ImplementationDelay.objects.filter(decision=decision, closed_on__isnull=False).exists():
            raise CaseConflict({"started_on": _("The decision ended without implementation.")})
        implementation_build(
            intervention=intervention, provider_kind=provider_kind, recorded_by=user
        ).save(force_insert=True)
        terms = (
            DecisionTerms.objects.filter(decision=decision)
            .select_related("implementation_deadline")
            .first()
        )
        if terms is not None and terms.implementation_deadline is not None:
            deadline_complete(
                deadline=terms.implementation_deadline,
                at=timezone.make_aware(dt.datetime.combine(started_on, dt.time(12, 0))),
            )
        # One user action, one audit entry: intervention_start already logged
        # cases.intervention.create; the provider kind is kept on the Implementation row.
    return intervention
