"""Opening Excel workbooks from bytes, with one error for every way a file can be broken."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from aimaq.errors import ImportError_, Location


def open_workbook(data: bytes, source: str) -> Any:
    """An openpyxl workbook (values, not formulas) from ``.xlsx`` bytes."""
    import openpyxl

    if not data.startswith(b"PK"):
        raise ImportError_(
            "not an Excel .xlsx workbook (it does not start as a zip archive)", Location(source)
        )
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, TypeError) as exc:
        raise ImportError_(
            f"not a readable Excel workbook (truncated or damaged?): {exc}", Location(source)
        ) from None
    except Exception as exc:  # the XML layer raises its own types on damaged parts
        raise ImportError_(
            f"not a readable Excel workbook (truncated or damaged?): {type(exc).__name__}: {exc}",
            Location(source),
        ) from None
