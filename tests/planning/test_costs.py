"""The cost model: loading, validation with keys, pricing gaps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from aimaq.errors import ValidationError
from aimaq.planning.costs import load_cost_model, price_gaps


def gap_frame(**overrides: object) -> pd.DataFrame:
    row = {
        "kato": "111000001",
        "norm_id": "edu_school",
        "area": "education",
        "population": 700.0,
        "region_kato": "110000000",
    }
    row.update(overrides)
    return pd.DataFrame([row])


def test_default_model_covers_the_twelve_areas() -> None:
    model = load_cost_model()
    assert len(model.areas) == 12
    assert model.band_of(1000) == "small" and model.band_of(1001) == "medium"
    assert model.band_of(10**7) == "city"


def test_price_by_band_region_coefficient_and_duration(tmp_path: Path) -> None:
    text = (
        "size_bands: [{name: s, max_population: 500}, {name: l}]\n"
        "region_coefficients: {'110000000': 1.5}\n"
        "areas: {education: {unit_cost: {s: 10, l: 20}, duration_years: 2}}\n"
        "norms: {edu_special: {unit_cost: {s: 1, l: 2}}}\n"
        "running_cost_share: 0.1\n"
    )
    path = tmp_path / "c.yaml"
    path.write_text(text)
    model = load_cost_model(path)
    gaps = pd.concat(
        [
            gap_frame(population=400.0),
            gap_frame(population=600.0, region_kato="150000000"),
            gap_frame(norm_id="edu_special", population=400.0, region_kato="150000000"),
        ]
    )
    priced = price_gaps(gaps, model)
    assert priced["cost_kzt"].tolist() == [15.0, 20.0, 1.0]  # 10 x 1.5; 20; the norm's own entry
    assert priced["duration_years"].tolist() == [2, 2, 1]
    assert priced["running_cost_kzt"].tolist() == pytest.approx([1.5, 2.0, 0.1])


def test_missing_norm_is_named_with_its_gap_count(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("size_bands: [{name: all}]\nareas: {education: {unit_cost: {all: 5}}}\n")
    gaps = pd.concat(
        [
            gap_frame(),
            gap_frame(kato="111000002", norm_id="hc_clinic", area="healthcare"),
            gap_frame(kato="111000003", norm_id="hc_clinic", area="healthcare"),
        ]
    )
    with pytest.raises(ValidationError, match=r"hc_clinic \(area healthcare\): 2 gap"):
        price_gaps(gaps, load_cost_model(path))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "size_bands: [{name: a}]\nareas: {education: {unit_cost: {a: -5}}}\n",
            "areas.education.unit_cost",
        ),
        ("size_bands: [{name: a}, {name: b}]\nareas: {}\n", "only the last band may be open"),
        (
            "size_bands: [{name: a}]\nareas: {education: {unit_cost: {b: 5}}}\n",
            "areas.education.unit_cost: no cost for band",
        ),
        (
            "size_bands: [{name: a}]\nareas: {education: {unit_cost: {a: 5}, duration_years: 0}}\n",
            "areas.education.duration_years",
        ),
        ("size_bands: [{name: a}]\nbudget: 5\n", "budget"),
    ],
)
def test_bad_cost_model_points_to_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ValidationError) as err:
        load_cost_model(path)
    assert key in str(err.value) and str(path) in str(err.value)


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no such file"):
        load_cost_model(tmp_path / "none.yaml")
    bad = tmp_path / "b.yaml"
    bad.write_text("size_bands: [\n")
    with pytest.raises(ValidationError, match="not valid YAML"):
        load_cost_model(bad)
