"""Indicator tables from a user's CSV file: one row per unit, one column per indicator id."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from aimaq.errors import ImportError_, Location

#: Magnitude past which a figure is refused as an overflow: squares and sums of such
#: values leave the float range (a z-score or a variance would be inf or NaN).
OVERFLOW = 1e150


def read_indicator_csv(path: str | Path, unit_col: str) -> pd.DataFrame:
    """Read a CSV of units (rows) by indicators (columns), indexed by ``unit_col``.

    The file goes through the importers' one reader (encoding detection, size cap,
    located messages). Every other column must hold numbers (empty cells are missing
    values); a bad cell is reported with its file, row (as a spreadsheet shows it, header
    = row 1), column and value. A value that is not finite, or so large it would
    overflow (:data:`OVERFLOW`), or outside the plausible range of a catalogue indicator
    of the same id (:mod:`aimaq.data.bounds`), is refused rather than averaged away.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "x.csv")
    >>> _ = open(f, "w").write("kato,a\\n1,2.5\\n2,\\n")
    >>> read_indicator_csv(f, "kato")["a"].tolist()
    [2.5, nan]
    """
    from aimaq.data.catalogue import load_catalogue
    from aimaq.data.importers.source import open_source, read_text_table

    file = str(path)
    raw = read_text_table(open_source(path))
    if unit_col not in raw.columns:
        raise ImportError_(
            f"no unit column {unit_col!r}; columns are {list(raw.columns)}",
            Location(file, 1, unit_col),
        )
    rows = raw.index.to_numpy()
    units = raw[unit_col].astype(str).str.strip()
    blank = (units == "").to_numpy()
    if blank.any():
        row = int(rows[np.flatnonzero(blank)[0]])
        raise ImportError_("empty unit name", Location(file, row, unit_col, ""))
    dup = units.duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise ImportError_(
            "unit appears twice", Location(file, int(rows[i]), unit_col, units.iloc[i])
        )
    bounds = {ind.id: ind.bound for ind in load_catalogue()}
    out = pd.DataFrame(index=pd.Index(units.to_numpy(), name="unit"))
    for col in raw.columns:
        if col == unit_col:
            continue
        text = raw[col].astype(str).str.strip()
        values = pd.to_numeric(text.str.replace(",", ".", regex=False).where(text != "", None),
                               errors="coerce").to_numpy(dtype=np.float64)  # fmt: skip
        given = (text != "").to_numpy()
        bad = np.isnan(values) & given
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ImportError_("not a number", Location(file, int(rows[i]), col, text.iloc[i]))
        huge = given & (~np.isfinite(values) | (np.abs(values) >= OVERFLOW))
        if huge.any():
            i = int(np.flatnonzero(huge)[0])
            raise ImportError_(
                "not a finite number, or too large to compute with (overflow)",
                Location(file, int(rows[i]), col, text.iloc[i]),
            )
        bound = bounds.get(str(col))
        if bound is not None:
            outside = given & ((values < bound.low) | (values > bound.high))
            if outside.any():
                i = int(np.flatnonzero(outside)[0])
                raise ImportError_(
                    f"implausible value for {col}: {bound.describe()}",
                    Location(file, int(rows[i]), col, text.iloc[i]),
                )
        out[col] = values
    return out
