"""The council's version of the quarterly report of LSS decisions not implemented in time (LSS
28 f–h §§): the same rows as the report to IVO (`lss.implementation.late_rows`), de-identified
and counted — per intervention and district, per kind (not implemented, implemented late,
interrupted, resumed late, ended without implementation) and per reason for the delay — each split
by sex (K, M, and unknown for a person without an identity number).

Nothing in it names a person or a case: no identity number, no name, no case number, no date of a
decision. A count built from 1–4 people is "<5", whoever reads it (the council's version is public
once it reaches the council), and complementary suppression keeps a total minus its shown parts
from revealing a hidden one (suppression.complete), within each table: K + M + unknown = total in
each row, the districts of an intervention add up to the intervention, the interventions to all.
"""

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.followup.exports import Table as FigureTable
from skyddsnat.followup.formats import number
from skyddsnat.followup.suppression import MIN_CHILDREN, SUPPRESSED, complete
from skyddsnat.lib.spreadsheet import csv_cell
from skyddsnat.lss.implementation import (
    LATE_KIND_LABELS,
    LateKind,
    LateRow,
    late_rows,
    quarter_bounds,
)
from skyddsnat.lss.models import DelayReason
from skyddsnat.organisation.models import User

SEXES = ("K", "M", "")  # "" is unknown: no identity number to read it from
COLUMNS = ("K", "M", "unknown", "total")
ALL = "*"  # the row of every district (or every intervention)

# The reason of an interruption is the officer's text (not a choice): it is counted as such.
INTERRUPTION_REASON = "interruption"
NOT_RECORDED = "not_recorded"


def _reason_labels() -> dict[str, str]:
    with translation.override("sv"):  # as the kinds (LATE_KIND_LABELS): the files are Swedish
        labels = {r.value: str(r.label).capitalize() for r in DelayReason}
    labels[INTERRUPTION_REASON] = "Avbrott (orsak i fritext i rapporten till IVO)"
    labels[NOT_RECORDED] = "Orsak inte registrerad"
    return labels


def _reason(row: LateRow) -> str:
    if row.kind in (LateKind.INTERRUPTED, LateKind.RESUMED_LATE):
        return INTERRUPTION_REASON
    return row.reason or NOT_RECORDED


def _column(sex: str) -> str:
    return sex or "unknown"


@dataclass(frozen=True)
class CouncilReport:
    start: dt.date
    end: dt.date
    by_intervention: FigureTable
    by_kind: FigureTable
    by_reason: FigureTable

    @property
    def tables(self) -> list[FigureTable]:
        return [self.by_intervention, self.by_kind, self.by_reason]


Key = tuple[tuple[str, str], str]  # ((group, subgroup), column)


def _figures(
    rows: Iterable[LateRow], group_of, *, with_districts: bool
) -> dict[tuple[str, str], dict[str, int | str | None]]:
    """Counts of rows per (group, district or ALL) and column, suppressed: "<5" when 1–4 people."""
    counts: dict[Key, int] = defaultdict(int)
    people: dict[Key, set[int]] = defaultdict(set)
    for row in rows:
        group = group_of(row)
        cells_of_row = [(group, ALL), (ALL, ALL)]
        if with_districts:
            cells_of_row.append((group, row.district or "–"))
        for cell in cells_of_row:
            for column in (_column(row.sex), "total"):
                counts[cell, column] += 1
                people[cell, column].add(row.person_id)
    cells = {cell for cell, _column_name in counts}
    keys = [(cell, column) for cell in cells for column in COLUMNS]
    hidden = {k for k in keys if 0 < len(people.get(k, ())) < MIN_CHILDREN}
    partitions: list[tuple[Key, list[Key]]] = []
    for cell in cells:
        partitions.append(((cell, "total"), [(cell, c) for c in ("K", "M", "unknown")]))
    groups = {g for g, _s in cells if g != ALL}
    for column in COLUMNS:
        partitions.append((((ALL, ALL), column), [((g, ALL), column) for g in sorted(groups)]))
        if with_districts:
            for g in sorted(groups):
                districts = sorted(s for gg, s in cells if gg == g and s != ALL)
                partitions.append((((g, ALL), column), [((g, d), column) for d in districts]))
    hidden = complete(hidden, partitions, lambda k: counts.get(k, 0))
    return {
        cell: {
            column: SUPPRESSED if (cell, column) in hidden else counts.get((cell, column), 0)
            for column in COLUMNS
        }
        for cell in cells
    }


def _columns(first: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        *first,
        ("K", _("Women (K)")),
        ("M", _("Men (M)")),
        ("unknown", _("Sex unknown")),
        ("total", _("Total")),
    ]


def _table_rows(
    figures: dict[tuple[str, str], dict[str, int | str | None]],
    label: dict[str, str],
    order: list[str],
    *,
    with_districts: bool,
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for group in order:
        if (group, ALL) not in figures:
            continue
        districts = sorted(s for g, s in figures if g == group and s != ALL)
        if with_districts:
            for district in districts:
                rows.append(
                    {"group": label[group], "district": district, **figures[group, district]}
                )
            rows.append(
                {"group": label[group], "district": _("All districts"), **figures[group, ALL]}
            )
        else:
            rows.append({"group": label[group], **figures[group, ALL]})
    if (ALL, ALL) in figures:
        total: dict[str, object] = {"group": _("All"), **figures[ALL, ALL]}
        if with_districts:
            total["district"] = _("All districts")
        rows.append(total)
    return rows


def council_report(*, user: User, year: int, quarter: int) -> CouncilReport:
    """The council's version for the whole municipality (every LSS case: only counts leave this
    function). The caller has checked that the user follows up (policy.may_follow_up); the read
    is audited as aggregate figures, without persons."""
    start, end = quarter_bounds(year, quarter)
    rows = late_rows(Case.objects.filter(kind=CaseKind.LSS), on=end, period_start=start)
    interventions = sorted({r.intervention for r in rows})
    kinds = list(LATE_KIND_LABELS)
    reasons = _reason_labels()
    by_intervention = _figures(rows, lambda r: r.intervention, with_districts=True)
    by_kind = _figures(rows, lambda r: r.kind, with_districts=False)
    by_reason = _figures(rows, _reason, with_districts=False)
    audit_log(
        user=user,
        action="followup.lss_council_report.read",
        year=year,
        quarter=quarter,
        rows=len(rows),
    )
    period = {"start": start.isoformat(), "end": end.isoformat()}
    return CouncilReport(
        start=start,
        end=end,
        by_intervention=FigureTable(
            name="lss_not_implemented_by_intervention",
            title=_("Per intervention and district, %(start)s – %(end)s") % period,
            columns=_columns([("group", _("Intervention")), ("district", _("District"))]),
            rows=_table_rows(
                by_intervention,
                {i: i for i in interventions},
                interventions,
                with_districts=True,
            ),
        ),
        by_kind=FigureTable(
            name="lss_not_implemented_by_kind",
            title=_("Per kind, %(start)s – %(end)s") % period,
            columns=_columns([("group", _("Kind"))]),
            rows=_table_rows(by_kind, dict(LATE_KIND_LABELS), kinds, with_districts=False),
        ),
        by_reason=FigureTable(
            name="lss_not_implemented_by_reason",
            title=_("Per reason for the delay, %(start)s – %(end)s") % period,
            columns=_columns([("group", _("Reason"))]),
            rows=_table_rows(by_reason, reasons, list(reasons), with_districts=False),
        ),
    )


def _shown(value: object) -> str:
    """A count in Swedish form ("1 234"), "<5" as it is."""
    if value is None:
        return ""
    if isinstance(value, int):
        return number(value)
    return str(value)


def council_csv(report: CouncilReport) -> str:
    """The three tables one after the other, each under its title, in one CSV file (semicolons;
    text cells escaped against formulas, counts as plain integers)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for table in report.tables:
        writer.writerow([csv_cell(table.title)])
        writer.writerow([csv_cell(heading) for _key, heading in table.columns])
        for row in table.rows:
            writer.writerow(
                [
                    value if isinstance(value, int) else csv_cell(value)
                    for value in (row.get(key) for key, _h in table.columns)
                ]
            )
        writer.writerow([])
    return out.getvalue()


def _p(text: object, style) -> Paragraph:
    # Everything printed goes through escape(): ReportLab reads its own markup in a Paragraph.
    return Paragraph(escape(str(text), {'"': "&quot;", "'": "&#39;"}), style)


def council_pdf(report: CouncilReport, *, title: str) -> bytes:
    """The council's version as a printable PDF: the same tables, nothing about a person."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title)
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story: list = [
        _p(title, styles["Title"]),
        _p(
            f"Kvartal {report.start.isoformat()} – {report.end.isoformat()}. Avidentifierad "
            "version för kommunfullmäktige: antal beslut och avbrott, utan personnummer, namn "
            f"eller ärendenummer. Antal som bygger på färre än {MIN_CHILDREN} personer visas "
            f"som {SUPPRESSED}.",
            styles["BodyText"],
        ),
    ]
    for table in report.tables:
        story += [Spacer(1, 4 * mm), _p(table.title, styles["Heading2"])]
        data = [[_p(heading, small) for _key, heading in table.columns]]
        data += [
            [_p(_shown(row.get(key)), small) for key, _h in table.columns] for row in table.rows
        ]
        if len(data) == 1:
            data.append(
                [_p("Inga beslut att rapportera.", small)] + [""] * (len(table.columns) - 1)
            )
        widths = [180 * mm - 4 * 18 * mm - (len(table.columns) - 5) * 40 * mm]
        widths += [40 * mm] * (len(table.columns) - 5) + [18 * mm] * 4
        grid = Table(data, colWidths=widths, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(grid)
    doc.build(story)
    return buffer.getvalue()
