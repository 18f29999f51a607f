"""The catalogue of SRS norms: a YAML file validated by pydantic models.

A norm belongs to one of the twelve areas, applies to some settlement categories and
population bands, and says how it is met: the object is present, there is enough capacity
per 1,000 inhabitants, or a service is reachable within a distance or a travel time.
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import pydantic
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from aimaq.errors import ValidationError

CATEGORY_IDS = ("city", "district_town", "okrug_centre", "support_village", "other_village")
"""The five settlement categories of the SRS, from the largest to the smallest."""

_STRICT = ConfigDict(extra="forbid", frozen=True)


class PresentRule(BaseModel):
    """The norm is met when the object or service is present in the settlement."""

    model_config = _STRICT
    kind: Literal["present"]


class CapacityRule(BaseModel):
    """Met when capacity (places, beds ...) reaches ``per_1000`` per 1,000 inhabitants."""

    model_config = _STRICT
    kind: Literal["capacity"]
    per_1000: float = Field(gt=0)


class WithinKmRule(BaseModel):
    """Met when the object is present or the nearest one is at most ``km`` away."""

    model_config = _STRICT
    kind: Literal["within_km"]
    km: float = Field(gt=0)


class WithinMinutesRule(BaseModel):
    """Met when the service arrives within ``minutes``.

    A record's ``minutes`` is used when given; otherwise its ``distance_km`` is converted
    at ``speed_kmh``.
    """

    model_config = _STRICT
    kind: Literal["within_minutes"]
    minutes: float = Field(gt=0)
    speed_kmh: float = Field(default=60.0, gt=0)


Rule = Annotated[
    PresentRule | CapacityRule | WithinKmRule | WithinMinutesRule, Field(discriminator="kind")
]


class Category(BaseModel):
    """One of the five settlement categories."""

    model_config = _STRICT
    id: Literal["city", "district_town", "okrug_centre", "support_village", "other_village"]
    name_en: str
    name_ru: str = ""
    name_kk: str = ""


class Norm(BaseModel):
    """One norm: where it applies, how it is met, what meeting it roughly costs."""

    model_config = _STRICT
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_en: str
    name_ru: str = ""
    name_kk: str = ""
    categories: tuple[str, ...] = Field(min_length=1)
    min_population: int | None = Field(default=None, ge=0)
    max_population: int | None = Field(default=None, ge=0)
    rule: Rule
    cost_hint_kzt: float = Field(ge=0)
    via_support: bool = False
    served_by: str | None = None
    area: str = ""

    @model_validator(mode="after")
    def _check(self) -> Norm:
        unknown = [c for c in self.categories if c not in CATEGORY_IDS]
        if unknown:
            raise ValueError(f"unknown category {unknown[0]!r}; expected one of {CATEGORY_IDS}")
        if (
            self.min_population is not None
            and self.max_population is not None
            and self.min_population > self.max_population
        ):
            raise ValueError(
                f"min_population {self.min_population} exceeds max_population {self.max_population}"
            )
        return self

    def applies_to(self, category: str, population: float) -> bool:
        """Whether the norm applies to a settlement of this category and size.

        Examples
        --------
        >>> cat = load_catalogue()
        >>> cat.norm("edu_school").applies_to("other_village", 40)
        False
        """
        if category not in self.categories:
            return False
        if self.min_population is not None and population < self.min_population:
            return False
        return not (self.max_population is not None and population > self.max_population)


class Area(BaseModel):
    """One of the twelve areas, with its norms."""

    model_config = _STRICT
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_en: str
    name_ru: str = ""
    name_kk: str = ""
    norms: tuple[Norm, ...] = Field(min_length=1)


class Catalogue(BaseModel):
    """The whole catalogue: categories, areas and their norms.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> len(cat.areas), len(cat.categories)
    (12, 5)
    >>> 12 <= len(cat.applicable("other_village", 600)) <= 24
    True
    """

    model_config = _STRICT
    version: str
    title: str = ""
    support_radius_km: float = Field(gt=0)
    published_structure: tuple[str, ...] = ()
    categories: tuple[Category, ...]
    areas: tuple[Area, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Catalogue:
        ids = [c.id for c in self.categories]
        if sorted(ids) != sorted(CATEGORY_IDS):
            raise ValueError(f"categories must be exactly {CATEGORY_IDS}; got {ids}")
        seen: set[str] = set()
        for area in self.areas:
            if area.id in seen:
                raise ValueError(f"area id {area.id!r} appears twice")
            seen.add(area.id)
        seen_norms: set[str] = set()
        for area in self.areas:
            for norm in area.norms:
                if norm.id in seen_norms:
                    raise ValueError(f"norm id {norm.id!r} appears twice")
                seen_norms.add(norm.id)
        for area in self.areas:
            for norm in area.norms:
                if norm.served_by is not None and norm.served_by not in seen_norms:
                    raise ValueError(
                        f"norm {norm.id!r}: served_by {norm.served_by!r} is not a norm id"
                    )
        return self

    @cached_property
    def norms(self) -> tuple[Norm, ...]:
        """Every norm, each carrying its area id."""
        return tuple(n.model_copy(update={"area": a.id}) for a in self.areas for n in a.norms)

    @cached_property
    def _by_id(self) -> dict[str, Norm]:
        return {n.id: n for n in self.norms}

    def norm(self, norm_id: str) -> Norm:
        """The norm with this id; ``ValidationError`` naming it when unknown."""
        found = self._by_id.get(norm_id)
        if found is None:
            raise ValidationError(f"norm id {norm_id!r} is not in catalogue {self.version}")
        return found

    def support_norm(self, norm_id: str) -> str:
        """The norm of a support village that serves ``norm_id`` in its satellites."""
        served_by = self.norm(norm_id).served_by
        return served_by if served_by is not None else norm_id

    def norm_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.norms)

    def applicable(self, category: str, population: float) -> tuple[Norm, ...]:
        """The norms that apply to a settlement of ``category`` with ``population``."""
        return tuple(n for n in self.norms if n.applies_to(category, population))


def default_catalogue_path() -> Path:
    """The catalogue shipped with aimaq (copy it to make your own)."""
    return Path(str(resources.files("aimaq.standards") / "catalogue.yaml"))


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate a catalogue of norms; the shipped one when ``path`` is None.

    Raises
    ------
    ValidationError
        Naming the file and the key path of the first problem (``areas[3].norms[1].rule``).

    Examples
    --------
    >>> load_catalogue().norm("eng_water").area
    'engineering'
    """
    source = Path(path) if path is not None else default_catalogue_path()
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"{source}: cannot read the catalogue ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ValidationError(f"{source}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise ValidationError(f"{source}: a catalogue is a mapping with keys version, areas, ...")
    try:
        return Catalogue.model_validate(raw)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        key = _key_path(first["loc"])
        raise ValidationError(f"{source}: key {key or '(top)'}: {first['msg']}") from exc


def _key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in {"present", "capacity", "within_km", "within_minutes"}:
            continue  # the discriminator tag is not a key of the file
        else:
            out += f".{part}" if out else str(part)
    return out
