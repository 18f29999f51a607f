"""Territory tags as data: which units are border districts, single-industry towns, ...

A tag row is ``(kato, tag, value, source, method, valid_from, valid_to, note)``, as the
``territory_tag`` table holds it. Shipped tags (:func:`shipped_tags`):

- ``border_district``: districts whose polygon touches a land state border, the value the
  neighbouring state(s); *derived* from the geometry by ``scripts/build_border_districts.py``
  (``tags_border_district.csv``);
- ``agglomeration`` (value ``first_level`` / ``second_level``) and the other hand-kept
  tags of ``tags.csv``, each with its source;
- ``city_of_regional_significance``, ``district_centre`` and ``rural_okrug_centre``, from
  the KATO classifier (``kato.csv.gz``), by the rules stated in ``docs/territory.md``;
  district centres as the BNS bulletin of 1 Jan 2023 lists them where it does
  (``district_centres.csv``, 164 of 170 districts; Pavlodar district, whose centre lies
  outside it, has none).

:func:`check_tag_rows` validates rows of a tag file against the tree: unknown codes, a
tag on the wrong level, a tag on a unit that did not exist in the tag's validity period,
bad dates and overlapping validity are refused with file, row, column and value.

Examples
--------
>>> tags = shipped_tags()
>>> sorted(tags.loc[tags["tag"] == "agglomeration", "kato"])[:3]
['151000000', '351000000', '710000000']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, Protocol

import pandas as pd

from aimaq.errors import ImportError_, Location


class TerritoryTree(Protocol):
    """What the tag checks read of :class:`aimaq.territory.tree.TerritoryTree` (named here
    as a protocol, so that this module, which the tree's frames load, does not import it)."""

    @property
    def _units(self) -> Mapping[str, Any]: ...


__all__ = [
    "TAG_COLUMNS",
    "TAG_LEVELS",
    "TagSpan",
    "check_tag_rows",
    "kato_tags",
    "shipped_tags",
]

TAG_COLUMNS = ["kato", "tag", "value", "source", "method", "valid_from", "valid_to", "note"]

#: The levels each known tag may sit on; other tag names (``[a-z][a-z0-9_]*``) may sit on any.
TAG_LEVELS: dict[str, tuple[str, ...]] = {
    "border_district": ("district",),
    "single_industry_town": ("district", "settlement"),
    "agglomeration": ("region", "district"),
    "support_village": ("settlement",),
    "satellite_village": ("settlement",),
    "ethnic_minority_compact": ("region", "district", "okrug", "settlement"),
    "city_of_regional_significance": ("district",),
    "district_centre": ("settlement",),
    "rural_okrug_centre": ("settlement",),
}

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_KATO = re.compile(r"^\d{9}$")
KATO_SOURCE = "KATO NK RK 11-2025 (BNS classifier of administrative-territorial units)"


def _read(name: str) -> pd.DataFrame:
    path = resources.files("aimaq.territory").joinpath("data", name)
    with path.open("rb") as handle:
        compression: Literal["gzip"] | None = "gzip" if name.endswith(".gz") else None
        return pd.read_csv(handle, dtype=str, keep_default_na=False, compression=compression)


def kato_tags(kato: pd.DataFrame) -> pd.DataFrame:
    """Tags the classifier itself gives: cities of regional significance and centres.

    Parameters
    ----------
    kato : pandas.DataFrame
        The classifier: ``kato, parent_kato, level, unit_type``.

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`TAG_COLUMNS`.

    Notes
    -----
    ``rural_okrug_centre``: the village numbered ``...100`` in each rural okrug (KATO
    numbers an okrug's administrative centre first). ``district_centre``: the first
    settlement (``...100``) of the lowest-coded okrug or town administration of each
    district, where KATO lists the district centre. Both are derivations from the
    numbering, stated as such in ``method``; KATO has no "centre" field.

    Examples
    --------
    >>> k = pd.DataFrame({"kato": ["113200000", "113220000", "113220100", "113230000",
    ...                            "113230100", "113230300"],
    ...                   "parent_kato": ["110000000", "113200000", "113220000", "113200000",
    ...                                   "113230000", "113230000"],
    ...                   "level": ["district", "okrug", "settlement", "okrug", "settlement",
    ...                             "settlement"],
    ...                   "unit_type": ["district", "town_administration", "city", "rural_okrug",
    ...                                 "village", "village"]})
    >>> kato_tags(k)[["kato", "tag"]].values.tolist()
    [['113220100', 'district_centre'], ['113230100', 'rural_okrug_centre']]
    """
    parent = dict(zip(kato["kato"], kato["parent_kato"], strict=True))
    unit_type = dict(zip(kato["kato"], kato["unit_type"], strict=True))
    settlements = kato[(kato["level"] == "settlement") & kato["kato"].str.endswith("100")]
    first = settlements.assign(okrug=settlements["parent_kato"])
    first = first[first["okrug"].map(unit_type).notna()]
    okrug_centres = first[first["okrug"].map(unit_type) == "rural_okrug"]["kato"]
    first = first.assign(district=first["okrug"].map(parent))
    in_district = first[first["district"].map(unit_type) == "district"]
    district_centres = in_district.sort_values("okrug").drop_duplicates("district")["kato"]
    cities = kato.loc[kato["unit_type"] == "city_regional_significance", "kato"]
    rule = "derived from the KATO numbering: "
    parts = [
        pd.DataFrame({"kato": cities, "tag": "city_of_regional_significance",
                      "method": "classifier: KATO unit type 'city of regional significance'"}),
        pd.DataFrame({"kato": district_centres, "tag": "district_centre",
                      "method": rule + "first settlement of the lowest-coded okrug of a district"}),
        pd.DataFrame({"kato": okrug_centres, "tag": "rural_okrug_centre",
                      "method": rule + "settlement numbered ...100 of a rural okrug"}),
    ]  # fmt: skip
    out = pd.concat(parts, ignore_index=True).assign(source=KATO_SOURCE)
    return _complete(out).sort_values(["kato", "tag"]).reset_index(drop=True)


def _complete(frame: pd.DataFrame) -> pd.DataFrame:
    for column in TAG_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[TAG_COLUMNS]


@lru_cache(maxsize=1)
def _shipped() -> pd.DataFrame:
    hand = _read("tags.csv")
    border = _read("tags_border_district.csv")
    kato = _read("kato.csv.gz")
    classifier = kato_tags(kato)
    # district centres: as the BNS bulletin lists them; the numbering rule for the rest
    bulletin = _read("district_centres.csv")
    parent = dict(zip(kato["kato"], kato["parent_kato"], strict=True))
    rule = classifier["tag"] == "district_centre"
    covered = classifier["kato"].map(parent).map(parent).isin(bulletin["district_kato"])
    centres = bulletin[bulletin["kato"] != ""].assign(
        tag="district_centre", method="official list: " + bulletin["method"]
    )
    frame = pd.concat(
        [_complete(hand), _complete(border), classifier[~(rule & covered)], _complete(centres)],
        ignore_index=True,
    )
    # a tag holds only while its unit exists: units formed later begin it on their first day
    since = _read("validity.csv").set_index("kato")["valid_from"]
    start = frame["kato"].map(since).fillna("")
    frame["valid_from"] = frame["valid_from"].where(frame["valid_from"] != "", start)
    return frame.sort_values(["tag", "kato"]).reset_index(drop=True)


def shipped_tags() -> pd.DataFrame:
    """Return the tags shipped with the package, as rows of :data:`TAG_COLUMNS`.

    Dates are ISO text (empty: open); use :func:`check_tag_rows` to read them as dates.

    Examples
    --------
    >>> tags = shipped_tags()
    >>> tags.set_index(["tag", "kato"]).loc[("border_district", "195800000"), "value"]
    'China; Kyrgyzstan'
    """
    return _shipped().copy()


@dataclass(frozen=True)
class TagSpan:
    """Where a tag row came from (for messages) and when it holds."""

    row: int | str
    start: date | None
    end: date | None

    def overlaps(self, other: TagSpan) -> bool:
        """Whether two spans share a day (``end`` is the first day a tag no longer holds)."""
        return (self.end is None or other.start is None or other.start < self.end) and (
            other.end is None or self.start is None or self.start < other.end
        )


def _date(text: str, where: Location) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]) if len(text) in (10, 19) else date.fromisoformat(text)
    except ValueError:
        raise ImportError_("not a date (expected YYYY-MM-DD)", where) from None


def check_tag_rows(
    frame: pd.DataFrame,
    tree: TerritoryTree,
    *,
    source: str,
    existing: pd.DataFrame | None = None,
    first_row: int = 2,
) -> pd.DataFrame:
    """Validate tag rows against the territory tree; return them with dates parsed.

    Parameters
    ----------
    frame : pandas.DataFrame
        Text columns ``kato, tag`` and optionally ``value, source, method, valid_from,
        valid_to, note``; row ``i`` is line ``first_row + i`` of the file.
    tree : TerritoryTree
        The units and their validity.
    source : str
        The file, for messages.
    existing : pandas.DataFrame, optional
        Tags already stored (``kato, tag, valid_from, valid_to``): an imported row may not
        overlap them.

    Raises
    ------
    aimaq.errors.ImportError_
        The first bad cell, with file, row, column and value.

    Examples
    --------
    >>> from aimaq.territory import Resolver
    >>> rows = pd.DataFrame({"kato": ["150000000"], "tag": ["border_district"]})
    >>> check_tag_rows(rows, Resolver.default(), source="t.csv")
    Traceback (most recent call last):
    ...
    aimaq.errors.ImportError_: t.csv, row 2, column 'tag', value 'border_district': ...
    """
    unknown = [c for c in frame.columns if c not in TAG_COLUMNS]
    if unknown:
        raise ImportError_(
            f"unknown column {unknown[0]!r}; the columns are {', '.join(TAG_COLUMNS)}",
            Location(source, 1, unknown[0]),
        )
    for column in ("kato", "tag"):
        if column not in frame.columns:
            raise ImportError_(f"no column {column!r}", Location(source, 1))
    rows = _complete(frame.fillna("").astype(str).copy())
    spans: dict[tuple[str, str], list[TagSpan]] = {}
    if existing is not None:
        for kato, tag, start, end in existing[["kato", "tag", "valid_from", "valid_to"]].itertuples(
            index=False
        ):
            span = TagSpan("stored", _as_date(start), _as_date(end))
            spans.setdefault((str(kato), str(tag)), []).append(span)
    starts, ends = [], []
    for i, row in enumerate(rows.itertuples(index=False)):
        line = first_row + i
        kato, tag = str(row.kato).strip(), str(row.tag).strip()
        valid_from, valid_to = str(row.valid_from), str(row.valid_to)
        if not _KATO.match(kato) or kato not in tree._units:
            why = "not a 9-digit KATO code" if not _KATO.match(kato) else "unknown KATO code"
            raise ImportError_(why, Location(source, line, "kato", str(row.kato)))
        if not _NAME.match(tag):
            raise ImportError_(
                "a tag name is lower-case letters, digits and '_'",
                Location(source, line, "tag", tag),
            )
        unit = tree._units[kato]
        levels = TAG_LEVELS.get(tag)
        if levels is not None and unit.level not in levels:
            raise ImportError_(
                f"{tag} sits on a {' or '.join(levels)}; {kato} ({unit.name_ru}) is a {unit.level}",
                Location(source, line, "tag", tag),
            )
        start = _date(valid_from, Location(source, line, "valid_from", valid_from))
        end = _date(valid_to, Location(source, line, "valid_to", valid_to))
        if start is not None and end is not None and end <= start:
            raise ImportError_(
                f"valid_to must be after valid_from ({start})",
                Location(source, line, "valid_to", valid_to),
            )
        _check_unit_span(tree, kato, (start, end), Location(source, line), (valid_from, valid_to))
        span = TagSpan(line, start, end)
        for other in spans.get((kato, tag), []):
            if span.overlaps(other):
                what = "a stored tag" if other.row == "stored" else f"row {other.row}"
                raise ImportError_(
                    f"{tag} on {kato} overlaps {what} of the same tag and unit",
                    Location(source, line, "valid_from", valid_from),
                )
        spans.setdefault((kato, tag), []).append(span)
        starts.append(start)
        ends.append(end)
    rows["kato"] = rows["kato"].str.strip()
    rows["tag"] = rows["tag"].str.strip()
    rows["valid_from"] = pd.to_datetime(pd.Series(starts, index=rows.index, dtype=object))
    rows["valid_to"] = pd.to_datetime(pd.Series(ends, index=rows.index, dtype=object))
    for column in ("value", "source", "method", "note"):
        rows[column] = rows[column].replace("", None)
    return rows


def _as_date(value: object) -> date | None:
    if value is None or value == "" or pd.isna(value):  # type: ignore[call-overload]
        return None
    return pd.Timestamp(str(value)).date()


def _check_unit_span(
    tree: TerritoryTree,
    kato: str,
    span: tuple[date | None, date | None],
    at: Location,
    cells: tuple[str, str],
) -> None:
    unit = tree._units[kato]
    start, end = span

    def where(column: str) -> Location:
        return Location(at.file, at.row, column, cells[0] if column == "valid_from" else cells[1])

    if unit.valid_to is not None and start is not None and start >= unit.valid_to:
        raise ImportError_(
            f"{kato} ({unit.name_ru}) ceased on {unit.valid_to}, before the tag begins",
            where("valid_from"),
        )
    if unit.valid_from is not None and (start is None or start < unit.valid_from):
        raise ImportError_(
            f"{kato} ({unit.name_ru}) exists only from {unit.valid_from}; "
            "the tag must begin on or after that day",
            where("valid_from"),
        )
    if unit.valid_to is not None and (end is None or end > unit.valid_to):
        raise ImportError_(
            f"{kato} ({unit.name_ru}) ceased on {unit.valid_to}; the tag must end by then",
            where("valid_to"),
        )
