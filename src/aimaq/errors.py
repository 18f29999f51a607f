"""The project's own exceptions: every user-facing failure is one of these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


class AimaqError(Exception):
    """Base class for errors the CLI reports as a message with exit code 2."""

    exit_code = 2


class ValidationError(AimaqError, ValueError):
    """A definition or argument is invalid (names the key or argument)."""


@dataclass(frozen=True)
class Location:
    """Where a bad value sits in an input file."""

    file: str
    row: int | str | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            # a bare number is a row; a string already says what it is ("record 3", "sheet 02 row 9")
            parts.append(f"row {self.row}" if isinstance(self.row, int) else str(self.row))
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        if self.value is not None:
            parts.append(f"value {_shown(self.value)}")
        return ", ".join(parts)


def _shown(value: object) -> str:
    """A value as a person reads it: text quoted, dates as ISO, never a Python repr."""
    if isinstance(value, date):  # datetime too
        text = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
        return text.removesuffix(" 00:00:00")
    if isinstance(value, str | int | float):
        return repr(value)
    return repr(str(value))


class ImportError_(AimaqError):  # trailing underscore: not the builtin ImportError
    """An input file cannot be imported; nothing was written.

    The message always names the file and, where they apply, the row or record, the column
    and the offending value.
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location
        self.reason = message
        super().__init__(f"{location}: {message}" if location else message)
