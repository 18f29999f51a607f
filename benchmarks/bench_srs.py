"""SRS: synthetic registry generation, the calibration cut and roll-ups.

A KATO-like tree built in code (17 regions x 10 districts x 12 okrugs x 6 villages plus a
town per district, about 12,000 settlements) stands in for the classifier. Measured:

- ``generate`` end to end (target: at most 30 s, the budget of ``aimaq init``);
- ``cut_by_score`` (vectorised numpy) against the same cut written with pandas
  ``sort_values`` + ``groupby().cumsum()``: same result, and the ratio of times;
- ``rollup`` (count and population weights) against ``groupby().apply(np.average)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from aimaq.standards import load_catalogue, rollup, settlement_provision
from aimaq.standards.calibration import cut_by_score
from aimaq.standards.synthetic import generate

REGIONS, DISTRICTS, OKRUGS, VILLAGES = 17, 10, 12, 6
T = TypeVar("T")


def _tree() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows: list[tuple[str, str | None, str, str, bool | None]] = [
        ("000000000", None, "country", "republic", None)
    ]
    population = []
    rng = np.random.default_rng(1)
    for r in range(REGIONS):
        region = f"{10 + 3 * r:02d}0000000"
        rows.append((region, "000000000", "region", "oblast", None))
        for d in range(DISTRICTS):
            district = f"{region[:2]}{20 + d:02d}00000"
            rows.append((district, region, "district", "district", None))
            town_okrug = f"{district[:4]}01000"
            rows.append((town_okrug, district, "okrug", "town_administration", None))
            rows.append((f"{district[:4]}01100", town_okrug, "settlement", "city", True))
            for o in range(OKRUGS):
                okrug = f"{district[:4]}{30 + 2 * o:02d}000"
                rows.append((okrug, district, "okrug", "rural_okrug", None))
                for v in range(VILLAGES):
                    code = f"{okrug[:6]}{100 + 3 * v:03d}"
                    rows.append((code, okrug, "settlement", "village", False))
            population.append((district, "urban", float(rng.integers(5_000, 60_000))))
            population.append((district, "rural", float(rng.integers(10_000, 50_000))))
    territory = pd.DataFrame(rows, columns=["kato", "parent_kato", "level", "unit_type", "urban"])
    territory["name_kk"] = territory["kato"]
    territory["name_ru"] = territory["kato"]
    return territory, pd.DataFrame(population, columns=["kato", "area", "value"])


def _pandas_cut(
    group: np.ndarray, weight: np.ndarray, score: np.ndarray, target: np.ndarray
) -> np.ndarray:
    frame = pd.DataFrame({"g": group, "w": weight, "s": score, "t": target})
    frame = frame.sort_values(["g", "s"], ascending=[True, False])
    frame["cum"] = frame.groupby("g")["w"].cumsum()
    met = frame["cum"] - frame["w"] / 2 < frame["t"]
    return met.sort_index().to_numpy()


def _timed(fn: Callable[..., T], *args: Any, repeat: int = 3) -> tuple[float, T]:
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - start)
    return float(best), out


def main() -> None:
    catalogue = load_catalogue()
    territory, population = _tree()
    start = time.perf_counter()
    reg = generate(territory, population, seed=1, catalogue=catalogue)
    took = time.perf_counter() - start
    print(
        f"generate: {len(reg.settlements):,} settlements, {len(reg.status):,} status records in {took:.1f} s (target <= 30 s)"
    )

    rng = np.random.default_rng(2)
    n = 600_000
    group = rng.integers(0, 40, n)
    weight = rng.uniform(1e-6, 1e-4, n)
    score = rng.normal(size=n)
    target = rng.uniform(0.3, 0.9, 40)[group]
    t_np, a = _timed(cut_by_score, group, weight, score, target)
    t_pd, b = _timed(_pandas_cut, group, weight, score, target)
    assert (a == b).all(), "the numpy and pandas cuts disagree"
    print(
        f"cut_by_score {n:,} pairs: aimaq {t_np * 1e3:.0f} ms, pandas {t_pd * 1e3:.0f} ms, ratio {t_pd / t_np:.1f}x (same result)"
    )

    frame = settlement_provision(reg, catalogue)
    for weight_kind in ("count", "population"):
        t_a, ours = _timed(rollup, frame, "district", weight_kind, False)
        w = (
            frame["population"]
            if weight_kind == "population"
            else pd.Series(1.0, index=frame.index)
        )

        def reference(f: pd.DataFrame = frame, w: pd.Series = w) -> pd.Series:
            groups = f.assign(_w=w).groupby("district_kato")
            return pd.Series(
                {k: float(np.average(g["provision"], weights=g["_w"])) for k, g in groups}
            )

        t_b, ref = _timed(reference)
        diff = float(np.abs(ours.set_index("kato")["provision"] - ref).max())
        print(
            f"rollup by district ({weight_kind}): aimaq {t_a * 1e3:.0f} ms, pandas loop {t_b * 1e3:.0f} ms, ratio {t_b / t_a:.1f}x, max difference {diff:.1e}"
        )


if __name__ == "__main__":
    main()
