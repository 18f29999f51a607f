"""The official dataset shipped with aimaq: tidy observations, one compressed CSV per source.

The files live in ``aimaq/data/datasets/kz/`` and are produced by
``scripts/build_dataset.py`` from the BNS tables; ``sources.csv`` cites each source.
Columns of every observation file: ``kato, indicator_id, period, value, dims, source_id``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

import pandas as pd

from aimaq.data.store import sha256_of_bytes
from aimaq.errors import AimaqError

DATASET = "kz"
OBSERVATION_COLUMNS = ["kato", "indicator_id", "period", "value", "dims", "source_id"]
SOURCE_COLUMNS = ["source_id", "publisher", "title", "original_file", "url", "licence", "rows"]
_DTYPES = {
    "kato": str, "indicator_id": str, "period": str, "dims": str, "source_id": str,
    "border_basis": str,
}  # fmt: skip


@dataclass(frozen=True)
class EmbeddedSource:
    """One source of the embedded dataset and its observations file.

    Attributes
    ----------
    source_id, publisher, title, original_file, url, licence
        The citation, as in ``sources.csv``.
    rows
        Number of observations in the file.
    sha256
        SHA-256 of the compressed file: the lineage key of its import batch.
    """

    source_id: str
    publisher: str
    title: str
    original_file: str
    url: str
    licence: str
    rows: int
    sha256: str

    @property
    def attribution(self) -> str:
        """How the source is cited in the lineage table."""
        return f"{self.publisher}: {self.title} ({self.original_file}; {self.url}; licence: {self.licence})"

    @property
    def name(self) -> str:
        """The import batch's source name."""
        return f"aimaq:{DATASET}/{self.source_id}"


def _folder() -> Traversable:
    return resources.files("aimaq.data.datasets") / DATASET


def sources() -> pd.DataFrame:
    """The citation table ``sources.csv`` of the embedded dataset.

    Examples
    --------
    >>> "taldau_grp_2709379" in set(sources().source_id)
    True
    """
    entry = _folder() / "sources.csv"
    if not entry.is_file():
        raise AimaqError(f"the embedded dataset is missing {entry}; reinstall aimaq")
    frame = pd.read_csv(io.StringIO(entry.read_text(encoding="utf-8")), dtype=str)
    frame["rows"] = frame["rows"].astype(int)
    return frame[SOURCE_COLUMNS]


def embedded_sources() -> list[EmbeddedSource]:
    """Every source with its file's SHA-256, in the order of ``sources.csv``.

    Examples
    --------
    >>> len(embedded_sources()[0].sha256)
    64
    """
    out = []
    for rec in sources().to_dict("records"):
        source_id = str(rec["source_id"])
        out.append(
            EmbeddedSource(
                source_id=source_id,
                publisher=str(rec["publisher"]),
                title=str(rec["title"]),
                original_file=str(rec["original_file"]),
                url=str(rec["url"]),
                licence=str(rec["licence"]),
                rows=int(rec["rows"]),
                sha256=sha256_of_bytes(_file_bytes(source_id)),
            )
        )
    return out


def _file_bytes(source_id: str) -> bytes:
    entry = _folder() / f"{source_id}.csv.gz"
    if not entry.is_file():
        raise AimaqError(f"the embedded dataset has no file for source {source_id!r}")
    return entry.read_bytes()


def load_source(source_id: str) -> pd.DataFrame:
    """The observations of one embedded source.

    Examples
    --------
    ``border_basis`` is ``as_published`` unless the file says otherwise (the SDG platform's
    recalculated rows).

    >>> frame = load_source("taldau_grp_2709379")
    >>> sorted(frame.columns) == sorted([*OBSERVATION_COLUMNS, "border_basis"])
    True
    """
    data = _file_bytes(source_id)
    frame = pd.read_csv(io.BytesIO(data), compression="gzip", dtype=_DTYPES, keep_default_na=False)
    frame["value"] = pd.to_numeric(frame["value"], errors="raise").astype("float64")
    missing = [c for c in OBSERVATION_COLUMNS if c not in frame.columns]
    if missing:
        raise AimaqError(f"embedded file {source_id}.csv.gz lacks column(s) {missing}")
    if "border_basis" not in frame.columns:
        frame["border_basis"] = "as_published"
    return frame[[*OBSERVATION_COLUMNS, "border_basis"]]


def load_observations(indicator_id: str | None = None) -> pd.DataFrame:
    """All embedded observations (optionally of one indicator), without a database.

    Examples
    --------
    >>> pop = load_observations("population_jan1")
    >>> int(pop[(pop.kato == "000000000") & (pop.dims == "{}")].value.iloc[0])
    19765004
    """
    frames = [load_source(s) for s in sources().source_id]
    frame = pd.concat(frames, ignore_index=True)
    if indicator_id is not None:
        frame = frame[frame.indicator_id == indicator_id].reset_index(drop=True)
    return frame
