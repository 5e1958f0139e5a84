import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import CaseStatus, Deadline, DeadlineKind
from skyddsnat.lss import services
from skyddsnat.lss.models import CourtOutcome, Implementation
from skyddsnat.lss.tests.conftest import assess, grant


def test_an_application_for_several_interventions_opens_one_lss_case(officer, make_application):
    application = make_application(
        officer,
        codes=("lss-companion", "lss-contact-person"),
        applicant_role="guardian",
        applicant_name="Eva Testsson",
    )
    case = application.case
    assert case.kind == "lss"
    assert case.status == CaseStatus.INVESTIGATION
    assert case.unit.kind == "lss"
    assert case.assigned_to == officer
    assert case.investigation.opened_on == dt.date(2024, 1, 10)
    assert [r.intervention_type.code for r in application.requests.all()] == [
        "lss-companion",
        "lss-contact-person",
    ]
    assert AuditEntry.objects.filter(action="lss.application.create", case_id=case.pk).exists()


def test_a_guardian_application_needs_the_guardians_name(officer, make_application):
    with pytest.raises(ValidationError) as exc:
        make_application(officer, applicant_role="guardian", applicant_name="")
    assert "applicant_name" in exc.value.message_dict


def test_it_refuses_an_application_without_interventions(officer, make_application):
    with pytest.raises(ValidationError):
        make_application(officer, codes=())


def test_it_refuses_a_future_received_date(officer, make_application):
    with pytest.raises(ValidationError) as exc:
        make_application(officer, received_on=timezone.localdate() + dt.timedelta(days=2))
    assert "received_on" in exc.value.message_dict


def test_a_children_unit_caseworker_cannot_register_lss_applications(caseworker, make_application):
    with pytest.raises(PermissionDenied):
        make_application(caseworker)


def test_one_decision_per_requested_intervention_closes_the_investigation(
    officer, make_application
):
    application = make_application(officer, codes=("lss-companion", "lss-contact-person"))
    assess(officer, application, group=3)
    companion, contact = application.requests.all()
    decision = grant(officer, companion, valid_to=dt.date(2025, 1, 31))
    application.case.refresh_from_db()
    assert application.case.status == CaseStatus.INVESTIGATION
    refusal = services.decision_record(
        user=officer,
        request=contact,
        decided_on=dt.date(2024, 2, 1),
        outcome="refuse",
        reason="Behovet tillgodoses på annat sätt.",
    )
    case = application.case
    case.refresh_from_db()
    case.investigation.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.investigation.closed_on == dt.date(2024, 2, 1)
    assert decision.lss_terms.scope_amount == 10
    assert decision.lss_terms.valid_from == dt.date(2024, 1, 31)
    assert decision.lss_terms.valid_to == dt.date(2025, 1, 31)
    assert decision.delegation.code == "LSS 1.3"
    assert refusal.lss_terms.implementation_deadline is None
    deadline = decision.lss_terms.implementation_deadline
    assert deadline.kind == DeadlineKind.LSS_IMPLEMENTATION
    assert deadline.due == dt.date(2024, 4, 30)  # 31 Jan + 3 months, clamped
    assert "28 f" in deadline.rule.citation


def test_all_refused_closes_the_case(officer, make_application):
    application = make_application(officer)
    assess(officer, application, group=None)
    services.decision_record(
        user=officer,
        request=application.requests.get(),
        decided_on=dt.date(2024, 2, 1),
        outcome="refuse",
        reason="Tillhör inte personkretsen.",
    )
    application.case.refresh_from_db()
    assert application.case.status == CaseStatus.CLOSED


def test_it_refuses_to_decide_before_the_eligibility_group_is_assessed(officer, make_application):
    application = make_application(officer)
    with pytest.raises(ValidationError) as exc:
        grant(officer, application.requests.get())
    assert "personkrets" in str(exc.value)


def test_a_person_outside_the_eligibility_groups_can_only_be_refused(officer, make_application):
    application = make_application(officer)
    assess(officer, application, group=None)
    with pytest.raises(ValidationError):
        grant(officer, application.requests.get())


def test_it_refuses_to_decide_the_same_intervention_twice(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    request = application.requests.get()
    grant(officer, request)
    request.refresh_from_db()
    with pytest.raises(ValidationError):
        grant(officer, request)


def test_housing_for_adults_is_decided_by_the_manager_not_the_officer(
    officer, lss_manager, make_application
):
    application = make_application(officer, codes=("lss-housing-adults",))
    assess(officer, application)
    request = application.requests.get()
    with pytest.raises(PermissionDenied):
        grant(officer, request, scope_amount=None, scope_unit="")
    decision = grant(lss_manager, request, scope_amount=None, scope_unit="")
    assert decision.delegation.code == "LSS 2.9"


def test_the_officer_of_another_district_cannot_decide(officer, lss_outsider, make_application):
    application = make_application(officer)
    assess(officer, application)
    with pytest.raises(PermissionDenied):
        grant(lss_outsider, application.requests.get())


def test_a_grant_needs_its_scope(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    with pytest.raises(ValidationError) as exc:
        grant(officer, application.requests.get(), scope_amount=None)
    assert "scope_amount" in exc.value.message_dict


def test_validity_cannot_end_before_it_starts(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    with pytest.raises(ValidationError) as exc:
        grant(officer, application.requests.get(), valid_to=dt.date(2024, 1, 1))
    assert "valid_to" in exc.value.message_dict


def test_implementation_records_start_provider_and_completes_the_deadline(
    officer, make_application
):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    intervention = services.implementation_record(
        user=officer,
        decision=decision,
        started_on=dt.date(2024, 3, 1),
        provider_kind="external",
        provider="Assistansbolaget AB",
    )
    assert intervention.provider == "Assistansbolaget AB"
    assert Implementation.objects.get(intervention=intervention).provider_kind == "external"
    deadline = Deadline.objects.get(pk=decision.lss_terms.implementation_deadline_id)
    assert deadline.done
    application.case.refresh_from_db()
    assert application.case.status == CaseStatus.INTERVENTION
    # One user action, one audit entry: the spine's, not a second one from LSS.
    actions = AuditEntry.objects.filter(
        case_id=application.case.pk,
        action__in=["cases.intervention.create", "lss.implementation.create"],
    ).values_list("action", flat=True)
    assert list(actions) == ["cases.intervention.create"]
    entry = AuditEntry.objects.get(case_id=application.case.pk, action="cases.intervention.create")
    assert entry.detail["provider_kind"] == "external"
    with pytest.raises(ValidationError):
        services.implementation_record(
            user=officer, decision=decision, started_on=dt.date(2024, 3, 2), provider_kind="own"
        )


def test_an_external_provider_needs_a_name(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    with pytest.raises(ValidationError) as exc:
        services.implementation_record(
            user=officer,
            decision=decision,
            started_on=dt.date(2024, 3, 1),
            provider_kind="external",
        )
    assert "provider" in exc.value.message_dict


def test_it_refuses_to_implement_before_the_decision(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    with pytest.raises(ValidationError):
        services.implementation_record(
            user=officer, decision=decision, started_on=dt.date(2024, 1, 1), provider_kind="own"
        )


def test_interruptions_start_and_end_and_cannot_overlap(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    intervention = services.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 2, 1), provider_kind="own"
    )
    stop = services.interruption_start(
        user=officer,
        intervention=intervention,
        starts_on=dt.date(2024, 3, 1),
        reason="Assistent saknas.",
    )
    assert stop.deadline.due == dt.date(2024, 6, 1)
    with pytest.raises(ValidationError):
        services.interruption_start(
            user=officer, intervention=intervention, starts_on=dt.date(2024, 3, 5), reason="x"
        )
    services.interruption_end(user=officer, interruption=stop, ends_on=dt.date(2024, 4, 1))
    stop.deadline.refresh_from_db()
    assert stop.deadline.done
    with pytest.raises(ValidationError):
        services.interruption_start(
            user=officer, intervention=intervention, starts_on=dt.date(2024, 3, 20), reason="x"
        )


def test_an_appeal_records_its_arrival_and_the_courts_outcome(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    refusal = services.decision_record(
        user=officer,
        request=application.requests.get(),
        decided_on=dt.date(2024, 2, 1),
        outcome="refuse",
        reason="Behov saknas.",
    )
    appeal = services.appeal_register(
        user=officer, decision=refusal, received_on=dt.date(2024, 2, 15)
    )
    assert appeal.outcome == CourtOutcome.PENDING
    services.appeal_outcome_record(
        user=officer, appeal=appeal, outcome="changed", outcome_on=dt.date(2024, 6, 1)
    )
    appeal.refresh_from_db()
    assert appeal.outcome == "changed"
    with pytest.raises(ValidationError):
        services.appeal_register(user=officer, decision=refusal, received_on=dt.date(2024, 1, 1))
