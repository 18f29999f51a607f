"""The report as PDF, through WeasyPrint, with fonts that carry every Kazakh letter."""

from __future__ import annotations

import logging
from pathlib import Path

from aimaq.errors import AimaqError
from aimaq.reporting.html import render_html
from aimaq.reporting.model import Report

#: The letters of the Kazakh alphabet beyond Russian: every PDF must render them.
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def write_pdf(report: Report, path: str | Path) -> Path:
    """Write the report as a PDF (A4, page numbers); returns the path.

    The HTML uses the DejaVu Sans family, which covers Kazakh Cyrillic; WeasyPrint embeds
    the subset of glyphs used.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from aimaq.reporting.model import Report
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.pdf"
    >>> write_pdf(Report("kk", "Өңірлер", "ә ғ қ ң ө ұ ү һ і", "", ()), out).stat().st_size > 0
    True
    """
    try:
        from weasyprint import HTML
    except OSError as exc:  # the system libraries (pango) are missing
        raise AimaqError(f"PDF output needs WeasyPrint's system libraries: {exc}") from exc
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=render_html(report), base_url=str(out.parent)).write_pdf(out)
    return out
