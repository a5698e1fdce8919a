"""SOP-321 steps 2 -> 3 -> 4 -> 6 in a real browser, with JavaScript on and off: the SM asks for
support from the activity's page (late, so the Ketua accepts it with a reason), the Ketua assigns
a role from the rotation proposals and sets the roles on the board (the card swaps in place with
JS, a plain form without), the SM marks it held once it started and fills the evaluation."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from playwright.async_api import Page, expect

from pintar import clock
from pintar.agenda import service as agenda
from pintar.auth.roles import Role
from pintar.eventteam import service as et
from pintar.office import rooms
from pintar.office.workdays import load_calendar
from tests.browser.harness import check_page, login, submit, visit
from tests.helpers import make_person

pytestmark = pytest.mark.browser


async def _switch(page: Page, username: str) -> None:
    await page.context.clear_cookies()
    await login(page, username)


async def _flow(page: Page, javascript: bool) -> None:
    cal = await load_calendar()
    now = clock.now()
    sm = await make_person(username="smbrowser", name="Sari Penanggung Jawab")
    ketua = await make_person(Role.KETUA_EVENT, username="ketuabrowser", name="Kiki Ketua")
    member = await make_person(Role.ANGGOTA_EVENT, username="anggotabrowser", name="Budi Anggota")
    cc = await make_person(Role.CC, username="ccbrowser", name="Cici CC")
    year = now.astimezone(cal.tz).year
    for y in (year, year + 1):
        await et.save_team(y, "Event Team 1", list(range(1, 13)), ketua.id, [member.id])
    mc = await et.save_role_type("MC", 1)
    room = await rooms.save_room(None, rooms.RoomForm(name="Aula", capacity="80"))
    # Starts in two to three minutes (room for a loaded machine): steps 2 and 3 happen before it,
    # 4 and 6 after it started.
    start = (now + dt.timedelta(minutes=3)).astimezone(cal.tz).replace(second=0, microsecond=0)
    aid = await agenda.create(sm, agenda.ActivityForm(
        judul="Rapat evaluasi kinerja", tanggal=start.date().isoformat(), mulai=start.strftime("%H:%M"),
        selesai=(start + dt.timedelta(hours=1)).strftime("%H:%M"), metode="luring", ruang=str(room),
    ), now=now)

    # Step 2: the SM asks for support (fewer than 3 working days ahead: late).
    await login(page, "smbrowser")
    await visit(page, f"/agenda/{aid}", name="activity")
    await page.fill(f"#peran_{mc}", "1")
    await submit(page, "Minta dukungan Event Team", name="requested")
    await expect(page.locator(".flash-warning")).to_contain_text("Pengajuan terlambat")
    s = await et.support_of_activity(aid)
    assert s is not None and s["state"] == "menunggu_ketua"

    # Step 3: the Ketua accepts it with a reason, assigns from the proposals, sets the roles.
    await _switch(page, "ketuabrowser")
    await visit(page, f"/event-team/{s['id']}", name="support-late")
    await page.fill("#catatan-terima_terlambat", "Rapat pimpinan mendadak")
    await submit(page, "Terima meski terlambat", name="accepted")
    await expect(page.locator("#usulan")).to_contain_text("Budi Anggota")
    async with page.expect_navigation():
        await page.locator("#usulan li", has_text="Budi Anggota").get_by_role("button", name="Tugaskan").click()
    await check_page(page, "assigned")
    await expect(page.locator("table.stack")).to_contain_text("Budi Anggota")
    await visit(page, "/event-team", name="board")
    card = page.locator(f"#kartu-{s['id']}")
    if javascript:
        await card.get_by_role("button", name="Tetapkan peran").click()
        await expect(card).to_contain_text("Peran ditetapkan")
        await expect(page.locator("#hitung-peran_ditetapkan")).to_have_text("1")
        assert page.url.endswith("/event-team")  # no navigation: only the card changed
        await check_page(page, "board-swapped")
    else:
        async with page.expect_navigation():
            await card.get_by_role("button", name="Tetapkan peran").click()
        await check_page(page, "board-after")
        await expect(page.locator(f"#kartu-{s['id']}")).to_contain_text("Peran ditetapkan")
    assert (await et.get(s["id"]))["state"] == "peran_ditetapkan"

    # Step 4: once it started, the SM marks it held from "mine" on the board.
    wait = (start.astimezone(dt.timezone.utc) - clock.now()).total_seconds() + 1
    if wait > 0:
        await asyncio.sleep(wait)
    await _switch(page, "smbrowser")
    await visit(page, "/event-team?saya=1", name="board-mine")
    card = page.locator(f"#kartu-{s['id']}")
    if javascript:
        await card.get_by_role("button", name="Tandai terlaksana").click()
        await expect(card).to_contain_text("Terlaksana")
    else:
        async with page.expect_navigation():
            await card.get_by_role("button", name="Tandai terlaksana").click()
    fresh = await et.get(s["id"])
    assert fresh["state"] == "terlaksana"

    # Step 5 (the CC sends the form) through the service; step 6: the SM fills it.
    fresh = await et.act(cc, s["id"], "kirim_evaluasi", version=fresh["version"], now=clock.now())
    await visit(page, f"/event-team/{s['id']}", name="evaluation-form")
    await page.select_option(f"#nilai_{fresh['assignments'][0]['id']}", "5")
    await page.select_option("#kepuasan", "4")
    await page.fill("#baik", "MC menguasai acara.")
    await submit(page, "Isi evaluasi", name="evaluated")
    done = await et.get(s["id"])
    assert done["state"] == "evaluasi_internal" and done["satisfaction"] == 4
    assert done["assignments"][0]["rating"] == 5


async def test_steps_2_3_4_6_on_the_board(page: Page, live_server: str):
    await _flow(page, javascript=True)


async def test_steps_2_3_4_6_on_the_board_without_javascript(nojs_page: Page, live_server: str):
    await _flow(nojs_page, javascript=False)
