import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from skyddsnat.api.tests.conftest import api_for  # noqa: F401 (a fixture, used by name)
from skyddsnat.care.services import care_record, custody_carried_out, custody_decide

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def reported(caseworker, make_report):
    """A case opened by a report on `on` (default 2025-01-10), before any pre-assessment."""

    def _make(on: dt.date = dt.date(2025, 1, 10)):
        received = dt.datetime.combine(on, dt.time(9, 0), tzinfo=STOCKHOLM)
        report = make_report(caseworker, received_at=received)
        case = report.case
        case.refresh_from_db()
        return case

    return _make


@pytest.fixture
def in_care(manager, reported):
    """A case with care under LVU `section` begun on `started_on`."""

    def _make(section: str = "2", started_on: dt.date = dt.date(2025, 3, 1)):
        case = reported(started_on - dt.timedelta(days=40))
        custody = custody_decide(
            user=manager,
            case=case,
            decided_on=started_on - dt.timedelta(days=30),
            section=section,
            reason="Akut fara för barnets hälsa.",
        )
        custody_carried_out(
            user=manager, custody=custody, carried_out_on=started_on - dt.timedelta(days=30)
        )
        care_record(
            user=manager,
            case=case,
            section=section,
            decided_on=started_on,
            started_on=started_on,
            reason="Förvaltningsrätten har beslutat om vård.",
        )
        case.refresh_from_db()
        return case

    return _make
