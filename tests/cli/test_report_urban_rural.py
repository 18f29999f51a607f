"""The report's urban-rural part: the SDG platform's urban and rural poverty and
unemployment, as read from the database, with their sources, in the rendered HTML."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from aimaq.data.store import Store

Run = Callable[..., CompletedProcess[str]]


def _latest(db: Path, indicator: str) -> tuple[str, float, float]:
    store = Store.open(db)
    try:
        rows = store.query(
            "select period, dims, value from observation where indicator_id = ? "
            'and kato = \'000000000\' and dims in (\'{"area":"urban"}\', \'{"area":"rural"}\')',
            [indicator],
        )
    finally:
        store.close()
    year = rows["period"].max()
    now = rows[rows["period"] == year].set_index("dims")["value"]
    return str(year), float(now['{"area":"urban"}']), float(now['{"area":"rural"}'])


def test_rendered_report_shows_urban_and_rural_poverty_and_unemployment(
    run_cli: Run, sample_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    done = run_cli("report", "--out", str(out), "--db", str(sample_db), "--format", "json")
    assert done.returncode == 0, done.stderr
    html = out.read_text("utf-8")
    start = html.index("<h3>Urban and rural</h3>")
    part = html[start : html.index("<h3>", start + 5)]
    for indicator, cited in (("poverty_rate", "indicator 1.2.1"),
                             ("unemployment_rate_sdg", "indicator 8.5.2")):  # fmt: skip
        year, urban, rural = _latest(sample_db, indicator)
        row = (
            f'<td class="num">{year}</td><td class="num">{urban:.1f}</td>'
            f'<td class="num">{rural:.1f}</td><td class="num">{rural - urban:.1f}</td>'
        )
        assert row in part, (indicator, row)
        assert cited in part
    assert len(re.findall(r"read from \S+", part)) == 2
