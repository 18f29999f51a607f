"""BNS statistical bulletins in Excel: the population bulletin "on 1 January".

Layout (sheets ``01``, ``02``, ``03``): a title row naming the date, a unit row, then a
bilingual header over several rows (merged cells), then one row per territory with nine
figures: all, men, women; urban all, men, women; rural all, men, women. The header is
read, not assumed: each leaf label is a total/area (``Барлық халық``, ``қала халқы``,
``ауыл халқы``) or a sex (``ерлер``, ``әйелдер``) that belongs to the area on its left.

The hierarchy is read from the order of rows and the suffixes of names:

* sheet ``01``: the Republic, then regions;
* sheets ``02`` and ``03``: blocks separated by empty rows; the first row of a block is
  a region (or a city of republican significance), then its city administrations
  (``қ.ә.``) and districts (``ауданы``; in a city block, the city's districts);
* sheet ``03`` further lists, under each district or city administration, the district
  centre and settlements (``қаласы``, ``қ.`` town, ``к.`` settlement, ``а.`` / ``с.``
  village) and the city districts inside a city administration (``а.ә.``, ``ауданы``),
  mapped to KATO codes by name under that unit; the few printed otherwise than in KATO
  2025 come from the hand-kept crosswalk ``bns_2023_settlements.csv``, and one that KATO
  2025 no longer lists is left out and counted as ``not_in_kato`` in the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from aimaq.data.importers.bulletin_places import BulletinPlaces
from aimaq.data.importers.markers import parse_cell
from aimaq.data.importers.nearby import NearbyNames
from aimaq.data.importers.observations import FrameBuilder
from aimaq.data.importers.pipeline import ParsedFile
from aimaq.data.importers.territories import TerritoryMatcher
from aimaq.data.importers.workbook import open_workbook
from aimaq.data.store import sha256_of_bytes
from aimaq.errors import ImportError_, Location

IMPORTER = "bns-bulletin"
ATTRIBUTION = (
    "Bureau of National Statistics of the Republic of Kazakhstan, bulletin "
    "'Population of the Republic of Kazakhstan by sex and type of area'"
)
INDICATOR = "population_jan1"
SHEETS = ("01", "02", "03")

_DATE_KK = re.compile(r"(\d{4})\s*жылғы\s*1\s*қаңтар", re.IGNORECASE)
_DATE_RU = re.compile(r"на\s*1\s*января\s*(\d{4})", re.IGNORECASE)
_AREA_LABELS = (
    ("барлық халық", None),
    ("все население", None),
    ("қала халқы", "urban"),
    ("городское население", "urban"),
    ("ауыл халқы", "rural"),
    ("сельское население", "rural"),
)
_SEX_LABELS = (("ерлер", "male"), ("мужчины", "male"), ("әйелдер", "female"), ("женщины", "female"))
_SPACES = re.compile(r"\s+")


def parse_bulletin(
    data: bytes,
    *,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None = None,
    sheets: Sequence[str] | None = None,
    skip_unmatched: bool = False,
) -> ParsedFile:
    """Read the population bulletin into observations of ``population_jan1``.

    Values are persons on the date in the title (``"2023-01-01"``), with dims
    ``{}``, ``{"sex": ...}``, ``{"area": ...}`` and both. The same territory on several
    sheets gives the same key; equal figures collapse, different ones are an error.
    """
    book = open_workbook(data, source)
    wanted = list(sheets) if sheets else [s for s in SHEETS if s in book.sheetnames]
    if not wanted:
        raise ImportError_(
            f"no data sheet {list(SHEETS)} in the workbook (sheets: {book.sheetnames})",
            Location(source),
        )
    builder = FrameBuilder()
    near = NearbyNames(matcher.resolver)
    ind = indicator or INDICATOR
    left_out: dict[str, int] = {}
    for name in wanted:
        if name not in book.sheetnames:
            raise ImportError_(
                f"no sheet {name!r} (sheets: {book.sheetnames})",
                Location(source, None, "sheet", name),
            )
        rows = [tuple(r) for r in book[name].iter_rows(values_only=True)]
        merged = [tuple(m.bounds) for m in book[name].merged_cells.ranges]
        cells = _parse_sheet(name, rows, merged, source, matcher, near, ind, builder)
        if cells:
            left_out["not_in_kato"] = left_out.get("not_in_kato", 0) + cells
    if not skip_unmatched:
        matcher.raise_if_unmatched()
    return ParsedFile(
        frame=builder.frame(),
        source=source,
        sha256=sha256_of_bytes(data),
        importer=IMPORTER,
        attribution=ATTRIBUTION,
        unmatched=matcher.unmatched,
        left_out=left_out,
    )


def _parse_sheet(
    sheet: str,
    rows: list[tuple[Any, ...]],
    merged: list[tuple[int, int, int, int]],
    source: str,
    matcher: TerritoryMatcher,
    near: NearbyNames,
    indicator: str,
    builder: FrameBuilder,
) -> int:
    """Add the rows of one sheet to ``builder``; return the cells of units not in KATO."""
    period = _period(rows, sheet, source)
    first_data = _first_data_row(rows, sheet, source)
    columns = _column_dims(rows, merged, first_data, sheet, source)
    context = BulletinPlaces(sheet, matcher, near)
    trailing_text: list[int] = []
    left_out = 0
    for index in range(first_data, len(rows)):
        row = rows[index]
        number = index + 1
        ref = f"sheet {sheet} row {number}"
        label = _SPACES.sub(" ", str(row[0]).strip()) if row[0] is not None else ""
        values = [row[c] if c < len(row) else None for c in columns]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            if label:
                trailing_text.append(number)
            else:
                context.end_block()
            continue
        if trailing_text:
            if _looks_like_data(values):
                raise ImportError_(
                    "a row with a name but no figures sits among the data",
                    Location(
                        source,
                        f"sheet {sheet} row {trailing_text[0]}",
                        "A",
                        rows[trailing_text[0] - 1][0],
                    ),
                )
            continue  # the sign-off under the table: document number, date, contacts
        if not label:
            raise ImportError_("a row with figures but no name", Location(source, ref, "A"))
        cells = []
        for c, raw in zip(columns, values, strict=True):
            try:
                cells.append(parse_cell(raw))
            except ValueError:
                raise ImportError_(
                    "value is not a number or a BNS mark (-, х, ...)",
                    Location(source, ref, _letter(c), raw),
                ) from None
        _check_sums(dict(zip(columns, cells, strict=True)), columns, source, ref)
        kato = context.place(label, ref)
        if kato is None:
            if context.not_in_kato and context.not_in_kato[-1] == ref:
                left_out += len(cells)  # listed, counted in the report: never silent
            continue
        for dims, cell in zip(columns.values(), cells, strict=True):
            builder.add(kato, indicator, period, cell.value, dims, ref, cell.flag)
    return left_out


def _looks_like_data(values: list[Any]) -> bool:
    try:
        cells = [parse_cell(v) for v in values]
    except ValueError:
        return False
    return any(c.flag is None for c in cells)


def _period(rows: list[tuple[Any, ...]], sheet: str, source: str) -> str:
    for row in rows[:4]:
        for cell in row:
            if isinstance(cell, str) and (m := _DATE_KK.search(cell) or _DATE_RU.search(cell)):
                return f"{m.group(1)}-01-01"
    raise ImportError_(
        "no date in the sheet title (expected '... 2023 жылғы 1 қаңтарға' or 'на 1 января 2023')",
        Location(source, f"sheet {sheet} row 1", "A"),
    )


def _first_data_row(rows: list[tuple[Any, ...]], sheet: str, source: str) -> int:
    for index, row in enumerate(rows):
        if len(row) > 1 and isinstance(row[0], str) and row[0].strip():
            try:
                if parse_cell(row[1]).flag is None and row[1] is not None:
                    return index
            except ValueError:
                continue
    raise ImportError_(
        "no data rows (a name followed by figures)", Location(source, f"sheet {sheet}")
    )


def _column_dims(
    rows: list[tuple[Any, ...]],
    merged: list[tuple[int, int, int, int]],
    first_data: int,
    sheet: str,
    source: str,
) -> dict[int, dict[str, str]]:
    """Dimensions of each figure column, read from the header rows above the data."""
    width = max(len(r) for r in rows[: first_data + 1])
    grid = [list(r) + [None] * (width - len(r)) for r in rows[:first_data]]
    for min_col, min_row, max_col, max_row in merged:  # spread a merged label over its cells
        if max_row > first_data:
            continue
        value = grid[min_row - 1][min_col - 1]
        for r in range(min_row - 1, max_row):
            for c in range(min_col - 1, max_col):
                grid[r][c] = value
    columns: dict[int, dict[str, str]] = {}
    area: str | None = None
    for c in range(1, width):
        leaf = next(
            (str(grid[r][c]) for r in range(len(grid) - 1, -1, -1) if grid[r][c] not in (None, "")),
            "",
        ).casefold()
        area_hit = next(((lab, a) for lab, a in _AREA_LABELS if lab in leaf), None)
        sex_hit = next((s for lab, s in _SEX_LABELS if lab in leaf), None)
        if area_hit is not None:
            area = area_hit[1]
            columns[c] = {"area": area} if area else {}
        elif sex_hit is not None:
            if c - 1 not in columns:
                raise ImportError_(
                    f"a sex column ({leaf!r}) with no total or area column before it",
                    Location(source, f"sheet {sheet} row {first_data}", _letter(c), leaf),
                )
            columns[c] = {**({"area": area} if area else {}), "sex": sex_hit}
    expected = 9
    keys = {tuple(sorted(d.items())) for d in columns.values()}
    if len(columns) != expected or len(keys) != expected:
        raise ImportError_(
            f"unexpected header: found {len(columns)} figure column(s) with "
            f"{len(keys)} distinct meanings, expected 9 (all/men/women x total/urban/rural)",
            Location(source, f"sheet {sheet} rows 1-{first_data}"),
        )
    return columns


def _check_sums(
    cells: dict[int, Any], columns: dict[int, dict[str, str]], source: str, ref: str
) -> None:
    """all = men + women and all = urban + rural, on every row (persons are exact)."""
    by_key = {(d.get("area"), d.get("sex")): (c, cells[c].value) for c, d in columns.items()}
    checks = (
        ((None, None), (None, "male"), (None, "female")),
        ((None, None), ("urban", None), ("rural", None)),
        (("urban", None), ("urban", "male"), ("urban", "female")),
        (("rural", None), ("rural", "male"), ("rural", "female")),
    )
    for total, a, b in checks:
        (col, whole), (_, part_a), (_, part_b) = by_key[total], by_key[a], by_key[b]
        if whole is None or part_a is None or part_b is None:
            continue
        if abs(whole - (part_a + part_b)) > 0.5:
            raise ImportError_(
                f"{_label(total)} ({whole:g}) is not {_label(a)} + {_label(b)} "
                f"({part_a:g} + {part_b:g})",
                Location(source, ref, _letter(col), whole),
            )


def _label(key: tuple[str | None, str | None]) -> str:
    area, sex = key
    words = [w for w in (area, {"male": "men", "female": "women"}.get(sex or "")) if w]
    return " ".join(words) or "all"


def _letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else f"column {index + 1}"
