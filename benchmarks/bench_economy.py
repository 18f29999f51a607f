"""Location quotients, HHI and shift-share: aimaq's array measures against pandas groupby.

13,000 units (the order of the number of settlements) x 21 sections x 10 years of
synthetic employment (generated here, labelled synthetic). aimaq computes each measure for
the whole panel in one call on a ``(years, units, sectors)`` array; the reference is the
straightforward long-table pandas implementation an analyst would write (shares by
``groupby(["year", "unit"])``, national shares by ``groupby(["year", "sector"])``, merges).
Both give the same numbers (checked below); the ratio of the times is printed. Target:
well under a second for aimaq.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from aimaq.economy.diversification import diversification
from aimaq.economy.shiftshare import shift_share
from aimaq.economy.specialisation import location_quotients

UNITS, SECTORS, YEARS = 13_000, 21, 10


def synthetic_panel() -> np.ndarray:
    """SYNTHETIC employment: lognormal unit sizes spread over sectors with noise."""
    rng = np.random.default_rng(14)
    size = np.exp(rng.normal(6.0, 1.2, UNITS))
    mix = rng.dirichlet(np.full(SECTORS, 0.8), UNITS)
    growth = np.cumprod(rng.normal(1.01, 0.03, (YEARS, UNITS, SECTORS)), axis=0)
    return np.round(size[None, :, None] * mix[None] * growth) + 1.0


def long_frame(panel: np.ndarray) -> pd.DataFrame:
    years, units, sectors = np.meshgrid(
        np.arange(YEARS), np.arange(UNITS), np.arange(SECTORS), indexing="ij"
    )
    return pd.DataFrame(
        {
            "year": years.ravel(),
            "unit": units.ravel(),
            "sector": sectors.ravel(),
            "value": panel.ravel(),
        }
    )


def pandas_lq(frame: pd.DataFrame) -> pd.Series:
    unit_total = frame.groupby(["year", "unit"])["value"].transform("sum")
    sector_total = frame.groupby(["year", "sector"])["value"].transform("sum")
    year_total = frame.groupby("year")["value"].transform("sum")
    return (frame["value"] / unit_total) / (sector_total / year_total)


def pandas_hhi(frame: pd.DataFrame) -> pd.Series:
    share = frame["value"] / frame.groupby(["year", "unit"])["value"].transform("sum")
    return (share**2).groupby([frame["year"], frame["unit"]]).sum()


def pandas_shift_share(frame: pd.DataFrame) -> pd.DataFrame:
    start = frame[frame.year == 0].set_index(["unit", "sector"])["value"]
    end = frame[frame.year == YEARS - 1].set_index(["unit", "sector"])["value"]
    nat0 = start.groupby("sector").sum()
    nat1 = end.groupby("sector").sum()
    big_g = nat1.sum() / nat0.sum() - 1
    g = (nat1 / nat0 - 1).rename("g")
    df = pd.DataFrame({"e0": start, "e1": end}).join(g, on="sector")
    df["r"] = df["e1"] / df["e0"] - 1
    df["national"] = df["e0"] * big_g
    df["mix"] = df["e0"] * (df["g"] - big_g)
    df["regional"] = df["e0"] * (df["r"] - df["g"])
    return df.groupby("unit")[["national", "mix", "regional"]].sum()


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    panel = synthetic_panel()
    frame = long_frame(panel)
    print(f"SYNTHETIC panel: {UNITS:,} units x {SECTORS} sectors x {YEARS} years")

    lq = location_quotients(panel).lq
    assert np.allclose(lq.ravel(), pandas_lq(frame).to_numpy())
    hhi = diversification(panel).hhi
    assert np.allclose(hhi.ravel(), pandas_hhi(frame).to_numpy())
    ss = shift_share(panel[0], panel[-1]).totals()
    ref = pandas_shift_share(frame)
    assert np.allclose(ss["regional_share"], ref["regional"].to_numpy())
    assert np.allclose(ss["industry_mix"], ref["mix"].to_numpy())

    rows = [
        ("location quotients", lambda: location_quotients(panel), lambda: pandas_lq(frame)),
        ("HHI and entropy", lambda: diversification(panel), lambda: pandas_hhi(frame)),
        (
            "shift-share (first to last year)",
            lambda: shift_share(panel[0], panel[-1]),
            lambda: pandas_shift_share(frame),
        ),
    ]
    total_ours = 0.0
    for label, ours, theirs in rows:
        t_ours = _best(ours)
        t_theirs = _best(theirs)
        total_ours += t_ours
        print(
            f"{label:34s} aimaq {t_ours * 1000:8.1f} ms   pandas groupby {t_theirs * 1000:8.1f} ms"
            f"   ratio {t_theirs / t_ours:6.1f}x"
        )
    print(f"{'all three (aimaq)':34s} {total_ours * 1000:8.1f} ms (target: well under 1 s)")


if __name__ == "__main__":
    main()
