"""Office admin pages over HTTP: who gets in, what a form keeps when refused, row swaps, logo."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar.auth.roles import Role
from pintar.office import logo, service
from pintar.office.tables import Holiday, HoursOverride, Room
from tests.helpers import make_person

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

PAGES = ["/admin/kantor", "/admin/ruang", "/admin/hari-libur?tahun=2026", "/admin/jam-khusus"]


def settings_data(**changes) -> dict:
    data = {
        "name": "BPS Provinsi Bengkulu Baru",
        "code": "1700",
        "address": "Jl. Adam Malik Km 8",
        "email": "bps1700@bps.go.id",
        "phone": "0736 349117",
        "timezone": "Asia/Jakarta",
    }
    for d in range(5):
        data[f"open_{d}"] = "1"
        data[f"opens_{d}"] = "07:30"
        data[f"closes_{d}"] = "16:30" if d == 4 else "16:00"
    data.update(changes)
    return data


@pytest.fixture
async def admin_web(web):
    await make_person(Role.ADMIN, username="admin1")
    await web.login("admin1")
    return web


@pytest.mark.parametrize("path", PAGES)
async def test_admin_gets_in(admin_web, path):
    response = await admin_web.get(path)
    assert response.status_code == 200, response.text[:300]
    assert "<html" in response.text


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role", [None, Role.KETUA_TIP, Role.PJK_TI, Role.KEPALA])
async def test_others_get_403(web, path, role):
    roles = [role] if role else []
    await make_person(*roles, username="biasa")
    await web.login("biasa")
    response = await web.get(path)
    assert response.status_code == 403
    assert "Anda tidak berhak" in response.text


async def test_anonymous_goes_to_login(web):
    response = await web.get("/admin/kantor")
    assert response.status_code == 302 and response.headers["location"].startswith("/masuk")


async def test_pegawai_cannot_post(web):
    await make_person(username="biasa")
    await web.login("biasa")
    response = await web.post("/admin/ruang", {"name": "Ruang X", "capacity": "5"})
    assert response.status_code == 403
    assert await Room.count() == 0


async def test_nav_shows_admin_entries_only_to_admins(web):
    await make_person(username="biasa")
    await web.login("biasa")
    assert "/admin/hari-libur" not in (await web.get("/")).text
    await web.logout()
    await make_person(Role.ADMIN, username="admin2")
    await web.login("admin2")
    home = (await web.get("/")).text
    for path in ("/admin/kantor", "/admin/ruang", "/admin/hari-libur", "/admin/jam-khusus"):
        assert f'href="{path}"' in home


async def test_save_settings_updates_the_layout(admin_web):
    response = await admin_web.post("/admin/kantor", settings_data())
    assert response.status_code == 303 and response.headers["location"] == "/admin/kantor"
    page = await admin_web.get("/admin/kantor")
    assert "Pengaturan kantor disimpan." in page.text
    assert "BPS Provinsi Bengkulu Baru" in page.text.split("<main")[0]  # the header
    assert (await service.get_office())["address"] == "Jl. Adam Malik Km 8"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"code": "17"}, "Kode BPS harus 4 digit angka"),
        ({"timezone": "Asia/Bengkulu"}, "Zona waktu tidak dikenal"),
        ({"email": "bukan-email"}, "Alamat e-mail tidak valid"),
        ({"opens_2": "16:00", "closes_2": "08:00"}, "Jam tutup Rabu harus setelah jam bukanya"),
    ],
)
async def test_bad_settings_keep_what_was_typed(admin_web, changes, message):
    data = settings_data(address="Alamat yang baru saja diketik", **changes)
    response = await admin_web.post("/admin/kantor", data)
    assert response.status_code == 400
    assert message in response.text
    assert "Alamat yang baru saja diketik" in response.text
    for value in changes.values():
        assert f'value="{value}"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert (await service.get_office())["name"] == "BPS Provinsi Bengkulu"


async def test_closed_weekday_and_saturday_opening(admin_web):
    data = settings_data(open_5="1", opens_5="08:00", closes_5="12:00")
    del data["open_4"]
    assert (await admin_web.post("/admin/kantor", data)).status_code == 303
    form = await service.office_form()
    assert form.hours[4] is None and form.hours[5] == ("08:00", "12:00")


async def test_logo_upload_and_public_route(admin_web):
    files = {"logo": ("logo.png", PNG, "image/png")}
    response = await admin_web.post("/admin/kantor/logo", files=files)
    assert response.status_code == 303
    stored = (await service.get_office())["logo_file"]
    await admin_web.logout()
    served = await admin_web.get("/kantor/logo")  # public, no login
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"
    assert "max-age" in served.headers["cache-control"]
    again = await admin_web.get("/kantor/logo", headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    versioned = await admin_web.get(logo.logo_url(stored))
    assert "immutable" in versioned.headers["cache-control"]


async def test_bad_logo_is_refused_in_indonesian(admin_web):
    exe = {"logo": ("logo.png", b"MZ\x90\x00" + b"\x00" * 100, "image/png")}
    response = await admin_web.post("/admin/kantor/logo", files=exe)
    assert response.status_code == 400
    assert "Logo harus berupa gambar PNG atau JPEG." in response.text
    big = {"logo": ("logo.jpg", b"\xff\xd8\xff" + b"\x00" * (1024 * 1024), "image/jpeg")}
    response = await admin_web.post("/admin/kantor/logo", files=big)
    assert response.status_code == 400 and "Logo paling besar 1 MB." in response.text
    assert (await service.get_office())["logo_file"] == ""
    assert (await admin_web.get("/kantor/logo")).status_code == 404


async def test_rooms_flow(admin_web):
    response = await admin_web.post("/admin/ruang", {"name": "Aula", "capacity": "120", "location": "Lantai 3"})
    assert response.status_code == 303
    room = await Room.select().first()
    bad = await admin_web.post("/admin/ruang", {"name": "Ruang Tamu", "capacity": "banyak", "location": "Lobi"})
    assert bad.status_code == 400
    assert "Kapasitas harus bilangan bulat" in bad.text
    assert 'value="Ruang Tamu"' in bad.text and 'value="Lobi"' in bad.text
    dup = await admin_web.post(f"/admin/ruang/{room['id']}", {"name": "Aula", "capacity": "0"})
    assert dup.status_code == 400
    # The row swap for HTMX: only the row comes back.
    swapped = await admin_web.post(f"/admin/ruang/{room['id']}/aktif", {"active": "0"}, htmx=True)
    assert swapped.status_code == 200
    assert swapped.text.lstrip().startswith(f'<tr id="ruang-{room["id"]}"')
    assert "<html" not in swapped.text and "Nonaktif" in swapped.text
    assert (await Room.select().first())["active"] is False
    # Without JavaScript: a redirect back to the list.
    plain = await admin_web.post(f"/admin/ruang/{room['id']}/aktif", {"active": "1"})
    assert plain.status_code == 303
    edit = await admin_web.get(f"/admin/ruang/{room['id']}")
    assert edit.status_code == 200 and 'value="Aula"' in edit.text
    assert (await admin_web.get("/admin/ruang/999")).status_code == 404


async def test_holiday_list_shows_national_and_estimated(admin_web):
    page = await admin_web.get("/admin/hari-libur?tahun=2028")
    assert page.status_code == 200
    assert "Hari Kemerdekaan Republik Indonesia" in page.text
    assert "Kamis, 17 Agustus 2028" in page.text
    assert "perkiraan" in page.text
    # No package names in the interface (issue 11).
    assert "paket" not in page.text and "holidays" not in page.text
    bad = await admin_web.get("/admin/hari-libur?tahun=dua-ribu")
    assert bad.status_code == 400 and "Tahun tidak valid" in bad.text


async def test_confirm_and_toggle_rows_swap(admin_web):
    await admin_web.get("/admin/hari-libur?tahun=2028")
    fitri = await Holiday.select().where(Holiday.day == dt.date(2028, 2, 27)).first()
    swapped = await admin_web.post(f"/admin/hari-libur/{fitri['id']}/konfirmasi", {}, htmx=True)
    assert swapped.status_code == 200
    assert swapped.text.lstrip().startswith(f'<tr id="libur-{fitri["id"]}"')
    assert "perkiraan" not in swapped.text
    response = await admin_web.post(
        "/admin/hari-libur",
        {"tahun": "2028", "kind": "cuti_bersama", "starts_on": "2028-02-29", "ends_on": "", "name": "Cuti bersama Idul Fitri", "is_day_off": "1"},
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin/hari-libur?tahun=2028"
    cuti = await Holiday.select().where(Holiday.kind == "cuti_bersama").first()
    toggled = await admin_web.post(f"/admin/hari-libur/{cuti['id']}/dihitung-libur", {"is_day_off": "0"}, htmx=True)
    assert "tetap masuk kerja" in toggled.text
    assert (await Holiday.select().where(Holiday.id == cuti["id"]).first())["is_day_off"] is False
    deleted = await admin_web.post(f"/admin/hari-libur/{cuti['id']}/hapus", {}, htmx=True)
    assert deleted.status_code == 200 and deleted.text == ""
    assert await Holiday.count().where(Holiday.id == cuti["id"]) == 0


async def test_bad_holiday_keeps_what_was_typed(admin_web):
    response = await admin_web.post(
        "/admin/hari-libur",
        {"tahun": "2026", "kind": "penutupan", "starts_on": "2026-12-30", "ends_on": "2026-12-01", "name": "Tutup akhir tahun"},
    )
    assert response.status_code == 400
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.text
    assert 'value="Tutup akhir tahun"' in response.text and 'value="2026-12-30"' in response.text
    assert '<option value="penutupan" selected>' in response.text


async def test_move_holiday_through_the_edit_page(admin_web):
    await admin_web.get("/admin/hari-libur?tahun=2028")
    maulid = await Holiday.select().where(Holiday.day == dt.date(2028, 8, 4)).first()
    page = await admin_web.get(f"/admin/hari-libur/{maulid['id']}")
    assert page.status_code == 200 and 'value="2028-08-04"' in page.text
    bad = await admin_web.post(f"/admin/hari-libur/{maulid['id']}", {"name": "Maulid", "day": "besok", "is_day_off": "1"})
    assert bad.status_code == 400 and "tanggal tidak valid" in bad.text and 'value="besok"' in bad.text
    ok = await admin_web.post(f"/admin/hari-libur/{maulid['id']}", {"name": "Maulid Nabi", "day": "2028-08-03", "is_day_off": "1"})
    assert ok.status_code == 303
    listing = await admin_web.get("/admin/hari-libur?tahun=2028")
    assert "dipindah dari 4 Agu 2028" in listing.text


async def test_overrides_flow(admin_web):
    data = {"starts_on": "2027-02-08", "ends_on": "2027-03-09", "weekday": "-1", "opens": "08:00", "closes": "15:00", "note": "Ramadan 1448 H"}
    assert (await admin_web.post("/admin/jam-khusus", data)).status_code == 303
    page = await admin_web.get("/admin/jam-khusus")
    assert "Ramadan 1448 H" in page.text and "08.00–15.00" in page.text
    bad = await admin_web.post("/admin/jam-khusus", {**data, "closes": "07:00", "note": "Jumat Ramadan"})
    assert bad.status_code == 400
    assert "Jam tutup harus setelah jam buka." in bad.text and 'value="Jumat Ramadan"' in bad.text
    row = await HoursOverride.select().first()
    edit = await admin_web.get(f"/admin/jam-khusus/{row['id']}")
    assert 'value="2027-02-08"' in edit.text
    saved = await admin_web.post(f"/admin/jam-khusus/{row['id']}", {**data, "weekday": "4", "closes": "15:30"})
    assert saved.status_code == 303
    assert (await HoursOverride.select().first())["weekday"] == 4
    deleted = await admin_web.post(f"/admin/jam-khusus/{row['id']}/hapus", {}, htmx=True)
    assert deleted.status_code == 200 and await HoursOverride.count() == 0
