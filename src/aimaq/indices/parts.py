"""The parts of an index definition: indicators, groups, preprocessing and uncertainty
settings, each a validated model whose errors name the key that is wrong.

:class:`aimaq.indices.definition.IndexDefinition` puts them together into a whole file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

NormaliseMethod = Literal["minmax", "zscore", "goalposts", "rank", "percentile", "target", "best"]
AggregateMethod = Literal["arithmetic", "geometric", "mazziotta_pareto", "copeland"]
WeightingMethod = Literal["equal", "explicit", "pca", "bod"]
ImputeMethod = Literal["none", "mean", "median", "group_mean", "carry_forward"]
OutlierMethod = Literal["none", "winsorise", "log"]


_DEFAULT_NORMALISE: list[NormaliseMethod] = ["minmax", "zscore", "rank"]
_DEFAULT_AGGREGATE: list[AggregateMethod] = ["arithmetic", "geometric"]
_DEFAULT_IMPUTE: list[ImputeMethod] = ["mean", "median"]


class StrictModel(BaseModel):
    """Unknown keys are errors (a typo never passes silently); models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Normalise(StrictModel):
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


class Indicator(StrictModel):
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


class Stages(StrictModel):
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


class Group(StrictModel):
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


class Preprocess(StrictModel):
    """Steps applied to the raw indicator table before normalisation."""

    impute: ImputeMethod = "none"
    impute_groups: str | None = None
    outliers: OutlierMethod = "none"
    skew_limit: float = 2.0
    kurtosis_limit: float = 3.5


class Uncertainty(StrictModel):
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
