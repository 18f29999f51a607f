"""Library code states facts; only the command line names its flags and commands."""

from __future__ import annotations

from pathlib import Path

import pytest

import aimaq
from _library_messages import offending_literals
from aimaq.cli._advice import ADVICE
from aimaq.errors import Advice, AimaqError

PACKAGE = Path(aimaq.__file__).parent
#: The command line may name itself; the data layer is scanned by its own test.
SCANNED = sorted(
    p.name
    for p in PACKAGE.iterdir()
    if ((p.is_dir() and (p / "__init__.py").exists()) or p.suffix == ".py")
    and p.name not in {"cli", "data"}
)
#: Packages whose messages still name flags, converted one by one.
PENDING: set[str] = set()


@pytest.mark.parametrize("name", [n for n in SCANNED if n not in PENDING])
def test_library_messages_name_no_flag_and_no_command(name: str) -> None:
    assert offending_literals(PACKAGE / name) == []


def test_the_scan_sees_the_packages_it_is_meant_for() -> None:
    assert {"planning", "standards", "analysis", "indices", "reporting", "api.py"} <= set(SCANNED)


def test_the_scan_finds_flags_and_commands_in_raises_and_warnings(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        'raise ValueError(f"--to {x} is before --from")\n'
        'raise ValueError("no settlements; run `aimaq init`")\n'
        'raise ValueError("a range 2019--2024 is fine, so is aimaq\'s own name")\n'
        'warnings.warn("see --help")\n'
        'log.warning("use --weight none")\n'
        'note = "--budget is a note, not a message"\n',
        "utf-8",
    )
    found = [line.split(": ", 1)[0] for line in offending_literals(tmp_path)]
    assert found == [f"{module}:{n}" for n in (1, 1, 2, 4, 5)]
    assert offending_literals(module) == offending_literals(tmp_path)


def test_every_advice_has_words_on_the_command_line_and_in_the_api() -> None:
    assert set(ADVICE) == set(Advice)
    for advice in Advice:
        assert advice.text and "aimaq " not in advice.text and "--" not in advice.text


def test_a_message_names_its_argument_and_ends_with_the_advice() -> None:
    error = AimaqError("must be positive; got -1", argument="time_limit", advice=Advice.init)
    assert str(error) == "time_limit: must be positive; got -1; " + Advice.init.text
    cli = error.message(names=["--time-limit"], advice=ADVICE[Advice.init])
    assert cli == "--time-limit: must be positive; got -1; run `aimaq init` first"
