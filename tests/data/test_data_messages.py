"""The data layer states facts; the command line adds the flags and commands that help."""

from __future__ import annotations

from pathlib import Path

import pytest

import aimaq.data
from _library_messages import offending_literals
from aimaq.cli._advice import ADVICE
from aimaq.errors import Advice, ImportError_, Location

DATA = Path(aimaq.data.__file__).parent


def test_data_messages_name_no_flag_and_no_command() -> None:
    assert offending_literals(DATA) == []


def test_the_scan_covers_the_importers() -> None:
    scanned = {p.name for p in DATA.rglob("*.py")}
    assert {"taldau.py", "tidy.py", "checks.py", "registry.py", "territories.py"} <= scanned
    assert {"pipeline.py", "source.py", "store.py", "catalogue.py", "bounds.py"} <= scanned


@pytest.mark.parametrize(
    ("advice", "flag"),
    [
        (Advice.skip_unmatched, "--skip-unmatched"),
        (Advice.indicator, "--indicator"),
        (Advice.allow_future, "--allow-future"),
        (Advice.max_rows, "--max-rows"),
        (Advice.max_mb, "--max-mb"),
        (Advice.encoding, "--encoding"),
        (Advice.file_type, "--type"),
        (Advice.taldau_breakdown, "--dics"),
    ],
)
def test_an_import_error_keeps_its_place_and_the_cli_names_the_flag(
    advice: Advice, flag: str
) -> None:
    error = ImportError_("the fact", Location("f.csv", 3, "value", "x"), advice=advice)
    assert str(error) == f"f.csv, row 3, column 'value', value 'x': the fact; {advice.text}"
    cli = error.message(advice=ADVICE[advice])
    assert cli.startswith("f.csv, row 3, column 'value', value 'x': the fact; ") and flag in cli
