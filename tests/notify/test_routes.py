"""The bell on every page, its cheap poll, the list, marking read, WhatsApp, the admin test."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from pintar.auth.roles import Role
from pintar.notify import notify, service
from pintar.notify.tables import Notification, OutgoingEmail
from tests.helpers import make_person


def bell_count(html: str) -> str | None:
    found = re.search(r'<span class="bell-count">([^<]+)</span>', html)
    return found.group(1) if found else None


async def test_bell_in_the_layout_shows_unread_count(web):
    me = await make_person(username="lonceng")
    await web.login("lonceng")
    home = await web.get("/")
    assert 'id="bell"' in home.text and bell_count(home.text) is None
    assert 'hx-trigger="every 60s"' in home.text
    await notify(me.id, "Satu", "/akun")
    await notify(me.id, "Dua", "/akun")
    # Updated on navigation: the next page shows it.
    profile = await web.get("/akun")
    assert bell_count(profile.text) == "2"


async def test_bell_poll_answers_304_while_nothing_changed(web):
    me = await make_person(username="poll")
    await web.login("poll")
    first = await web.get("/notifikasi/lonceng", htmx=True)
    assert first.status_code == 200 and "<html" not in first.text
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    assert len(first.content) < 600
    same = await web.get("/notifikasi/lonceng", htmx=True, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    await notify(me.id, "Baru", "/akun")
    changed = await web.get("/notifikasi/lonceng", htmx=True, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and bell_count(changed.text) == "1"
    assert changed.headers["etag"] != etag
    # Stable again until the next change.
    again = await web.get(
        "/notifikasi/lonceng", htmx=True, headers={"If-None-Match": changed.headers["etag"]}
    )
    assert again.status_code == 304


async def test_bell_etag_differs_between_people(web):
    a = await make_person(username="orang.a")
    b = await make_person(username="orang.b")
    await notify([a.id, b.id], "Sama", "/akun")
    await web.login("orang.a")
    tag_a = (await web.get("/notifikasi/lonceng", htmx=True)).headers["etag"]
    await web.logout()
    await web.login("orang.b")
    other = await web.get("/notifikasi/lonceng", htmx=True, headers={"If-None-Match": tag_a})
    assert other.status_code == 200


async def test_list_page_links_marks_read_and_shares(web):
    me = await make_person(username="daftar")
    [nid] = await notify(me.id, "Tiket HC-2026-00042 selesai", "/akun", urgent=True)
    await web.login("daftar")
    page = await web.get("/notifikasi")
    assert page.status_code == 200
    assert "Tiket HC-2026-00042 selesai" in page.text
    assert f'action="/notifikasi/{nid}/baca"' in page.text
    assert "Bagikan ke WhatsApp" in page.text and "Penting" in page.text
    wa = re.search(r'href="(https://wa\.me/[^"]+)"', page.text).group(1)
    text = parse_qs(urlsplit(wa.replace("&amp;", "&")).query)["text"][0]
    assert text == "Tiket HC-2026-00042 selesai\nhttp://127.0.0.1:8000/akun"
    opened = await web.post(f"/notifikasi/{nid}/baca")
    assert opened.status_code == 303 and opened.headers["location"] == "/akun"
    assert (await service.bell_state(me.id))["count"] == 0
    # htmx asks for a client-side redirect instead of a 303.
    hx = await web.post(f"/notifikasi/{nid}/baca", htmx=True)
    assert hx.headers["hx-redirect"] == "/akun"


async def test_someone_elses_notification_is_forbidden(web):
    owner = await make_person(username="pemilik")
    await make_person(username="pengintip")
    [nid] = await notify(owner.id, "Rahasia", "/akun")
    await web.login("pengintip")
    response = await web.post(f"/notifikasi/{nid}/baca")
    assert response.status_code == 403
    assert (await Notification.select(Notification.read_at).first())["read_at"] is None
    assert (await web.post("/notifikasi/9999/baca")).status_code == 404


async def test_mark_all_read(web):
    me = await make_person(username="semua")
    await notify(me.id, "Satu", "/akun")
    await notify(me.id, "Dua", "/akun")
    await web.login("semua")
    response = await web.post("/notifikasi/baca-semua")
    assert response.status_code == 303 and response.headers["location"] == "/notifikasi"
    page = await web.get("/notifikasi")
    assert "2 notifikasi ditandai sudah dibaca." in page.text
    assert bell_count(page.text) is None and "Baru" not in page.text


async def test_list_pagination_and_fragment(web):
    me = await make_person(username="halaman")
    for i in range(service.PAGE_SIZE + 1):
        await notify(me.id, f"Pesan ke-{i}", "/akun")
    await web.login("halaman")
    first = await web.get("/notifikasi")
    assert "Halaman 1 dari 2" in first.text and "Pesan ke-0<" not in first.text
    second = await web.get("/notifikasi?halaman=2", htmx=True)
    assert "<html" not in second.text and 'id="notif-list"' in second.text
    assert "Pesan ke-0<" in second.text
    assert (await web.get("/notifikasi?halaman=abc")).status_code == 200


async def test_empty_list(web):
    await make_person(username="kosong")
    await web.login("kosong")
    page = await web.get("/notifikasi")
    assert "Belum ada notifikasi untuk Anda." in page.text


async def test_anonymous_is_sent_to_login(web):
    response = await web.get("/notifikasi/lonceng", follow_redirects=False)
    assert response.status_code == 302


# --- the admin's test notification --------------------------------------------------------------


async def test_admin_sends_a_test_notification_to_a_role(web):
    await make_person(Role.ADMIN, username="admin")
    ti = await make_person(Role.PJK_TI, username="petugas", name="Petugas TI")
    await web.login("admin")
    page = await web.get("/admin/uji-notifikasi")
    assert page.status_code == 200 and "Kirim notifikasi uji" in page.text
    assert 'value="r:pjk_ti"' in page.text and f'value="p:{ti.id}"' in page.text
    response = await web.post(
        "/admin/uji-notifikasi",
        {"recipient": "r:pjk_ti", "message": "Uji coba notifikasi", "link": "/akun", "kind": "info"},
    )
    assert response.status_code == 303
    rows = await Notification.select().where(Notification.person == ti.id)
    assert [r["message"] for r in rows] == ["Uji coba notifikasi"]
    assert await OutgoingEmail.count() == 1
    done = await web.get("/admin/uji-notifikasi")
    assert "Notifikasi uji terkirim ke 1 orang." in done.text


async def test_admin_test_form_keeps_input_on_error(web):
    admin = await make_person(Role.ADMIN, username="admin")
    await web.login("admin")
    response = await web.post(
        "/admin/uji-notifikasi", {"recipient": "", "message": "Pesan saya", "kind": "info"}
    )
    assert response.status_code == 400
    assert "Pilih penerima" in response.text and "Pesan saya</textarea>" in response.text
    response = await web.post(
        "/admin/uji-notifikasi",
        {"recipient": f"p:{admin.id}", "message": "Ke luar", "link": "https://x.example/"},
    )
    assert response.status_code == 400 and "alamat di dalam portal" in response.text
    assert 'value="https://x.example/"' in response.text
    response = await web.post(
        "/admin/uji-notifikasi", {"recipient": f"p:{admin.id}", "message": "  "}
    )
    assert response.status_code == 400 and "wajib diisi" in response.text
    # No active holder of the role: said plainly.
    response = await web.post(
        "/admin/uji-notifikasi", {"recipient": "r:kepala", "message": "Halo"}
    )
    assert response.status_code == 400 and "Tidak ada pegawai aktif" in response.text
    assert await Notification.count() == 0


async def test_admin_test_page_is_for_admins_only(web):
    await make_person(Role.PJK_TI, username="bukanadmin")
    await web.login("bukanadmin")
    assert (await web.get("/admin/uji-notifikasi")).status_code == 403
    response = await web.post("/admin/uji-notifikasi", {"recipient": "r:pjk_ti", "message": "x"})
    assert response.status_code == 403
    home = await web.get("/")
    assert "Uji notifikasi" not in home.text and 'href="/notifikasi"' in home.text


async def test_error_pages_keep_the_bell_without_its_count(web):
    me = await make_person(username="tersesat")
    await notify(me.id, "Ada", "/akun")
    await web.login("tersesat")
    refused = await web.get("/admin/uji-notifikasi")
    assert refused.status_code == 403 and 'id="bell"' in refused.text


async def test_admin_outbox_says_non_urgent_mail_waits_for_office_hours(web, frozen_clock):
    import datetime as dt
    from zoneinfo import ZoneInfo

    wib = ZoneInfo("Asia/Jakarta")
    await make_person(Role.ADMIN, username="kotakkeluar")
    staff = await make_person(username="penerima")
    # Friday 21.00 WIB: a reminder waits for Monday 07.30, an urgent notice goes at once.
    frozen_clock.set(dt.datetime(2026, 11, 27, 21, 0, tzinfo=wib))
    await notify(staff.id, "Pengingat malam", "/x", kind="reminder")
    await notify(staff.id, "Penting malam", "/x", kind="reminder", urgent=True)
    waiting = await OutgoingEmail.select().order_by(OutgoingEmail.id)
    assert waiting[0]["not_before"] > frozen_clock.at and waiting[1]["not_before"] == frozen_clock.at
    await web.login("kotakkeluar")
    page = await web.get("/admin/kotak-keluar")
    assert page.status_code == 200
    assert "menunggu jam kantor" in page.text and "E-mail penting dikirim segera" in page.text
    assert "Senin, 30 November 2026" in page.text  # the next opening, in words
    assert "paling sedikit sekali" in page.text and "Message-ID yang sama" in page.text
    assert "PINTAR_SMTP_HOST belum diatur" in page.text  # the suite runs without SMTP
    assert page.text.count("penerima@contoh.go.id") == 2
    await web.logout()
    await web.login("penerima")
    assert (await web.get("/admin/kotak-keluar")).status_code == 403
