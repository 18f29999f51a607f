"""The indicator catalogue: what each indicator is, in three languages, and where it comes from.

The catalogue is a YAML file (``indicators.yaml`` in this package by default) validated by
pydantic models; an invalid entry is reported with the key path that is wrong, e.g.
``indicators[3].polarity``.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd
import pydantic
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from aimaq.data.bounds import Bound, Quantity, bound_for, infer_quantity
from aimaq.data.domains import DOMAINS, Domain
from aimaq.errors import Advice, ValidationError

Periodicity = Literal["annual", "quarterly", "date"]
#: The columns of the ``indicator`` table, in order.
TABLE_COLUMNS = [
    "id",
    "name_kk",
    "name_ru",
    "name_en",
    "unit",
    "polarity",
    "domain",
    "source",
    "taldau_index",
]
_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Names(BaseModel):
    """An indicator's name in Kazakh, Russian and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kk: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Derivation(BaseModel):
    """How a derived indicator is computed from official figures.

    ``inputs`` are the catalogue indicators it uses; empty for a figure computed from the
    territory model alone (the district polygons, the KATO tree), which ``formula`` names.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    formula: str = Field(min_length=1)
    inputs: tuple[str, ...] = ()


class SdgSource(BaseModel):
    """Where an indicator sits on an Open SDG platform (see ``aimaq.data.importers.open_sdg``).

    ``indicator`` is the platform's id (``1-2-1``); ``series`` and ``unit`` pick one series
    of a file that holds several (``None``: any). ``series_dim`` reads the file's ``SERIES``
    column as a dimension of this one indicator, with ``codes`` mapping a series code to the
    value stored; ``dims`` renames other columns (``{"EDUCATION_LEV": "level"}``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str = Field(pattern=r"^[0-9]+-[0-9a-z]+-[0-9]+(-[0-9]+)?$")
    series: str | None = None
    unit: str | None = None
    series_dim: str | None = None
    codes: dict[str, str] = Field(default_factory=dict)
    dims: dict[str, str] = Field(default_factory=dict)


class Indicator(BaseModel):
    """One catalogue entry.

    Examples
    --------
    >>> ind = Indicator(id="x", name=Names(kk="х", ru="х", en="x"), unit="%", polarity=1,
    ...                 domain="economy", source="BNS")
    >>> ind.is_derived
    False
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID_PATTERN)
    name: Names
    unit: str = Field(min_length=1)
    polarity: Literal[-1, 0, 1]
    quantity: Quantity | None = None
    domain: Domain
    source: str = Field(min_length=1)
    taldau_index: str | None = None
    periods: tuple[Periodicity, ...] = ("annual",)
    dims: tuple[str, ...] = ()
    derived: Derivation | None = None
    embedded: bool = True
    notes: str | None = None
    sdg: SdgSource | None = None
    compare_with: str | None = None

    @field_validator("periods", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value

    @field_validator("taldau_index", mode="before")
    @classmethod
    def _index_as_text(cls, value: object) -> object:
        if isinstance(value, int):
            return str(value)
        return value

    @field_validator("taldau_index")
    @classmethod
    def _index_digits(cls, value: str | None) -> str | None:
        if value is not None and not value.isdigit():
            raise ValueError(f"a Taldau index id is digits only; got {value!r}")
        return value

    @property
    def bound(self) -> Bound:
        """The plausible range of a value (``quantity``, else inferred from the unit)."""
        return bound_for(self.quantity or infer_quantity(self.id, self.unit), self.unit)

    @property
    def is_derived(self) -> bool:
        """True when the figures are computed in code from other indicators."""
        return self.derived is not None

    def label(self, lang: str = "en") -> str:
        """The name in ``lang`` (kk, ru or en)."""
        if lang not in ("kk", "ru", "en"):
            raise ValidationError(f"language must be kk, ru or en; got {lang!r}")
        return str(getattr(self.name, lang))


class Catalogue(BaseModel):
    """All indicators, unique by id; derived ones refer only to known ids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        seen: set[str] = set()
        for pos, ind in enumerate(self.indicators):
            if ind.id in seen:
                raise ValueError(f"indicators[{pos}].id: duplicate id {ind.id!r}")
            seen.add(ind.id)
        for pos, ind in enumerate(self.indicators):
            if ind.derived is not None and not ind.embedded:
                raise ValueError(
                    f"indicators[{pos}].embedded: a derived indicator is computed from embedded "
                    "figures; drop `embedded: false` or `derived`"
                )
            if ind.derived is None:
                continue
            for name in ind.derived.inputs:
                if name not in seen:
                    raise ValueError(
                        f"indicators[{pos}].derived.inputs: {ind.id!r} uses unknown indicator {name!r}"
                    )
                if name == ind.id:
                    raise ValueError(f"indicators[{pos}].derived.inputs: {ind.id!r} uses itself")
        return self

    def __iter__(self) -> Iterator[Indicator]:  # type: ignore[override]
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def __contains__(self, indicator_id: object) -> bool:
        return any(ind.id == indicator_id for ind in self.indicators)

    @property
    def ids(self) -> list[str]:
        """Indicator ids in catalogue order."""
        return [ind.id for ind in self.indicators]

    def get(self, indicator_id: str) -> Indicator:
        """The entry for ``indicator_id``; raises :class:`ValidationError` if unknown.

        Examples
        --------
        >>> load_catalogue().get("grp").unit
        'million KZT'
        """
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise ValidationError(f"unknown indicator {indicator_id!r}", advice=Advice.indicators)

    def by_domain(self, domain: str) -> list[Indicator]:
        """Indicators of one domain; raises :class:`ValidationError` for an unknown domain."""
        if domain not in DOMAINS:
            raise ValidationError(f"unknown domain {domain!r}; one of {', '.join(DOMAINS)}")
        return [ind for ind in self.indicators if ind.domain == domain]

    def frame(self) -> pd.DataFrame:
        """The catalogue as rows of the ``indicator`` table (columns :data:`TABLE_COLUMNS`).

        Examples
        --------
        >>> list(load_catalogue().frame().columns) == TABLE_COLUMNS
        True
        """
        rows = [
            {
                "id": ind.id,
                "name_kk": ind.name.kk,
                "name_ru": ind.name.ru,
                "name_en": ind.name.en,
                "unit": ind.unit,
                "polarity": ind.polarity,
                "domain": ind.domain,
                "source": ind.source,
                "taldau_index": ind.taldau_index,
            }
            for ind in self.indicators
        ]
        frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
        frame["polarity"] = frame["polarity"].astype("int16")
        return frame


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_catalogue(data: object, *, source: str = "<catalogue>") -> Catalogue:
    """Validate parsed YAML into a :class:`Catalogue`; errors name the key path.

    Examples
    --------
    >>> parse_catalogue({"indicators": [{"id": "x", "name": {"kk": "a", "ru": "b", "en": "c"},
    ...     "unit": "%", "polarity": 1, "domain": "economy", "source": "BNS"}]}).ids
    ['x']
    """
    try:
        return Catalogue.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = _location(tuple(first["loc"]))
        message = str(first["msg"]).removeprefix("Value error, ")
        got = first.get("input")
        shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
        raise ValidationError(f"{source}: {where}: {message}{shown}") from exc


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate the indicator catalogue.

    Parameters
    ----------
    path
        A YAML file; ``None`` reads the catalogue shipped with aimaq.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> cat.get("population_jan1").domain
    'demography'
    """
    if path is None:
        text = (resources.files("aimaq.data") / "indicators.yaml").read_text(encoding="utf-8")
        source = "indicators.yaml"
    else:
        file = Path(path)
        if not file.is_file():
            raise ValidationError(f"no catalogue file at {file}")
        text = file.read_text(encoding="utf-8")
        source = str(file)
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader (C-accelerated when available)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ValidationError(f"{source}:{where} not valid YAML: {exc}") from exc
    return parse_catalogue(data, source=source)
