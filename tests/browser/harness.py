"""What every real-browser test uses: visit a page, check it (screenshot + axe-core), submit.

    from tests.browser.harness import visit, check_page, submit, login

    async def test_something(page):            # fixtures from tests/browser/conftest.py
        await make_person(...)                  # data first, through the services
        await login(page, "budi")               # lands on home, checked
        await visit(page, "/zoom")              # goto + status 200 + screenshot + axe
        await page.fill("#title", "Rapat")
        await submit(page, "Simpan")            # click, wait for the next page, check it

Every page checked is saved as a full-page PNG under ``test-artifacts/screenshots/`` (kept by
CI, ignored by git), named ``<test>--<nn>-<name>.png``, and checked with axe-core: a violation
of impact "serious" or "critical" fails the test (its report lands next to the screenshot).
Pages of a context with JavaScript turned off are checked by rendering the very HTML they got in
a JavaScript-enabled page (axe needs JS), with the same stylesheets from the live server.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, CDPSession, Page, Response

from pintar.config import ROOT
from tests.helpers import PASSWORD

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORTS = ARTIFACTS / "axe"
FAILING_IMPACTS = {"serious", "critical"}

_axe = Axe()


@dataclass
class PageInfo:
    """What the harness knows of a page the fixtures opened."""

    prefix: str
    base_url: str
    browser: Browser
    javascript: bool = True
    count: int = 0


_pages: WeakKeyDictionary[Page, PageInfo] = WeakKeyDictionary()


def register(page: Page, info: PageInfo) -> None:
    _pages[page] = info


def _info(page: Page) -> PageInfo:
    try:
        return _pages[page]
    except KeyError:
        raise AssertionError("use the `page`/`nojs_page` fixtures of tests/browser") from None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:80] or "page"


async def check_page(page: Page, name: str) -> Path:
    """Screenshot the page as it is now and fail on serious/critical axe violations."""
    info = _info(page)
    info.count += 1
    stem = f"{info.prefix}--{info.count:02d}-{_slug(name)}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{stem}.png"
    await page.screenshot(path=str(shot), full_page=True)
    violations = await axe_violations(page)
    if violations:
        AXE_REPORTS.mkdir(parents=True, exist_ok=True)
        (AXE_REPORTS / f"{stem}.json").write_text(json.dumps(violations, indent=2))
    bad = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    assert not bad, f"accessibility ({page.url}, see {shot.name}):\n" + _describe(bad)
    return shot


async def axe_violations(page: Page) -> list[dict]:
    info = _info(page)
    if info.javascript:
        return (await _axe.run(page)).response["violations"]
    # axe is JavaScript: render the HTML this page received in a JS-enabled page instead.
    html = await page.content()
    url = page.url
    context = await info.browser.new_context(base_url=info.base_url)
    try:
        twin = await context.new_page()

        async def fulfil(route):  # type: ignore[no-untyped-def]
            await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        await twin.route(url, fulfil)
        await twin.goto(url)
        return (await _axe.run(twin)).response["violations"]
    finally:
        await context.close()


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


async def visit(page: Page, url: str, *, name: str | None = None, status: int = 200) -> Response:
    """Open ``url`` (a path on the live server), expect ``status``, check the page."""
    response = await page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
    await check_page(page, name or url)
    return response


async def submit(page: Page, button: str, *, name: str | None = None, status: int = 200) -> Response:
    """Click the button (or submit input) labelled ``button`` and check the page it leads to."""
    async with page.expect_navigation() as navigation:
        await page.get_by_role("button", name=button, exact=True).click()
    response = await navigation.value
    assert response is not None
    assert response.status == status, f"after {button!r}: HTTP {response.status} at {page.url}"
    await check_page(page, name or f"after-{button}")
    return response


async def login(
    page: Page, username: str, password: str = PASSWORD, *, status: int = 200
) -> Response:
    """Sign in through the login form (checking it) and check the page it leads to."""
    await visit(page, "/masuk", name="login")
    await page.fill("#login", username)
    await page.fill("#password", password)
    return await submit(page, "Masuk", name="after-login", status=status)


def path_of(page: Page) -> str:
    """The current URL's path (and query), without the live server's address."""
    info = _info(page)
    url = page.url
    return url[len(info.base_url) :] if url.startswith(info.base_url) else url


# --- what went over the wire: Chromium's own figures (DevTools protocol) ------------------------


@dataclass
class Fetch:
    url: str
    bytes: int = 0  # encoded (compressed) bytes received, headers included; 0 from the cache
    from_cache: bool = False
    done: bool = False


class NetworkLog:
    """Every request the page makes while recording, with the bytes Chromium received.

        log = await NetworkLog.start(page)
        await visit(page, "/")
        await log.settled()
        assert log.total_bytes() <= 40 * 1024
        assert log.downloaded("/static/") == []
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.fetches: dict[str, Fetch] = {}
        self._cdp: CDPSession | None = None

    @classmethod
    async def start(cls, page: Page) -> "NetworkLog":
        log = cls(page)
        cdp = await page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", log._sent)
        cdp.on("Network.requestServedFromCache", log._cached)
        cdp.on("Network.loadingFinished", log._finished)
        cdp.on("Network.loadingFailed", log._finished)
        await cdp.send("Network.enable")
        log._cdp = cdp
        return log

    async def clear_cache(self) -> None:
        """Empty the browser's HTTP cache, as for a first visit (cookies are kept)."""
        assert self._cdp is not None
        await self._cdp.send("Network.clearBrowserCache")

    def _sent(self, event: dict) -> None:
        url = event["request"]["url"]
        if url.startswith("data:"):
            return
        # a redirect reuses the request id: the new URL replaces the old (its bytes add up)
        previous = self.fetches.get(event["requestId"])
        self.fetches[event["requestId"]] = Fetch(url=url, bytes=previous.bytes if previous else 0)

    def _cached(self, event: dict) -> None:
        if event["requestId"] in self.fetches:
            self.fetches[event["requestId"]].from_cache = True

    def _finished(self, event: dict) -> None:
        fetch = self.fetches.get(event["requestId"])
        if fetch is not None:
            fetch.bytes += int(event.get("encodedDataLength", 0) or 0)
            fetch.done = True

    async def settled(self, seconds: float = 10) -> None:
        """Wait until the network is idle and every recorded request has finished."""
        await self.page.wait_for_load_state("networkidle")
        for _ in range(int(seconds * 20)):
            if all(f.done for f in self.fetches.values()):
                return
            await self.page.wait_for_timeout(50)
        pending = [f.url for f in self.fetches.values() if not f.done]
        raise AssertionError(f"requests still running: {pending}")

    def reset(self) -> None:
        self.fetches.clear()

    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.fetches.values())

    def over_network(self) -> list[Fetch]:
        return [f for f in self.fetches.values() if not f.from_cache and f.bytes > 0]

    def downloaded(self, path_prefix: str) -> list[str]:
        """URLs under ``path_prefix`` that came over the network (not from the cache)."""
        return [
            f.url for f in self.over_network() if urlsplit(f.url).path.startswith(path_prefix)
        ]

    def report(self) -> str:
        rows = [f"  {f.bytes:>7} B {'cache' if f.from_cache else '     '} {f.url}"
                for f in self.fetches.values()]  # fmt: skip
        return "\n".join(rows + [f"  {self.total_bytes():>7} B in {len(self.over_network())} requests"])
