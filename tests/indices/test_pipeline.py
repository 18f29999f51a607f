from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from index_cases import HDI_POLARITY, HDI_YAML, small_definition

from aimaq.errors import ValidationError
from aimaq.indices.definition import parse_definition
from aimaq.indices.pipeline import build_index

HDI = parse_definition(yaml.safe_load(HDI_YAML))

# UNDP, Human Development Report 2015, Table 1 (HDI 2014; life expectancy, expected and
# mean years of schooling, GNI per capita in 2011 PPP $), goalposts of the 2015 report:
# 20-85 years, 0-18 and 0-15 years, 100-75,000 $. Inputs are printed rounded, so a value
# recomputed from them may differ from the published one by up to 0.001.
HDR_2015 = pd.DataFrame(
    [
        ("Norway", 0.944, 81.6, 17.5, 12.6, 64992),
        ("Australia", 0.935, 82.4, 20.2, 13.0, 42261),
        ("Switzerland", 0.930, 83.0, 15.8, 12.8, 56431),
        ("Denmark", 0.923, 80.2, 18.7, 12.7, 44025),
        ("Netherlands", 0.922, 81.6, 17.9, 11.9, 45435),
        ("Germany", 0.916, 80.9, 16.5, 13.1, 43919),
        ("Ireland", 0.916, 80.9, 18.6, 12.2, 39568),
        ("United States", 0.915, 79.1, 16.5, 12.9, 52947),
        ("Canada", 0.913, 82.0, 15.9, 13.0, 42155),
        ("New Zealand", 0.913, 81.8, 19.2, 12.5, 32689),
        ("Singapore", 0.912, 83.0, 15.4, 10.6, 76628),
        ("Sweden", 0.907, 82.2, 15.8, 12.1, 45636),
    ],
    columns=["unit", "hdi", "life_expectancy", "expected_schooling", "mean_schooling", "income_pc"],
).set_index("unit")


def test_hdi_hand_worked_case_to_three_decimals() -> None:
    # Life expectancy 72.5, expected schooling 15, mean schooling 12, GNI pc 20,000 $:
    # health    = (72.5 - 20) / (85 - 20)                       = 0.8077
    # education = (15 / 18 + 12 / 15) / 2 = (0.8333 + 0.8) / 2     = 0.8167
    # income    = (ln 20000 - ln 100) / (ln 75000 - ln 100)
    #           = ln 200 / ln 750 = 5.2983 / 6.6201               = 0.8003
    # HDI       = (0.8077 * 0.8167 * 0.8003) ** (1/3) = 0.5279 ** (1/3) = 0.808
    data = pd.DataFrame(
        {
            "life_expectancy": [72.5],
            "expected_schooling": [15.0],
            "mean_schooling": [12.0],
            "income_pc": [20000.0],
        },
        index=["X"],
    )
    r = build_index(HDI, data, polarity=HDI_POLARITY)
    assert round(r.groups.at["X", "health"], 4) == 0.8077
    assert round(r.groups.at["X", "education"], 4) == 0.8167
    assert round(r.groups.at["X", "income"], 4) == 0.8003
    assert round(float(r.scores["X"]), 3) == 0.808


def test_hdi_worked_example_of_the_hdr_2020_technical_notes() -> None:
    # HDR 2020 technical notes, worked example: GNI per capita 3,829 $ gives an income
    # index of (ln 3829 - ln 100) / (ln 75000 - ln 100) = 0.5506, and with a life
    # expectancy index of 0.6971 and an education index of 0.3447 the HDI is
    # (0.6971 * 0.3447 * 0.5506) ** (1/3) = 0.510. Inputs giving exactly those two
    # indices: life expectancy 20 + 0.6971 * 65, schooling 0.3447 * 18 and 0.3447 * 15.
    data = pd.DataFrame(
        {
            "life_expectancy": [20 + 0.6971 * 65],
            "expected_schooling": [0.3447 * 18],
            "mean_schooling": [0.3447 * 15],
            "income_pc": [3829.0],
        },
        index=["X"],
    )
    r = build_index(HDI, data, polarity=HDI_POLARITY)
    assert round(r.groups.at["X", "income"], 4) == 0.5506
    assert round(r.groups.at["X", "education"], 4) == 0.3447
    assert round(float(r.scores["X"]), 3) == 0.510


def test_hdi_reproduces_published_hdr_values() -> None:
    r = build_index(HDI, HDR_2015.drop(columns="hdi"), polarity=HDI_POLARITY)
    diff = (r.scores - HDR_2015["hdi"]).abs()
    assert diff.max() < 0.001, diff.sort_values().tail(3)
    # where inputs are not close to a rounding edge the three decimals agree exactly
    for country in ("Norway", "Australia", "Denmark", "Netherlands", "United States"):
        assert round(float(r.scores[country]), 3) == HDR_2015.at[country, "hdi"]
    # the goalposts cap: Australia's 20.2 expected years count as 18
    assert r.normalised.at["Australia", "expected_schooling"] == 1.0
    # the ranking follows the published one
    assert r.ranks["Norway"] == 1


def test_small_index_by_hand(small_data: pd.DataFrame) -> None:
    d = parse_definition(small_definition())
    r = build_index(d, small_data)
    x = small_data
    mm = (x - x.min()) / (x.max() - x.min())
    p1 = (mm["a"] + mm["b"]) / 2
    p2 = (mm["c"] + mm["d"]) / 2
    np.testing.assert_allclose(r.groups["p1"], p1)
    np.testing.assert_allclose(r.scores, (p1 + p2) / 2)
    assert list(r.table().columns[:3]) == ["unit", "score", "rank"]
    assert r.table()["rank"].is_monotonic_increasing


def test_polarity_from_catalogue_and_override(small_data: pd.DataFrame) -> None:
    raw = small_definition()
    for ind in raw["indicators"]:
        del ind["polarity"]
    raw["indicators"][0]["polarity"] = -1
    d = parse_definition(raw)
    r = build_index(d, small_data, polarity={"a": 1, "b": 1, "c": 1, "d": -1})
    assert r.polarity == {"a": -1, "b": 1, "c": 1, "d": -1}
    assert r.normalised["a"].iloc[0] == 1.0  # lowest a is best with polarity -1
    with pytest.raises(ValidationError, match="indicator 'd': no polarity"):
        build_index(d, small_data, polarity={"b": 1, "c": 1, "d": 0})


def test_weights_and_other_aggregations(small_data: pd.DataFrame) -> None:
    raw = small_definition()
    raw["groups"][2]["weights"] = {"p1": 3, "p2": 1}
    r = build_index(parse_definition(raw), small_data)
    np.testing.assert_allclose(r.scores, 0.75 * r.groups["p1"] + 0.25 * r.groups["p2"])
    assert r.weights["top"].tolist() == [0.75, 0.25]
    raw = small_definition()
    raw["groups"][2]["aggregate"] = "copeland"
    raw["groups"][0]["weighting"] = "bod"
    raw["groups"][1]["weighting"] = "pca"
    r = build_index(parse_definition(raw), small_data)
    assert r.scores.between(0, 1).all()
    assert r.weights["p2"].sum() == pytest.approx(1.0)


def test_stage_weights_choose_per_unit_weights(small_data: pd.DataFrame) -> None:
    raw = small_definition(auxiliary=[{"id": "gdp"}])
    raw["groups"][2]["stages"] = {
        "indicator": "gdp",
        "breaks": [100],
        "weights": [{"p1": 1, "p2": 0}, {"p1": 0, "p2": 1}],
    }
    data = small_data.assign(gdp=[1.0, 1, 1, 1, 3, 3, 3, 3])  # mean 2: first four below
    r = build_index(parse_definition(raw), data)
    np.testing.assert_allclose(r.scores.iloc[:4], r.groups["p1"].iloc[:4])
    np.testing.assert_allclose(r.scores.iloc[4:], r.groups["p2"].iloc[4:])


def test_denominator_and_log_transform(small_data: pd.DataFrame) -> None:
    raw = small_definition()
    raw["indicators"][0].update({"denominator": "pop", "scale": 1000})
    raw["indicators"][1]["transform"] = "log"
    data = small_data.assign(pop=[1.0, 2, 1, 2, 1, 2, 1, 2])
    r = build_index(parse_definition(raw), data)
    per = data["a"] / data["pop"]
    np.testing.assert_allclose(r.normalised["a"], (per - per.min()) / (per.max() - per.min()))
    lb = np.log(data["b"])
    np.testing.assert_allclose(r.normalised["b"], (lb - lb.min()) / (lb.max() - lb.min()))


def test_bad_input_errors(small_data: pd.DataFrame) -> None:
    d = parse_definition(small_definition())
    with pytest.raises(ValidationError, match=r"unknown indicator id\(s\) \['d'\]"):
        build_index(d, small_data.drop(columns="d"))
    with pytest.raises(ValidationError, match="c: all values are equal"):
        build_index(d, small_data.assign(c=4.0))
    gap = small_data.copy()
    gap.loc["u3", "b"] = np.nan
    with pytest.raises(
        ValidationError,
        match=r"indicator 'b' is missing for unit\(s\) \['u3'\]; missing values are not zeros",
    ):
        build_index(d, gap)
    with pytest.raises(ValidationError, match=r"indicator\(s\) \['a'\] have no data"):
        build_index(d, small_data.assign(a=np.nan))


def test_imputation_is_recorded(small_data: pd.DataFrame) -> None:
    d = parse_definition(small_definition(preprocess={"impute": "median"}))
    gap = small_data.copy()
    gap.loc["u3", "b"] = np.nan
    r = build_index(d, gap)
    assert len(r.imputed) == 1
    rec = r.imputed[0]
    assert (rec.unit, rec.indicator, rec.method) == ("u3", "b", "median")
    assert rec.value == float(gap["b"].median())


def test_outlier_treatment_is_recorded(small_data: pd.DataFrame) -> None:
    d = parse_definition(small_definition(preprocess={"outliers": "winsorise"}))
    data = small_data.assign(a=[1.0, 2, 3, 4, 5, 6, 7, 400])
    r = build_index(d, data)
    assert [t.indicator for t in r.treated] == ["a"]
    assert r.treated[0].changed >= 1


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(*[st.floats(0.5, 100.0) for _ in range(4)]), min_size=4, max_size=15),
    st.sampled_from(["arithmetic", "geometric", "copeland"]),
)
def test_scores_stay_in_range(rows: list[tuple[float, ...]], method: str) -> None:
    data = pd.DataFrame(rows, columns=list("abcd"), index=[f"u{i}" for i in range(len(rows))])
    if (data.max() - data.min()).min() < 1e-6:
        return
    raw = small_definition()
    for g in raw["groups"]:
        g["aggregate"] = method
    r = build_index(parse_definition(raw), data)
    assert r.scores.between(-1e-12, 1 + 1e-12).all()
    assert r.ranks.min() == 1 and r.ranks.max() <= len(rows)
    assert not math.isnan(float(r.scores.sum()))
