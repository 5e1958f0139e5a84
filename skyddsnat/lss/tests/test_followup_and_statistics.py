import csv
import datetime as dt
import io

from skyddsnat.audit.models import AuditEntry
from skyddsnat.followup import lss as selectors
from skyddsnat.followup.suppression import SUPPRESSED
from skyddsnat.lss import documents, services
from skyddsnat.lss.tests.conftest import assess, grant

YEAR = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def decided_applications(officer, make_application, n, *, implement=True):
    for i in range(n):
        application = make_application(officer, codes=("lss-companion", "lss-daily-activity"))
        assess(officer, application, group=1)
        companion, daily = application.requests.all()
        decision = grant(officer, companion, on=dt.date(2024, 2, 9))
        services.decision_record(
            user=officer,
            request=daily,
            decided_on=dt.date(2024, 2, 9),
            outcome="refuse",
            reason="Behovet tillgodoses genom skolan.",
        )
        if implement:
            services.implementation_record(
                user=officer,
                decision=decision,
                started_on=dt.date(2024, 3, 10 + i),
                provider_kind="own",
            )


def test_decisions_granted_and_refused_per_intervention(officer, make_application):
    decided_applications(officer, make_application, 2)
    figures = {
        f.citation: f for f in selectors.decision_figures(user=officer, start=YEAR[0], end=YEAR[1])
    }
    assert (figures["LSS 9 § 3"].granted, figures["LSS 9 § 3"].refused) == (2, 0)
    assert (figures["LSS 9 § 10"].granted, figures["LSS 9 § 10"].refused) == (0, 2)


def test_politicians_see_figures_under_5_suppressed_and_5_or_more_in_full(
    officer, politician, analyst, make_application
):
    decided_applications(officer, make_application, 4)
    figures = {
        f.citation: f
        for f in selectors.decision_figures(user=politician, start=YEAR[0], end=YEAR[1])
    }
    assert figures["LSS 9 § 3"].granted == SUPPRESSED
    assert figures["LSS 9 § 1"].granted == 0
    decided_applications(officer, make_application, 1)
    figures = {
        f.citation: f for f in selectors.decision_figures(user=analyst, start=YEAR[0], end=YEAR[1])
    }
    assert figures["LSS 9 § 3"].granted == 5


def test_time_from_application_to_decision_and_to_implementation(
    officer, politician, make_application
):
    decided_applications(officer, make_application, 5)
    [figure] = selectors.lead_times(user=officer, start=YEAR[0], end=YEAR[1])
    # Received 10 January, decided 9 February (30 days), started 10–14 March (60–64 days).
    assert figure.district == "Järva"
    assert figure.decisions == 10
    assert figure.median_days_to_decision == 30
    assert figure.implementations == 5
    assert figure.median_days_to_implementation == 62
    [seen] = selectors.lead_times(user=politician, start=YEAR[0], end=YEAR[1])
    assert seen.median_days_to_implementation == 62


def test_lead_times_hide_small_districts_from_politicians(officer, politician, make_application):
    decided_applications(officer, make_application, 2)
    [figure] = selectors.lead_times(user=politician, start=YEAR[0], end=YEAR[1])
    assert figure.median_days_to_implementation == SUPPRESSED
    assert figure.implementations == SUPPRESSED


def test_the_1_october_file_lists_ongoing_interventions_2_to_10_with_the_eligibility_group(
    officer, lss_manager, politician, make_application
):
    decided_applications(officer, make_application, 2)
    application = make_application(officer, codes=("lss-contact-person",))
    assess(officer, application, group=3)
    decision = grant(officer, application.requests.get(), on=dt.date(2024, 2, 1))
    intervention = services.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 2, 5), provider_kind="own"
    )
    from skyddsnat.cases.services import intervention_end

    intervention_end(user=officer, intervention=intervention, ended_on=dt.date(2024, 9, 30))
    rows = list(
        csv.reader(
            io.StringIO(documents.october_statistics_csv(user=lss_manager, year=2024)),
            delimiter=";",
        )
    )
    assert rows[0] == ["Kommunkod", "Personnummer", "Personkrets"] + [
        f"9 § {p}" for p in range(2, 11)
    ]
    assert len(rows) == 3  # the contact person ended on 30 September
    for row in rows[1:]:
        assert row[0] == "0180"
        assert row[2] == "1"
        assert row[3:] == ["0", "1", "0", "0", "0", "0", "0", "0", "0"]
    [entry] = AuditEntry.objects.filter(action="lss.october_statistics.export")  # one per file
    assert len(entry.person_ids) == 2
    assert documents.october_statistics_rows(user=politician, year=2024) == []
