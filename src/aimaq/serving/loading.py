"""Building the dashboard's data in a background thread, so ``aimaq serve`` answers at once.

The first page (a "Loading data…" notice) needs nothing from the database. The parts of
the data (:data:`aimaq.serving.data.PARTS`) and the geometry of the maps (:data:`GEOMETRY`)
are then built one after another in one background thread, the parts of the tab being
looked at first (:meth:`Loader.want`), and kept for the life of the process. A part that
cannot be built keeps its reason, and the page that needs it says so.

The parts are read from a snapshot of the database file, copied once at start while a
read-only connection holds the file (so the copy is a consistent state, taken as any
reader would wait for a writer): the dashboard then holds no lock on the user's file,
an import can run while the parts are built, and the dashboard serves the state of its
start until it is restarted. Pages that read the database on demand (the shock scenario,
the strategy) read the same snapshot; it is removed when the process ends.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from aimaq.data.store import Store, default_path
from aimaq.errors import AimaqError
from aimaq.serving.data import PARTS, DashboardData, load_part

__all__ = ["ABSENT", "FAILED", "GEOMETRY", "PENDING", "READY", "Loader", "PartState"]

log = logging.getLogger(__name__)

PENDING, READY, ABSENT, FAILED = "pending", "ready", "absent", "failed"


def _regions() -> None:
    from aimaq.serving.figures import region_outlines

    region_outlines()


def _districts() -> None:
    from aimaq.serving.pages.districts import warm

    warm()


#: Map geometry, read from the packaged polygons (not the database), cached in memory.
GEOMETRY: dict[str, Callable[[], None]] = {"regions": _regions, "districts": _districts}
#: The order of building when no tab asks for a part first.
ORDER: tuple[str, ...] = ("core", "regions", "towns", "kpi", "srs", "planning", "districts")


@dataclass(frozen=True)
class PartState:
    """Where one part stands: ``pending``, ``ready``, ``absent`` (the database cannot
    give it, with the reason) or ``failed`` (an error, with its message)."""

    state: str
    reason: str = ""
    seconds: float = 0.0

    @property
    def final(self) -> bool:
        return self.state != PENDING


def combine(states: Iterable[PartState]) -> PartState:
    """The state of a page from the states of the parts it needs: the first failure,
    else the first absence, else pending while any part is, else ready.

    Examples
    --------
    >>> combine([PartState(READY), PartState(PENDING)]).state
    'pending'
    >>> combine([PartState(PENDING), PartState(ABSENT, "no registry")]).reason
    'no registry'
    >>> combine([]).state
    'ready'
    """
    listed = list(states)
    for kind in (FAILED, ABSENT, PENDING):
        for s in listed:
            if s.state == kind:
                return s
    return PartState(READY)


class Loader:
    """The parts of one :class:`DashboardData`, built in a background thread.

    Examples
    --------
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> from aimaq.serving.data import load_dashboard_data
    >>> Loader.loaded(load_dashboard_data(store)).state("srs").state
    'ready'
    """

    def __init__(self, data: DashboardData, db: str | Path | None) -> None:
        self.data = data
        self._db = db
        self._lock = threading.Lock()
        self._queue: list[str] = list(ORDER)
        self._states: dict[str, PartState] = {p: PartState(PENDING) for p in ORDER}
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self.started = time.perf_counter()

    @classmethod
    def loaded(cls, data: DashboardData) -> Loader:
        """A loader for data already read in full (every part ready; geometry is then
        read on first use)."""
        loader = cls(data, None)
        loader._queue = []
        loader._states = {p: PartState(READY) for p in ORDER}
        loader._done.set()
        return loader

    def start(self) -> Loader:
        """Start the background thread (once)."""
        if self._thread is None and not self._done.is_set():
            self._thread = threading.Thread(target=self._run, name="aimaq-loader", daemon=True)
            self._thread.start()
        return self

    def state(self, part: str) -> PartState:
        with self._lock:
            return self._states[part]

    def page_state(self, needs: Iterable[str]) -> PartState:
        """The combined state of the parts a page needs."""
        with self._lock:
            return combine(self._states[p] for p in needs)

    def states(self) -> dict[str, PartState]:
        with self._lock:
            return dict(self._states)

    def want(self, parts: Iterable[str]) -> None:
        """Build these parts next (a tab is waiting for them)."""
        wanted = [p for p in parts if p in self._states]
        with self._lock:
            front = [p for p in wanted if p in self._queue]
            self._queue = front + [p for p in self._queue if p not in front]

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every part is built or has failed; ``False`` on timeout."""
        return self._done.wait(timeout)

    def _next(self) -> str | None:
        with self._lock:
            return self._queue.pop(0) if self._queue else None

    def _set(self, part: str, state: PartState) -> None:
        with self._lock:
            self._states[part] = state

    def _db_parts_left(self) -> bool:
        with self._lock:
            return any(p in PARTS for p in self._queue)

    def _snapshot(self, folder: Path) -> Path:
        """Copy the database file (and a write-ahead log, if any) into ``folder`` while a
        read-only connection holds it, and return the copy's path."""
        source = Path(self._db) if self._db is not None else default_path()
        target = folder / source.name
        with Store.open(source):  # waits like any reader; refuses a missing file
            shutil.copyfile(source, target)
            wal = Path(f"{source}.wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{target}.wal"))
        return target

    def _run(self) -> None:
        store: Store | None = None
        folder = Path(tempfile.mkdtemp(prefix="aimaq-serve-"))
        atexit.register(shutil.rmtree, folder, True)
        snapshot: Path | None = None
        try:
            while (part := self._next()) is not None:
                t0 = time.perf_counter()
                try:
                    if part in GEOMETRY:
                        GEOMETRY[part]()
                    else:
                        if snapshot is None:
                            snapshot = self._snapshot(folder)
                        if store is None:
                            store = Store.open(snapshot)
                        load_part(store, self.data, part)
                    state = PartState(READY, seconds=time.perf_counter() - t0)
                except AimaqError as exc:
                    state = PartState(ABSENT, str(exc), time.perf_counter() - t0)
                except Exception as exc:  # shown on the page that needs the part
                    log.exception("dashboard data part %s failed", part)
                    state = PartState(FAILED, f"{type(exc).__name__}: {exc}")
                self._set(part, state)
                if store is not None and not self._db_parts_left():
                    store.close()
                    store = None
        finally:
            if store is not None:
                store.close()
            self._done.set()

    def summary(self) -> dict[str, object]:
        """JSON-ready: each part's state, reason and build time, and whether all are done."""
        return {
            "done": self._done.is_set(),
            "parts": {
                p: {"state": s.state, "reason": s.reason, "seconds": round(s.seconds, 3)}
                for p, s in self.states().items()
            },
        }
