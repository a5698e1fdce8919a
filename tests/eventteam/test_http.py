"""Pages of the agenda and the Event Team: each step over HTTP, bad input, the access matrix, the
board's card swap."""

from __future__ import annotations

import datetime as dt

from pintar.agenda import service as agenda
from pintar.agenda.tables import Activity
from pintar.eventteam import service as et
from tests.agenda.conftest import NOW, WIB, form
from tests.helpers import Web


async def test_agenda_pages_and_bad_input(roster, web: Web):
    await web.login("sm1")
    assert (await web.get("/agenda")).status_code == 200
    page = await web.get("/agenda/kalender?tampilan=bulan&tanggal=2026-12-01")
    assert page.status_code == 200 and "Desember 2026" in page.text
    part = await web.get("/agenda/kalender?tampilan=minggu&tanggal=2026-12-14", htmx=True)
    assert part.status_code == 200 and "<html" not in part.text and 'id="agenda-cal"' in part.text
    assert len(part.content) <= 3072
    page = await web.get("/agenda/baru")
    assert page.status_code == 200 and 'name="judul"' in page.text
    hint = await web.get("/agenda/baru?bagian=petunjuk&tanggal=2026-12-14", htmx=True)
    assert "Kiki Ketua" in hint.text
    bad = await web.post("/agenda/baru", {"judul": "Rapat X", "tanggal": "2026-02-31", "mulai": "10:00",
                                          "selesai": "09:00", "metode": "luring", "ruang": "999"})
    assert bad.status_code == 422
    assert "Tanggal tidak valid" in bad.text and "Ruang tidak dikenal" in bad.text and 'value="Rapat X"' in bad.text
    assert await Activity.count() == 0


async def test_steps_over_http_and_the_access_matrix(roster, web: Web):
    aid = await agenda.create(roster.sm, form(ruang=roster.aula), now=NOW)
    # No one edits another's activity.
    await web.login("lain")
    assert (await web.get(f"/agenda/{aid}/ubah")).status_code == 403
    a = await agenda.get(aid)
    assert (await web.post(f"/agenda/{aid}/batal", {"versi": a["version"], "catatan": "x"})).status_code == 403
    await web.logout()
    await web.login("sm1")
    page = await web.get(f"/agenda/{aid}")
    assert page.status_code == 200 and "Minta dukungan Event Team" in page.text
    bad = await web.post(f"/agenda/{aid}/event-team", {f"peran_{roster.mc}": "10000"})
    assert bad.status_code == 422
    assert await et.support_of_activity(aid) is None
    sid = await et.request_support(roster.sm, aid, {roster.mc: 1}, now=NOW)
    # An SM can't assign roles.
    assert (await web.post(f"/event-team/{sid}/tugaskan", {"peran": roster.mc, "orang": roster.m[0].id})).status_code == 403
    await web.logout()
    await web.login("ketua1")
    page = await web.get(f"/event-team/{sid}")
    assert page.status_code == 200 and "Usulan untuk peran MC" in page.text and "Anggota A" in page.text
    done = await web.post(f"/event-team/{sid}/tugaskan", {"peran": roster.mc, "orang": roster.m[0].id,
                                                          "versi": (await et.get(sid))["version"]})
    assert done.status_code == 303
    board = await web.get("/event-team")
    assert board.status_code == 200 and f'id="kartu-{sid}"' in board.text
    s = await et.get(sid)
    swap = await web.post(f"/event-team/{sid}/aksi", {"aksi": "tetapkan", "versi": s["version"], "dari": "papan"},
                          htmx=True)
    assert swap.status_code == 200 and len(swap.content) <= 3072
    assert f'id="kartu-{sid}"' in swap.text and 'id="hitung-peran_ditetapkan" hx-swap-oob="true">1<' in swap.text
    # The same stale card again: refused with a clear message and the fresh card.
    stale = await web.post(f"/event-team/{sid}/aksi", {"aksi": "tetapkan", "versi": s["version"], "dari": "papan"},
                           htmx=True)
    assert stale.status_code == 409 and "sudah diubah orang lain" in stale.text and "Peran 1/1" in stale.text
    # Without JavaScript: a plain form, a redirect.
    await web.logout()
    await web.login("anggota0")
    mine = await web.get("/event-team?saya=1")
    assert mine.status_code == 200 and f'id="kartu-{sid}"' in mine.text
    # A member can't accept a late request.
    late_aid = await agenda.create(roster.sm, form(tanggal="2026-12-09", ruang=roster.kecil), now=NOW)
    late = await et.request_support(roster.sm, late_aid, {roster.mc: 1}, now=NOW)
    ls = await et.get(late)
    refused = await web.post(f"/event-team/{late}/aksi", {"aksi": "terima_terlambat", "versi": ls["version"],
                                                          "catatan": "ok"})
    assert refused.status_code == 403
    assert (await et.get(late))["state"] == "menunggu_ketua"


async def test_quarter_and_unavailable_pages(roster, web: Web):
    await web.login("anggota1")
    assert (await web.get("/event-team/triwulan?tahun=2026&q=4")).status_code == 200
    assert (await web.get("/event-team/triwulan?tahun=2026&q=9")).status_code == 400
    bad = await web.post("/event-team/tidak-tersedia", {"mulai": "2026-12-10", "sampai": "2026-12-01"})
    assert bad.status_code == 422
    ok = await web.post("/event-team/tidak-tersedia", {"mulai": "2026-12-10", "sampai": "", "catatan": "Dinas luar"})
    assert ok.status_code == 303
    assert "Dinas luar" in (await web.get("/event-team/tidak-tersedia")).text
    await web.logout()
    await web.login("lain")
    assert (await web.get("/event-team/triwulan")).status_code == 403


async def test_admin_edits_the_roster_and_role_types(roster, web: Web):
    await web.login("lain")
    assert (await web.get("/admin/event-team?tahun=2027")).status_code == 403
    await web.logout()
    await web.login("admin1")
    page = await web.get("/admin/event-team?tahun=2026")
    assert page.status_code == 200 and "Event Team 5" in page.text and "Kiki Ketua" in page.text
    clash = await web.post("/admin/event-team/tim", {"tahun": "2026", "nama": "Event Team 6", "bulan": ["12"],
                                                     "ketua": str(roster.sub.id)})
    assert clash.status_code == 422 and "sudah dipegang tim lain" in clash.text
    ok = await web.post("/admin/event-team/tim", {"tahun": "2027", "nama": "Event Team 1", "bulan": ["2", "8"],
                                                  "ketua": str(roster.sub.id), "anggota": [str(roster.m[0].id)]})
    assert ok.status_code == 303
    assert (await et.duty(dt.date(2027, 8, 3)))["lead"]["id"] == roster.sub.id
    assert (await web.post("/admin/event-team/peran", {"tahun": "2026", "nama": "MC"})).status_code == 422
    assert (await web.post("/admin/event-team/peran", {"tahun": "2026", "nama": "Fotografer"})).status_code == 303
    assert "Fotografer" in [r["name"] for r in await et.role_types()]


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


async def test_steps_four_to_seven_over_http_with_bad_input(roster, web: Web):
    from pintar import clock

    aid = await agenda.create(roster.sm, form(ruang=roster.aula), now=NOW)
    sid = await et.request_support(roster.sm, aid, {roster.mc: 1}, now=NOW)
    await et.assign(roster.ketua, sid, roster.mc, roster.m[0].id, now=NOW)
    s = await et.get(sid)
    await et.act(roster.ketua, sid, "tetapkan", version=s["version"], now=NOW)
    after = dt.datetime(2026, 12, 14, 12, 0, tzinfo=WIB)
    with clock.frozen(after):
        await web.login("sm1")
        s = await et.get(sid)
        assert (await web.post(f"/event-team/{sid}/aksi", {"aksi": "terlaksana"})).status_code == 409  # no version
        done = await web.post(f"/event-team/{sid}/aksi", {"aksi": "terlaksana", "versi": s["version"]})
        assert done.status_code == 303 and (await et.get(sid))["state"] == "terlaksana"
        # Documentation: a PDF is kept, a program is refused.
        ok = await web.client.post(f"/event-team/{sid}/dokumentasi", files={"berkas": ("hadir.pdf", PDF, "application/pdf")},
                                   data={"keterangan": "Daftar hadir"}, headers={"x-csrftoken": await web.csrf()})
        assert ok.status_code == 303 and len(await et.documents(sid)) == 1
        bad = await web.client.post(f"/event-team/{sid}/dokumentasi", files={"berkas": ("x.exe", b"MZ\x90\x00" * 40,
                                    "application/octet-stream")}, headers={"x-csrftoken": await web.csrf()})
        assert bad.status_code in (400, 415, 422) and len(await et.documents(sid)) == 1
        aid_ = s["assignments"][0]["id"]
        assert (await web.post(f"/event-team/{sid}/tidak-hadir/{aid_}", {"tidak_hadir": "1"})).status_code == 303
        await web.logout()
        await web.login("cc1")
        s = await et.get(sid)
        assert (await web.post(f"/event-team/{sid}/aksi", {"aksi": "kirim_evaluasi", "versi": s["version"]})).status_code == 303
        await web.logout()
        await web.login("sm1")
        s = await et.get(sid)
        refused = await web.post(f"/event-team/{sid}/aksi", {"aksi": "isi_evaluasi", "versi": s["version"],
                                                             "kepuasan": "4", "baik": "Rapi sekali"})
        assert refused.status_code == 422 and "pilih 1–5" in refused.text and "Rapi sekali" in refused.text
        assert (await et.get(sid))["state"] == "menunggu_evaluasi"
        filled = await web.post(f"/event-team/{sid}/aksi", {"aksi": "isi_evaluasi", "versi": s["version"],
                                                            "kepuasan": "4", f"nilai_{aid_}": "3"})
        assert filled.status_code == 303
        await web.logout()
        await web.login("ketua1")
        s = await et.get(sid)
        empty = await web.post(f"/event-team/{sid}/aksi", {"aksi": "evaluasi_tim", "versi": s["version"], "catatan": " "})
        assert empty.status_code == 422
        closed = await web.post(f"/event-team/{sid}/aksi", {"aksi": "evaluasi_tim", "versi": s["version"],
                                                            "catatan": "Tim solid"})
        assert closed.status_code == 303
        page = await web.get(f"/event-team/{sid}")
        # The shared timeline: each step with its standard and verdict.
        assert page.status_code == 200 and 'class="timeline"' in page.text
        assert "1 hari kerja" in page.text and "10 menit" in page.text and "memenuhi" in page.text
    final = await et.get(sid)
    assert final["state"] == "selesai" and final["internal_notes"] == "Tim solid"
    assert final["assignments"][0]["no_show"] is True and final["assignments"][0]["rating"] == 3
