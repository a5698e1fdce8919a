"""HaloCik through HTTP: forms, pages, who sees what, the inline status control, work orders."""

from __future__ import annotations

import gzip
import re

import pytest

from pintar.auth.roles import Role
from pintar.helpdesk import service
from pintar.helpdesk.tables import Ticket
from tests import sample_files
from tests.helpdesk.helpers import (
    MONDAY_9,
    WIB,
    make_pc,
    make_software,
    open_help,
    open_install,
    run_steps,
)
from tests.helpers import make_person


@pytest.fixture
async def people():
    return {
        "rina": await make_person(username="rina", name="Rina Marlina"),
        "budi": await make_person(username="budi", name="Budi Santoso"),
        "andi": await make_person(Role.TEKNISI, username="andi", name="Andi Pratama"),
        "yoga": await make_person(Role.TEKNISI, username="yoga", name="Yoga Firmansyah"),
        "dedi": await make_person(Role.PJK_TI, username="dedi", name="Dedi Kurniawan"),
    }


@pytest.fixture
async def stock(people):
    return {
        "pc": await make_pc("3100102001-001", holder=people["rina"].id),
        "spss": await make_software("SPSS", "26"),
    }


def memo_file(data: bytes | None = None):
    return {"memo": ("nota dinas.pdf", data or sample_files.pdf(), "application/pdf")}


async def test_requester_opens_a_ticket_with_the_form(web, people, stock):
    await web.login("rina")
    form = await web.get("/halocik/tiket/baru")
    assert form.status_code == 200
    # The requester's own PC is chosen by default.
    assert re.search(rf'<option value="{stock["pc"]}" selected>3100102001-001', form.text)
    data = {"kind": "instalasi", "software": str(stock["spss"]), "pc": str(stock["pc"]),
            "reason": "Olah data Susenas"}
    response = await web.post("/halocik/tiket/baru", data, files=memo_file())
    assert response.status_code == 303
    location = response.headers["location"]
    page = await web.get(location)
    assert page.status_code == 200
    # The number is of the office's year the ticket was opened in (the route reads the clock).
    row = await Ticket.select(Ticket.number, Ticket.created_at).first()
    assert row["number"] == f"HC-{row['created_at'].astimezone(WIB).year}-00001"
    assert f"<h1>{row['number']} " in page.text
    assert "Tiket Anda sudah diterima dan menunggu diambil teknisi." in page.text
    # The memo is listed with its label, its file name, size and who uploaded it.
    assert re.search(r'<a href="/berkas/\d+">Nota dinas</a> <small class="muted">nota dinas\.pdf'
                     r' · \d+ B · Rina Marlina</small>', page.text)
    doc = re.search(r'href="(/berkas/\d+)"', page.text).group(1)
    assert (await web.get(doc)).status_code == 200
    order = await web.get(location + "/perintah-kerja")
    assert order.status_code == 200 and "Dokumen Perintah Kerja" in order.text
    assert "Belum dikonfirmasi pemohon." in order.text
    mine = await web.get("/halocik/saya")
    assert "Menunggu diambil teknisi" in mine.text


async def test_form_errors_keep_what_was_typed(web, people, stock):
    await web.login("rina")
    data = {"kind": "instalasi", "software": "lain", "software_other": "", "pc": str(stock["pc"]),
            "reason": "Butuh untuk peta tematik"}
    response = await web.post("/halocik/tiket/baru", data)
    assert response.status_code == 422
    assert "Butuh untuk peta tematik" in response.text
    assert "Nama perangkat lunak wajib diisi." in response.text
    assert "Lampirkan nota dinas" in response.text
    exe = await web.post("/halocik/tiket/baru", {**data, "software_other": "QGIS"},
                         files=memo_file(sample_files.exe()))
    assert exe.status_code == 422 and 'value="QGIS"' in exe.text
    assert await Ticket.count() == 0


async def test_requesters_cannot_reach_other_tickets_or_staff_pages(web, people, stock):
    theirs = await open_install(people["budi"], stock["spss"], stock["pc"])
    await web.login("rina")
    for path in (f"/halocik/tiket/{theirs['id']}", f"/halocik/tiket/{theirs['id']}/perintah-kerja",
                 "/halocik/antrean", "/halocik/repositori", "/halocik/pc"):
        assert (await web.get(path)).status_code == 403, path
    memo_id = (await Ticket.select(Ticket.memo).first())["memo"]
    assert (await web.get(f"/berkas/{memo_id}")).status_code == 403
    refused = await web.post(f"/halocik/tiket/{theirs['id']}/komentar", {"isi": "halo"})
    assert refused.status_code == 403
    assert (await web.get("/halocik/tiket/999999")).status_code == 404


async def test_queue_page_search_and_fragments(web, people, stock):
    a = await open_install(people["rina"], stock["spss"], stock["pc"])
    b = await open_help(people["budi"], reason="Wifi lantai 3")
    await web.login("andi")
    page = await web.get("/halocik/antrean")
    assert page.status_code == 200 and "<html" in page.text
    assert 'id="hc-counters"' in page.text and f'id="tiket-{a["id"]}"' in page.text
    assert "Belum diambil <span class=\"badge\">2</span>" in page.text
    found = await web.get("/halocik/antrean?filter=semua&q=budi", htmx=True)
    assert found.status_code == 200 and "<html" not in found.text
    assert found.text.lstrip().startswith('<div id="hc-results"')
    assert f'id="tiket-{b["id"]}"' in found.text and f'id="tiket-{a["id"]}"' not in found.text
    assert "HX-Request" in found.headers["vary"]
    number = await web.get("/halocik/antrean?filter=semua&q=HC-2026-00001")
    assert f'id="tiket-{a["id"]}"' in number.text and f'id="tiket-{b["id"]}"' not in number.text


async def test_inline_status_change_swaps_the_row_and_counters(web, people, stock):
    a = await open_install(people["rina"], stock["spss"], stock["pc"])
    await web.login("andi")
    response = await web.post(f"/halocik/antrean/{a['id']}/status",
                              {"aksi": "ambil", "versi": "0", "kembali": "/halocik/antrean?filter=belum"},
                              htmx=True)
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html and html.lstrip().startswith(f'<tr id="tiket-{a["id"]}"')
    assert "Cek repositori dan spesifikasi PC" in html and "Andi Pratama" in html
    assert 'id="hc-counters" class="tabs" aria-label="Saringan antrean" hx-swap-oob="true"' in html
    assert 'aria-current="page">Belum diambil' in html  # the tab the person is on stays marked
    assert "Menunggu saya <span class=\"badge\">1</span>" in html
    assert len(html.encode()) <= 3 * 1024  # the HTMX partial budget
    assert (await Ticket.select(Ticket.state).first())["state"] == "dicek"


async def test_stale_row_is_refused_with_the_fresh_row(web, people, stock):
    a = await open_install(people["rina"], stock["spss"], stock["pc"])
    await service.act(a["id"], "ambil", people["yoga"])  # someone else, after the row was drawn
    await web.login("dedi")
    response = await web.post(f"/halocik/antrean/{a['id']}/status",
                              {"aksi": "tolak_awal", "catatan": "dobel", "versi": "0"}, htmx=True)
    assert response.status_code == 409 and "<html" not in response.text
    assert "sudah diubah orang lain (status sekarang “Cek repositori dan spesifikasi PC”)" in response.text
    assert "Yoga Firmansyah</td>" in response.text and "Cek repositori" in response.text
    assert 'name="versi" value="1"' in response.text  # the fresh version to try again with
    assert (await Ticket.select(Ticket.state).first())["state"] == "dicek"


async def test_inline_refusal_for_a_missing_reason_keeps_what_was_chosen(web, people, stock):
    a = await open_install(people["rina"], stock["spss"], stock["pc"])
    await service.act(a["id"], "ambil", people["andi"])
    await web.login("andi")
    response = await web.post(f"/halocik/antrean/{a['id']}/status",
                              {"aksi": "tunggu_lisensi", "catatan": "", "versi": "1"}, htmx=True)
    assert response.status_code == 422 and "<html" not in response.text
    assert "Alasan wajib diisi" in response.text
    assert '<option value="tunggu_lisensi" selected>' in response.text
    assert (await Ticket.select(Ticket.state).first())["state"] == "dicek"


async def test_inline_form_works_without_javascript(web, people, stock):
    a = await open_install(people["rina"], stock["spss"], stock["pc"])
    await web.login("andi")
    back = "/halocik/antrean?filter=belum"
    done = await web.post(f"/halocik/antrean/{a['id']}/status",
                          {"aksi": "ambil", "versi": "0", "kembali": back})
    assert done.status_code == 303 and done.headers["location"] == back
    page = await web.get(back)
    assert "Tiket HC-2026-00001: Cek repositori dan spesifikasi PC." in page.text
    stale = await web.post(f"/halocik/antrean/{a['id']}/status",
                           {"aksi": "tunggu_lisensi", "catatan": "kursi habis", "versi": "0",
                            "kembali": "/halocik/antrean?filter=saya"})
    assert stale.status_code == 409 and "<html" in stale.text
    assert "sudah diubah orang lain" in stale.text and 'value="kursi habis"' in stale.text
    missing_note = await web.post(f"/halocik/antrean/{a['id']}/status",
                                  {"aksi": "tunggu_lisensi", "versi": "1"})
    assert missing_note.status_code == 422 and "Alasan wajib diisi" in missing_note.text
    requester = await make_person(username="lain")
    await web.logout()
    await web.login(requester.username)
    assert (await web.post(f"/halocik/antrean/{a['id']}/status", {"aksi": "ambil"})).status_code == 403


async def test_ticket_page_steps_confirmation_and_signature(web, people, stock):
    a = await open_install(people["rina"], stock["spss"], stock["pc"])
    tid = a["id"]
    await web.login("andi")
    page = await web.get(f"/halocik/tiket/{tid}")
    assert "Ambil tiket" in page.text and "Tugaskan" not in page.text
    taken = await web.post(f"/halocik/tiket/{tid}/aksi", {"aksi": "ambil", "versi": "0"})
    assert taken.status_code == 303
    page = await web.get(f"/halocik/tiket/{tid}")
    assert "Perbandingan kebutuhan dan PC" in page.text and "Sesuai: mulai instalasi" in page.text
    refused = await web.post(f"/halocik/tiket/{tid}/aksi",
                             {"aksi": "tunggu_perangkat", "catatan": "", "versi": "1"})
    assert refused.status_code == 422 and "Alasan wajib diisi" in refused.text
    for action, version in (("sesuai", 1), ("uji", 2), ("serahkan", 3)):
        r = await web.post(f"/halocik/tiket/{tid}/aksi", {"aksi": action, "versi": str(version)})
        assert r.status_code == 303, (action, r.text[:300])
    await web.logout()
    await web.login("rina")
    page = await web.get(f"/halocik/tiket/{tid}")
    assert "Mohon periksa lalu konfirmasi" in page.text and "Nilai layanan" in page.text
    no_rating = await web.post(f"/halocik/tiket/{tid}/aksi", {"aksi": "konfirmasi", "versi": "4"})
    assert no_rating.status_code == 422 and "Beri nilai layanan" in no_rating.text
    signed = await web.post(f"/halocik/tiket/{tid}/aksi",
                            {"aksi": "konfirmasi", "versi": "4", "nilai": "5", "komentar_nilai": "Mantap"})
    assert signed.status_code == 303
    order = await web.get(f"/halocik/tiket/{tid}/perintah-kerja")
    row = await Ticket.select().first()
    assert row["signed_hash"] in order.text and "isi sama dengan saat ditandatangani" in order.text
    assert "Rina Marlina" in order.text and "5/5 — Mantap" in order.text
    assert "memenuhi" in order.text
    await Ticket.update({Ticket.software_label: "SPSS 99"}).where(Ticket.id == tid)
    order = await web.get(f"/halocik/tiket/{tid}/perintah-kerja")
    assert "berubah sejak ditandatangani" in order.text
    page = await web.get(f"/halocik/tiket/{tid}")
    assert "berubah sejak ditandatangani" in page.text


async def test_assignment_by_pjk_ti(web, people, stock):
    a = await open_help(people["rina"])
    await web.login("dedi")
    page = await web.get(f"/halocik/tiket/{a['id']}")
    assert "Tugaskan ke" in page.text and "Andi Pratama" in page.text
    r = await web.post(f"/halocik/tiket/{a['id']}/aksi",
                       {"aksi": "tugaskan", "teknisi": str(people["andi"].id), "versi": "0"})
    assert r.status_code == 303
    assert (await Ticket.select(Ticket.assignee).first())["assignee"] == people["andi"].id


async def test_comments_and_extra_documents(web, people, stock):
    a = await open_help(people["rina"])
    await web.login("rina")
    empty = await web.post(f"/halocik/tiket/{a['id']}/komentar", {"isi": "  "})
    assert empty.status_code == 422 and "Tulis komentar" in empty.text
    ok = await web.post(f"/halocik/tiket/{a['id']}/komentar", {"isi": "Printer lantai 2 macet"})
    assert ok.status_code == 303
    up = await web.post(f"/halocik/tiket/{a['id']}/dokumen", {"keterangan": "Foto layar"},
                        files={"berkas": ("layar.png", sample_files.png(), "image/png")})
    assert up.status_code == 303
    page = await web.get(f"/halocik/tiket/{a['id']}")
    assert "Printer lantai 2 macet" in page.text and "Foto layar" in page.text


async def test_repository_and_inventory_pages(web, people, stock):
    await web.login("andi")
    bad = await web.post("/halocik/repositori/baru", {"name": "Stata", "version": "18",
                                                      "licence": "berlisensi", "seats": "",
                                                      "min_ram_gb": "banyak"})
    assert bad.status_code == 422
    assert "Perangkat lunak berlisensi perlu jumlah kursi" in bad.text
    assert "RAM minimal harus berupa angka." in bad.text and 'value="Stata"' in bad.text
    ok = await web.post("/halocik/repositori/baru", {"name": "Stata", "version": "18",
                                                     "licence": "berlisensi", "seats": "3",
                                                     "min_ram_gb": "4,5", "active": "on"})
    assert ok.status_code == 303
    listing = await web.get("/halocik/repositori")
    assert "Stata 18" in listing.text and "0 dari 3 kursi terpakai" in listing.text
    dup = await web.post("/halocik/pc/baru", {"asset_code": "3100102001-001", "ram_gb": "8"})
    assert dup.status_code == 422 and "Kode aset ini sudah terdaftar." in dup.text
    pc = await web.post("/halocik/pc/baru", {"asset_code": "3100102001-777", "os": "Windows 10",
                                             "disk_total_gb": "100", "disk_free_gb": "200"})
    assert pc.status_code == 422 and "tidak boleh melebihi" in pc.text
    # A PC page lists the software installed on it by done tickets.
    t = await open_install(people["rina"], stock["spss"], stock["pc"])
    await run_steps(t["id"], [("ambil", people["andi"], {}), ("sesuai", people["andi"], {}),
                              ("uji", people["andi"], {}), ("serahkan", people["andi"], {}),
                              ("konfirmasi", people["rina"], {"rating": 5})], MONDAY_9)
    page = await web.get(f"/halocik/pc/{stock['pc']}")
    assert "SPSS 26" in page.text and "HC-2026-00001" in page.text


async def test_queue_page_weight(web, people, stock):
    for i in range(60):
        await open_help(people["rina"], reason=f"Masalah {i}")
    await web.login("andi")
    page = await web.get("/halocik/antrean")
    assert page.text.count('<tr id="tiket-') == 50 and "Halaman berikutnya" in page.text
    assert len(gzip.compress(page.content)) < 15_000


async def test_notifications_arrive_in_the_bell_and_clear_on_the_ticket_page(web, people, stock):
    from pintar.notify.tables import Notification

    t = await open_install(people["rina"], stock["spss"], stock["pc"])
    techs = await Notification.select(Notification.person, Notification.kind).where(
        Notification.link == f"/halocik/tiket/{t['id']}")
    assert {r["person"] for r in techs} == {people["andi"].id, people["yoga"].id, people["dedi"].id}
    assert {r["kind"] for r in techs} == {"action"}
    await service.act(t["id"], "ambil", people["andi"])
    await service.act(t["id"], "tunggu_perangkat", people["andi"], note="RAM perlu ditambah")
    held = await Notification.select().where(Notification.person == people["rina"].id).order_by(Notification.id)
    assert [r["message"] for r in held][-1] == (
        "Tiket HC-2026-00001 ditunda: menunggu peningkatan perangkat keras. Alasan: RAM perlu ditambah")
    assert all(r["read_at"] is None for r in held)
    await web.login("rina")
    await web.get(f"/halocik/tiket/{t['id']}")
    unread = await Notification.count().where(
        (Notification.person == people["rina"].id) & Notification.read_at.is_null())
    assert unread == 0
