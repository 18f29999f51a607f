"""Target definitions: a validated YAML file of policy targets."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticError

from aimaq.errors import ValidationError


class Point(BaseModel):
    """A value in a year."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    value: float
    year: int = Field(ge=1990, le=2100)


class PolicyTarget(BaseModel):
    """One policy target followed as a KPI (the SRS provision targets come from
    :data:`aimaq.standards.targets.PROVISION_TARGETS`).

    ``scope`` is ``national`` (the Republic, optionally urban/rural through ``dims``) or
    ``region`` with a ``kato``. ``regional_view`` asks for the same target to be followed
    in every region where the indicator exists by region.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_en: str
    name_ru: str | None = None
    name_kk: str | None = None
    indicator: str
    scope: Literal["national", "region"] = "national"
    kato: str | None = None
    dims: dict[str, str] = Field(default_factory=dict)
    direction: Literal["up", "down"]
    unit: str
    baseline: Point | None = None
    target: Point
    regional_view: bool = False
    source: str
    baseline_comparable: bool = True
    baseline_note: str | None = None
    missing_data: str | None = None  # what table would measure it, where no figures exist

    @model_validator(mode="after")
    def _check(self) -> PolicyTarget:
        if self.scope == "region" and not self.kato:
            raise ValueError("a regional target needs `kato`")
        if self.baseline is not None:
            if self.target.year <= self.baseline.year:
                raise ValueError(
                    f"target year {self.target.year} is not after the baseline year {self.baseline.year}"
                )
            wrong_way = (self.target.value - self.baseline.value) * (
                1 if self.direction == "up" else -1
            )
            if wrong_way < 0:
                raise ValueError(
                    f"direction {self.direction!r} but the target {self.target.value} lies the other way "
                    f"from the baseline {self.baseline.value}"
                )
        return self

    def name(self, lang: str = "en") -> str:
        return getattr(self, f"name_{lang}", None) or self.name_en


class TargetFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    targets: list[PolicyTarget]

    @model_validator(mode="after")
    def _unique(self) -> TargetFile:
        seen: set[str] = set()
        for t in self.targets:
            if t.id in seen:
                raise ValueError(f"target id {t.id!r} appears twice")
            seen.add(t.id)
        return self


def load_targets(path: str | Path | None = None) -> list[PolicyTarget]:
    """Load and validate a targets file; ``None`` loads the shipped national targets.

    The shipped targets are the SRS provision targets of :mod:`aimaq.standards.targets`
    (defined there once) followed by those of ``targets.yaml``. Errors name the file and
    the key, e.g. ``targets.2.target.year``.

    Examples
    --------
    >>> [t.id for t in load_targets()][:2]
    ['srs_national_2028', 'srs_urban_2030']
    """
    if path is None:
        text = (resources.files("aimaq.monitoring") / "targets.yaml").read_text(encoding="utf-8")
        where = "aimaq/monitoring/targets.yaml"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValidationError(f"{path}: cannot read the targets file ({exc.strerror})") from exc
        where = str(path)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{where}: not valid YAML ({exc})") from exc
    try:
        loaded = TargetFile.model_validate(raw).targets
    except PydanticError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise ValidationError(f"{where}: {key}: {first['msg']}") from exc
    if path is None:
        loaded = srs_targets() + loaded
    return loaded


def srs_targets() -> list[PolicyTarget]:
    """The official SRS provision targets as KPIs (indicator ``srs_provision``).

    Examples
    --------
    >>> [(t.id, t.target.value, t.baseline_comparable) for t in srs_targets()][2]
    ('srs_rural_2030', 71.0, False)
    """
    from aimaq.standards.targets import PROVISION_TARGETS

    out = []
    for t in PROVISION_TARGETS:
        kk, ru, en = t.names
        out.append(
            PolicyTarget(
                id=t.id, name_en=en, name_ru=ru, name_kk=kk, indicator="srs_provision",
                dims={} if t.area == "all" else {"area": t.area}, direction="up", unit="%",
                baseline=Point(value=t.baseline_pct, year=t.baseline_year),
                target=Point(value=t.value_pct, year=t.year), regional_view=t.area == "all",
                source=t.source, baseline_comparable=t.baseline_comparable,
                baseline_note=t.baseline_note,
            )
        )  # fmt: skip
    return out
