"""The economic structure of every unit in one year, from a :class:`SectorTable`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from aimaq.economy.diversification import diversification
from aimaq.economy.panel import SectorTable
from aimaq.economy.specialisation import krugman, location_quotients

__all__ = ["Structure", "structure"]


@dataclass(frozen=True)
class Structure:
    """One row per unit: totals, shares and location quotients by sector, and indices.

    Attributes
    ----------
    frame
        Columns ``kato, name, total, share_<s>, lq_<s>, lq_<s>_low, lq_<s>_high`` for each
        sector ``s``, then ``hhi, hhi_normalised, entropy, entropy_relative, krugman``.
    year, indicator, sectors
        What was measured.
    notes
        What a reader must know to read the figures.
    """

    frame: pd.DataFrame
    year: str
    indicator: str
    sectors: tuple[str, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: metadata, notes and one record per unit."""
        return {
            "indicator": self.indicator,
            "year": self.year,
            "sectors": list(self.sectors),
            "reference": "sum of the units (the nation when the units are the regions)",
            "notes": list(self.notes),
            "units": self.frame.to_dict(orient="records"),
        }


def structure(table: SectorTable, year: str, *, confidence: float = 0.95) -> Structure:
    """Location quotients, HHI, entropy and Krugman's index of every unit in ``year``.

    The reference economy is the sum of the units present in the year.

    Examples
    --------
    >>> import numpy as np
    >>> t = SectorTable("employment", ("1", "2"), ("North", "South"), ("agriculture", "services"),
    ...                 ("2024",), np.array([[[30.0, 70.0], [20.0, 180.0]]]))
    >>> s = structure(t, "2024")
    >>> s.frame[["kato", "lq_agriculture", "krugman"]].round(3).values.tolist()
    [['1', 1.8, 0.267], ['2', 0.6, 0.133]]
    """
    values = table.year(year)
    present = [bool(p) for p in np.asarray(~np.isnan(values).all(axis=1))]
    values = values[np.asarray(present)]
    units = [u for u, p in zip(table.units, present, strict=True) if p]
    names = [n for n, p in zip(table.names, present, strict=True) if p]
    lq = location_quotients(values, confidence=confidence)
    div = diversification(values)
    spec = krugman(values)
    totals = values.sum(axis=1)
    frame = pd.DataFrame({"kato": units, "name": names, "total": totals})
    for j, code in enumerate(table.sectors):
        frame[f"share_{code}"] = values[:, j] / totals
    for j, code in enumerate(table.sectors):
        frame[f"lq_{code}"] = lq.lq[:, j]
        frame[f"lq_{code}_low"] = lq.lower[:, j]
        frame[f"lq_{code}_high"] = lq.upper[:, j]
    frame["hhi"] = div.hhi
    frame["hhi_normalised"] = div.hhi_normalised
    frame["entropy"] = div.entropy
    frame["entropy_relative"] = div.entropy_relative
    frame["krugman"] = spec
    notes = [
        f"{len(table.sectors)} sectors ({', '.join(table.sectors)}): HHI and entropy depend "
        "on the breakdown; compare units only on the same one.",
        f"LQ bounds ({confidence:.0%}) treat the figures as counts of persons; labour force "
        "survey estimates carry a larger sampling error that the bounds do not include.",
    ]
    if len(table.sectors) < 10:
        notes.append(
            f"Relatedness and economic complexity need at least 10 sectors; this breakdown has "
            f"{len(table.sectors)}, so they are not computed."
        )
    return Structure(
        frame=frame,
        year=str(year),
        indicator=table.indicator,
        sectors=table.sectors,
        notes=tuple(notes),
    )
