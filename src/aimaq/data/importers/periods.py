"""Periods: reading them as sources print them, and the span of days they cover.

The store keeps periods as strings: ``"2022"`` (year), ``"2022Q3"`` (quarter),
``"2022-07"`` (month), ``"2023-01-01"`` (a date, e.g. population on 1 January).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_TALDAU_YEAR = re.compile(r"^(\d{4})\s*(год|г\.?|жыл)?$", re.IGNORECASE)
_TALDAU_QUARTER = re.compile(
    r"^(?P<q>[1-4]|IV|I{1,3})\s*(-?й)?\s*квартал\s*(?P<y>\d{4})", re.IGNORECASE
)
_TALDAU_SPAN = re.compile(r"^[а-яё]+\s*-\s*(?P<m>[а-яё]+)\s+(?P<y>\d{4})", re.IGNORECASE)
_MONTHS_RU = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip


def normalise_period(text: object) -> str:
    """A period as the store keeps it, from the forms tidy files use.

    Accepts ``2022`` (also as a number), ``2022Q3`` / ``2022-Q3``, ``2022-07``,
    ``2023-01-01``, ``01.01.2023`` and a date (an Excel date cell).

    Raises
    ------
    ValueError
        Not a period in any of these forms.

    Examples
    --------
    >>> normalise_period(2022)
    '2022'
    >>> normalise_period("2022-q3")
    '2022Q3'
    >>> normalise_period("01.01.2023")
    '2023-01-01'
    >>> normalise_period(datetime(2024, 1, 1))
    '2024-01-01'
    """
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):  # an Excel date cell
        return text.isoformat()
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    raw = str(text).strip()
    if _YEAR.match(raw):
        return raw
    if m := _QUARTER.match(raw):
        return f"{m.group(1)}Q{m.group(2)}"
    if m := _MONTH.match(raw):
        _check_date(int(m.group(1)), int(m.group(2)), 1, raw)
        return raw
    if m := _DATE.match(raw):
        _check_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw)
        return raw
    if m := _DOTTED.match(raw):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        _check_date(year, month, day, raw)
        return f"{year:04d}-{month:02d}-{day:02d}"
    raise ValueError(f"not a period (expected 2022, 2022Q3, 2022-07 or 2023-01-01): {raw!r}")


def taldau_period(name: object, end_date: object = None) -> str:
    """The period of one Taldau value, from its ``name`` and ``date`` fields.

    Taldau names periods in words (``"2023 год"``, ``"1 квартал 2023 года"``,
    ``"январь-июнь 2023 года"``) and gives the last day as ``"31.12.2023"``. Years stay
    years; quarters and year-to-date spans ending on a quarter become ``YYYYQn`` (the
    quarter in which the span ends, as Taldau's quarterly series are labelled).

    Raises
    ------
    ValueError
        Neither the name nor the date can be read as a period.

    Examples
    --------
    >>> taldau_period("2023 год", "31.12.2023")
    '2023'
    >>> taldau_period("3 квартал 2022 года", "30.09.2022")
    '2022Q3'
    >>> taldau_period("январь-июнь 2021 года")
    '2021Q2'
    """
    label = str(name).strip() if name is not None else ""
    end = _taldau_date(end_date) if end_date not in (None, "") else None
    if m := _TALDAU_YEAR.match(label):
        year = int(m.group(1))
        if end is not None and end.year != year:
            raise ValueError(f"period name {label!r} and date {end_date!r} disagree")
        return str(year)
    if m := _TALDAU_QUARTER.match(label):
        q = m.group("q").upper()
        quarter = int(q) if q.isdigit() else _ROMAN[q]
        return f"{int(m.group('y'))}Q{quarter}"
    if m := _TALDAU_SPAN.match(label):
        month = _month_ru(m.group("m"))
        if month is not None and month % 3 == 0:
            return f"{int(m.group('y'))}Q{month // 3}"
        if month is not None:
            return f"{int(m.group('y'))}-{month:02d}"
    if end is not None and not label and (end.month, end.day) == (12, 31):
        return str(end.year)
    raise ValueError(f"unknown Taldau period {label!r} (date {end_date!r})")


def period_span(period: str) -> tuple[date, date]:
    """First and last day a stored period covers.

    Examples
    --------
    >>> period_span("2022Q3")
    (datetime.date(2022, 7, 1), datetime.date(2022, 9, 30))
    >>> period_span("2023-01-01")
    (datetime.date(2023, 1, 1), datetime.date(2023, 1, 1))
    """
    if m := _YEAR.match(period):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    if m := _QUARTER.match(period):
        year, q = int(m.group(1)), int(m.group(2))
        last = 3 * q
        return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1])
    if m := _MONTH.match(period):
        year, month = int(m.group(1)), int(m.group(2))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := _DATE.match(period):
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return day, day
    raise ValueError(f"not a stored period: {period!r}")


def _taldau_date(value: object) -> date:
    text = str(value).strip()
    m = _DOTTED.match(text)
    if not m:
        raise ValueError(f"not a Taldau date (dd.mm.yyyy): {text!r}")
    return _check_date(int(m.group(3)), int(m.group(2)), int(m.group(1)), text)


def _month_ru(word: str) -> int | None:
    lowered = word.lower()
    for stem, number in sorted(_MONTHS_RU.items(), key=lambda kv: -len(kv[0])):
        if lowered.startswith(stem):
            return number
    return None


def _check_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"not a calendar date: {raw!r}") from None
