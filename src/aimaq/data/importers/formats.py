"""One entry point for every format: detect it, parse, check and write one batch."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from aimaq.data.importers.bns_bulletin import parse_bulletin
from aimaq.data.importers.bns_table import parse_bns_table
from aimaq.data.importers.observations import ImportReport
from aimaq.data.importers.pipeline import ParsedFile, write_parsed
from aimaq.data.importers.taldau import index_id_from_name, indicator_for_index, parse_taldau
from aimaq.data.importers.taldau_client import RetryPolicy, fetch, taldau_url
from aimaq.data.importers.territories import TerritoryMatcher, successors_in
from aimaq.data.importers.tidy import parse_csv, parse_parquet, parse_xlsx, read_bytes
from aimaq.data.store import Store, sha256_of_bytes
from aimaq.errors import ImportError_, Location

#: Format names accepted by :func:`import_file` and ``aimaq import --format``.
FORMATS = ("taldau", "bns-bulletin", "bns-table", "csv", "xlsx", "parquet")

_BY_SUFFIX = {
    ".json": "taldau",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "bns-table",
}
_MONEY_SCALES = {"million": 1e-6, "thousand": 1e-3, "billion": 1e-9}


def detect_format(path: str | Path, data: bytes | None = None) -> str:
    """The format of a file, from its extension and, where that is silent, its content.

    An ``.xlsx`` workbook with the sheets ``01``-``03`` of a BNS population bulletin is
    ``bns-bulletin``; another workbook is a tidy ``xlsx`` table.

    Examples
    --------
    >>> detect_format("raw/taldau/2709379_grp.json")
    'taldau'
    >>> detect_format("data.bin", b"PAR1....")
    'parquet'
    """
    suffix = Path(path).suffix.lower()
    fmt = _BY_SUFFIX.get(suffix)
    if fmt is None and data is not None:
        head = data[:8].lstrip()
        if head.startswith((b"[", b"{")):
            fmt = "taldau"
        elif data.startswith(b"PAR1"):
            fmt = "parquet"
        elif data.startswith(b"PK"):
            fmt = "xlsx"
        elif data.startswith(b"\xd0\xcf\x11\xe0"):
            fmt = "bns-table"
        else:
            fmt = "csv"
    if fmt is None:
        raise ImportError_(
            f"unknown file type {suffix!r}: pass --format ({', '.join(FORMATS)})",
            Location(str(path)),
        )
    if fmt == "xlsx" and data is not None:
        return _workbook_kind(data)
    return fmt


def _workbook_kind(data: bytes) -> str:
    """``bns-bulletin``, ``xlsx`` (a tidy table with a header) or ``bns-table``."""
    import io

    import openpyxl

    try:  # read-only: sheet names and first rows, without loading every cell
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged file: the reader of the chosen format reports it
        return "xlsx"
    if {"01", "02"} <= set(book.sheetnames):
        title = next(book["01"].iter_rows(max_row=1, values_only=True), ())
        if any(isinstance(c, str) and ("халқ" in c or "населени" in c) for c in title):
            return "bns-bulletin"
    for row in book.worksheets[0].iter_rows(max_row=20, values_only=True):
        cells = [str(c).strip().lower() for c in row if c not in (None, "")]
        if cells:
            return "xlsx" if {"territory", "kato"} & set(cells) else "bns-table"
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
        One of :data:`FORMATS`; detected from the extension and content when omitted.
    indicator
        Catalogue id of the values (Taldau: default from the index id the file name
        starts with; bulletin: ``population_jan1``; tidy files: the ``indicator`` column).
    resolver
        Territory resolver; default :func:`aimaq.territory.Resolver.default`.
    skip_unmatched
        Import the rows whose territory is known and list the others in the result,
        instead of failing.
    **options
        Per format: ``scale``, ``dimension_names``, ``index_id`` (Taldau);
        ``sheets`` (bulletin); ``encoding`` (CSV); ``sheet`` (xlsx, bns-table); ``since`` (bns-table).

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
    source = str(path)
    data = read_bytes(path)
    fmt = format or detect_format(path, data)
    if fmt not in FORMATS:
        raise ImportError_(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}", Location(source))
    matcher = TerritoryMatcher(source, resolver, successors_in(store))
    parsed = _parse(store, fmt, data, source, matcher, indicator, skip_unmatched, options)
    parsed.sha256 = batch_key(
        parsed.sha256, indicator=indicator, skip_unmatched=skip_unmatched, **options
    )
    return write_parsed(store, parsed)


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
) -> ImportReport:
    """Fetch one Taldau indicator live and import it like a saved response.

    The response is saved to ``save`` if given (byte for byte, so a later
    ``aimaq import`` of that file is recognised as the same batch).
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
    return write_parsed(store, parsed)


def _parse(
    store: Store,
    fmt: str,
    data: bytes,
    source: str,
    matcher: TerritoryMatcher,
    indicator: str | None,
    skip_unmatched: bool,
    options: dict[str, Any],
) -> ParsedFile:
    known = {
        "taldau": {"scale", "dimension_names", "index_id"},
        "bns-bulletin": {"sheets"},
        "bns-table": {"sheet", "since"},
        "csv": {"encoding"},
        "xlsx": {"sheet"},
        "parquet": set(),
    }[fmt]
    extra = sorted(set(options) - known)
    if extra:
        raise ImportError_(f"option(s) {extra} do not apply to format {fmt}", Location(source))
    if fmt == "taldau":
        ind = indicator or indicator_for_index(
            store, options.get("index_id") or index_id_from_name(source), source
        )
        scale = options.get("scale")
        return parse_taldau(
            data,
            source=source,
            indicator=ind,
            matcher=matcher,
            scale=money_scale(store, ind) if scale is None else float(scale),
            dimension_names=options.get("dimension_names"),
            skip_unmatched=skip_unmatched,
        )
    if fmt == "bns-bulletin":
        sheets: Sequence[str] | None = options.get("sheets")
        return parse_bulletin(
            data, source=source, matcher=matcher, indicator=indicator, sheets=sheets,
            skip_unmatched=skip_unmatched,
        )  # fmt: skip
    if fmt == "bns-table":
        return parse_bns_table(
            data, source=source, matcher=matcher, indicator=indicator,
            sheet=options.get("sheet"), since=options.get("since"),
            skip_unmatched=skip_unmatched,
        )  # fmt: skip
    if fmt == "csv":
        return parse_csv(
            data, source=source, matcher=matcher, indicator=indicator,
            encoding=options.get("encoding"), skip_unmatched=skip_unmatched,
        )  # fmt: skip
    if fmt == "xlsx":
        return parse_xlsx(
            data, source=source, matcher=matcher, indicator=indicator,
            sheet=options.get("sheet"), skip_unmatched=skip_unmatched,
        )  # fmt: skip
    return parse_parquet(
        data, source=source, matcher=matcher, indicator=indicator, skip_unmatched=skip_unmatched
    )
