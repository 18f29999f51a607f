"""KPI progress and status: hand-worked cases, stored data and the bad-input list."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aimaq.data.store import Store
from aimaq.errors import ValidationError
from aimaq.monitoring import evaluate, evaluate_series, load_targets, progress_share
from aimaq.monitoring.targets import PolicyTarget


def _target(**kw: object) -> PolicyTarget:
    spec: dict[str, object] = {
        "id": "t",
        "name_en": "T",
        "indicator": "srs_provision",
        "direction": "up",
        "unit": "%",
        "baseline": {"value": 64.1, "year": 2021},
        "target": {"value": 70.0, "year": 2028},
        "source": "test",
    }
    spec.update(kw)
    return PolicyTarget.model_validate(spec)


def test_progress_hand_worked() -> None:
    # 64.1 -> 66.1 of the way to 70: 2.0 / 5.9
    assert progress_share(64.1, 66.1, 70.0) == pytest.approx(2.0 / 5.9)
    # a 'down' target: unemployment 5.0 -> 4.6 towards 4.2 is half way
    assert progress_share(5.0, 4.6, 4.2) == pytest.approx(0.5)


def test_published_srs_series_is_too_short_to_forecast_and_gets_a_pace_status() -> None:
    series = pd.Series([64.1, 66.1], index=[2021, 2024])
    result = evaluate_series(_target(), series)
    # by hand: (66.1 - 64.1) / 3 = 0.667 pp/yr against (70 - 66.1) / 4 = 0.975 needed: 0.68
    assert result.status == "at_risk_pace" and result.status_label == "at risk (pace)"
    assert "ratio 0.68" in result.reason
    assert result.forecast_value is None
    assert result.progress == pytest.approx(2.0 / 5.9)
    assert result.observed_pace == pytest.approx(2.0 / 3)
    assert result.required_pace == pytest.approx(3.9 / 4)
    assert (
        "too short to forecast" in result.reason
        and "+0.67/yr since 2021 against +0.98/yr" in result.reason
    )


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ([64.1, 66.1 + 1.9], "on_track_pace"),
        ([64.1, 66.1], "at_risk_pace"),
        ([64.1, 64.5], "off_track_pace"),
        ([64.1, 63.0], "off_track_pace"),
    ],
)
def test_pace_rule_thresholds(values: list[float], status: str) -> None:
    assert evaluate_series(_target(), pd.Series(values, index=[2021, 2024])).status == status


def test_a_baseline_of_another_method_is_never_used_silently() -> None:
    from aimaq.monitoring.targets import srs_targets

    rural = next(t for t in srs_targets() if t.id == "srs_rural_2030")
    result = evaluate_series(rural, pd.Series([55.3, 65.7], index=[2022, 2024]))
    assert result.caveat is not None and "not comparable" in result.caveat
    assert "CAUTION" in result.reason and "method" in result.reason
    national = next(t for t in srs_targets() if t.id == "srs_national_2028")
    assert evaluate_series(national, pd.Series([64.1, 66.1], index=[2021, 2024])).caveat is None


def test_status_from_where_the_interval_lies() -> None:
    years = np.arange(2015, 2025)
    rising = pd.Series(58 + 1.2 * (years - 2015) + np.array([0.1, -0.1] * 5), index=years)
    on = evaluate_series(_target(), rising)
    assert on.status == "on_track"
    assert on.reason.endswith("even the pessimistic end of the interval meets the target 70.0")
    flat = pd.Series(60 + 0.05 * (years - 2015) + np.array([0.1, -0.1] * 5), index=years)
    off = evaluate_series(_target(), flat)
    assert off.status == "off_track" and off.forecast_upper is not None and off.forecast_upper < 70
    assert off.reason.endswith("even the optimistic end of the interval misses the target 70.0")
    noisy = pd.Series(
        60 + 1.0 * (years - 2015) + np.array([3, -3, 2, -2, 3, -3, 2, -2, 3, -3.0]), index=years
    )
    risky = evaluate_series(_target(), noisy)
    assert risky.status == "at_risk"
    assert risky.forecast_lower is not None and risky.forecast_upper is not None
    assert risky.forecast_lower < 70 < risky.forecast_upper
    assert risky.reason.endswith("the interval holds both sides of the target 70.0")


def test_achieved_and_down_targets() -> None:
    down = _target(
        direction="down",
        baseline={"value": 5.0, "year": 2020},
        target={"value": 4.2, "year": 2027},
        indicator="unemployment_rate",
    )
    result = evaluate_series(down, pd.Series([5.0, 4.6, 4.1], index=[2020, 2021, 2022]))
    assert result.status == "achieved"


def test_trajectory_replaces_the_forecast() -> None:
    plan = pd.Series([66.0, 68.0, 70.5], index=[2026, 2027, 2028])
    result = evaluate_series(
        _target(), pd.Series([64.1, 66.1], index=[2021, 2024]), trajectory=plan
    )
    assert (
        result.status == "on_track"
        and result.forecast_model == "plan trajectory"
        and result.forecast_value == 70.5
    )


def test_bad_target_definitions_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="target year 2019 is not after the baseline year 2021"):
        _target(target={"value": 70, "year": 2019})
    path = tmp_path / "t.yaml"
    path.write_text(
        "targets:\n  - {id: a, name_en: A, indicator: x, direction: up, unit: '%', source: s,\n"
        "     baseline: {value: 60, year: 2021}, target: {value: 70, year: 2019}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match=r"t\.yaml: targets\.0: .*target year 2019"):
        load_targets(path)
    path.write_text("targets: [{id: a}]\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"targets\.0\.name_en: Field required"):
        load_targets(path)


def test_shipped_targets_load() -> None:
    targets = {t.id: t for t in load_targets()}
    assert targets["srs_national_2028"].target.value == 70.0
    assert targets["srs_urban_2030"].target.value == 96.0
    assert targets["srs_rural_2030"].target.value == 71.0
    assert targets["rural_unemployment_2027"].direction == "down"


def _store_with(store: Store, unit: str = "%") -> Store:
    store.replace_rows(
        "territory",
        pd.DataFrame(
            {
                "kato": ["000000000", "100000000", "110000000"],
                "parent_kato": [None, "000000000", "000000000"],
                "level": ["country", "region", "region"],
                "name_en": ["Kazakhstan", "Abai Region", "Akmola Region"],
            }
        ),
    )
    store.upsert_indicators(
        pd.DataFrame(
            {
                "id": ["srs_provision"],
                "name_en": ["SRS provision"],
                "unit": [unit],
                "polarity": [1],
                "domain": ["srs"],
            }
        )
    )
    years = [str(y) for y in range(2015, 2025)]
    rows = []
    for kato, slope in (("100000000", 0.2), ("110000000", 1.5)):
        rows += [
            {
                "kato": kato,
                "indicator_id": "srs_provision",
                "period": p,
                "value": 55 + slope * i + (0.1 if i % 2 else -0.1),
                "dims": {},
            }
            for i, p in enumerate(years)
        ]
    rows += [
        {"kato": "000000000", "indicator_id": "srs_provision", "period": p, "value": v, "dims": {}}
        for p, v in (("2021", 64.1), ("2024", 66.1))
    ]
    store.write_observations(pd.DataFrame(rows), source="test", sha256="t", importer="test")
    return store


def test_evaluate_on_stored_data_ranks_regions_by_risk(mem_store: Store) -> None:
    store = _store_with(mem_store)
    national = evaluate(store, load_targets(), level="national")
    by_id = {r.target_id: r for r in national}
    assert by_id["srs_national_2028"].status == "at_risk_pace"
    assert by_id["srs_national_2028"].latest_value == 66.1
    assert by_id["sme_share_gdp_2030"].status == "no_data"
    assert "not in the catalogue" in by_id["sme_share_gdp_2030"].reason
    assert by_id["srs_urban_2030"].status == "no_data"  # no urban series stored
    regional = evaluate(store, load_targets(), level="region")
    assert [r.kato for r in regional] == ["100000000", "110000000"]
    assert regional[0].status == "off_track" and regional[1].status == "on_track"
    assert (
        regional[0].baseline_year == 2015
    )  # a region's own first value, not the national baseline


def test_unit_mismatch_is_a_clear_error(mem_store: Store) -> None:
    store = _store_with(mem_store, unit="share")
    with pytest.raises(
        ValidationError,
        match="unit '%' does not match the unit 'share' of indicator 'srs_provision'",
    ):
        evaluate(store, load_targets()[:1])
