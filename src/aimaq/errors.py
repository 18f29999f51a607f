"""The project's own exceptions: every user-facing failure is one of these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Advice(StrEnum):
    """What a person can do about an error, as an id a caller turns into its own words.

    The library states the fact and, through :attr:`text`, a suggestion in the terms of the
    Python API; the command line replaces the suggestion with the command to run (see
    ``aimaq.cli._advice``).
    """

    init = "init"  # the database lacks what its build ships
    indicators = "indicators"  # an indicator id is not known; the catalogue lists them
    import_ = "import"  # figures are missing; import them
    srs_registry = "srs_registry"  # no SRS registry; synthesize or import one
    # importers: what a caller may give to import a file that was refused
    skip_unmatched = "skip_unmatched"  # some names are unknown; the rest may be imported alone
    indicator = "indicator"  # the file does not say (or says wrongly) whose figures it holds
    allow_future = "allow_future"  # periods after this year: plans and forecasts, on request
    max_rows = "max_rows"  # more rows than the cap
    max_mb = "max_mb"  # larger than the size cap
    encoding = "encoding"  # text in an encoding that is not detected
    file_type = "file_type"  # a file whose format is not told by its name
    taldau_breakdown = "taldau_breakdown"  # a Taldau answer without the breakdown asked for

    @property
    def text(self) -> str:
        """The suggestion in words that name no command-line command or flag."""
        return _ADVICE_TEXT[self]


_ADVICE_TEXT = {
    Advice.init: "build the database with the shipped data first",
    Advice.indicators: "the indicator catalogue of the database lists the known ids",
    Advice.import_: "import them first",
    Advice.srs_registry: "synthesize an SRS registry or import one first",
    Advice.skip_unmatched: "fix the names, or import the rest with skip_unmatched=True",
    Advice.indicator: "give the catalogue id of its figures as indicator",
    Advice.allow_future: "allow_future=True accepts planned or forecast figures",
    Advice.max_rows: "raise Limits.max_rows if the file is meant to be this large",
    Advice.max_mb: "raise Limits.max_mb if the file is meant to be this large",
    Advice.encoding: "save it as UTF-8 or give its encoding",
    Advice.file_type: "give its format (one of the registered formats)",
    Advice.taldau_breakdown: "ask Taldau for that breakdown (its dics parameter)",
}


class AimaqError(Exception):
    """Base class for errors the CLI reports as a message with exit code 2.

    Parameters
    ----------
    message
        The fact: what is wrong, with the value that is.
    argument
        The keyword argument (or several) of the library function that the fact is about.
        The message starts with it (``"method: must be one of ..."``); the command line puts
        the option that feeds it in its place (``"--method: ..."``).
    advice
        What to do about it, as an id: the message ends with :attr:`Advice.text`; the
        command line names the command instead.

    Examples
    --------
    >>> str(AimaqError("must be positive; got -1", argument="time_limit"))
    'time_limit: must be positive; got -1'
    >>> AimaqError("no settlements", advice=Advice.init).message(advice="run `aimaq init`")
    'no settlements; run `aimaq init`'
    """

    exit_code = 2

    def __init__(
        self,
        message: str = "",
        *,
        argument: str | Sequence[str] | None = None,
        advice: Advice | None = None,
    ) -> None:
        self.fact = message
        self.arguments: tuple[str, ...] = (
            ()
            if argument is None
            else (argument,)
            if isinstance(argument, str)
            else tuple(argument)
        )
        self.advice = advice
        super().__init__(self.message())

    def message(self, *, names: Sequence[str] | None = None, advice: str | None = None) -> str:
        """The message with the arguments shown as ``names`` and the advice as ``advice``.

        By default the arguments by their keyword and the advice in the API's words: what
        ``str()`` gives.
        """
        shown = tuple(names) if names is not None else self.arguments
        text = f"{', '.join(shown)}: {self.fact}" if shown else self.fact
        tip = advice if advice is not None else (self.advice.text if self.advice else None)
        return f"{text}; {tip}" if tip else text


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

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        argument: str | Sequence[str] | None = None,
        advice: Advice | None = None,
    ) -> None:
        self.location = location
        self.reason = message
        super().__init__(message, argument=argument, advice=advice)

    def message(self, *, names: Sequence[str] | None = None, advice: str | None = None) -> str:
        text = super().message(names=names, advice=advice)
        return f"{self.location}: {text}" if self.location else text
