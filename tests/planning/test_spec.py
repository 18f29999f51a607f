"""Targets and floors as the CLI gives them."""

from __future__ import annotations

import pytest

from aimaq.errors import ValidationError
from aimaq.planning.spec import Floor, Target, check_target_years, parse_floor, parse_target


def test_parse() -> None:
    assert parse_target("urban=96@2030") == Target("urban", 96.0, 2030)
    assert parse_target(" rural = 71% @ 2030") == Target("rural", 71.0, 2030)
    assert parse_floor("district=50@2029") == Floor("district", 50.0, 2029)
    assert parse_floor("190000000=55") == Floor("territory", 55.0, None, "190000000")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("national=101@2028", "0..100"),
        ("national=70", "GROUP=PERCENT@YEAR"),
        ("cities=70@2028", "group must be"),
        ("national=-1@2028", "0..100"),
    ],
)
def test_bad_target(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_target(text)


def test_bad_floor() -> None:
    with pytest.raises(ValidationError, match="neither region"):
        parse_floor("oblast=60")
    with pytest.raises(ValidationError, match=r"0\.\.100"):
        parse_floor("region=160")


def test_target_in_a_past_year_is_rejected() -> None:
    with pytest.raises(ValidationError, match="before the plan starts"):
        check_target_years((Target("national", 70, 2024),), 2025, 2030)
    with pytest.raises(ValidationError, match="after the plan ends"):
        check_target_years((Target("national", 70, 2031),), 2025, 2030)
