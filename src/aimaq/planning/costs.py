"""The cost model: what closing one SRS gap costs, and how long it takes to build.

A cost model is a YAML file validated by :class:`CostModel`: unit costs per norm (or per
area of norms) by settlement size band, a regional construction-cost coefficient, a
construction duration in years and an optional running-cost share. The shipped default
(``planning/costs.yaml``) is an assumption for demonstration; users copy and edit it.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from aimaq.errors import ValidationError as AimaqValidationError


class SizeBand(BaseModel):
    """A settlement size band: populations up to ``max_population`` (``None``: open)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    max_population: float | None = None


class ObjectCost(BaseModel):
    """Cost of one object: unit cost by size band name, construction duration."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    unit_cost: dict[str, float]
    duration_years: int = Field(default=1, ge=1, le=10)

    @field_validator("unit_cost")
    @classmethod
    def _positive(cls, value: dict[str, float]) -> dict[str, float]:
        for band, cost in value.items():
            if not cost > 0:
                raise ValueError(f"unit cost for band {band!r} must be positive; got {cost}")
        return value


class CostModel(BaseModel):
    """A validated cost model.

    Examples
    --------
    >>> m = load_cost_model()
    >>> m.band_of(800.0)
    'small'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    currency: str = "KZT"
    size_bands: list[SizeBand]
    region_coefficients: dict[str, float] = Field(default_factory=dict)
    areas: dict[str, ObjectCost] = Field(default_factory=dict)
    norms: dict[str, ObjectCost] = Field(default_factory=dict)
    default: ObjectCost | None = None
    running_cost_share: float = Field(default=0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _consistent(self) -> CostModel:
        if not self.size_bands:
            raise ValueError("size_bands: at least one band is needed")
        names = [b.name for b in self.size_bands]
        if len(set(names)) != len(names):
            raise ValueError(f"size_bands: band names repeat: {names}")
        for band in self.size_bands[:-1]:
            if band.max_population is None:
                raise ValueError(f"size_bands: only the last band may be open; {band.name!r} is")
        bounds = [b.max_population for b in self.size_bands if b.max_population is not None]
        if bounds != sorted(bounds):
            raise ValueError("size_bands: max_population must increase band by band")
        for section, entries in (("areas", self.areas), ("norms", self.norms)):
            for key, entry in entries.items():
                missing = [n for n in names if n not in entry.unit_cost]
                if missing:
                    raise ValueError(f"{section}.{key}.unit_cost: no cost for band(s) {missing}")
        for kato, coef in self.region_coefficients.items():
            if not coef > 0:
                raise ValueError(f"region_coefficients.{kato}: must be positive; got {coef}")
        return self

    def band_of(self, population: float) -> str:
        """The size band a settlement of ``population`` falls in."""
        for band in self.size_bands:
            if band.max_population is None or population <= band.max_population:
                return band.name
        return self.size_bands[-1].name

    def entry_for(self, norm_id: str, area: str | None) -> ObjectCost | None:
        """The cost entry of a norm: by id, then by area, then the default."""
        if norm_id in self.norms:
            return self.norms[norm_id]
        key = _area_key(area)
        if key is not None:
            for name, entry in self.areas.items():
                if _area_key(name) == key:
                    return entry
        return self.default


def _area_key(area: Any) -> str | None:
    if area is None or (isinstance(area, float) and np.isnan(area)):
        return None
    return str(area).strip().lower().replace("-", "_").replace(" ", "_").replace("&", "and")


def _error_path(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def load_cost_model(path: str | Path | None = None) -> CostModel:
    """Read and validate a cost model; ``None`` loads the shipped default.

    Raises :class:`aimaq.errors.ValidationError` naming the file and the key.

    Examples
    --------
    >>> load_cost_model().currency
    'KZT'
    """
    if path is None:
        text = resources.files("aimaq.planning").joinpath("costs.yaml").read_text("utf-8")
        name = "costs.yaml (shipped default)"
    else:
        p = Path(path)
        if not p.is_file():
            raise AimaqValidationError(f"cost model {p}: no such file")
        text = p.read_text("utf-8")
        name = str(p)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AimaqValidationError(f"cost model {name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, Mapping):
        raise AimaqValidationError(f"cost model {name}: expected a mapping at the top level")
    try:
        return CostModel.model_validate(raw)
    except ValidationError as exc:
        raise AimaqValidationError(f"cost model {name}: {_error_path(exc)}") from exc


def price_gaps(gaps: pd.DataFrame, model: CostModel) -> pd.DataFrame:
    """Cost and duration of closing each gap.

    Parameters
    ----------
    gaps : DataFrame
        One row per unmet norm with at least ``kato``, ``norm_id``, ``area``,
        ``population`` and ``region_kato``.
    model : CostModel

    Returns
    -------
    DataFrame
        ``gaps`` with ``band``, ``cost_kzt``, ``duration_years`` and
        ``running_cost_kzt`` (annual) added.

    Raises
    ------
    aimaq.errors.ValidationError
        When a norm with gaps has no cost entry (names the norm and the gap count).

    Examples
    --------
    >>> g = pd.DataFrame({"kato": ["1"], "norm_id": ["school"], "area": ["education"],
    ...                   "population": [700.0], "region_kato": ["110000000"]})
    >>> float(price_gaps(g, load_cost_model())["cost_kzt"].iloc[0])
    150000000.0
    """
    out = gaps.copy()
    if out.empty:
        for col in ("band", "cost_kzt", "duration_years", "running_cost_kzt"):
            out[col] = pd.Series(dtype=float if col != "band" else object)
        return out
    norms = out["norm_id"].astype(str).tolist()
    areas = out["area"].tolist() if "area" in out.columns else [None] * len(out)
    area_keys = [
        None if a is None or (isinstance(a, float) and np.isnan(a)) else str(a) for a in areas
    ]
    entries: dict[tuple[str, str | None], ObjectCost] = {}
    missing: dict[str, int] = {}
    for key in zip(norms, area_keys, strict=True):
        if key in entries:
            continue
        entry = model.entry_for(*key)
        if entry is None:
            missing[f"{key[0]} (area {key[1]})"] = missing.get(f"{key[0]} (area {key[1]})", 0) + 1
        else:
            entries[key] = entry
    if missing:
        listed = ", ".join(f"{k}: {v} gap(s)" for k, v in sorted(missing.items()))
        raise AimaqValidationError(f"cost model has no cost for norm(s) with gaps: {listed}")
    bands = [model.band_of(float(p)) for p in out["population"]]
    cost = np.empty(len(out))
    duration = np.empty(len(out), dtype=np.int64)
    for i, (key, band) in enumerate(zip(zip(norms, area_keys, strict=True), bands, strict=True)):
        entry = entries[key]
        cost[i] = entry.unit_cost[band]
        duration[i] = entry.duration_years
    coef = out["region_kato"].astype(str).map(model.region_coefficients).fillna(1.0)
    out["band"] = bands
    out["cost_kzt"] = cost * coef.to_numpy(dtype=float)
    out["duration_years"] = duration
    out["running_cost_kzt"] = out["cost_kzt"] * model.running_cost_share
    return out
