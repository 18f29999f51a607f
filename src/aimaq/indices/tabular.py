"""Indicator tables from a user's CSV file: one row per unit, one column per indicator id."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from aimaq.errors import ImportError_, Location, ValidationError


def read_indicator_csv(path: str | Path, unit_col: str) -> pd.DataFrame:
    """Read a CSV of units (rows) by indicators (columns), indexed by ``unit_col``.

    Every other column must hold numbers (empty cells are missing values); a bad cell is
    reported with its file, row (as a spreadsheet shows it, header = row 1), column and value.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "x.csv")
    >>> _ = open(f, "w").write("kato,a\\n1,2.5\\n2,\\n")
    >>> read_indicator_csv(f, "kato")["a"].tolist()
    [2.5, nan]
    """
    file = Path(path)
    try:
        raw = pd.read_csv(file, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ValidationError(f"no such file: {file}") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ImportError_(f"not a readable CSV: {exc}", Location(str(file))) from None
    if unit_col not in raw.columns:
        raise ValidationError(
            f"{file}: no unit column {unit_col!r}; columns are {list(raw.columns)}"
        )
    units = raw[unit_col].str.strip()
    blank = units == ""
    if blank.any():
        row = int(np.flatnonzero(blank.to_numpy())[0]) + 2
        raise ImportError_("empty unit name", Location(str(file), row, unit_col, ""))
    dup = units.duplicated()
    if dup.any():
        row = int(np.flatnonzero(dup.to_numpy())[0]) + 2
        raise ImportError_(
            "unit appears twice", Location(str(file), row, unit_col, units[dup].iloc[0])
        )
    out = pd.DataFrame(index=pd.Index(units, name="unit"))
    for col in raw.columns:
        if col == unit_col:
            continue
        text = raw[col].str.strip()
        values = pd.to_numeric(text.where(text != "", None), errors="coerce")
        bad = values.isna() & (text != "")
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise ImportError_("not a number", Location(str(file), row, col, raw[col][bad].iloc[0]))
        out[col] = values.to_numpy(dtype=np.float64)
    return out
