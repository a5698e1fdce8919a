"""SOP-045 in a real browser: a requester books (live availability while typing), the PJK TIP
forwards and the PJK TI assigns inline in the queue (only the row changes), and the lobby kiosk
shows the meeting within one 30-second poll; polls that find nothing new get 304."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, Page, expect

from pintar.auth.roles import Role
from tests.browser.conftest import BROWSER_FLAGS, VIEWPORT  # noqa: F401
from tests.browser.harness import PageInfo, check_page, login, path_of, register, submit, visit
from tests.helpers import make_person

pytestmark = pytest.mark.browser

WIB = ZoneInfo("Asia/Jakarta")
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
TITLE = "Rapat Koordinasi Sensus Ekonomi"


def meeting_time() -> tuple[str, str, str]:
    """A slot starting a little later today (tomorrow morning late in the evening)."""
    now = dt.datetime.now(WIB)
    start = (now + dt.timedelta(minutes=20)).replace(second=0, microsecond=0)
    start += dt.timedelta(minutes=(5 - start.minute % 5) % 5)
    if start.date() != now.date() or start.hour * 60 + start.minute > 23 * 60 + 20:
        start = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(8, 0), tzinfo=WIB)
    end = start + dt.timedelta(minutes=30)
    return start.date().isoformat(), start.strftime("%H:%M"), end.strftime("%H:%M")


async def test_book_forward_assign_inline_and_the_kiosk_shows_it(page: Page, browser: Browser, live_server: str, tmp_path):
    from pintar.zoom import feeds
    from pintar.zoom import service as zoom

    for name, capacity in (("Zoom A", 100), ("Zoom B", 300), ("Zoom C", 500)):
        await zoom.create_account(zoom.AccountForm(name=name, capacity=capacity, password=f"sandi-{name[-1]}"))
    await make_person(username="pemohon", name="Rina Marlina")
    await make_person(Role.KETUA_TIP, username="ketuatip", name="Rahmat Saputra")
    await make_person(Role.PJK_TI, username="pjkti", name="Dedi Kurniawan")
    token = await feeds.token_for(feeds.KIOSK)

    # The lobby TV: no login, its own context; its clock is driven by the test.
    tv_context = await browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 768})
    tv = await tv_context.new_page()
    register(tv, PageInfo(prefix="test_zoom-kiosk", base_url=live_server, browser=browser))
    # What went over the wire for each poll (Chromium hands a revalidated 304 to htmx as 200).
    polls: dict[str, dict] = {}
    cdp = await tv_context.new_cdp_session(tv)
    await cdp.send("Network.enable")

    def sent(e: dict) -> None:
        if "/kiosk/papan" in e["request"]["url"]:
            polls[e["requestId"]] = {"status": None, "bytes": 0}

    def raw(e: dict) -> None:
        if e["requestId"] in polls:
            polls[e["requestId"]]["status"] = e["statusCode"]

    def finished(e: dict) -> None:
        if e["requestId"] in polls:
            polls[e["requestId"]]["bytes"] = int(e.get("encodedDataLength", 0))

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceivedExtraInfo", raw)
    cdp.on("Network.loadingFinished", finished)
    await tv.clock.install()
    await visit(tv, f"/kiosk?token={token}", name="kiosk-empty")
    assert not await tv_context.cookies(), "the kiosk must not get a session cookie"
    await expect(tv.locator("#board")).not_to_contain_text(TITLE)

    # 1. The requester types the times and sees the free accounts, then submits with the memo.
    day, start, end = meeting_time()
    await login(page, "pemohon")
    await visit(page, "/zoom/baru", name="new-request")
    await page.fill("#judul", TITLE)
    await page.fill("#tanggal", day)
    await page.fill("#mulai", start)
    await page.fill("#selesai", end)
    await page.fill("#peserta", "150")
    await expect(page.locator("#availability")).to_contain_text("2 dari 3 akun tersedia")
    await expect(page.locator("#availability")).to_contain_text("kapasitas kurang")
    memo = tmp_path / "nota-dinas.pdf"
    memo.write_bytes(PDF)
    await page.set_input_files("#dokumen", str(memo))
    await check_page(page, "request-filled")
    await submit(page, "Ajukan", name="request-sent")
    assert path_of(page).startswith("/zoom/")
    await expect(page.get_by_role("status")).to_contain_text("Permintaan dikirim")
    await expect(page.locator("main")).to_contain_text("Menunggu disposisi PJK TIP")
    await submit(page, "Keluar", name="requester-out")

    # 2. PJK TIP forwards it from the queue: only the row changes.
    await login(page, "ketuatip")
    await visit(page, "/zoom/antrean", name="queue-tip")
    row = page.locator("tr", has_text=TITLE)
    await row.get_by_label("PJK TI").select_option(label="Dedi Kurniawan")
    await page.evaluate("window.__marker = 'same page'")
    await row.get_by_role("button", name="Teruskan").click()
    await expect(page.locator("tr", has_text=TITLE)).to_contain_text("Diteruskan ke PJK TI")
    assert await page.evaluate("window.__marker") == "same page", "the page was reloaded"
    assert path_of(page) == "/zoom/antrean"
    await check_page(page, "queue-forwarded")
    await submit(page, "Keluar", name="tip-out")

    # 3. PJK TI assigns the proposed account (the smallest that fits: Zoom B) inline.
    await login(page, "pjkti")
    await visit(page, "/zoom/antrean", name="queue-pjkti")
    row = page.locator("tr", has_text=TITLE)
    await expect(row.get_by_label("Akun")).to_have_value(str((await zoom.list_accounts())[1]["id"]))
    await page.evaluate("window.__marker = 'same page'")
    await row.get_by_role("button", name="Tetapkan").click()
    await expect(page.locator("tr", has_text=TITLE)).to_contain_text("Akun ditetapkan")
    assert await page.evaluate("window.__marker") == "same page"
    await check_page(page, "queue-assigned")

    # 4. The kiosk shows it after one poll (30 seconds on the TV's clock), without a reload.
    await tv.evaluate("window.__marker = 'same page'")
    async with tv.expect_response(lambda r: "/kiosk/papan" in r.url):
        await tv.clock.run_for(31_000)
    await expect(tv.locator("#board")).to_contain_text(TITLE, timeout=10_000)
    await expect(tv.locator("#board")).to_contain_text("Zoom B")
    assert await tv.evaluate("window.__marker") == "same page"
    await check_page(tv, "kiosk-with-meeting")
    board = await tv.locator("#board").inner_text()
    assert "sandi" not in board
    # The next polls find nothing new: the server answers 304 and the board stays.
    for _poll in range(2):
        async with tv.expect_response(lambda r: "/kiosk/papan" in r.url):
            await tv.clock.run_for(31_000)
    await expect(tv.locator("#board")).to_contain_text(TITLE)
    await tv.wait_for_timeout(200)
    wire = list(polls.values())
    assert [p["status"] for p in wire] == [200, 304, 304], wire
    assert all(0 < p["bytes"] <= 300 for p in wire[1:]), wire
    await tv_context.close()


async def test_kiosk_without_javascript_refreshes_itself(nojs_page: Page):
    from pintar.zoom import feeds

    token = await feeds.token_for(feeds.KIOSK)
    await visit(nojs_page, f"/kiosk?token={token}", name="kiosk-nojs")
    refresh = nojs_page.locator('noscript')
    assert 'http-equiv="refresh"' in await nojs_page.content()
    del refresh
    await expect(nojs_page.locator("#board")).to_contain_text("Tidak ada rapat Zoom hari ini")


async def test_request_form_without_javascript(nojs_page: Page):
    from pintar.zoom import service as zoom

    await zoom.create_account(zoom.AccountForm(name="Zoom A", capacity=100))
    await make_person(username="pegawai", name="Umar Bakri")
    await login(nojs_page, "pegawai")
    await visit(nojs_page, "/zoom/baru", name="form-nojs")
    await nojs_page.fill("#peserta", "40")
    await submit(nojs_page, "Cek ketersediaan", name="availability-nojs")
    await expect(nojs_page.locator("#availability")).to_contain_text("1 dari 1 akun tersedia")
    await expect(nojs_page.locator("#peserta")).to_have_value("40")
    await visit(nojs_page, "/zoom?tampilan=bulan", name="calendar-month-nojs")
    await nojs_page.get_by_role("link", name="Minggu", exact=True).click()
    await check_page(nojs_page, "calendar-week-nojs")
    assert "tampilan=minggu" in path_of(nojs_page)
