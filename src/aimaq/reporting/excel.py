"""The report's tables as an Excel workbook: one sheet per table, plus a title sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from aimaq.reporting.model import Report

_MAX_SHEET = 31  # Excel's limit on sheet-name length


def write_xlsx(report: Report, path: str | Path) -> Path:
    """Write every table of the report to a workbook; returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from aimaq.reporting.model import Report
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.xlsx"
    >>> write_xlsx(Report("en", "T", "S", "G", ()), out).exists()
    True
    """
    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = "report"
    about.append([report.title])
    about["A1"].font = Font(bold=True, size=14)
    about.append([report.subtitle])
    about.append([report.generated])
    about.append([])
    used = {"report"}
    for section in report.sections:
        for table in section.tables():
            name = table.sheet[:_MAX_SHEET]
            n = 2
            while name in used:
                suffix = f"_{n}"
                name = table.sheet[: _MAX_SHEET - len(suffix)] + suffix
                n += 1
            used.add(name)
            about.append([section.title, table.title, name])
            ws = wb.create_sheet(name)
            ws.append([str(c) for c in table.frame.columns])
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for row in table.frame.itertuples(index=False):
                ws.append(
                    [None if v != v else (v.item() if hasattr(v, "item") else v) for v in row]
                )
            ws.freeze_panes = "A2"
            for i, col in enumerate(table.frame.columns, start=1):
                longest = max([len(str(col)), *(len(str(v)) for v in table.frame[col].head(200))])
                ws.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
