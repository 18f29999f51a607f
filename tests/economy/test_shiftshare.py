"""Shift-share, classic and Esteban-Marquillas, on a case worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from aimaq.economy.shiftshare import shift_share
from aimaq.errors import ValidationError

# Two regions, two sectors. Nation: (400, 600) -> (470, 630), G = 0.1,
# g = (0.175, 0.05). Region 1: (100, 100) -> (110, 140), r = (0.1, 0.4).
START = [[100, 100], [300, 500]]
END = [[110, 140], [360, 490]]


def test_classic_components_by_hand() -> None:
    ss = shift_share(START, END)
    assert ss.national_growth == pytest.approx(0.1)
    # region 1, sector 1: 100*0.1, 100*(0.175-0.1), 100*(0.1-0.175)
    assert ss.national[0].tolist() == pytest.approx([10.0, 10.0])
    assert ss.industry_mix[0].tolist() == pytest.approx([7.5, -5.0])
    assert ss.regional_share[0].tolist() == pytest.approx([-7.5, 35.0])
    # region 2: 300*0.1, 300*0.075, 300*(0.2-0.175); 500*0.1, 500*(-0.05), 500*(-0.02-0.05)
    assert ss.national[1].tolist() == pytest.approx([30.0, 50.0])
    assert ss.industry_mix[1].tolist() == pytest.approx([22.5, -25.0])
    assert ss.regional_share[1].tolist() == pytest.approx([7.5, -35.0])
    totals = ss.totals()
    assert totals["change"].tolist() == pytest.approx([50.0, 50.0])
    assert totals["regional_share"].tolist() == pytest.approx([27.5, -27.5])


def test_esteban_marquillas_by_hand() -> None:
    ss = shift_share(START, END)
    # homothetic: region total x national start shares (0.4, 0.6)
    assert np.allclose(ss.homothetic, [[80.0, 120.0], [320.0, 480.0]])
    # 80*(-0.075), 120*0.35 ; 20*(-0.075), -20*0.35
    assert ss.competitive[0].tolist() == pytest.approx([-6.0, 42.0])
    assert ss.allocation[0].tolist() == pytest.approx([-1.5, -7.0])
    assert ss.competitive[1].tolist() == pytest.approx([8.0, -33.6])
    assert ss.allocation[1].tolist() == pytest.approx([-0.5, -1.4])


@given(
    arrays(np.float64, (3, 4, 5), elements=st.floats(1, 1e6)),
    arrays(np.float64, (3, 4, 5), elements=st.floats(0, 1e6)),
)
def test_components_add_up(start: np.ndarray, end: np.ndarray) -> None:
    end[..., 0] += 1.0
    ss = shift_share(start, end)
    scale = np.abs(end).max() + np.abs(start).max()
    assert np.allclose(
        ss.national + ss.industry_mix + ss.regional_share, ss.change, atol=1e-9 * scale
    )
    assert np.allclose(ss.competitive + ss.allocation, ss.regional_share, atol=1e-9 * scale)
    # with the nation as the sum of units, regional shares cancel out across units
    assert np.allclose(ss.regional_share.sum(axis=1), 0.0, atol=1e-7 * scale)


def test_undefined_growth_is_an_error() -> None:
    with pytest.raises(
        ValidationError, match=r"start value is zero but end value is not at index \(0, 1\)"
    ):
        shift_share([[10, 0], [5, 5]], [[10, 3], [5, 5]])
