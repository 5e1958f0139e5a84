"""The LSS follow-up figures split by sex and age band (issue 14 point 5c): the parts add up to
the whole row where nothing is hidden, a part of 1–4 people is "<5" and another part is hidden as
its complement, and the files' names end in the split."""

import datetime as dt

from django.urls import reverse

from skyddsnat.followup.suppression import SUPPRESSED
from skyddsnat.followup.tests.test_splits_more import number
from skyddsnat.lss.tests.test_followup_page import (  # noqa: F401 (a fixture)
    csv_rows,
    decide,
    five_people_each,
    name,
)


def test_lss_files_split_by_age_band_add_up(client, analyst, five_people_each):  # noqa: F811
    client.force_login(analyst)
    query = "from=2024-01-01&to=2024-12-31&split=age_band"
    url = reverse("lss-followup-export", args=["decisions", "csv"])
    answer = client.get(f"{url}?{query}")
    assert "decisions-2024-01-01_2024-12-31_age_band.csv" in answer["Content-Disposition"]
    rows = csv_rows(answer)
    assert rows[0] == ["Insats", "Bestämmelse", "Åldersgrupp", "Beviljade", "Avslagna"]
    companion = [row for row in rows if row[0] == name("lss-companion")]
    # Everyone was born in 1990: the whole row and the 21–64 part are the same.
    assert companion[0][2:] == ["Alla", "5", "0"]
    assert ["21–64 år", "5", "0"] in [row[2:] for row in companion]
    assert sum(int(row[3]) for row in companion[1:]) == 5
    url = reverse("lss-followup-export", args=["lead_times", "csv"])
    lead = csv_rows(client.get(f"{url}?{query}"))
    whole = next(row for row in lead if row[1] == "Alla")
    band = next(row for row in lead if row[1] == "21–64 år")
    assert whole[2:] == band[2:] and whole[2] == "15"
    url = reverse("lss-followup-export", args=["queue", "csv"])
    queue = csv_rows(client.get(f"{url}?{query}"))
    assert [row[2:4] for row in queue[1:] if row[3] != "0"] == [["Alla", "5"], ["21–64 år", "5"]]


def test_lss_a_small_part_hides_another(client, politician, officer, make_application):
    rows: list = []
    for i, sex in enumerate("KKKKKMM"):
        decide(
            officer,
            make_application,
            rows,
            received=dt.date(2024, 2, 1) + dt.timedelta(days=3 * i),
            after=20,
            identity_number=number(dt.date(1990, 3, 4), sex),
        )
    client.force_login(politician)
    url = reverse("lss-followup-export", args=["decisions", "csv"])
    decisions = csv_rows(client.get(f"{url}?from=2024-01-01&to=2024-12-31&split=sex"))
    granted = {row[2]: row[3] for row in decisions if row[3] != "0"}
    assert granted["Alla"] == "7"
    assert granted["Pojkar/Män"] == SUPPRESSED
    assert granted["Flickor/Kvinnor"] == SUPPRESSED
    page = client.get(f"{reverse('lss-followup')}?from=2024-01-01&to=2024-12-31&split=sex")
    assert page.status_code == 200
    assert "Dela upp efter" in page.content.decode()
