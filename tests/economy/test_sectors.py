"""The sector classifier: 21 OKED / ISIC Rev. 4 sections under the 3 BNS broad groups."""

from __future__ import annotations

import pytest

from aimaq.economy.sectors import (
    GROUPS,
    SECTIONS,
    classifier,
    group_of,
    sector,
    sector_name,
    validate_codes,
)
from aimaq.errors import ValidationError


def test_twenty_one_sections_three_groups_one_total() -> None:
    table = classifier()
    assert list(table[table.level == "section"].code) == list("ABCDEFGHIJKLMNOPQRSTU")
    assert list(table[table.level == "group"].code) == list(GROUPS)
    assert list(table[table.level == "total"].code) == ["total"]


def test_broad_groups_are_a_b_to_f_g_to_u() -> None:
    # BNS labour force tables: A; B-F; G-U
    assert [group_of(c) for c in "A"] == ["agriculture"]
    assert {group_of(c) for c in "BCDEF"} == {"industry_construction"}
    assert {group_of(c) for c in "GHIJKLMNOPQRSTU"} == {"services"}
    assert sector("industry_construction").sections == "B-F"
    assert all(sector(g).parent == "total" for g in GROUPS)


def test_isic_titles_and_sdg_platform_translations() -> None:
    assert sector_name("C") == "Manufacturing"
    assert sector_name("O") == "Public administration and defence; compulsory social security"
    assert sector_name("P", "kk") == "Білім беру"
    assert sector_name("J", "ru") == "Информация и связь"
    # no Russian title in the sources at hand: English, never an invented one
    assert sector("B").names.get("ru") is None
    assert sector_name("B", "ru") == "Mining and quarrying"


def test_every_section_has_an_english_title_and_a_source() -> None:
    table = classifier()
    assert table.name_en.notna().all()
    assert (table.name_source.str.len() > 0).all()
    assert len(SECTIONS) == 21


def test_unknown_code_names_row_and_code() -> None:
    with pytest.raises(ValidationError, match=r"unknown sector code 'Z9' at row 3"):
        validate_codes(["A", "B", "Z9"], where="file x.csv")
