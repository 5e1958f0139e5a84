"""Every follow-up table as a download: CSV (semicolon separated, UTF-8 with BOM, which is what
Swedish Excel expects) and XLSX (openpyxl). The tables come from the selectors, so suppression is
already applied; a suppressed figure is the text "<5" in both formats. CSV numbers have a decimal
comma (formats.for_file); XLSX keeps them as numbers, which Excel shows in the reader's locale."""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from skyddsnat.audit.services import audit_log
from skyddsnat.followup import formats
from skyddsnat.organisation.requests import AuthenticatedRequest


@dataclass
class Table:
    name: str  # the file name and the audit action's last part
    title: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: Sequence[Mapping[str, object]]
    note: str = ""  # shown under the table on the page (what is incomplete, what is unknown)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


# A text cell starting with one of these is a formula to a spreadsheet: CSV gets a leading
# apostrophe (shown as text), XLSX stores the cell as a string.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return formats.for_file(value)


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([heading for _key, heading in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(_cell(row.get(key))) for key, _h in table.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.name[:31]
    sheet.append([heading for _key, heading in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        values = []
        for key, _heading in table.columns:
            value = _cell(row.get(key))
            values.append(float(value) if isinstance(value, Decimal) else value)
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(table: Table, fmt: str, *, filename: str) -> HttpResponse:
    """The table as a CSV or XLSX attachment (the caller has checked access and audited)."""
    if fmt == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def refused_query(error: ValidationError) -> HttpResponse:
    """A download's odd query (a period, a year, a day): 400 with the reasons as plain text."""
    return HttpResponse("; ".join(error.messages), status=400, content_type="text/plain")


def audit_download(request: AuthenticatedRequest, table: Table, fmt: str, *, action: str) -> None:
    """The audit entry of a download of aggregate figures: what, in which format, for which
    query, how many rows (files of individual rows audit each person in their selector)."""
    audit_log(
        user=request.user,
        action=action,
        format=fmt,
        query=request.GET.urlencode(),
        rows=len(table.rows),
    )
