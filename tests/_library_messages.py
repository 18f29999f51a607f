"""Library messages that speak the command line's language (shared by the package scans).

The library states facts; the command line adds its flags and commands (``aimaq.cli._advice``).
:func:`offending_literals` finds a string literal in a ``raise`` or a warning of library
code that names a flag (``--time-limit``) or an ``aimaq`` command.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
COMMAND = re.compile(r"\baimaq [a-z]")
#: Calls whose arguments are a warning's text.
WARNINGS = frozenset({"warn", "warning", "showwarning"})


def _said(node: ast.AST) -> ast.AST | None:
    """The part of a node that becomes a message: what is raised, or a warning's call."""
    if isinstance(node, ast.Raise):
        return node.exc
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return node if name in WARNINGS else None
    return None


def offending_literals(package_dir: Path | str) -> list[str]:
    """``"path:line: 'text'"`` for every raised or warned literal naming a flag or command,
    in the Python files under ``package_dir`` (or in that one file)."""
    root = Path(package_dir)
    found = []
    for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            said = _said(node)
            if said is None:
                continue
            for part in ast.walk(said):
                if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                    continue
                if FLAG.search(part.value) or COMMAND.search(part.value):
                    found.append(f"{path}:{part.lineno}: {part.value!r}")
    return found
