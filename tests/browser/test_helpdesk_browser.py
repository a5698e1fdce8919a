"""The technicians' queue in a real browser: the inline status change swaps only its row (and the
counters), a stale row is refused with the fresh row and a message, search as you type, and the
same control as a plain form with JavaScript off."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from pintar.auth.roles import Role
from pintar.helpdesk import service
from tests.browser.harness import check_page, login, path_of, submit, visit
from tests.helpdesk.helpers import make_pc, make_software, open_help, open_install
from tests.helpers import make_person

pytestmark = pytest.mark.browser


async def _office() -> dict:
    rina = await make_person(username="rina", name="Rina Marlina")
    budi = await make_person(username="budi", name="Budi Santoso")
    andi = await make_person(Role.TEKNISI, username="andi", name="Andi Pratama")
    yoga = await make_person(Role.TEKNISI, username="yoga", name="Yoga Firmansyah")
    pc = await make_pc("3100102001-001", holder=rina.id)
    spss = await make_software("SPSS", "26")
    first = await open_install(rina, spss, pc)
    second = await open_help(budi, reason="Wifi lantai 3 putus")
    return {"andi": andi, "yoga": yoga, "first": first["id"], "second": second["id"]}


async def test_inline_status_change_swaps_the_row_without_reload(page: Page):
    o = await _office()
    await login(page, "andi")
    await visit(page, "/halocik/antrean", name="queue")
    await page.evaluate("window.__samePage = 'ya'")  # gone if the page reloads
    counters = page.locator("#hc-counters")
    await expect(counters).to_contain_text("Belum diambil 2")

    row = page.locator(f"#tiket-{o['first']}")
    await row.get_by_label("Status baru untuk HC-2026-00001").select_option("ambil")
    await row.get_by_role("button", name="Ubah").click()
    row = page.locator(f"#tiket-{o['first']}")
    await expect(row).to_contain_text("Cek repositori dan spesifikasi PC")
    await expect(row).to_contain_text("Andi Pratama")
    await expect(row.get_by_role("status")).to_contain_text("Tiket HC-2026-00001: Cek repositori")
    await expect(counters).to_contain_text("Belum diambil 1")
    await expect(counters).to_contain_text("Menunggu saya 1")
    assert await page.evaluate("window.__samePage") == "ya"
    assert path_of(page) == "/halocik/antrean"
    await check_page(page, "after-inline-take")

    # Meanwhile Yoga takes the second ticket; this row on Andi's screen is now stale.
    await service.act(o["second"], "ambil", o["yoga"])
    stale = page.locator(f"#tiket-{o['second']}")
    await stale.get_by_label("Status baru untuk HC-2026-00002").select_option("tolak_awal")
    await stale.get_by_label("Alasan atau catatan").fill("Bukan urusan TI")
    await stale.get_by_role("button", name="Ubah").click()
    stale = page.locator(f"#tiket-{o['second']}")
    await expect(stale.get_by_role("alert")).to_contain_text("sudah diubah orang lain")
    await expect(stale).to_contain_text("Yoga Firmansyah")
    await expect(stale).to_contain_text("Sedang ditangani")
    # Yoga's ticket offers Andi no action any more: the fresh row has no control to retry with.
    await expect(stale.get_by_role("button", name="Ubah")).to_have_count(0)
    assert await page.evaluate("window.__samePage") == "ya"
    assert (await service.get_ticket(o["second"]))["state"] == "ditangani"  # nothing overwritten
    await check_page(page, "stale-row-refused")

    # Search as you type narrows the results without a reload.
    await page.get_by_label("Cari").fill("budi")
    await expect(page.locator(f"#tiket-{o['first']}")).to_have_count(0)
    await expect(page.locator(f"#tiket-{o['second']}")).to_have_count(1)
    assert await page.evaluate("window.__samePage") == "ya"
    await check_page(page, "search-as-you-type")


async def test_inline_status_control_without_javascript(nojs_page: Page):
    page = nojs_page
    o = await _office()
    await login(page, "andi")
    await visit(page, "/halocik/antrean?filter=belum", name="queue-nojs")
    row = page.locator(f"#tiket-{o['first']}")
    await row.get_by_label("Status baru untuk HC-2026-00001").select_option("ambil")
    async with page.expect_navigation():
        await row.get_by_role("button", name="Ubah").click()
    assert path_of(page) == "/halocik/antrean?filter=belum"
    await expect(page.locator("#flash")).to_contain_text("Tiket HC-2026-00001: Cek repositori")
    await check_page(page, "after-plain-form")
    await service.act(o["second"], "ambil", o["yoga"])
    stale = page.locator(f"#tiket-{o['second']}")
    await stale.get_by_label("Status baru untuk HC-2026-00002").select_option("tolak_awal")
    await stale.get_by_label("Alasan atau catatan").fill("Bukan urusan TI")
    await submit_in_row(page, o["second"])
    await expect(page.locator(f"#tiket-{o['second']}").get_by_role("alert")).to_contain_text(
        "sudah diubah orang lain")
    await check_page(page, "stale-plain-form")


async def submit_in_row(page: Page, ticket_id: int) -> None:
    async with page.expect_navigation() as nav:
        await page.locator(f"#tiket-{ticket_id}").get_by_role("button", name="Ubah").click()
    response = await nav.value
    assert response is not None and response.status == 409


async def test_requester_opens_and_confirms_in_the_browser(page: Page):
    rina = await make_person(username="rina", name="Rina Marlina")
    andi = await make_person(Role.TEKNISI, username="andi", name="Andi Pratama")
    await make_pc("3100102001-001", holder=rina.id)
    await make_software("SPSS", "26")
    await login(page, "rina")
    await visit(page, "/halocik/tiket/baru", name="new-ticket")
    await page.get_by_label("Perangkat lunak (untuk instalasi)").select_option(label="SPSS 26")
    await page.get_by_label("Alasan/keperluan").fill("Olah data Susenas")
    from tests import sample_files

    await page.set_input_files("#memo", files=[{"name": "nota.pdf", "mimeType": "application/pdf",
                                                "buffer": sample_files.pdf()}])
    await submit(page, "Kirim tiket", name="ticket-created")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("HC-2026-00001")
    ticket_id = int(path_of(page).rsplit("/", 1)[1])
    for action in ("ambil", "sesuai", "uji", "serahkan"):
        await service.act(ticket_id, action, andi)
    await visit(page, f"/halocik/tiket/{ticket_id}", name="to-confirm")
    await page.get_by_label("5", exact=True).check()
    await submit(page, "Berfungsi: konfirmasi dan tanda tangani", name="confirmed")
    await visit(page, f"/halocik/tiket/{ticket_id}/perintah-kerja", name="work-order")
    await expect(page.get_by_text("isi sama dengan saat ditandatangani")).to_be_visible()
