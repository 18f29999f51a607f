"""The trigger language: parsing, checks, and three-valued evaluation on hand-worked cases."""

from __future__ import annotations

import pytest

from aimaq.errors import ValidationError
from aimaq.strategy.evaluate import evaluate
from aimaq.strategy.rules import Compare, Name, check_relative, parse, render, usage
from aimaq.strategy.table_facts import TableFacts


def test_precedence_and_round_trip() -> None:
    tree = parse("a > 1 or b < 2 and not c == 3")
    assert render(tree) == "a > 1 or (b < 2 and not c == 3)"
    # "and" binds tighter than "or"
    assert tree.op == "or" and tree.items[1].op == "and"  # type: ignore[union-attr]
    assert render(parse("(a + b) * 2 > c")) == "(a + b) * 2 > c"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty trigger"),
        ("a >", "unexpected 'end'"),
        ("a > 1 1", "unexpected '1'"),
        ("srs_gap(area=rural", "expected ',' or ')'"),
        ("__import__('os') > 1", "unknown function '__import__'"),
        ("a.b > 1", "unexpected character '.'"),
        ("srs_gap(colour=red) > 1", "takes no argument 'colour'"),
        ("open('x') > 1", "unknown function 'open'"),
    ],
)
def test_malformed_triggers_are_refused_with_the_place(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


def test_relative_names_need_an_indicator_on_the_other_side() -> None:
    check_relative(parse("poverty_rate > 1.2 * national"))
    with pytest.raises(ValidationError, match="indicator id on the other side"):
        check_relative(parse("2 > national"))


def test_usage_lists_what_a_trigger_reads() -> None:
    u = usage(parse("u > national and tag(border_district) and kpi(rural_poverty) == 'off_track'"))
    assert u.indicators == {"u"} and u.tags == {"border_district"} and u.kpis == {"rural_poverty"}
    assert isinstance(parse("u > national"), Compare)
    assert parse("u > national").left == Name("u")  # type: ignore[union-attr]


FACTS = TableFacts(
    "R",
    {"u": (12.0, 2023), "p": (5.0, 2023)},
    nation={"u": (8.0, 2023), "p": (10.0, 2023)},
    tags={"single_industry_town": True},
    kpis={"rural_poverty": "off_track"},
)


def test_hand_worked_margins() -> None:
    # 12 > 1.2 * 8 = 9.6: holds by (12 - 9.6) / 9.6 = 0.25
    out = evaluate(parse("u > 1.2 * national"), FACTS)
    assert out.fired is True and out.margin == pytest.approx(0.25)
    assert [(f.what, f.value, f.year) for f in out.evidence] == [
        ("u", 12.0, 2023),
        ("national u", 8.0, 2023),
    ]
    # p = 5 < 10: holds by (10 - 5) / 10 = 0.5; "and" takes the binding (smallest) margin
    both = evaluate(parse("u > 1.2 * national and p < national"), FACTS)
    assert both.fired is True and both.margin == pytest.approx(0.25)
    assert evaluate(parse("u > 2 * national"), FACTS).fired is False


def test_missing_figures_leave_a_trigger_undecided_not_false() -> None:
    out = evaluate(parse("x > national"), FACTS)
    assert out.fired is None and out.missing
    # False wins over undecided in "and"; True wins over undecided in "or"
    assert evaluate(parse("x > 1 and u < 1"), FACTS).fired is False
    assert evaluate(parse("x > 1 or u > 1"), FACTS).fired is True
    assert evaluate(parse("x > 1 or u < 1"), FACTS).fired is None


def test_tags_and_kpi_status() -> None:
    out = evaluate(parse("tag(single_industry_town)"), FACTS)
    assert out.fired is True and out.margin == 0.0
    assert evaluate(parse("not tag(border_district)"), FACTS).fired is True
    assert evaluate(parse("kpi(rural_poverty) == 'off_track'"), FACTS).fired is True
    assert (
        evaluate(parse("kpi(rural_poverty) == off_track"), FACTS).fired is None
    )  # a name, no figure


def test_a_bare_figure_is_not_a_condition() -> None:
    with pytest.raises(ValidationError, match="must be true or false"):
        evaluate(parse("u"), FACTS)
