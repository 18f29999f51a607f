"""The indicator catalogue: the shipped file, its validation and its errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from aimaq.data.catalogue import DOMAINS, TABLE_COLUMNS, load_catalogue, parse_catalogue
from aimaq.data.datasets import load_observations
from aimaq.errors import ValidationError

FIXED_IDS = [
    "population_jan1", "population_avg", "grp", "grp_per_capita", "fixed_investment",
    "employment", "wage_avg", "unemployment_rate", "life_expectancy", "cash_income_pc",
    "consumer_expenditure", "schools", "hospitals", "doctors", "doctors_per_10k",
    "housing_m2_pc", "emergency_housing_residents", "roads_good_share",
    "internet_users_share", "broadband_subscribers", "mobile_phone_share",
    "waste_collection_share", "srs_provision",
]  # fmt: skip
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
KAZAKH_LETTERS = set("әғқңөұүһі")


def _entry(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": "x",
        "name": {"kk": "х", "ru": "х", "en": "x"},
        "unit": "%",
        "polarity": 1,
        "domain": "economy",
        "source": "BNS",
    }
    entry.update(changes)
    return entry


def test_shipped_catalogue_has_every_fixed_id() -> None:
    catalogue = load_catalogue()
    assert set(FIXED_IDS) <= set(catalogue.ids)
    assert len(catalogue) >= 40


def test_frame_has_the_indicator_table_columns() -> None:
    frame = load_catalogue().frame()
    assert list(frame.columns) == TABLE_COLUMNS
    assert frame["id"].is_unique
    assert set(frame["polarity"]) <= {-1, 0, 1}
    assert set(frame["domain"]) <= set(DOMAINS)
    assert frame[["name_kk", "name_ru", "name_en", "unit", "source"]].notna().all().all()


def test_names_are_in_the_right_script() -> None:
    for ind in load_catalogue():
        assert CYRILLIC.search(ind.name.kk), ind.id
        assert CYRILLIC.search(ind.name.ru), ind.id
        assert not CYRILLIC.search(ind.name.en), ind.id
        # Russian names never use the Kazakh-only letters
        assert not (set(ind.name.ru.lower()) & KAZAKH_LETTERS), ind.id


def test_taldau_indices_of_sources_md() -> None:
    catalogue = load_catalogue()
    assert catalogue.get("grp").taldau_index == "2709379"
    assert catalogue.get("grp_per_capita_bns").taldau_index == "2709380"
    assert catalogue.get("cash_income_pc").taldau_index == "704447"
    assert catalogue.get("wage_avg").taldau_index == "702972"
    assert catalogue.get("fixed_investment").taldau_index == "701830"
    assert catalogue.get("real_income_index").taldau_index == "704449"
    assert catalogue.get("natural_increase").taldau_index == "703858"
    assert catalogue.get("labour_productivity").taldau_index == "4023003"
    assert catalogue.get("poverty_rate").taldau_index == "2928350"


def test_polarity_of_key_indicators() -> None:
    catalogue = load_catalogue()
    assert catalogue.get("unemployment_rate").polarity == -1
    assert catalogue.get("emergency_housing_per_10k").polarity == -1
    assert catalogue.get("grp_per_capita").polarity == 1
    assert catalogue.get("population_jan1").polarity == 0


def test_embedded_data_and_catalogue_agree() -> None:
    catalogue = load_catalogue()
    data = load_observations()
    used = set(data.indicator_id)
    assert used <= set(catalogue.ids)
    # derived indicators are computed, never embedded; every embedded one has figures
    for ind in catalogue:
        if ind.is_derived or not ind.embedded:
            assert ind.id not in used, ind.id
        else:
            assert ind.id in used, f"{ind.id} has no embedded figures"
    assert {"sme_share_gdp"} <= {i.id for i in catalogue if not i.embedded}
    for (indicator_id, dims), _ in data.groupby(["indicator_id", "dims"]):
        keys = set(json.loads(str(dims)))
        assert keys <= set(catalogue.get(str(indicator_id)).dims), (indicator_id, dims)


def test_derived_inputs_are_known_and_flagged_in_the_source() -> None:
    for ind in load_catalogue():
        if ind.derived is not None:
            assert ind.source.startswith("Derived"), ind.id


def test_bad_polarity_names_the_key() -> None:
    with pytest.raises(ValidationError, match=r"indicators\[1\]\.polarity"):
        parse_catalogue({"indicators": [_entry(), _entry(id="y", polarity=2)]})


def test_bad_domain_names_the_key_and_value() -> None:
    with pytest.raises(ValidationError, match=r"indicators\[0\]\.domain.*'wealth'"):
        parse_catalogue({"indicators": [_entry(domain="wealth")]})


def test_missing_name_language_names_the_key() -> None:
    with pytest.raises(ValidationError, match=r"indicators\[0\]\.name\.kk"):
        parse_catalogue({"indicators": [_entry(name={"ru": "х", "en": "x"})]})


def test_duplicate_id_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"indicators\[1\]\.id: duplicate id 'x'"):
        parse_catalogue({"indicators": [_entry(), _entry()]})


def test_derived_from_unknown_indicator_is_rejected() -> None:
    entry = _entry(derived={"formula": "a / b", "inputs": ["nope"]})
    with pytest.raises(ValidationError, match=r"derived\.inputs.*'nope'"):
        parse_catalogue({"indicators": [entry]})


def test_derived_cannot_be_import_only() -> None:
    entry = _entry(id="y", derived={"formula": "x", "inputs": ["x"]}, embedded=False)
    with pytest.raises(ValidationError, match=r"indicators\[1\]\.embedded"):
        parse_catalogue({"indicators": [_entry(), entry]})


def test_unknown_key_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"indicators\[0\]\.colour"):
        parse_catalogue({"indicators": [_entry(colour="red")]})


def test_bad_id_and_taldau_index() -> None:
    with pytest.raises(ValidationError, match=r"indicators\[0\]\.id"):
        parse_catalogue({"indicators": [_entry(id="GRP growth")]})
    with pytest.raises(ValidationError, match=r"taldau_index.*digits"):
        parse_catalogue({"indicators": [_entry(taldau_index="27O9379")]})


def test_load_from_file_and_yaml_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump({"indicators": [_entry(taldau_index=701830)]}), encoding="utf-8")
    assert load_catalogue(good).get("x").taldau_index == "701830"
    broken = tmp_path / "broken.yaml"
    broken.write_text("indicators:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"broken\.yaml: line \d+"):
        load_catalogue(broken)
    with pytest.raises(ValidationError, match="no catalogue file"):
        load_catalogue(tmp_path / "absent.yaml")


def test_get_and_by_domain_errors() -> None:
    catalogue = load_catalogue()
    with pytest.raises(ValidationError, match="unknown indicator 'gdp'"):
        catalogue.get("gdp")
    with pytest.raises(ValidationError, match="unknown domain 'wealth'"):
        catalogue.by_domain("wealth")
    assert {i.id for i in catalogue.by_domain("health")} >= {"doctors", "hospitals"}
    assert "grp" in catalogue
    with pytest.raises(ValidationError, match="language"):
        catalogue.get("grp").label("de")
    assert catalogue.get("grp").label("ru") == "Валовой региональный продукт"
