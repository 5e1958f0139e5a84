"""Files produced from the LSS records: the quarterly report of decisions not implemented in time
(CSV and PDF) and the 1 October statistics file (CSV). The decision letters are the letters
app's (`skyddsnat.letters`: templates a municipality edits, each letter kept as sent).

PDFs are drawn with reportlab (pure Python, no system libraries). Everything here is built from
the records; nothing is typed by hand.

Reportlab's Paragraph reads a markup language of its own (`<b>`, `<font>`, `<a href>`, and
`<img src>`, which fetches a URL or reads a local file while the PDF is drawn). Every value from
the records therefore goes through `_text`, which escapes it so that it is printed as the letters
it is made of; only the markup written here, around those values, is read as markup.
"""

import csv
import datetime as dt
import io
from collections import Counter
from xml.sax.saxutils import escape

from django.db.models import Prefetch, Q
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from skyddsnat.audit.services import audit_log_many
from skyddsnat.cases import policy
from skyddsnat.cases.models import Intervention
from skyddsnat.lib.spreadsheet import csv_cell
from skyddsnat.lss.implementation import LateRow
from skyddsnat.lss.models import Application, InterventionRule
from skyddsnat.lss.selectors import lss_cases
from skyddsnat.organisation.models import User

IVO_COLUMNS = [
    "Ärende",
    "Stadsdel",
    "Insats",
    "Lagrum",
    "Typ",
    "Beslutsdatum",
    "Räknas från",
    "Tre månader passerade efter",
    "Verkställt/återupptaget",
    "Dagar över",
]


_QUOTES = {'"': "&quot;", "'": "&#39;"}


def _text(value: object) -> str:
    """A value as Paragraph markup that prints exactly its own characters; line breaks kept."""
    return escape(str(value), _QUOTES).replace("\n", "<br/>")


def _cell(value: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_text(value), style)


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


# The columns IVO's report asks beyond the dates (LSS 28 f–h §§; services.delays records them).
IVO_FILE_COLUMNS = [
    IVO_COLUMNS[0],
    "Personnummer",
    "Kön",
    *IVO_COLUMNS[1:],
    "Orsak till dröjsmålet",
    "Orsak, beskrivning",
    "Konsekvenser för den enskilde",
    "Erbjudanden",
    "Stöd under väntetiden",
    "Avslutat av annan orsak",
    "Avslutat datum",
]


def _offers(row: LateRow) -> str:
    """Every offer on one line each: date, what, answer (and when)."""
    return "\n".join(
        f"{o.offered_on.isoformat()} {o.offered}: {o.answer_label}"
        + (f" {o.answered_on.isoformat()}" if o.answered_on else "")
        for o in row.offers
    )


def _support(row: LateRow) -> str:
    return ". ".join(p for p in [row.support_label.capitalize(), row.support_text] if p)


def ivo_values(row: LateRow) -> list[str]:
    """One row of the IVO file, as text, in the order of IVO_FILE_COLUMNS."""
    return [
        row.reference,
        row.identifier,
        row.sex,
        row.district,
        row.intervention,
        row.citation,
        row.kind_label,
        _date(row.decided_on),
        _date(row.counted_from),
        _date(row.due),
        _date(row.resolved_on),
        str(row.days_over),
        row.reason_label.capitalize(),
        row.reason_text,
        row.consequences,
        _offers(row),
        _support(row),
        row.closed_reason_label.capitalize(),
        _date(row.closed_on),
    ]


def ivo_csv(rows: list[LateRow]) -> str:
    """One line per decision or interruption, with the dates that prove it is late and what the
    officer recorded about it. Every cell that a spreadsheet would read as a formula is escaped."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(IVO_FILE_COLUMNS)
    for r in rows:
        writer.writerow([csv_cell(v) for v in ivo_values(r)])
    return out.getvalue()


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    """Title, heading, body and small print."""
    styles = getSampleStyleSheet()
    return (
        styles["Title"],
        styles["Heading2"],
        styles["BodyText"],
        styles["BodyText"].clone("small", fontSize=8, leading=10),
    )


def ivo_pdf(rows: list[LateRow], *, unit_name: str, start: dt.date, end: dt.date) -> bytes:
    """A printable report for IVO and the council: a summary per intervention and every row."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title="Ej verkställda beslut enligt LSS",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
    )
    title, heading, body, small = _styles()
    story = [
        Paragraph("Ej verkställda beslut enligt LSS (28 f–h §§)", title),
        Paragraph(
            f"{_text(unit_name)}. Kvartal {start.isoformat()} – {end.isoformat()}.",
            body,
        ),
        Paragraph(
            "Rapporteras till Inspektionen för vård och omsorg (IVO), kommunfullmäktige och "
            "revisorerna. Beslut som inte verkställts inom tre månader från beslutsdagen, eller "
            "vars verkställighet avbrutits i tre månader.",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph("Sammanställning per insats", heading),
    ]
    summary = Counter((r.citation, r.intervention, r.kind_label) for r in rows)
    table: list[list] = [["Lagrum", "Insats", "Typ", "Antal"]] + [
        [_cell(c, small), _cell(i, small), _cell(k, small), str(n)]
        for (c, i, k), n in sorted(summary.items())
    ]
    if len(table) == 1:
        table.append(["", "Inga beslut att rapportera.", "", "0"])
    story.append(_table(table, [25 * mm, 120 * mm, 80 * mm, 20 * mm]))
    story += [Spacer(1, 4 * mm), Paragraph("Beslut och avbrott", heading)]
    # The dates as a table, then per row what was recorded about it (the text columns do not fit
    # a landscape page as table cells).
    date_columns = IVO_FILE_COLUMNS[:12]
    detail = [[_cell(v, small) for v in ivo_values(r)[:12]] for r in rows]
    story.append(
        _table(
            [[_cell(c, small) for c in date_columns], *detail],
            [
                22 * mm,
                24 * mm,
                9 * mm,
                22 * mm,
                40 * mm,
                16 * mm,
                28 * mm,
                19 * mm,
                19 * mm,
                21 * mm,
                20 * mm,
                12 * mm,
            ],
        )
    )
    facts = [(r, values) for r, values in ((r, ivo_values(r)) for r in rows) if any(values[12:])]
    if facts:
        story += [Spacer(1, 4 * mm), Paragraph("Orsak, konsekvenser och stöd", heading)]
    for r, values in facts:
        lines = [
            f"<b>{_text(label)}:</b> {_text(value)}"
            for label, value in zip(IVO_FILE_COLUMNS[12:], values[12:], strict=True)
            if value
        ]
        story.append(
            Paragraph(
                f"<b>{_text(r.reference)}</b> {_text(r.identifier)} – "
                f"{_text(r.intervention)} ({_text(r.kind_label)})<br/>" + "<br/>".join(lines),
                small,
            )
        )
        story.append(Spacer(1, 2 * mm))
    doc.build(story)
    return buffer.getvalue()


def _table(data: list, widths: list[float]) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


# --- The 1 October statistics file -------------------------------------------------------------

OCTOBER_PARAGRAPHS = range(2, 11)


def october_statistics_rows(*, user: User, year: int) -> list[list[str]]:
    """Every person with an LSS 9 § 2–10 intervention ongoing on 1 October, with the eligibility
    group and one column per intervention (1 = ongoing). Built from the records only.

    A manager exports the unit's persons; the rows are personal data and audited as an export.
    """
    if not policy.is_lss_staff(user):
        return []
    day = dt.date(year, 10, 1)
    rules = {
        r.intervention_type_id: r.paragraph
        for r in InterventionRule.objects.filter(in_october_statistics=True)
    }
    interventions = (
        Intervention.objects.filter(
            case__in=lss_cases(user),
            intervention_type_id__in=rules,
            started_on__lte=day,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("case__person", "case__unit__municipality")
        .prefetch_related(
            Prefetch(
                "case__lss_application", queryset=Application.objects.select_related("eligibility")
            )
        )
    )
    people: dict[int, dict] = {}
    for i in interventions:
        person = i.case.person
        row = people.setdefault(
            person.pk,
            {
                "municipality": i.case.unit.municipality.code,
                "number": person.personal_identity_number,
                "group": "",
                "paragraphs": set(),
                "case_id": i.case_id,
            },
        )
        application = getattr(i.case, "lss_application", None)
        eligibility = getattr(application, "eligibility", None) if application else None
        if eligibility is not None and eligibility.group:
            row["group"] = str(eligibility.group)
        row["paragraphs"].add(rules[i.intervention_type_id])
    header = ["Kommunkod", "Personnummer", "Personkrets"] + [f"9 § {p}" for p in OCTOBER_PARAGRAPHS]
    rows = [header]
    for row in sorted(people.values(), key=lambda r: r["number"]):
        rows.append(
            [row["municipality"], row["number"], row["group"]]
            + ["1" if p in row["paragraphs"] else "0" for p in OCTOBER_PARAGRAPHS]
        )
    audit_log_many(
        user=user,
        action="lss.october_statistics.export",
        rows=[(pk, row["case_id"]) for pk, row in people.items()],
        year=year,
    )
    return rows


def october_statistics_csv(*, user: User, year: int) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(october_statistics_rows(user=user, year=year))
    return out.getvalue()
