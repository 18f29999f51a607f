"""The validated model of an index definition file (YAML).

An index file lists indicators (each with its transform, normalisation and polarity)
and groups that aggregate indicators or other groups, to any depth. The one group that
no other group references is the index. Errors name the key that is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticError

from aimaq.errors import ValidationError

NormaliseMethod = Literal["minmax", "zscore", "goalposts", "rank", "percentile", "target", "best"]
AggregateMethod = Literal["arithmetic", "geometric", "mazziotta_pareto", "copeland"]
WeightingMethod = Literal["equal", "explicit", "pca", "bod"]
ImputeMethod = Literal["none", "mean", "median", "group_mean", "carry_forward"]
OutlierMethod = Literal["none", "winsorise", "log"]


_DEFAULT_NORMALISE: list[NormaliseMethod] = ["minmax", "zscore", "rank"]
_DEFAULT_AGGREGATE: list[AggregateMethod] = ["arithmetic", "geometric"]
_DEFAULT_IMPUTE: list[ImputeMethod] = ["mean", "median"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Normalise(_Strict):
    """How one indicator is brought to a common scale.

    ``low``/``high`` are the range of min-max scores (default 0 to 1; 1 to 100 keeps
    geometric means away from zero); ``min``/``max`` are the goalposts (``goalposts``); ``target`` is the value that counts
    as fully achieved (``target``); ``centre``/``scale`` shift z-scores (``zscore``; the
    Mazziotta-Pareto convention is 100 and 10).
    """

    method: NormaliseMethod = "minmax"
    low: float = 0.0
    high: float = 1.0
    min: float | None = None
    max: float | None = None
    target: float | None = None
    centre: float = 0.0
    scale: float = 1.0

    @model_validator(mode="after")
    def _check(self) -> Normalise:
        if self.method == "goalposts":
            if self.min is None or self.max is None:
                raise ValueError("goalposts need both 'min' and 'max'")
            if self.min >= self.max:
                raise ValueError(f"goalposts need min < max; got min={self.min}, max={self.max}")
        if self.method == "target" and self.target is None:
            raise ValueError("method 'target' needs 'target'")
        if self.scale <= 0:
            raise ValueError(f"'scale' must be positive; got {self.scale}")
        if not self.low < self.high:
            raise ValueError(f"min-max needs low < high; got low={self.low}, high={self.high}")
        return self


class Indicator(_Strict):
    """One indicator of an index.

    ``id`` names the column (and the catalogue indicator unless ``indicator`` is given,
    which lets one catalogue series appear twice, e.g. with different ``dims``).
    ``change: N`` replaces the value by its average annual change (%) over the ``N``
    years ending in the index year plus ``offset`` (read from stored data).
    """

    id: str = Field(min_length=1)
    indicator: str | None = None
    dims: dict[str, str] | None = None
    offset: int = 0
    change: int | None = Field(default=None, ge=1)
    transform: Literal["none", "log"] = "none"
    normalise: Normalise = Field(default_factory=Normalise)
    polarity: Literal[1, -1] | None = None
    denominator: str | None = None
    scale: float = 1.0
    label: str | None = None

    @property
    def source_id(self) -> str:
        """The catalogue id of the series this indicator reads."""
        return self.indicator or self.id


class Stages(_Strict):
    """Weights by stage of development (as in the EU Regional Competitiveness Index).

    A unit's stage is set by ``indicator`` (an id of ``indicators`` or ``auxiliary``) as a
    percentage of ``reference`` (``mean``: the mean over the units); ``breaks`` are the
    upper bounds of the stages, and ``weights`` holds one mapping of member weights per
    stage (one more than there are breaks).
    """

    indicator: str
    reference: Literal["mean"] | float = "mean"
    breaks: list[float] = Field(min_length=1)
    weights: list[dict[str, float]]

    @model_validator(mode="after")
    def _check(self) -> Stages:
        if sorted(self.breaks) != self.breaks:
            raise ValueError(f"breaks must increase; got {self.breaks}")
        if len(self.weights) != len(self.breaks) + 1:
            raise ValueError(
                f"{len(self.breaks)} breaks need {len(self.breaks) + 1} weight sets; "
                f"got {len(self.weights)}"
            )
        for pos, w in enumerate(self.weights):
            if any(not v >= 0 for v in w.values()) or sum(w.values()) <= 0:
                raise ValueError(
                    f"weights[{pos}] must be non-negative and sum to a positive number; got {w}"
                )
        return self


class Group(_Strict):
    """A node of the hierarchy: members are indicator ids or other group ids."""

    id: str = Field(min_length=1)
    members: list[str]
    aggregate: AggregateMethod = "arithmetic"
    weighting: WeightingMethod | None = None
    weights: dict[str, float] | None = None
    bod_min_share: float = Field(default=0.0, ge=0.0, lt=1.0)
    stages: Stages | None = None
    label: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Group:
        if not self.members:
            raise ValueError(f"group {self.id!r} has no members")
        if len(set(self.members)) != len(self.members):
            raise ValueError(f"group {self.id!r} lists a member twice: {self.members}")
        if self.id in self.members:
            raise ValueError(f"group {self.id!r} references itself")
        if self.weights is not None:
            unknown = sorted(set(self.weights) - set(self.members))
            if unknown:
                raise ValueError(f"weights name non-members {unknown} of group {self.id!r}")
            missing = sorted(set(self.members) - set(self.weights))
            if missing:
                raise ValueError(f"weights miss members {missing} of group {self.id!r}")
            bad = {k: v for k, v in self.weights.items() if not v >= 0}
            if bad:
                raise ValueError(f"weights must be >= 0; got {bad}")
            if sum(self.weights.values()) <= 0:
                raise ValueError(f"weights of group {self.id!r} must sum to a positive number")
        if self.stages is not None:
            for pos, w in enumerate(self.stages.weights):
                if set(w) != set(self.members):
                    raise ValueError(
                        f"stages.weights[{pos}] must weigh exactly the members {self.members}; "
                        f"got {sorted(w)}"
                    )
            if self.aggregate not in ("arithmetic", "geometric"):
                raise ValueError("stage weights work with arithmetic or geometric aggregation")
            if self.weighting not in (None, "explicit"):
                raise ValueError(f"stage weights exclude weighting {self.weighting!r}")
        if self.weighting == "explicit" and self.weights is None:
            raise ValueError(f"group {self.id!r}: weighting 'explicit' needs 'weights'")
        return self

    @property
    def weighting_method(self) -> WeightingMethod:
        """``explicit`` when weights are given, else ``equal`` unless set."""
        if self.stages is not None:
            return "explicit"
        if self.weighting is not None:
            return self.weighting
        return "explicit" if self.weights is not None else "equal"


class Preprocess(_Strict):
    """Steps applied to the raw indicator table before normalisation."""

    impute: ImputeMethod = "none"
    impute_groups: str | None = None
    outliers: OutlierMethod = "none"
    skew_limit: float = 2.0
    kurtosis_limit: float = 3.5


class Uncertainty(_Strict):
    """What the Monte Carlo analysis varies (each alternative is listed in the result)."""

    weights: bool = True
    concentration: float = Field(default=20.0, gt=0)
    normalise: list[NormaliseMethod] = Field(default_factory=lambda: _DEFAULT_NORMALISE.copy())
    aggregate: list[AggregateMethod] = Field(default_factory=lambda: _DEFAULT_AGGREGATE.copy())
    impute: list[ImputeMethod] = Field(default_factory=lambda: _DEFAULT_IMPUTE.copy())

    @model_validator(mode="after")
    def _check(self) -> Uncertainty:
        fixed = sorted({"goalposts", "target"} & set(self.normalise))
        if fixed:
            raise ValueError(
                f"normalise alternatives {fixed} need per-indicator settings; list methods "
                "that apply to every indicator (minmax, zscore, rank, percentile, best)"
            )
        return self


class IndexDefinition(_Strict):
    """A whole index file.

    ``defaults`` (optional) gives settings that every indicator without its own takes,
    e.g. ``defaults: {normalise: {method: minmax, low: 1, high: 100}}``.
    """

    name: str = Field(min_length=1)
    title: str | None = None
    description: str | None = None
    level: str = "region"
    year: int | None = None
    indicators: list[Indicator]
    auxiliary: list[Indicator] = Field(default_factory=list)
    groups: list[Group]
    preprocess: Preprocess = Field(default_factory=Preprocess)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, raw: Any) -> Any:
        if not isinstance(raw, dict) or "defaults" not in raw:
            return raw
        defaults = raw["defaults"]
        if not isinstance(defaults, dict) or set(defaults) - {"normalise", "transform"}:
            raise ValueError("defaults may set only 'normalise' and 'transform'")
        out = {k: v for k, v in raw.items() if k != "defaults"}
        items = raw.get("indicators")
        if isinstance(items, list):
            out["indicators"] = [
                {**defaults, **item} if isinstance(item, dict) else item for item in items
            ]
        return out

    @model_validator(mode="after")
    def _structure(self) -> IndexDefinition:
        if not self.indicators:
            raise ValueError("an index needs at least one indicator")
        ids = [i.id for i in self.indicators]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"indicator ids repeat: {dup}")
        gids = [g.id for g in self.groups]
        dupg = sorted({g for g in gids if gids.count(g) > 1})
        if dupg:
            raise ValueError(f"group ids repeat: {dupg}")
        clash = sorted(set(ids) & set(gids))
        if clash:
            raise ValueError(f"ids used both as indicator and group: {clash}")
        aux = [a.id for a in self.auxiliary]
        clash_aux = sorted(set(aux) & (set(ids) | set(gids)))
        if clash_aux:
            raise ValueError(f"auxiliary ids repeat indicator or group ids: {clash_aux}")
        known = set(ids) | set(gids)
        for pos, group in enumerate(self.groups):
            if group.stages is not None and group.stages.indicator not in set(ids) | set(aux):
                raise ValueError(
                    f"groups[{pos}] ({group.id!r}): stages.indicator "
                    f"{group.stages.indicator!r} is not an indicator or auxiliary of this index"
                )
            if group.stages is not None and set(self.uncertainty.aggregate) - {
                "arithmetic",
                "geometric",
            }:
                raise ValueError(
                    f"groups[{pos}] ({group.id!r}) has stage weights, so uncertainty.aggregate "
                    "may list only arithmetic and geometric"
                )
        for pos, group in enumerate(self.groups):
            for member in group.members:
                if member not in known:
                    raise ValueError(
                        f"groups[{pos}] ({group.id!r}): member {member!r} is neither an "
                        "indicator nor a group of this index"
                    )
        self._check_cycles()
        roots = self.roots()
        if len(roots) != 1:
            raise ValueError(
                f"exactly one top group (the index) must be left unreferenced; found {roots}"
            )
        used = {m for g in self.groups for m in g.members}
        unused = [i for i in ids if i not in used]
        if unused and self.groups:
            raise ValueError(f"indicators not in any group: {unused}")
        return self

    def _check_cycles(self) -> None:
        children = {g.id: g.members for g in self.groups}
        state: dict[str, int] = {}

        def visit(node: str, path: list[str]) -> None:
            if state.get(node) == 1:
                cycle = [*path[path.index(node) :], node]
                raise ValueError(f"groups form a cycle: {' -> '.join(cycle)}")
            if state.get(node) == 2 or node not in children:
                return
            state[node] = 1
            for child in children[node]:
                visit(child, [*path, node])
            state[node] = 2

        for gid in children:
            visit(gid, [])

    def roots(self) -> list[str]:
        """Groups no other group references (a valid index has exactly one)."""
        if not self.groups:
            return []
        used = {m for g in self.groups for m in g.members}
        return [g.id for g in self.groups if g.id not in used]

    @property
    def root(self) -> str:
        """The id of the top group: the index itself."""
        return self.roots()[0]

    def indicator(self, ident: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ident)

    def group(self, ident: str) -> Group:
        return next(g for g in self.groups if g.id == ident)

    @property
    def indicator_ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def order(self) -> list[str]:
        """Group ids bottom-up: every group after all its member groups."""
        gids = {g.id for g in self.groups}
        done: list[str] = []

        def visit(node: str) -> None:
            if node in done or node not in gids:
                return
            for child in self.group(node).members:
                visit(child)
            done.append(node)

        visit(self.root)
        return done

    def leaves(self, group_id: str) -> list[str]:
        """Indicator ids under a group, at any depth."""
        if group_id not in {g.id for g in self.groups}:
            return [group_id]
        out: list[str] = []
        for member in self.group(group_id).members:
            out.extend(self.leaves(member))
        return out


def _key_path(loc: tuple[Any, ...], raw: Any) -> str:
    """``groups[1].members`` plus the id of the item, where the item has one."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node) and isinstance(node[item], dict):
                ident = node[item].get("id")
                if ident is not None:
                    label = f"[{item}] ({ident!r})"
            parts.append(label)
            node = node[item] if isinstance(node, list) and item < len(node) else None
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts)


def parse_definition(raw: Any, source: str = "<definition>") -> IndexDefinition:
    """Validate a parsed YAML mapping into an :class:`IndexDefinition`.

    Raises :class:`aimaq.errors.ValidationError` naming the source and the key.

    Examples
    --------
    >>> d = parse_definition({"name": "x", "indicators": [{"id": "a"}, {"id": "b"}],
    ...                       "groups": [{"id": "top", "members": ["a", "b"]}]})
    >>> d.root, d.order()
    ('top', ['top'])
    """
    if not isinstance(raw, dict):
        raise ValidationError(f"{source}: an index definition must be a mapping at the top")
    try:
        return IndexDefinition.model_validate(raw)
    except PydanticError as exc:
        first = exc.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        if not first["loc"]:  # a whole-file check: the message names its keys
            raise ValidationError(f"{source}: {msg}") from None
        where = _key_path(tuple(first["loc"]), raw)
        raise ValidationError(f"{source}: {where}: {msg}") from None


def load_definition(path: str | Path) -> IndexDefinition:
    """Read and validate an index definition file.

    Examples
    --------
    >>> from aimaq.indices.builtins import builtin_path
    >>> load_definition(builtin_path("rdi")).name
    'rdi'
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"cannot read index definition {file}: {exc.strerror}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{file}: not valid YAML: {exc}") from None
    return parse_definition(raw, str(file))
