"""Urban and rural side by side: poverty and unemployment, the report's urban-rural figures.

The SDG platform publishes the poverty rate (1.2.1) and the unemployment rate (8.5.2) for
cities and villages nationally; the report's urban-rural section reads them from here.
"""

from __future__ import annotations

import pandas as pd

from aimaq.data.store import Store, canonical_dims

#: The indicators shown, with the rural target they are followed against (if any).
URBAN_RURAL: tuple[tuple[str, str | None], ...] = (
    ("poverty_rate", "rural_poverty_2027"),
    ("unemployment_rate_sdg", "rural_unemployment_2027"),
)
COUNTRY = "000000000"


def urban_rural_table(store: Store, kato: str = COUNTRY) -> pd.DataFrame:
    """Urban and rural values by year, with the rural-urban gap and ratio.

    Columns: ``indicator, year, urban, rural, gap`` (rural minus urban), ``ratio`` (rural /
    urban), ``target_id``. Years where one side is missing are left out.

    Examples
    --------
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> urban_rural_table(store).empty
    True
    """
    rows = []
    urban, rural = canonical_dims({"area": "urban"}), canonical_dims({"area": "rural"})
    for indicator, target_id in URBAN_RURAL:
        frame = store.query(
            "select period, dims, value from observation where indicator_id = ? and kato = ? "
            "and dims in (?, ?) and value is not null",
            [indicator, kato, urban, rural],
        )
        frame = frame[frame.period.str.fullmatch(r"\d{4}")]
        if frame.empty:
            continue
        wide = frame.pivot_table(index="period", columns="dims", values="value", aggfunc="first")
        if urban not in wide.columns or rural not in wide.columns:
            continue
        wide = wide.dropna(subset=[urban, rural])
        for period, row in wide.iterrows():
            u, r = float(row[urban]), float(row[rural])
            rows.append(
                {
                    "indicator": indicator,
                    "year": int(str(period)),
                    "urban": u,
                    "rural": r,
                    "gap": round(r - u, 6),
                    "ratio": r / u if u else None,
                    "target_id": target_id,
                }
            )
    columns = ["indicator", "year", "urban", "rural", "gap", "ratio", "target_id"]
    return pd.DataFrame(rows, columns=columns)
