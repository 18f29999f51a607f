"""Running the dashboard in a background thread (for tests, benchmarks and embedding)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import dash
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request (a background server must not flood the console)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return


@dataclass
class RunningServer:
    """A dashboard served from a background thread; stop it with :meth:`stop`."""

    server: BaseWSGIServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://{self.server.host}:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


def start_in_thread(app: dash.Dash, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve ``app`` on ``host:port`` (port 0 picks a free one) from a daemon thread.

    Examples
    --------
    >>> from aimaq.data.store import Store
    >>> from aimaq.serving.app import create_app
    >>> from aimaq.serving.data import load_dashboard_data
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> running = start_in_thread(create_app(data=load_dashboard_data(store)))
    >>> running.url.startswith("http://127.0.0.1:")
    True
    >>> running.stop()
    """
    server = make_server(host, port, app.server, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="aimaq-dashboard", daemon=True)
    thread.start()
    return RunningServer(server, thread)
