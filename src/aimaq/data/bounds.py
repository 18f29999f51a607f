"""Plausibility bounds per kind of quantity, in one place for every importer and option.

Each indicator of the catalogue names its ``quantity`` (a count of persons, a share, a sum
of money ...); a value outside the bounds of that quantity is refused with its place in
the file. The same bounds check ``aimaq srs import`` (settlement population, year), the
index CSV and command-line figures such as ``aimaq roadmap --budget``.

The bounds are wide on purpose: they catch a misplaced unit, a stray exponent or an
overflow (``1e308`` persons), not unusual but real figures.

==================  ============================================  =========================
quantity            bounds                                        basis
==================  ============================================  =========================
``count``           0 .. 10 x the national population              BNS bulletin 1 Jan 2023
``signed_count``    -1 .. +1 x the national population            (19,765,004 persons);
                                                                   births minus deaths etc.
``share``           0 .. 100 (%)                                   definition
``change``          -100 .. 1,000 (% change)                       ASSUMPTION (upper bound)
``index``           0 .. 1,000 (% of a base period)                ASSUMPTION (upper bound)
``rate``            0 .. 10 x the base (per 1,000: at most 10,000)  ASSUMPTION
``money``           0 .. 1e15 KZT (after the unit's multiplier)    ASSUMPTION: ~40 x the
                                                                   republican budget
``years``           0 .. 120 (years of life)                       definition
``area_per_person`` 0 .. 1,000 m2                                  ASSUMPTION
==================  ============================================  =========================
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from aimaq.errors import ValidationError

Quantity = Literal[
    "count",
    "signed_count",
    "share",
    "change",
    "index",
    "rate",
    "money",
    "signed_money",
    "years",
    "area_per_person",
]
QUANTITIES: tuple[str, ...] = Quantity.__args__  # type: ignore[attr-defined]

#: Population of Kazakhstan on 1 January 2023 (BNS bulletin, sheet 01).
NATIONAL_POPULATION = 19_765_004
#: ASSUMPTION: a cap on any sum of money in tenge, about 40 times the republican budget.
MAX_KZT = 1e15
#: The first year of figures aimaq accepts (independent Kazakhstan's statistics).
FIRST_YEAR = 1990
#: Default cap on an input file's size and on the unpacked size of a workbook, in MB.
DEFAULT_MAX_MB = 512
#: Default cap on the rows of one input file.
DEFAULT_MAX_ROWS = 5_000_000


@dataclass(frozen=True)
class Bound:
    """Closed interval ``[low, high]`` a quantity's value must lie in.

    Examples
    --------
    >>> Bound(0, 100, "a share (%)").contains(101.0)
    False
    """

    low: float
    high: float
    what: str

    def contains(self, value: float) -> bool:
        return math.isfinite(value) and self.low <= value <= self.high

    def describe(self) -> str:
        return f"{self.what} lies in {_num(self.low)} .. {_num(self.high)}"


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x) < 1e7 and float(x).is_integer() else f"{x:.3g}"


_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_RATE = re.compile(r"per\s+([\d,]+)")


def unit_multiplier(unit: str) -> float:
    """What one unit of ``unit`` is worth in its base (``million KZT`` -> 1e6).

    Examples
    --------
    >>> unit_multiplier("million KZT"), unit_multiplier("thousand"), unit_multiplier("persons")
    (1000000.0, 1000.0, 1.0)
    """
    first = unit.strip().lower().split(" ", 1)[0]
    return _MULTIPLIERS.get(first, 1.0)


def infer_quantity(indicator_id: str, unit: str) -> Quantity:
    """The quantity of an indicator from its unit, for entries that do not name one.

    Examples
    --------
    >>> infer_quantity("x_share", "%"), infer_quantity("doctors", "persons")
    ('share', 'count')
    """
    u = unit.strip().lower()
    if u == "%":
        return "change" if "growth" in indicator_id else "share"
    if u.startswith("%"):
        return "index"
    if "per " in u and _RATE.search(u):
        return "rate"
    if "kzt" in u:
        return "money"
    if u == "years":
        return "years"
    if u.startswith("m2"):
        return "area_per_person"
    return "count"


def bound_for(quantity: str, unit: str = "") -> Bound:
    """The bounds of a quantity, in the indicator's unit.

    Examples
    --------
    >>> bound_for("money", "million KZT").high
    1000000000.0
    >>> bound_for("rate", "per 10,000 population").high
    100000.0
    """
    scale = unit_multiplier(unit)
    if quantity == "count":
        return Bound(0, 10 * NATIONAL_POPULATION / scale, "a count")
    if quantity == "signed_count":
        return Bound(-NATIONAL_POPULATION / scale, NATIONAL_POPULATION / scale, "a balance")
    if quantity == "share":
        return Bound(0, 100, "a share (%)")
    if quantity == "change":
        return Bound(-100, 1000, "a change (%)")
    if quantity == "index":
        return Bound(0, 1000, "an index (% of the base)")
    if quantity == "rate":
        m = _RATE.search(unit.lower())
        base = float(m.group(1).replace(",", "")) if m else 1000.0
        return Bound(0, 10 * base, f"a rate per {base:,.0f}")
    if quantity == "money":
        return Bound(0, MAX_KZT / scale, f"a sum in {unit or 'KZT'}")
    if quantity == "signed_money":  # a net flow: either sign
        return Bound(-MAX_KZT / scale, MAX_KZT / scale, f"a net sum in {unit or 'KZT'}")
    if quantity == "years":
        return Bound(0, 120, "a number of years")
    if quantity == "area_per_person":
        return Bound(0, 1000, "an area per person (m2)")
    raise ValueError(f"unknown quantity {quantity!r}: one of {', '.join(QUANTITIES)}")


def last_year(today: date | None = None) -> int:
    """The latest year a figure or plan may name: next year."""
    return (today or date.today()).year + 1


def check_year(year: float, what: str, *, today: date | None = None) -> int:
    """A year between :data:`FIRST_YEAR` and next year, or a :class:`ValidationError`.

    Examples
    --------
    >>> check_year(2023, "year", today=date(2026, 1, 1))
    2023
    >>> check_year(9999, "year", today=date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    aimaq.errors.ValidationError: year: 9999 is not a plausible year (1990 .. 2027)
    """
    high = last_year(today)
    if not (math.isfinite(year) and float(year).is_integer() and FIRST_YEAR <= year <= high):
        shown = int(year) if math.isfinite(year) and float(year).is_integer() else year
        raise ValidationError(f"{what}: {shown} is not a plausible year ({FIRST_YEAR} .. {high})")
    return int(year)


def check_value(value: float, quantity: str, what: str, unit: str = "") -> float:
    """``value`` if it is finite and inside the quantity's bounds, else a :class:`ValidationError`.

    Examples
    --------
    >>> check_value(1e308, "count", "population")
    Traceback (most recent call last):
    ...
    aimaq.errors.ValidationError: population: 1e+308 is outside the plausible range (a count lies in 0 .. 1.98e+08)
    """
    bound = bound_for(quantity, unit)
    if bound.low == 0 and value < 0:
        raise ValidationError(f"{what}: {what} is negative ({value:g}); {bound.what} cannot be")
    if not bound.contains(value):
        raise ValidationError(
            f"{what}: {value:g} is outside the plausible range ({bound.describe()})"
        )
    return value


#: ASSUMPTION: the largest yearly budget a plan may be given, in KZT (see MAX_KZT).
def check_budget(value: float, what: str = "budget") -> float:
    """A budget in KZT: positive and at most :data:`MAX_KZT`.

    Examples
    --------
    >>> check_budget(117e9)
    117000000000.0
    >>> check_budget(1e308)
    Traceback (most recent call last):
    ...
    aimaq.errors.ValidationError: budget: 1e+308 is outside the plausible range (a sum in KZT lies in 0 .. 1e+15)
    """
    return check_value(value, "money", what, "KZT")
