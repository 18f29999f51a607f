"""From a parsed file to one import batch: checks first, then one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from aimaq.data.importers.checks import check_indicators, check_non_negative, check_periods_valid
from aimaq.data.importers.observations import ImportReport, Unmatched, flag_counts
from aimaq.data.store import OBSERVATION_COLUMNS, Store
from aimaq.errors import ImportError_, Location

# written when a parser sets them: the border basis of each row (default as published)
_OPTIONAL_COLUMNS = {"border_basis"}


@dataclass
class ParsedFile:
    """What a parser read from one file, ready to be checked and written.

    ``frame`` has the columns of :data:`~aimaq.data.importers.observations.FRAME_COLUMNS`;
    ``unmatched`` lists territory names left out on request (never silently);
    ``left_out`` counts cells read but not stored, by reason (e.g. ``no_unit``);
    ``indicators`` and ``dimension_codes`` are catalogue rows and code names the file
    brings; ``notes`` are what the import says beside its counts (comparability, rules
    applied).
    """

    frame: pd.DataFrame
    source: str
    sha256: str
    importer: str
    attribution: str | None = None
    unmatched: tuple[Unmatched, ...] = ()
    territories: pd.DataFrame | None = field(default=None)
    left_out: dict[str, int] = field(default_factory=dict)
    indicators: pd.DataFrame | None = field(default=None)
    dimension_codes: pd.DataFrame | None = field(default=None)
    notes: tuple[str, ...] = ()


def write_parsed(store: Store, parsed: ParsedFile) -> ImportReport:
    """Check a parsed file against the database and write it as one batch.

    A file with no figures to store is an error, not an empty batch. Re-importing a file
    with the same SHA-256 writes nothing and says so. Any failed
    check raises :class:`~aimaq.errors.ImportError_` before the transaction starts, and
    the store's own checks (conflicting duplicates, unknown codes) roll it back, so the
    database is unchanged on every error.
    """
    frame = parsed.frame
    if frame.empty:
        # an empty batch would say "imported" about a file that brought nothing
        left = sum(parsed.left_out.values()) + len(parsed.unmatched)
        why = (
            f"all {left} figure(s) or name(s) read were left out (see the unmatched names)"
            if left
            else "the file has no data rows"
        )
        raise ImportError_(f"nothing to import: {why}", Location(parsed.source))
    existing = store.batch_for_sha(parsed.sha256)
    if existing is not None:
        return ImportReport(
            existing,
            0,
            skipped=True,
            reason="already imported (same SHA-256)",
            source=parsed.source,
            format=parsed.importer,
            parsed=len(frame),
            flags={**flag_counts(frame), **parsed.left_out},
            unmatched=parsed.unmatched,
        )
    brought = set() if parsed.indicators is None else set(parsed.indicators["id"])
    check_indicators(store, frame[~frame["indicator_id"].isin(brought)], parsed.source)
    check_periods_valid(store, frame, parsed.source)
    check_non_negative(store, frame, parsed.source)
    result = store.write_observations(
        frame[[*OBSERVATION_COLUMNS, "ref", *_OPTIONAL_COLUMNS.intersection(frame.columns)]],
        source=parsed.source,
        sha256=parsed.sha256,
        importer=parsed.importer,
        attribution=parsed.attribution,
        territories=parsed.territories,
        indicators=parsed.indicators,
        dimension_codes=parsed.dimension_codes,
    )
    return ImportReport(
        result.batch_id,
        result.rows,
        skipped=result.skipped,
        reason=result.reason,
        source=parsed.source,
        format=parsed.importer,
        parsed=len(frame),
        flags={**flag_counts(frame), **parsed.left_out},
        unmatched=parsed.unmatched,
        notes=parsed.notes,
    )
