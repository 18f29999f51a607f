"""Taldau ``GetIndexData`` JSON: the response of BNS's indicator service, as a file or live.

The response is a JSON list of series, one per combination of dimension terms::

    [{"terms": [261475, 533590], "termNames": ["ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", "сельская местность"],
      "periods": [{"name": "2017 год", "date": "31.12.2017", "value": "177932"}, ...]}, ...]

Values are strings and periods come in any order. A dimension whose terms are
territories (regions, districts, the Republic) gives the KATO code, mapped by the Taldau
term id first and by the name under the parent region second; an urban/rural dimension
becomes ``{"area": "urban" | "rural"}``; any other dimension is kept as
``{"<name>": "<term name>"}``, its name ``dim<k>`` (k = position, from 1) unless the
caller names it. "Всего" (total) terms add no key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aimaq.data.importers.markers import parse_cell, scaled
from aimaq.data.importers.observations import FrameBuilder
from aimaq.data.importers.periods import taldau_period
from aimaq.data.importers.pipeline import ParsedFile
from aimaq.data.importers.territories import TerritoryMatcher
from aimaq.data.store import Store, sha256_of_bytes
from aimaq.errors import Advice, ImportError_, Location

IMPORTER = "taldau"
ATTRIBUTION = (
    "Bureau of National Statistics of the Republic of Kazakhstan, Taldau (taldau.stat.gov.kz)"
)

_TERRITORY_NAME = re.compile(
    r"ОБЛАСТ|ОБЛЫС|РАЙОН|АУДАН|Г\.\s*А\.|Қ\.\s*Ә\.|(^|\s)Г\.|ГОРОД|ҚАЛАСЫ|РЕСПУБЛИКА",
    re.IGNORECASE,
)
_AREA = {
    "городская местность": "urban",
    "город": "urban",
    "городское население": "urban",
    "қала": "urban",
    "сельская местность": "rural",
    "село": "rural",
    "сельское население": "rural",
    "ауыл": "rural",
}
_TOTALS = frozenset({"всего", "итого", "барлығы", "барлық", "total", "все"})
_LEADING_INDEX = re.compile(r"^(\d{5,})")


def index_id_from_name(path: str | Path) -> str | None:
    """The Taldau index id a saved response's file name starts with, if any.

    Examples
    --------
    >>> index_id_from_name("raw/taldau/2709379_grp_production_method.json")
    '2709379'
    >>> index_id_from_name("consumer.json") is None
    True
    """
    m = _LEADING_INDEX.match(Path(path).name)
    return m.group(1) if m else None


def indicator_for_index(store: Store, index_id: str | None, source: str) -> str:
    """The catalogue indicator whose ``taldau_index`` is ``index_id``."""
    if index_id:
        found = store.query(
            "select id from indicator where taldau_index = ? order by id", [str(index_id)]
        )
        if len(found) == 1:
            return str(found["id"].iloc[0])
        if len(found) > 1:
            raise ImportError_(
                f"Taldau index {index_id} belongs to several indicators {list(found['id'])}",
                Location(source),
                advice=Advice.indicator,
            )
    hint = f" (Taldau index {index_id} is not in the catalogue)" if index_id else ""
    raise ImportError_(f"no indicator given{hint}", Location(source), advice=Advice.indicator)


def decode_json(data: bytes, source: str) -> Any:
    """Bytes to JSON, with the position of the first bad byte or character."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "(Taldau responses are UTF-8 JSON)",
            Location(source, f"offset {exc.start}"),
        ) from None
    if not text.strip():
        raise ImportError_("empty file: expected a Taldau JSON list", Location(source))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = _ends_early(text)
        what = "truncated JSON (the file ends early)" if truncated else "malformed JSON"
        raise ImportError_(
            f"{what}: {exc.msg} at line {exc.lineno} column {exc.colno}",
            Location(source, f"line {exc.lineno}", f"char {exc.colno}"),
        ) from None


def _ends_early(text: str) -> bool:
    """True when brackets or a string are still open at the end of the text."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return in_string or depth > 0


def parse_taldau(
    data: bytes,
    *,
    source: str,
    indicator: str,
    matcher: TerritoryMatcher,
    dimension_names: Mapping[int, str] | None = None,
    scale: float = 1.0,
    skip_unmatched: bool = False,
) -> ParsedFile:
    """Read a Taldau ``GetIndexData`` response into the long observation frame.

    Parameters
    ----------
    data
        The response bytes (UTF-8 JSON).
    source
        File path or URL, for lineage and messages.
    indicator
        The catalogue indicator id the values belong to.
    matcher
        Maps territory terms to KATO codes and collects names it cannot map.
    dimension_names
        Names of non-territorial dimensions by position (1 = first term), e.g.
        ``{3: "expenditure"}``; default ``dim<k>``.
    scale
        Multiplier from the source unit to the catalogue unit (``1e-6`` for tenge to
        million tenge).
    skip_unmatched
        Leave out series whose territory is unknown (listed in the result) instead of
        failing.

    Examples
    --------
    >>> from aimaq.territory import Resolver
    >>> series = {"terms": [741880], "termNames": ["РЕСПУБЛИКА КАЗАХСТАН"],
    ...           "periods": [{"name": "2023 год", "date": "31.12.2023", "value": "5"}]}
    >>> raw = json.dumps([series]).encode()
    >>> m = TerritoryMatcher("x.json", resolver=Resolver.default())
    >>> parsed = parse_taldau(raw, source="x.json", indicator="grp", matcher=m)
    >>> parsed.frame[["kato", "period", "value"]].values.tolist()
    [['000000000', '2023', 5.0]]
    """
    payload = decode_json(data, source)
    records = _records(payload, source)
    positions = _territorial_positions(records)
    if not positions:
        raise ImportError_(
            "no territory dimension: none of the terms is a region, district or the Republic",
            Location(source, "record 1", "termNames", records[0]["termNames"] if records else None),
        )
    names = dict(dimension_names or {})
    builder = FrameBuilder()
    for i, record in enumerate(records):
        ref = f"record {i + 1}"
        kato, dims = _series_key(record, positions, names, matcher, ref)
        if kato is None:
            continue
        seen: set[str] = set()
        for j, entry in enumerate(record["periods"]):
            where = f"{ref}, periods[{j}]"
            period = _period(entry, source, where)
            if period in seen:
                raise ImportError_(
                    f"period {period} appears twice in one series",
                    Location(source, where, "name", entry.get("name")),
                )
            seen.add(period)
            try:
                cell = parse_cell(entry.get("value"))
            except ValueError:
                raise ImportError_(
                    "value is not a number", Location(source, where, "value", entry.get("value"))
                ) from None
            value = scaled(cell.value, scale)
            # messages quote the figure as the file has it, not the rescaled one
            raw = str(entry.get("value")) if scale != 1 and value is not None else None
            builder.add(kato, indicator, period, value, dims, where, cell.flag, raw)
    if not skip_unmatched:
        matcher.raise_if_unmatched()
    return ParsedFile(
        frame=builder.frame(),
        source=source,
        sha256=sha256_of_bytes(data),
        importer=IMPORTER,
        attribution=ATTRIBUTION,
        unmatched=matcher.unmatched,
    )


def _records(payload: Any, source: str) -> list[dict[str, Any]]:
    if not isinstance(payload, list):
        raise ImportError_(
            f"expected a JSON list of series, got {type(payload).__name__}", Location(source)
        )
    for i, record in enumerate(payload):
        ref = f"record {i + 1}"
        if not isinstance(record, dict):
            raise ImportError_(
                f"a series must be an object, got {type(record).__name__}",
                Location(source, ref, None, record),
            )
        for key, kind in (("terms", list), ("termNames", list), ("periods", list)):
            if key not in record:
                raise ImportError_(f"series has no {key!r}", Location(source, ref, key))
            if not isinstance(record[key], kind):
                raise ImportError_(
                    f"{key!r} must be a list, got {type(record[key]).__name__}",
                    Location(source, ref, key, record[key]),
                )
        if len(record["terms"]) != len(record["termNames"]) or not record["terms"]:
            raise ImportError_(
                f"'terms' ({len(record['terms'])}) and 'termNames' ({len(record['termNames'])}) "
                "must be non-empty and of one length",
                Location(source, ref, "terms", record["terms"]),
            )
        for k, name in enumerate(record["termNames"]):
            if not isinstance(name, str):
                raise ImportError_(
                    "a term name must be a string", Location(source, ref, f"termNames[{k}]", name)
                )
        for j, entry in enumerate(record["periods"]):
            if not isinstance(entry, dict):
                raise ImportError_(
                    "a period must be an object with name, date and value",
                    Location(source, f"{ref}, periods[{j}]", None, entry),
                )
        if i and len(record["terms"]) != len(payload[0]["terms"]):
            raise ImportError_(
                f"series has {len(record['terms'])} dimensions, the first has "
                f"{len(payload[0]['terms'])}",
                Location(source, ref, "terms", record["terms"]),
            )
    return payload


def _territorial_positions(records: list[dict[str, Any]]) -> list[int]:
    if not records:
        return []
    width = len(records[0]["terms"])
    return [
        k
        for k in range(width)
        if any(_TERRITORY_NAME.search(r["termNames"][k]) for r in records)
        and not any(r["termNames"][k].strip().casefold() in _AREA for r in records)
    ]


def _series_key(
    record: dict[str, Any],
    positions: list[int],
    names: dict[int, str],
    matcher: TerritoryMatcher,
    ref: str,
) -> tuple[str | None, dict[str, str]]:
    kato: str | None = None
    parent: str | None = None
    for k in positions:
        name = record["termNames"][k].strip()
        if name.casefold() in _TOTALS:
            continue
        kato = matcher.taldau(record["terms"][k], name, ref, parent=parent)
        if kato is None:
            return None, {}
        parent = kato
    if kato is None:
        raise ImportError_(
            "series has no territory term (only totals)",
            Location(matcher.source, ref, "termNames", record["termNames"]),
        )
    dims: dict[str, str] = {}
    for k, raw_name in enumerate(record["termNames"]):
        if k in positions:
            continue
        name = raw_name.strip()
        folded = name.casefold()
        if folded in _TOTALS:
            continue
        if folded in _AREA:
            dims["area"] = _AREA[folded]
        else:
            dims[names.get(k + 1, f"dim{k + 1}")] = name
    return kato, dims


def _period(entry: dict[str, Any], source: str, where: str) -> str:
    try:
        return taldau_period(entry.get("name"), entry.get("date"))
    except ValueError as exc:
        raise ImportError_(str(exc), Location(source, where, "name", entry.get("name"))) from None
