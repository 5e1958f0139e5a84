"""Calendar arithmetic for legal deadlines. Pure functions, no Django models."""

import calendar
import datetime as dt
from typing import Literal

Unit = Literal["days", "months"]


def add_months(start: dt.date, months: int) -> dt.date:
    """Add calendar months, clamping to the last day of the target month.

    31 Oct + 4 months is 28 Feb (29 Feb in a leap year): the deadline never spills into March.
    """
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def period_unit(value: str) -> Unit:
    """A stored unit (e.g. a deadline rule's) as a period unit; refuses anything else."""
    match value:
        case "days" | "months":
            return value
    raise ValueError(f"Unknown period unit: {value!r}")


def add_period(start: dt.date, amount: int, unit: Unit) -> dt.date:
    if unit == "days":
        return start + dt.timedelta(days=amount)
    if unit == "months":
        return add_months(start, amount)
    raise ValueError(f"Unknown period unit: {unit!r}")


def days_left(due: dt.date, today: dt.date) -> int:
    """Days until the due date: 0 on the day itself, negative once it has passed."""
    return (due - today).days
