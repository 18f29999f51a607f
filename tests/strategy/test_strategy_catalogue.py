"""The measures catalogue: every shipped measure sourced; bad entries refused with the place."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aimaq.errors import ValidationError
from aimaq.strategy.catalogue import default_path, load_catalogue


def test_every_shipped_measure_has_a_source_institutions_and_a_valid_trigger() -> None:
    cat = load_catalogue()
    assert len(cat.measures) >= 8
    inst = {i.id for i in cat.institutions}
    for m in cat.measures:
        assert m.source.document.strip() and m.source.clause.strip(), m.id
        assert m.source.url or m.source.reported_by, m.id  # where it was read
        assert set(m.institutions) <= inst, m.id
        for lang in ("kk", "ru", "en"):
            assert m.name.get(lang).strip() and m.rationale.get(lang).strip(), (m.id, lang)
        assert m.rule is not None  # parses, parameters substituted
        for p in m.parameters.values():
            assert p.basis in {"policy", "assumption"} and p.note.strip()
    for i in cat.institutions:
        assert i.source.document.strip(), i.id


def test_policy_thresholds_are_the_published_srs_targets() -> None:
    from aimaq.standards.targets import PROVISION_TARGETS

    official = {t.area: t.value_pct for t in PROVISION_TARGETS}
    cat = load_catalogue()
    assert cat.measure("srs_priority_funding").parameters["target"].value == official["all"]
    assert cat.measure("srs_priority_funding").parameters["target"].basis == "policy"
    assert cat.measure("auyl_el_besigi").parameters["target"].value == official["rural"]
    # a threshold no policy text sets is labelled so
    assert cat.measure("rural_engineering").assumptions()


def _broken(tmp_path: Path, change: dict[str, object], index: int = 0) -> Path:
    raw = yaml.safe_load(default_path().read_text(encoding="utf-8"))
    raw["measures"][index].update(change)
    path = tmp_path / "measures.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"trigger": "no_such_indicator > national"},
            "unknown indicator\\(s\\) \\['no_such_indicator'\\]",
        ),
        ({"trigger": "srs_provision() <"}, "field 'trigger': unexpected 'end'"),
        (
            {"institutions": ["ministry_of_magic"]},
            "field 'institutions': unknown institution 'ministry_of_magic'",
        ),
        ({"direction": "moonshots"}, "field 'direction': unknown direction 'moonshots'"),
        ({"source": None}, "field 'source'"),
        ({"funds": {"area": "rural", "spheres": ["teleportation"]}}, "unknown SRS sphere"),
    ],
)
def test_bad_entries_name_file_entry_and_field(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    path = _broken(tmp_path, change)
    with pytest.raises(ValidationError, match=message) as err:
        load_catalogue(path)
    assert str(path) in str(err.value) and "'srs_priority_funding'" in str(err.value)


def test_an_unused_parameter_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, {"trigger": "srs_provision() < 70"})
    with pytest.raises(ValidationError, match="not used by the trigger: \\['target'\\]"):
        load_catalogue(path)


def test_check_prints_one_json_document_and_refuses_a_bad_file_with_exit_2(
    tmp_path: Path,
) -> None:
    import json

    from typer.testing import CliRunner

    from aimaq.cli.main import app

    runner = CliRunner()
    good = runner.invoke(app, ["strategy", "check", str(default_path()), "--format", "json"])
    assert good.exit_code == 0, good.output
    doc = json.loads(good.stdout)
    assert doc["valid"] is True and doc["measures"] == len(load_catalogue().measures)
    assert {r["measure"] for r in doc["checked"]} == {m.id for m in load_catalogue().measures}
    bad = _broken(tmp_path, {"trigger": "srs_provision() <"})
    out = runner.invoke(app, ["strategy", "check", str(bad), "--format", "json"])
    assert out.exit_code == 2 and out.stdout == ""
