from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aimaq.errors import ValidationError
from aimaq.standards.catalogue import CATEGORY_IDS, default_catalogue_path, load_catalogue


def test_shipped_catalogue_follows_the_published_structure() -> None:
    cat = load_catalogue()
    assert len(cat.areas) == 12
    assert tuple(sorted(c.id for c in cat.categories)) == tuple(sorted(CATEGORY_IDS))
    # published: a village has 12-24 applicable norms, a district centre about 32
    for category in ("okrug_centre", "support_village", "other_village"):
        for population in (30, 150, 600, 5000):
            assert 12 <= len(cat.applicable(category, population)) <= 24
    assert 30 <= len(cat.applicable("district_town", 5000)) <= 34
    assert cat.support_radius_km == 15


def test_every_norm_has_an_area_and_a_cost_hint() -> None:
    for norm in load_catalogue().norms:
        assert norm.area
        assert norm.cost_hint_kzt > 0


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "cat.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_bad_rule_names_the_key(tmp_path: Path) -> None:
    data = yaml.safe_load(default_catalogue_path().read_text(encoding="utf-8"))
    data["areas"][2]["norms"][1]["rule"] = {"kind": "capacity", "per_1000": -4}
    with pytest.raises(ValidationError, match=r"areas\[2\]\.norms\[1\]\.rule\.per_1000"):
        load_catalogue(_write(tmp_path, data))


def test_unknown_category_in_a_norm_is_rejected(tmp_path: Path) -> None:
    data = yaml.safe_load(default_catalogue_path().read_text(encoding="utf-8"))
    data["areas"][0]["norms"][0]["categories"] = ["megacity"]
    with pytest.raises(ValidationError, match=r"areas\[0\]\.norms\[0\].*megacity"):
        load_catalogue(_write(tmp_path, data))


def test_duplicate_norm_id_is_rejected(tmp_path: Path) -> None:
    data = yaml.safe_load(default_catalogue_path().read_text(encoding="utf-8"))
    data["areas"][1]["norms"][0]["id"] = data["areas"][0]["norms"][0]["id"]
    with pytest.raises(ValidationError, match="appears twice"):
        load_catalogue(_write(tmp_path, data))


def test_unreadable_catalogue(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        load_catalogue(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: [unclosed", encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid YAML"):
        load_catalogue(bad)
