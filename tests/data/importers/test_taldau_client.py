"""The live client against a real HTTP server on 127.0.0.1 that replays real responses."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from aimaq.data.importers import RetryPolicy, fetch, fetch_taldau, taldau_url
from aimaq.data.store import Store
from aimaq.errors import ImportError_

pytestmark = pytest.mark.shared

Plan = Callable[[int, str], tuple[int, bytes, float]]  # (attempt, path) -> status, body, delay


class _Server:
    def __init__(self, plan: Plan) -> None:
        self.calls: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.calls.append(self.path)
                status, body, delay = plan(len(outer.calls), self.path)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def serve() -> Iterator[Callable[[Plan], _Server]]:
    servers: list[_Server] = []

    def start(plan: Plan) -> _Server:
        server = _Server(plan)
        server.__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__()


FAST = RetryPolicy(timeout=2.0, retries=3, backoff=0.01)


def test_replays_the_real_response_and_imports_it(
    serve, store: Store, grp_json: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    body = grp_json.read_bytes()
    server = serve(lambda n, path: (200, body, 0.0))
    saved = tmp_path / "2709379_saved.json"
    report = fetch_taldau(store, 2709379, base_url=server.url, save=saved, policy=FAST)
    assert server.calls == ["/ru/Api/GetIndexData/2709379?period=7&dics=67"]
    assert report.rows == 377 and report.source.startswith(server.url)
    assert saved.read_bytes() == body
    # the saved file is the same batch: importing it again writes nothing
    from aimaq.data.importers import import_file

    assert import_file(store, saved).skipped


def test_retries_server_errors_then_succeeds(serve, grp_json: Path) -> None:  # type: ignore[no-untyped-def]
    body = grp_json.read_bytes()
    server = serve(lambda n, path: (503, b"busy", 0.0) if n <= 2 else (200, body, 0.0))
    waits: list[float] = []
    got = fetch(taldau_url(2709379, base_url=server.url), policy=FAST, sleep=waits.append)
    assert got == body and len(server.calls) == 3
    assert waits == [0.01, 0.02]  # exponential backoff


def test_a_hanging_server_times_out_with_a_clear_error(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(lambda n, path: (200, b"[]", 1.5))
    policy = RetryPolicy(timeout=0.3, retries=1, backoff=0.0)
    started = time.monotonic()
    with pytest.raises(
        ImportError_, match=r"no usable answer after 2 attempt\(s\): no answer within 0.3 s"
    ):
        fetch(taldau_url(1, base_url=server.url), policy=policy)
    assert time.monotonic() - started < 3.0


def test_client_errors_are_not_retried(serve, state, store: Store) -> None:  # type: ignore[no-untyped-def]
    server = serve(lambda n, path: (404, b"not found", 0.0))
    before = state(store)
    with pytest.raises(ImportError_, match="Taldau refused the request: 404") as info:
        fetch_taldau(store, 2709379, base_url=server.url, policy=FAST)
    assert len(server.calls) == 1
    assert info.value.location is not None and "GetIndexData/2709379" in info.value.location.file
    assert state(store) == before


def test_connection_refused_is_retried_then_reported() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ImportError_, match="connection failed"):
        fetch(f"http://127.0.0.1:{port}/x", policy=RetryPolicy(timeout=1, retries=1, backoff=0))


def test_bad_index_id() -> None:
    with pytest.raises(ImportError_, match="index id is a number"):
        taldau_url("25; drop")
