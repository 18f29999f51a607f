"""BNS time-series tables in Excel (``.xls`` / ``.xlsx``): one row per region, one column per year.

Layout, as in the tables BNS publishes by indicator (schools, hospitals, doctors): a
title row, a header row of years (``2003``, or school years ``2000/01``), then region
rows; optional section rows ("Все население", "Городское население", "Сельское
население") switch the ``area`` dimension; footnotes close the table. Several tables may
follow one another on a sheet; each header row of years starts a new one.

* A school year ``2000/01`` is stored as the year it starts, ``2000``.
* A footnote "* Данные за 2003-2017 гг. по Южно-Казахстанской области." attached to a
  row name (``Туркестанская*``) maps that row's values in those years to the unit named
  (South Kazakhstan, ``510000000``), not to the row's region.
* A dash for a unit in a year it did not exist through (Shymkent before 2018, South
  Kazakhstan in 2018) means there was no such unit, not zero; it is left out and counted
  (``flags.no_unit``).
  Any figure for a unit outside its lifetime is refused by the border check.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from aimaq.data.importers.markers import ABSENT, parse_cell
from aimaq.data.importers.observations import FrameBuilder
from aimaq.data.importers.periods import period_span
from aimaq.data.importers.pipeline import ParsedFile
from aimaq.data.importers.territories import TerritoryMatcher
from aimaq.data.importers.workbook import open_workbook
from aimaq.data.store import sha256_of_bytes
from aimaq.errors import Advice, ImportError_, Location

IMPORTER = "bns-table"
ATTRIBUTION = "Bureau of National Statistics of the Republic of Kazakhstan, statistical table"
NO_UNIT = "no_unit"

# Table titles seen in BNS tables, to the catalogue indicator they carry.
KNOWN_TITLES = (
    ("общеобразовательных школ", "schools"),
    ("врачей всех специальностей", "doctors"),
    ("медицинских учреждений (больницы)", "hospitals"),
)
_SECTIONS = {
    "все население": None,
    "городское население": "urban",
    "сельское население": "rural",
    "городская местность": "urban",
    "сельская местность": "rural",
}
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})/\d{2}$")
_MARKER = re.compile(r"^(?P<name>.*?)\s*(?P<stars>\*+)\s*$")
_FOOTNOTE = re.compile(
    r"^(?P<stars>\*+)\s*Данные за (?P<first>\d{4})\s*-\s*(?P<last>\d{4})\s*гг?\.?\s*по\s+(?P<unit>.+?)\.?\s*$",
    re.IGNORECASE,
)


def read_sheets(data: bytes, source: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, from ``.xls`` (BIFF) or ``.xlsx`` bytes."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        import xlrd

        try:
            book = xlrd.open_workbook(file_contents=data)
        except Exception as exc:  # xlrd raises its own and struct errors on damaged files
            raise ImportError_(
                f"not a readable .xls workbook (truncated or damaged?): {exc}", Location(source)
            ) from None
        return {sh.name: [tuple(sh.row_values(i)) for i in range(sh.nrows)] for sh in book.sheets()}
    wb = open_workbook(data, source)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def parse_bns_table(
    data: bytes,
    *,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None = None,
    sheet: str | None = None,
    since: int | None = None,
    skip_unmatched: bool = False,
) -> ParsedFile:
    """Read a BNS table of regions by years into the observation frame.

    The indicator is ``indicator``, else recognised from the table title
    (:data:`KNOWN_TITLES`). ``since`` keeps the years from that one on (e.g. 2018, when
    earlier columns are on borders the KATO tree cannot express); the columns left out
    are counted in ``flags.before_since``.
    """
    sheets = read_sheets(data, source)
    if sheet is not None and sheet not in sheets:
        raise ImportError_(
            f"no sheet {sheet!r} (sheets: {list(sheets)})", Location(source, None, "sheet", sheet)
        )
    name = sheet if sheet is not None else next(iter(sheets))
    rows = sheets[name]
    ind = indicator or _indicator_from_title(rows, source)
    remaps = _footnotes(rows, matcher)
    builder = FrameBuilder()
    no_unit = 0
    skipped_years = 0
    columns: dict[int, str] = {}
    area: str | None = None
    for index, row in enumerate(rows):
        ref = f"sheet {name} row {index + 1}"
        label = _text(row[0]) if row else ""
        years = {} if label else _years(row)  # a header row has no name in its first cell
        if len(years) >= 2:
            columns = years
            continue
        if not label or not columns:
            continue
        folded = label.casefold().rstrip(":")
        if folded in _SECTIONS:
            area = _SECTIONS[folded]
            continue
        cells = {c: row[c] for c in columns if c < len(row) and _text(row[c]) != ""}
        if not cells or label.startswith("*") or _FOOTNOTE.match(label):
            continue
        marker = _MARKER.match(label)
        stars = marker.group("stars") if marker else ""
        clean = marker.group("name") if marker else label
        kato = matcher.first(clean, ref, [partial(matcher.resolver.region, clean)])
        if kato is None:
            continue
        for col, raw in cells.items():
            period = columns[col]
            if since is not None and int(period[:4]) < since:
                skipped_years += 1
                continue
            try:
                cell = parse_cell(raw)
            except ValueError:
                raise ImportError_(
                    "value is not a number or a BNS mark (-, х, ...)",
                    Location(source, ref, _letter(col), raw),
                ) from None
            target = kato
            if stars in remaps and remaps[stars][0] <= int(period[:4]) <= remaps[stars][1]:
                target = remaps[stars][2]
            if cell.flag == ABSENT and not _exists(matcher.resolver, target, period):
                no_unit += 1
                continue
            dims = {"area": area} if area else {}
            builder.add(
                target, ind, period, cell.value, dims, f"{ref} column {_letter(col)}", cell.flag
            )
    if not columns:
        raise ImportError_(
            "no header row of years (2003, 2000/01, ...): this importer reads tables of "
            "regions by years; other layouts (e.g. regions by occupation) are not supported",
            Location(source, f"sheet {name}"),
        )
    if not skip_unmatched:
        matcher.raise_if_unmatched()
    return ParsedFile(
        frame=builder.frame(),
        source=source,
        sha256=sha256_of_bytes(data),
        importer=IMPORTER,
        attribution=ATTRIBUTION,
        unmatched=matcher.unmatched,
        left_out={k: v for k, v in ((NO_UNIT, no_unit), ("before_since", skipped_years)) if v},
    )


def _indicator_from_title(rows: list[tuple[Any, ...]], source: str) -> str:
    for row in rows[:10]:
        for cell in row:
            text = _text(cell).casefold()
            for words, indicator in KNOWN_TITLES:
                if words in text:
                    return indicator
    raise ImportError_(
        "the table title names no indicator this importer knows",
        Location(source),
        advice=Advice.indicator,
    )


def _footnotes(
    rows: list[tuple[Any, ...]], matcher: TerritoryMatcher
) -> dict[str, tuple[int, int, str]]:
    """``{"*": (2003, 2017, "510000000")}`` from "* Данные за 2003-2017 гг. по ..." notes."""
    out: dict[str, tuple[int, int, str]] = {}
    for index, row in enumerate(rows):
        text = _text(row[0]) if row else ""
        m = _FOOTNOTE.match(text)
        if not m:
            continue
        unit = _nominative(m.group("unit"))
        kato = matcher.first(
            unit, f"footnote at row {index + 1}", [partial(matcher.resolver.region, unit)]
        )
        if kato is not None:
            out[m.group("stars")] = (int(m.group("first")), int(m.group("last")), kato)
    return out


def _nominative(name: str) -> str:
    """ "Южно-Казахстанской области" (as a footnote says "по ...") -> "Южно-Казахстанская область"."""
    text = re.sub(r"ской(\s+)области", r"ская\1область", name)
    return re.sub(r"ной(\s+)области", r"ная\1область", text)


def _years(row: tuple[Any, ...]) -> dict[int, str]:
    found: dict[int, str] = {}
    for c, cell in enumerate(row):
        text = _text(cell)
        if (m := _YEAR.match(text)) or (m := _SCHOOL_YEAR.match(text)):
            year = int(m.group(1))
        else:
            continue
        if 1990 <= year <= 2100:
            found[c] = str(year)
    ordered = list(found.values())
    return found if ordered == sorted(ordered) else {}


def _exists(resolver: Any, kato: str, period: str) -> bool:
    """The unit existed through the whole period (a dash in a border year means no unit)."""
    info = resolver.info(kato)
    first, last = period_span(period)
    start, end = info.get("valid_from"), info.get("valid_to")
    if start is not None and first < _as_date(start):
        return False
    return not (end is not None and last > _as_date(end))


def _as_date(value: Any) -> Any:
    from datetime import date

    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
