"""The report as one self-contained HTML file: inline styles, inline SVG, no scripts."""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
import numpy as np

from aimaq.reporting.i18n import Messages
from aimaq.reporting.model import Block, Card, Figure, Paragraph, Report, Section, Table


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    folder = resources.files("aimaq.reporting") / "templates"
    loader = jinja2.FunctionLoader(lambda name: (folder / name).read_text("utf-8"))
    return jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _kind(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.kind
    if isinstance(block, Figure):
        return "figure"
    if isinstance(block, Card):
        return "card"
    return "table"


def _number(t: Messages, value: float, digits: int | None) -> str:
    if math.isnan(value):
        return "–"
    if digits is None:  # magnitudes decide: 12 345 / 67.1 / 0.012
        digits = 0 if abs(value) >= 1000 else 1 if abs(value) >= 1 or value == 0 else 3
    return t.number(value, digits)


def _cells(table: Table, t: Messages) -> Iterator[list[tuple[str, bool]]]:
    for row in table.frame.itertuples(index=False):
        out = []
        for value in row:
            if isinstance(value, bool | np.bool_):
                out.append((str(value), False))
            elif isinstance(value, int | np.integer):
                out.append((str(int(value)), True))
            elif isinstance(value, float | np.floating):
                out.append((_number(t, float(value), table.number_digits), True))
            else:
                out.append(("" if value is None else str(value), False))
        yield out


def render_html(report: Report) -> str:
    """The report as an HTML document (a string).

    Examples
    --------
    >>> from aimaq.reporting.model import Report
    >>> html = render_html(Report("kk", "Т", "С", "Ж", ()))
    >>> '<html lang="kk">' in html and "<script" not in html
    True
    """
    t = Messages(report.lang)
    css = (resources.files("aimaq.reporting") / "templates" / "report.css").read_text("utf-8")
    template = _environment().get_template("report.html.j2")

    def blocks(section: Section) -> list[tuple[str, Block]]:
        return [(_kind(b), b) for b in section.blocks]

    return template.render(
        report=report,
        css=css,
        contents=t("report.contents"),
        empty=t("report.no_sections"),
        blocks=blocks,
        rows=lambda table: _cells(table, t),
    )


def write_html(report: Report, path: str | Path) -> Path:
    """Write the report to ``path`` (folders are created); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(report), encoding="utf-8")
    return out
