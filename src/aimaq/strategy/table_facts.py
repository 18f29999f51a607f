"""Facts held in plain mappings: for hand-worked cases and for figures a user supplies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aimaq.strategy.evaluate import Fact

Pair = tuple[float | str | bool | None, int | None]


@dataclass
class TableFacts:
    """One territory's figures as ``{name: (value, year)}`` mappings; absent means no data.

    Examples
    --------
    >>> t = TableFacts("R", {"u": (5.0, 2023)}, tags={"border_district": True})
    >>> t.indicator("u").value, t.tag("border_district").value, t.indicator("x").value
    (5.0, True, None)
    """

    kato: str
    values: Mapping[str, Pair] = field(default_factory=dict)
    nation: Mapping[str, Pair] = field(default_factory=dict)
    peers: Mapping[str, Pair] = field(default_factory=dict)
    trends: Mapping[str, Pair] = field(default_factory=dict)
    srs: Mapping[str, Pair] = field(default_factory=dict)
    tags: Mapping[str, bool] = field(default_factory=dict)
    kpis: Mapping[str, str] = field(default_factory=dict)
    ranks: Mapping[str, Pair] = field(default_factory=dict)
    source: str = "table"

    def _get(self, table: Mapping[str, Pair], key: str, what: str) -> Fact:
        value, year = table.get(key, (None, None))
        return Fact(
            what, self.kato, value, year, self.source, "" if value is not None else "no data"
        )

    def indicator(self, indicator: str) -> Fact:
        return self._get(self.values, indicator, indicator)

    def national(self, indicator: str, year: int | None) -> Fact:
        return self._get(self.nation, indicator, f"national {indicator}")

    def peer(self, indicator: str, year: int | None) -> Fact:
        return self._get(self.peers, indicator, f"peer mean {indicator}")

    def trend(self, indicator: str, years: int) -> Fact:
        return self._get(self.trends, indicator, f"trend {indicator}")

    def srs_gap(self, sphere: str | None, area: str | None) -> Fact:
        key = f"gap:{sphere or 'all'}:{area or 'all'}"
        return self._get(self.srs, key, f"srs_gap(sphere={sphere}, area={area})")

    def srs_provision(self, area: str | None) -> Fact:
        key = f"provision:{area or 'all'}"
        return self._get(self.srs, key, f"srs_provision(area={area})")

    def tag(self, tag: str) -> Fact:
        return Fact(f"tag {tag}", self.kato, bool(self.tags.get(tag, False)), None, self.source)

    def tagged(self, tag: str) -> Fact:
        return Fact(
            f"units tagged {tag}", self.kato, float(bool(self.tags.get(tag))), None, self.source
        )

    def kpi(self, target: str) -> Fact:
        status = self.kpis.get(target)
        return Fact(f"kpi {target}", self.kato, status, None, self.source)

    def index_rank(self, index: str, pillar: str | None) -> Fact:
        return self._get(self.ranks, f"{index}:{pillar or ''}", f"rank in {index}")

    def index_score(self, index: str, pillar: str | None) -> Fact:
        return self._get(self.ranks, f"score {index}:{pillar or ''}", f"score in {index}")
