"""Equal treatment split by the child's sex and age band (`split=sex`, `split=age_band`): the parts
add up to their group, parts of 1–4 children are "<5" with complementary suppression across the
parts, and the PostgreSQL reaction months give exactly the figures of the Python computation."""

import datetime as dt

import pytest

from conftest import PASSWORD
from skyddsnat.followup import equality, selectors, splits
from skyddsnat.followup.equality import ALL
from skyddsnat.followup.models import AgeBand
from skyddsnat.followup.suppression import SUPPRESSED
from skyddsnat.followup.tests.conftest import Flow, assert_same_cells, at
from skyddsnat.lib import identity
from skyddsnat.people.models import Person

PERIOD = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 3, 31)}
CUT = {"start": dt.date(2025, 1, 10), "end": dt.date(2025, 2, 25)}
_serials = iter(range(100, 1000))


def number(born: dt.date, sex: str) -> str:
    """A checksum-valid synthetic identity number of a girl ("K", even second-to-last digit) or
    a boy ("M", odd) born on `born` (make_report flags the person synthetic)."""
    serial = next(_serials)
    sex_digit = (serial % 5) * 2 + (1 if sex == "M" else 0)
    body = born.strftime("%y%m%d") + f"{serial // 10 % 100:02d}{sex_digit}"
    return born.strftime("%Y%m%d") + body[6:] + identity.luhn_check_digit(body)


def born_years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years) - dt.timedelta(days=30)


JAN = dt.date(2025, 1, 13)
FEB = dt.date(2025, 2, 10)


def split_flows() -> list[Flow]:
    flows = []
    # Järva: seven girls (ages 4, 8 and 15) and three boys (16): the boys are fewer than five.
    for i, age in enumerate([4, 4, 8, 8, 15, 15, 15]):
        day = (JAN if i % 2 else FEB) + dt.timedelta(days=i)
        flow = Flow("jarva", at(day), 20 + i, 10 + i)
        flow.identity_number = number(born_years_before(day, age), "K")
        flows.append(flow)
    for i in range(3):
        day = JAN + dt.timedelta(days=i)
        flow = Flow("jarva", at(day), 30 + i, 12 + i, opens=True)
        flow.investigation_days = 100 + 10 * i
        flow.cost_sek = 7_000
        flow.intervention_days = 12 + i + flow.investigation_days + 3
        flow.identity_number = number(born_years_before(day, 16), "M")
        flows.append(flow)
    # Södermalm: six girls and six boys of 7–12 and 13–17; ten of them (five girls, five boys)
    # with an intervention costing 1,000 SEK.
    for i in range(12):
        day = (JAN if i < 6 else FEB) + dt.timedelta(days=i % 6)
        flow = Flow("sodermalm", at(day), 2 + i, 3 + i % 4)
        if i < 10:
            flow.opens, flow.investigation_days = True, 30 + i
            flow.intervention_days = flow.pre_days + flow.investigation_days + 1
            flow.cost_sek = 1_000
        age = 9 if i % 3 else 14
        flow.identity_number = number(born_years_before(day, age), "K" if i % 2 else "M")
        flows.append(flow)
    # A girl of Södermalm who turns 13 between two reports in the same month: one child in two
    # age bands of one district and month (the months must list her, not count her twice).
    born = dt.date(2012, 2, 14)
    twice = number(born, "K")
    flows.append(Flow("sodermalm", at(dt.date(2025, 2, 5)), 5, 6, identity_number=twice))
    flows.append(Flow("sodermalm", at(dt.date(2025, 2, 20)), 6, None, identity_number=twice))
    return flows


@pytest.fixture
def generated(flows):
    return flows(split_flows())


@pytest.mark.parametrize("split", splits.SPLITS)
def test_the_sql_and_the_python_computation_agree_on_every_part(generated, split):
    for period in (PERIOD, CUT):
        by_sql = equality.compute(**period, use_sql=True, split=split)
        by_python = equality.compute(**period, use_sql=False, split=split)
        assert any("|" in group for group, _period in by_sql)
        assert_same_cells(by_sql, by_python)


def test_the_computations_agree_after_the_bands_and_a_number_change(generated):
    equality.compute(**PERIOD, use_sql=True, split=splits.AGE_BAND)  # facts and months built
    AgeBand.objects.filter(age_from=13).update(age_to=15)
    AgeBand.objects.create(age_from=16, age_to=17, note="Test.")
    child = Person.objects.get(pk=generated[0].child_id)
    Person.objects.filter(pk=child.pk).update(
        personal_identity_number=None, identity_kind="unknown"
    )
    # Digits that are no date (month 13; only a bulk load could store them): the date of birth
    # recorded counts, in both computations, and the refresh does not fail.
    Person.objects.filter(pk=generated[1].child_id).update(
        personal_identity_number="201013450002", date_of_birth=dt.date(2010, 1, 1)
    )
    for split in splits.SPLITS:
        by_sql = equality.compute(**PERIOD, use_sql=True, split=split)
        assert_same_cells(by_sql, equality.compute(**PERIOD, use_sql=False, split=split))
    bands = equality.compute(**PERIOD, use_sql=True, split=splits.AGE_BAND)
    # The three boys of 16 are now in the new band 16–17 of Järva.
    assert bands[("jarva|16", ALL)].values["reports"] == 3
    sexes = equality.compute(**PERIOD, use_sql=True, split=splits.SEX)
    assert sexes[("jarva|unknown", ALL)].values["reports"] == 1


@pytest.mark.parametrize("split", splits.SPLITS)
def test_the_parts_add_up_to_their_group(generated, split):
    cells = equality.compute(**PERIOD, use_sql=True, split=split)
    parts = splits.parts(split)
    for group, period in [(g, p) for g, p in cells if "|" not in g]:
        total = cells[(group, period)].values["reports"]
        counted = [
            cells[(f"{group}|{part}", period)].values["reports"]
            for part in parts
            if (f"{group}|{part}", period) in cells
        ]
        assert sum(counted) == total, (group, period)


def test_the_parts_hold_the_right_children(generated):
    sexes = equality.compute(**PERIOD, use_sql=True, split=splits.SEX)
    assert sexes[("jarva|female", ALL)].values["reports"] == 7
    assert sexes[("jarva|male", ALL)].values["reports"] == 3
    assert sexes[("sodermalm|female", ALL)].values["children"] == 7  # six, and the girl twice
    bands = equality.compute(**PERIOD, use_sql=True, split=splits.AGE_BAND)
    assert bands[("jarva|0", ALL)].values["reports"] == 2
    assert bands[("jarva|7", ALL)].values["reports"] == 2
    assert bands[("jarva|13", ALL)].values["reports"] == 6
    # The girl who turned 13: one report at 12, one at 13 (months are read per area).
    february = [bands[(f"inner|{b}", "2025-02")].values for b in ("7", "13")]
    assert sum(cell["reports"] for cell in february) == 6 + 2
    assert (
        bands[("sodermalm|7", ALL)].values["children"]
        + bands[("sodermalm|13", ALL)].values["children"]
        == 12 + 2
    )


def test_a_part_of_one_to_four_children_is_suppressed_and_so_is_another(generated, politician):
    overview = selectors.equality_overview(user=politician, **PERIOD, split=splits.SEX)
    jarva = dict(overview.comparison)["jarva"]
    parts = dict(overview.comparison_parts["jarva"])
    assert jarva["reports"] == 10
    assert parts["male"]["reports"] == SUPPRESSED  # three boys
    # Järva's total minus its girls would reveal the boys: the girls are hidden too.
    assert parts["female"]["reports"] == SUPPRESSED
    assert parts["unknown"]["reports"] == 0
    # Outer city's girls are Järva's: hidden with them, and inner city's girls as their
    # complement in the city's girls. Södermalm is inner city's only district, so its girls
    # (seven children) are inner city's girls: hidden too, and its boys with them.
    sodermalm = dict(overview.comparison_parts["sodermalm"])
    assert sodermalm["female"]["reports"] == SUPPRESSED
    assert sodermalm["male"]["reports"] == SUPPRESSED
    assert dict(overview.comparison)["sodermalm"]["reports"] == 14
    # The whole rows are suppressed exactly as without the split.
    for split in splits.SPLITS:
        unsplit = selectors.equality_overview(user=politician, **PERIOD)
        other = selectors.equality_overview(user=politician, **PERIOD, split=split)
        assert other.comparison == unsplit.comparison
        assert other.yearly == unsplit.yearly
        assert other.monthly == unsplit.monthly


@pytest.fixture
def sodermalm_only(flows):
    return flows([flow for flow in split_flows() if flow.district == "sodermalm"])


def test_the_split_rows_of_the_api(sodermalm_only, client, politician):
    client.login(username="politiker", password=PASSWORD)
    response = client.get(
        "/api/v1/followup/reaction-times/?from=2025-01-01&to=2025-03-31&split=sex"
    )
    assert response.status_code == 200
    rows = [r for r in response.json()["rows"] if r["group"] == "sodermalm"]
    assert [r["sex"] for r in rows] == [None, "female", "male", "unknown"]
    assert rows[1]["reports"] + rows[2]["reports"] == rows[0]["reports"]
    response = client.get(
        "/api/v1/followup/reaction-times/?from=2025-01-01&to=2025-03-31&split=age_band"
    )
    bands = [r["age_band"] for r in response.json()["rows"] if r["group"] == "jarva"]
    assert bands[:2] == [None, "0-6"] and bands[-1] == "unknown"


@pytest.mark.parametrize("split", ["colour", "SEX", "sex,age_band"])
def test_an_unknown_split_answers_a_problem(db, client, politician, split):
    client.login(username="politiker", password=PASSWORD)
    response = client.get(f"/api/v1/followup/reaction-times/?split={split}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert client.get(f"/uppfoljning/?split={split}").status_code == 400
    assert client.get(f"/uppfoljning/export/equality.csv?split={split}").status_code == 400


def test_the_page_and_the_file_name_the_parts(generated, client, politician):
    client.login(username="politiker", password=PASSWORD)
    page = client.get("/uppfoljning/?from=2025-01-01&to=2025-03-31&split=sex")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dela upp efter" in text
    assert "Flickor/Kvinnor" in text and "Pojkar/Män" in text and "Okänt kön" in text
    assert "split=sex" in text  # the download links keep the split
    page = client.get("/uppfoljning/?from=2025-01-01&to=2025-03-31&split=age_band")
    assert "0–6 år" in page.content.decode()
    response = client.get(
        "/uppfoljning/export/equality.csv?from=2025-01-01&to=2025-03-31&split=sex"
    )
    assert response.status_code == 200
    assert "equality-2025-01-01_2025-03-31_sex.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[1] == "Kön"
    sodermalm = [line.split(";") for line in lines if line.startswith("Södermalm;")]
    assert [row[1] for row in sodermalm] == ["Alla", "Flickor/Kvinnor", "Pojkar/Män", "Okänt kön"]


def test_the_recorded_costs_split_by_sex(generated, politician):
    rows = selectors.recorded_costs(user=politician, year=2025, split=splits.SEX)
    by_district: dict[str, list] = {}
    for row in rows:
        by_district.setdefault(row.district_name, []).append((row.part, row.actual))
    assert by_district["Södermalm"] == [
        ("Alla", SUPPRESSED),  # the complement of Järva's three boys in the whole city
        ("Flickor/Kvinnor", 5_000),
        # The complement of Järva's boys among the city's boys (which would also have revealed
        # the hidden Södermalm as the sum of its parts).
        ("Pojkar/Män", SUPPRESSED),
        ("Okänt kön", None),
    ]
    assert by_district["Järva"][:3] == [
        ("Alla", SUPPRESSED),
        ("Flickor/Kvinnor", None),
        ("Pojkar/Män", SUPPRESSED),
    ]
    city = [actual for part, actual in by_district["hela staden"]]
    assert city[0] == 10 * 1_000 + 3 * 7_000
    unsplit = selectors.recorded_costs(user=politician, year=2025)
    assert [(r.district_name, r.actual) for r in unsplit] == [
        (r.district_name, r.actual) for r in rows if r.part == "Alla"
    ]


def test_the_costs_file_and_the_budget_page_take_the_split(generated, client, politician):
    client.login(username="politiker", password=PASSWORD)
    response = client.get("/uppfoljning/export/costs.csv?year=2025&split=age_band")
    assert response.status_code == 200
    assert "costs-2025_age_band.csv" in response["Content-Disposition"]
    assert "Åldersgrupp" in response.content.decode("utf-8-sig").splitlines()[0]
    assert client.get("/uppfoljning/budget/?year=2025&split=sex").status_code == 200
    assert client.get("/uppfoljning/budget/?year=2025&split=colour").status_code == 400
    assert client.get("/uppfoljning/export/costs.csv?year=2025&split=x").status_code == 400
