"""The Content-Security-Policy in a real browser: htmx, the pages and the kiosk's inline clock
run under it without a single violation."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from pintar.auth.roles import Role
from tests.browser.harness import login, visit
from tests.helpers import make_person

pytestmark = pytest.mark.browser


async def test_pages_htmx_and_the_kiosk_run_under_the_policy(page: Page) -> None:
    from pintar.zoom import feeds

    await make_person(Role.ADMIN, username="admin1", name="Admin Satu")
    await make_person(username="rina", name="Rina Marlina")
    token = await feeds.token_for(feeds.KIOSK)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))

    await login(page, "admin1")
    for path in ("/", "/akun", "/notifikasi", "/zoom"):
        response = await visit(page, path)
        assert "default-src 'self'" in (await response.all_headers())["content-security-policy"]
    await visit(page, "/admin/pegawai")
    async with page.expect_response(lambda r: "/admin/pegawai?" in r.url) as fragment:
        await page.fill("#q", "rina")
    assert (await fragment.value).status == 200
    await expect(page.locator("main")).to_contain_text("Rina Marlina")
    await visit(page, f"/kiosk?token={token}", name="kiosk")
    await page.wait_for_timeout(300)
    violations = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    assert not violations, violations
    assert not [m for m in messages if m.startswith(("error", "pageerror"))], messages
