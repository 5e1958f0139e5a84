"""Issue 9 point 3: a pre-assessment that does not open an investigation may be recorded after the
14 days only with its exceptional reasons (synnerliga skäl), enforced in the service."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skyddsnat.cases.models import Case, CaseStatus, DeadlineRule, Decision
from skyddsnat.children.models import PreAssessmentExceptionalReasons
from skyddsnat.children.services import pre_assessment_decide

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
RECEIVED = dt.datetime(2025, 12, 22, 10, 0, tzinfo=STOCKHOLM)  # day 14 is 5 January 2026


def _report(make_report, caseworker):
    return make_report(caseworker, received_at=RECEIVED)


def test_day_14_needs_no_exceptional_reasons(caseworker, make_report):
    report = _report(make_report, caseworker)
    decision = pre_assessment_decide(
        user=caseworker,
        case=report.case,
        decided_on=dt.date(2026, 1, 5),
        decision="no_investigation",
        reason="Ingen oro kvarstår.",
    )
    assert not PreAssessmentExceptionalReasons.objects.filter(decision=decision).exists()


def test_day_15_without_exceptional_reasons_is_refused_and_stores_nothing(caseworker, make_report):
    report = _report(make_report, caseworker)
    with pytest.raises(ValidationError) as error:
        pre_assessment_decide(
            user=caseworker,
            case=report.case,
            decided_on=dt.date(2026, 1, 6),
            decision="no_investigation",
            reason="Ingen oro kvarstår.",
        )
    assert "exceptional_reasons" in error.value.message_dict
    assert not Decision.objects.filter(case=report.case).exists()
    assert Case.objects.get(pk=report.case_id).status == CaseStatus.PRE_ASSESSMENT


def test_day_15_with_exceptional_reasons_is_recorded_with_them(caseworker, make_report):
    report = _report(make_report, caseworker)
    decision = pre_assessment_decide(
        user=caseworker,
        case=report.case,
        decided_on=dt.date(2026, 1, 6),
        decision="no_investigation",
        reason="Ingen oro kvarstår.",
        exceptional_reasons="Vårdnadshavarna var utomlands; samtal först 6 januari.",
    )
    late = PreAssessmentExceptionalReasons.objects.get(decision=decision)
    assert late.days_late == 1
    assert late.reasons.startswith("Vårdnadshavarna")


def test_opening_an_investigation_late_is_not_held_up(caseworker, make_report):
    report = _report(make_report, caseworker)
    pre_assessment_decide(
        user=caseworker,
        case=report.case,
        decided_on=dt.date(2026, 1, 20),
        decision="open_investigation",
        reason="Oro kvarstår.",
    )
    assert Case.objects.get(pk=report.case_id).status == CaseStatus.INVESTIGATION


def test_blank_or_odd_exceptional_reasons_are_refused(caseworker, make_report):
    report = _report(make_report, caseworker)
    for odd in ["   ", "Skäl\u202e", "x" * 100_000]:
        with pytest.raises(ValidationError) as error:
            pre_assessment_decide(
                user=caseworker,
                case=report.case,
                decided_on=dt.date(2026, 1, 6),
                decision="no_investigation",
                reason="Ingen oro.",
                exceptional_reasons=odd,
            )
        assert "exceptional_reasons" in error.value.message_dict
    assert not Decision.objects.filter(case=report.case).exists()


def test_the_page_says_so_in_swedish_and_shows_the_reasons(caseworker, make_report, client):
    report = _report(make_report, caseworker)
    client.force_login(caseworker)
    url = reverse("children-pre-assessment-create", args=[report.case_id])
    body = {
        "decided_on": "2026-01-06",
        "decision": "no_investigation",
        "reason": "Ingen oro kvarstår.",
        "version": Case.objects.get(pk=report.case_id).version,
    }
    refused = client.post(url, body)
    assert refused.status_code == 400
    assert "synnerliga skäl" in refused.content.decode()
    body["exceptional_reasons"] = "Tolk saknades till 6 januari."
    assert client.post(url, body).status_code == 302
    page = client.get(reverse("cases-case-detail", args=[report.case_id])).content.decode()
    assert "Tolk saknades till 6 januari." in page


def test_the_rule_data_keeps_what_is_not_verified_out_of_the_citation(db):
    rule = DeadlineRule.objects.get(kind="pre_assessment")
    assert "20 kap. 2 §" in rule.unverified
    assert "verifiera" not in rule.citation
    assert rule.amount == 14
