"""The long observation frame every importer produces, and what an import reports.

Columns: ``kato, indicator_id, period, value, dims`` (what the store keeps), ``ref``
(where the row came from: ``"record 3, periods[5]"``, ``"sheet 02 row 14"``) and ``flag``
(the BNS mark behind a value: ``absent``, ``confidential``, ``no_data``; empty otherwise)
and ``raw`` (the value as written in the file where the stored one differs, e.g. before a
change of unit; empty otherwise), so messages quote the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from aimaq.data.store import ImportResult, canonical_dims

FRAME_COLUMNS = ["kato", "indicator_id", "period", "value", "dims", "ref", "flag", "raw"]


@dataclass(frozen=True)
class Unmatched:
    """A territory name an importer could not map to a KATO code."""

    name: str
    ref: str
    parent: str | None = None
    candidates: tuple[str, ...] = ()

    def describe(self) -> str:
        where = f" under {self.parent}" if self.parent else ""
        close = (
            f" (closest: {', '.join(self.candidates)})" if self.candidates else " (no close name)"
        )
        return f"{self.name!r}{where} at {self.ref}{close}"


@dataclass(frozen=True)
class ImportReport(ImportResult):
    """What an import wrote, and what it read but did not store.

    ``rows`` is the number of new observations written (0 for a re-import);
    ``parsed`` the number of observations read from the file; ``flags`` counts values
    behind BNS marks; ``unmatched`` lists territory names left out on request
    (``skip_unmatched=True``), each with its place in the file and the closest names.
    """

    source: str = ""
    format: str = ""
    parsed: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    unmatched: tuple[Unmatched, ...] = ()
    notes: tuple[str, ...] = ()
    encoding: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (for ``aimaq import --format json``)."""
        return {
            "source": self.source,
            "format": self.format,
            "batch_id": self.batch_id,
            "rows": self.rows,
            "parsed": self.parsed,
            "skipped": self.skipped,
            "reason": self.reason,
            "flags": dict(self.flags),
            **({"encoding": self.encoding} if self.encoding else {}),
            "unmatched": [
                {"name": u.name, "ref": u.ref, "parent": u.parent, "candidates": list(u.candidates)}
                for u in self.unmatched
            ],
            "notes": list(self.notes),
        }


class FrameBuilder:
    """Collects observation rows one by one and turns them into the long frame.

    Examples
    --------
    >>> b = FrameBuilder()
    >>> b.add("190000000", "grp", "2022", 1.5, {"area": "urban"}, "record 1")
    >>> b.frame()[["kato", "period", "value", "dims"]].values.tolist()
    [['190000000', '2022', 1.5, '{"area":"urban"}']]
    """

    def __init__(self) -> None:
        self._rows: list[tuple[str, str, str, float | None, str, str, str, str]] = []
        self._dims: dict[frozenset[tuple[str, str]], str] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def add(
        self,
        kato: str,
        indicator_id: str,
        period: str,
        value: float | None,
        dims: dict[str, str] | None,
        ref: str,
        flag: str | None = None,
        raw: str | None = None,
    ) -> None:
        self._rows.append(
            (kato, indicator_id, period, value, self._canonical(dims), ref, flag or "", raw or "")
        )

    def _canonical(self, dims: dict[str, str] | None) -> str:
        if not dims:
            return "{}"
        key = frozenset(dims.items())  # most files repeat a handful of breakdowns
        found = self._dims.get(key)
        if found is None:
            found = self._dims[key] = canonical_dims(dims)
        return found

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self._rows, columns=FRAME_COLUMNS)
        frame["value"] = frame["value"].astype("float64")
        return frame

    def take(self) -> pd.DataFrame:
        """The rows collected so far as a frame, and start afresh (for chunked reading)."""
        frame = self.frame()
        self._rows = []
        return frame


def flag_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many rows carry each flag."""
    if "flag" not in frame.columns:
        return {}
    return dict(sorted(Counter(f for f in frame["flag"] if f).items()))
