"""The tutorial notebook runs from top to bottom on a database built by ``aimaq init``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "tutorial.ipynb"


def test_tutorial_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    db = tmp_path / "aimaq.duckdb"
    aimaq = str(Path(sys.executable).with_name("aimaq"))
    done = subprocess.run([aimaq, "init", "--db", str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    monkeypatch.setenv("AIMAQ_DB", str(db))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = {i: c.get("outputs", []) for i, c in enumerate(nb.cells) if c.cell_type == "code"}
    errors = [o for outs in outputs.values() for o in outs if o.get("output_type") == "error"]
    assert not errors
    text = "\n".join(
        str(o.get("data", {}).get("text/plain", o.get("text", "")))
        for outs in outputs.values()
        for o in outs
    )
    assert "synthetic registry" in text  # the SRS figures say what they are built on
    assert "diploma_to_village" in text or "auyl_el_besigi" in text  # the strategy cell ran
    assert os.environ["AIMAQ_DB"] == str(db)
