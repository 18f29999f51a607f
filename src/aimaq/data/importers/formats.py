"""One entry point for every format: detect it, parse, check and write one batch.

The built-in formats are registered here (see :mod:`aimaq.data.importers.registry`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from aimaq.data.importers.bns_bulletin import parse_bulletin
from aimaq.data.importers.bns_table import parse_bns_table
from aimaq.data.importers.observations import ImportReport
from aimaq.data.importers.pipeline import ParsedFile, Progress, write_parsed
from aimaq.data.importers.registry import (
    ImporterFormat,
    ParseRequest,
    check_options,
    detect_format,
    get_format,
    register_format,
)
from aimaq.data.importers.source import Limits, open_source
from aimaq.data.importers.taldau import index_id_from_name, indicator_for_index, parse_taldau
from aimaq.data.importers.taldau_client import RetryPolicy, fetch, taldau_url
from aimaq.data.importers.taldau_levels import require_level
from aimaq.data.importers.territories import TerritoryMatcher, successors_in
from aimaq.data.importers.tidy import parse_csv, parse_parquet, parse_xlsx
from aimaq.data.store import Store, sha256_of_bytes

_MONEY_SCALES = {"million": 1e-6, "thousand": 1e-3, "billion": 1e-9}


def _is_bulletin(data: bytes) -> bool:
    return _workbook_kind(data) == "bns-bulletin"


def _is_bns_table(data: bytes) -> bool:
    return _workbook_kind(data) == "bns-table"


@functools.lru_cache(maxsize=4)
def _workbook_kind(data: bytes) -> str:
    """``bns-bulletin``, ``xlsx`` (a tidy table with a header) or ``bns-table``."""
    import io

    import openpyxl

    try:  # read-only: sheet names and first rows, without loading every cell
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged file: the reader of the chosen format reports it
        return "xlsx"
    try:
        if {"01", "02"} <= set(book.sheetnames):
            title = next(book["01"].iter_rows(max_row=1, values_only=True), ())
            if any(isinstance(c, str) and ("халқ" in c or "населени" in c) for c in title):
                return "bns-bulletin"
        for row in book.worksheets[0].iter_rows(max_row=20, values_only=True):
            cells = [str(c).strip().lower() for c in row if c not in (None, "")]
            if cells:
                return "xlsx" if {"territory", "kato"} & set(cells) else "bns-table"
    except Exception:  # a damaged sheet: the reader of the chosen format reports it
        return "xlsx"
    finally:
        book.close()
    return "xlsx"


def money_scale(store: Store, indicator: str) -> float:
    """Multiplier from tenge (Taldau's unit for money) to the indicator's catalogue unit.

    ASSUMPTION: Taldau returns monetary values in tenge; checked for index 2709379 (GRP)
    against BNS's published GRP in tenge. Other units are taken as they come.
    """
    found = store.query("select unit from indicator where id = ?", [indicator])
    if found.empty:
        return 1.0
    unit = str(found["unit"].iloc[0]).lower().split()
    if len(unit) >= 2 and unit[0] in _MONEY_SCALES and unit[1].startswith("kzt"):
        return _MONEY_SCALES[unit[0]]
    return 1.0


def import_file(
    store: Store,
    path: str | Path,
    *,
    format: str | None = None,
    indicator: str | None = None,
    resolver: Any | None = None,
    skip_unmatched: bool = False,
    limits: Limits | None = None,
    allow_future: bool = False,
    progress: Progress | None = None,
    **options: Any,
) -> ImportReport:
    """Import one file into ``store`` as one batch: all rows or none.

    Parameters
    ----------
    store
        A migrated store holding the territories and the catalogue.
    path
        The file.
    format
        A registered format (:func:`~aimaq.data.importers.registry.format_names`);
        detected from the extension and content when omitted.
    indicator
        Catalogue id of the values (Taldau: default from the index id the file name
        starts with; bulletin: ``population_jan1``; tidy files: the ``indicator`` column).
    resolver
        Territory resolver; default :func:`aimaq.territory.Resolver.default`.
    skip_unmatched
        Import the rows whose territory is known and list the others in the result,
        instead of failing.
    limits
        Caps on the file's size and rows (:class:`~aimaq.data.importers.source.Limits`).
    allow_future
        Accept periods after the current year (plans, forecasts); refused otherwise.
    progress
        Called with the number of rows read so far, after each chunk.
    **options
        The options the format declares (its registry entry's ``options``), e.g.
        ``scale`` (Taldau), ``sheets`` (bulletin), ``encoding`` (CSV), ``sheet``.

    Returns
    -------
    ImportReport
        Batch id, rows written, rows read, flags and names left out.

    Raises
    ------
    ImportError_
        The file cannot be imported; the message names file, row, column and value,
        and the database is unchanged.

    Examples
    --------
    >>> from aimaq.data.store import Store, sha256_of_bytes
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> import_file(store, "missing.csv")
    Traceback (most recent call last):
    ...
    aimaq.errors.ImportError_: missing.csv: cannot read the file: No such file or directory
    """
    file = open_source(path, limits=limits)
    fmt = get_format(format or detect_format(file.source, file.data), file.source)
    check_options(fmt, options, file.source)
    matcher = TerritoryMatcher(file.source, resolver, successors_in(store))
    request = ParseRequest(file, store, matcher, indicator, skip_unmatched, options)
    parsed = fmt.parse(request)
    parsed.sha256 = batch_key(
        parsed.sha256, indicator=indicator, skip_unmatched=skip_unmatched, **options
    )
    return write_parsed(store, parsed, allow_future=allow_future, progress=progress)


def batch_key(sha256: str, **settings: Any) -> str:
    """The idempotency key of an import: the file's SHA-256, with the settings if any.

    Importing the same bytes with the same settings again is a no-op; a different
    selection (``sheets``, ``since``) or reading (``indicator``, ``scale``) of the same
    file is a batch of its own, so that importing sheet 01 first never hides sheets 02
    and 03 later.

    Examples
    --------
    >>> batch_key("ab" * 32) == "ab" * 32
    True
    >>> batch_key("ab" * 32, sheets=["01"]) == "ab" * 32
    False
    """
    chosen = {k: v for k, v in settings.items() if v not in (None, False, (), [], {})}
    if not chosen:
        return sha256
    text = json.dumps(chosen, sort_keys=True, ensure_ascii=False, default=str)
    return sha256_of_bytes(f"{sha256}\n{text}".encode())


def fetch_taldau(
    store: Store,
    index_id: str | int,
    *,
    period: str | int = 7,
    dics: str = "67",
    indicator: str | None = None,
    base_url: str | None = None,
    save: str | Path | None = None,
    policy: RetryPolicy | None = None,
    resolver: Any | None = None,
    skip_unmatched: bool = False,
    scale: float | None = None,
    dimension_names: Mapping[int, str] | None = None,
    level: str | None = None,
) -> ImportReport:
    """Fetch one Taldau indicator live and import it like a saved response.

    The response is saved to ``save`` if given (byte for byte, so a later
    ``aimaq import`` of that file is recognised as the same batch). With ``level``
    (``district``) the answer must hold units of that level (for districts: the Taldau
    term ids of the district crosswalk), else nothing is stored.
    """
    kwargs = {"base_url": base_url} if base_url else {}
    url = taldau_url(index_id, period=period, dics=dics, **kwargs)
    ind = indicator or indicator_for_index(store, str(index_id), url)
    data = fetch(url, policy=policy)
    if save is not None:
        Path(save).write_bytes(data)
    matcher = TerritoryMatcher(url, resolver, successors_in(store))
    parsed = parse_taldau(
        data,
        source=url,
        indicator=ind,
        matcher=matcher,
        scale=money_scale(store, ind) if scale is None else scale,
        dimension_names=dimension_names,
        skip_unmatched=skip_unmatched,
    )
    parsed.sha256 = batch_key(
        parsed.sha256,
        indicator=indicator,
        skip_unmatched=skip_unmatched,
        scale=scale,
        dimension_names=dimension_names,
    )
    if level is not None:
        require_level(store, parsed, level, url)
    return write_parsed(store, parsed)


def _taldau(request: ParseRequest) -> ParsedFile:
    options = request.options
    ind = request.indicator or indicator_for_index(
        request.store, options.get("index_id") or index_id_from_name(request.source),
        request.source,
    )  # fmt: skip
    scale = options.get("scale")
    return parse_taldau(
        request.data,
        source=request.source,
        indicator=ind,
        matcher=request.matcher,
        scale=money_scale(request.store, ind) if scale is None else float(scale),
        dimension_names=options.get("dimension_names"),
        skip_unmatched=request.skip_unmatched,
    )


def _bulletin(request: ParseRequest) -> ParsedFile:
    sheets: Sequence[str] | None = request.options.get("sheets")
    return parse_bulletin(
        request.data, source=request.source, matcher=request.matcher,
        indicator=request.indicator, sheets=sheets, skip_unmatched=request.skip_unmatched,
    )  # fmt: skip


def _bns_table(request: ParseRequest) -> ParsedFile:
    return parse_bns_table(
        request.data, source=request.source, matcher=request.matcher,
        indicator=request.indicator, sheet=request.options.get("sheet"),
        since=request.options.get("since"), skip_unmatched=request.skip_unmatched,
    )  # fmt: skip


def _csv(request: ParseRequest) -> ParsedFile:
    return parse_csv(
        request.data, source=request.source, matcher=request.matcher,
        indicator=request.indicator, encoding=request.options.get("encoding"),
        skip_unmatched=request.skip_unmatched, limits=request.file.limits,
    )  # fmt: skip


def _xlsx(request: ParseRequest) -> ParsedFile:
    return parse_xlsx(
        request.data, source=request.source, matcher=request.matcher,
        indicator=request.indicator, sheet=request.options.get("sheet"),
        skip_unmatched=request.skip_unmatched, limits=request.file.limits,
    )  # fmt: skip


def _parquet(request: ParseRequest) -> ParsedFile:
    return parse_parquet(
        request.data, source=request.source, matcher=request.matcher,
        indicator=request.indicator, skip_unmatched=request.skip_unmatched,
        limits=request.file.limits,
    )  # fmt: skip


_SHEET = "the sheet to read (default: the first)"
register_format(ImporterFormat(
    "taldau", _taldau, suffixes=(".json",), magic=(b"[", b"{"),
    options={
        "scale": "multiplier to the catalogue unit (default: from the unit)",
        "dimension_names": "names of the dimensions by position",
        "index_id": "the Taldau index id (default: from the file name)",
    },
    summary="a saved Taldau GetIndexData response (JSON)",
))  # fmt: skip
register_format(ImporterFormat(
    "bns-bulletin", _bulletin, options={"sheets": "the sheets to read (01, 02, 03)"},
    refines="xlsx", claims=_is_bulletin,
    summary="a BNS population bulletin (sheets 01-03)",
))  # fmt: skip
register_format(ImporterFormat(
    "bns-table", _bns_table, suffixes=(".xls",), magic=(b"\xd0\xcf\x11\xe0",),
    options={"sheet": _SHEET, "since": "keep the years from this one on"},
    refines="xlsx", claims=_is_bns_table,
    summary="a BNS dynamic table (regions by years, .xls or .xlsx)",
))  # fmt: skip
register_format(ImporterFormat(
    "csv", _csv, suffixes=(".csv", ".tsv", ".txt"),
    options={"encoding": "text encoding (default: detected)"},
    summary="a tidy table, comma, semicolon or tab separated",
))  # fmt: skip
register_format(ImporterFormat(
    "xlsx", _xlsx, suffixes=(".xlsx", ".xlsm"), magic=(b"PK",), options={"sheet": _SHEET},
    summary="a tidy table in an Excel workbook",
))  # fmt: skip
register_format(ImporterFormat(
    "parquet", _parquet, suffixes=(".parquet", ".pq"), magic=(b"PAR1",),
    summary="a tidy table in Parquet",
))  # fmt: skip
