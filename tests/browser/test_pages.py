"""The page weight as Chromium measures it, the cache on a repeat visit, and the harness itself."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from tests.browser.harness import NetworkLog, check_page, login, visit
from tests.helpers import make_person

pytestmark = pytest.mark.browser

BUDGET_BYTES = 40 * 1024
BUDGET_REQUESTS = 5


async def test_home_first_visit_budget_and_repeat_visit_from_cache(page: Page):
    await make_person("pjk_ti", username="budi", name="Budi Santoso")
    log = await NetworkLog.start(page)
    await login(page, "budi")

    await log.clear_cache()  # a first visit: nothing cached, but signed in
    log.reset()
    await visit(page, "/", name="home-first-visit")
    await log.settled()
    assert len(log.over_network()) <= BUDGET_REQUESTS, log.report()
    assert log.total_bytes() <= BUDGET_BYTES, log.report()
    assert log.downloaded("/static/"), "the first visit fetched no static file?\n" + log.report()

    for path in ("/akun", "/"):  # repeat visits: only the pages themselves travel
        log.reset()
        await visit(page, path, name=f"repeat-visit{path}")
        await log.settled()
        assert log.downloaded("/static/") == [], log.report()


BAD_PAGE = """<!doctype html><html><head><title>x</title></head><body>
<p style="color:#bbb;background:#fff">too faint</p><img src="/static/favicon.svg">
<form><input name="nameless"></form></body></html>"""


async def _bad_page_fails_the_check(page: Page) -> None:
    async def bad(route):  # type: ignore[no-untyped-def]
        await route.fulfill(status=200, content_type="text/html", body=BAD_PAGE)

    await page.route("**/bad-page", bad)
    await page.goto("/bad-page")
    with pytest.raises(AssertionError) as failure:
        await check_page(page, "deliberately-bad")
    message = str(failure.value)
    for rule in ("color-contrast", "image-alt", "label"):
        assert rule in message, message


async def test_the_axe_check_fails_on_serious_violations(page: Page):
    """The accessibility gate is real: faint text, an image without alt text and an unlabelled
    field fail check_page."""
    await _bad_page_fails_the_check(page)


async def test_the_axe_check_fails_on_serious_violations_without_javascript(nojs_page: Page):
    await _bad_page_fails_the_check(nojs_page)
