"""District maps of the report: each figure on its own year's polygons, with legend and source."""

from __future__ import annotations

import re

import pandas as pd

from aimaq.data.build import load_territories
from aimaq.data.catalogue import load_catalogue
from aimaq.data.store import Store
from aimaq.reporting.classify import palette, quantile_breaks
from aimaq.reporting.context import ReportContext
from aimaq.reporting.model import Figure, Paragraph
from aimaq.reporting.sections import district_maps
from aimaq.territory.geometry import ATTRIBUTION

VALUES_2023 = {
    "751110000": 12000.0,  # Almaly, Almaty
    "711110000": 3000.0,  # Almaty district, Astana
    "103200000": 0.7,  # Abai district
    "111000000": 200.0,  # Kokshetau
    "101000000": 40.0,  # Semey: Zhanasemey split off after 1 Jan 2023
}


def _store(mem_store: Store) -> Store:
    load_territories(mem_store)
    mem_store.upsert_indicators(load_catalogue().frame())
    rows = [(k, "population_density", "2023-01-01", v, "{}") for k, v in VALUES_2023.items()]
    # a 2019 figure: drawn on the 2018 polygons
    rows += [
        ("612000000", "area_km2", "2019", 1.0, "{}"),
        ("111000000", "area_km2", "2019", 2.0, "{}"),
    ]
    frame = pd.DataFrame(rows, columns=["kato", "indicator_id", "period", "value", "dims"])
    mem_store.write_observations(frame, source="test", sha256="x" * 64, importer="test")
    return mem_store


def _fills(svg: str) -> dict[str, str]:
    return dict(
        re.findall(r'class="district" data-kato="(\d{9})" d="[^"]*" fill="(#[0-9a-fA-F]+)"', svg)
    )


def test_each_figure_on_its_own_borders(mem_store: Store) -> None:
    ctx = ReportContext(_store(mem_store), "en")
    section = district_maps.build(ctx)
    assert section is not None and section.key == "district_maps"
    figures = {b.key: b for b in section.blocks if isinstance(b, Figure)}
    density = figures["district-map-population_density"].svg
    area = figures["district-map-area_km2"].svg
    assert 'data-borders="2024"' in density and density.count('class="district"') == 224
    assert 'data-borders="2018"' in area and area.count('class="district"') == 216
    fills = _fills(density)
    kept = [v for k, v in VALUES_2023.items() if k != "101000000"]
    colours = palette(quantile_breaks(kept + [float("nan")] * 220, 5).k, 0)
    # the densest city district is in the darkest class, the sparsest in the lightest
    assert fills["751110000"] == colours[-1] and fills["103200000"] == colours[0]
    assert fills["101000000"] == fills["104100000"]  # not coloured: other borders on that day
    assert re.search(r"<title>Almaly: 12[ ,\u202f\u00a0]?000(\.0)?</title>", density)
    assert ATTRIBUTION in density and "Polygons on the 2024 borders" in density
    notes = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.kind == "note"]
    assert any(n.startswith("1 districts not coloured") and "Semey" in n for n in notes)
    assert any(n.startswith("219 districts without a value") for n in notes)


def test_names_follow_the_language(mem_store: Store) -> None:
    store = _store(mem_store)
    ru = district_maps.build(ReportContext(store, "ru"))
    kk = district_maps.build(ReportContext(store, "kk"))
    assert ru is not None and kk is not None
    ru_svg = next(b.svg for b in ru.blocks if isinstance(b, Figure))
    kk_svg = next(b.svg for b in kk.blocks if isinstance(b, Figure))
    assert "Алмалинский" in ru_svg and "Алмалы" in kk_svg
    assert ru.title == "Карты районов" and kk.title == "Аудандар картасы"


def test_no_district_figures_no_section(mem_store: Store) -> None:
    assert district_maps.build(ReportContext(mem_store, "en")) is None
