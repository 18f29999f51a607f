"""The format registry: a format is one entry, and import, detection and options follow it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimaq.data.importers import import_file
from aimaq.data.importers.observations import FrameBuilder
from aimaq.data.importers.pipeline import ParsedFile
from aimaq.data.importers.registry import (
    _REGISTRY,
    ImporterFormat,
    ParseRequest,
    detect_format,
    format_names,
    get_format,
    register_format,
)
from aimaq.data.store import Store
from aimaq.errors import ImportError_


def _parse_pairs(request: ParseRequest) -> ParsedFile:
    """A made-up format for the test: ``KATO=VALUE`` per line, period from an option."""
    builder = FrameBuilder()
    for number, line in enumerate(request.text().splitlines(), start=1):
        kato, _, value = line.partition("=")
        builder.add(kato, request.indicator or "grp", request.options["year"], float(value),
                    {}, f"line {number}")  # fmt: skip
    return ParsedFile(builder.frame(), request.source, request.sha256, "pairs")


@pytest.fixture()
def pairs() -> object:
    fmt = register_format(
        ImporterFormat("pairs", _parse_pairs, suffixes=(".pairs",), options={"year": "the year"})
    )
    yield fmt
    del _REGISTRY["pairs"]


def test_the_builtin_formats_are_registered() -> None:
    assert format_names()[:6] == ("taldau", "bns-bulletin", "bns-table", "csv", "xlsx", "parquet")
    assert get_format("csv").options == {"encoding": "text encoding (default: detected)"}


def test_a_registered_format_imports_through_the_one_entry_point(
    pairs: object, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "grp.pairs"
    path.write_text("190000000=12.5\n", encoding="utf-8")
    assert detect_format(str(path)) == "pairs"
    report = import_file(store, path, year="2022")
    assert report.rows == 1 and report.format == "pairs"
    with pytest.raises(ImportError_, match=r"option\(s\) \['sheet'\] do not apply .*takes: year"):
        import_file(store, path, year="2023", sheet="1")


def test_an_unknown_format_lists_the_registered_ones(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("territory,indicator,period,value\n190000000,grp,2022,1\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="unknown format 'bogus': one of taldau, bns-bulletin"):
        import_file(store, path, format="bogus")


def test_refining_without_claims_is_refused() -> None:
    with pytest.raises(ValueError, match="has no claims"):
        register_format(ImporterFormat("x", _parse_pairs, refines="csv"))
