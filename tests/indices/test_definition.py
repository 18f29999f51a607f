from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from index_cases import HDI_YAML, small_definition

from aimaq.errors import ValidationError
from aimaq.indices.builtins import builtin_names, builtin_path, list_builtins, resolve_definition
from aimaq.indices.definition import load_definition, parse_definition


def test_example_file_parses_with_its_hierarchy(tmp_path: Path) -> None:
    file = tmp_path / "hdi.yaml"
    file.write_text(HDI_YAML)
    d = load_definition(file)
    assert d.root == "index"
    assert d.order()[-1] == "index"
    assert set(d.order()) == {"health", "education", "income", "index"}
    assert d.indicator("income_pc").transform == "log"
    assert d.group("index").aggregate == "geometric"
    assert d.leaves("education") == ["expected_schooling", "mean_schooling"]


def test_any_depth() -> None:
    raw = {
        "name": "deep",
        "indicators": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        "groups": [
            {"id": "g1", "members": ["a", "b"]},
            {"id": "g2", "members": ["g1"]},
            {"id": "g3", "members": ["g2", "c"]},
            {"id": "g4", "members": ["g3"]},
        ],
    }
    d = parse_definition(raw)
    assert d.order() == ["g1", "g2", "g3", "g4"]
    assert d.leaves("g4") == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"groups": [{"id": "top", "members": ["a", "b", "c", "zzz"]}]}, "member 'zzz' is neither"),
        ({"groups": [{"id": "top", "members": ["top", "a"]}]}, "references itself"),
        ({"groups": [{"id": "top", "members": []}]}, "has no members"),
        (
            {"groups": [{"id": "top", "members": ["a", "b"], "weights": {"a": 0, "b": 0}}]},
            "sum to a positive number",
        ),
        (
            {"groups": [{"id": "top", "members": ["a", "b"], "weights": {"a": 1, "q": 1}}]},
            "non-members",
        ),
        ({"groups": [{"id": "top", "members": ["a", "b"], "weights": {"a": -1, "b": 2}}]}, ">= 0"),
    ],
)
def test_bad_groups_name_the_key(change: dict, message: str) -> None:
    raw = {"name": "x", "indicators": [{"id": "a"}, {"id": "b"}, {"id": "c"}], **change}
    with pytest.raises(ValidationError, match=message) as err:
        parse_definition(raw, "my.yaml")
    assert str(err.value).startswith("my.yaml: groups[0] ('top')")


def test_cycle_is_reported_with_its_path() -> None:
    raw = {
        "name": "x",
        "indicators": [{"id": "a"}],
        "groups": [
            {"id": "g1", "members": ["g2", "a"]},
            {"id": "g2", "members": ["g1"]},
            {"id": "top", "members": ["g1"]},
        ],
    }
    with pytest.raises(ValidationError, match="cycle: g1 -> g2 -> g1"):
        parse_definition(raw)


def test_goalposts_min_not_below_max() -> None:
    raw = small_definition()
    raw["indicators"][0]["normalise"] = {"method": "goalposts", "min": 5, "max": 5}
    with pytest.raises(
        ValidationError, match=r"indicators\[0\] \('a'\)\.normalise: goalposts need min < max"
    ):
        parse_definition(raw)


def test_goalposts_need_both_bounds() -> None:
    raw = small_definition()
    raw["indicators"][1]["normalise"] = {"method": "goalposts", "min": 0}
    with pytest.raises(ValidationError, match="need both 'min' and 'max'"):
        parse_definition(raw)


def test_unknown_key_and_method_are_named() -> None:
    raw = small_definition()
    raw["indicators"][2]["normalize"] = {"method": "minmax"}
    with pytest.raises(ValidationError, match=r"indicators\[2\] \('c'\)\.normalize"):
        parse_definition(raw)
    raw = small_definition()
    raw["groups"][2]["aggregate"] = "median"
    with pytest.raises(ValidationError, match=r"groups\[2\] \('top'\)\.aggregate"):
        parse_definition(raw)


def test_two_roots_and_orphans_and_duplicates() -> None:
    raw = small_definition()
    raw["groups"] = raw["groups"][:2]
    with pytest.raises(ValidationError, match="exactly one top group"):
        parse_definition(raw)
    raw = small_definition()
    raw["groups"][0]["members"] = ["a"]
    with pytest.raises(ValidationError, match=r"not in any group: \['b'\]"):
        parse_definition(raw)
    raw = small_definition()
    raw["indicators"].append({"id": "a"})
    with pytest.raises(ValidationError, match="indicator ids repeat"):
        parse_definition(raw)


def test_defaults_apply_to_indicators_without_their_own() -> None:
    raw = small_definition(defaults={"normalise": {"method": "minmax", "low": 1, "high": 100}})
    raw["indicators"][0]["normalise"] = {"method": "rank"}
    d = parse_definition(raw)
    assert d.indicator("a").normalise.method == "rank"
    assert d.indicator("b").normalise.high == 100


def test_uncertainty_rejects_alternatives_needing_settings() -> None:
    with pytest.raises(ValidationError, match="need per-indicator settings"):
        parse_definition(small_definition(uncertainty={"normalise": ["goalposts"]}))


def test_stage_weights_must_match_members() -> None:
    raw = small_definition()
    raw["groups"][2]["stages"] = {
        "indicator": "a",
        "breaks": [100],
        "weights": [{"p1": 1, "p2": 1}, {"p1": 1}],
    }
    with pytest.raises(ValidationError, match=r"stages.weights\[1\] must weigh exactly"):
        parse_definition(raw)


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        load_definition(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ValidationError, match="not valid YAML"):
        load_definition(bad)
    bad.write_text("- a list\n")
    with pytest.raises(ValidationError, match="mapping at the top"):
        load_definition(bad)


def test_builtins_are_valid_and_use_catalogue_ids() -> None:
    from aimaq.data.catalogue import load_catalogue

    ids = set(load_catalogue().ids)
    assert builtin_names() == ["competitiveness", "district_structure", "lagging", "rdi"]
    for b in list_builtins():
        d = resolve_definition(b.name)
        used = {i.source_id for i in [*d.indicators, *d.auxiliary]}
        used |= {i.denominator for i in d.indicators if i.denominator}
        assert used <= ids, (b.name, used - ids)
        # every built-in documents its choices in comments
        text = builtin_path(b.name).read_text()
        assert text.count("#") > 10
        assert yaml.safe_load(text)["name"] == b.name
    with pytest.raises(ValidationError, match="no built-in index 'nope'"):
        resolve_definition("nope")
