"""Launching Debian's Chromium for the end-to-end tests (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser on /usr/bin/chromium; skips the test when it is absent."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (install Debian's chromium package)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def dashboard_page(app: Any, width: int = 1300, height: int = 900) -> Iterator[Any]:
    """A Chromium page open on ``app``, served from a background thread; afterwards the
    server stops and the data loader is waited for (its database is closed again)."""
    from aimaq.serving.app import loader_of
    from aimaq.serving.server import start_in_thread

    running = start_in_thread(app)
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
            page.goto(running.url)
            yield page
    finally:
        running.stop()
        loader_of(app).wait(60)


def open_tab(page: Any, label: str, ready: str) -> None:
    """Click the tab labelled ``label`` once the tabs are shown; wait for ``ready``."""
    page.wait_for_selector("#tabs", timeout=60_000)
    page.click(f"text={label}")
    page.wait_for_selector(ready, timeout=90_000)


def choose(page: Any, dropdown: str, option: str) -> None:
    """Pick ``option`` (its label) in the dropdown ``dropdown`` (a selector)."""
    page.click(dropdown)
    page.get_by_role("option", name=option).click()
