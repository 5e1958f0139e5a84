"""Issue 9 point 9: daily activity ends at working age (67, rule data), today's terms for the
eligibility groups, a housing decision the officer's delegation does not cover is prepared and
sent to the manager, statuses read "Beviljad"/"Avslagen", and an LSS officer's start page is not
the children's."""

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases import policy
from skyddsnat.cases.models import Decision, InterventionType
from skyddsnat.lib import identity
from skyddsnat.lss import services
from skyddsnat.lss.models import DecisionReferral, InterventionRule
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.organisation.models import DecisionType

_rng = random.Random(990067)  # noqa: S311 (synthetic test data)

# The 67th birthday of a person born on 15 June 1958: a day in the past whenever the suite runs.
BORN_1958 = dt.date(1958, 6, 15)
BIRTHDAY_67 = dt.date(2025, 6, 15)


def _number(born: dt.date) -> str:
    return identity.synthetic(_rng, born)


def _apply(make_application, user, received_on, codes=("lss-daily-activity",), born=BORN_1958):
    return make_application(
        user,
        codes=codes,
        received_on=received_on,
        personal_identity_number=_number(born),
    )


# --- Daily activity ends at 67 -------------------------------------------------------------


def test_the_daily_activity_age_limit_is_rule_data_with_its_citation(db):
    rule = InterventionRule.objects.get(paragraph=10)
    assert rule.ends_at_age == 67
    assert "HFD 2014:41" in rule.age_citation
    assert (
        InterventionRule.objects.exclude(paragraph=10).filter(ends_at_age__isnull=False).count()
        == 0
    )


def test_an_application_on_the_67th_birthday_is_refused(officer, make_application):
    with pytest.raises(ValidationError) as error:
        _apply(make_application, officer, BIRTHDAY_67)
    assert "67" in str(error.value.message_dict["interventions"])


def test_an_application_the_day_before_the_67th_birthday_is_registered(officer, make_application):
    application = _apply(make_application, officer, BIRTHDAY_67 - dt.timedelta(days=1))
    assert application.requests.count() == 1


def test_a_grant_is_valid_until_the_day_before_the_67th_birthday(officer, make_application):
    received = BIRTHDAY_67 - dt.timedelta(days=20)
    application = _apply(make_application, officer, received)
    assess(officer, application, group=1, on=received)
    decision = grant(
        officer, application.requests.get(), on=received + dt.timedelta(days=1), scope_amount=None
    )
    assert decision.lss_terms.valid_to == dt.date(2025, 6, 14)


def test_a_grant_valid_past_the_67th_birthday_is_refused(officer, make_application):
    received = BIRTHDAY_67 - dt.timedelta(days=20)
    application = _apply(make_application, officer, received)
    assess(officer, application, group=1, on=received)
    with pytest.raises(ValidationError) as error:
        grant(
            officer,
            application.requests.get(),
            on=received + dt.timedelta(days=1),
            scope_amount=None,
            valid_to=BIRTHDAY_67,
        )
    assert "2025-06-14" in str(error.value.message_dict["valid_to"])
    assert not Decision.objects.exists()


def test_a_grant_decided_on_the_67th_birthday_is_refused(officer, make_application):
    received = BIRTHDAY_67 - dt.timedelta(days=20)
    application = _apply(make_application, officer, received)
    assess(officer, application, group=1, on=received)
    with pytest.raises(ValidationError) as error:
        grant(officer, application.requests.get(), on=BIRTHDAY_67, scope_amount=None)
    assert "outcome" in error.value.message_dict
    assert not Decision.objects.exists()


def test_other_interventions_have_no_age_end(officer, make_application):
    application = _apply(make_application, officer, BIRTHDAY_67, codes=("lss-companion",))
    assess(officer, application, group=1, on=BIRTHDAY_67)
    decision = grant(officer, application.requests.get(), on=BIRTHDAY_67)
    assert decision.lss_terms.valid_to is None


# --- Today's terms, statuses as adjectives ------------------------------------------------------


def test_the_eligibility_groups_use_todays_terms(client, officer, make_application):
    application = make_application(officer)
    client.force_login(officer)
    page = client.get(reverse("lss-application-detail", args=[application.pk])).content.decode()
    assert "intellektuell funktionsnedsättning" in page
    assert "utvecklingsstörning" not in page.lower()
    assert "funktionshinder" not in page


def test_decisions_read_beviljad_and_avslagen(client, officer, make_application):
    application = make_application(officer, codes=("lss-companion", "lss-contact-person"))
    assess(officer, application)
    first, second = application.requests.order_by("pk")
    grant(officer, first)
    services.decision_record(
        user=officer,
        request=second,
        decided_on=dt.date(2024, 1, 31),
        outcome="refuse",
        reason="Behovet tillgodoses på annat sätt.",
    )
    client.force_login(officer)
    detail = client.get(reverse("lss-application-detail", args=[application.pk])).content.decode()
    listing = client.get(reverse("lss-application-list")).content.decode()
    for page in (detail, listing):
        assert "Beviljad" in page
        assert "Avslagen" in page
        assert "bevilja)" not in page and "avslå)" not in page


# --- Housing: prepared by the officer, decided by the manager ------------------------------


def _housing(officer, make_application):
    application = make_application(officer, codes=("lss-housing-adults",))
    assess(officer, application)
    return application, application.requests.get()


def test_the_officer_is_offered_send_to_the_manager_not_a_decision_form(
    client, officer, make_application
):
    application, request = _housing(officer, make_application)
    client.force_login(officer)
    page = client.get(reverse("lss-application-detail", args=[application.pk])).content.decode()
    assert reverse("lss-decision-refer", args=[request.pk]) in page
    assert reverse("lss-decision-create", args=[request.pk]) not in page
    assert "Skicka till enhetschef" in page


def test_the_officer_sends_the_prepared_decision_to_the_managers_queue(
    client, officer, lss_manager, make_application
):
    application, request = _housing(officer, make_application)
    client.force_login(officer)
    response = client.post(
        reverse("lss-decision-refer", args=[request.pk]),
        {f"p{request.pk}-outcome": "grant", f"p{request.pk}-reason": "Behöver gruppbostad."},
    )
    assert response.status_code == 302
    referral = DecisionReferral.objects.get(request=request)
    assert (referral.sent_by, referral.sent_to_role) == (officer, "manager")
    assert AuditEntry.objects.filter(
        action="lss.decision.refer", user_id=officer.pk, case_id=application.case_id
    ).exists()

    client.force_login(lss_manager)
    queue = client.get(reverse("lss-referrals")).content.decode()
    assert application.case.reference in queue
    assert "Beviljad" in queue
    assert AuditEntry.objects.filter(action="lss.referral.list", user_id=lss_manager.pk).exists()
    page = client.get(reverse("lss-application-detail", args=[application.pk])).content.decode()
    # The decision form, filled in with the officer's proposal.
    assert reverse("lss-decision-create", args=[request.pk]) in page
    assert "Behöver gruppbostad." in page

    services.decision_record(
        user=lss_manager,
        request=request,
        decided_on=dt.date(2024, 2, 1),
        outcome="grant",
        reason="Behöver gruppbostad.",
    )
    queue = client.get(reverse("lss-referrals")).content.decode()
    assert application.case.reference not in queue


def test_a_decision_the_officer_may_take_is_not_sent(officer, make_application):
    application = make_application(officer)
    assess(officer, application)
    with pytest.raises(ValidationError):
        services.decision_refer(
            user=officer, request=application.requests.get(), outcome="grant", reason="Behov."
        )
    assert not DecisionReferral.objects.exists()


def test_a_decision_is_sent_once(officer, make_application):
    _application, request = _housing(officer, make_application)
    services.decision_refer(user=officer, request=request, outcome="grant", reason="Behov.")
    with pytest.raises(ValidationError):
        services.decision_refer(user=officer, request=request, outcome="refuse", reason="Nej.")
    assert DecisionReferral.objects.count() == 1


def test_another_districts_officer_cannot_send_it(lss_outsider, officer, make_application):
    _application, request = _housing(officer, make_application)
    with pytest.raises(PermissionDenied):
        services.decision_refer(user=lss_outsider, request=request, outcome="grant", reason="B.")
    assert not DecisionReferral.objects.exists()


def test_the_referral_page_refuses_other_roles(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("lss-referrals")).status_code == 404


# --- The LSS officer's start page -----------------------------------------------------------------


def test_an_lss_officers_start_page_offers_no_report_form_and_no_child(
    client, officer, make_application
):
    make_application(officer)
    client.force_login(officer)
    page = client.get(reverse("cases-my-cases")).content.decode()
    assert reverse("children-report-create") not in page
    assert ">Barn<" not in page
    assert ">Person<" in page


def test_a_caseworkers_start_page_still_offers_the_report_form(client, caseworker):
    client.force_login(caseworker)
    page = client.get(reverse("cases-my-cases")).content.decode()
    assert reverse("children-report-create") in page


def test_housing_is_still_in_the_catalogue_as_a_manager_decision(db):
    housing = InterventionType.objects.get(code="lss-housing-adults")
    assert policy.deciding_role(DecisionType.INTERVENTION, housing) == "manager"
