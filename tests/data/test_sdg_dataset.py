"""The embedded SDG platform series: read by the Open SDG importer, same values as before."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from aimaq.data.catalogue import load_catalogue
from aimaq.data.datasets.embedded import load_observations, sources

ROOT = Path(__file__).resolve().parents[2]
KEY = ["kato", "indicator_id", "period", "dims"]


def _builder_modules() -> tuple[object, object]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from dataset_sources import sdg_platform, sdg_tables

    return sdg_tables, sdg_platform


def test_the_hand_converted_series_keep_every_value(shared_dir: Path) -> None:
    tables, platform = _builder_modules()
    embedded = load_observations()
    checked = 0
    for indicator, read in tables.replaced_by_platform().items():  # type: ignore[attr-defined]
        old = read(shared_dir)
        # the tables put Shymkent before 2018 on 790000000; it is now its own historical unit,
        # the city administration of South Kazakhstan (511000000): same figure, same place
        before = (old.kato == "790000000") & (old.period.astype(int) < 2018)
        old.loc[before, "kato"] = "511000000"
        new = embedded[embedded.indicator_id == indicator]
        both = old.merge(new, on=KEY, how="left", suffixes=("_old", "_new"))
        missing = both[both.value_new.isna()]
        # the only rows not carried are those the platform file gives twice, differently
        sdg = load_catalogue().get(indicator).sdg
        assert sdg is not None
        _, left, _ = platform.parse_file(  # type: ignore[attr-defined]
            shared_dir / "sdg" / "data" / f"indicator_{sdg.indicator}.csv",
            platform.translations(shared_dir),  # type: ignore[attr-defined]
            load_catalogue(),
        )
        assert len(missing) <= left.get("conflicting_duplicates", 0), (indicator, missing.head())
        kept = both.dropna(subset=["value_new"])
        # equal to the 10 significant digits both files are written with
        assert np.allclose(kept.value_old, kept.value_new, rtol=1e-9, atol=0), indicator
        checked += len(kept)
    assert checked == 3184  # every row of the eleven tables


def test_every_regional_series_of_the_platform_is_shipped_and_catalogued(
    shared_dir: Path,
) -> None:
    catalogue = load_catalogue()
    embedded = load_observations()
    platform_ids = {e.id for e in catalogue if e.sdg is not None}
    shipped = set(embedded.indicator_id)
    assert platform_ids <= shipped
    regional = embedded[embedded.indicator_id.isin(platform_ids) & (embedded.kato != "000000000")]
    assert set(regional.indicator_id) >= platform_ids - {"water_access_share", "sanitation_share"}
    for ident in platform_ids:
        entry = catalogue.get(ident)
        assert entry.name.kk and entry.name.ru and entry.name.en and entry.unit
    assert len(platform_ids) == 95
    files = {s for s in sources().source_id if s.startswith("sdg_platform_")}
    assert len(files) == 73


def test_poverty_is_shipped_for_20_regions_with_south_kazakhstan_before_2018() -> None:
    pov = load_observations("poverty_rate")
    regions = pov[(pov.dims == "{}") & (pov.kato != "000000000")]
    assert regions[regions.period == "2023"].kato.nunique() == 20
    south = regions[regions.kato == "510000000"].sort_values("period")
    assert south.period.tolist() == [str(y) for y in range(2010, 2018)]
    recalculated = regions[regions.border_basis == "recalculated_to_current"]
    assert sorted(set(recalculated.kato)) == ["610000000", "790000000"]
    assert sorted(set(recalculated.period)) == ["2014", "2015", "2016", "2017"]
    rural = pov[(pov.kato == "000000000") & (pov.dims == '{"area":"rural"}')]
    assert pd.Series(rural.period).tolist() == [str(y) for y in range(2010, 2024)]
