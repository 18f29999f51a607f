"""Tidy tables: one observation per row, as CSV, Excel or Parquet.

Columns (names case-insensitive): ``territory`` (a 9-digit KATO code or any name the
resolver knows; also accepted as ``kato``), ``indicator`` (``indicator_id``; may be
given once for the whole file instead), ``period`` (``2022``, ``2022Q3``, ``2022-07``,
``2023-01-01``), ``value``; optionally ``dims`` (JSON object) and any further columns,
each an extra dimension (``area``, ``sex``, ``sector``): an empty cell adds no key.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

from aimaq.data.importers.markers import parse_cell
from aimaq.data.importers.observations import FrameBuilder
from aimaq.data.importers.periods import normalise_period
from aimaq.data.importers.pipeline import ParsedFile
from aimaq.data.importers.territories import TerritoryMatcher
from aimaq.data.store import sha256_of_bytes
from aimaq.errors import ImportError_, Location

_ALIASES = {
    "territory": "territory",
    "kato": "territory",
    "indicator": "indicator",
    "indicator_id": "indicator",
    "period": "period",
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


def decode_text(data: bytes, source: str, encoding: str | None = None) -> str:
    """File bytes as text: UTF-8 unless ``encoding`` is given; CP1251 is recognised.

    A Windows-Cyrillic (CP1251) file is not guessed into: the error says what it looks
    like and how to import it (``--encoding cp1251``), because a wrong guess would store
    garbled names without a word.
    """
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportError_(f"cannot decode as {encoding}: {exc}", Location(source)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = ""
        try:
            decoded = data.decode("cp1251")
            letters = [c for c in decoded if ord(c) > 127]
            if letters and sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters) > 0.8:
                hint = (
                    "; it looks like Windows Cyrillic (CP1251): save it as UTF-8 or pass "
                    "--encoding cp1251"
                )
        except UnicodeDecodeError:
            pass
        raise ImportError_(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}{hint}",
            Location(source, line),
        ) from None


def parse_csv(
    data: bytes,
    *,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None = None,
    encoding: str | None = None,
    skip_unmatched: bool = False,
) -> ParsedFile:
    """Read a tidy CSV (comma, semicolon or tab separated) into the observation frame.

    Examples
    --------
    >>> m = TerritoryMatcher("t.csv", resolver=object())
    >>> text = b"territory,indicator,period,value,area\\n190000000,grp,2022,1.5,urban\\n"
    >>> parse_csv(text, source="t.csv", matcher=m).frame[["kato", "dims", "ref"]].values.tolist()
    [['190000000', '{"area":"urban"}', 'row 2']]
    """
    text = decode_text(data, source, encoding)
    if not text.strip():
        raise ImportError_("empty file: expected a header and rows", Location(source))
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportError_("empty file: expected a header and rows", Location(source)) from None

    def rows() -> Iterator[tuple[str, Sequence[object]]]:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ImportError_(
                    f"row has {len(row)} field(s), the header has {len(header)} "
                    "(a truncated file or a stray separator?)",
                    Location(source, number, None, dialect.delimiter.join(row)),
                )
            yield f"row {number}", row

    return _parse_rows(header, rows(), data, source, matcher, indicator, skip_unmatched, "csv")


def parse_xlsx(
    data: bytes,
    *,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None = None,
    sheet: str | None = None,
    skip_unmatched: bool = False,
) -> ParsedFile:
    """Read a tidy Excel sheet (the first, or ``sheet``); the first non-empty row is the header."""
    from aimaq.data.importers.workbook import open_workbook

    book = open_workbook(data, source)
    if sheet is not None and sheet not in book.sheetnames:
        raise ImportError_(
            f"no sheet {sheet!r} (sheets: {book.sheetnames})",
            Location(source, None, "sheet", sheet),
        )
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    cells = [(n, row) for n, row in enumerate(ws.iter_rows(values_only=True), start=1)]
    filled = [(n, row) for n, row in cells if any(v not in (None, "") for v in row)]
    if not filled:
        raise ImportError_(f"sheet {ws.title!r} is empty", Location(source))
    header = ["" if v is None else str(v) for v in filled[0][1]]
    body = ((f"sheet {ws.title} row {n}", row) for n, row in filled[1:])
    return _parse_rows(header, body, data, source, matcher, indicator, skip_unmatched, "xlsx")


def parse_parquet(
    data: bytes,
    *,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None = None,
    skip_unmatched: bool = False,
) -> ParsedFile:
    """Read a tidy Parquet file; rows are counted from 1."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ImportError_(f"not a readable Parquet file: {exc}", Location(source)) from None
    frame = table.to_pandas()
    header = [str(c) for c in frame.columns]
    body = ((f"row {i + 1}", list(row)) for i, row in enumerate(frame.itertuples(index=False)))
    return _parse_rows(header, body, data, source, matcher, indicator, skip_unmatched, "parquet")


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
        missing.append("indicator (or pass --indicator)")
    if missing:
        raise ImportError_(
            f"missing column(s) {missing}; the header is {list(header)}", Location(source, 1)
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
        try:
            period = normalise_period(raw_period)
        except ValueError as exc:
            raise ImportError_(str(exc), Location(source, ref, "period", raw_period)) from None
        raw_value = row[cols["value"]]
        try:
            cell = parse_cell(raw_value)
        except ValueError:
            raise ImportError_(
                "value is not a number", Location(source, ref, "value", raw_value)
            ) from None
        dims = _dims(row, cols, dim_cols, source, ref)
        if kato is not None:
            builder.add(kato, ind, period, cell.value, dims, ref, cell.flag)
    if not skip_unmatched:
        matcher.raise_if_unmatched()
    return ParsedFile(
        frame=builder.frame(),
        source=source,
        sha256=sha256_of_bytes(data),
        importer=importer,
        unmatched=matcher.unmatched,
    )


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
