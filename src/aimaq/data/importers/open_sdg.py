"""Open SDG platform files: ``indicator_<goal>-<target>-<n>.csv`` and their ``translations/``.

Open SDG is the layout of the national SDG platforms of Kazakhstan (BNS) and a dozen other
countries. One CSV per indicator, rows ``Year, <disaggregation columns...>, Value``: an
empty disaggregation cell is the total, an empty ``REF_AREA`` the whole country, ``_T`` a
total too. ``translations/{kk,ru,en}/<COLUMN>.yml`` name every code of a column and
``national_indicators.yml`` the indicators (``<id>-title``).

How a file becomes observations:

* ``SERIES`` and ``UNIT_MEASURE`` split a file into one indicator per (series, unit),
  unless the catalogue entry of the indicator reads ``SERIES`` as a dimension
  (``sdg.series_dim``, e.g. the speed tiers of broadband subscriptions).
* ``URBANISATION`` is the dimension ``area`` (``urban``/``rural``), ``SEX`` is ``sex``
  (``male``/``female``); every other column is a dimension named by the column in lower
  case, with its codes and their names (from the translations) in ``dimension_code``.
* ``REF_AREA`` codes of regions map to KATO (:data:`REGION_CODES`); other codes (the 52
  air-monitoring towns and villages of 11-6-2) resolve to KATO settlements by their name
  in the translations, or are listed as unresolved and left out: never guessed.
* Border basis, before the split of South Kazakhstan on 19 June 2018: ``KZONT`` is South
  Kazakhstan as published. Where a year (and breakdown) has a ``KZONT`` row, ``KZYUZ`` and
  ``KZSHY`` beside it are Turkestan Region and Shymkent recalculated to their present
  borders (``recalculated_to_current``). Without ``KZONT``, ``KZYUZ`` is the platform's
  code for South Kazakhstan itself and ``KZSHY`` the city as it then was, a city
  administration of South Kazakhstan (``511000000``, as published),
  unless the user says the file is recalculated (``borders="recalculated"``).
  Abai, Zhetisu and Ulytau before 2022 (they were formed on 8 June 2022) are recalculated.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from aimaq.data.importers.observations import FrameBuilder, ImportReport, Unmatched
from aimaq.data.importers.pipeline import ParsedFile
from aimaq.data.importers.registry import ImporterFormat, ParseRequest, register_format
from aimaq.data.importers.source import decode_text
from aimaq.data.store import sha256_of_bytes
from aimaq.errors import ImportError_, Location

IMPORTER = "open-sdg"
COUNTRY = "000000000"
SOUTH_KAZAKHSTAN = "510000000"
TURKESTAN = "610000000"
SHYMKENT = "790000000"
SHYMKENT_BEFORE_2018 = "511000000"  # the city administration inside South Kazakhstan
SPLIT_YEAR = 2018  # South Kazakhstan split on 19 June 2018
# Abai, Zhetisu and Ulytau, formed on 8 June 2022: a figure for an earlier year can only be
# the publisher's recalculation to their present territory
FORMED_2022 = {"KZABY", "KZZHS", "KZULU"}
AS_PUBLISHED = "as_published"
RECALCULATED = "recalculated_to_current"
BORDERS = ("as_published", "recalculated")
LANGS = ("kk", "ru", "en")
#: How a catalogue row registered from the platform's own metadata says so in its source.
FROM_PLATFORM = "registered from the platform's metadata, polarity unknown"

#: ``REF_AREA`` codes of the BNS platform's regions (../shared/data/kz/SOURCES.md).
REGION_CODES: dict[str, str] = {
    "KZAKM": "110000000", "KZAKT": "150000000", "KZALA": "750000000", "KZALM": "190000000",
    "KZATY": "230000000", "KZKAR": "350000000", "KZKUS": "390000000", "KZKZY": "430000000",
    "KZMAN": "470000000", "KZNS": "710000000", "KZPAV": "550000000", "KZSEV": "590000000",
    "KZSHY": SHYMKENT, "KZVOS": "630000000", "KZYUZ": TURKESTAN, "KZZAP": "270000000",
    "KZZHA": "310000000", "KZABY": "100000000", "KZZHS": "330000000", "KZULU": "620000000",
    "KZONT": SOUTH_KAZAKHSTAN,
}  # fmt: skip
_STANDARD = {
    "URBANISATION": ("area", {"U": "urban", "R": "rural"}),
    "SEX": ("sex", {"M": "male", "F": "female"}),
}
# GeoCode repeats the area in another code list (KZ03 beside KZAKM); it adds nothing
_IGNORED = {"GeoCode"}
_FIXED = {"Year", "Value", "REF_AREA", "SERIES", "UNIT_MEASURE"}
_TOTAL = {"", "_T"}
_FILE_ID = re.compile(r"^indicator_(?P<id>[0-9]+-[0-9a-z]+-[0-9]+(?:-[0-9]+)?)$")
_PLACE_PREFIX = re.compile(r"^(г\.|г_|п\.|с\.|city|village|қ\.|к\.|а\.)\s*", re.IGNORECASE)
_DOMAINS = {
    "1": "economy", "2": "health", "3": "health", "4": "education", "5": "labour",
    "6": "infrastructure", "7": "infrastructure", "8": "labour", "9": "economy",
    "11": "infrastructure", "13": "environment", "14": "environment", "15": "environment",
    "16": "demography", "17": "finance",
}  # fmt: skip


def is_open_sdg(header: Iterable[str]) -> bool:
    """True for the header of an Open SDG file: ``Year`` and ``Value``, no tidy columns.

    Examples
    --------
    >>> is_open_sdg(["Year", "UNIT_MEASURE", "URBANISATION", "REF_AREA", "Value"])
    True
    >>> is_open_sdg(["territory", "indicator", "period", "value"])
    False
    """
    names = {str(h).strip().lstrip("\ufeff") for h in header}
    return {"Year", "Value"} <= names and not {"territory", "kato", "period"} & names


def sdg_id_of(path: str | Path) -> str:
    """The platform's indicator id from a file name (``indicator_1-2-1.csv`` -> ``1-2-1``).

    Examples
    --------
    >>> sdg_id_of("data/indicator_11-6-1-1.csv")
    '11-6-1-1'
    """
    found = _FILE_ID.match(Path(path).stem)
    if found is None:
        raise ImportError_(
            "an Open SDG file is named indicator_<goal>-<target>-<n>.csv", Location(str(path))
        )
    return found["id"]


# -- translations ------------------------------------------------------------------------
@dataclass(frozen=True)
class Translations:
    """The names of a platform's codes: ``names[lang][column][code]``."""

    names: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    folder: str | None = None

    def name(self, column: str, code: str, lang: str) -> str | None:
        return self.names.get(lang, {}).get(column, {}).get(code)

    def codes(self, column: str) -> set[str]:
        return {c for lang in self.names.values() for c in lang.get(column, {}) if c != column}

    def title(self, sdg_id: str, lang: str) -> str | None:
        """The national title of an indicator, else the global one."""
        key = f"{sdg_id}-title"
        found = self.name("national_indicators", key, lang) or self.name(
            "global_indicators", key, lang
        )
        return " ".join(found.split()) if found else None


def load_translations(folder: str | Path) -> Translations:
    """Every ``<lang>/<COLUMN>.yml`` of a translations folder (kk, ru, en)."""
    root = Path(folder)
    names: dict[str, dict[str, dict[str, str]]] = {}
    for lang in LANGS:
        for file in sorted((root / lang).glob("*.yml")):
            try:
                raw = yaml.safe_load(file.read_text(encoding="utf-8-sig")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ImportError_(
                    f"cannot read the translations: {exc}", Location(str(file))
                ) from None
            if not isinstance(raw, dict):
                raise ImportError_("a translations file maps codes to names", Location(str(file)))
            names.setdefault(lang, {})[file.stem] = {str(k): str(v) for k, v in raw.items()}
    if not names:
        raise ImportError_("no kk/ru/en translation files", Location(str(root)))
    return Translations(names, str(root))


def find_translations(path: str | Path) -> Path | None:
    """The ``translations/`` folder of a platform checkout a data file sits in, if any."""
    here = Path(path).resolve().parent
    for candidate in (here / "translations", here.parent / "translations"):
        if candidate.is_dir():
            return candidate
    return None


# -- indicators --------------------------------------------------------------------------
@dataclass(frozen=True)
class SeriesKey:
    """What one indicator of a file is: the platform's id, its series and its unit."""

    sdg: str
    series: str | None
    unit: str | None


def catalogue_ids(catalogue: Any) -> dict[tuple[str, str | None, str | None], Any]:
    """``{(sdg id, series, unit): catalogue entry}`` for the entries that name an SDG source."""
    out: dict[tuple[str, str | None, str | None], Any] = {}
    for entry in catalogue:
        src = getattr(entry, "sdg", None)
        if src is not None:
            out[(src.indicator, src.series, src.unit)] = entry
    return out


def default_id(key: SeriesKey, *, by_series: bool, by_unit: bool) -> str:
    """The indicator id of a series with no catalogue entry: ``sdg_1_2_1[_series][_unit]``.

    Examples
    --------
    >>> default_id(SeriesKey("11-6-2", "_L_KZ_110602_1B", "MG_CUB_METER"), by_series=True,
    ...            by_unit=False)
    'sdg_11_6_2_l_kz_110602_1b'
    """
    parts = ["sdg", key.sdg]
    if by_series and key.series:
        parts.append(key.series)
    if by_unit and key.unit:
        parts.append(key.unit)
    text = "_".join(parts).lower()
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]+", "_", text)).strip("_")


def _entry_for(
    known: Mapping[tuple[str, str | None, str | None], Any], key: SeriesKey
) -> tuple[Any, bool]:
    """The catalogue entry of a series and whether it reads SERIES as a dimension."""
    for series, unit in ((key.series, key.unit), (key.series, None)):
        if (key.sdg, series, unit) in known:
            return known[(key.sdg, series, unit)], False
    for unit in (key.unit, None):
        entry = known.get((key.sdg, None, unit))
        if entry is not None and entry.sdg.series_dim:
            return entry, True
    return None, False


# -- parsing -----------------------------------------------------------------------------
@dataclass
class _Row:
    number: int
    year: int
    area: str
    series: str
    unit: str
    value: float
    dims: dict[str, str]


def _read_rows(text: str, source: str) -> tuple[list[str], list[_Row], int]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise ImportError_("empty file: expected a header and rows", Location(source)) from None
    while header and header[-1] == "":  # trailing empty columns some platform files carry
        header.pop()
    if not is_open_sdg(header):
        raise ImportError_(
            f"not an Open SDG file: the header {header} lacks Year and Value", Location(source)
        )
    if "" in header:
        raise ImportError_("a column has no name", Location(source, 1, "", ",".join(header)))
    index = {name: i for i, name in enumerate(header)}
    dims_cols = [h for h in header if h not in _FIXED and h not in _IGNORED]
    rows: list[_Row] = []
    short = 0
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        extra = [c for c in cells[len(header) :] if c.strip()]
        if extra:
            raise ImportError_(
                f"row has {len(cells)} field(s), the header {len(header)}",
                Location(source, number, None, ",".join(cells)),
            )
        if len(cells) < len(header):
            short += 1  # which column is missing cannot be told: left out and counted
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[index[name]].strip() if name in index else ""

        year_text = cell("Year")
        if not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
            raise ImportError_(
                "not a year between 1990 and 2100", Location(source, number, "Year", year_text)
            )
        raw = cell("Value")
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            raise ImportError_("not a number", Location(source, number, "Value", raw)) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ImportError_("not a finite number", Location(source, number, "Value", raw))
        dims = {col: cell(col) for col in dims_cols if cell(col) not in _TOTAL}
        rows.append(
            _Row(number, int(year_text), cell("REF_AREA"), cell("SERIES"), cell("UNIT_MEASURE"),
                 value, dims)
        )  # fmt: skip
    return dims_cols, rows, short


class _Areas:
    """REF_AREA codes to KATO; towns by name through the resolver, never guessed."""

    def __init__(self, source: str, translations: Translations | None, resolver: Any) -> None:
        self.source = source
        self.translations = translations
        self._resolver = resolver
        self.cache: dict[str, str | None] = {}
        self.unresolved: dict[str, Unmatched] = {}

    def kato(self, code: str, number: int) -> str | None:
        if code == "":
            return COUNTRY
        if code in REGION_CODES:
            return REGION_CODES[code]
        if code in self.cache:
            return self.cache[code]
        known = self.translations.codes("REF_AREA") if self.translations else set()
        if code not in known:
            hint = "" if self.translations else " (no translations folder to name it)"
            raise ImportError_(
                f"unknown REF_AREA code: not a region of the platform nor in its code list{hint}",
                Location(self.source, number, "REF_AREA", code),
            )
        self.cache[code] = found = self._by_name(code, number)
        return found

    def _by_name(self, code: str, number: int) -> str | None:
        from aimaq.territory import AmbiguousTerritory, UnknownTerritory

        assert self.translations is not None
        if self._resolver is None:
            from aimaq.territory import Resolver

            self._resolver = Resolver.default()
        names = [self.translations.name("REF_AREA", code, lang) for lang in ("ru", "kk", "en")]
        tried: list[str] = []
        for name in names:
            if not name:
                continue
            bare = _PLACE_PREFIX.sub("", name.replace("_", " ")).strip()
            tried.append(bare)
            try:
                return str(self._resolver.resolve(bare, level="settlement"))
            except (UnknownTerritory, AmbiguousTerritory):
                continue
        label = " / ".join(n for n in names if n) or code
        self.unresolved[code] = Unmatched(
            f"{code} ({label})", f"row {number}", candidates=tuple(dict.fromkeys(tried))
        )
        return None


def _border_basis(rows: list[_Row], borders: str) -> dict[int, tuple[str, str]]:
    """``{row number: (kato, basis)}`` for the South Kazakhstan codes before the split."""
    groups: dict[tuple[Any, ...], set[str]] = {}
    for r in rows:
        if r.year < SPLIT_YEAR and r.area in ("KZONT", "KZYUZ", "KZSHY"):
            key = (r.series, r.unit, r.year, tuple(sorted(r.dims.items())))
            groups.setdefault(key, set()).add(r.area)
    out: dict[int, tuple[str, str]] = {}
    for r in rows:
        if not (r.year < SPLIT_YEAR and r.area in ("KZYUZ", "KZSHY")):
            continue
        key = (r.series, r.unit, r.year, tuple(sorted(r.dims.items())))
        beside_old = "KZONT" in groups[key]
        if borders == "recalculated" or beside_old:
            out[r.number] = (REGION_CODES[r.area], RECALCULATED)
        elif r.area == "KZYUZ":
            out[r.number] = (SOUTH_KAZAKHSTAN, AS_PUBLISHED)
        else:
            out[r.number] = (SHYMKENT_BEFORE_2018, AS_PUBLISHED)
    return out


def parse_open_sdg(
    data: bytes,
    *,
    source: str,
    catalogue: Any,
    translations: Translations | None = None,
    resolver: Any | None = None,
    borders: str = "as_published",
    known_ids: Iterable[str] | None = None,
) -> ParsedFile:
    """Read one Open SDG file into the observation frame.

    Parameters
    ----------
    data, source
        The file's bytes and its name (``indicator_<id>.csv``).
    catalogue
        The indicator catalogue: entries with an ``sdg`` source give the ids, the rest
        get :func:`default_id` and a catalogue row from the translations (polarity 0).
    translations
        The platform's code names; needed to resolve town codes and name dimensions.
    borders
        ``as_published`` (default: the rule in the module notes) or ``recalculated``.
    known_ids
        Indicator ids already in the database (their catalogue rows are left as they are);
        a catalogued series not among them brings its shipped catalogue row. ``None``: the
        database is not known, only series without a catalogue entry bring rows.

    Examples
    --------
    >>> from aimaq.data.catalogue import load_catalogue
    >>> text = b"Year,UNIT_MEASURE,URBANISATION,REF_AREA,Value\\n2022,PT,R,,9.5\\n2022,PT,,KZAKM,5.1\\n"
    >>> p = parse_open_sdg(text, source="indicator_1-2-1.csv", catalogue=load_catalogue())
    >>> p.frame[["kato", "indicator_id", "period", "value", "dims"]].values.tolist()
    [['000000000', 'poverty_rate', '2022', 9.5, '{"area":"rural"}'], ['110000000', 'poverty_rate', '2022', 5.1, '{}']]
    """
    if borders not in BORDERS:
        raise ImportError_(f"borders must be one of {BORDERS}; got {borders!r}", Location(source))
    sdg = sdg_id_of(source)
    _, rows, short = _read_rows(decode_text(data, source).text, source)
    known = catalogue_ids(catalogue)
    by_series = len({r.series for r in rows}) > 1
    by_unit = len({r.unit for r in rows}) > 1
    areas = _Areas(source, translations, resolver)
    basis_of = _border_basis(rows, borders)
    builder = FrameBuilder()
    basis: list[str] = []
    new_indicators: dict[str, dict[str, object]] = {}
    codes: dict[tuple[str, str], dict[str, object]] = {}
    existing = set(known_ids or ())
    for r in rows:
        key = SeriesKey(sdg, r.series or None, r.unit or None)
        entry, series_as_dim = _entry_for(known, key)
        dims = _dims(r.dims, entry)
        if series_as_dim and r.series:
            dims[entry.sdg.series_dim] = entry.sdg.codes.get(r.series, r.series)
        if entry is not None:
            indicator = entry.id
            lacking = known_ids is not None and indicator not in existing
            if lacking and indicator not in new_indicators:
                # a database made before the catalogue had the series: its shipped row
                new_indicators[indicator] = _catalogue_row(catalogue, indicator)
        else:
            indicator = default_id(key, by_series=by_series, by_unit=by_unit)
            if indicator not in existing and indicator not in new_indicators:
                new_indicators[indicator] = _indicator_row(indicator, key, translations, source)
        for col, code in r.dims.items():
            if col not in _STANDARD and translations is not None:
                _add_code(codes, col, code, translations, source)
        kato, on_basis = basis_of.get(r.number, (None, AS_PUBLISHED))
        if r.area in FORMED_2022 and r.year < 2022:
            on_basis = RECALCULATED
        if kato is None:
            kato = areas.kato(r.area, r.number)
        if kato is None:
            continue
        builder.add(kato, indicator, str(r.year), r.value, dims, f"row {r.number}")
        basis.append(on_basis)
    frame = builder.frame()
    frame["border_basis"] = basis
    left_out = {}
    if short:
        left_out["short_row"] = short
    unresolved = tuple(areas.unresolved.values())
    notes = []
    if unresolved:
        notes.append(
            f"{len(unresolved)} REF_AREA code(s) name no KATO settlement and were left out"
        )
    if new_indicators:
        platform = sorted(k for k, v in new_indicators.items() if FROM_PLATFORM in str(v["source"]))
        shipped = sorted(set(new_indicators) - set(platform))
        if shipped:
            notes.append(
                f"{len(shipped)} series added to the database's catalogue from the shipped one: {', '.join(shipped)}"
            )
        if platform:
            notes.append(
                f"{len(platform)} series not in the catalogue, registered from the platform's metadata (names, unit; polarity unknown): {', '.join(platform)}"
            )
    recalculated = int((frame["border_basis"] == RECALCULATED).sum())
    if recalculated:
        notes.append(f"{recalculated} value(s) recalculated by the publisher to today's borders")
    return ParsedFile(
        frame=frame,
        source=source,
        sha256=sha256_of_bytes(data),
        importer=IMPORTER,
        attribution=f"Open SDG platform, indicator {sdg}",
        unmatched=unresolved,
        left_out=left_out,
        indicators=pd.DataFrame(list(new_indicators.values())) if new_indicators else None,
        dimension_codes=pd.DataFrame(list(codes.values())) if codes else None,
        notes=tuple(notes),
    )


def _catalogue_row(catalogue: Any, indicator: str) -> dict[str, object]:
    """The shipped catalogue's row of ``indicator``, as the ``indicator`` table holds it."""
    from aimaq.data.catalogue import TABLE_COLUMNS

    frame = catalogue.frame()
    row = frame.loc[frame["id"] == indicator, TABLE_COLUMNS].iloc[0]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


def _dims(raw: Mapping[str, str], entry: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    renames = dict(entry.sdg.dims) if entry is not None else {}
    for col, code in raw.items():
        if col in _STANDARD:
            name, values = _STANDARD[col]
            out[name] = values.get(code, code.lower())
        else:
            out[renames.get(col, col.lower())] = code
    return out


def _indicator_row(
    indicator: str, key: SeriesKey, translations: Translations | None, source: str
) -> dict[str, object]:
    def named(lang: str) -> str | None:
        if translations is None:
            return None
        title = translations.title(key.sdg, lang)
        series = translations.name("SERIES", key.series, lang) if key.series else None
        return f"{title} ({series})" if title and series else title

    unit = None
    if key.unit and translations is not None:
        unit = translations.name("UNIT_MEASURE", key.unit, "en")
    return {
        "id": indicator,
        "name_kk": named("kk"),
        "name_ru": named("ru"),
        "name_en": named("en") or f"SDG indicator {key.sdg}",
        "unit": unit or key.unit or "unknown",
        "polarity": 0,  # unknown until reviewed: set it in the catalogue
        "domain": _DOMAINS.get(key.sdg.split("-")[0], "economy"),
        "source": f"Open SDG platform, indicator {key.sdg}" + (f", series {key.series}" if key.series else "")
        + f" ({Path(source).name}; {FROM_PLATFORM})",
        "taldau_index": None,
    }  # fmt: skip


def _add_code(
    codes: dict[tuple[str, str], dict[str, object]],
    column: str,
    code: str,
    translations: Translations,
    source: str,
) -> None:
    dim = column.lower()
    if (dim, code) in codes:
        return
    codes[(dim, code)] = {
        "dimension": dim,
        "code": code,
        **{f"name_{lang}": translations.name(column, code, lang) for lang in LANGS},
        "source": translations.folder or source,
    }


# -- importing ---------------------------------------------------------------------------
def read_open_sdg(
    store: Any,
    path: str | Path,
    *,
    translations: Translations | None = None,
    borders: str = "as_published",
    resolver: Any | None = None,
    data: bytes | None = None,
) -> ParsedFile:
    """Parse one platform file against ``store``'s catalogue, with the comparability notes.

    The translations default to the ``translations/`` folder of the platform checkout the
    file sits in.
    """
    from aimaq.data.catalogue import load_catalogue
    from aimaq.data.importers.source import open_source

    source = str(path)
    raw = open_source(path).data if data is None else data
    if translations is None:
        folder = find_translations(path)
        translations = load_translations(folder) if folder is not None else None
    known = set(store.query("select id from indicator")["id"])
    parsed = parse_open_sdg(
        raw, source=source, catalogue=load_catalogue(), translations=translations,
        resolver=resolver, borders=borders, known_ids=known,
    )  # fmt: skip
    if borders != "as_published":
        parsed.sha256 = sha256_of_bytes(f"{parsed.sha256}\nborders={borders}".encode())
    same = _align_to_stored(store, parsed.frame)
    if same:
        parsed.notes = (
            *parsed.notes,
            f"{same} value(s) equal the stored ones to the {STORED_DIGITS} significant digits "
            "the embedded dataset keeps: the same figures, kept as stored",
        )
    parsed.notes = parsed.notes + comparability_notes(store, parsed.frame)
    return parsed


#: Significant digits of the values of the embedded dataset (``scripts/build_dataset.py``).
STORED_DIGITS = 10


def _align_to_stored(store: Any, frame: pd.DataFrame) -> int:
    """Values that equal a stored value once rounded to :data:`STORED_DIGITS` significant
    digits take the stored value (the platform prints float noise, 7.271232233055327, that
    the embedded dataset keeps as 7.271232233); returns how many. Other differences stay,
    and the import refuses them as conflicts."""
    if frame.empty:
        return 0
    ids = sorted(set(frame["indicator_id"]))
    stored = store.query(
        "select kato, indicator_id, period, dims, value as stored from observation "
        "where indicator_id in (select unnest(?))",
        [ids],
    )
    if stored.empty:
        return 0
    keys = ["kato", "indicator_id", "period", "dims"]
    both = frame[[*keys, "value"]].reset_index().merge(stored, on=keys)
    rounded = both["value"].map(lambda v: float(f"{v:.{STORED_DIGITS}g}"))
    take = both[(both["value"] != both["stored"]) & (rounded == both["stored"])]
    frame.loc[take["index"].to_numpy(), "value"] = take["stored"].to_numpy()
    return len(take)


def comparability_notes(
    store: Any, frame: pd.DataFrame, tolerance: float = 0.051
) -> tuple[str, ...]:
    """Where an SDG series and the series it is ``compare_with`` differ beyond rounding.

    Both are kept, each under its own indicator id (its source); the note names the
    region, year and both values of the largest difference and counts the others.
    Values published to one decimal agree within ``tolerance`` (half a unit of the last
    digit, plus float slack).
    """
    from aimaq.data.catalogue import load_catalogue

    pairs = {e.id: e.compare_with for e in load_catalogue() if e.compare_with}
    notes = []
    for indicator, other in sorted(pairs.items()):
        mine = frame[frame["indicator_id"] == indicator]
        if mine.empty:
            continue
        theirs = store.query(
            "select kato, period, dims, value as other from observation where indicator_id = ?",
            [other],
        )
        both = mine.merge(theirs, on=["kato", "period", "dims"])
        if both.empty:
            continue
        gap = (both["value"] - both["other"]).abs()
        off = both[gap > tolerance]
        if off.empty:
            notes.append(
                f"{indicator} agrees with {other} within rounding on {len(both)} common value(s)"
            )
            continue
        worst = off.iloc[int((off["value"] - off["other"]).abs().to_numpy().argmax())]
        notes.append(
            f"{indicator} differs from {other} beyond rounding in {len(off)} of {len(both)} "
            f"common value(s); largest: {worst['kato']} {worst['period']} {worst['dims']} "
            f"{worst['value']:g} here, {worst['other']:g} stored; both kept, each under its own id"
        )
    return tuple(notes)


def platform_files(folder: str | Path) -> tuple[list[Path], Path | None]:
    """The ``indicator_*.csv`` files of a platform folder (``data/`` or the folder itself)."""
    root = Path(folder)
    if not root.is_dir():
        raise ImportError_("not a folder", Location(str(root)))
    data = root / "data" if (root / "data").is_dir() else root
    files = sorted(data.glob("indicator_*.csv"), key=lambda p: [
        (0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.split(r"[-_.]", p.stem)
    ])  # fmt: skip
    if not files:
        raise ImportError_("no indicator_*.csv files", Location(str(data)))
    translations = root / "translations"
    return files, translations if translations.is_dir() else find_translations(files[0])


def import_sdg_folder(
    store: Any,
    folder: str | Path,
    *,
    borders: str = "as_published",
    resolver: Any | None = None,
    progress: Any | None = None,
    skip_bad: bool = False,
) -> list[ImportReport]:
    """Import every file of a platform folder in one transaction: all files or none.

    The folder stops at the first bad file (the error names it) and nothing of the
    folder is stored. With ``skip_bad`` each file is first tried alone and rolled back;
    the bad ones are left out whole, each reported with its error (file, row, column,
    value), and the others are imported together, all or none. Series the database's
    catalogue lacks are registered, from the shipped catalogue or else from the platform's
    own metadata (:data:`FROM_PLATFORM`). ``progress(done, total, name)`` is called after
    each file.
    """
    files, folder_tr = platform_files(folder)
    translations = load_translations(folder_tr) if folder_tr is not None else None
    bad: dict[Path, ImportError_] = {}
    if skip_bad:
        for path in files:
            try:
                with store.transaction():
                    _import_one(store, path, translations, borders, resolver)
                    raise _TriedAlone
            except _TriedAlone:
                pass
            except ImportError_ as exc:
                bad[path] = exc
    reports: list[ImportReport] = []
    with store.transaction():
        for done, path in enumerate(files, start=1):
            if path in bad:
                reports.append(ImportReport(
                    None, 0, skipped=True, reason=f"bad file, nothing of it stored: {bad[path]}",
                    source=str(path), format=IMPORTER,
                ))  # fmt: skip
            else:
                reports.append(_import_one(store, path, translations, borders, resolver))
            if progress is not None:
                progress(done, len(files), path.name)
    return reports


class _TriedAlone(Exception):
    """Rolls back a file tried on its own."""


def _import_one(
    store: Any, path: Path, translations: Translations | None, borders: str, resolver: Any
) -> ImportReport:
    from aimaq.data.importers.pipeline import write_parsed

    parsed = read_open_sdg(
        store, path, translations=translations, borders=borders, resolver=resolver
    )
    if parsed.frame.empty and not parsed.left_out and not parsed.unmatched:
        # a platform page with no figures yet (1-2-2): nothing to store, said so
        return ImportReport(
            None, 0, skipped=True, reason="the file has no data rows", source=str(path),
            format=IMPORTER,
        )  # fmt: skip
    return write_parsed(store, parsed)


def _is_open_sdg_file(data: bytes) -> bool:
    first = data[:4096].split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    return is_open_sdg(first.strip().split(","))


def _parse_request(request: ParseRequest) -> ParsedFile:
    folder = request.options.get("translations")
    return read_open_sdg(
        request.store,
        request.source,
        data=request.data,
        translations=load_translations(folder) if folder else None,
        borders=request.options.get("borders") or "as_published",
    )


register_format(ImporterFormat(
    "open-sdg", _parse_request, refines="csv", claims=_is_open_sdg_file,
    options={
        "borders": "as_published (default) or recalculated: the basis of pre-2018 Turkestan "
        "and Shymkent rows",
        "translations": "the platform's translations folder (default: found beside data/)",
    },
    summary="an Open SDG platform file (Year, disaggregations, Value)",
))  # fmt: skip
