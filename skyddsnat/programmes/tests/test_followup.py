"""The programmes in the follow-up (issue 10 point 8): participants, outcomes and cost per
programme and district with the "<5" rule, and the 2021 crime-exit line's actual cost from the
interventions decided for participants."""

import datetime as dt

from skyddsnat.cases.models import InterventionType
from skyddsnat.followup.selectors import budget_outcome
from skyddsnat.organisation.models import District
from skyddsnat.programmes.services import participant_decide, participant_end

YEAR_START = dt.date(2021, 2, 1)


def _rows(api, year=2021, by="district"):
    answer = api.get(f"/api/v1/followup/programmes/?year={year}&by={by}")
    assert answer.status_code == 200, answer.content
    return {(r["programme"], r["group"]): r for r in answer.json()["rows"]}


def test_participants_and_outcomes_per_district_with_the_under_five_rule(
    api_for, enrol, coordinator, politician
):
    people = [enrol("sig", age=16, started_on=YEAR_START) for _ in range(7)]
    for participant in people[:5]:
        participant_end(
            user=coordinator,
            participant=participant,
            ended_on=dt.date(2021, 9, 1),
            outcome="school_or_work",
        )
    participant_end(
        user=coordinator, participant=people[5], ended_on=dt.date(2021, 10, 1), outcome="moved"
    )
    rows = _rows(api_for(politician))
    jarva = rows[("sig", "jarva")]
    assert (jarva["participants"], jarva["started"], jarva["ended"]) == (7, 7, 6)
    assert jarva["outcomes"]["school_or_work"] == 5
    assert jarva["outcomes"]["moved"] == "<5"  # one person
    assert jarva["outcomes"]["left"] == 0
    assert rows[("sig", "city")]["participants"] == 7
    assert ("sig", "sodermalm") not in rows  # a district without participants has no row
    # Nothing of another year.
    assert _rows(api_for(politician), year=2019)[("sig", "city")]["participants"] == 0
    # By city only: one row per programme.
    assert set(_rows(api_for(politician), by="city")) == {
        ("sig", "city"),
        ("sspf", "city"),
        ("crime-exit", "city"),
    }


def test_the_complement_of_a_hidden_district_is_hidden(
    api_for, enrol, other_coordinator, politician
):
    for _ in range(7):
        enrol("sspf", age=14, started_on=YEAR_START)
    sodermalm = District.objects.get(slug="sodermalm")
    enrol("sspf", age=14, started_on=YEAR_START, user=other_coordinator, district=sodermalm)
    rows = _rows(api_for(politician))
    assert rows[("sspf", "sodermalm")]["participants"] == "<5"
    # The city's 8 minus Järva's 7 would reveal Södermalm's 1: Järva is hidden as well.
    assert rows[("sspf", "jarva")]["participants"] == "<5"
    assert rows[("sspf", "city")]["participants"] == 8


def test_the_crime_exit_line_of_2021_gets_its_actual_cost_from_the_programme(
    api_for, enrol, coordinator, politician
):
    support = InterventionType.objects.get(code="avhopp-stod")
    for i in range(5):
        participant = enrol("crime-exit", age=20 + i, started_on=YEAR_START)
        participant_decide(
            user=coordinator,
            participant=participant,
            intervention_type=support,
            decided_on=dt.date(2021, 3, 1),
            outcome="grant",
            reason="Stöd vid avhopp.",
            started_on=dt.date(2021, 3, 1),
            cost_sek=200_000,
        )
    rows = _rows(api_for(politician))
    assert rows[("crime-exit", "city")]["cost_sek"] == 1_000_000
    line = next(
        r for r in budget_outcome(user=politician, year=2021) if r.programme == "crime-exit"
    )
    assert line.actual == 1_000_000
    assert line.deviation == 10_000_000 - 1_000_000


def test_a_cost_of_fewer_than_five_people_is_hidden(api_for, enrol, coordinator, politician):
    participant = enrol("crime-exit", age=30, started_on=YEAR_START)
    participant_decide(
        user=coordinator,
        participant=participant,
        intervention_type=InterventionType.objects.get(code="avhopp-stod"),
        decided_on=dt.date(2021, 3, 1),
        outcome="grant",
        reason="Stöd vid avhopp.",
        started_on=dt.date(2021, 3, 1),
        cost_sek=123_456,
    )
    answer = api_for(politician).get("/api/v1/followup/programmes/?year=2021")
    assert "123456" not in answer.content.decode()
    assert _rows(api_for(politician))[("crime-exit", "city")]["cost_sek"] == "<5"


def test_the_follow_up_is_for_those_who_follow_up(
    api_for, client, coordinator, caseworker, analyst
):
    for user in (coordinator, caseworker):
        assert api_for(user).get("/api/v1/followup/programmes/?year=2021").status_code == 404
    assert api_for(analyst).get("/api/v1/followup/programmes/?year=1800").status_code == 400
    client.force_login(analyst)
    page = client.get("/uppfoljning/program/?year=2021")
    assert page.status_code == 200
    assert "Program 2021" in page.content.decode()
    assert client.get("/uppfoljning/program/?year=abc").status_code == 400


def test_the_programme_figures_split_by_age_band_and_sex(api_for, enrol, politician, client):
    for _ in range(7):
        enrol("sig", age=16, started_on=YEAR_START)
    for _ in range(5):
        enrol("sig", age=19, started_on=YEAR_START)
    api = api_for(politician)
    answer = api.get("/api/v1/followup/programmes/?year=2021&split=age_band")
    assert answer.status_code == 200, answer.content
    jarva = {
        r["age_band"]: r["participants"]
        for r in answer.json()["rows"]
        if (r["programme"], r["group"]) == ("sig", "jarva")
    }
    assert jarva[None] == 12
    assert (jarva["13-17"], jarva["18-20"], jarva["0-6"], jarva["unknown"]) == (7, 5, 0, 0)
    answer = api.get("/api/v1/followup/programmes/?year=2021&split=sex")
    by_sex = {
        r["sex"]: r["participants"]
        for r in answer.json()["rows"]
        if (r["programme"], r["group"]) == ("sig", "city")
    }
    assert set(by_sex) == {None, "female", "male", "unknown"}
    shown = [by_sex["female"], by_sex["male"]]
    if all(isinstance(v, int) for v in shown):  # the parts add up where none is hidden
        assert sum(shown) == 12
    else:  # one part of 1–4 hides the other as well
        assert shown == ["<5", "<5"]
    assert api.get("/api/v1/followup/programmes/?year=2021&split=kön").status_code == 400
    client.force_login(politician)
    page = client.get("/uppfoljning/program/?year=2021&split=sex")
    assert page.status_code == 200 and "Pojkar/Män" in page.content.decode()
    assert client.get("/uppfoljning/program/?year=2021&split=x").status_code == 400
