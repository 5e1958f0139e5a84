"""Every follow-up table as a download: CSV (semicolon separated, UTF-8 with BOM, which is what
Swedish Excel expects) and XLSX (openpyxl). The tables come from the selectors, so suppression is
already applied; a suppressed figure is the text "<5" in both formats. CSV numbers have a decimal
comma (formats.for_file); XLSX keeps them as numbers, which Excel shows in the reader's locale."""

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from skyddsnat.audit.services import audit_log
from skyddsnat.followup import formats
from skyddsnat.lib.spreadsheet import FORMULA_START
from skyddsnat.organisation.requests import AuthenticatedRequest


@dataclass
class Table:
    name: str  # the file name and the audit action's last part
    title: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: Sequence[Mapping[str, object]]
    note: str = ""  # shown under the table on the page (what is incomplete, what is unknown)
    # The national files: rows read (and audited) only while the file is written; `rows` empty.
    stream: Iterator[Mapping[str, object]] | None = None

    def each_row(self) -> Iterable[Mapping[str, object]]:
        return self.rows if self.stream is None else self.stream


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


# A text cell starting with one of `FORMULA_START` is a formula to a spreadsheet: CSV gets a
# leading apostrophe (shown as text), XLSX stores the cell as a string.


def _csv_cell(value: object) -> object:
    if type(value) is int:  # the common cells first (millions in the national files)
        return value
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    value = _cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return formats.for_file(value)


CSV_PART_ROWS = 2000  # rows per part of a streamed CSV


def csv_parts(table: Table) -> Iterator[bytes]:
    """The CSV file in parts: the heading, then the rows a few thousand at a time, each part
    written as its rows come (an iterator of rows is read only as far as the file has come)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([heading for _key, heading in table.columns])
    rows = iter(table.each_row())
    while True:
        part = list(islice(rows, CSV_PART_ROWS))
        writer.writerows([_csv_cell(row.get(key)) for key, _h in table.columns] for row in part)
        yield buffer.getvalue().encode("utf-8")
        if not part:
            return
        buffer.seek(0)
        buffer.truncate()


def to_csv(table: Table) -> bytes:
    return b"".join(csv_parts(table))


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.name[:31]
    sheet.append([heading for _key, heading in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.each_row():
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


def download_streamed(table: Table, fmt: str, *, filename: str) -> StreamingHttpResponse:
    """A CSV sent while its rows are read (the national files, hundreds of thousands of rows);
    an XLSX cannot be written in parts, so it is built whole and sent in one part."""
    if fmt == "csv":
        parts: Iterable[bytes] = csv_parts(table)
        content_type = "text/csv; charset=utf-8"
    else:
        parts, content_type = [to_xlsx(table)], XLSX
    response = StreamingHttpResponse(parts, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
