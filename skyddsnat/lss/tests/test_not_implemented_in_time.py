"""LSS 28 f–h §§: the 3-month boundary, exactly, and interruptions."""

import csv
import datetime as dt
import io

import pytest

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case
from skyddsnat.lss import documents, implementation, services
from skyddsnat.lss.implementation import LateKind, late_rows, quarter_bounds
from skyddsnat.lss.tests.conftest import assess, grant


def granted(officer, make_application, decided_on):
    application = make_application(officer, received_on=dt.date(2023, 12, 1))
    assess(officer, application, on=dt.date(2023, 12, 2))
    return grant(officer, application.requests.get(), on=decided_on)


def kinds(on, period_start=None):
    return [r.kind for r in late_rows(Case.objects.all(), on=on, period_start=period_start)]


@pytest.mark.parametrize(
    ("decided_on", "due"),
    [
        (dt.date(2024, 1, 15), dt.date(2024, 4, 15)),
        (dt.date(2023, 11, 30), dt.date(2024, 2, 29)),  # clamped to a leap-year February
        (dt.date(2024, 1, 31), dt.date(2024, 4, 30)),  # clamped to 30 April
    ],
)
def test_a_decision_is_late_from_the_day_after_three_calendar_months(
    officer, make_application, decided_on, due
):
    application = make_application(officer, received_on=dt.date(2023, 11, 1))
    assess(officer, application, on=dt.date(2023, 11, 2))
    grant(officer, application.requests.get(), on=decided_on)
    assert kinds(due - dt.timedelta(days=1)) == []
    assert kinds(due) == []
    assert kinds(due + dt.timedelta(days=1)) == [LateKind.NOT_IMPLEMENTED]
    row = late_rows(Case.objects.all(), on=due + dt.timedelta(days=1))[0]
    assert (row.decided_on, row.due, row.days_over) == (decided_on, due, 1)


def test_a_decision_implemented_on_the_last_day_is_in_time(officer, make_application):
    decision = granted(officer, make_application, dt.date(2024, 1, 15))
    services.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 4, 15), provider_kind="own"
    )
    assert kinds(dt.date(2024, 6, 30), period_start=dt.date(2024, 4, 1)) == []


def test_a_decision_implemented_the_day_after_is_reported_with_its_date(officer, make_application):
    decision = granted(officer, make_application, dt.date(2024, 1, 15))
    services.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 4, 16), provider_kind="own"
    )
    rows = late_rows(Case.objects.all(), on=dt.date(2024, 6, 30), period_start=dt.date(2024, 4, 1))
    assert [(r.kind, r.resolved_on, r.days_over) for r in rows] == [
        (LateKind.IMPLEMENTED_LATE, dt.date(2024, 4, 16), 1)
    ]
    # The next quarter no longer reports it.
    assert kinds(dt.date(2024, 9, 30), period_start=dt.date(2024, 7, 1)) == []


def test_an_interruption_of_three_months_is_reported_from_the_day_after(officer, make_application):
    decision = granted(officer, make_application, dt.date(2024, 1, 15))
    intervention = services.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 2, 1), provider_kind="own"
    )
    services.interruption_start(
        user=officer, intervention=intervention, starts_on=dt.date(2024, 5, 31), reason="Avbrott."
    )
    # 31 May + 3 months = 31 August.
    assert kinds(dt.date(2024, 8, 31)) == []
    assert kinds(dt.date(2024, 9, 1)) == [LateKind.INTERRUPTED]
    row = late_rows(Case.objects.all(), on=dt.date(2024, 9, 1))[0]
    assert (row.counted_from, row.due, row.resolved_on) == (
        dt.date(2024, 5, 31),
        dt.date(2024, 8, 31),
        None,
    )


def test_an_interruption_that_ended_in_time_is_not_reported(officer, make_application):
    decision = granted(officer, make_application, dt.date(2024, 1, 15))
    intervention = services.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 2, 1), provider_kind="own"
    )
    stop = services.interruption_start(
        user=officer, intervention=intervention, starts_on=dt.date(2024, 5, 31), reason="Avbrott."
    )
    services.interruption_end(user=officer, interruption=stop, ends_on=dt.date(2024, 8, 31))
    assert kinds(dt.date(2024, 9, 30), period_start=dt.date(2024, 7, 1)) == []


def test_an_interruption_resumed_late_is_reported_in_its_quarter(officer, make_application):
    decision = granted(officer, make_application, dt.date(2024, 1, 15))
    intervention = services.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 2, 1), provider_kind="own"
    )
    stop = services.interruption_start(
        user=officer, intervention=intervention, starts_on=dt.date(2024, 5, 31), reason="Avbrott."
    )
    services.interruption_end(user=officer, interruption=stop, ends_on=dt.date(2024, 9, 2))
    assert kinds(dt.date(2024, 9, 30), period_start=dt.date(2024, 7, 1)) == [LateKind.RESUMED_LATE]
    assert kinds(dt.date(2024, 12, 31), period_start=dt.date(2024, 10, 1)) == []


def test_quarters_have_exact_bounds():
    assert quarter_bounds(2024, 1) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert quarter_bounds(2024, 4) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))


def test_the_ivo_report_is_a_csv_and_a_pdf_from_the_records_and_is_audited(
    officer, lss_manager, lss_outsider, make_application
):
    granted(officer, make_application, dt.date(2024, 1, 15))
    start, end, rows = implementation.ivo_report(user=lss_manager, year=2024, quarter=2)
    assert len(rows) == 1
    lines = list(csv.reader(io.StringIO(documents.ivo_csv(rows)), delimiter=";"))
    assert lines[0][0] == "Ärende"
    assert lines[1][7:10] == ["2024-01-15", "2024-01-15", "2024-04-15"]
    assert lines[1][6] == "Ej verkställt"
    pdf = documents.ivo_pdf(rows, unit_name="LSS Järva", start=start, end=end)
    assert pdf.startswith(b"%PDF")
    assert AuditEntry.objects.filter(
        action="lss.ivo_report.read", username="lsschef.jarva"
    ).exists()
    # Another district's officer sees none of Järva's decisions.
    assert implementation.ivo_report(user=lss_outsider, year=2024, quarter=2)[2] == []


def test_the_manager_sees_decisions_approaching_three_months_before_they_pass(
    officer, officer2, lss_manager, make_application
):
    decision = granted(officer, make_application, dt.date(2024, 1, 15))
    rows = implementation.decisions_to_implement(user=lss_manager, on=dt.date(2024, 3, 15))
    assert [(r.decision, r.due, r.days_left, r.approaching, r.late) for r in rows] == [
        (decision, dt.date(2024, 4, 15), 31, False, False)
    ]
    row = implementation.decisions_to_implement(user=lss_manager, on=dt.date(2024, 3, 16))[0]
    assert (row.days_left, row.approaching) == (30, True)
    row = implementation.decisions_to_implement(user=lss_manager, on=dt.date(2024, 4, 16))[0]
    assert (row.approaching, row.late) == (False, True)
    # The officer sees their own; a colleague not assigned sees none in "my decisions".
    assert len(implementation.decisions_to_implement(user=officer, on=dt.date(2024, 3, 1))) == 1
    assert implementation.decisions_to_implement(user=officer2, on=dt.date(2024, 3, 1)) == []
