"""The one file opener and reader every importer uses, so each gets the same checks.

:func:`open_source` reads a file (or bytes already in memory) once, with a size cap,
and refuses a missing, unreadable or empty file with a located :class:`ImportError_`;
:func:`decode_text` turns its bytes into text, detecting the encoding (UTF-8 with or
without BOM, UTF-16 with BOM, Windows-1251) and saying which it used;
:func:`open_workbook` opens an Excel workbook for streaming and refuses a damaged one
or one whose sheets would unpack past the cap; :func:`read_text_table` reads a CSV or
the first sheet of a workbook into text cells for the importers that want a table
(``aimaq srs import``, ``aimaq index build --csv``, ``aimaq tags import``).

Every importer, CLI option and library caller goes through these functions: they are
where a new check belongs.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aimaq.data.bounds import DEFAULT_MAX_MB, DEFAULT_MAX_ROWS
from aimaq.errors import ImportError_, Location

_MB = 1 << 20
_UTF8_CYRILLIC = re.compile(rb"[\xd0\xd1\xd2\xd3][\x80-\xbf]")


@dataclass(frozen=True)
class Limits:
    """Caps on what one import may read; raise them with ``--max-mb`` / ``--max-rows``."""

    max_mb: float = DEFAULT_MAX_MB
    max_rows: int = DEFAULT_MAX_ROWS

    def check_rows(self, rows: int, source: str) -> None:
        """Refuse a file past the row cap, naming the row and the option that raises it."""
        if rows > self.max_rows:
            raise ImportError_(
                f"more than {self.max_rows:,} rows: past the row cap (raise it with "
                "--max-rows if the file is meant to be this large)",
                Location(source, rows),
            )


@dataclass(frozen=True)
class SourceFile:
    """A file read once: its name as messages quote it, its bytes and their SHA-256."""

    source: str
    data: bytes
    limits: Limits = field(default_factory=Limits)

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        return Path(self.source).suffix.lower()


def open_source(
    path: str | Path, *, limits: Limits | None = None, data: bytes | None = None
) -> SourceFile:
    """Read a file for import, or refuse it with a message naming it.

    Examples
    --------
    >>> open_source("missing.csv")
    Traceback (most recent call last):
    ...
    aimaq.errors.ImportError_: missing.csv: cannot read the file: No such file or directory
    """
    limits = limits or Limits()
    source = str(path)
    if data is None:
        file = Path(path)
        try:
            size = file.stat().st_size
            if file.is_dir():
                raise ImportError_("is a folder, not a file", Location(source))
            if size > limits.max_mb * _MB:
                raise ImportError_(
                    f"{size / _MB:.1f} MB: past the size cap of {limits.max_mb:g} MB "
                    "(raise it with --max-mb if the file is meant to be this large)",
                    Location(source),
                )
            data = file.read_bytes()
        except OSError as exc:
            raise ImportError_(
                f"cannot read the file: {exc.strerror or exc}", Location(source)
            ) from None
    if not data.strip():
        raise ImportError_("empty file: expected a header and rows", Location(source))
    return SourceFile(source, data, limits)


@dataclass(frozen=True)
class Decoded:
    """Text and the encoding it was read with (``utf-8``, ``utf-8-sig``, ``cp1251``, ...)."""

    text: str
    encoding: str


def detect_encoding(data: bytes, source: str, encoding: str | None = None) -> str:
    """The encoding of a text file: given, from a BOM, UTF-8, else Windows-1251.

    A file that is not UTF-8 is read as Windows-1251 only when nearly every non-ASCII
    letter it then holds is Cyrillic (what Excel writes on a Russian-language Windows);
    anything else is refused, because a wrong guess would store garbled names.

    Examples
    --------
    >>> detect_encoding("Абай".encode("cp1251"), "t.csv")
    'cp1251'
    >>> detect_encoding("\\ufeffАбай".encode("utf-8"), "t.csv")
    'utf-8-sig'
    >>> detect_encoding("Абай".encode("utf-16"), "t.csv")
    'utf-16'
    """
    if encoding:
        try:
            "".encode(encoding)
        except LookupError:
            raise ImportError_(
                f"unknown encoding {encoding!r}", Location(source, None, "encoding", encoding)
            ) from None
        return encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        start = exc.start
    try:
        decoded = data.decode("cp1251")
    except UnicodeDecodeError:
        decoded = ""
    letters = [c for c in decoded if ord(c) > 127 and c.isalpha()]
    high = sum(b > 127 for b in data)
    # UTF-8 Cyrillic read as CP1251 also looks Cyrillic ("РђР»"): a file that is mostly
    # valid UTF-8 letter pairs is UTF-8 with a damaged byte, not Windows-1251
    pairs = 2 * len(_UTF8_CYRILLIC.findall(data))
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if letters and cyrillic / len(letters) > 0.9 and pairs < 0.5 * high:
        return "cp1251"
    line = data.count(b"\n", 0, start) + 1
    raise ImportError_(
        f"not UTF-8 text (nor Windows-1251 nor UTF-16 with a BOM): byte 0x{data[start]:02x} "
        "at offset {start}; save it as UTF-8 or pass --encoding".replace("{start}", str(start)),
        Location(source, line),
    )


def decode_text(data: bytes, source: str, encoding: str | None = None) -> Decoded:
    """File bytes as text, with the encoding used (see :func:`detect_encoding`).

    Examples
    --------
    >>> decode_text("a;б\\n".encode("cp1251"), "t.csv")
    Decoded(text='a;б\\n', encoding='cp1251')
    """
    chosen = detect_encoding(data, source, encoding)
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportError_(
            f"cannot decode as {chosen}: byte 0x{data[exc.start]:02x} at offset {exc.start}",
            Location(source, line),
        ) from None
    return Decoded(text.removeprefix("\ufeff"), chosen)


def text_stream(data: bytes, source: str, encoding: str | None = None) -> tuple[Any, str]:
    """A line stream over the bytes (decoded as read, never copied whole) and its encoding."""
    chosen = detect_encoding(data, source, encoding)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=chosen, newline="")
    if chosen in ("utf-8-sig", "utf-16"):
        pass  # the codec drops the BOM
    return stream, chosen


def csv_rows(
    data: bytes, source: str, encoding: str | None = None
) -> tuple[Iterator[list[str]], str, str]:
    """Rows of a CSV (comma, semicolon or tab separated), its encoding and delimiter.

    Decoding errors and broken quoting are reported with the line they are on.
    """
    stream, chosen = text_stream(data, source, encoding)
    try:
        sample = stream.read(8192)
    except UnicodeDecodeError as exc:
        raise ImportError_(f"cannot decode as {chosen}: {exc.reason}", Location(source)) from None
    stream.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(stream, dialect)

    def rows() -> Iterator[list[str]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise ImportError_(
                    f"cannot decode as {chosen}: {exc.reason}", Location(source, reader.line_num)
                ) from None
            except csv.Error as exc:
                raise ImportError_(
                    f"broken CSV: {exc}", Location(source, reader.line_num + 1)
                ) from None
            yield row

    return rows(), chosen, dialect.delimiter


def open_workbook(file: SourceFile, *, formulas: bool = False) -> Any:
    """An openpyxl workbook opened for streaming (read-only), or a located refusal.

    ``formulas=True`` gives the cells' formulas instead of their cached values (to find
    formula cells that carry no value). The unpacked size of the archive is checked
    against the cap first, so a small file cannot unpack into gigabytes.
    """
    import openpyxl

    source, data = file.source, file.data
    if not data.startswith(b"PK"):
        raise ImportError_(
            "not an Excel .xlsx workbook (it does not start as a zip archive)", Location(source)
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportError_(
            f"not a readable Excel workbook (truncated or damaged?): {exc}", Location(source)
        ) from None
    if unpacked > file.limits.max_mb * _MB:
        raise ImportError_(
            f"the workbook unpacks to {unpacked / _MB:.0f} MB: past the size cap of "
            f"{file.limits.max_mb:g} MB (raise it with --max-mb if it is meant to be this large)",
            Location(source),
        )
    try:
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=not formulas, keep_links=False
        )
    except Exception as exc:  # zip, XML and openpyxl's own layers each raise their own types
        raise ImportError_(
            f"not a readable Excel workbook (truncated or damaged?): {type(exc).__name__}: {exc}",
            Location(source),
        ) from None


def has_formulas(file: SourceFile) -> bool:
    """Whether any sheet of a workbook holds a formula (scanned in pieces, not unpacked whole)."""
    try:
        with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
            for name in archive.namelist():
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with archive.open(name) as part:
                    tail = b""
                    while block := part.read(1 << 20):
                        piece = tail + block
                        if b"<f>" in piece or b"<f " in piece or b":f>" in piece:
                            return True
                        tail = piece[-8:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        return False  # the reader reports the damage with its place
    return False


def sheet_rows(book: Any, sheet: Any, source: str) -> Iterator[tuple[Any, ...]]:
    """The rows of a read-only sheet as value tuples; a damaged part is a located refusal."""
    rows = sheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # XML of a truncated sheet fails deep inside openpyxl
            raise ImportError_(
                f"damaged sheet {sheet.title!r} after row {number}: {type(exc).__name__}: {exc}",
                Location(source, number + 1),
            ) from None
        number += 1
        yield row


def read_text_table(
    file: SourceFile, encoding: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """A CSV or the first sheet of a workbook as a header and rows of text cells.

    Cells are text exactly as written (numbers from a workbook as Python prints them,
    dates as ``YYYY-MM-DD``), so each importer reads them with its own checks. Rows are
    returned in file order; the header is row 1 (a workbook's first non-empty row).
    """
    from aimaq.data.importers.cells import cell_text

    if file.suffix in (".xlsx", ".xlsm") or file.data.startswith(b"PK"):
        book = open_workbook(file)
        try:
            ws = book.worksheets[0]
            raw = [r for r in sheet_rows(book, ws, file.source)]
        finally:
            book.close()
        while raw and not any(c not in (None, "") for c in raw[0]):
            raw.pop(0)
        if not raw:
            raise ImportError_("the first sheet is empty", Location(file.source))
        header = [cell_text(c) for c in raw[0]]
        rows = [[cell_text(c) for c in r] + [""] * (len(header) - len(r)) for r in raw[1:]]
        return header, rows
    if file.data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportError_(
            "an old Excel .xls workbook: save it as .xlsx or CSV", Location(file.source)
        )
    reader, _, _ = csv_rows(file.data, file.source, encoding)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportError_(
            "empty file: expected a header and rows", Location(file.source)
        ) from None
    body = []
    for number, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise ImportError_(
                f"row has {len(row)} field(s), the header has {len(header)} "
                "(a truncated file or a stray separator?)",
                Location(file.source, number),
            )
        body.append(row)
        file.limits.check_rows(number, file.source)
    return header, body
