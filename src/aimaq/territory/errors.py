"""Errors of name and code resolution."""

from __future__ import annotations

from aimaq.errors import AimaqError

__all__ = ["AmbiguousTerritory", "UnknownTerritory"]


class UnknownTerritory(AimaqError, LookupError):
    """No territory answers to a name or code.

    Attributes
    ----------
    name : str
        The name as given.
    candidates : list of str
        Up to five closest known names, each as ``"name (kato)"``.
    searched : bool
        Whether close names were looked for: then an empty list says "no close name".
    """

    def __init__(
        self,
        name: str,
        candidates: list[str] | None = None,
        reason: str = "",
        *,
        searched: bool = False,
    ) -> None:
        self.name = name
        self.candidates = list(candidates or [])
        message = f"unknown territory {name!r}"
        if reason:
            message += f": {reason}"
        if self.candidates:
            message += "; closest known: " + ", ".join(self.candidates)
        elif searched:
            message += "; no close name"
        super().__init__(message)


class AmbiguousTerritory(AimaqError, LookupError):
    """A name fits several territories; a parent, level, date or term id decides.

    Attributes
    ----------
    name : str
        The name as given.
    candidates : list of str
        The KATO codes that fit.
    """

    def __init__(self, name: str, candidates: list[str], labels: list[str] | None = None) -> None:
        self.name = name
        self.candidates = list(candidates)
        shown = labels or self.candidates
        super().__init__(
            f"territory name {name!r} fits {len(self.candidates)} units: "
            + ", ".join(shown)
            + "; pass parent= (a region or district code), level= or on= to choose"
        )
