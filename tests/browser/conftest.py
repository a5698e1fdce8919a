"""Real-browser fixtures: the app served by uvicorn on loopback, Debian's Chromium via Playwright.

* ``live_server`` (session): ``uvicorn app:app`` in a subprocess on a free 127.0.0.1 port, with
  the very settings the tests use (same ``PINTAR_VAR_DIR``/SQLite file or PostgreSQL URL, same
  secret key), so data made through the services in a test is what the browser sees. The
  autouse ``clean_db`` still empties the database before each test: create what a test needs
  (``tests.helpers.make_person`` ...) inside the test, then drive the page.
* ``browser`` (session): Chromium from ``PINTAR_BROWSER`` (default ``/usr/bin/chromium``),
  headless, never downloaded.
* ``page`` / ``nojs_page``: a fresh context (no cookies) per test, with JavaScript on / off.

Helpers to drive and check pages are in ``tests/browser/harness.py``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import AsyncIterator, Iterator

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from pintar.config import ROOT
from tests.browser.harness import ARTIFACTS, PageInfo, register

BROWSER_PATH = os.environ.get("PINTAR_BROWSER", "/usr/bin/chromium")
BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 15_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the live server exited ({proc.returncode}):\n{log.read_text()}")
            try:
                if (await client.get(url + "/healthz", timeout=2)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the live server did not answer within {seconds}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
async def live_server(migrated: None) -> AsyncIterator[str]:
    """Base URL of the app served by uvicorn in a subprocess, on the tests' database."""
    from pintar.office.service import ensure_office

    # The app reads the office once at start-up (the layout shows its name).
    await ensure_office("BPS Provinsi Bengkulu", "1700", "Asia/Jakarta")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "live-server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for attempt in range(3):  # a port taken between choosing and binding: try another
        port = _free_port()
        with log.open("w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "app:app", "--host", "127.0.0.1",
                 "--port", str(port), "--log-level", "warning", "--no-access-log"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        base_url = f"http://127.0.0.1:{port}"
        try:
            await _wait_healthy(base_url, proc, log)
            break
        except RuntimeError:
            proc.terminate()
            proc.wait(10)
            if attempt == 2:
                raise
    try:
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not Path(BROWSER_PATH).exists():
        pytest.fail(f"no Chromium at {BROWSER_PATH} (apt-get install chromium, or PINTAR_BROWSER)")
    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(
            executable_path=BROWSER_PATH, headless=True, args=BROWSER_FLAGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


async def _open_page(
    request: pytest.FixtureRequest, browser: Browser, base_url: str, javascript: bool
) -> AsyncIterator[Page]:
    context = await browser.new_context(
        base_url=base_url,
        java_script_enabled=javascript,
        viewport=VIEWPORT,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    prefix = request.node.name + ("" if javascript else "-nojs")
    register(page, PageInfo(prefix=prefix, base_url=base_url, browser=browser, javascript=javascript))
    try:
        yield page
    finally:
        await context.close()


@pytest.fixture
async def page(request: pytest.FixtureRequest, browser: Browser, live_server: str) -> AsyncIterator[Page]:
    """A fresh browser context with JavaScript on, pointed at the live server."""
    async for p in _open_page(request, browser, live_server, javascript=True):
        yield p


@pytest.fixture
async def nojs_page(
    request: pytest.FixtureRequest, browser: Browser, live_server: str
) -> AsyncIterator[Page]:
    """The same with JavaScript turned off: every page must still work."""
    async for p in _open_page(request, browser, live_server, javascript=False):
        yield p


@pytest.fixture(scope="session", autouse=True)
def _screenshots_folder() -> Iterator[None]:
    """Start each run with an empty screenshot folder, so CI keeps this run's pictures only."""
    import shutil

    from tests.browser.harness import AXE_REPORTS, SCREENSHOTS

    for folder in (SCREENSHOTS, AXE_REPORTS):
        shutil.rmtree(folder, ignore_errors=True)
    yield
