"""Mapping the territory names and Taldau term ids of a file to KATO codes.

One :class:`TerritoryMatcher` serves one file: it asks the territory resolver
(:class:`aimaq.territory.Resolver`) and, instead of stopping at the first unknown
name, collects every name it could not map with the closest known names, so that one
error lists them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from aimaq.data.importers.observations import Unmatched
from aimaq.errors import Advice, AimaqError, ImportError_, Location

_MAX_LISTED = 20


def default_resolver() -> Any:
    """The resolver over the packaged KATO tree, aliases and Taldau terms."""
    from aimaq.territory import Resolver

    return Resolver.default()


def successors_in(store: Any) -> dict[str, list[str]]:
    """``{old_kato: [new_kato, ...]}`` for renames and splits recorded in the store."""
    frame = store.query(
        "select old_kato, new_kato from territory_change where kind in ('rename', 'split') "
        "order by old_kato, new_kato"
    )
    out: dict[str, list[str]] = {}
    for old, new in zip(frame["old_kato"], frame["new_kato"], strict=True):
        out.setdefault(str(old), []).append(str(new))
    return out


def _kato(found: object) -> str:
    """A resolver answer as a 9-digit code (it may return a code or a territory record)."""
    code = getattr(found, "kato", found)
    return str(code)


def _lookup_errors() -> tuple[type[Exception], ...]:
    from aimaq.territory import AmbiguousTerritory, UnknownTerritory

    return (UnknownTerritory, AmbiguousTerritory)


def _candidates(exc: Exception) -> tuple[str, ...]:
    found = getattr(exc, "candidates", None) or ()
    out = []
    for item in list(found)[:5]:
        if isinstance(item, str):
            out.append(item)
        else:  # a territory record or a (code, name) pair
            name = getattr(item, "name_ru", None) or getattr(item, "name_kk", None)
            kato = getattr(item, "kato", None)
            out.append(f"{name} ({kato})" if name and kato else str(item))
    return tuple(out)


class TerritoryMatcher:
    """Resolve names for one file; remember what did not resolve.

    Parameters
    ----------
    source
        The file or URL, for messages.
    resolver
        A resolver with ``taldau_term``, ``resolve`` and ``region``; default
        :func:`default_resolver`.
    successors
        For a historical unit, the units that took its territory (from the
        ``territory_change`` table: renames and splits), tried after it.
    """

    def __init__(
        self,
        source: str,
        resolver: Any | None = None,
        successors: dict[str, list[str]] | None = None,
    ) -> None:
        self.source = source
        self._resolver = resolver  # built on first use: a file of codes needs none
        self.successors = successors or {}
        self._errors = _lookup_errors()
        self._unmatched: dict[tuple[str, str | None], Unmatched] = {}
        self._cache: dict[tuple[Any, ...], str | None] = {}

    @property
    def resolver(self) -> Any:
        if self._resolver is None:
            self._resolver = default_resolver()
        return self._resolver

    @property
    def unmatched(self) -> tuple[Unmatched, ...]:
        return tuple(self._unmatched.values())

    def taldau(
        self, term_id: object, name: str, ref: str, *, parent: str | None = None
    ) -> str | None:
        """A Taldau territory term: by its id first, then by its name (under ``parent``)."""
        key = ("taldau", term_id, name, parent)
        if key in self._cache:
            return self._cache[key]
        found: str | None = None
        try:
            found = _kato(self.resolver.taldau_term(term_id, name=name))
        except self._errors:
            # by name under the parent, then under the parent's successors: a district
            # of South Kazakhstan under an old term id is the same district of Turkestan
            lookups = [partial(self.resolver.resolve, name, parent=parent)]
            lookups += [
                partial(self.resolver.resolve, name, parent=s)
                for s in self.successors.get(parent or "", [])
            ]
            found = self.first(name, ref, lookups, parent=parent)
        except AimaqError as exc:  # the term id and its name point at different units
            raise ImportError_(str(exc), Location(self.source, ref, "terms", term_id)) from None
        self._cache[key] = found
        return found

    def name(
        self,
        name: str,
        ref: str,
        *,
        parent: str | None = None,
        level: str | None = None,
        on: str | None = None,
    ) -> str | None:
        """A territory name (a KATO code passes through), under ``parent`` if given."""
        text = str(name).strip()
        if len(text) == 9 and text.isdigit():
            return text
        key = ("name", text, parent, level, on)
        if key in self._cache:
            return self._cache[key]
        found = self._by_name(text, ref, parent=parent, level=level, on=on)
        self._cache[key] = found
        return found

    def first(
        self,
        name: str,
        ref: str,
        lookups: Sequence[Callable[[], object]],
        *,
        parent: str | None = None,
    ) -> str | None:
        """The first of several lookups that finds ``name``; remembered as unmatched if none does."""
        candidates: tuple[str, ...] = ()
        found: str | None = None
        for lookup in lookups:
            try:
                found = _kato(lookup())
                break
            except self._errors as exc:
                candidates = candidates or _candidates(exc)
        if found is None:
            self._remember(name, ref, parent, candidates)
        return found

    def _by_name(
        self,
        name: str,
        ref: str,
        *,
        parent: str | None = None,
        level: str | None = None,
        on: str | None = None,
    ) -> str | None:
        try:
            return _kato(self.resolver.resolve(name, parent=parent, level=level, on=on))
        except self._errors as exc:
            self._remember(name, ref, parent, _candidates(exc))
            return None

    def not_found(
        self, name: str, ref: str, *, parent: str | None = None, candidates: tuple[str, ...] = ()
    ) -> None:
        """Record a name a caller's own search could not map (listed like the others)."""
        self._remember(name, ref, parent, candidates)

    def _remember(
        self, name: str, ref: str, parent: str | None, candidates: tuple[str, ...]
    ) -> None:
        self._unmatched.setdefault((name, parent), Unmatched(name, ref, parent, candidates))

    def raise_if_unmatched(self) -> None:
        """One error listing every name that did not resolve, with the closest names."""
        if not self._unmatched:
            return
        items = self.unmatched
        listed = "; ".join(u.describe() for u in items[:_MAX_LISTED])
        more = f"; and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else ""
        first = items[0]
        raise ImportError_(
            f"{len(items)} territory name(s) not found in the KATO tree: {listed}{more}",
            Location(self.source, first.ref, "territory", first.name),
            advice=Advice.skip_unmatched,
        )
