"""The LSS page of the follow-up area (issue 4 point 7): its figures match what the records say,
figures about 1–4 people are "<5" for politicians and analysts in the page and the downloads, and
only the follow-up roles may open it."""

import csv
import datetime as dt
import io
import statistics
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import InterventionType
from skyddsnat.followup.forms import default_period
from skyddsnat.followup.suppression import SUPPRESSED
from skyddsnat.lss import services
from skyddsnat.lss.models import ResourceKind
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.organisation.models import User

PERIOD = "from=2024-01-01&to=2024-12-31"
QUEUE_ON = dt.date(2024, 12, 31)


@dataclass
class Generated:
    """One decided request as the test made it, to compute the expected figures from."""

    person: str
    code: str
    outcome: str
    received: dt.date
    decided: dt.date
    started: dt.date | None = None


def decide(
    user: User,
    make_application,
    rows: list[Generated],
    *,
    received: dt.date,
    after: int,
    code: str = "lss-companion",
    refuse_daily: bool = False,
    started_after: int | None = None,
    identity_number: str | None = None,
) -> None:
    """One application decided `after` days after it arrived (and implemented `started_after`
    days after the decision); with `refuse_daily`, daily activity is applied for and refused."""
    number = identity_number or new_identity_number(dt.date(1990, 3, 4))
    codes = (code, "lss-daily-activity") if refuse_daily else (code,)
    application = make_application(
        user, codes=codes, received_on=received, personal_identity_number=number
    )
    assess(user, application, group=1, on=received + dt.timedelta(days=2))
    decided = received + dt.timedelta(days=after)
    requests = {r.intervention_type.code: r for r in application.requests.all()}
    extra = {"scope_amount": None, "scope_unit": ""} if code.startswith("lss-housing") else {}
    decision = grant(user, requests[code], on=decided, **extra)
    started = None
    if started_after is not None:
        started = decided + dt.timedelta(days=started_after)
        services.implementation_record(
            user=user, decision=decision, started_on=started, provider_kind="own"
        )
    rows.append(Generated(number, code, "grant", received, decided, started))
    if refuse_daily:
        services.decision_record(
            user=user,
            request=requests["lss-daily-activity"],
            decided_on=decided,
            outcome="refuse",
            reason="Behovet tillgodoses på annat sätt.",
        )
        rows.append(Generated(number, "lss-daily-activity", "refuse", received, decided))


def name(code: str) -> str:
    return InterventionType.objects.get(code=code).name


def place_kind(code: str = "lss-housing-adults") -> str:
    return ResourceKind.objects.get(code=code).name


def page(user: User, query: str = PERIOD):
    client = Client()
    client.force_login(user)
    return client.get(f"{reverse('lss-followup')}?{query}")


def download(user: User, table: str, fmt: str = "csv"):
    client = Client()
    client.force_login(user)
    return client.get(f"{reverse('lss-followup-export', args=[table, fmt])}?{PERIOD}")


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def html_row(*cells: object) -> str:
    """A table row as _table.html writes it: the first cell a row heading."""
    first, *rest = (str(c).replace("<", "&lt;") for c in cells)
    return f'<th scope="row">{first}</th>' + "".join(f"<td>{c}</td>" for c in rest)


@pytest.fixture
def five_people_each(officer, lss_manager, make_application) -> list[Generated]:
    """Five people granted companion service and refused daily activity, all implemented, and
    five people granted housing who wait in the queue; all in Järva, in 2024."""
    rows: list[Generated] = []
    for i, (after, started_after) in enumerate([(20, 10), (35, 20), (30, 15), (41, 40), (25, 5)]):
        decide(
            officer,
            make_application,
            rows,
            received=dt.date(2024, 1, 10) + dt.timedelta(days=7 * i),
            after=after,
            refuse_daily=True,
            started_after=started_after,
        )
    for i, after in enumerate([14, 50, 28, 33, 61]):
        decide(
            lss_manager,
            make_application,
            rows,
            received=dt.date(2024, 3, 1) + dt.timedelta(days=11 * i),
            after=after,
            code="lss-housing-adults",
        )
    return rows


def test_the_page_and_csv_show_the_figures_the_records_give(analyst, five_people_each):
    rows = five_people_each
    # Decisions per intervention, counted from the generated rows.
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        counts[r.code, r.outcome] += 1
    response = page(analyst)
    assert response.status_code == 200
    content = response.content.decode()
    decisions = csv_rows(download(analyst, "decisions"))
    assert decisions[0] == ["Insats", "Bestämmelse", "Beviljade", "Avslagna"]
    for code in ("lss-companion", "lss-daily-activity", "lss-housing-adults"):
        citation = InterventionType.objects.get(code=code).citation
        expected = [name(code), citation, counts[code, "grant"], counts[code, "refuse"]]
        assert html_row(*expected) in content
        assert [name(code), citation, str(expected[2]), str(expected[3])] in decisions
    assert counts["lss-companion", "grant"] == 5
    assert counts["lss-daily-activity", "refuse"] == 5

    # Lead times: every decided request, and the implemented ones.
    to_decision = [(r.decided - r.received).days for r in rows]
    to_start = [(r.started - r.received).days for r in rows if r.started]
    expected_lead = [
        "Järva",
        str(len(to_decision)),
        str(statistics.median(to_decision)),
        str(len(to_start)),
        str(statistics.median(to_start)),
    ]
    lead = csv_rows(download(analyst, "lead_times"))
    assert lead[1:] == [expected_lead]
    assert html_row(*expected_lead) in content

    # The queue at the end of the period: the five housing decisions, nobody placed.
    waiting = [(QUEUE_ON - r.decided).days for r in rows if r.code == "lss-housing-adults"]
    queue = csv_rows(download(analyst, "queue"))
    assert queue[1:] == [
        [
            place_kind(),
            "Järva",
            str(len(waiting)),
            str(statistics.median(waiting)),
            "0",
            "",
        ]
    ]
    assert (
        html_row(place_kind(), "Järva", len(waiting), statistics.median(waiting), 0, "–") in content
    )


@pytest.mark.parametrize("persona", ["politician", "analyst"])
def test_a_group_of_one_to_four_people_is_shown_as_under_5(
    persona, request, officer, lss_manager, make_application
):
    rows: list[Generated] = []
    for i in range(3):
        decide(
            officer,
            make_application,
            rows,
            received=dt.date(2024, 2, 1) + dt.timedelta(days=i),
            after=30,
            refuse_daily=True,
            started_after=10,
        )
    user = request.getfixturevalue(persona)
    citation = InterventionType.objects.get(code="lss-companion").citation
    daily_citation = InterventionType.objects.get(code="lss-daily-activity").citation
    content = page(user).content.decode()
    assert html_row(name("lss-companion"), citation, SUPPRESSED, 0) in content
    assert html_row(name("lss-daily-activity"), daily_citation, 0, SUPPRESSED) in content
    assert html_row("Järva", *[SUPPRESSED] * 4) in content
    decisions = csv_rows(download(user, "decisions"))
    assert [name("lss-companion"), citation, SUPPRESSED, "0"] in decisions
    assert [name("lss-daily-activity"), daily_citation, "0", SUPPRESSED] in decisions
    assert csv_rows(download(user, "lead_times"))[1:] == [["Järva", *[SUPPRESSED] * 4]]
    # The unit's manager sees the figures of their own unit in full.
    manager_content = page(lss_manager).content.decode()
    assert html_row(name("lss-companion"), citation, 3, 0) in manager_content
    # Six decisions (3 granted, 3 refused) 30 days after the application: a median of 30.0.
    assert html_row("Järva", 6, "30,0", 3, 40) in manager_content


def test_one_person_with_five_decisions_is_still_fewer_than_five_people(
    analyst, officer, make_application
):
    rows: list[Generated] = []
    number = new_identity_number(dt.date(1985, 6, 1))
    for i in range(5):
        decide(
            officer,
            make_application,
            rows,
            received=dt.date(2024, 1, 10) + dt.timedelta(days=30 * i),
            after=20,
            started_after=5,
            identity_number=number,
        )
    assert len({r.person for r in rows}) == 1
    citation = InterventionType.objects.get(code="lss-companion").citation
    decisions = csv_rows(download(analyst, "decisions"))
    assert [name("lss-companion"), citation, SUPPRESSED, "0"] in decisions
    assert csv_rows(download(analyst, "lead_times"))[1:] == [["Järva", *[SUPPRESSED] * 4]]


def test_the_queue_is_suppressed_in_the_xlsx_and_the_download_is_audited(
    politician, lss_manager, make_application
):
    rows: list[Generated] = []
    for after in (14, 20):
        decide(
            lss_manager,
            make_application,
            rows,
            received=dt.date(2024, 3, 1),
            after=after,
            code="lss-housing-adults",
        )
    response = download(politician, "queue", "xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:4] == [place_kind(), "Järva", SUPPRESSED, SUPPRESSED]
    entry = AuditEntry.objects.get(action="followup.export.lss_queue")
    assert entry.user_id == politician.pk
    assert entry.detail["format"] == "xlsx"
    assert entry.detail["rows"] == 1


def test_the_period_defaults_to_the_last_twelve_months(politician):
    response = page(politician, query="")
    assert response.status_code == 200
    start, end = default_period()
    assert response.context["form"].cleaned_data["start"] == start
    assert response.context["form"].cleaned_data["end"] == end
    assert f'value="{start.isoformat()}"' in response.content.decode()


def test_a_reversed_period_is_refused_with_a_message(politician):
    response = page(politician, query="from=2024-12-31&to=2024-01-01")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("persona", ["caseworker", "auditor", "officer"])
def test_caseworkers_auditors_and_lss_officers_are_refused(db, persona, request):
    user = request.getfixturevalue(persona)
    # A refused area answers 404, like a page that does not exist (cases.policy.require).
    assert page(user).status_code == 404
    assert download(user, "decisions").status_code == 404
    assert download(user, "queue", "xlsx").status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="followup.export.lss_").exists()


def test_the_follow_up_navigation_links_to_the_lss_page(politician):
    client = Client()
    client.force_login(politician)
    content = client.get(reverse("followup-staff")).content.decode()
    assert f'href="{reverse("lss-followup")}"' in content


def test_the_page_reads_the_figures_in_a_fixed_number_of_queries(
    analyst, five_people_each, django_assert_max_num_queries
):
    client = Client()
    client.force_login(analyst)
    with django_assert_max_num_queries(8):
        response = client.get(f"{reverse('lss-followup')}?{PERIOD}")
    assert response.status_code == 200
