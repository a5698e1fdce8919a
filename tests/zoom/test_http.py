"""Every step over HTTP, as the browser does it (plain forms and HTMX), and who may do what."""

from __future__ import annotations

import datetime as dt
import re

from pintar.zoom import service as zoom
from pintar.zoom.tables import ZoomBooking, ZoomSlot
from tests.zoom.conftest import WIB, form

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def memo():
    return {"dokumen": ("nota-dinas.pdf", PDF, "application/pdf")}


async def version(booking_id: int) -> str:
    """The version the request's page shows (its forms send it back)."""
    return str((await zoom.row(booking_id))["version"])


def soon(days: int = 2, hhmm: str = "10:00") -> tuple[str, str]:
    day = (dt.datetime.now(WIB) + dt.timedelta(days=days)).date().isoformat()
    return day, hhmm


async def test_request_form_with_live_availability(web, zoom_accounts, people):
    await web.login("pemohon")
    page = await web.get("/zoom/baru")
    assert page.status_code == 200 and 'name="opened_at"' in page.text
    assert 'hx-get="/zoom/ketersediaan"' in page.text
    day, _ = soon()
    q = f"/zoom/ketersediaan?day={day}&start=10:00&end=11:00&participants=250"
    part = await web.get(q, htmx=True)
    assert part.status_code == 200 and "<html" not in part.text
    assert 'id="availability"' in part.text and "2 dari 3 akun tersedia" in part.text
    assert "kapasitas kurang" in part.text
    # Without JavaScript the same address answers with the whole form, values kept.
    full = await web.get(q)
    assert "<html" in full.text and 'value="250"' in full.text and "2 dari 3 akun tersedia" in full.text
    bad = await web.get(f"/zoom/ketersediaan?day={day}&start=11:00&end=10:00", htmx=True)
    assert "Jam selesai harus setelah jam mulai" in bad.text
    # A held slot shows up while typing.
    await zoom.submit(people.other, form(day=day, participants=10))
    part = await web.get(f"/zoom/ketersediaan?day={day}&start=10:30&end=11:00&participants=10", htmx=True)
    assert "2 dari 3 akun tersedia" in part.text and "terpakai" in part.text


async def test_submit_and_refusals_keep_what_was_typed(web, zoom_accounts, people):
    await web.login("pemohon")
    day, _ = soon()
    data = {"title": "Rapat evaluasi SUSENAS", "day": day, "start": "10:00", "end": "11:30",
            "participants": "120", "mode": "hybrid", "agenda": "Evaluasi triwulan",
            "opened_at": (dt.datetime.now(WIB) - dt.timedelta(minutes=7)).isoformat()}
    bad = await web.post("/zoom/baru", {**data, "end": "09:00"}, files=memo())
    assert bad.status_code == 422 and "Jam selesai harus setelah jam mulai" in bad.text
    assert 'value="Rapat evaluasi SUSENAS"' in bad.text and 'value="Evaluasi triwulan"' in bad.text
    ok = await web.post("/zoom/baru", data, files=memo())
    assert ok.status_code == 303
    booking_id = int(ok.headers["location"].rsplit("/", 1)[1])
    b = await ZoomBooking.select().where(ZoomBooking.id == booking_id).first()
    assert b["state"] == "diajukan" and b["account"] == zoom_accounts["Zoom B"] and b["mode"] == "hybrid"
    detail = await web.get(f"/zoom/{booking_id}")
    assert "Menunggu disposisi PJK TIP" in detail.text and "Permohonan disusun" in detail.text
    assert "sandi-B" not in detail.text
    # Fill the slot: the next request is refused with 409, the form comes back filled in.
    await web.post("/zoom/baru", {**data, "participants": "400"}, files=memo())
    full = await web.post("/zoom/baru", {**data, "title": "Satu lagi"}, files=memo())
    assert full.status_code == 409 and "Tidak ada akun Zoom yang kosong" in full.text
    assert 'value="Satu lagi"' in full.text


async def test_the_whole_sop_over_http_with_inline_rows(web, zoom_accounts, people, client):
    day, _ = soon()
    booking_id = await zoom.submit(people.requester, form(day=day, participants=80))
    # PJK TIP: the queue, then forward inline (only the row comes back).
    await web.login("tip")
    queue = await web.get("/zoom/antrean")
    assert f'id="zb-{booking_id}"' in queue.text and "Teruskan" in queue.text
    assert "Tetapkan" not in queue.text  # PJK TIP does not assign
    row = await web.post(f"/zoom/{booking_id}/teruskan",
                         {"handler": str(people.ti.id), "version": "1"}, htmx=True)
    assert row.status_code == 200 and row.text.lstrip().startswith(f'<tr id="zb-{booking_id}"')
    assert "<html" not in row.text and "Diteruskan ke PJK TI" in row.text
    assert len(row.content) < 3000
    # A stale second click is refused inside the row, with the fresh state.
    stale = await web.post(f"/zoom/{booking_id}/teruskan",
                           {"handler": str(people.ti.id), "version": "1"}, htmx=True)
    assert stale.status_code == 409 and stale.text.lstrip().startswith(f'<tr id="zb-{booking_id}"')
    assert "sudah diubah orang lain" in stale.text and "Pengecekan jadwal oleh PJK TI" in stale.text
    await web.logout()
    # PJK TI: assign inline; the proposal is the held (smallest fitting) account.
    await web.login("pjkti")
    queue = await web.get("/zoom/antrean?saya=1", htmx=True)
    assert "<html" not in queue.text and 'id="zoom-queue"' in queue.text
    assert re.search(rf'<option value="{zoom_accounts["Zoom A"]}" selected>Zoom A', queue.text)
    empty_reason = await web.post(f"/zoom/{booking_id}/tolak", {"note": " ", "version": "2"}, htmx=True)
    assert empty_reason.status_code == 400 and "Alasan wajib diisi" in empty_reason.text
    # A form that does not send the version it showed changes nothing.
    blind = await web.post(f"/zoom/{booking_id}/tetapkan", {"account": str(zoom_accounts["Zoom B"])},
                           htmx=True)
    assert blind.status_code == 400 and "tidak membawa versi data" in blind.text
    assert (await zoom.row(booking_id))["state"] == "didisposisi"
    row = await web.post(f"/zoom/{booking_id}/tetapkan",
                         {"account": str(zoom_accounts["Zoom B"]), "version": "2"}, htmx=True)
    assert "Akun ditetapkan" in row.text and "Zoom B" in row.text
    assert (await ZoomBooking.select().where(ZoomBooking.id == booking_id).first())["state"] == "disetujui"
    await web.logout()
    # After the meeting (sweep with a later clock): the requester marks the recording downloaded.
    b = await zoom.row(booking_id)
    await zoom.sweeps.run_all(b["ends_at"] + dt.timedelta(minutes=1))
    await web.login("pemohon")
    mine = await web.get("/zoom/saya")
    assert "Rekaman sudah diunduh" in mine.text
    assert f'name="version" value="{await version(booking_id)}"' in mine.text
    done = await web.post(f"/zoom/{booking_id}/rekaman",
                          {"next": "/zoom/saya", "version": await version(booking_id)})
    assert done.status_code == 303 and done.headers["location"] == "/zoom/saya"
    await web.logout()
    await web.login("pjkti")
    row = await web.post(f"/zoom/{booking_id}/lisensi", {"version": await version(booking_id)}, htmx=True)
    assert "Lisensi sudah dikelola" in row.text
    page = await web.get(f"/zoom/{booking_id}")
    assert "Selesai" in page.text
    for step in ("Permohonan disusun", "Menunggu disposisi PJK TIP", "Pengecekan jadwal oleh PJK TI",
                 "Menunggu unduh rekaman", "Manajemen lisensi oleh PJK TI"):
        assert step in page.text
    assert "10 menit" in page.text and "5 menit" in page.text and "1 jam" in page.text


async def test_plain_form_actions_and_refusals_without_javascript(web, zoom_accounts, people):
    day, _ = soon()
    booking_id = await zoom.submit(people.requester, form(day=day))
    await web.login("tip")
    r = await web.post(f"/zoom/{booking_id}/tolak", {"note": "", "version": await version(booking_id)})
    assert r.status_code == 400 and "Alasan wajib diisi" in r.text and "<html" in r.text
    r = await web.post(f"/zoom/{booking_id}/tolak", {"note": "Tidak ada nota dinas", "next": "/zoom/antrean",
                                                     "version": await version(booking_id)})
    assert r.status_code == 303 and r.headers["location"] == "/zoom/antrean"
    assert not await ZoomSlot.exists().where(ZoomSlot.booking == booking_id)
    await web.logout()
    await web.login("pemohon")
    page = await web.get(f"/zoom/{booking_id}")
    assert "Tidak ada nota dinas" in page.text and "Ubah waktu" in page.text
    change = await web.get(f"/zoom/{booking_id}/ubah")
    assert change.status_code == 200 and 'name="kecuali"' in change.text
    assert f'name="version" value="{await version(booking_id)}"' in change.text
    typed = {"title": "Rapat", "day": day, "start": "13:00", "end": "14:00", "participants": "20",
             "mode": "online"}
    r = await web.post(f"/zoom/{booking_id}/ubah", typed)  # no version: refused, nothing lost
    assert r.status_code == 422 and "tidak membawa versi data" in r.text and 'value="13:00"' in r.text
    r = await web.post(f"/zoom/{booking_id}/ubah", {**typed, "version": await version(booking_id)})
    assert r.status_code == 303
    assert (await zoom.row(booking_id))["state"] == "diajukan"  # back to PJK TIP (it had no PJK TI yet)
    r = await web.post(f"/zoom/{booking_id}/batal", {"version": await version(booking_id)})
    assert r.status_code == 303 and (await zoom.row(booking_id))["state"] == "dibatalkan"


async def test_access_rules(web, client, zoom_accounts, people):
    day, _ = soon()
    booking_id = await zoom.submit(people.requester, form(day=day))
    anonymous = await client.get("/zoom")
    assert anonymous.status_code == 302 and anonymous.headers["location"].startswith("/masuk")
    await web.login("lain")
    for path in ("/zoom/antrean", "/zoom/akun", "/zoom/statistik", "/zoom/tautan", "/zoom/akun/1"):
        assert (await web.get(path)).status_code == 403, path
    for path in (f"/zoom/{booking_id}/teruskan", f"/zoom/{booking_id}/tetapkan", f"/zoom/{booking_id}/lisensi"):
        assert (await web.post(path, {})).status_code == 403, path
    assert (await web.post(f"/zoom/{booking_id}/batal", {})).status_code == 403
    assert (await web.get(f"/zoom/{booking_id}/ubah")).status_code == 403
    # Someone else's request: a short public view only (no history, no actions).
    page = await web.get(f"/zoom/{booking_id}")
    assert page.status_code == 200 and "Riwayat langkah" not in page.text and "Batalkan" not in page.text
    assert (await web.get("/zoom")).status_code == 200
    await web.logout()
    await web.login("tip")
    assert (await web.get("/zoom/akun")).status_code == 403
    assert (await web.post(f"/zoom/{booking_id}/tetapkan", {})).status_code == 403
    assert (await web.get("/zoom/antrean")).status_code == 200
    assert (await web.get("/zoom/statistik")).status_code == 200
    assert (await web.get("/zoom/tautan")).status_code == 403


async def test_credentials_shown_only_within_the_window(web, zoom_accounts, people):
    now = dt.datetime.now(WIB)
    start = (now + dt.timedelta(minutes=40)).replace(second=0, microsecond=0)
    start -= dt.timedelta(minutes=start.minute % 5)
    later = start + dt.timedelta(hours=3)
    yesterday = now - dt.timedelta(days=1)
    ids = []
    for s in (start, later):
        e = s + dt.timedelta(minutes=30)
        b = await zoom.submit(people.requester, form(day=s.date().isoformat(), start=s.strftime("%H:%M"),
                                                     end=e.strftime("%H:%M")), now=yesterday)
        await zoom.forward(people.tip, b, people.ti.id, now=yesterday)
        await zoom.assign(people.ti, b, now=yesterday)
        ids.append(b)
    await web.login("pemohon")
    near = await web.get(f"/zoom/{ids[0]}")
    assert "Detail login akun Zoom A" in near.text and "sandi-A" in near.text and "651234" in near.text
    far = await web.get(f"/zoom/{ids[1]}")
    assert "sandi-" not in far.text and "Detail login tampil di halaman ini mulai" in far.text
    await web.logout()
    await web.login("tip")
    assert "sandi-" not in (await web.get(f"/zoom/{ids[0]}")).text
    await web.logout()
    await web.login("pjkti")
    assert "sandi-A" in (await web.get(f"/zoom/{ids[1]}")).text
    accounts = await web.get("/zoom/akun")
    assert "sandi-A" in accounts.text and "sandi-C" in accounts.text
    # Never on calendars.
    cal = await web.get(f"/zoom?tampilan=hari&tanggal={start.date().isoformat()}")
    assert "sandi" not in cal.text and "bps.go.id" not in cal.text


async def test_calendar_views_and_fragments(web, zoom_accounts, people):
    day = (dt.datetime.now(WIB) + dt.timedelta(days=3)).date()
    b = await zoom.submit(people.requester, form(title="Rapat Kalender", day=day.isoformat()))
    await web.login("lain")
    for view in ("hari", "minggu", "bulan"):
        full = await web.get(f"/zoom?tampilan={view}&tanggal={day.isoformat()}")
        assert full.status_code == 200 and "<html" in full.text and "Rapat Kalender" in full.text
        assert f'href="/zoom/{b}"' in full.text
        part = await web.get(f"/zoom?tampilan={view}&tanggal={day.isoformat()}", htmx=True)
        assert part.status_code == 200 and "<html" not in part.text and 'id="zoom-cal"' in part.text
        assert "Rapat Kalender" in part.text and len(part.content) < 30000
        assert part.headers["vary"].find("HX-Request") >= 0
    today = await web.get("/zoom?tampilan=minggu")
    assert 'class="today"' in today.text
    assert (await web.get("/zoom?tampilan=bulan&tanggal=bukan-tanggal")).status_code == 200


async def test_accounts_admin_pages(web, zoom_accounts, people):
    await web.login("pjkti")
    r = await web.post("/zoom/akun", {"name": "Zoom D", "capacity": "1000", "login_email": "d@bps.go.id",
                                      "password": "rahasia-D", "host_key": "999", "active": "1"})
    assert r.status_code == 303
    bad = await web.post("/zoom/akun", {"name": "Zoom D", "capacity": "10", "login_email": "x@bps.go.id"})
    assert bad.status_code == 422 and "sudah dipakai" in bad.text and 'value="x@bps.go.id"' in bad.text
    new_id = (await zoom.list_accounts())[-1]["id"]
    page = await web.get(f"/zoom/akun/{new_id}")
    assert page.status_code == 200 and 'value="d@bps.go.id"' in page.text and "rahasia-D" not in page.text
    r = await web.post(f"/zoom/akun/{new_id}", {"name": "Zoom D", "capacity": "900", "login_email": "d@bps.go.id",
                                                "password": "", "host_key": "", "active": "1"})
    assert r.status_code == 303
    assert (await zoom.accounts.secrets_of(new_id))["password"] == "rahasia-D"
    r = await web.post(f"/zoom/akun/{new_id}/aktif", {"active": ""})
    assert r.status_code == 303 and not (await zoom.get_account(new_id))["active"]


async def test_usage_figures(web, zoom_accounts, people):
    yesterday = dt.datetime.now(WIB) - dt.timedelta(days=1)
    day = (dt.datetime.now(WIB) + dt.timedelta(days=2)).date()
    b = await zoom.submit(people.requester, form(day=day.isoformat(), start="09:00", end="11:00"), now=yesterday)
    await zoom.forward(people.tip, b, people.ti.id, now=yesterday)
    await zoom.assign(people.ti, b, now=yesterday)
    for _i in range(3):
        await zoom.submit(people.other, form(day=day.isoformat(), start="09:30", end="10:00"), now=yesterday) \
            if _i < 2 else None
    try:
        await zoom.submit(people.other, form(day=day.isoformat(), start="09:30", end="10:00"), now=yesterday)
    except Exception:
        pass
    await web.login("tip")
    page = await web.get(f"/zoom/statistik?tahun={day.year}")
    assert page.status_code == 200
    assert "Zoom A" in page.text and "2.0" in page.text
    assert "09.00–10.00" in page.text or "10.00–11.00" in page.text
    assert "semua akun terpakai" in page.text


async def test_my_feed_token_and_rotation(web, zoom_accounts, people, client):
    await web.login("pemohon")
    page = await web.get("/zoom/saya")
    token = re.search(r"/kiosk/ical/([\w-]+)\.ics", page.text).group(1)
    assert (await client.get(f"/kiosk/ical/{token}.ics")).status_code == 200
    assert (await web.post("/zoom/saya/tautan-kalender", {})).status_code == 303
    assert (await client.get(f"/kiosk/ical/{token}.ics")).status_code == 404


async def test_nav_entries_follow_roles(web, zoom_accounts, people):
    await web.login("lain")
    home = await web.get("/")
    assert 'href="/zoom"' in home.text and 'href="/zoom/antrean"' not in home.text
    await web.logout()
    await web.login("pjkti")
    home = await web.get("/")
    assert 'href="/zoom/antrean"' in home.text and 'href="/zoom/akun"' in home.text
    assert 'href="/zoom/tautan"' not in home.text and "<summary>Admin</summary>" not in home.text


async def test_memo_is_required_and_only_the_requester_and_it_can_download_it(web, client, zoom_accounts, people):
    await web.login("pemohon")
    day, _ = soon()
    data = {"title": "Rapat dengan memo", "day": day, "start": "10:00", "end": "11:00",
            "participants": "20", "mode": "online"}
    missing = await web.post("/zoom/baru", data)
    assert missing.status_code == 422 and "Lampirkan nota dinas" in missing.text
    assert 'value="Rapat dengan memo"' in missing.text
    exe = await web.post("/zoom/baru", data, files={"dokumen": ("nota.pdf", b"MZ\x90\x00" * 50, "application/pdf")})
    assert exe.status_code in (400, 415, 422) and 'value="Rapat dengan memo"' in exe.text
    assert await ZoomBooking.count() == 0 and await ZoomSlot.count() == 0
    ok = await web.post("/zoom/baru", data, files=memo())
    booking_id = int(ok.headers["location"].rsplit("/", 1)[1])
    page = await web.get(f"/zoom/{booking_id}")
    link = re.search(r'href="(/berkas/\d+)"', page.text).group(1)
    assert "nota-dinas.pdf" in page.text
    assert (await web.get(link)).content == PDF
    await web.logout()
    await web.login("pjkti")
    assert (await web.get(link)).status_code == 200
    await web.logout()
    await web.login("lain")
    assert (await web.get(link)).status_code in (403, 404)
    assert "/berkas/" not in (await web.get(f"/zoom/{booking_id}")).text
