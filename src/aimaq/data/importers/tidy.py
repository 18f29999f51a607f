"""Tidy tables: one observation per row, as CSV, Excel or Parquet.

Columns (names case-insensitive): ``territory`` (a 9-digit KATO code or any name the
resolver knows; also accepted as ``kato``), ``indicator`` (``indicator_id``; may be
given once for the whole file instead), ``period`` (also headed ``year``, ``date``,
``quarter`` or ``month``: ``2022``, ``2022Q3``, ``2022-07``, ``2023-01-01``, an Excel date
cell), ``value``; optionally ``dims`` (JSON object) and any further columns,
each an extra dimension (``area``, ``sex``, ``sector``): an empty cell adds no key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import pandas as pd

from aimaq.data.importers.cells import cell_text, column_letter, is_formula
from aimaq.data.importers.markers import parse_cell
from aimaq.data.importers.observations import FrameBuilder
from aimaq.data.importers.periods import normalise_period
from aimaq.data.importers.pipeline import CHUNK_ROWS, ParsedFile
from aimaq.data.importers.source import (
    Limits,
    SourceFile,
    csv_rows,
    has_formulas,
    open_workbook,
    sheet_rows,
)
from aimaq.data.importers.territories import TerritoryMatcher
from aimaq.data.store import sha256_of_bytes
from aimaq.errors import Advice, ImportError_, Location

_ALIASES = {
    "territory": "territory",
    "kato": "territory",
    "indicator": "indicator",
    "indicator_id": "indicator",
    "period": "period",
    "year": "period",
    "date": "period",
    "quarter": "period",
    "month": "period",
    "value": "value",
    "dims": "dims",
}
_REQUIRED = ("territory", "period", "value")
# The values of the two standard dimensions, as sources spell them; "total" adds no key.
_STANDARD = {
    "area": {
        "urban": "urban", "городская": "urban", "городское": "urban", "город": "urban",
        "қала": "urban", "rural": "rural", "сельская": "rural", "сельское": "rural",
        "село": "rural", "ауыл": "rural", "total": "", "всего": "", "барлығы": "",
    },
    "sex": {
        "male": "male", "мужчины": "male", "мужской": "male", "ерлер": "male",
        "female": "female", "женщины": "female", "женский": "female", "әйелдер": "female",
        "total": "", "всего": "", "барлығы": "",
    },
}  # fmt: skip


def parse_csv(
    data: bytes,
    *,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None = None,
    encoding: str | None = None,
    skip_unmatched: bool = False,
    limits: Limits | None = None,
) -> ParsedFile:
    """Read a tidy CSV (comma, semicolon or tab separated) into observation chunks.

    The encoding is detected (UTF-8 with or without BOM, UTF-16, Windows-1251) unless
    given, and named in the result's ``encoding``. The rows are read as the chunks are
    consumed (by :func:`~aimaq.data.importers.pipeline.write_parsed`).

    Examples
    --------
    >>> m = TerritoryMatcher("t.csv", resolver=object())
    >>> text = b"territory,indicator,year,value,area\\n190000000,grp,2022,1.5,urban\\n"
    >>> parsed = parse_csv(text, source="t.csv", matcher=m)
    >>> pd.concat(parsed.chunks)[["kato", "period", "dims", "ref"]].values.tolist()
    [['190000000', '2022', '{"area":"urban"}', 'row 2']]
    """
    reader, chosen, delimiter = csv_rows(data, source, encoding)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportError_("empty file: expected a header and rows", Location(source)) from None
    cap = limits or Limits()

    def rows() -> Iterator[tuple[str, Sequence[object]]]:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ImportError_(
                    f"row has {len(row)} field(s), the header has {len(header)} "
                    "(a truncated file or a stray separator?)",
                    Location(source, number, None, delimiter.join(row)),
                )
            cap.check_rows(number - 1, source)
            yield f"row {number}", row

    parsed = _parse_rows(header, rows(), data, source, matcher, indicator, skip_unmatched, "csv")
    parsed.encoding = chosen
    return parsed


def parse_xlsx(
    data: bytes,
    *,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None = None,
    sheet: str | None = None,
    skip_unmatched: bool = False,
    limits: Limits | None = None,
) -> ParsedFile:
    """Read a tidy Excel sheet (the first, or ``sheet``); the first non-empty row is the header.

    The sheet is streamed (read-only). Date cells are periods (``01.01.2024`` ->
    ``2024-01-01``); a formula cell without a computed value is refused naming the cell
    and the formula, because its value is not in the file.
    """
    file = SourceFile(source, data, limits or Limits())
    book = open_workbook(file)
    if sheet is not None and sheet not in book.sheetnames:
        raise ImportError_(
            f"no sheet {sheet!r} (sheets: {book.sheetnames})",
            Location(source, None, "sheet", sheet),
        )
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    formulas = open_workbook(file, formulas=True) if has_formulas(file) else None
    values = sheet_rows(book, ws, source)
    texts = sheet_rows(formulas, formulas[ws.title], source) if formulas is not None else None
    header: list[str] | None = None
    start = 0
    for number, row in enumerate(values, start=1):
        shadow = next(texts, ()) if texts is not None else ()
        if any(v not in (None, "") for v in row):
            _refuse_formulas(row, shadow, number, source, ws.title)
            header = [cell_text(v) for v in row]
            start = number
            break
    if header is None:
        raise ImportError_(f"sheet {ws.title!r} is empty", Location(source))
    cap = file.limits
    width = len(header)

    def body() -> Iterator[tuple[str, Sequence[object]]]:
        for number, row in enumerate(values, start=start + 1):
            shadow = next(texts, ()) if texts is not None else ()
            if not any(v not in (None, "") for v in row):
                continue
            _refuse_formulas(row, shadow, number, source, ws.title)
            cap.check_rows(number - start, source)
            if len(row) < width:  # a read-only sheet drops empty cells at the end of a row
                row = (*row, *([None] * (width - len(row))))
            yield f"sheet {ws.title} row {number}", row
        book.close()
        if formulas is not None:
            formulas.close()

    return _parse_rows(header, body(), data, source, matcher, indicator, skip_unmatched, "xlsx")


def _refuse_formulas(
    row: Sequence[object], shadow: Sequence[object], number: int, source: str, title: str
) -> None:
    for i, text in enumerate(shadow):
        if is_formula(text) and (i >= len(row) or row[i] in (None, "")):
            cell = f"{column_letter(i)}{number}"
            raise ImportError_(
                f"cell {cell} holds the formula {text} without a computed value: open and "
                "save the file in Excel or LibreOffice (which compute it), or write the value",
                Location(source, f"sheet {title} row {number}", column_letter(i), text),
            )


def parse_parquet(
    data: bytes,
    *,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None = None,
    skip_unmatched: bool = False,
    limits: Limits | None = None,
) -> ParsedFile:
    """Read a tidy Parquet file batch by batch; rows are counted from 1."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ImportError_(f"not a readable Parquet file: {exc}", Location(source)) from None
    header = [str(c) for c in table.schema_arrow.names]
    cap = limits or Limits()

    def body() -> Iterator[tuple[str, Sequence[object]]]:
        number = 0
        try:
            batches = table.iter_batches(batch_size=65_536)
            for batch in batches:
                for row in zip(*(c.to_pylist() for c in batch.columns), strict=True):
                    number += 1
                    cap.check_rows(number, source)
                    yield f"row {number}", row
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise ImportError_(
                f"not a readable Parquet file: {exc}", Location(source, number + 1)
            ) from None

    return _parse_rows(header, body(), data, source, matcher, indicator, skip_unmatched, "parquet")


def _columns(header: Sequence[str], source: str, indicator: str | None) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = str(raw).strip().lower()
        if not name:
            continue
        key = _ALIASES.get(name, f"dim:{name}")
        if key in found:
            raise ImportError_(
                f"column {raw!r} appears twice (as {key.removeprefix('dim:')})",
                Location(source, 1, str(raw)),
            )
        found[key] = i
    missing = [c for c in _REQUIRED if c not in found]
    if "indicator" not in found and indicator is None:
        missing.append("indicator")
    if missing:
        raise ImportError_(
            f"missing column(s) {missing}; the header is {list(header)}",
            Location(source, 1),
            advice=Advice.indicator if missing == ["indicator"] else None,
        )
    return found


def _parse_rows(
    header: Sequence[str],
    rows: Iterator[tuple[str, Sequence[object]]],
    data: bytes,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None,
    skip_unmatched: bool,
    importer: str,
) -> ParsedFile:
    cols = _columns(header, source, indicator)
    dim_cols = {k.removeprefix("dim:"): i for k, i in cols.items() if k.startswith("dim:")}
    parsed = ParsedFile(
        frame=FrameBuilder().frame(), source=source, sha256=sha256_of_bytes(data), importer=importer
    )
    periods: dict[object, str] = {}

    def chunks() -> Iterator[pd.DataFrame]:
        builder = FrameBuilder()
        for ref, row in rows:
            raw_territory = row[cols["territory"]]
            territory = _text(raw_territory)
            if isinstance(raw_territory, int | float) and territory.isdigit():
                territory = territory.zfill(9)  # a code stored as a number lost its leading zeros
            if not territory:
                raise ImportError_("empty territory", Location(source, ref, "territory", territory))
            kato = matcher.name(territory, ref)
            ind = _text(row[cols["indicator"]]) if "indicator" in cols else ""
            ind = ind or (indicator or "")
            if not ind:
                raise ImportError_("empty indicator", Location(source, ref, "indicator", ind))
            raw_period = row[cols["period"]]
            period = periods.get(raw_period)
            if period is None:
                try:
                    period = periods[raw_period] = normalise_period(raw_period)
                except ValueError as exc:
                    raise ImportError_(
                        str(exc), Location(source, ref, header[cols["period"]], raw_period)
                    ) from None
            raw_value = row[cols["value"]]
            try:
                cell = parse_cell(raw_value)
            except ValueError as exc:
                raise ImportError_(
                    "value is " + str(exc).split(":")[0], Location(source, ref, "value", raw_value)
                ) from None
            dims = _dims(row, cols, dim_cols, source, ref) if dim_cols or "dims" in cols else None
            if kato is not None:
                builder.add(kato, ind, period, cell.value, dims, ref, cell.flag)
            if len(builder) >= CHUNK_ROWS:
                yield builder.take()
        if not skip_unmatched:
            matcher.raise_if_unmatched()
        parsed.unmatched = matcher.unmatched
        yield builder.take()

    parsed.chunks = chunks()
    return parsed


def _dims(
    row: Sequence[object], cols: dict[str, int], dim_cols: dict[str, int], source: str, ref: str
) -> dict[str, str]:
    dims: dict[str, str] = {}
    if "dims" in cols:
        raw = _text(row[cols["dims"]])
        if raw:
            try:
                parsed = json.loads(raw)
            except json.JSONDecodeError:
                parsed = None
            if not isinstance(parsed, dict):
                raise ImportError_(
                    'dims must be a JSON object such as {"area": "urban"}',
                    Location(source, ref, "dims", raw),
                )
            dims.update({str(k): str(v) for k, v in parsed.items()})
    for name, i in dim_cols.items():
        value = _text(row[i])
        if value:
            dims[name] = value
    for key, spellings in _STANDARD.items():
        if key in dims:
            standard = spellings.get(dims[key].casefold())
            if standard is None:
                raise ImportError_(
                    f"{key} must be one of {sorted({v for v in spellings.values() if v})} "
                    "(or total)",
                    Location(source, ref, key, dims[key]),
                )
            if standard:
                dims[key] = standard
            else:
                del dims[key]
    return dims


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN from a Parquet null
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()
