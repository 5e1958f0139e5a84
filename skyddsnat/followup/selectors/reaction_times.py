"""Reaction times (equal treatment) for the pages and the API: the figures of equality.compute
with the privacy rules applied (suppression.py) and the censoring marks."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from skyddsnat.cases.policy import managed_district_slug, may_follow_up, require
from skyddsnat.followup import equality, splits, suppression
from skyddsnat.followup.equality import ALL, CITY, Grouping
from skyddsnat.followup.equality.figures import city_label
from skyddsnat.followup.formats import swedish_sort_key
from skyddsnat.followup.limits import Limits
from skyddsnat.organisation.models import Area, District, User

Figure = float | int | str | None


@dataclass
class EqualityOverview:
    start: dt.date
    end: dt.date
    names: dict[str, str]
    # Each figure by name, and "incomplete": {figure: the day it becomes final} (censoring).
    comparison: list[tuple[str, dict[str, Any]]]  # districts, then inner, outer, city
    monthly: dict[str, list[tuple[str, dict[str, Any]]]]  # area/city → [(month, figures)]
    yearly: dict[str, list[tuple[str, dict[str, Any]]]]
    own_district: str | None = None
    series_groups: list[str] = field(default_factory=list)
    area_of: dict[str, str] = field(default_factory=dict)  # district slug → inner/outer
    # A split (splits.py): "sex" or "age_band", its parts in order with their labels and the
    # API's values, and the figures of each group's parts (group → [(part, figures)]; the series
    # group → part → [(period, figures)]).
    split: str | None = None
    parts: list[str] = field(default_factory=list)
    part_labels: dict[str, str] = field(default_factory=dict)
    part_codes: dict[str, str] = field(default_factory=dict)
    comparison_parts: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    monthly_parts: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = field(
        default_factory=dict
    )
    yearly_parts: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = field(
        default_factory=dict
    )


def _rounded(figures: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in figures.items():
        if isinstance(value, float):
            value = round(value, 3) if name.endswith("_share") else round(value, 1)
        out[name] = value
    return out


def _empty(period: str, end: dt.date, on: dt.date, limits: Limits) -> dict[str, Any]:
    figures: dict[str, Any] = {
        name: (0 if name == "reports" else None) for name in equality.FIGURES
    }
    figures["incomplete"] = equality.incomplete_figures(period, end, on, limits)
    return figures


MONTHLY_UP_TO_DAYS = 3 * 366


def equality_overview(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    on: dt.date | None = None,
    monthly: bool | None = None,
    split: str | None = None,
) -> EqualityOverview:
    """Reaction times for the period: each district (a manager: their own), inner and outer city
    and the whole city, plus the yearly series of the areas and the city and, for periods up to
    three years (or when asked), the monthly one; with a `split` ("sex", "age_band") also each
    group's parts, suppressed together with the whole groups."""
    require(may_follow_up(user))
    grouping = Grouping.load()
    if monthly is None:
        monthly = (end - start).days <= MONTHLY_UP_TO_DAYS
    on = on or timezone.localdate()
    limits = Limits.load()
    cells = equality.compute(
        start=start,
        end=end,
        on=on,
        monthly=monthly,
        lazy_counts=True,
        limits=limits,
        grouping=grouping,
        split=split,
    )
    shown = suppression.apply(cells, grouping)
    for (_group, period), figures in shown.items():
        figures["incomplete"] = equality.incomplete_figures(period, end, on, limits)  # type: ignore[assignment]
    own = managed_district_slug(user)
    current = sorted(
        District.objects.filter(successor__isnull=True), key=lambda d: swedish_sort_key(d.name)
    )
    districts = [d.slug for d in current if own is None or d.slug == own]
    groups = [*districts, *grouping.areas(), CITY]
    comparison = [
        (g, _rounded(shown.get((g, ALL)) or _empty(ALL, end, on, limits))) for g in groups
    ]
    series_groups = [*grouping.areas(), CITY]
    months = equality.periods(cells.values(), "month")
    years = equality.periods(cells.values(), "year")
    monthly_series = {
        g: [(m, _rounded(shown.get((g, m)) or _empty(m, end, on, limits))) for m in months]
        for g in series_groups
    }
    yearly = {
        g: [(y, _rounded(shown.get((g, y)) or _empty(y, end, on, limits))) for y in years]
        for g in series_groups
    }
    names = {**grouping.names, **{a.value: str(a.label) for a in Area}, CITY: city_label()}
    bands = splits.Bands.load() if split == splits.AGE_BAND else None
    parts = splits.parts(split, bands)

    def part_rows(group: str, periods: list[str]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        return {
            part: [
                (p, _rounded(shown.get((f"{group}|{part}", p)) or _empty(p, end, on, limits)))
                for p in periods
            ]
            for part in parts
        }

    return EqualityOverview(
        split=split,
        parts=parts,
        part_labels={part: splits.part_label(split, part, bands) for part in parts if split},
        part_codes={part: splits.part_code(split, part, bands) for part in parts if split},
        comparison_parts={
            g: [(part, rows[0][1]) for part, rows in part_rows(g, [ALL]).items()] for g in groups
        },
        monthly_parts={g: part_rows(g, months) for g in series_groups} if split else {},
        yearly_parts={g: part_rows(g, years) for g in series_groups} if split else {},
        start=start,
        end=end,
        names=names,
        comparison=comparison,
        monthly=monthly_series,
        yearly=yearly,
        own_district=own,
        series_groups=series_groups,
        area_of={slug: str(area) for slug, area in grouping.area_of.items()},
    )


def reaction_times(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    by: str,
    on: dt.date | None = None,
    split: str | None = None,
) -> list[dict[str, Any]]:
    """The API's rows: `by="district"` each district, `by="area"` inner, outer and city; with a
    `split`, each group's row is followed by a row per part (the field named by the split)."""
    overview = equality_overview(user=user, start=start, end=end, on=on, monthly=False, split=split)
    area_groups = {*overview.series_groups}
    rows = []
    each: list[tuple[str, str | None, dict[str, Any]]] = []
    for group, figures in overview.comparison:
        each.append((group, None, figures))
        for a_part, part_figures in overview.comparison_parts.get(group, []):
            each.append((group, a_part, part_figures))
    for group, part, figures in each:
        if (by == "area") != (group in area_groups):
            continue
        row: dict[str, Any] = {"group": group}
        if split:
            row[split] = overview.part_codes[part] if part else None
        incomplete: dict[str, dt.date]
        row |= {field: figures[figure] for field, figure in API_FIELDS.items()}
        # Censoring: a figure whose reports have not all had their follow-up window yet.
        incomplete = {
            field: figures["incomplete"][figure]
            for field, figure in API_FIELDS.items()
            if figure in figures["incomplete"]
        }
        row["complete"] = not incomplete
        row["final_on"] = max(incomplete.values()).isoformat() if incomplete else None
        row["incomplete_figures"] = {
            field: day.isoformat() for field, day in sorted(incomplete.items())
        }
        rows.append(row)
    return rows


# The API's field for each figure.
API_FIELDS = {
    "reports": "reports",
    "median_days_to_safety_assessment": "safety_median",
    "median_days_to_pre_assessment": "pre_median",
    "p90_days_to_pre_assessment": "pre_p90",
    "median_days_to_first_intervention": "intervention_median",
    "share_pre_assessment_late": "pre_late_share",
    "share_investigation_over_4_months": "investigation_over_share",
}
