"""The validated model of an index definition file (YAML).

An index file lists indicators (each with its transform, normalisation and polarity)
and groups that aggregate indicators or other groups, to any depth. The one group that
no other group references is the index. Errors name the key that is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, model_validator
from pydantic import ValidationError as PydanticError

from aimaq.errors import ValidationError
from aimaq.indices.parts import (
    Group,
    Indicator,
    Preprocess,
    StrictModel,
    Uncertainty,
)


class IndexDefinition(StrictModel):
    """A whole index file.

    ``defaults`` (optional) gives settings that every indicator without its own takes,
    e.g. ``defaults: {normalise: {method: minmax, low: 1, high: 100}}``.
    """

    name: str = Field(min_length=1)
    title: str | None = None
    description: str | None = None
    level: str = "region"
    year: int | None = None
    indicators: list[Indicator]
    auxiliary: list[Indicator] = Field(default_factory=list)
    groups: list[Group]
    preprocess: Preprocess = Field(default_factory=Preprocess)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, raw: Any) -> Any:
        if not isinstance(raw, dict) or "defaults" not in raw:
            return raw
        defaults = raw["defaults"]
        if not isinstance(defaults, dict) or set(defaults) - {"normalise", "transform"}:
            raise ValueError("defaults may set only 'normalise' and 'transform'")
        out = {k: v for k, v in raw.items() if k != "defaults"}
        items = raw.get("indicators")
        if isinstance(items, list):
            out["indicators"] = [
                {**defaults, **item} if isinstance(item, dict) else item for item in items
            ]
        return out

    @model_validator(mode="after")
    def _structure(self) -> IndexDefinition:
        if not self.indicators:
            raise ValueError("an index needs at least one indicator")
        ids = [i.id for i in self.indicators]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"indicator ids repeat: {dup}")
        gids = [g.id for g in self.groups]
        dupg = sorted({g for g in gids if gids.count(g) > 1})
        if dupg:
            raise ValueError(f"group ids repeat: {dupg}")
        clash = sorted(set(ids) & set(gids))
        if clash:
            raise ValueError(f"ids used both as indicator and group: {clash}")
        aux = [a.id for a in self.auxiliary]
        clash_aux = sorted(set(aux) & (set(ids) | set(gids)))
        if clash_aux:
            raise ValueError(f"auxiliary ids repeat indicator or group ids: {clash_aux}")
        known = set(ids) | set(gids)
        for pos, group in enumerate(self.groups):
            if group.stages is not None and group.stages.indicator not in set(ids) | set(aux):
                raise ValueError(
                    f"groups[{pos}] ({group.id!r}): stages.indicator "
                    f"{group.stages.indicator!r} is not an indicator or auxiliary of this index"
                )
            if group.stages is not None and set(self.uncertainty.aggregate) - {
                "arithmetic",
                "geometric",
            }:
                raise ValueError(
                    f"groups[{pos}] ({group.id!r}) has stage weights, so uncertainty.aggregate "
                    "may list only arithmetic and geometric"
                )
        for pos, group in enumerate(self.groups):
            for member in group.members:
                if member not in known:
                    raise ValueError(
                        f"groups[{pos}] ({group.id!r}): member {member!r} is neither an "
                        "indicator nor a group of this index"
                    )
        self._check_cycles()
        roots = self.roots()
        if len(roots) != 1:
            raise ValueError(
                f"exactly one top group (the index) must be left unreferenced; found {roots}"
            )
        used = {m for g in self.groups for m in g.members}
        unused = [i for i in ids if i not in used]
        if unused and self.groups:
            raise ValueError(f"indicators not in any group: {unused}")
        return self

    def _check_cycles(self) -> None:
        children = {g.id: g.members for g in self.groups}
        state: dict[str, int] = {}

        def visit(node: str, path: list[str]) -> None:
            if state.get(node) == 1:
                cycle = [*path[path.index(node) :], node]
                raise ValueError(f"groups form a cycle: {' -> '.join(cycle)}")
            if state.get(node) == 2 or node not in children:
                return
            state[node] = 1
            for child in children[node]:
                visit(child, [*path, node])
            state[node] = 2

        for gid in children:
            visit(gid, [])

    def roots(self) -> list[str]:
        """Groups no other group references (a valid index has exactly one)."""
        if not self.groups:
            return []
        used = {m for g in self.groups for m in g.members}
        return [g.id for g in self.groups if g.id not in used]

    @property
    def root(self) -> str:
        """The id of the top group: the index itself."""
        return self.roots()[0]

    def indicator(self, ident: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ident)

    def group(self, ident: str) -> Group:
        return next(g for g in self.groups if g.id == ident)

    @property
    def indicator_ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def order(self) -> list[str]:
        """Group ids bottom-up: every group after all its member groups."""
        gids = {g.id for g in self.groups}
        done: list[str] = []

        def visit(node: str) -> None:
            if node in done or node not in gids:
                return
            for child in self.group(node).members:
                visit(child)
            done.append(node)

        visit(self.root)
        return done

    def leaves(self, group_id: str) -> list[str]:
        """Indicator ids under a group, at any depth."""
        if group_id not in {g.id for g in self.groups}:
            return [group_id]
        out: list[str] = []
        for member in self.group(group_id).members:
            out.extend(self.leaves(member))
        return out


def _key_path(loc: tuple[Any, ...], raw: Any) -> str:
    """``groups[1].members`` plus the id of the item, where the item has one."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node) and isinstance(node[item], dict):
                ident = node[item].get("id")
                if ident is not None:
                    label = f"[{item}] ({ident!r})"
            parts.append(label)
            node = node[item] if isinstance(node, list) and item < len(node) else None
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts)


def parse_definition(raw: Any, source: str = "<definition>") -> IndexDefinition:
    """Validate a parsed YAML mapping into an :class:`IndexDefinition`.

    Raises :class:`aimaq.errors.ValidationError` naming the source and the key.

    Examples
    --------
    >>> d = parse_definition({"name": "x", "indicators": [{"id": "a"}, {"id": "b"}],
    ...                       "groups": [{"id": "top", "members": ["a", "b"]}]})
    >>> d.root, d.order()
    ('top', ['top'])
    """
    if not isinstance(raw, dict):
        raise ValidationError(f"{source}: an index definition must be a mapping at the top")
    try:
        return IndexDefinition.model_validate(raw)
    except PydanticError as exc:
        first = exc.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        if not first["loc"]:  # a whole-file check: the message names its keys
            raise ValidationError(f"{source}: {msg}") from None
        where = _key_path(tuple(first["loc"]), raw)
        raise ValidationError(f"{source}: {where}: {msg}") from None


def load_definition(path: str | Path) -> IndexDefinition:
    """Read and validate an index definition file.

    Examples
    --------
    >>> from aimaq.indices.builtins import builtin_path
    >>> load_definition(builtin_path("rdi")).name
    'rdi'
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"cannot read index definition {file}: {exc.strerror}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{file}: not valid YAML: {exc}") from None
    return parse_definition(raw, str(file))
