"""The remaining follow-up figures split by sex and age band (issue 14 point 5c): LSS decisions,
lead times and queue, violence, outreach and welfare crime. Per family: the parts add up to the
whole row where nothing is hidden, a part of 1–4 people is "<5" with another part hidden as its
complement, anonymous outreach contacts count under unknown, and an unknown split answers 400."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from skyddsnat.followup import splits
from skyddsnat.followup.suppression import SUPPRESSED
from skyddsnat.followup.tests.test_splits import born_years_before
from skyddsnat.followup.violence import violence_figures
from skyddsnat.lib import identity
from skyddsnat.organisation.models import District, Role
from skyddsnat.outreach.models import Contact
from skyddsnat.people.models import Person
from skyddsnat.welfarecrime.models import Signal

OUTREACH = "/api/v1/followup/outreach/"
WELFARE = "/api/v1/followup/welfare-crime/"
DAY = dt.date(2025, 5, 5)
YEAR = {"from": "2025-01-01", "to": "2025-12-31"}
EXPOSED = {"kinds": ["physical"], "child_exposed": True}


_serials = iter(range(200, 999))


def number(born: dt.date, sex: str) -> str:
    """A checksum-valid synthetic identity number of a woman ("K": even second-to-last digit)
    or a man ("M": odd), unique within the test run (the persons are flagged synthetic)."""
    serial = next(_serials)
    while serial % 2 != (1 if sex == "M" else 0):
        serial = next(_serials)
    body = born.strftime("%y%m%d") + f"{serial:03d}"
    return born.strftime("%Y%m%d") + f"{serial:03d}" + identity.luhn_check_digit(body)


def person(sex: str, age: int, day: dt.date = DAY) -> Person:
    return Person.objects.create(
        personal_identity_number=number(born_years_before(day, age), sex),
        first_name="Test",
        last_name="Testsson",
        is_synthetic=True,
    )


def parts_of(rows: list[dict], group: str, field: str) -> dict:
    """The split's field → row, of one group's rows (None: the whole row)."""
    return {row[field]: row for row in rows if row["group"] == group}


# --- Outreach -------------------------------------------------------------------------------


@pytest.fixture
def contacts(db):
    """Järva: six anonymous contacts and six with named women of 30."""
    worker = make_user("faltare.s", Role.OUTREACH, "jarva")
    jarva = District.objects.get(slug="jarva")

    def add(who: Person | None = None, joint: bool = False) -> None:
        Contact.objects.create(
            district=jarva,
            contact_on=DAY,
            place_kind="street",
            age_band="16_17",
            topics=["drugs"],
            anonymous=who is None,
            person=who,
            first_name="Test" if who else "",
            last_name="Testsson" if who else "",
            joint_with_police=joint,
            registered_by=worker,
        )

    for _i in range(6):
        add()
        add(person("K", 30), joint=True)
    return add


@pytest.mark.parametrize("split", ["sex", "age_band"])
def test_outreach_parts_add_up_and_anonymous_contacts_are_unknown(
    client, politician, contacts, split
):
    client.force_login(politician)
    answer = client.get(OUTREACH, {**YEAR, "split": split})
    assert answer.status_code == 200, answer.content
    jarva = parts_of(answer.json()["rows"], "jarva", split)
    whole = jarva.pop(None)
    assert whole["contacts"] == 12
    assert sum(row["contacts"] for row in jarva.values()) == 12
    assert jarva["unknown"]["contacts"] == 6  # the anonymous ones
    named = "female" if split == "sex" else "21-64"
    assert jarva[named]["contacts"] == 6
    assert jarva[named]["joint_with_police"] == 6
    # The unsplit request shows the same whole rows.
    unsplit = client.get(OUTREACH, YEAR).json()["rows"]
    assert [r for r in unsplit if r["group"] == "jarva"] == [
        {k: v for k, v in whole.items() if k != split}
    ]


def test_outreach_a_part_of_one_to_four_hides_another(client, politician, contacts):
    contacts(person("M", 40))
    contacts(person("M", 41))
    client.force_login(politician)
    rows = client.get(OUTREACH, {**YEAR, "split": "sex"}).json()["rows"]
    jarva = parts_of(rows, "jarva", "sex")
    assert jarva[None]["contacts"] == 14
    assert jarva["male"]["contacts"] == SUPPRESSED
    # Women 6 and unknown 6: one of them is hidden, or 14 − 6 would reveal the men.
    assert SUPPRESSED in (jarva["female"]["contacts"], jarva["unknown"]["contacts"])
    page = client.get(reverse("followup-outreach"), {**YEAR, "split": "sex"})
    assert page.status_code == 200
    assert "Pojkar/Män" in page.content.decode()


# --- Welfare crime --------------------------------------------------------------------------


def test_welfare_crime_split_by_age_band(client, analyst):
    officer = make_user("kontrollant.s", Role.WELFARE_CRIME, "jarva")
    jarva = District.objects.get(slug="jarva")
    for i in range(11):
        Signal.objects.create(
            district=jarva,
            received_on=DAY,
            source="own_case",
            benefit="housing_allowance",
            authority="forsakringskassan",
            description="x",
            person=person("K", 30) if i < 6 else None,
            registered_by=officer,
        )
    client.force_login(analyst)
    answer = client.get(WELFARE, {"year": 2025, "split": "age_band"})
    assert answer.status_code == 200, answer.content
    rows = parts_of(answer.json()["rows"], "jarva", "age_band")
    assert rows[None]["signals"] == 11
    assert rows["21-64"]["signals"] == 6
    assert rows["unknown"]["signals"] == 5  # the signals about no known person
    assert sum(row["signals"] for row in rows.values()) == 22  # the whole and its parts
    page = client.get(reverse("followup-welfare-crime"), {"year": 2025, "split": "age_band"})
    assert page.status_code == 200
    assert "Okänd ålder" in page.content.decode()


# --- Violence -------------------------------------------------------------------------------


def test_violence_parts_add_up_and_a_small_part_hides_another(caseworker, politician, make_report):
    today = timezone.localdate()
    for sex in "KKKKKMM":
        make_report(
            caseworker,
            personal_identity_number=number(born_years_before(today, 10), sex),
            violence=EXPOSED,
        )
    start, end = today - dt.timedelta(days=30), today
    by_band = [
        f
        for f in violence_figures(user=politician, start=start, end=end, split="age_band")
        if f.district == "Järva"
    ]
    assert by_band[0].part_code is None and by_band[0].exposed == 7
    assert {f.part_code: f.exposed for f in by_band[1:] if f.exposed} == {"7-12": 7}
    by_sex = {
        f.part_code: f
        for f in violence_figures(user=politician, start=start, end=end, split="sex")
        if f.district == "Järva"
    }
    assert by_sex[None].reports == 7
    assert by_sex["male"].reports == SUPPRESSED
    assert by_sex["female"].reports == SUPPRESSED  # the complement: 7 − 5 would reveal 2
    assert by_sex["unknown"].reports == 0
    unsplit = violence_figures(user=politician, start=start, end=end)
    assert next(f for f in unsplit if f.district == "Järva").reports == 7


# --- Odd input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/lss/uppfoljning/?split=kon",
        "/lss/uppfoljning/export/queue.csv?split=kon",
        "/uppfoljning/vald/?split=kon",
        "/uppfoljning/vald/export.xlsx?split=kon",
        "/uppfoljning/uppsokande/?split=kon",
        "/uppfoljning/valfardsbrott/?split=kon",
        f"{OUTREACH}?split=kon",
        f"{WELFARE}?year=2025&split=kon",
    ],
    ids=["lss", "lss-file", "violence", "violence-file", "outreach", "welfare", "api-o", "api-w"],
)
def test_an_unknown_split_answers_400(client, politician, url):
    client.force_login(politician)
    answer = client.get(url)
    assert answer.status_code == 400
    if url.startswith("/api/"):
        assert answer["Content-Type"].startswith("application/problem+json")
        assert "split" in answer.json()["errors"] or "split" in str(answer.json())


def test_the_parts_are_the_splits_parts(db):
    assert splits.Parts("sex", []).names() == ["female", "male", "unknown"]
    assert splits.Parts("sex", []).part(None, DAY) == "unknown"
    assert splits.Parts(None, []).part(None, DAY) is None
