import datetime as dt

import pytest
from django.utils import timezone

from skyddsnat.cases.guardians import guardian_add
from skyddsnat.children.services import pre_assessment_decide


@pytest.fixture
def investigated(caseworker, make_report):
    """A Järva case (a child of 12) with an investigation opened ten days ago and one guardian."""
    return investigated_case(caseworker, make_report)


def investigated_case(caseworker, make_report):
    from conftest import new_identity_number

    today = timezone.localdate()
    born = today.replace(year=today.year - 12) - dt.timedelta(days=40)
    report = make_report(
        caseworker,
        personal_identity_number=new_identity_number(born),
        received_at=timezone.now() - dt.timedelta(days=12),
    )
    case = report.case
    pre_assessment_decide(
        user=caseworker,
        case=case,
        decided_on=today - dt.timedelta(days=10),
        decision="open_investigation",
        reason="Oro.",
    )
    guardian_add(
        user=caseworker,
        case=case,
        personal_identity_number=new_identity_number(dt.date(1985, 3, 4)),
        first_name="Gun",
        last_name="Testsson",
        relation="parent",
        is_synthetic=True,
    )
    case.refresh_from_db()
    return case
