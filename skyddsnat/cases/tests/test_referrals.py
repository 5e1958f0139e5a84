"""Issue 9 point 7: the case page tells the caseworker what to do next. An investigation near its
limit offers "Begär förlängning" to a caseworker whose delegation does not cover extensions; a
decision outside the user's delegation is sent to the one who may take it; the manager decides
from "Beslut att fatta"; a done limit that was late says so."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import (
    Case,
    Deadline,
    DeadlineExtension,
    DeadlineKind,
    Decision,
    InterventionType,
    Referral,
    ReferralStatus,
)
from skyddsnat.cases.selectors import days_late
from skyddsnat.cases.services import (
    CaseConflict,
    case_decision_refer,
    extension_request,
    extension_request_offered,
    referral_decide,
)
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.organisation.models import DecisionType

pytestmark = pytest.mark.django_db


def _investigation(user, make_report, *, opened_days_ago: int) -> Case:
    opened = timezone.localdate() - dt.timedelta(days=opened_days_ago)
    received = timezone.make_aware(dt.datetime.combine(opened, dt.time(9, 0)))
    report = make_report(user, received_at=received)
    pre_assessment_decide(
        user=user,
        case=report.case,
        decided_on=opened,
        decision="open_investigation",
        reason="Oro för barnet.",
    )
    return Case.objects.get(pk=report.case_id)


@pytest.fixture
def near(caseworker, make_report) -> Case:
    """An investigation opened about 110 days ago: its 4-month limit is a week or two away."""
    return _investigation(caseworker, make_report, opened_days_ago=110)


@pytest.fixture
def far(caseworker, make_report) -> Case:
    return _investigation(caseworker, make_report, opened_days_ago=1)


def _due(case: Case) -> dt.date:
    return Deadline.objects.get(case=case, kind=DeadlineKind.INVESTIGATION).due


def test_a_caseworker_near_the_limit_is_offered_to_ask_for_an_extension(caseworker, near, client):
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[near.pk])).content.decode()
    assert "Begär förlängning" in page
    assert "Skicka till enhetschef" in page
    # Not the manager's form that would fail on submit.
    assert f'action="{reverse("cases-extension-create", args=[near.pk])}"' not in page
    assert "verifiera" not in page.lower()


def test_far_from_the_limit_nothing_is_offered(caseworker, far, client):
    assert not extension_request_offered(user=caseworker, case=far, today=timezone.localdate())
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[far.pk])).content.decode()
    assert "Begär förlängning" not in page


def test_the_window_is_a_setting(caseworker, far, settings):
    days = (_due(far) - timezone.localdate()).days
    settings.SKYDDSNAT_EXTENSION_REQUEST_DAYS = days
    assert extension_request_offered(user=caseworker, case=far, today=timezone.localdate())
    settings.SKYDDSNAT_EXTENSION_REQUEST_DAYS = days - 1
    assert not extension_request_offered(user=caseworker, case=far, today=timezone.localdate())


def test_the_manager_who_may_extend_gets_the_form_not_the_request(manager, near, client):
    client.force_login(manager)
    page = client.get(reverse("cases-case-detail", args=[near.pk])).content.decode()
    assert f'action="{reverse("cases-extension-create", args=[near.pk])}"' in page
    assert "Begär förlängning" not in page
    with pytest.raises(ValidationError):
        extension_request(user=manager, case=near, reason="Behövs.")


def test_the_request_reaches_the_managers_queue_and_a_grant_extends(
    caseworker, manager, near, client
):
    due = _due(near)
    client.force_login(caseworker)
    response = client.post(
        reverse("cases-extension-request-create", args=[near.pk]),
        {
            "reason": "Väntar på utlåtande från BUP.",
            "proposed_due": (due + dt.timedelta(days=30)).isoformat(),
            "version": Case.objects.get(pk=near.pk).version,
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(case=near)
    assert (referral.sent_to_role, referral.status) == ("manager", ReferralStatus.PENDING)
    # Asked once: the page no longer offers it, and a second request is a conflict.
    assert not extension_request_offered(user=caseworker, case=near, today=timezone.localdate())
    with pytest.raises(CaseConflict):
        extension_request(user=caseworker, case=near, reason="Igen.")

    manager_client = Client()
    manager_client.force_login(manager)
    queue = manager_client.get(reverse("cases-referrals")).content.decode()
    assert "Beslut att fatta" in queue and "Väntar på utlåtande från BUP." in queue
    response = manager_client.post(
        reverse("cases-referral-decide", args=[referral.pk]),
        {
            f"r{referral.pk}-outcome": "grant",
            f"r{referral.pk}-new_due": (due + dt.timedelta(days=30)).isoformat(),
            f"r{referral.pk}-reason": "Särskilda skäl: utlåtandet dröjer.",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.GRANTED
    assert referral.decided_by == manager
    assert _due(near) == due + dt.timedelta(days=30)
    assert DeadlineExtension.objects.get(pk=referral.extension_id).decided_by == manager
    assert AuditEntry.objects.filter(action="cases.referral.decide", case_id=near.pk).exists()
    assert AuditEntry.objects.filter(action="cases.referral.create", case_id=near.pk).exists()
    page = client.get(reverse("cases-case-detail", args=[near.pk])).content.decode()
    assert "Beviljad" in page


def test_a_refusal_leaves_the_limit_as_it_was(caseworker, manager, near):
    due = _due(near)
    referral = extension_request(user=caseworker, case=near, reason="Behövs mer tid.")
    referral_decide(
        user=manager, referral=referral, outcome="refuse", reason="Inga särskilda skäl."
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFUSED
    assert _due(near) == due
    assert not DeadlineExtension.objects.filter(deadline__case=near).exists()


def test_only_the_role_it_was_sent_to_decides(caseworker, colleague, near, outsider):
    referral = extension_request(user=caseworker, case=near, reason="Behövs mer tid.")
    with pytest.raises(PermissionDenied):
        referral_decide(user=colleague, referral=referral, outcome="grant", reason="Ja.")
    with pytest.raises(PermissionDenied):
        referral_decide(user=outsider, referral=referral, outcome="grant", reason="Ja.")


def test_another_districts_manager_sees_nothing(caseworker, near, db):
    from conftest import make_user

    referral = extension_request(user=caseworker, case=near, reason="Behövs mer tid.")
    other = make_user("chef.sodermalm", "manager", "sodermalm")
    client = Client()
    client.force_login(other)
    assert "Behövs mer tid." not in client.get(reverse("cases-referrals")).content.decode()
    response = client.post(
        reverse("cases-referral-decide", args=[referral.pk]),
        {f"r{referral.pk}-outcome": "grant", f"r{referral.pk}-reason": "Ja."},
    )
    assert response.status_code == 404


def test_the_queue_is_the_managers_only(caseworker, client):
    client.force_login(caseworker)
    assert client.get(reverse("cases-referrals")).status_code == 404


def test_a_decision_outside_the_delegation_is_sent_not_refused_on_submit(
    caseworker, manager, near, client
):
    placement = (
        InterventionType.objects.filter(case_kind="children", is_placement=True)
        .exclude(legal_basis="lvu")
        .first()
    )
    contact = InterventionType.objects.get(code="contact-person")
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[near.pk])).content.decode()
    decision_form = page.split('id="action-decision"')[1].split("</details>")[0]
    referral_form = page.split('id="action-referral"')[1].split("</details>")[0]
    # The decision form offers what the caseworker may decide; the placement goes to the manager.
    assert contact.name in decision_form and placement.name not in decision_form
    assert placement.name in referral_form
    response = client.post(
        reverse("cases-referral-create", args=[near.pk]),
        {
            "intervention_type": placement.pk,
            "outcome": "grant",
            "reason": "Barnet behöver placeras i familjehem.",
            "version": Case.objects.get(pk=near.pk).version,
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(case=near, decision_type=DecisionType.INTERVENTION)
    referral_decide(
        user=manager, referral=referral, outcome="grant", reason="Beviljas enligt förslaget."
    )
    decision = Decision.objects.get(case=near, intervention_type=placement)
    assert (decision.outcome, decision.decided_by) == ("grant", manager)
    referral.refresh_from_db()
    assert referral.decision == decision


def test_a_decision_the_user_may_take_is_not_sent(caseworker, near):
    contact = InterventionType.objects.get(code="contact-person")
    with pytest.raises(ValidationError):
        case_decision_refer(
            user=caseworker, case=near, intervention_type=contact, outcome="grant", reason="Ja."
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_deciding_one_request_at_once_make_exactly_one_decision(
    caseworker, make_report
):
    from conftest import make_user

    case = _investigation(caseworker, make_report, opened_days_ago=110)
    due = _due(case)
    referral = extension_request(user=caseworker, case=case, reason="Behövs mer tid.")
    managers = [make_user(f"chef{i}.jarva", "manager", "jarva") for i in range(2)]

    def decide(i: int):
        return referral_decide(
            user=managers[i],
            referral=Referral.objects.get(pk=referral.pk),
            outcome="grant" if i == 0 else "refuse",
            reason=f"Beslut {i}.",
            new_due=due + dt.timedelta(days=20),
        )

    results = race(2, decide)
    decided = [r for r in results if isinstance(r, Referral)]
    conflicts = [r for r in results if isinstance(r, CaseConflict)]
    assert (len(decided), len(conflicts)) == (1, 1), results
    referral.refresh_from_db()
    assert referral.status == decided[0].status
    extensions = DeadlineExtension.objects.filter(deadline__case=case).count()
    assert extensions == (1 if referral.status == ReferralStatus.GRANTED else 0)


def test_a_done_limit_that_was_late_says_how_late(caseworker, make_report, client):
    received = timezone.now() - dt.timedelta(days=20)
    report = make_report(caseworker, received_at=received)
    pre_assessment_decide(
        user=caseworker,
        case=report.case,
        decided_on=timezone.localdate(),
        decision="open_investigation",
        reason="Oro.",
    )
    pre = Deadline.objects.get(case=report.case, kind=DeadlineKind.PRE_ASSESSMENT)
    late = (timezone.localdate() - pre.due).days
    assert late > 0 and days_late(pre) == late
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[report.case_id])).content.decode()
    assert f"Klar, {late} dagar sen" in page
