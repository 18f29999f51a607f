"""Dashboard start-up and latency under load: 20 concurrent clients against a server on
127.0.0.1.

Starts ``aimaq serve`` in a child process on a database as ``aimaq init`` builds it (the
embedded dataset and the synthetic SRS registry) and times its first HTTP answer and the
moment the first page shows data (asking the server as the page does, until it sends the
map), against the 3 s target; then, once every part is loaded, runs a bounded load (each
client makes a fixed number of dashboard view requests: the map for an indicator and
year, a region's drill-down, the index recomputation) and stops by itself. Prints
p50/p95/max against the 300 ms target, and the map figure build time of aimaq against
``plotly.express.choropleth`` for the same data.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CLIENTS = 20
REQUESTS_PER_CLIENT = 25
TARGET_P95_MS = 300.0
TARGET_START_S = 3.0


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far, from /proc (Linux), else None:
    unlike the wall time, it does not grow with the machine's load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _views(
    regions: list[str], years: dict[str, list[int]], weights: list[str]
) -> list[dict[str, Any]]:
    rng = random.Random(7)
    out: list[dict[str, Any]] = []
    for _ in range(REQUESTS_PER_CLIENT):
        kind = rng.choice(("map", "drill", "index"))
        lang = rng.choice(("kk", "ru", "en"))
        ind = rng.choice(sorted(years))
        year = rng.choice(years[ind])
        if kind == "map":
            out.append(
                {
                    "output": "region-map.figure",
                    "outputs": {"id": "region-map", "property": "figure"},
                    "inputs": [
                        {"id": "indicator", "property": "value", "value": ind},
                        {"id": "year", "property": "value", "value": year},
                        {"id": "region", "property": "data", "value": None},
                    ],
                    "changedPropIds": ["year.value"],
                    "state": [{"id": "lang", "property": "value", "value": lang}],
                }
            )
        elif kind == "drill":
            out.append(
                {
                    "output": "..drill.children...back.style..",
                    "outputs": [
                        {"id": "drill", "property": "children"},
                        {"id": "back", "property": "style"},
                    ],
                    "inputs": [
                        {"id": "region", "property": "data", "value": rng.choice(regions)},
                        {"id": "indicator", "property": "value", "value": ind},
                        {"id": "year", "property": "value", "value": year},
                    ],
                    "changedPropIds": ["region.data"],
                    "state": [{"id": "lang", "property": "value", "value": lang}],
                }
            )
        else:
            ids = [{"index": w, "type": "weight"} for w in weights]
            values = [rng.randint(0, 5) or 1 for _ in weights]
            out.append(
                {
                    "output": "..index-chart.figure...index-table.children..",
                    "outputs": [
                        {"id": "index-chart", "property": "figure"},
                        {"id": "index-table", "property": "children"},
                    ],
                    "inputs": [
                        [
                            {"id": i, "property": "value", "value": v}
                            for i, v in zip(ids, values, strict=True)
                        ]
                    ],
                    "changedPropIds": [],
                    "state": [
                        [{"id": i, "property": "id", "value": i} for i in ids],
                        {"id": "lang", "property": "value", "value": lang},
                    ],
                }
            )
    return out


def _render_request(shown: Any, ticks: int) -> dict[str, Any]:
    """The request the page sends while it waits for its data (the loading poll)."""
    return {
        "output": "..page.children...load-poll.disabled...shown.data..",
        "outputs": [
            {"id": "page", "property": "children"},
            {"id": "load-poll", "property": "disabled"},
            {"id": "shown", "property": "data"},
        ],
        "inputs": [
            {"id": "lang", "property": "value", "value": "en"},
            {"id": "tab", "property": "data", "value": None},
            {"id": "load-poll", "property": "n_intervals", "value": ticks},
        ],
        "changedPropIds": ["load-poll.n_intervals"],
        "state": [{"id": "shown", "property": "data", "value": shown}],
    }


def _find(tree: Any, key: str) -> Any:
    """The props of the component with id ``key`` in a layout tree, or ``None``."""
    if isinstance(tree, dict):
        props = tree.get("props", {})
        if isinstance(props, dict) and props.get("id") == key:
            return props
        for value in tree.values():
            found = _find(value, key)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for value in tree:
            found = _find(value, key)
            if found is not None:
                return found
    return None


def _first_data(base: str, started: float, poll_s: float) -> float:
    """Seconds from the start until the first page holds its data, asked as the page asks."""
    import httpx

    with httpx.Client(base_url=base, timeout=30) as http:
        layout = http.get("/_dash-layout").json()
        if _find(layout, "region-map") is not None:
            return time.perf_counter() - started
        shown = _find(layout, "shown")["data"]
        ticks = 0
        while time.perf_counter() - started < 120:
            time.sleep(poll_s)
            ticks += 1
            r = http.post("/_dash-update-component", json=_render_request(shown, ticks))
            if r.status_code != 200:
                raise SystemExit(f"the loading poll failed: {r.status_code} {r.text[:300]}")
            answer = r.json()["response"]
            if "shown" in answer:
                shown = answer["shown"]["data"]
                if _find(answer["page"]["children"], "region-map") is not None:
                    return time.perf_counter() - started
                if not str(shown.get("state", "")).endswith("pending"):
                    raise SystemExit(f"the first page shows no map: {shown}")
    raise SystemExit("the first page showed no data within 120 s")


def _figure_build(db: Path) -> tuple[float, float]:
    import plotly.express as px

    from aimaq.reporting.geometry import regions_geojson
    from aimaq.serving.data import open_dashboard_data
    from aimaq.serving.figures import region_map

    data = open_dashboard_data(db)
    values = {
        str(k): float(v)
        for k, v in data.at_level(
            "grp_per_capita", data.years("grp_per_capita")[-1], "region"
        ).items()
    }
    region_map(values, {}, fmt=str, no_data="-")
    t0 = time.perf_counter()
    for _ in range(20):
        region_map(values, {}, fmt=str, no_data="-")
    ours = (time.perf_counter() - t0) / 20
    geo = regions_geojson(0.02)
    t0 = time.perf_counter()
    for _ in range(20):
        fig = px.choropleth(geojson=geo, locations=list(values), color=list(values.values()))
        fig.to_plotly_json()
    theirs = (time.perf_counter() - t0) / 20
    return ours, theirs


def main() -> None:
    import httpx

    from aimaq.data.build import init_database
    from aimaq.data.store import Store
    from aimaq.serving.app import POLL_MS, STATUS_PATH
    from aimaq.serving.data import open_dashboard_data
    from aimaq.serving.pages import index_builder
    from aimaq.standards.synthetic import load_default

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        with Store(db) as store:  # as `aimaq init` builds it: data and synthetic registry
            store.migrate()
            init_database(store)
            load_default(store)
        data = open_dashboard_data(db)
        regions = list(data.regions().index)
        indicators = [
            i
            for i in ("grp_per_capita", "wage_avg", "unemployment_rate", "population_jan1")
            if i in data.regional_indicators()
        ]
        years = {i: data.years(i)[-3:] for i in indicators}
        weights = index_builder.indicators(data)
        port = _free_port()
        env = dict(os.environ, AIMAQ_DB=str(db))
        started = time.perf_counter()
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from aimaq.cli.main import main; sys.argv[0] = 'aimaq'; main()",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                if server.poll() is not None:
                    err = server.stderr.read().decode() if server.stderr else ""
                    raise SystemExit(f"the dashboard exited: {err[-2000:]}")
                try:
                    if httpx.get(base + "/", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
            else:
                raise SystemExit("the dashboard did not start within 60 s")
            first_answer = time.perf_counter() - started
            cpu_at_answer = _cpu_seconds(server.pid)
            first_data = _first_data(base, started, POLL_MS / 1000)
            while not httpx.get(base + STATUS_PATH, timeout=5).json()["done"]:
                time.sleep(0.2)
            all_parts = time.perf_counter() - started
            status = httpx.get(base + STATUS_PATH, timeout=5).json()["parts"]
            print(f"machine: {os.cpu_count()} CPUs, load average {_load()}")
            cpu = "unknown" if cpu_at_answer is None else f"{cpu_at_answer:.2f} s"
            print(
                f"start-up of `aimaq serve` (child process, as `aimaq init` builds the database): "
                f"first HTTP answer {first_answer:.2f} s "
                f"({'within' if first_answer < TARGET_START_S else 'OVER'} the "
                f"{TARGET_START_S:.0f} s target; the child had used {cpu} of CPU by then); "
                f"first page with data {first_data:.2f} s; every part loaded {all_parts:.2f} s"
            )
            print(
                "  parts: "
                + ", ".join(f"{k} {v['seconds']:.2f} s ({v['state']})" for k, v in status.items())
            )
            latencies: list[float] = []
            by_view: dict[str, list[float]] = {}
            errors: list[str] = []
            lock = threading.Lock()

            def client(seed: int) -> None:
                try:
                    _client(seed)
                except Exception as exc:  # a failed client is reported, not hidden
                    with lock:
                        errors.append(repr(exc))

            def _client(seed: int) -> None:
                views = _views(regions, years, weights)
                random.Random(seed).shuffle(views)
                with httpx.Client(base_url=base, timeout=30) as http:
                    http.get("/")
                    for payload in views:
                        t0 = time.perf_counter()
                        r = http.post("/_dash-update-component", json=payload)
                        elapsed = (time.perf_counter() - t0) * 1000
                        with lock:
                            latencies.append(elapsed)
                            by_view.setdefault(
                                str(payload["output"]).split(".")[
                                    2 if payload["output"].startswith("..") else 0
                                ],
                                [],
                            ).append(elapsed)
                            if r.status_code != 200:
                                errors.append(f"{r.status_code} {payload['output']}")

            # warm-up: every distinct view once, one at a time, timed separately (first
            # answers compute and fill the server's caches; the load run measures a warm server)
            cold: list[float] = []
            with httpx.Client(base_url=base, timeout=60) as http:
                for payload in _views(regions, years, weights):
                    t0 = time.perf_counter()
                    http.post("/_dash-update-component", json=payload)
                    cold.append((time.perf_counter() - t0) * 1000)
            cold.sort()
            print(
                f"cold first answers ({len(cold)} views, one client): p50 {statistics.median(cold):.0f} ms, "
                f"max {cold[-1]:.0f} ms"
            )
            threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
            t0 = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=10)
        ours, theirs = _figure_build(db)
    if not latencies:
        raise SystemExit(f"no request succeeded: {errors[:3]}")
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"dashboard, {CLIENTS} concurrent clients, {len(latencies)} view requests in {wall:.1f} s: "
        f"p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms "
        f"({'within' if p95 < TARGET_P95_MS else 'OVER'} the {TARGET_P95_MS:.0f} ms target); errors: {len(errors)}"
    )
    for view, values in sorted(by_view.items()):
        values.sort()
        print(
            f"  {view}: n {len(values)}, p50 {statistics.median(values):.0f} ms, p95 {values[int(0.95 * (len(values) - 1))]:.0f} ms"
        )
    print(
        f"region map figure: aimaq {ours * 1000:.1f} ms, plotly.express.choropleth "
        f"{theirs * 1000:.1f} ms, ratio {theirs / ours:.1f}x"
    )


if __name__ == "__main__":
    main()
