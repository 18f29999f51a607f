"""The report's "Economic structure" section on the shipped data, in the three languages."""

from __future__ import annotations

import pytest

from aimaq.data.store import Store
from aimaq.economy.change import shift_share_between
from aimaq.economy.panel import sector_table
from aimaq.economy.structure import structure
from aimaq.reporting.context import ReportContext
from aimaq.reporting.i18n import LANGUAGES
from aimaq.reporting.model import Figure, Table
from aimaq.reporting.sections import SECTIONS, economy


def test_registered_in_the_report() -> None:
    assert "economy" in dict(SECTIONS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_section_shows_what_the_measures_compute(kz_store: Store, lang: str) -> None:
    ctx = ReportContext(kz_store, lang, 2024)
    section = economy.build(ctx)
    assert section is not None
    figures = [b for b in section.blocks if isinstance(b, Figure)]
    assert {f.key for f in figures} == {
        "map-economy-krugman",
        "economy-entropy",
        "economy-shift-share",
    }
    assert all(f.svg.startswith("<svg") for f in figures)
    tables = {t.sheet: t.frame for t in section.blocks if isinstance(t, Table)}
    assert set(tables) == {"economy_lq", "economy_shift_share", "economy_growth_points"}
    expected = structure(sector_table(kz_store, years=["2024"]), "2024").frame
    lq = tables["economy_lq"]
    assert len(lq) == 20
    assert lq.iloc[:, -1].tolist() == pytest.approx(expected["krugman"].tolist())
    assert lq.iloc[:, 1].tolist() == pytest.approx(expected["lq_agriculture"].tolist())
    shift = shift_share_between(kz_store, "2016", "2024").frame()
    ss = tables["economy_shift_share"]
    assert ss.iloc[:, 1].tolist() == pytest.approx(shift["change"].tolist())
    assert ss.iloc[:, 4].tolist() == pytest.approx(shift["regional_share"].tolist())
    assert len(tables["economy_growth_points"]) >= 5


def test_no_section_without_sector_values(mem_store: Store) -> None:
    assert economy.build(ReportContext(mem_store, "en")) is None


def test_says_why_without_sector_values(kz_store: Store) -> None:
    from aimaq.reporting.build import run_section

    ctx = ReportContext(kz_store, "en", 2010)  # before the first year of employment by sector
    section = run_section(ctx, "economy", economy.build)
    assert section is not None and section.title == "Economic structure"
    assert "no employment by sector" in section.blocks[0].text  # type: ignore[union-attr]
