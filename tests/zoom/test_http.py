"""Every step over HTTP, as the browser does it (plain forms and HTMX), and who may do what.

The portal's clock is frozen at Monday 23 November 2026, 09.00 in the office (``NOW``); the
pages read it, the tests pass the same moments to the service.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pintar import clock
from pintar.errors import Conflict
from pintar.zoom import service as zoom
from pintar.zoom import sweeps
from pintar.zoom.tables import ZoomBooking, ZoomSlot, ZoomUnserved
from tests.zoom.conftest import NOW, form

pytestmark = pytest.mark.usefixtures("office_clock")


@pytest.fixture
def office_clock():
    with clock.frozen(NOW) as frozen:
        yield frozen

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def memo():
    return {"dokumen": ("nota-dinas.pdf", PDF, "application/pdf")}


async def version(booking_id: int) -> str:
    """The version the request's page shows (its forms send it back)."""
    return str((await zoom.row(booking_id))["version"])


def soon(days: int = 2, hhmm: str = "10:00") -> tuple[str, str]:
    day = (NOW + dt.timedelta(days=days)).date().isoformat()
    return day, hhmm


async def test_request_form_with_live_availability(web, zoom_accounts, people):
    await web.login("pemohon")
    page = await web.get("/zoom/baru")
    assert page.status_code == 200 and 'name="dibuka"' in page.text
    assert 'hx-get="/zoom/ketersediaan"' in page.text
    day, _ = soon()
    q = f"/zoom/ketersediaan?tanggal={day}&mulai=10:00&selesai=11:00&peserta=250"
    part = await web.get(q, htmx=True)
    assert part.status_code == 200 and "<html" not in part.text
    assert 'id="availability"' in part.text and "2 dari 3 akun tersedia" in part.text
    assert "kapasitas kurang" in part.text
    # Without JavaScript the same address answers with the whole form, values kept.
    full = await web.get(q)
    assert "<html" in full.text and 'value="250"' in full.text and "2 dari 3 akun tersedia" in full.text
    bad = await web.get(f"/zoom/ketersediaan?tanggal={day}&mulai=11:00&selesai=10:00", htmx=True)
    assert "Jam selesai harus setelah jam mulai" in bad.text
    # A held slot shows up while typing.
    await zoom.submit(people.other, form(day=day, participants=10), now=NOW)
    part = await web.get(f"/zoom/ketersediaan?tanggal={day}&mulai=10:30&selesai=11:00&peserta=10", htmx=True)
    assert "2 dari 3 akun tersedia" in part.text and "terpakai" in part.text


async def test_submit_and_refusals_keep_what_was_typed(web, zoom_accounts, people):
    await web.login("pemohon")
    day, _ = soon()
    data = {"judul": "Rapat evaluasi SUSENAS", "tanggal": day, "mulai": "10:00", "selesai": "11:30",
            "peserta": "120", "jenis": "hybrid", "agenda": "Evaluasi triwulan",
            "dibuka": (NOW - dt.timedelta(minutes=7)).isoformat()}
    bad = await web.post("/zoom/baru", {**data, "selesai": "09:00"}, files=memo())
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
    await web.post("/zoom/baru", {**data, "peserta": "400"}, files=memo())
    full = await web.post("/zoom/baru", {**data, "judul": "Satu lagi"}, files=memo())
    assert full.status_code == 409 and "Tidak ada akun Zoom yang kosong" in full.text
    assert 'value="Satu lagi"' in full.text


async def test_the_whole_sop_over_http_with_inline_rows(web, zoom_accounts, people, client, office_clock):
    day, _ = soon()
    booking_id = await zoom.submit(people.requester, form(day=day, participants=80), now=NOW)
    # PJK TIP: the queue, then forward inline (only the row comes back).
    await web.login("tip")
    queue = await web.get("/zoom/antrean")
    assert f'id="zb-{booking_id}"' in queue.text and "Teruskan" in queue.text
    assert "Tetapkan" not in queue.text  # PJK TIP does not assign
    action = f"/zoom/{booking_id}/aksi"
    row = await web.post(action, {"aksi": "disposisi", "pjk_ti": str(people.ti.id), "versi": "0"},
                         htmx=True)
    assert row.status_code == 200 and row.text.lstrip().startswith(f'<tr id="zb-{booking_id}"')
    assert "<html" not in row.text and "Diteruskan ke PJK TI" in row.text
    assert len(row.content) < 3000
    # A stale second click is refused inside the row, with the fresh state.
    stale = await web.post(action, {"aksi": "disposisi", "pjk_ti": str(people.ti.id), "versi": "0"},
                           htmx=True)
    assert stale.status_code == 409 and stale.text.lstrip().startswith(f'<tr id="zb-{booking_id}"')
    assert "sudah diubah orang lain" in stale.text and "Pengecekan jadwal oleh PJK TI" in stale.text
    await web.logout()
    # PJK TI: assign inline; the proposal is the held (smallest fitting) account.
    await web.login("pjkti")
    queue = await web.get("/zoom/antrean?saya=1", htmx=True)
    assert "<html" not in queue.text and 'id="zoom-queue"' in queue.text
    assert re.search(rf'<option value="{zoom_accounts["Zoom A"]}" selected>Zoom A', queue.text)
    empty_reason = await web.post(action, {"aksi": "tolak", "catatan": " ", "versi": "1"}, htmx=True)
    assert empty_reason.status_code == 400 and "Alasan wajib diisi" in empty_reason.text
    # A form that does not send the version it showed changes nothing.
    blind = await web.post(action, {"aksi": "setujui", "akun": str(zoom_accounts["Zoom B"])}, htmx=True)
    assert blind.status_code == 400 and "tidak membawa versi data" in blind.text
    assert (await zoom.row(booking_id))["state"] == "didisposisi"
    row = await web.post(action, {"aksi": "setujui", "akun": str(zoom_accounts["Zoom B"]), "versi": "1"},
                         htmx=True)
    assert "Akun ditetapkan" in row.text and "Zoom B" in row.text
    assert (await ZoomBooking.select().where(ZoomBooking.id == booking_id).first())["state"] == "disetujui"
    await web.logout()
    # After the meeting (sweep with a later clock): the requester marks the recording downloaded.
    b = await zoom.row(booking_id)
    await sweeps.run_all(b["ends_at"] + dt.timedelta(minutes=1))
    await web.login("pemohon")
    mine = await web.get("/zoom/saya")
    assert "Rekaman sudah diunduh" in mine.text
    assert f'name="versi" value="{await version(booking_id)}"' in mine.text
    office_clock.set(b["ends_at"] + dt.timedelta(minutes=5))
    done = await web.post(action, {"aksi": "rekaman_diunduh", "kembali": "/zoom/saya",
                                   "versi": await version(booking_id)})
    assert done.status_code == 303 and done.headers["location"] == "/zoom/saya"
    await web.logout()
    await web.login("pjkti")
    row = await web.post(action, {"aksi": "lisensi_beres", "versi": await version(booking_id)}, htmx=True)
    assert "Lisensi sudah dikelola" in row.text
    page = await web.get(f"/zoom/{booking_id}")
    assert "Selesai" in page.text
    for step in ("Permohonan disusun", "Menunggu disposisi PJK TIP", "Pengecekan jadwal oleh PJK TI",
                 "Menunggu unduh rekaman", "Manajemen lisensi oleh PJK TI"):
        assert step in page.text
    assert "10 menit" in page.text and "5 menit" in page.text and "1 jam" in page.text


async def test_plain_form_actions_and_refusals_without_javascript(web, zoom_accounts, people):
    day, _ = soon()
    booking_id = await zoom.submit(people.requester, form(day=day), now=NOW)
    action = f"/zoom/{booking_id}/aksi"
    await web.login("tip")
    r = await web.post(action, {"aksi": "tolak", "catatan": "", "versi": await version(booking_id)})
    assert r.status_code == 400 and "Alasan wajib diisi" in r.text and "<html" in r.text
    r = await web.post(action, {"aksi": "tolak", "catatan": "Tidak ada nota dinas", "kembali": "/zoom/antrean",
                                "versi": await version(booking_id)})
    assert r.status_code == 303 and r.headers["location"] == "/zoom/antrean"
    assert not await ZoomSlot.exists().where(ZoomSlot.booking == booking_id)
    await web.logout()
    await web.login("pemohon")
    page = await web.get(f"/zoom/{booking_id}")
    assert "Tidak ada nota dinas" in page.text and "Ubah waktu" in page.text
    change = await web.get(f"/zoom/{booking_id}/ubah")
    assert change.status_code == 200 and 'name="kecuali"' in change.text
    assert f'name="versi" value="{await version(booking_id)}"' in change.text
    typed = {"judul": "Rapat", "tanggal": day, "mulai": "13:00", "selesai": "14:00", "peserta": "20",
             "jenis": "online"}
    r = await web.post(f"/zoom/{booking_id}/ubah", typed)  # no version: refused, nothing lost
    assert r.status_code == 422 and "tidak membawa versi data" in r.text and 'value="13:00"' in r.text
    r = await web.post(f"/zoom/{booking_id}/ubah", {**typed, "versi": await version(booking_id)})
    assert r.status_code == 303
    assert (await zoom.row(booking_id))["state"] == "diajukan"  # back to PJK TIP (it had no PJK TI yet)
    r = await web.post(action, {"aksi": "batal", "versi": await version(booking_id)})
    assert r.status_code == 303 and (await zoom.row(booking_id))["state"] == "dibatalkan"


async def test_access_rules(web, client, zoom_accounts, people):
    day, _ = soon()
    booking_id = await zoom.submit(people.requester, form(day=day), now=NOW)
    anonymous = await client.get("/zoom")
    assert anonymous.status_code == 302 and anonymous.headers["location"].startswith("/masuk")
    await web.login("lain")
    for path in ("/zoom/antrean", "/zoom/akun", "/zoom/statistik", "/zoom/tautan", "/zoom/akun/1"):
        assert (await web.get(path)).status_code == 403, path
    action = f"/zoom/{booking_id}/aksi"
    for step in ("disposisi", "setujui", "lisensi_beres", "batal", "tolak", ""):
        assert (await web.post(action, {"aksi": step, "catatan": "x"})).status_code == 403, step
    assert (await zoom.row(booking_id))["state"] == "diajukan"
    assert (await web.get(f"/zoom/{booking_id}/ubah")).status_code == 403
    # Someone else's request: a short public view only (no history, no actions).
    page = await web.get(f"/zoom/{booking_id}")
    assert page.status_code == 200 and "Riwayat langkah" not in page.text and "Batalkan" not in page.text
    assert (await web.get("/zoom")).status_code == 200
    await web.logout()
    await web.login("tip")
    assert (await web.get("/zoom/akun")).status_code == 403
    assert (await web.post(action, {"aksi": "setujui", "versi": "0"})).status_code == 403
    assert (await zoom.row(booking_id))["state"] == "diajukan"
    assert (await web.get("/zoom/antrean")).status_code == 200
    assert (await web.get("/zoom/statistik")).status_code == 200
    assert (await web.get("/zoom/tautan")).status_code == 403


async def test_credentials_shown_only_within_the_window(web, zoom_accounts, people):
    now = NOW
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
    day = (NOW + dt.timedelta(days=3)).date()
    b = await zoom.submit(people.requester, form(title="Rapat Kalender", day=day.isoformat()), now=NOW)
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
    r = await web.post("/zoom/akun", {"nama": "Zoom D", "kapasitas": "1000", "email_login": "d@bps.go.id",
                                      "kata_sandi": "rahasia-D", "host_key": "999", "aktif": "1"})
    assert r.status_code == 303
    bad = await web.post("/zoom/akun", {"nama": "Zoom D", "kapasitas": "10", "email_login": "x@bps.go.id"})
    assert bad.status_code == 422 and "sudah dipakai" in bad.text and 'value="x@bps.go.id"' in bad.text
    new_id = (await zoom.list_accounts())[-1]["id"]
    page = await web.get(f"/zoom/akun/{new_id}")
    assert page.status_code == 200 and 'value="d@bps.go.id"' in page.text and "rahasia-D" not in page.text
    r = await web.post(f"/zoom/akun/{new_id}", {"nama": "Zoom D", "kapasitas": "900", "email_login": "d@bps.go.id",
                                                "kata_sandi": "", "host_key": "", "aktif": "1"})
    assert r.status_code == 303
    assert (await zoom.accounts.secrets_of(new_id))["password"] == "rahasia-D"
    r = await web.post(f"/zoom/akun/{new_id}/aktif", {"aktif": ""})
    assert r.status_code == 303 and not (await zoom.get_account(new_id))["active"]


async def test_usage_figures(web, zoom_accounts, people):
    yesterday = NOW - dt.timedelta(days=1)
    day = (NOW + dt.timedelta(days=2)).date()
    b = await zoom.submit(people.requester, form(day=day.isoformat(), start="09:00", end="11:00"), now=yesterday)
    await zoom.forward(people.tip, b, people.ti.id, now=yesterday)
    await zoom.assign(people.ti, b, now=yesterday)
    for _i in range(2):  # the two other accounts held (pending: not in the hours)
        await zoom.submit(people.other, form(day=day.isoformat(), start="09:30", end="10:00"), now=yesterday)
    with pytest.raises(Conflict, match="Tidak ada akun Zoom yang kosong"):
        await zoom.submit(people.other, form(day=day.isoformat(), start="09:30", end="10:00"), now=yesterday)
    assert await ZoomUnserved.count() == 1
    await web.login("tip")
    page = await web.get(f"/zoom/statistik?tahun={day.year}")
    assert page.status_code == 200
    # Zoom A: two hours in November (the 11th month), two hours in the year.
    row = re.search(r'<th scope="row">Zoom A <small class="muted">\(100\)</small></th>(.*?)</tr>', page.text)
    cells = re.findall(r"<td>(?:<strong>)?([\d.]+)", row.group(1))
    assert cells == ["0.0"] * 10 + ["2.0", "0.0", "2.0"]
    assert "Paling sibuk: pukul 09.00–10.00, 10.00–11.00." in page.text
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
    data = {"judul": "Rapat dengan memo", "tanggal": day, "mulai": "10:00", "selesai": "11:00",
            "peserta": "20", "jenis": "online"}
    missing = await web.post("/zoom/baru", data)
    assert missing.status_code == 422 and "Lampirkan nota dinas" in missing.text
    assert 'value="Rapat dengan memo"' in missing.text
    exe = await web.post("/zoom/baru", data, files={"dokumen": ("nota.pdf", b"MZ\x90\x00" * 50, "application/pdf")})
    assert exe.status_code == 422 and 'value="Rapat dengan memo"' in exe.text
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
    assert (await web.get(link)).status_code == 403
    assert "/berkas/" not in (await web.get(f"/zoom/{booking_id}")).text


async def test_a_refused_request_names_every_wrong_field_at_once(web, zoom_accounts, people):
    await web.login("pemohon")
    bad = await web.post("/zoom/baru", {"judul": "", "tanggal": "24-11-2026", "mulai": "25:00",
                                        "selesai": "10:00", "peserta": "x", "jenis": "tatap-muka",
                                        "agenda": "Evaluasi"})
    assert bad.status_code == 422
    for field, message in (("judul", "Judul rapat wajib diisi"), ("tanggal", "Tanggal rapat tidak valid"),
                           ("mulai", "Jam mulai tidak valid"), ("peserta", "Jumlah peserta harus berupa angka"),
                           ("jenis", "daring atau hibrida"), ("dokumen", "Lampirkan nota dinas")):
        assert re.search(rf'<p class="field-error" id="err-{field}">[^<]*{message}', bad.text), field
        if field != "jenis":  # a radio group: its message follows the fieldset
            assert f'aria-describedby="err-{field}"' in bad.text
    assert 'value="Evaluasi"' in bad.text and await ZoomBooking.count() == 0
    # The action endpoint refuses an unknown step with 422 and changes nothing.
    b = await zoom.submit(people.requester, form(day=soon()[0]), now=NOW)
    r = await web.post(f"/zoom/{b}/aksi", {"aksi": "terbang", "versi": "0"})
    assert r.status_code == 422 and "Aksi tidak dikenal" in r.text
    assert (await zoom.row(b))["state"] == "diajukan"


async def test_a_stranger_gets_403_not_the_items_state(web, zoom_accounts, people):
    """Permission is checked before state: "rekaman_diunduh" on a request still waiting is a 403
    for someone who may never confirm it, not a 409 naming its state."""
    day, _ = soon()
    booking_id = await zoom.submit(people.requester, form(day=day), now=clock.now())
    await web.login("lain")
    r = await web.post(f"/zoom/{booking_id}/aksi", {"aksi": "rekaman_diunduh", "versi": "0"})
    assert r.status_code == 403
    assert "Diajukan" not in r.text and "status saat ini" not in r.text
