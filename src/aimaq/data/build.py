"""Build a database from what ships with aimaq: territories, the catalogue, the official dataset.

:func:`init_database` is what ``aimaq init`` runs. It is idempotent: embedded sources are
import batches keyed by the SHA-256 of their files, so a second run adds nothing; and it
runs in one transaction, so an interrupted run leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from aimaq.data.catalogue import Catalogue, load_catalogue
from aimaq.data.datasets import embedded_sources, load_source
from aimaq.data.datasets.derived import derive_all
from aimaq.data.store import Store, sha256_of_bytes
from aimaq.territory import territory_frames

#: ``progress(step, done, total)`` is called after each step of the build.
Progress = Callable[[str, int, int], None]
IMPORTER = "aimaq.data.build (embedded dataset)"
DERIVED_SOURCE = "aimaq:kz/derived"
DERIVED_IMPORTER = "aimaq.data.datasets.derived"
DERIVED_ATTRIBUTION = (
    "Computed by aimaq from the embedded official BNS figures (district areas and distances "
    "from the geokz district polygons, Alexander Rodionov, CC BY 4.0); each indicator's "
    "formula and inputs are in the catalogue (aimaq indicators)"
)


@dataclass(frozen=True)
class InitSummary:
    """What a database holds after :func:`init_database`, and what this run added.

    Attributes
    ----------
    territories
        Number of territories by level (country, region, district, okrug, settlement).
    indicators
        Number of catalogue entries.
    observations
        Number of stored observations.
    batches
        Number of import batches (lineage rows).
    new_batches, new_rows
        Batches and observations written by this run (0 on a repeated run).
    """

    territories: dict[str, int] = field(default_factory=dict)
    indicators: int = 0
    observations: int = 0
    batches: int = 0
    new_batches: int = 0
    new_rows: int = 0

    def as_dict(self) -> dict[str, object]:
        """Plain values, for JSON output."""
        return {
            "territories": dict(self.territories),
            "indicators": self.indicators,
            "observations": self.observations,
            "batches": self.batches,
            "new_batches": self.new_batches,
            "new_rows": self.new_rows,
        }


def build_steps() -> int:
    """Number of progress steps of :func:`init_database` (for a progress bar's total)."""
    return 3 + len(embedded_sources())


def load_territories(store: Store) -> dict[str, int]:
    """Replace the territory tables with the shipped KATO tree and history."""
    frames = territory_frames()
    with store.transaction():
        store.replace_rows("territory", frames.territory)
        store.replace_rows("territory_alias", frames.alias)
        store.replace_rows("territory_change", frames.change)
        # shipped tags are replaced; imported ones (with a batch) are kept
        store.replace_rows("territory_tag", frames.tag, where="batch_id is null")
    return {str(k): int(v) for k, v in frames.territory["level"].value_counts().items()}


def derived_observations(official: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The derived indicators and the SHA-256 of their canonical CSV (the batch key)."""
    derived = derive_all(official)
    text = derived.to_csv(index=False, lineterminator="\n", float_format="%.12g")
    return derived, sha256_of_bytes(text.encode("utf-8"))


def init_database(
    store: Store, *, progress: Progress | None = None, catalogue: Catalogue | None = None
) -> InitSummary:
    """Migrate ``store`` and load territories, the catalogue and the embedded dataset.

    Parameters
    ----------
    store
        A writable store (new or already initialised).
    progress
        Called as ``progress(step, done, total)`` after each step.
    catalogue
        The indicator catalogue; ``None`` loads the shipped one.

    Returns
    -------
    InitSummary
        Counts of what the database holds and what this run added.

    Examples
    --------
    >>> store = Store(":memory:")
    >>> summary = init_database(store)
    >>> summary.territories["region"], summary.new_batches > 30
    (21, True)
    >>> init_database(store).new_rows
    0
    """
    report = progress or (lambda step, done, total: None)
    sources = embedded_sources()
    total = 3 + len(sources)
    done = 0
    new_batches = 0
    new_rows = 0
    catalogue = catalogue or load_catalogue()
    store.migrate()
    with store.transaction():
        load_territories(store)
        done += 1
        report("territories", done, total)
        store.upsert_indicators(catalogue.frame())
        done += 1
        report("catalogue", done, total)
        missing = [s.source_id for s in sources if store.batch_for_sha(s.sha256) is None]
        rederive = bool(missing) or not _has_batch(store, DERIVED_SOURCE)
        loaded: list[pd.DataFrame] = []
        for source in sources:
            if source.source_id in missing or rederive:
                frame = load_source(source.source_id)
                loaded.append(frame)
            if source.source_id in missing:
                result = store.write_observations(
                    frame.drop(columns=["source_id"]),
                    source=source.name,
                    sha256=source.sha256,
                    importer=IMPORTER,
                    attribution=source.attribution,
                )
                new_batches += 1
                new_rows += result.rows
            done += 1
            report(source.source_id, done, total)
        if rederive:
            derived, sha = derived_observations(pd.concat(loaded, ignore_index=True))
            result = store.write_observations(
                derived,
                source=DERIVED_SOURCE,
                sha256=sha,
                importer=DERIVED_IMPORTER,
                attribution=DERIVED_ATTRIBUTION,
            )
            if not result.skipped:
                new_batches += 1
                new_rows += result.rows
        done += 1
        report("derived", done, total)
    return summarise(store, new_batches=new_batches, new_rows=new_rows)


def _has_batch(store: Store, source: str) -> bool:
    found = store.query("select count(*) as n from import_batch where source = ?", [source])
    return bool(found.n[0])


def summarise(store: Store, *, new_batches: int = 0, new_rows: int = 0) -> InitSummary:
    """Counts of what ``store`` holds."""
    levels = store.query("select level, count(*) as n from territory group by level order by level")
    counts = store.query(
        "select (select count(*) from indicator) as i, (select count(*) from observation) as o, "
        "(select count(*) from import_batch) as b"
    )
    return InitSummary(
        territories={str(r["level"]): int(r["n"]) for r in levels.to_dict("records")},
        indicators=int(counts.i[0]),
        observations=int(counts.o[0]),
        batches=int(counts.b[0]),
        new_batches=new_batches,
        new_rows=new_rows,
    )
