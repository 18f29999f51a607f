from __future__ import annotations

import math

import pytest
from sample_store import REGIONS

from aimaq.data.store import Store
from aimaq.reporting.build import build_report
from aimaq.reporting.context import ReportContext
from aimaq.reporting.i18n import LANGUAGES, Messages
from aimaq.reporting.model import Card, Figure, Paragraph, Table
from aimaq.reporting.sections import maps, methods, profiles, summary


def test_an_empty_store_gives_no_sections(mem_store: Store) -> None:
    report = build_report(mem_store, "ru")
    assert report.sections == ()
    assert report.title == "Региональное развитие Казахстана"


def test_summary_figures_by_hand(sample_store: Store) -> None:
    ctx = ReportContext(sample_store, "en")
    assert ctx.year == 2023
    section = summary.build(ctx)
    assert section is not None
    table = section.tables()[0].frame.set_index("Indicator")
    row = table.loc["Unemployment rate"]
    # sample values: 4.0 + (i % 7) * 0.2 - 8 * 0.05 for region code i
    values = {int(k[:2]): round(4.0 + (int(k[:2]) % 7) * 0.2 - 8 * 0.05, 2) for k, *_ in REGIONS}
    assert row["Max/min"] == pytest.approx(max(values.values()) / min(values.values()))
    mean = sum(values.values()) / 20
    sd = math.sqrt(sum((v - mean) ** 2 for v in values.values()) / 20)
    assert row["Coefficient of variation, %"] == pytest.approx(sd / mean * 100)
    assert row["Kazakhstan"] == pytest.approx(mean)  # the stored national value
    assert row["Regions with data"] == 20
    assert row["Period"] == "2023"
    assert table.loc["Population on 1 January", "Period"] == "2023-01-01"


def test_an_earlier_year_uses_that_years_values_and_marks_old_borders(sample_store: Store) -> None:
    ctx = ReportContext(sample_store, "en", 2020)
    section = summary.build(ctx)
    assert section is not None
    row = section.tables()[0].frame.set_index("Indicator").loc["GRP per capita"]
    assert row["Regions with data"] == 17  # Abai, Zhetisu, Ulytau formed in 2022
    map_section = maps.build(ctx)
    assert map_section is not None
    notes = [b.text for b in map_section.blocks if isinstance(b, Paragraph) and b.kind == "note"]
    assert any("old, larger borders" in n for n in notes)
    figure = next(b for b in map_section.blocks if isinstance(b, Figure))
    assert 'fill="url(#hatch)"' in figure.svg


def test_profile_cards_compare_with_the_national_value(sample_store: Store) -> None:
    ctx = ReportContext(sample_store, "ru")
    section = profiles.build(ctx)
    assert section is not None
    cards = [b for b in section.blocks if isinstance(b, Card)]
    assert len(cards) == 20
    akmola = next(c for c in cards if c.key == "110000000")
    assert akmola.title == "Акмолинская область"
    wage = next(r for r in akmola.rows if r[0].startswith("Среднемесячная"))
    # 120000 + 11 * 1500 + 8 * 15000 = 256500; national = mean over 20 regions
    national = sum(120_000 + int(k[:2]) * 1_500 + 8 * 15_000 for k, *_ in REGIONS) / 20
    assert wage[1] == "256 500"  # no decimals for magnitudes in the thousands
    assert wage[2] == f"{round(256_500 / national * 100)}% от уровня страны"
    assert "<polyline" in akmola.svg


def test_maps_one_per_mapped_indicator(sample_store: Store) -> None:
    section = maps.build(ReportContext(sample_store, "kk"))
    assert section is not None
    keys = [b.key for b in section.blocks if isinstance(b, Figure)]
    assert keys == ["map-grp_per_capita", "map-wage_avg", "map-unemployment_rate"]


def test_methods_lists_every_batch(sample_store: Store) -> None:
    section = methods.build(ReportContext(sample_store, "en"))
    assert section is not None
    tables = {t.sheet: t.frame for t in section.blocks if isinstance(t, Table)}
    assert list(tables["sources"]["Source"]) == ["sample (tests)"]
    assert set(tables["indicators"]["id"]) == {
        "population_jan1",
        "population_avg",
        "grp_per_capita",
        "unemployment_rate",
        "wage_avg",
    }
    assert set(tables["indicators"]["Import batch"]) == {"1"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_builds_in_every_language(sample_store: Store, lang: str) -> None:
    seen: list[str] = []
    report = build_report(sample_store, lang, progress=seen.append)
    order = [
        "summary",
        "profiles",
        "maps",
        "district_maps",
        "ratings",
        "targets",
        "disparities",
        "economy",
        "srs",
        "roadmap",
        "kpi",
        "strategy",
        "methods",
    ]
    assert seen == order  # every builder ran, in order
    # ratings, targets and srs say why they are missing (no index data, no tags, no SRS
    # registry); the
    # roadmap was not asked for (no budget)
    assert report.keys() == [k for k in order if k != "roadmap"]
    unavailable = Messages(lang)("report.section_unavailable", reason="")
    for key in ("ratings", "targets", "srs"):
        (block,) = report.sections[report.keys().index(key)].blocks
        assert block.kind == "warning" and block.text.startswith(unavailable)  # type: ignore[union-attr]
