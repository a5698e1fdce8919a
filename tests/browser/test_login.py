"""Signing in and out in a real browser, with JavaScript on and off."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.harness import login, path_of, submit, visit
from tests.helpers import PASSWORD, make_person

pytestmark = pytest.mark.browser

WRONG = "NIP/nama pengguna atau kata sandi salah."


async def _login_logout_and_wrong_password(page: Page) -> None:
    await make_person("pjk_ti", username="sari", name="Sari Wulandari")

    await login(page, "sari")
    assert path_of(page) == "/"
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Selamat datang, Sari Wulandari"
    )
    await expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()

    await submit(page, "Keluar", name="after-logout")
    assert path_of(page) == "/masuk"
    await visit(page, "/", name="home-after-logout")  # sent back to the login page
    assert path_of(page) == "/masuk?next=%2F"

    await page.fill("#login", "sari")
    await page.fill("#password", "bukan-kata-sandinya")
    await submit(page, "Masuk", name="wrong-password", status=400)
    await expect(page.get_by_role("alert")).to_have_text(WRONG)
    await expect(page.locator("#login")).to_have_value("sari")  # what was typed is kept
    assert path_of(page) == "/masuk"


async def test_login_logout_and_wrong_password(page: Page):
    await _login_logout_and_wrong_password(page)


async def test_login_works_without_javascript(nojs_page: Page):
    await _login_logout_and_wrong_password(nojs_page)


async def test_login_with_nip_and_redirect_back(page: Page):
    from pintar.auth.tables import Person

    user = await make_person(username="joko", name="Joko Santoso")
    await Person.update({Person.nip: "198001012005011001"}).where(Person.id == user.id)
    await visit(page, "/akun", name="profile-anonymous")
    assert path_of(page) == "/masuk?next=%2Fakun"
    await page.fill("#login", "198001012005011001")
    await page.fill("#password", PASSWORD)
    await submit(page, "Masuk", name="profile-after-login")
    assert path_of(page) == "/akun"
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
