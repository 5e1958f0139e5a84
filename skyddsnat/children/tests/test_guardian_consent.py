"""Issue 9 point 6: a child of 15 or more may receive early help without the guardians' consent
(rule data with its citation); below that, the consent is recorded per guardian."""

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.guardians import guardian_add
from skyddsnat.cases.models import InterventionType
from skyddsnat.children.guardians import guardian_consent_record, needs_guardians_consent
from skyddsnat.children.models import ConsentRule, GuardianConsent
from skyddsnat.children.services import early_help_start, pre_assessment_decide
from skyddsnat.lib import identity

pytestmark = pytest.mark.django_db

_rng = random.Random(15150015)  # noqa: S311 (synthetic test data)

# Born 10 March 2010: the 15th birthday, 10 March 2025, is in the past whenever the suite runs.
BORN = dt.date(2010, 3, 10)
FIFTEENTH = dt.date(2025, 3, 10)


def _number(born: dt.date) -> str:
    return identity.synthetic(_rng, born)


def _start(user, *, born=BORN, started_on, consent=False, **extra):
    return early_help_start(
        user=user,
        personal_identity_number=_number(born),
        first_name="Alex",
        last_name="Femton",
        is_synthetic=True,
        intervention_type=InterventionType.objects.get(code="parent-support"),
        started_on=started_on,
        consent_given=consent,
        consent_on=started_on if consent else None,
        **extra,
    )


def test_the_age_is_rule_data_with_its_citation():
    rule = ConsentRule.objects.get(code="early-help-without-guardians-consent")
    assert rule.age == 15
    assert "2025:400" in rule.citation


def test_on_the_15th_birthday_the_child_needs_no_guardians_consent(caseworker):
    help_record = _start(caseworker, started_on=FIFTEENTH)
    assert help_record.consent_given is False


def test_the_day_before_the_15th_birthday_the_guardians_must_consent(caseworker):
    with pytest.raises(ValidationError) as error:
        _start(caseworker, started_on=FIFTEENTH - dt.timedelta(days=1))
    assert "consent_given" in error.value.message_dict


def test_a_municipality_that_changes_the_age_changes_the_rule(caseworker):
    ConsentRule.objects.update(age=12)
    help_record = _start(caseworker, started_on=FIFTEENTH - dt.timedelta(days=1))
    assert help_record.pk is not None


def test_a_child_born_on_29_february_turns_15_on_28_february():
    born = dt.date(2008, 2, 29)
    number = _number(born)
    person = type("P", (), {"personal_identity_number": number})()
    assert needs_guardians_consent(person, dt.date(2023, 2, 27)) is True
    assert needs_guardians_consent(person, dt.date(2023, 2, 28)) is False


def _case_with_guardians(user, make_report):
    report = make_report(user)
    case = report.case
    guardians = [
        guardian_add(
            user=user,
            case=case,
            personal_identity_number=_number(dt.date(1980 + i, 1, 1)),
            first_name=first,
            last_name="Förälder",
            relation="parent",
            is_synthetic=True,
        ).guardian
        for i, first in enumerate(["Anna", "Bo"])
    ]
    pre_assessment_decide(
        user=user,
        case=case,
        decided_on=timezone.localdate(),
        decision="no_investigation",
        reason="Familjen tar emot stöd frivilligt.",
    )
    case.refresh_from_db()
    return case, guardians


def _from_case(user, case):
    today = timezone.localdate()
    return early_help_start(
        user=user,
        case=case,
        intervention_type=InterventionType.objects.get(code="parent-support"),
        started_on=today,
        consent_given=True,
        consent_on=today,
    )


def test_the_guardians_consent_at_the_start_is_recorded_per_guardian(caseworker, make_report):
    case, guardians = _case_with_guardians(caseworker, make_report)
    help_record = _from_case(caseworker, case)
    rows = GuardianConsent.objects.filter(early_help=help_record)
    assert sorted(rows.values_list("guardian_id", "answer")) == sorted(
        (g.pk, "given") for g in guardians
    )
    entry = AuditEntry.objects.filter(action="children.consent.record").get()
    assert sorted(entry.detail["guardian_ids"]) == sorted(g.pk for g in guardians)


def test_a_guardian_who_refuses_is_recorded_and_audited(client, caseworker, make_report):
    case, (anna, _bo) = _case_with_guardians(caseworker, make_report)
    help_record = _from_case(caseworker, case)
    client.force_login(caseworker)
    response = client.post(
        reverse("children-case-consent-create", args=[case.pk]),
        {
            "early_help": help_record.pk,
            "guardian": anna.pk,
            "answer": "refused",
            "answered_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert GuardianConsent.objects.get(early_help=help_record, guardian=anna).answer == "refused"
    assert AuditEntry.objects.filter(
        action="children.consent.record", case_id=case.pk, detail__answer="refused"
    ).exists()
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert "Samtycker inte" in page
    assert "Anna Förälder" in page


def test_only_a_guardian_of_the_child_answers(caseworker, make_report):
    case, _guardians = _case_with_guardians(caseworker, make_report)
    help_record = _from_case(caseworker, case)
    stranger = case.person  # the child is no guardian of themself
    with pytest.raises(ValidationError):
        guardian_consent_record(
            user=caseworker,
            early_help=help_record,
            guardian=stranger,
            answer="given",
            answered_on=timezone.localdate(),
        )


def test_another_units_caseworker_cannot_record_an_answer(outsider, caseworker, make_report):
    case, (anna, _bo) = _case_with_guardians(caseworker, make_report)
    help_record = _from_case(caseworker, case)
    with pytest.raises(PermissionDenied):
        guardian_consent_record(
            user=outsider,
            early_help=help_record,
            guardian=anna,
            answer="refused",
            answered_on=timezone.localdate(),
        )
    assert GuardianConsent.objects.get(early_help=help_record, guardian=anna).answer == "given"


def test_an_answer_from_the_future_is_refused(caseworker, make_report):
    case, (anna, _bo) = _case_with_guardians(caseworker, make_report)
    help_record = _from_case(caseworker, case)
    with pytest.raises(ValidationError):
        guardian_consent_record(
            user=caseworker,
            early_help=help_record,
            guardian=anna,
            answer="refused",
            answered_on=timezone.localdate() + dt.timedelta(days=1),
        )


def test_the_consent_help_text_follows_the_rule(client, caseworker):
    ConsentRule.objects.update(age=12)
    client.force_login(caseworker)
    page = client.get(reverse("children-early-help-create")).content.decode()
    assert "Krävs för ett barn under 12 år." in page
