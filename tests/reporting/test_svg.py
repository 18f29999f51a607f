from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from sample_store import REGIONS

from aimaq.reporting.charts import bar_chart_svg, line_chart_svg, sparkline_svg, stacked_bar_svg
from aimaq.reporting.classify import NO_DATA_COLOUR, palette, quantile_breaks
from aimaq.reporting.maps import choropleth_svg

SVG = "{http://www.w3.org/2000/svg}"


def _values() -> dict[str, float]:
    katos = [kato for kato, *_ in REGIONS]
    return {k: float(i * i) for i, k in enumerate(katos)}


def test_choropleth_fills_follow_the_classes() -> None:
    values = _values()
    del values["620000000"]  # no data for one region
    svg = choropleth_svg(
        values,
        names={"110000000": "Ақмола <облысы>"},
        title="Т & т",
        legend_title="%",
        no_data="дерек жоқ",
        fmt=lambda v: f"{v:.0f}",
        hatched=frozenset({"190000000"}),
    )
    root = ET.fromstring(svg)  # well-formed, names escaped
    regions = {
        p.get("data-kato"): p.get("fill")
        for p in root.iter(f"{SVG}path")
        if p.get("class") == "region"
    }
    assert len(regions) == 20
    assert regions["620000000"] == NO_DATA_COLOUR
    order = sorted(regions)
    classes = quantile_breaks([values.get(k, math.nan) for k in order], 5)
    colours = palette(5)
    for kato, cls in zip(order, classes.index, strict=True):
        assert regions[kato] == (colours[cls] if cls >= 0 else NO_DATA_COLOUR)
    assert sum(1 for p in root.iter(f"{SVG}path") if p.get("fill") == "url(#hatch)") == 1
    legend_rects = [r for r in root.iter(f"{SVG}rect")]
    assert len(legend_rects) == 6  # five classes and "no data"
    assert "Ақмола &lt;облысы&gt;" in svg
    # the three cities are marked with dots
    assert len(list(root.iter(f"{SVG}circle"))) == 3


def test_worse_when_higher_uses_the_red_scheme() -> None:
    svg = choropleth_svg(
        _values(), names={}, title="t", legend_title="", no_data="-", fmt=str, polarity=-1
    )
    assert palette(5, -1)[-1] in svg and palette(5, 1)[-1] not in svg


def test_bar_lengths_are_proportional_to_values() -> None:
    svg = bar_chart_svg(["a", "b", "c"], [1.0, 2.0, 4.0], fmt=str)
    widths = [float(r.get("width")) for r in ET.fromstring(svg).iter(f"{SVG}rect")]
    assert widths[1] / widths[0] == __import__("pytest").approx(2.0, rel=1e-2)
    assert widths[2] / widths[0] == __import__("pytest").approx(4.0, rel=1e-2)


def test_bars_with_intervals_and_reference_and_missing() -> None:
    svg = bar_chart_svg(
        ["a", "b"],
        [3.0, math.nan],
        fmt=str,
        intervals=[(1.0, 5.0), (math.nan, math.nan)],
        reference=2.0,
        reference_label="KZ",
    )
    root = ET.fromstring(svg)
    assert len(list(root.iter(f"{SVG}rect"))) == 1
    assert sum(1 for p in root.iter(f"{SVG}path") if p.get("class") == "whisker") == 1
    assert len(list(root.iter(f"{SVG}line"))) == 1


def test_lines_sparklines_and_stacks_are_well_formed() -> None:
    for svg in (
        line_chart_svg(
            [2020, 2021, 2022], [("a", [1.0, 2.0, 3.0]), ("ә", [3.0, math.nan, 1.0])], fmt=str
        ),
        sparkline_svg([1.0, 2.0, 1.5], [1.2, 1.3, 1.4]),
        stacked_bar_svg(["x", "y"], [("p", [1.0, 2.0]), ("q", [0.5, math.nan])], fmt=str),
    ):
        assert ET.fromstring(svg).tag == f"{SVG}svg"
    assert line_chart_svg([], [], fmt=str) == ""
    assert sparkline_svg([1.0]) == ""
