"""The closest known names to an unknown one, fast enough to ask on every failed lookup.

A full :func:`difflib.get_close_matches` over the ~17,000 lookup keys of the KATO tree
costs about a tenth of a second per name (more on a loaded machine), and a file with a
few hundred unknown names would wait minutes for its error message. A character-trigram
index shortlists the keys that share the most trigrams with the name; difflib's ratio
then ranks only that shortlist, so the names shown are the ones difflib would rank
first among them.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from aimaq.territory.names import core

__all__ = ["CloseNames"]


def _grams(key: str) -> set[str]:
    # the kind marker ("#village") is shared by thousands of keys and says nothing
    text = f" {core(key)} "
    return {text[i : i + 3] for i in range(len(text) - 2)}


class CloseNames:
    """Closest lookup keys to a key, by a trigram shortlist and difflib's ratio.

    Parameters
    ----------
    keys : iterable of str
        The known keys (normalised names).
    shortlist : int
        How many keys sharing the most trigrams difflib ranks.

    Examples
    --------
    >>> names = CloseNames(["круглоозерное #village", "караауыл #village", "актобе"])
    >>> names.closest("круглоозерный #village")
    ['круглоозерное #village']
    """

    def __init__(self, keys: Iterable[str], shortlist: int = 300) -> None:
        self._keys = list(dict.fromkeys(keys))
        self._shortlist = shortlist
        self._index: dict[str, list[int]] | None = None

    def _postings(self) -> dict[str, list[int]]:
        if self._index is None:  # built on the first failed lookup, then kept
            index: dict[str, list[int]] = defaultdict(list)
            for position, key in enumerate(self._keys):
                for gram in _grams(key):
                    index[gram].append(position)
            self._index = dict(index)
        return self._index

    def closest(
        self,
        key: str,
        n: int = 5,
        cutoff: float = 0.6,
        keep: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """Up to ``n`` known keys closest to ``key`` (difflib ratio >= ``cutoff``).

        Parameters
        ----------
        key : str
            A normalised name.
        n : int
            At most this many keys.
        cutoff : float
            The least :class:`difflib.SequenceMatcher` ratio shown.
        keep : callable, optional
            Only keys for which it returns true (e.g. units under a given parent).

        Returns
        -------
        list of str
            Best first.
        """
        postings = self._postings()
        shared: Counter[int] = Counter()
        for gram in _grams(key):
            shared.update(postings.get(gram, ()))
        ranked = (self._keys[position] for position, _ in shared.most_common())
        pool: list[str] = []
        for candidate in ranked:
            if keep is None or keep(candidate):
                pool.append(candidate)
                if len(pool) >= self._shortlist:
                    break
        return difflib.get_close_matches(key, pool, n=n, cutoff=cutoff)
