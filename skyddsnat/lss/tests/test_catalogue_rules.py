import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from skyddsnat.cases.models import InterventionType
from skyddsnat.lss.models import InterventionRule
from skyddsnat.lss.tests.conftest import assess, grant


def test_the_ten_interventions_of_lss_9_are_catalogue_data(db):
    rules = list(InterventionRule.objects.select_related("intervention_type"))
    assert [r.paragraph for r in rules] == list(range(1, 11))
    assert all(r.intervention_type.case_kind == "lss" for r in rules)
    assert rules[0].intervention_type.citation == "LSS 9 § 1"
    assert rules[0].normally_region
    assert rules[9].groups == {1, 2}
    assert InterventionType.objects.filter(case_kind="lss").count() == 10


@pytest.mark.parametrize("group", [1, 2])
def test_daily_activity_is_granted_to_groups_1_and_2(officer, make_application, group):
    application = make_application(officer, codes=("lss-daily-activity",))
    assess(officer, application, group=group)
    decision = grant(officer, application.requests.get(), scope_amount=None, scope_unit="")
    assert decision.outcome == "grant"


def test_daily_activity_is_refused_for_group_3_with_a_clear_message(officer, make_application):
    application = make_application(officer, codes=("lss-daily-activity",))
    assess(officer, application, group=3)
    with pytest.raises(ValidationError) as exc:
        grant(officer, application.requests.get(), scope_amount=None, scope_unit="")
    message = str(exc.value.message_dict["outcome"][0])
    assert "LSS 9 § 10" in message
    assert "3" in message


def test_advice_and_support_needs_a_confirmation_that_the_municipality_provides_it(
    officer, make_application
):
    application = make_application(officer, codes=("lss-advice",))
    assess(officer, application)
    request = application.requests.get()
    with pytest.raises(ValidationError) as exc:
        grant(officer, request, scope_amount=None, scope_unit="")
    assert "confirm_region" in exc.value.message_dict
    decision = grant(officer, request, scope_amount=None, scope_unit="", confirm_region=True)
    assert decision.outcome == "grant"


def test_housing_for_adults_is_refused_for_a_child(officer, make_application):
    with pytest.raises(ValidationError) as exc:
        make_application(officer, codes=("lss-housing-adults",), born=dt.date(2015, 1, 1))
    assert "LSS 9 § 9" in str(exc.value)


def test_short_term_supervision_is_for_pupils_over_12(officer, make_application):
    with pytest.raises(ValidationError):
        make_application(officer, codes=("lss-short-supervision",), born=dt.date(2016, 1, 1))
    # new_identity_number moves the birth date up to eight years on: born 2000, 12 or older.
    application = make_application(
        officer, codes=("lss-short-supervision",), born=dt.date(2000, 1, 1)
    )
    assert application.pk


def test_a_childrens_intervention_cannot_be_applied_for_under_lss(officer, make_application):
    with pytest.raises(ValidationError):
        make_application(officer, codes=("family-treatment",))


def test_the_same_intervention_cannot_be_applied_for_twice(officer, make_application):
    with pytest.raises(ValidationError):
        make_application(officer, codes=("lss-companion", "lss-companion"))
