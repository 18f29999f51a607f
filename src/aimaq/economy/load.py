"""Loading values by sector from a file: the import path for employment or value added by
OKED section (BNS publishes both by region; no public machine-readable copy is shipped).

The file is a CSV (or Excel) in the layout of ``templates/sector_values.csv``: columns
``kato`` (9-digit KATO), ``period`` (``YYYY``), ``sector`` (``A``-``U``, a broad group, or
``total``) and ``value``. Every row is checked before anything is written (unknown codes,
negative or missing values, sectors adding up to more than their group or total), and the
rows are written in one transaction: all or nothing.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from aimaq.data.store import ImportResult, Store, sha256_of
from aimaq.economy.panel import check_sector_values, sector_rows
from aimaq.errors import Advice, ImportError_, Location, ValidationError

__all__ = ["COLUMNS", "load_sector_file", "read_sector_file", "template_path"]

COLUMNS = ("kato", "period", "sector", "value")


def template_path() -> Path:
    """The shipped template file."""
    return Path(str(resources.files("aimaq.economy") / "templates" / "sector_values.csv"))


def read_sector_file(path: str | Path) -> pd.DataFrame:
    """The checked rows of a sector file, with ``ref`` (``row N`` of the file)."""
    file = Path(path)
    if not file.is_file():
        raise ImportError_("no such file", Location(str(file)))
    try:
        if file.suffix.lower() in {".xlsx", ".xls"}:
            frame = pd.read_excel(file, dtype=str)
        else:
            frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as exc:
        raise ImportError_(f"cannot be read: {exc}", Location(str(file))) from exc
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ImportError_(
            f"missing column(s) {missing}; the layout is that of {template_path().name}",
            Location(str(file)),
        )
    frame = frame[list(COLUMNS)].copy()
    frame["ref"] = [f"row {i + 2}" for i in range(len(frame))]  # row 1 is the header
    frame["kato"] = frame["kato"].str.strip()
    frame["sector"] = frame["sector"].str.strip()
    bad_kato = ~frame["kato"].str.fullmatch(r"\d{9}")
    if bad_kato.any():
        i = int(bad_kato.to_numpy().nonzero()[0][0])
        raise ImportError_(
            "KATO codes have 9 digits",
            Location(str(file), frame["ref"].iloc[i], "kato", frame["kato"].iloc[i]),
        )
    try:
        check_sector_values(frame, where=str(file))
    except ValidationError as exc:
        raise ImportError_(str(exc)) from exc
    frame["value"] = pd.to_numeric(frame["value"])
    return frame


def load_sector_file(
    store: Store, path: str | Path, *, indicator: str = "employment"
) -> ImportResult:
    """Check ``path`` and write its rows as observations of ``indicator`` by sector."""
    known = store.query("select id from indicator where id = ?", [indicator])
    if known.empty:
        raise ValidationError(f"unknown indicator {indicator!r}", advice=Advice.indicators)
    frame = read_sector_file(path)
    # with what is stored for the same units and years, the parts must still fit their totals
    stored = sector_rows(store, indicator)
    keys = set(zip(frame["kato"], frame["period"].str.strip(), strict=True))
    stored = stored[[(k, p) in keys for k, p in zip(stored["kato"], stored["period"], strict=True)]]
    given = set(zip(frame["kato"], frame["period"].str.strip(), frame["sector"], strict=True))
    stored = stored[
        [
            (k, p, c) not in given
            for k, p, c in zip(stored["kato"], stored["period"], stored["sector"], strict=True)
        ]
    ]
    if len(stored):
        both = pd.concat(
            [frame, stored.assign(ref="stored")[["kato", "period", "sector", "value", "ref"]]],
            ignore_index=True,
        )
        try:
            check_sector_values(both, where=f"{path} with the stored {indicator}")
        except ValidationError as exc:
            raise ImportError_(str(exc)) from exc
    dims = [{} if s == "total" else {"sector": s} for s in frame["sector"]]
    rows = pd.DataFrame(
        {
            "kato": frame["kato"],
            "indicator_id": indicator,
            "period": frame["period"].str.strip(),
            "value": frame["value"],
            "dims": dims,
            "ref": frame["ref"],
        }
    )
    return store.write_observations(
        rows,
        source=str(path),
        sha256=sha256_of(path),
        importer="aimaq.economy.load",
        attribution=f"values by sector from {Path(path).name}",
    )
