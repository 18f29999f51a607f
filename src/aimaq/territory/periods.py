"""Periods as the project writes them ("2022", "2022Q3", "2022-07", "2023-01-01") as dates."""

from __future__ import annotations

import calendar
import re
from datetime import date

from aimaq.errors import ValidationError

__all__ = ["period_bounds"]

_ANNUAL = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def period_bounds(period: str | date) -> tuple[date, date]:
    """Return the first and last day of a period.

    Parameters
    ----------
    period : str or datetime.date
        ``"YYYY"``, ``"YYYYQn"``, ``"YYYY-MM"``, ``"YYYY-MM-DD"`` or a date.

    Returns
    -------
    tuple of datetime.date
        ``(first, last)``; both the same day for a date.

    Raises
    ------
    ValidationError
        If the period is written in none of these forms.

    Examples
    --------
    >>> period_bounds("2022Q2")
    (datetime.date(2022, 4, 1), datetime.date(2022, 6, 30))
    >>> period_bounds("2023-01-01")
    (datetime.date(2023, 1, 1), datetime.date(2023, 1, 1))
    """
    if isinstance(period, date):
        return period, period
    text = str(period).strip()
    try:
        if m := _ANNUAL.match(text):
            year = int(m.group(1))
            return date(year, 1, 1), date(year, 12, 31)
        if m := _QUARTER.match(text):
            year, quarter = int(m.group(1)), int(m.group(2))
            last_month = quarter * 3
            return (
                date(year, last_month - 2, 1),
                date(year, last_month, calendar.monthrange(year, last_month)[1]),
            )
        if m := _MONTH.match(text):
            year, month = int(m.group(1)), int(m.group(2))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if m := _DAY.match(text):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return day, day
    except ValueError as exc:
        raise ValidationError(f"period {period!r} is not a real date: {exc}") from None
    raise ValidationError(f"period {period!r} is not one of YYYY, YYYYQn, YYYY-MM, YYYY-MM-DD")
