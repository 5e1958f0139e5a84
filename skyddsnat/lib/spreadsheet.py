"""Cells of a CSV file that a spreadsheet opens: text that starts like a formula (`=`, `+`, `-`,
`@`, a tab or carriage return) gets a leading apostrophe, so that `=HYPERLINK(…)` typed into a
description is shown as text, never run (OWASP "CSV injection")."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
