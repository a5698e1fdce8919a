"""Issue 2, story 3, in a real browser: an admin creates a person with the role PJK TI and a
temporary password; that person signs in, must change it, and lands on the home page.

Written against the admin pages' contract: ``/admin/pegawai/baru`` is a form with the fields
``username``, ``nip``, ``name``, ``email``, ``whatsapp``, ``team_id`` (a select), ``roles``
(checkboxes, values are role codes) and ``password``, and a "Simpan" button.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from pintar.auth.roles import Role
from tests.browser.harness import login, path_of, submit, visit
from tests.helpers import make_person

pytestmark = pytest.mark.browser

TEMPORARY = "sementara-2026"
CHOSEN = "pilihan-sendiri-77"


async def test_admin_creates_a_person_who_then_changes_the_password(page: Page):
    from pintar.auth import service
    from pintar.auth.tables import Person

    team_id = await service.save_team(None, "Tim Teknologi Informasi")
    await make_person(Role.ADMIN, username="admin", name="Admin Kantor")

    await login(page, "admin")
    await visit(page, "/admin/pegawai/baru", name="new-person-form")
    await page.locator('[name="username"]').fill("rudi")
    await page.locator('[name="nip"]').fill("199001012015011002")
    await page.locator('[name="name"]').fill("Rudi Hartono")
    await page.locator('[name="email"]').fill("rudi@bps.go.id")
    await page.locator('[name="whatsapp"]').fill("081234567890")
    await page.locator('select[name="team_id"]').select_option(str(team_id))
    await page.locator('input[name="roles"][value="pjk_ti"]').check()
    await page.locator('[name="password"]').fill(TEMPORARY)
    await submit(page, "Simpan", name="person-saved")
    assert not path_of(page).startswith("/admin/pegawai/baru"), "the form came back"

    person = await Person.select().where(Person.username == "rudi").first()
    assert person is not None, "no person was created"
    assert person["nip"] == "199001012015011002"
    assert person["name"] == "Rudi Hartono"
    assert person["team"] == team_id
    assert person["must_change_password"] is True
    assert Role.PJK_TI in await service.roles_of(person["id"])

    await submit(page, "Keluar", name="admin-signed-out")
    assert path_of(page) == "/masuk"

    await login(page, "rudi", TEMPORARY)
    assert path_of(page) == "/akun/kata-sandi", "a temporary password must be changed first"
    await visit(page, "/", name="home-before-change")  # nothing else opens before the change
    assert path_of(page) == "/akun/kata-sandi"

    await page.fill("#current", TEMPORARY)
    await page.fill("#password", CHOSEN)
    await page.fill("#confirm", CHOSEN)
    await submit(page, "Simpan kata sandi", name="password-changed")
    assert path_of(page) == "/"
    await expect(page.get_by_role("heading", level=1)).to_have_text("Selamat datang, Rudi Hartono")
    await expect(page.get_by_role("status")).to_contain_text("Kata sandi sudah diganti.")

    await submit(page, "Keluar", name="rudi-signed-out")
    await login(page, "rudi", CHOSEN)  # the new password works
    assert path_of(page) == "/"
