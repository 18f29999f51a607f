from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimaq.data.importers.markers import ABSENT, CONFIDENTIAL, NO_DATA, parse_cell, scaled
from aimaq.data.importers.periods import normalise_period, period_span, taldau_period


@pytest.mark.parametrize(
    ("raw", "value", "flag"),
    [
        (12, 12.0, None),
        ("1 234,5", 1234.5, None),
        ("1\u00a0234", 1234.0, None),
        ("1,234.5", 1234.5, None),
        ("0,0", 0.0, None),
        ("-", 0.0, ABSENT),
        ("х", None, CONFIDENTIAL),  # Cyrillic
        ("x", None, CONFIDENTIAL),  # Latin look-alike
        ("...", None, NO_DATA),
        ("…", None, NO_DATA),
        (None, None, NO_DATA),
        ("-12,5", -12.5, None),
    ],
)
def test_cells_and_marks(raw: object, value: float | None, flag: str | None) -> None:
    cell = parse_cell(raw)
    assert cell.value == value
    assert cell.flag == flag


@pytest.mark.parametrize("raw", ["abc", "12a", "1.2.3", True, [1], "inf", float("inf")])
def test_non_numbers_are_refused(raw: object) -> None:
    with pytest.raises(ValueError, match="not a"):
        parse_cell(raw)


@settings(max_examples=60, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_decimal_comma_round_trip(x: float) -> None:
    text = repr(x).replace(".", ",")
    assert parse_cell(text).value == pytest.approx(x)


@pytest.mark.parametrize(
    ("name", "when", "expected"),
    [
        ("2023 год", "31.12.2023", "2023"),
        ("2001 год", None, "2001"),
        ("1 квартал 2022 года", "31.03.2022", "2022Q1"),
        ("IV квартал 2021 г.", None, "2021Q4"),
        ("январь-июнь 2021 года", "30.06.2021", "2021Q2"),
        ("январь-сентябрь 2020 года", None, "2020Q3"),
        ("январь-май 2020 года", None, "2020-05"),
        ("", "31.12.2019", "2019"),
    ],
)
def test_taldau_periods(name: str, when: str | None, expected: str) -> None:
    assert taldau_period(name, when) == expected


@pytest.mark.parametrize(
    ("name", "when"),
    [("2023 год", "31.12.2022"), ("прошлый год", None), ("2023 год", "32.12.2023")],
)
def test_bad_taldau_periods(name: str, when: str | None) -> None:
    with pytest.raises(ValueError):
        taldau_period(name, when)


def test_period_forms_and_spans() -> None:
    assert normalise_period(2022.0) == "2022"
    assert normalise_period("2022-q4") == "2022Q4"
    assert normalise_period("2023-02") == "2023-02"
    assert normalise_period("01.01.2023") == "2023-01-01"
    with pytest.raises(ValueError, match="not a calendar date"):
        normalise_period("2023-02-30")
    with pytest.raises(ValueError, match="not a period"):
        normalise_period("FY2022")
    assert period_span("2024Q1") == (date(2024, 1, 1), date(2024, 3, 31))
    assert period_span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_span("2022") == (date(2022, 1, 1), date(2022, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_scaling_to_thousands_and_millions_is_exact(n: int) -> None:
    # the correctly rounded quotient is the reference: tenge -> thousand / million tenge
    assert scaled(float(n), 1e-3) == n / 1e3
    assert scaled(float(n), 1e-6) == n / 1e6


def test_scaling_keeps_none_and_identity() -> None:
    assert scaled(None, 1e-6) is None
    assert scaled(2.5, 1.0) == 2.5
    assert scaled(1344334600000.0, 1e-6) == 1344334.6 != 1344334600000.0 * 1e-6
