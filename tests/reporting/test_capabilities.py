"""The sections that call other subsystems: wired to their public APIs, left out when
their data is absent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sample_store import REGIONS

from aimaq import indices
from aimaq.analysis.stored import convergence_from_store, disparity_from_store
from aimaq.data.store import Store
from aimaq.reporting.build import run_section
from aimaq.reporting.context import ReportContext
from aimaq.reporting.model import Figure, Paragraph, SectionUnavailable, Table
from aimaq.reporting.sections import disparities, kpi, ratings, srs


def test_ratings_rank_like_a_hand_computed_index(sample_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(
        "name: mini\ntitle: Mini index\nlevel: region\nyear: 2023\n"
        "indicators:\n  - {id: grp_per_capita}\n  - {id: unemployment_rate}\n"
        "groups:\n  - {id: mini, members: [grp_per_capita, unemployment_rate]}\n",
        encoding="utf-8",
    )
    ctx = ReportContext(sample_store, "en")
    blocks = ratings._one(ctx, indices, str(path))
    table = next(b for b in blocks if isinstance(b, Table)).frame
    assert len(table) == 20
    # by hand: min-max onto [0, 1] (unemployment reversed), equal weights, arithmetic mean
    grp = ctx.regional_values("grp_per_capita")
    unemp = ctx.regional_values("unemployment_rate")
    score = (
        (grp - grp.min()) / (grp.max() - grp.min())
        + (unemp.max() - unemp) / (unemp.max() - unemp.min())
    ) / 2
    best = score.idxmax()
    assert table.iloc[0]["Region"] == ctx.name(best)
    assert list(table["Rank"]) == sorted(table["Rank"])
    lo_hi = [tuple(map(int, s.split("–"))) for s in table["Rank interval"]]
    assert all(lo <= r <= hi for (lo, hi), r in zip(lo_hi, table["Rank"], strict=True))
    assert any(isinstance(b, Figure) and b.key == "ranks-" + str(path) for b in blocks)


def test_ratings_without_index_data_say_why_in_the_report(sample_store: Store) -> None:
    # the shipped indices need indicators the sample lacks (investment, doctors ...)
    with pytest.raises(SectionUnavailable, match="Regional Development Index: could not be"):
        ratings.build(ReportContext(sample_store, "en"))
    section = run_section(ReportContext(sample_store, "ru"), "ratings", ratings.build)
    assert section is not None and section.title == "Рейтинги"
    (block,) = section.blocks
    assert isinstance(block, Paragraph) and block.kind == "warning"
    assert block.text.startswith("Этот раздел не удалось построить: ")
    assert "Индекс регионального развития: не удалось построить: unknown indicator" in block.text


def test_disparities_report_the_analysis_figures(sample_store: Store) -> None:
    section = disparities.build(ReportContext(sample_store, "en"))
    assert section is not None
    tables = {t.sheet: t.frame for t in section.blocks if isinstance(t, Table)}
    row = tables["disparities"].set_index("Indicator").loc["GRP per capita"]
    direct = disparity_from_store(sample_store, "grp_per_capita", 2023, levels=("region",))
    assert row["Gini"] == pytest.approx(direct["gini"])
    assert row["Theil T"] == pytest.approx(direct["theil_t"])
    # cross-check the weighted Gini by hand: mean absolute difference over twice the mean
    values = np.array(
        [1_500 + int(k[:2]) * 40 + 8 * (150 + int(k[:2])) for k, *_ in REGIONS], float
    )
    weights = np.array(
        [400_000 + int(k[:2]) * 20_000 + 8_000 * (1 + int(k[:2]) % 3) for k, *_ in REGIONS], float
    )
    w = weights / weights.sum()
    mean = (w * values).sum()
    gini = (w[:, None] * w[None, :] * np.abs(values[:, None] - values[None, :])).sum() / (2 * mean)
    assert row["Gini"] == pytest.approx(gini, rel=1e-9)
    conv = convergence_from_store(sample_store, "grp_per_capita", 2011, 2023)
    beta = tables["convergence"].set_index("Indicator").loc["GRP per capita", "β"]
    assert beta == pytest.approx(conv["beta"]["beta"])
    assert any(isinstance(b, Figure) and b.key == "sigma" for b in section.blocks)


def test_srs_without_a_registry_says_so(sample_store: Store) -> None:
    section = run_section(ReportContext(sample_store, "kk"), "srs", srs.build)
    assert section is not None
    (block,) = section.blocks
    assert block == Paragraph(
        "Бұл бөлімді құру мүмкін болмады: дерекқорда Өңірлік стандарттар жүйесінің елді "
        "мекендер тізілімі жоқ (aimaq srs synthesize немесе aimaq srs import).",
        kind="warning",
    )


def test_kpi_lists_every_target_with_the_reason_when_unmeasured(sample_store: Store) -> None:
    section = kpi.build(ReportContext(sample_store, "ru"))
    assert section is not None
    frame = next(b for b in section.blocks if isinstance(b, Table)).frame
    assert len(frame) >= 1
    assert set(frame["Статус"]) <= {
        "не достигается",
        "под угрозой",
        "нет прогноза",
        "достигается",
        "достигнута",
        "нет данных",
    }
    unmeasured = frame[frame["Статус"] == "нет данных"]
    assert (unmeasured["Почему не измерено"] != "").all()
    notes = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.kind == "note"]
    if len(unmeasured):
        assert notes == [
            f"{len(unmeasured)} из {len(frame)} целей пока нельзя измерить по базе данных; причина указана для каждой."
        ]


def test_kpi_is_left_out_of_an_empty_database(mem_store: Store) -> None:
    assert kpi.build(ReportContext(mem_store, "en")) is None


def test_roadmap_needs_a_budget_and_a_registry(sample_store: Store) -> None:
    from aimaq.reporting.context import RoadmapSettings
    from aimaq.reporting.sections import roadmap

    assert roadmap.build(ReportContext(sample_store, "en")) is None
    # with a budget but no SRS registry the section says why, instead of a plan
    ctx = ReportContext(sample_store, "kk", roadmap=RoadmapSettings(1e11, 2025, 2028))
    section = roadmap.build(ctx)
    assert section is not None
    (block,) = section.blocks
    assert isinstance(block, Paragraph) and block.kind == "warning"
    assert block.text.startswith("Жол картасын құру мүмкін болмады: ")
