"""Sigma and beta convergence and Markov chains, against hand-worked cases and formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aimaq.analysis.convergence import beta_convergence, markov_transitions, sigma_convergence


def test_beta_recovers_a_known_convergence_speed() -> None:
    rng = np.random.default_rng(0)
    y0 = rng.lognormal(5, 0.7, 40)
    speed, years = 0.05, 10
    # ln y_T = a + exp(-lambda T) ln y_0 exactly: beta = -(1 - exp(-lambda T)) / T
    yT = np.exp(0.8 + math.exp(-speed * years) * np.log(y0))
    b = beta_convergence(y0, yT, years)
    assert b.beta == pytest.approx(-(1 - math.exp(-speed * years)) / years, abs=1e-12)
    assert b.speed == pytest.approx(speed, abs=1e-12)
    assert b.half_life == pytest.approx(math.log(2) / speed, abs=1e-9)
    assert b.r2 == pytest.approx(1.0)


def test_beta_standard_errors_are_hc1_computed_by_hand() -> None:
    rng = np.random.default_rng(3)
    y0 = rng.lognormal(4, 0.5, 25)
    yT = y0 * np.exp(rng.normal(0.3, 0.1, 25) - 0.05 * np.log(y0))
    b = beta_convergence(y0, yT, 5)
    x = np.column_stack([np.ones(25), np.log(y0)])
    g = np.log(yT / y0) / 5
    coef = np.linalg.lstsq(x, g, rcond=None)[0]
    e = g - x @ coef
    bread = np.linalg.inv(x.T @ x)
    cov = bread @ (x.T * e**2) @ x @ bread * 25 / (25 - 2)
    assert b.beta == pytest.approx(coef[1], abs=1e-12)
    assert b.alpha == pytest.approx(coef[0], abs=1e-12)
    assert b.beta_se == pytest.approx(math.sqrt(cov[1, 1]), rel=1e-9)


def test_conditional_beta_reports_control_coefficients() -> None:
    rng = np.random.default_rng(4)
    y0 = rng.lognormal(4, 0.5, 30)
    z = rng.normal(0, 1, 30)
    yT = y0 * np.exp(0.5 - 0.04 * np.log(y0) + 0.02 * z)
    b = beta_convergence(y0, yT, 1, controls={"investment": z})
    assert b.conditional
    assert b.controls["investment"] == pytest.approx(0.02, abs=1e-10)
    assert b.beta == pytest.approx(-0.04, abs=1e-10)


def test_divergence_has_no_half_life() -> None:
    b = beta_convergence([1.0, 2.0, 4.0, 8.0], [1.0, 2.5, 6.0, 15.0], 4)
    assert b.beta > 0
    assert math.isnan(b.speed) and math.isnan(b.half_life)


def test_sigma_follows_the_standard_deviation_of_logs() -> None:
    panel = np.array(
        [[1.0, 1.2, 1.5, 1.8, 2.0], [4.0, 3.8, 3.5, 3.0, 2.9], [2.0, 2.0, 2.1, 2.1, 2.2]]
    )
    years = [2019, 2020, 2021, 2022, 2023]
    s = sigma_convergence(panel, years)
    expected = np.log(panel).std(axis=0)
    assert s.dispersion == pytest.approx(tuple(expected), abs=1e-15)
    assert s.slope == pytest.approx(np.polyfit(years, expected, 1)[0], abs=1e-12)
    assert s.converging and s.p_value < 0.05
    weighted = sigma_convergence(panel, years, [1.0, 1.0, 100.0])
    assert weighted.dispersion[0] < s.dispersion[0]


def test_markov_hand_worked_chain_and_steady_state() -> None:
    # every period has mean 2, so 1 is class L (below) and 3 is class H (above);
    # the transitions of each row are counted by hand beside it
    panel = np.array(
        [
            [1, 1, 1, 3],  # L L L H: LL, LL, LH
            [3, 3, 3, 3],  # H H H H: HH x3
            [1, 3, 1, 1],  # L H L L: LH, HL, LL
            [3, 1, 3, 1],  # H L H L: HL, LH, HL
        ],
        dtype=float,
    )
    m = markov_transitions(panel, classes=2)
    # L row: LL 3, LH 3 ; H row: HH 3, HL 3
    assert m.counts.tolist() == [[3, 3], [3, 3]]
    assert m.transition.tolist() == [[0.5, 0.5], [0.5, 0.5]]
    assert m.steady_state.tolist() == pytest.approx([0.5, 0.5])


def test_markov_skips_transitions_across_gaps() -> None:
    panel = np.array([[1, 1, 3, 3], [3, 3, 1, 1]], dtype=float)
    m = markov_transitions(panel, classes=2, periods=[2009, 2014, 2015, 2016])
    # kept steps 2014->2015 (L->H, H->L) and 2015->2016 (H->H, L->L); 2009->2014 skipped
    assert m.counts.tolist() == [[1, 1], [1, 1]]
    assert "1 gap(s)" in m.note


def test_markov_steady_state_solves_pi_p_equals_pi() -> None:
    rng = np.random.default_rng(9)
    panel = rng.lognormal(0, 0.4, (60, 12))
    m = markov_transitions(panel, classes=4)
    assert m.transition.sum(axis=1) == pytest.approx(np.ones(4))
    assert m.steady_state @ m.transition == pytest.approx(m.steady_state, abs=1e-12)
    assert m.steady_state.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sigma_convergence([[1.0, 2.0, 3.0]], [1, 2, 3]), "at least 2 territories"),
        (lambda: sigma_convergence([[1.0, 2.0], [1.0, float("nan")]], [1, 2]), "row 1, column 1"),
        (lambda: sigma_convergence([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]], [1, 2]), "3 panel columns"),
        (
            lambda: beta_convergence([1.0, 2.0, 3.0], [1.0, -2.0, 3.0], 2),
            "final must be positive.*index 1",
        ),
        (lambda: beta_convergence([1.0, 2.0], [1.0, 2.0, 3.0], 2), "initial has 2 values"),
        (lambda: beta_convergence([1.0, 2.0], [1.5, 2.5], 2), "more territories"),
        (lambda: markov_transitions([[1.0, 1.0], [1.0, 1.0]], classes=3), "not distinct"),
    ],
)
def test_bad_panels_are_named(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def _newey_west_slope_se(t: np.ndarray, y: np.ndarray, lags: int) -> tuple[float, float]:
    """OLS slope and its Newey-West (Bartlett) standard error, written out by hand."""
    x = np.column_stack([np.ones_like(t), t])
    coef = np.linalg.lstsq(x, y, rcond=None)[0]
    u = y - x @ coef
    scores = x * u[:, None]
    meat = scores.T @ scores
    for lag in range(1, lags + 1):
        gamma = scores[lag:].T @ scores[:-lag]
        meat += (1 - lag / (lags + 1)) * (gamma + gamma.T)
    bread = np.linalg.inv(x.T @ x)
    return float(coef[1]), math.sqrt((bread @ meat @ bread)[1, 1])


def test_sigma_p_value_is_student_t_with_n_minus_2_df_on_a_short_series() -> None:
    from scipy import stats

    # 6 periods, 4 territories: a falling but noisy dispersion
    panel = np.array(
        [
            [1.0, 1.1, 1.3, 1.2, 1.5, 1.6],
            [3.0, 2.8, 2.9, 2.6, 2.7, 2.4],
            [2.0, 2.1, 1.9, 2.2, 2.0, 2.1],
            [5.0, 4.1, 4.6, 3.9, 4.2, 3.6],
        ]
    )
    years = np.arange(2018, 2024, dtype=float)
    s = sigma_convergence(panel, years)
    disp = np.log(panel).std(axis=0)
    # lags = floor(4 (n / 100)^(2/9)) = 2 for n = 6 (Newey and West 1994)
    slope, se = _newey_west_slope_se(years, disp, lags=2)
    p = 2 * stats.t.sf(abs(slope / se), df=len(years) - 2)
    assert s.slope == pytest.approx(slope, rel=1e-10)
    assert s.slope_se == pytest.approx(se, rel=1e-7)  # years near 2020: x.T x is ill-conditioned
    assert s.df == 4
    assert s.p_value == pytest.approx(p, rel=1e-6)
    # the normal approximation this replaces claims far more evidence than t(4) allows
    assert 2 * stats.norm.sf(abs(slope / se)) < s.p_value / 2


def test_beta_p_value_uses_student_t_with_n_minus_k_df() -> None:
    from scipy import stats

    rng = np.random.default_rng(5)
    y0 = rng.lognormal(4, 0.5, 8)
    yT = y0 * np.exp(rng.normal(0.3, 0.1, 8) - 0.05 * np.log(y0))
    b = beta_convergence(y0, yT, 5)
    assert b.df == 6
    assert b.beta_p == pytest.approx(2 * stats.t.sf(abs(b.beta / b.beta_se), df=6), rel=1e-9)
