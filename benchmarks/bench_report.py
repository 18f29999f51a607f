"""`aimaq report` on the embedded dataset, and the map renderer against geopandas/matplotlib.

Builds a fresh database from the embedded official data in a temporary folder, then times
the report (HTML; PDF and Excel separately) in each language against the 30 s budget, and
draws the same 20-region choropleth with aimaq's SVG renderer and with
``GeoDataFrame.plot`` (matplotlib, SVG output), printing the ratio.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

BUDGET_S = 30.0


def _fresh_database(folder: Path) -> Path:
    from aimaq.data.build import init_database
    from aimaq.data.store import Store

    path = folder / "bench.duckdb"
    with Store(path) as store:
        store.migrate()
        init_database(store)
    return path


def _report(db: Path, lang: str, out: Path, *, pdf: bool, xlsx: bool) -> dict[str, float]:
    from aimaq.data.store import Store
    from aimaq.reporting.build import build_report
    from aimaq.reporting.excel import write_xlsx
    from aimaq.reporting.html import write_html
    from aimaq.reporting.pdf import write_pdf

    times: dict[str, float] = {}
    start = time.perf_counter()
    with Store(db, read_only=True) as store:
        report = build_report(store, lang)
    write_html(report, out / f"report-{lang}.html")
    times["html"] = time.perf_counter() - start
    if pdf:
        t0 = time.perf_counter()
        write_pdf(report, out / f"report-{lang}.pdf")
        times["pdf"] = time.perf_counter() - t0
    if xlsx:
        t0 = time.perf_counter()
        write_xlsx(report, out / f"report-{lang}.xlsx")
        times["xlsx"] = time.perf_counter() - t0
    return times


def _maps(repeats: int = 5) -> tuple[float, float]:
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from aimaq.reporting.geometry import region_shapes
    from aimaq.reporting.maps import choropleth_svg

    shapes = region_shapes(0.03)
    values = {k: float(i) for i, k in enumerate(sorted(shapes))}
    choropleth_svg(values, names={}, title="", legend_title="", no_data="", fmt=str)  # warm
    t0 = time.perf_counter()
    for _ in range(repeats):
        choropleth_svg(values, names={}, title="t", legend_title="u", no_data="-", fmt=str)
    ours = (time.perf_counter() - t0) / repeats
    frame = gpd.GeoDataFrame(
        {"v": list(values.values())}, geometry=list(shapes.values()), crs="EPSG:4326"
    )
    t0 = time.perf_counter()
    for _ in range(repeats):
        fig, ax = plt.subplots(figsize=(8, 5))
        frame.plot(
            column="v",
            scheme=None,
            cmap="YlGnBu",
            ax=ax,
            edgecolor="#555",
            linewidth=0.6,
            legend=True,
        )
        ax.set_axis_off()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
    theirs = (time.perf_counter() - t0) / repeats
    return ours, theirs


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        db = _fresh_database(folder)
        print(f"aimaq init (embedded data): {time.perf_counter() - t0:.1f} s")
        for lang in ("kk", "ru", "en"):
            times = _report(db, lang, folder, pdf=lang == "kk", xlsx=lang == "kk")
            parts = ", ".join(f"{k} {v:.1f} s" for k, v in times.items())
            verdict = "within" if times["html"] < BUDGET_S else "OVER"
            print(
                f"aimaq report --lang {lang}: {parts} ({verdict} the {BUDGET_S:.0f} s budget for HTML)"
            )
    ours, theirs = _maps()
    print(
        f"20-region choropleth to SVG: aimaq {ours * 1000:.0f} ms, geopandas+matplotlib "
        f"{theirs * 1000:.0f} ms, ratio {theirs / ours:.1f}x"
    )


if __name__ == "__main__":
    main()
