"""The index definitions shipped with aimaq (``builtin/*.yaml``), for use as is or as templates."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from aimaq.errors import ValidationError
from aimaq.indices.definition import IndexDefinition, load_definition


@dataclass(frozen=True)
class Builtin:
    """One shipped index definition."""

    name: str
    title: str
    path: Path
    indicators: int
    groups: int


def _folder() -> Path:
    return Path(str(resources.files("aimaq.indices") / "builtin"))


def builtin_names() -> list[str]:
    """Names of the shipped definitions.

    Examples
    --------
    >>> "rdi" in builtin_names()
    True
    """
    return sorted(p.stem for p in _folder().glob("*.yaml"))


def builtin_path(name: str) -> Path:
    """The file of a shipped definition (copy it to edit it).

    Examples
    --------
    >>> builtin_path("rdi").name
    'rdi.yaml'
    """
    path = _folder() / f"{name}.yaml"
    if not path.is_file():
        raise ValidationError(f"no built-in index {name!r}; built-ins: {builtin_names()}")
    return path


def list_builtins() -> list[Builtin]:
    """Every shipped definition with its title and size.

    Examples
    --------
    >>> [b.name for b in list_builtins()][:1]
    ['competitiveness']
    """
    out = []
    for name in builtin_names():
        d = load_definition(builtin_path(name))
        out.append(
            Builtin(name, d.title or name, builtin_path(name), len(d.indicators), len(d.groups))
        )
    return out


def resolve_definition(name_or_path: str | Path) -> IndexDefinition:
    """A definition from a file path, or a built-in by name.

    Examples
    --------
    >>> resolve_definition("lagging").name
    'lagging'
    """
    path = Path(name_or_path)
    if path.suffix.lower() in {".yaml", ".yml"} or path.exists():
        return load_definition(path)
    return load_definition(builtin_path(str(name_or_path)))
