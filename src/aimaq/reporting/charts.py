"""Small charts as inline SVG: bars with intervals, lines, stacked bars, sparklines.

Plain SVG keeps the HTML report self-contained and renders the same in the browser and in
the PDF (text stays text, so Kazakh letters use the page's fonts).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

SERIES_COLOURS = ("#2c7fb8", "#d95f0e", "#31a354", "#756bb1", "#636363", "#e6550d")


def _nice_range(lo: float, hi: float) -> tuple[float, float]:
    if lo == hi:
        return (lo - 1, hi + 1) if lo != 0 else (0.0, 1.0)
    return lo, hi


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    fmt: Callable[[float], str],
    intervals: Sequence[tuple[float, float]] | None = None,
    reference: float | None = None,
    reference_label: str = "",
    colour: str = SERIES_COLOURS[0],
    width: float = 640,
) -> str:
    """Horizontal bars, one per label, with optional interval whiskers and a reference line.

    Examples
    --------
    >>> svg = bar_chart_svg(["a", "b"], [1.0, 3.0], fmt=str, intervals=[(0.5, 2), (2, 4)])
    >>> svg.count("<rect"), svg.count('class="whisker"')
    (2, 2)
    """
    n = len(labels)
    row, left, right = 18.0, 230.0, 60.0
    height = row * n + 30
    finite = [v for v in values if not math.isnan(v)]
    extra = [x for pair in (intervals or []) for x in pair if not math.isnan(x)]
    if reference is not None:
        extra.append(reference)
    lo, hi = _nice_range(min([0.0, *finite, *extra]), max([0.0, *finite, *extra]))
    plot_w = width - left - right

    def sx(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot_w

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" class="chart">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + i * row
        out.append(
            f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end">{escape(label)}</text>'
        )
        if math.isnan(value):
            continue
        x0, x1 = sorted((sx(0.0), sx(value)))
        out.append(
            f'<rect x="{x0:.1f}" y="{y + 2}" width="{max(x1 - x0, 0.5):.1f}" height="{row - 5}" fill="{colour}"/>'
        )
        if intervals is not None:
            a, b = intervals[i]
            if not (math.isnan(a) or math.isnan(b)):
                ym = y + row / 2
                out.append(
                    f'<path class="whisker" d="M{sx(a):.1f},{ym:.1f}H{sx(b):.1f}M{sx(a):.1f},{ym - 4:.1f}V{ym + 4:.1f}'
                    f'M{sx(b):.1f},{ym - 4:.1f}V{ym + 4:.1f}" stroke="#222" stroke-width="1.2" fill="none"/>'
                )
        tx = max(
            x1,
            sx(intervals[i][1])
            if intervals is not None and not math.isnan(intervals[i][1])
            else x1,
        )
        out.append(
            f'<text x="{tx + 4:.1f}" y="{y + 12}" font-size="10">{escape(fmt(value))}</text>'
        )
    if reference is not None:
        xr = sx(reference)
        out.append(
            f'<line x1="{xr:.1f}" y1="0" x2="{xr:.1f}" y2="{row * n + 6:.1f}" stroke="#c00" stroke-dasharray="4,3"/>'
        )
        out.append(
            f'<text x="{xr:.1f}" y="{row * n + 20:.1f}" font-size="10" fill="#c00" text-anchor="middle">'
            f"{escape(reference_label)} {escape(fmt(reference))}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def line_chart_svg(
    x: Sequence[int],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    fmt: Callable[[float], str],
    width: float = 640,
    height: float = 260,
) -> str:
    """Lines over years, one per named series, with a legend.

    Examples
    --------
    >>> svg = line_chart_svg([2020, 2021], [("a", [1.0, 2.0]), ("b", [2.0, float("nan")])], fmt=str)
    >>> svg.count("<polyline")
    2
    """
    left, right, top, bottom = 56.0, 150.0, 10.0, 26.0
    vals = [v for _, ys in series for v in ys if not math.isnan(v)]
    if not x or not vals:
        return ""
    lo, hi = _nice_range(min(vals), max(vals))
    x0, x1 = min(x), max(x)
    span = max(x1 - x0, 1)
    pw, ph = width - left - right, height - top - bottom

    def px(v: float) -> float:
        return left + (v - x0) / span * pw

    def py(v: float) -> float:
        return top + (hi - v) / (hi - lo) * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" class="chart">'
    ]
    out.append(f'<path d="M{left},{top}V{top + ph}H{left + pw}" stroke="#888" fill="none"/>')
    for v in (lo, (lo + hi) / 2, hi):
        out.append(
            f'<text x="{left - 4}" y="{py(v) + 4:.1f}" font-size="10" text-anchor="end">{escape(fmt(v))}</text>'
        )
    for year in sorted({x0, x1, *x[:: max(len(x) // 6, 1)]}):
        out.append(
            f'<text x="{px(year):.1f}" y="{height - 8}" font-size="10" text-anchor="middle">{year}</text>'
        )
    for i, (name, ys) in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        pts = " ".join(
            f"{px(a):.1f},{py(b):.1f}" for a, b in zip(x, ys, strict=True) if not math.isnan(b)
        )
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.8"/>')
        ly = top + 14 * i + 8
        out.append(
            f'<rect x="{left + pw + 10}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>'
        )
        out.append(f'<text x="{left + pw + 24}" y="{ly + 1}" font-size="10">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def sparkline_svg(
    values: Sequence[float],
    reference: Sequence[float] | None = None,
    *,
    width: float = 120,
    height: float = 30,
) -> str:
    """A tiny trend line (and a grey reference line, e.g. the national value).

    Examples
    --------
    >>> sparkline_svg([1.0, 2.0, 1.5]).count("<polyline")
    1
    """
    allv = [v for v in [*values, *(reference or [])] if not math.isnan(v)]
    if len(values) < 2 or not allv:
        return ""
    lo, hi = _nice_range(min(allv), max(allv))
    n = len(values)

    def pts(ys: Sequence[float]) -> str:
        return " ".join(
            f"{2 + i / (n - 1) * (width - 4):.1f},{2 + (hi - v) / (hi - lo) * (height - 4):.1f}"
            for i, v in enumerate(ys)
            if not math.isnan(v)
        )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" class="spark">'
    ]
    if reference is not None:
        out.append(
            f'<polyline points="{pts(reference)}" fill="none" stroke="#aaa" stroke-width="1"/>'
        )
    out.append(
        f'<polyline points="{pts(values)}" fill="none" stroke="{SERIES_COLOURS[0]}" stroke-width="1.5"/>'
    )
    out.append("</svg>")
    return "".join(out)


def stacked_bar_svg(
    labels: Sequence[str],
    parts: Sequence[tuple[str, Sequence[float]]],
    *,
    fmt: Callable[[float], str],
    width: float = 640,
) -> str:
    """Horizontal stacked bars: one bar per label, one coloured part per named component.

    Examples
    --------
    >>> svg = stacked_bar_svg(["2020", "2021"], [("between", [0.2, 0.3]), ("within", [0.1, 0.1])], fmt=str)
    >>> svg.count("<rect") - 2  # four parts, two legend keys
    4
    """
    n = len(labels)
    row, left, right = 22.0, 120.0, 60.0
    legend_h = 18.0
    height = row * n + legend_h + 10
    totals = [sum(max(p[1][i], 0.0) for p in parts if not math.isnan(p[1][i])) for i in range(n)]
    hi = max(totals) if totals and max(totals) > 0 else 1.0
    pw = width - left - right
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" class="chart">'
    ]
    for j, (name, _) in enumerate(parts):
        colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
        lx = left + j * 260
        out.append(f'<rect x="{lx}" y="2" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{lx + 14}" y="11" font-size="10">{escape(name)}</text>')
    for i, label in enumerate(labels):
        y = legend_h + i * row
        out.append(
            f'<text x="{left - 6}" y="{y + 14}" font-size="11" text-anchor="end">{escape(label)}</text>'
        )
        x = left
        for j, (_, vals) in enumerate(parts):
            v = vals[i]
            if math.isnan(v) or v <= 0:
                continue
            w = v / hi * pw
            out.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{SERIES_COLOURS[j % len(SERIES_COLOURS)]}"/>'
            )
            x += w
        out.append(
            f'<text x="{x + 4:.1f}" y="{y + 14}" font-size="10">{escape(fmt(totals[i]))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def rank_interval_svg(
    labels: Sequence[str],
    ranks: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    n: int,
    width: float = 640,
) -> str:
    """Rank intervals: per unit a bar from its best to its worst plausible rank, with a dot
    at its rank; rank 1 at the left.

    Examples
    --------
    >>> svg = rank_interval_svg(["a", "b"], [1, 2], [1, 1], [2, 2], n=2)
    >>> svg.count("<circle"), svg.count('class="interval"')
    (2, 2)
    """
    row, left, right = 18.0, 230.0, 20.0
    height = row * len(labels) + 34
    pw = width - left - right

    def sx(r: float) -> float:
        return left + (r - 0.5) / n * pw

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" class="chart">'
    ]
    for r in range(1, n + 1):
        if r == 1 or r % 5 == 0 or r == n:
            out.append(
                f'<line x1="{sx(r):.1f}" y1="0" x2="{sx(r):.1f}" y2="{row * len(labels):.1f}" stroke="#eee"/>'
            )
            out.append(
                f'<text x="{sx(r):.1f}" y="{row * len(labels) + 14:.1f}" font-size="10" text-anchor="middle">{r}</text>'
            )
    for i, (label, rank, lo, hi) in enumerate(zip(labels, ranks, lows, highs, strict=True)):
        y = 4 + i * row
        ym = y + row / 2
        out.append(
            f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end">{escape(label)}</text>'
        )
        if not (math.isnan(lo) or math.isnan(hi)):
            x0, x1 = sx(lo) - 4, sx(hi) + 4
            out.append(
                f'<rect class="interval" x="{x0:.1f}" y="{ym - 5:.1f}" width="{x1 - x0:.1f}" height="10" rx="5" fill="#9ecae1"/>'
            )
        if not math.isnan(rank):
            out.append(f'<circle cx="{sx(rank):.1f}" cy="{ym:.1f}" r="4" fill="#08519c"/>')
    out.append("</svg>")
    return "".join(out)
