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
from typing import TYPE_CHECKING, Any

from aimaq.data.bounds import DEFAULT_MAX_MB, DEFAULT_MAX_ROWS
from aimaq.errors import Advice, ImportError_, Location

if TYPE_CHECKING:
    import pandas as pd

_MB = 1 << 20
_UTF8_CYRILLIC = re.compile(rb"[\xd0\xd1\xd2\xd3][\x80-\xbf]")


@dataclass(frozen=True)
class Limits:
    """Caps on what one import may read (megabytes of the file, rows of its table)."""

    max_mb: float = DEFAULT_MAX_MB
    max_rows: int = DEFAULT_MAX_ROWS

    def check_rows(self, rows: int, source: str) -> None:
        """Refuse a file past the row cap, naming the row and the option that raises it."""
        if rows > self.max_rows:
            raise ImportError_(
                f"more than {self.max_rows:,} rows: past the row cap",
                Location(source, rows),
                advice=Advice.max_rows,
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
                    f"{size / _MB:.1f} MB: past the size cap of {limits.max_mb:g} MB",
                    Location(source),
                    advice=Advice.max_mb,
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
        f"at offset {start}",
        Location(source, line),
        advice=Advice.encoding,
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
            f"{file.limits.max_mb:g} MB",
            Location(source),
            advice=Advice.max_mb,
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


def read_text_table(file: SourceFile, encoding: str | None = None) -> pd.DataFrame:
    """A CSV or the first sheet of a workbook as a table of text cells.

    Cells are text as written (numbers from a workbook without a trailing ``.0``, dates as
    ``YYYY-MM-DD``), so each importer reads them with its own checks; the index is the
    row number a spreadsheet shows (the header is row 1; blank rows are skipped, keeping
    the numbers of the others). A formula cell without a computed value is refused
    naming the cell, an old ``.xls`` workbook with advice, and a row with the wrong number
    of fields with its row.

    Examples
    --------
    >>> t = read_text_table(SourceFile("t.csv", b"kato;a\\n1;2,5\\n\\n2;\\n"))
    >>> t.to_dict("index")
    {2: {'kato': '1', 'a': '2,5'}, 4: {'kato': '2', 'a': ''}}
    """
    import pandas as pd

    from aimaq.data.importers.cells import cell_text, column_letter, is_formula

    source = file.source
    numbered: list[tuple[int, list[str]]] = []
    if file.suffix in (".xlsx", ".xlsm") or file.data.startswith(b"PK"):
        book = open_workbook(file)
        formulas = open_workbook(file, formulas=True) if has_formulas(file) else None
        try:
            ws = book.worksheets[0]
            shadow = (
                sheet_rows(formulas, formulas.worksheets[0], source)
                if formulas is not None
                else None
            )
            for number, row in enumerate(sheet_rows(book, ws, source), start=1):
                texts = next(shadow, ()) if shadow is not None else ()
                for i, text in enumerate(texts):
                    if is_formula(text) and (i >= len(row) or row[i] in (None, "")):
                        raise ImportError_(
                            f"cell {column_letter(i)}{number} holds the formula {text} without "
                            "a computed value: save the file in Excel or LibreOffice, or write "
                            "the value",
                            Location(source, number, column_letter(i), text),
                        )
                cells = [cell_text(c) for c in row]
                if any(cells):
                    numbered.append((number, cells))
                    file.limits.check_rows(len(numbered), source)
        finally:
            book.close()
            if formulas is not None:
                formulas.close()
        if not numbered:
            raise ImportError_("the first sheet is empty", Location(source))
    elif file.data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportError_("an old Excel .xls workbook: save it as .xlsx or CSV", Location(source))
    else:
        reader, _, _ = csv_rows(file.data, source, encoding)
        for number, line in enumerate(reader, start=1):
            if not any(c.strip() for c in line):
                continue
            if numbered and len(line) != len(numbered[0][1]):
                raise ImportError_(
                    f"row has {len(line)} field(s), the header has {len(numbered[0][1])} "
                    "(a truncated file or a stray separator?)",
                    Location(source, number),
                )
            numbered.append((number, line))
            file.limits.check_rows(len(numbered), source)
        if not numbered:
            raise ImportError_("empty file: expected a header and rows", Location(source))
    (_, header), body = numbered[0], numbered[1:]
    width = len(header)
    names = [h.strip() for h in header]
    seen = [n for n in names if n]
    if len(set(seen)) != len(seen):
        twice = next(n for n in seen if seen.count(n) > 1)
        raise ImportError_("column appears twice in the header", Location(source, 1, twice, twice))
    table = pd.DataFrame(
        [(cells + [""] * width)[:width] for _, cells in body],
        columns=names,
        index=pd.Index([n for n, _ in body], name="row"),
        dtype=object,
    )
    return table.fillna("")
