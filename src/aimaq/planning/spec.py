"""What a roadmap must achieve: provision targets, floors, budget rules.

Small frozen value objects, parsed from the CLI's ``national=70@2028`` style and checked
against the planning horizon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aimaq.errors import ValidationError

GROUPS = ("national", "urban", "rural")
FLOOR_LEVELS = ("region", "district")


@dataclass(frozen=True)
class Target:
    """Population-weighted provision of ``group`` reaches ``level`` % by the end of ``year``.

    Examples
    --------
    >>> parse_target("national=70@2028")
    Target(group='national', level=70.0, year=2028)
    """

    group: str
    level: float
    year: int

    def label(self) -> str:
        return f"{self.group} provision {self.level:g}% by {self.year}"


@dataclass(frozen=True)
class Floor:
    """Every territory of ``level`` (or the one territory ``kato``) reaches ``value`` %.

    ``year`` ``None`` means the last year of the horizon.

    Examples
    --------
    >>> parse_floor("region=60")
    Floor(level='region', value=60.0, year=None, kato=None)
    >>> parse_floor("190000000=55@2029").kato
    '190000000'
    """

    level: str
    value: float
    year: int | None = None
    kato: str | None = None

    def label(self, year: int) -> str:
        who = f"territory {self.kato}" if self.kato else f"every {self.level}"
        return f"floor: {who} at {self.value:g}% by {year}"


_SPEC = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=\s*([0-9.eE+-]+)\s*%?\s*(?:@\s*(\d{4}))?\s*$")


def parse_target(text: str) -> Target:
    """Parse ``GROUP=LEVEL@YEAR`` (group national, urban or rural)."""
    m = _SPEC.match(text)
    if not m or m.group(3) is None:
        raise ValidationError(
            f"{text!r}: expected GROUP=PERCENT@YEAR, e.g. national=70@2028", argument="targets"
        )
    group = m.group(1).lower()
    if group not in GROUPS:
        raise ValidationError(
            f"{text!r}: group must be one of {', '.join(GROUPS)}; got {group!r}",
            argument="targets",
        )
    return Target(group, _percent(m.group(2), text, "targets"), int(m.group(3)))


def parse_floor(text: str) -> Floor:
    """Parse ``region=60``, ``district=50@2029`` or ``KATO=55`` (one territory)."""
    m = _SPEC.match(text)
    if not m:
        raise ValidationError(
            f"{text!r}: expected LEVEL=PERCENT[@YEAR] or KATO=PERCENT[@YEAR]", argument="floors"
        )
    key = m.group(1).lower()
    value = _percent(m.group(2), text, "floors")
    year = int(m.group(3)) if m.group(3) else None
    if key in FLOOR_LEVELS:
        return Floor(key, value, year)
    if re.fullmatch(r"\d{9}", key):
        return Floor("territory", value, year, kato=key)
    raise ValidationError(
        f"{text!r}: {key!r} is neither region, district nor a 9-digit KATO code",
        argument="floors",
    )


def _percent(text: str, spec: str, argument: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(f"{spec!r}: {text!r} is not a number", argument=argument) from None
    if not 0.0 <= value <= 100.0:
        raise ValidationError(
            f"{spec!r}: a provision level must lie in 0..100%; got {value:g}", argument=argument
        )
    return value


def check_horizon(first: int, last: int) -> None:
    """Reject an empty or absurd planning horizon."""
    if last < first:
        raise ValidationError(
            f"the last year {last} is before the first {first}",
            argument=("first_year", "last_year"),
        )
    if last - first > 29:
        raise ValidationError(f"horizon {first}-{last} is longer than 30 years")


def check_target_years(targets: tuple[Target, ...], first: int, last: int) -> None:
    """Targets must fall inside the horizon: one in a past year cannot be planned for."""
    for t in targets:
        if t.year < first:
            raise ValidationError(
                f"target {t.label()}: {t.year} is before the plan starts ({first})"
            )
        if t.year > last:
            raise ValidationError(f"target {t.label()}: {t.year} is after the plan ends ({last})")
