"""From a parsed file to one import batch: checks first, then one transaction.

A parser gives either the whole frame (small official tables) or an iterator of chunks
(tidy files of any size); chunks are checked and staged one by one inside the one
transaction, so a large file never sits in memory whole and a bad last row still leaves
the database as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from aimaq.data.importers.checks import Checks
from aimaq.data.importers.observations import ImportReport, Unmatched
from aimaq.data.store import OBSERVATION_COLUMNS, Store
from aimaq.errors import ImportError_, Location

# written when a parser sets them: the border basis of each row (default as published)
_OPTIONAL_COLUMNS = {"border_basis"}
#: Rows per chunk of a streamed file.
CHUNK_ROWS = 25_000
Progress = Callable[[int], None]


@dataclass
class ParsedFile:
    """What a parser read from one file, ready to be checked and written.

    ``frame`` has the columns of :data:`~aimaq.data.importers.observations.FRAME_COLUMNS`;
    a streaming parser leaves it empty and gives ``chunks`` (frames of the same columns,
    read lazily: a parse error surfaces while the batch is written, and rolls it back);
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
    chunks: Iterable[pd.DataFrame] | None = None
    encoding: str | None = None


def write_parsed(
    store: Store,
    parsed: ParsedFile,
    *,
    allow_future: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a parsed file against the database and write it as one batch.

    A file with no figures to store is an error, not an empty batch. Re-importing a file
    with the same SHA-256 writes nothing and says so; a file whose every row is already
    stored records no batch and says "nothing new". Any failed check raises
    :class:`~aimaq.errors.ImportError_` and the transaction is rolled back, so the
    database is unchanged on every error.
    """
    existing = store.batch_for_sha(parsed.sha256)
    if existing is not None:
        return _report(parsed, existing, 0, True, "already imported (same SHA-256)", 0, Counter())
    checks = Checks(store, parsed.source, allow_future=allow_future, brought=parsed.indicators)
    flags: Counter[str] = Counter()
    seen = [0]

    def checked() -> Iterator[pd.DataFrame]:
        source = [parsed.frame] if parsed.chunks is None else parsed.chunks
        for chunk in source:
            if chunk.empty:
                continue
            checks(chunk)
            flags.update(f for f in chunk["flag"] if f)
            seen[0] += len(chunk)
            if progress is not None:
                progress(seen[0])
            optional = _OPTIONAL_COLUMNS.intersection(chunk.columns)
            yield chunk[[*OBSERVATION_COLUMNS, "ref", "flag", *optional]]
        if not seen[0]:
            # an empty batch would say "imported" about a file that brought nothing
            left = sum(parsed.left_out.values()) + len(parsed.unmatched)
            why = (
                f"all {left} figure(s) or name(s) read were left out (see the unmatched names)"
                if left
                else "the file has no data rows"
            )
            raise ImportError_(f"nothing to import: {why}", Location(parsed.source))

    result = store.write_observations(
        checked(),
        source=parsed.source,
        sha256=parsed.sha256,
        importer=parsed.importer,
        attribution=parsed.attribution,
        territories=parsed.territories,
        indicators=parsed.indicators,
        dimension_codes=parsed.dimension_codes,
    )
    return _report(
        parsed, result.batch_id, result.rows, result.skipped, result.reason, seen[0], flags
    )


def _report(
    parsed: ParsedFile,
    batch_id: int | None,
    rows: int,
    skipped: bool,
    reason: str,
    read: int,
    flags: Counter[str],
) -> ImportReport:
    if parsed.chunks is None and not read:
        read = len(parsed.frame)
        flags = Counter(f for f in parsed.frame.get("flag", ()) if f)
    return ImportReport(
        batch_id,
        rows,
        skipped=skipped,
        reason=reason,
        source=parsed.source,
        format=parsed.importer,
        parsed=read,
        flags={**dict(sorted(flags.items())), **parsed.left_out},
        unmatched=parsed.unmatched,
        encoding=parsed.encoding,
        notes=parsed.notes,
    )
