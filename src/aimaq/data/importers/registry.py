"""The importer formats, one registry entry each: its parser, suffixes and options.

A format is an :class:`ImporterFormat`. ``aimaq import`` (its ``--format`` choices, the
detection of a file's format, the options it passes on) and
:func:`~aimaq.data.importers.formats.import_file` read this registry and nothing else, so
a new format is one call of :func:`register_format` in its own module, with that module
named in :data:`FORMAT_MODULES`::

    from aimaq.data.importers.registry import ImporterFormat, ParseRequest, register_format

    def parse_mine(request: ParseRequest) -> ParsedFile:
        text = request.text()            # decoded with the shared encoding detection
        ...                              # build the frame with FrameBuilder
        return ParsedFile(frame=..., source=request.source, sha256=request.sha256,
                          importer="mine")

    register_format(ImporterFormat(
        name="mine", parse=parse_mine, suffixes=(".mine",),
        options={"encoding": "text encoding"}, summary="My source's files",
    ))
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aimaq.errors import Advice, ImportError_, Location

if TYPE_CHECKING:
    from aimaq.data.importers.pipeline import ParsedFile
    from aimaq.data.importers.source import SourceFile
    from aimaq.data.importers.territories import TerritoryMatcher
    from aimaq.data.store import Store

#: Modules that register formats when imported (built-ins first: their order is the
#: order of detection among formats that claim the same file).
FORMAT_MODULES: list[str] = ["aimaq.data.importers.formats", "aimaq.data.importers.open_sdg"]


@dataclass(frozen=True)
class ParseRequest:
    """Everything a parser is given: the opened file, the store and the user's choices.

    ``options`` holds only the options the format declares (others are refused before
    the parser runs); ``indicator`` is the catalogue id the user passed, if any.
    """

    file: SourceFile
    store: Store
    matcher: TerritoryMatcher
    indicator: str | None = None
    skip_unmatched: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The file's name as messages quote it."""
        return self.file.source

    @property
    def data(self) -> bytes:
        """The file's bytes."""
        return self.file.data

    @property
    def sha256(self) -> str:
        """SHA-256 of the file's bytes (the batch key before settings are added)."""
        return self.file.sha256

    def text(self) -> str:
        """The file as text, decoded as :func:`~aimaq.data.importers.source.decode_text` says."""
        from aimaq.data.importers.source import decode_text

        return decode_text(self.data, self.source, self.options.get("encoding")).text


Parser = Callable[[ParseRequest], "ParsedFile"]


@dataclass(frozen=True)
class ImporterFormat:
    """One importer format.

    Parameters
    ----------
    name
        What ``--format`` takes (``"csv"``, ``"taldau"``).
    parse
        ``parse(request) -> ParsedFile``; raises :class:`~aimaq.errors.ImportError_`
        with a location on bad input.
    suffixes
        File name endings that select this format (lower case, with the dot).
    options
        Option name -> one-line help; only these reach the parser.
    magic
        Leading bytes that identify the format when the suffix says nothing.
    refines
        The name of a broader format whose files this one may claim (a BNS bulletin is
        an ``xlsx`` workbook of a particular shape).
    claims
        ``claims(data) -> bool``: for a refining format, whether these bytes are its own.
    summary
        One line for ``aimaq import --help`` and the docs.
    """

    name: str
    parse: Parser
    suffixes: tuple[str, ...] = ()
    options: Mapping[str, str] = field(default_factory=dict)
    magic: tuple[bytes, ...] = ()
    refines: str | None = None
    claims: Callable[[bytes], bool] | None = None
    summary: str = ""


_REGISTRY: dict[str, ImporterFormat] = {}
_loaded = False


def register_format(fmt: ImporterFormat) -> ImporterFormat:
    """Add a format to the registry (a second entry of the same name replaces the first)."""
    if fmt.refines is not None and fmt.claims is None:
        raise ValueError(f"format {fmt.name!r} refines {fmt.refines!r} but has no claims()")
    _REGISTRY[fmt.name] = fmt
    return fmt


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in FORMAT_MODULES:
        importlib.import_module(module)


def formats() -> tuple[ImporterFormat, ...]:
    """Every registered format, in registration order.

    Examples
    --------
    >>> [f.name for f in formats()][:3]
    ['taldau', 'bns-bulletin', 'bns-table']
    """
    _load()
    return tuple(_REGISTRY.values())


def format_names() -> tuple[str, ...]:
    """The names ``--format`` accepts."""
    return tuple(f.name for f in formats())


def get_format(name: str, source: str = "") -> ImporterFormat:
    """The format called ``name``, or an :class:`ImportError_` listing the known ones."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ImportError_(
            f"unknown format {name!r}: one of {', '.join(format_names())}", Location(source)
        ) from None


def detect_format(source: str, data: bytes | None = None) -> str:
    """The format of a file, from its suffix, else its first bytes; then refined by content.

    Examples
    --------
    >>> detect_format("raw/taldau/2709379_grp.json")
    'taldau'
    >>> detect_format("data.bin", b"PAR1....")
    'parquet'
    """
    from pathlib import Path

    _load()
    suffix = Path(source).suffix.lower()
    base = next((f for f in _REGISTRY.values() if suffix and suffix in f.suffixes), None)
    if base is None and data is not None:
        head = data[:16].lstrip()
        base = next(
            (f for f in _REGISTRY.values() if any(head.startswith(m) for m in f.magic)),
            _REGISTRY.get("csv"),
        )
    if base is None:
        raise ImportError_(
            f"unknown file type {suffix!r} (formats: {', '.join(format_names())})",
            Location(source),
            advice=Advice.file_type,
        )
    if data is None:
        return base.name
    for fmt in _REGISTRY.values():
        if fmt.refines == base.name and fmt.claims is not None and fmt.claims(data):
            return fmt.name
    return base.name


def check_options(fmt: ImporterFormat, options: Mapping[str, Any], source: str) -> None:
    """Refuse options the format does not take, naming them and the ones it does."""
    extra = sorted(set(options) - set(fmt.options))
    if extra:
        takes = ", ".join(sorted(fmt.options)) or "none"
        raise ImportError_(
            f"option(s) {extra} do not apply to format {fmt.name} (it takes: {takes})",
            Location(source),
        )
