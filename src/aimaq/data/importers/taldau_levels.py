"""Which territorial level a Taldau answer covers, checked before anything is stored.

Taldau keys district data by the term ids of its district list (the 228 district-level
units, ``aimaq.territory`` ``taldau_terms.csv``, level ``district``); an answer asked for
districts that holds none of them (the breakdown was not in the answer) is refused.
"""

from __future__ import annotations

from aimaq.data.importers.pipeline import ParsedFile
from aimaq.data.store import Store
from aimaq.errors import Advice, ImportError_, Location

__all__ = ["levels_of", "require_level"]

LEVELS = ("region", "district")


def levels_of(store: Store, katos: list[str]) -> dict[str, int]:
    """Number of distinct units by territory level among ``katos``."""
    if not katos:
        return {}
    marks = ", ".join("?" * len(katos))
    found = store.query(
        f"select level, count(*) as n from territory where kato in ({marks}) group by level",
        katos,
    )
    return {str(lv): int(n) for lv, n in zip(found.level, found.n, strict=True)}


def require_level(store: Store, parsed: ParsedFile, level: str, source: str) -> None:
    """Raise :class:`ImportError_` when ``parsed`` holds no unit of ``level``.

    Units of other levels (the regions and the Republic that Taldau prints beside the
    districts) are kept; the answer's count by level is added to the import notes.
    """
    if level not in LEVELS:
        raise ImportError_(f"must be one of {', '.join(LEVELS)}; got {level!r}", argument="level")
    katos = sorted(set(parsed.frame.kato.astype(str))) if len(parsed.frame) else []
    counts = levels_of(store, katos)
    if not counts.get(level):
        held = ", ".join(f"{n} {lv}" for lv, n in sorted(counts.items())) or "no units"
        raise ImportError_(
            f"asked for {level} figures, but the answer holds {held}: none of the Taldau "
            f"{level} term ids is in it",
            Location(source),
            advice=Advice.taldau_breakdown,
        )
    parsed.notes = (
        *parsed.notes,
        "units by level: " + ", ".join(f"{lv} {n}" for lv, n in sorted(counts.items())),
    )
