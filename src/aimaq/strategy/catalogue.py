"""The measures and institutions catalogues (YAML), validated before anything runs.

Every measure names the policy document it comes from, the institutions that carry it,
and a trigger in the rule language of :mod:`aimaq.strategy.rules`. Every number in a
trigger is a named parameter with its basis: ``policy`` (a policy text sets it, with the
source) or ``assumption`` (a default chosen here, shown as such wherever it is used).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from aimaq.errors import ValidationError
from aimaq.strategy.rules import (
    Arith,
    BoolOp,
    Call,
    Compare,
    Name,
    Neg,
    Node,
    Not,
    Num,
    check_relative,
    parse,
    usage,
)

LANGS = ("kk", "ru", "en")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Model):
    kk: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return str(getattr(self, lang, self.en))


class Source(_Model):
    """Where a measure or a role is written down; ``title`` names the document in each
    language (``document`` cites it as read)."""

    document: str = Field(min_length=1)
    title: Names | None = None
    clause: str = Field(min_length=1)  # "not at hand" where only a report of it was read
    url: str | None = None
    reported_by: str | None = None


class Parameter(_Model):
    value: float
    basis: Literal["policy", "assumption"]
    note: str = Field(min_length=1)


class Institution(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Names
    level: Literal["national", "region", "district", "okrug"]
    role: Names
    source: Source


class Direction(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Names


class Funds(_Model):
    """The SRS gaps a measure with an SRS effect pays for."""

    area: Literal["rural", "urban", "all"] = "all"
    spheres: tuple[str, ...] = ()


class Shock(_Model):
    """The job loss a single-industry-town measure is stress-tested with."""

    share_of_employment: Parameter


class Measure(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Names
    direction: str
    programme: str | None = None
    source: Source
    institutions: tuple[str, ...] = Field(min_length=1)
    levels: tuple[Literal["region", "district"], ...] = Field(min_length=1)
    acts_on: tuple[str, ...] = ()
    trigger: str
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    rationale: Names
    effect: Literal["srs_roadmap", "town_shock", "none"] = "none"
    funds: Funds | None = None
    shock: Shock | None = None

    @cached_property
    def rule(self) -> Node:
        """The trigger's syntax tree with every parameter put in as its number."""
        return _substitute(parse(self.trigger), {k: p.value for k, p in self.parameters.items()})

    def assumptions(self) -> list[str]:
        """The parameters of the trigger (and of its stress test) that no policy text sets."""
        params = dict(self.parameters)
        if self.shock is not None:
            params["shock.share_of_employment"] = self.shock.share_of_employment
        return [
            f"{k} = {p.value:g} ({p.note})" for k, p in params.items() if p.basis == "assumption"
        ]


class Catalogue(_Model):
    version: int
    directions: tuple[Direction, ...]
    institutions: tuple[Institution, ...]
    measures: tuple[Measure, ...]

    def institution(self, inst_id: str) -> Institution:
        for inst in self.institutions:
            if inst.id == inst_id:
                return inst
        raise ValidationError(f"no institution {inst_id!r} in the catalogue")

    def direction(self, dir_id: str) -> Direction:
        for d in self.directions:
            if d.id == dir_id:
                return d
        raise ValidationError(f"no policy direction {dir_id!r} in the catalogue")

    def measure(self, measure_id: str) -> Measure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        known = ", ".join(m.id for m in self.measures)
        raise ValidationError(f"no measure {measure_id!r} in the catalogue; known: {known}")


def _substitute(node: Node, values: dict[str, float]) -> Node:
    """Replace parameter names by their numbers, rebuilding the (frozen) tree."""
    if isinstance(node, Name):
        return Num(values[node.name]) if node.name in values else node
    if isinstance(node, Arith | Compare):
        return replace(
            node, left=_substitute(node.left, values), right=_substitute(node.right, values)
        )
    if isinstance(node, Neg | Not):
        return replace(node, operand=_substitute(node.operand, values))
    if isinstance(node, BoolOp):
        return replace(node, items=tuple(_substitute(i, values) for i in node.items))
    if isinstance(node, Call):
        return replace(
            node,
            args=tuple(_substitute(a, values) for a in node.args),
            kwargs=tuple((k, _substitute(v, values)) for k, v in node.kwargs),
        )
    return node


def default_path() -> Path:
    """The shipped catalogue file."""
    return Path(str(resources.files("aimaq.strategy") / "measures.yaml"))


def read_mapping(file: Path, expected: str) -> dict[str, Any]:
    """A YAML file that holds a mapping; errors name the file."""
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise ValidationError(f"{file}: no such file") from exc
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValidationError(f"{file}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ValidationError(f"{file}: expected a mapping with {expected}")
    return raw


def load_catalogue(
    path: str | Path | None = None, *, indicators: Iterable[str] | None = None
) -> Catalogue:
    """Read and check a measures catalogue; errors name the file, the entry and the field.

    ``indicators`` are the known indicator ids (default: the indicator catalogue's); a
    trigger naming any other figure is refused.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> all(m.source.document for m in cat.measures)
    True
    """
    file = Path(path) if path is not None else default_path()
    raw = read_mapping(file, "'measures'")
    try:
        cat = Catalogue.model_validate(raw)
    except PydanticError as exc:
        err = exc.errors()[0]
        raise ValidationError(f"{file}: {_where(raw, err['loc'])}: {err['msg']}") from exc
    if indicators is None:
        from aimaq.data.catalogue import load_catalogue as load_indicators

        indicators = [i.id for i in load_indicators()]
    _check(file, cat, set(indicators))
    return cat


def _where(raw: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """``measure 'x', field 'trigger'`` from a pydantic location."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        entries = raw.get(str(loc[0])) or []
        entry = entries[loc[1]] if loc[1] < len(entries) else {}
        ident = entry.get("id", f"#{loc[1] + 1}") if isinstance(entry, dict) else f"#{loc[1] + 1}"
        kind = str(loc[0]).rstrip("s")
        rest = ".".join(str(x) for x in loc[2:])
        return f"{kind} {ident!r}" + (f", field {rest!r}" if rest else "")
    return ".".join(str(x) for x in loc)


def _check(file: Path, cat: Catalogue, indicators: set[str]) -> None:
    inst_ids = {i.id for i in cat.institutions}
    dir_ids = {d.id for d in cat.directions}
    seen: set[str] = set()
    for m in cat.measures:
        where = f"{file}: measure {m.id!r}"
        if m.id in seen:
            raise ValidationError(f"{where}: the id appears twice")
        seen.add(m.id)
        if m.direction not in dir_ids:
            raise ValidationError(
                f"{where}, field 'direction': unknown direction {m.direction!r}; known: {sorted(dir_ids)}"
            )
        for inst in m.institutions:
            if inst not in inst_ids:
                raise ValidationError(
                    f"{where}, field 'institutions': unknown institution {inst!r}; known: {sorted(inst_ids)}"
                )
        try:
            tree = parse(m.trigger)
            check_relative(tree)
        except ValidationError as exc:
            raise ValidationError(f"{where}, field 'trigger': {exc}") from exc
        used = usage(tree)
        params = set(m.parameters)
        unknown = sorted(used.indicators - params - indicators)
        if unknown:
            raise ValidationError(
                f"{where}, field 'trigger': unknown indicator(s) {unknown} "
                "(not in the indicator catalogue, nor a parameter of the measure)"
            )
        unused = sorted(params - used.indicators)
        if unused:
            raise ValidationError(f"{where}, field 'parameters': not used by the trigger: {unused}")
        if (m.effect == "srs_roadmap") != (m.funds is not None):
            raise ValidationError(
                f"{where}, field 'funds': a measure with effect 'srs_roadmap' says which gaps "
                "it funds, and only such a measure"
            )
        if (m.effect == "town_shock") != (m.shock is not None):
            raise ValidationError(
                f"{where}, field 'shock': a measure with effect 'town_shock' gives the job "
                "loss it is tested with, and only such a measure"
            )
        if m.shock is not None and not 0 < m.shock.share_of_employment.value <= 1:
            raise ValidationError(
                f"{where}, field 'shock.share_of_employment': must be in (0, 1]; "
                f"got {m.shock.share_of_employment.value}"
            )
        if m.funds is not None and m.funds.spheres:
            from aimaq.standards.catalogue import load_catalogue as load_norms

            spheres = {a.id for a in load_norms().areas}
            bad = sorted(set(m.funds.spheres) - spheres)
            if bad:
                raise ValidationError(
                    f"{where}, field 'funds.spheres': unknown SRS sphere(s) {bad}; known: {sorted(spheres)}"
                )
        for ind in m.acts_on:
            if ind not in indicators:
                raise ValidationError(f"{where}, field 'acts_on': unknown indicator {ind!r}")
