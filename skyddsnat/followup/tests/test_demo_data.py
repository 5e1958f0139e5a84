"""The demo data's outer-city lag shows up in the equal-treatment view."""

import datetime as dt

from django.core.management import call_command

from skyddsnat.followup import equality, selectors

END = dt.date(2025, 1, 1)


def test_the_demo_datas_outer_city_lag_shows_in_the_view(db, politician):
    call_command(
        "demo_data", seed=7, years=1, scale=0.02, end_date=END, outer_lag_days=6, verbosity=0
    )
    start = dt.date(2024, 1, 1)
    overview = selectors.equality_overview(user=politician, start=start, end=END)
    rows = dict(overview.comparison)
    assert rows["outer"]["pre_median"] > rows["inner"]["pre_median"]
    assert rows["outer"]["safety_median"] > rows["inner"]["safety_median"]
    # The two computations agree on the demo data as well.
    by_sql = equality.compute(start=start, end=END, on=END, use_sql=True)
    by_python = equality.compute(start=start, end=END, on=END, use_sql=False)
    for key, cell in by_sql.items():
        for name, value in cell.values.items():
            other = by_python[key].values[name]
            assert (value is None and other is None) or abs(float(value) - float(other)) < 1e-9
