"""Each follow-up table defined once: the pages show it and the exports download it, so a page and
its CSV/XLSX always hold the same (suppressed) figures."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from skyddsnat.followup import selectors
from skyddsnat.followup.exports import Table
from skyddsnat.followup.limits import Limits, investigation_over_label, pre_late_label
from skyddsnat.followup.selectors import Figure


def equality_columns() -> list[tuple[str, str]]:
    limits = Limits.load()
    return [
        ("reports", _("Reports")),
        ("safety_median", _("Report → safety assessment, median (days)")),
        ("safety_p90", _("Report → safety assessment, 90th percentile (days)")),
        ("pre_median", _("Report → pre-assessment, median (days)")),
        ("pre_p90", _("Report → pre-assessment, 90th percentile (days)")),
        ("pre_late_share", _("%(label)s (%%)") % {"label": pre_late_label(limits)}),
        ("intervention_median", _("Report → first intervention, median (days)")),
        ("intervention_p90", _("Report → first intervention, 90th percentile (days)")),
        ("investigation_median", _("Investigation length, median (days)")),
        ("investigation_p90", _("Investigation length, 90th percentile (days)")),
        (
            "investigation_over_share",
            _("%(label)s (%%)") % {"label": investigation_over_label(limits)},
        ),
    ]


def percent(value: Figure) -> Figure:
    """A share (0–1) as a percentage with one decimal; "<5" and None pass through."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return round(float(value) * 100, 1)
    return value


def shown(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as a table row: shares as percentages, and the censoring marks: `incomplete`
    (the figures not final yet, for the page's marks) and `final_on` (the day from which every
    figure of the row is final, empty when they all are; a column of the downloads)."""
    row = {k: percent(v) if k.endswith("_share") else v for k, v in figures.items()}
    incomplete: dict[str, dt.date] = figures.get("incomplete") or {}
    row["final_on"] = max(incomplete.values()).isoformat() if incomplete else ""
    return row


def final_on_column() -> tuple[str, str]:
    return ("final_on", _("Preliminary, final from"))


def _incomplete_note(rows: list[dict[str, Any]]) -> str:
    if not any(row["final_on"] for row in rows):
        return ""
    return _(
        "* Preliminary: not every report of the period has had its whole follow-up window yet "
        "(see “How the figures are counted”). The last column gives the day from which the row "
        "is final."
    )


def split_column(overview: selectors.EqualityOverview) -> list[tuple[str, str]]:
    """The column of a split's part ("Kön", "Åldersgrupp"), none without a split."""
    if overview.split is None:
        return []
    return [("part", _("Sex") if overview.split == "sex" else _("Age band"))]


def _with_parts(
    overview: selectors.EqualityOverview,
    group: str,
    figures: dict[str, Any],
    parts: list[tuple[str, dict[str, Any]]],
    **more: object,
) -> list[dict[str, Any]]:
    """A group's row, then (with a split) one row per part, the part named in its column."""
    name = overview.names[group]
    total = _("All") if overview.split else ""
    rows = [{**more, "group": name, "part": total, **shown(figures)}]
    rows += [
        {**more, "group": name, "part": overview.part_labels[part], "is_part": True, **shown(f)}
        for part, f in parts
    ]
    return rows


def equality_comparison(overview: selectors.EqualityOverview) -> Table:
    rows = [
        row
        for group, figures in overview.comparison
        for row in _with_parts(overview, group, figures, overview.comparison_parts.get(group, []))
    ]
    return Table(
        name="equality",
        title=_("Reaction times per district, %(start)s – %(end)s")
        % {"start": overview.start.isoformat(), "end": overview.end.isoformat()},
        columns=[
            ("group", _("District or area")),
            *split_column(overview),
            *equality_columns(),
            final_on_column(),
        ],
        rows=rows,
        note=_incomplete_note(rows),
    )


def equality_series(overview: selectors.EqualityOverview, kind: str) -> Table:
    series = overview.monthly if kind == "month" else overview.yearly
    split_series = overview.monthly_parts if kind == "month" else overview.yearly_parts
    rows = [
        row
        for group in overview.series_groups
        for i, (period, figures) in enumerate(series[group])
        for row in _with_parts(
            overview,
            group,
            figures,
            [(part, by_period[i][1]) for part, by_period in split_series.get(group, {}).items()],
            period=period,
        )
    ]
    return Table(
        name=f"equality-{'monthly' if kind == 'month' else 'yearly'}",
        title=_("Reaction times per month") if kind == "month" else _("Reaction times per year"),
        columns=[
            ("period", _("Month") if kind == "month" else _("Year")),
            ("group", _("Area")),
            *split_column(overview),
            *equality_columns(),
            final_on_column(),
        ],
        rows=rows,
        note=_incomplete_note(rows),
    )


def budget(rows: list[selectors.BudgetRow], year: int) -> Table:
    unknown = _("unknown")
    return Table(
        name="budget",
        title=_("Budget and outcome %(year)s") % {"year": year},
        columns=[
            ("programme", _("Programme")),
            ("district", _("District")),
            ("base", _("Base (SEK)")),
            ("change", _("Change (SEK)")),
            ("change_percent", _("Change (%)")),
            ("allocation", _("Allocation (SEK)")),
            ("compared_with", _("Compared with")),
            ("staff_cost", _("Estimated staff cost (SEK)")),
            ("intervention_cost", _("Cost of interventions (SEK)")),
            ("actual", _("Cost (SEK)")),
            ("deviation", _("Deviation (SEK)")),
        ],
        rows=[
            {
                "programme": r.programme_name,
                "district": r.district_name,
                "base": r.base if r.base is not None else unknown,
                "change": r.change,
                "change_percent": r.change_percent,
                "allocation": r.allocation if r.allocation is not None else unknown,
                "compared_with": r.explanation,
                "staff_cost": r.staff_cost,
                "intervention_cost": r.intervention_cost,
                "actual": r.actual,
                "deviation": r.deviation,
            }
            for r in rows
        ],
        note=_(
            "Allocation is base plus change. Where the budget states only a change, the base is "
            "unknown: the change is then compared with the cost of the interventions it funds, "
            "never with the whole programme. A programme that pays staff (the welfare-crime "
            "officers) is compared with its estimated staff cost – employees × median monthly "
            "salary × 12 × (1 + the employer's contributions): an estimate from the staff "
            "figures, not the payroll – plus the cost of its interventions. A deviation "
            "(allocation or change minus cost) is shown only where both sides are known."
        ),
    )


def recorded_costs(rows: list[selectors.BudgetRow], year: int, split: str | None = None) -> Table:
    part = [("part", _("Sex") if split == "sex" else _("Age band"))] if split else []
    return Table(
        name="costs",
        title=_("Recorded cost of interventions started in %(year)s") % {"year": year},
        columns=[
            ("programme", _("Programme")),
            ("district", _("District")),
            *part,
            ("actual", _("Recorded cost (SEK)")),
        ],
        rows=[
            {
                "programme": r.programme_name,
                "district": r.district_name,
                "part": r.part,
                "actual": r.actual,
            }
            for r in rows
        ],
        note=_(
            "The cost of the interventions recorded in Skyddsnät, per programme as the mapping "
            "data says. It is not the programme's whole cost unless the programme says so."
        ),
    )


def caseload(rows: list[selectors.CaseloadRow]) -> Table:
    # The caseworker column only when some row is a caseworker's (a manager's own unit): for
    # everyone else it would be an empty column.
    per_caseworker = any(r.caseworker for r in rows)
    return Table(
        name="caseload",
        title=_("Caseload: open cases"),
        columns=[
            ("unit", _("Unit")),
            *([("caseworker", _("Caseworker"))] if per_caseworker else []),
            ("open_cases", _("Open cases")),
            ("assigned", _("Assigned")),
            ("unassigned", _("Not assigned")),
            ("caseworkers", _("Number of caseworkers")),
            ("per_caseworker", _("Cases per caseworker")),
        ],
        rows=[vars(r) for r in rows],
    )


def staff(rows: list[selectors.StaffRow]) -> Table:
    return Table(
        name="staff",
        title=_("Staff: turnover, vacancies and salaries"),
        columns=[
            ("unit", _("Unit")),
            ("year", _("Year")),
            ("role", _("Role")),
            ("employees", _("Employees (average)")),
            ("leavers", _("Leavers")),
            ("turnover_percent", _("Turnover (%)")),
            ("vacancies", _("Vacancies")),
            ("median_monthly_salary", _("Median monthly salary (SEK)")),
        ],
        rows=[vars(r) for r in rows],
    )


REGISTER_COLUMNS = [
    ("pseudonym", "pseudonym"),
    ("birth_year", "birth_year"),
    ("sex", "sex"),
    ("municipality_code", "municipality_code"),
    ("district", "district"),
    ("intervention_code", "intervention_code"),
    ("intervention", "intervention"),
    ("placement", "placement"),
    ("legal_basis", "legal_basis"),
    ("started_on", "started_on"),
    ("ended_on", "ended_on"),
    # The care flow (skyddsnat.care): the exact legal basis, and the placements with their moves.
    ("record", "record"),
    ("legal_section", "legal_section"),
    ("placement_form", "placement_form"),
    ("placement_number", "placement_number"),
    ("moved_from_form", "moved_from_form"),
    ("end_reason", "end_reason"),
    # Issue 14: the decision, the child's background and what the pseudonym was computed over.
    # Appended, so that a reader of the earlier columns by position reads them as before.
    ("decision_date", "decision_date"),
    ("identity_kind", "identity_kind"),
    ("child_country_of_birth", "child_country_of_birth"),
    ("parent1_country_of_birth", "parent1_country_of_birth"),
    ("parent2_country_of_birth", "parent2_country_of_birth"),
    ("unaccompanied", "unaccompanied"),
]


def register(rows: Iterator[dict[str, object]], year: int) -> Table:
    return Table(
        name="register",
        title=_("Child and youth register %(year)s: placements and LVU") % {"year": year},
        columns=REGISTER_COLUMNS,
        rows=[],
        stream=rows,
    )


def ongoing(rows: Iterator[dict[str, object]], on: dt.date) -> Table:
    return Table(
        name="ongoing",
        title=_("Ongoing interventions on %(day)s") % {"day": on},
        columns=REGISTER_COLUMNS,
        rows=[],
        stream=rows,
    )
