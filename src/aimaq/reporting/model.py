"""The parts of a report: a report is a list of sections, a section a list of blocks.

Renderers (HTML, PDF, Excel) read these; sections never produce markup for a page layout,
only the content of their blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from aimaq.errors import AimaqError

if TYPE_CHECKING:
    from aimaq.reporting.context import ReportContext


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text (plain text; the renderer escapes it)."""

    text: str
    kind: str = "text"  # text, note, heading or warning


@dataclass(frozen=True)
class Figure:
    """A chart or map as inline SVG markup, with a caption."""

    svg: str
    caption: str
    key: str = ""


@dataclass(frozen=True)
class Table:
    """A table: ``frame`` has localised column labels; ``sheet`` names it in Excel."""

    frame: pd.DataFrame
    title: str
    sheet: str
    number_digits: int | None = None  # None: 0 from 1,000 up, 1 from 1 up, else 3


@dataclass(frozen=True)
class Card:
    """A profile card of one territory: a title, label/value rows and a small chart."""

    title: str
    rows: tuple[tuple[str, str, str], ...]  # (label, value, comparison)
    svg: str = ""
    key: str = ""


Block = Paragraph | Figure | Table | Card


@dataclass(frozen=True)
class Section:
    """One section of the report."""

    key: str
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


SectionBuilder = Callable[["ReportContext"], "Section | None"]


class SectionUnavailable(AimaqError):
    """A section that belongs in the report cannot be built; ``reason`` says why, in the
    report's language. The report shows the section's title and the reason in its place."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Report:
    """A built report: its title, subtitle, generation note and sections."""

    lang: str
    title: str
    subtitle: str
    generated: str
    sections: tuple[Section, ...]

    def keys(self) -> list[str]:
        return [s.key for s in self.sections]
