"""Application development over HTTP: the whole flow through the pages, bad input (clear
Indonesian 4xx, nothing saved, nothing typed lost) and who may open and do what."""

from __future__ import annotations

from pintar.appdev.tables import Application, Request, StageDocument, Ticket
from pintar.files.tables import Document
from tests import sample_files
from tests.appdev.helpers import new_request, to_stage

PDF = ("dokumen.pdf", sample_files.pdf(), "application/pdf")
DOCX = ("srs.docx", sample_files.docx(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
EXE = ("srs.pdf", sample_files.exe(), "application/pdf")


async def _as(web, username: str):
    await web.logout()
    await web.login(username)


async def _act(web, request_id: int, action: str, data: dict | None = None, files: dict | None = None):
    version = (await Request.select(Request.version).where(Request.id == request_id).first())["version"]
    return await web.post(f"/aplikasi/permintaan/{request_id}/aksi",
                          {"aksi": action, "versi": str(version), **(data or {})},
                          files=files or {"_": ("", b"", "application/octet-stream")})


async def test_request_to_release_through_the_pages(web, o):
    await web.login("katim")
    page = await web.get("/aplikasi/permintaan/baru")
    assert page.status_code == 200 and 'name="memo"' in page.text
    created = await web.post("/aplikasi/permintaan/baru",
                             {"judul": "SIPANDU", "tujuan": "Memantau survei", "pengguna": "Tim Sosial",
                              "tim": str(o["team"]), "dibuka": ""}, files={"memo": PDF})
    assert created.status_code == 303, created.text[:400]
    rid = int(created.headers["location"].rsplit("/", 1)[1])
    steps = [
        ("tip", "disposisi", {"pjk": str(o["pjk"].id), "catatan": "Segera"}, {}),
        ("katim", "kirim_srs", {}, {"berkas": DOCX}),
        ("pjk", "kembalikan_srs", {"catatan": "Lengkapi kebutuhan data"}, {}),
        ("katim", "kirim_revisi", {}, {"berkas": DOCX}),
        ("pjk", "setujui_srs", {"programmer": str(o["prog"].id)}, {"berkas": PDF}),
        ("prog", "serahkan_uji", {"prototipe_url": "https://proto.example.go.id"}, {"berkas": PDF}),
        ("prog", "hasil_uji", {}, {"berkas": PDF}),
        ("prog", "selesai_perbaikan", {}, {}),
        ("prog", "rilis", {"rilis_versi": "1.0", "rilis_alamat": "https://sipandu.example.go.id",
                           "rilis_fungsi": "Memantau survei"}, {"berkas": PDF}),
        ("pjk", "lapor", {}, {"berkas": PDF}),
    ]
    for who, action, data, files in steps:
        await _as(web, who)
        page = await web.get(f"/aplikasi/permintaan/{rid}")
        assert page.status_code == 200
        assert f'name="aksi" value="{action}"' in page.text, (who, action)
        done = await _act(web, rid, action, data, files)
        assert done.status_code == 303, (action, done.text[:600])
    row = await Request.select().where(Request.id == rid).first()
    assert row["state"] == "pemeliharaan"
    assert await StageDocument.count().where(StageDocument.request == rid) == 8
    page = await web.get(f"/aplikasi/permintaan/{rid}")
    assert "<svg" in page.text
    # Every stage took seconds: each one is flagged as done before its minimum, in words.
    assert page.text.count("lebih cepat dari minimum") >= 7
    assert "Dirilis, dalam pemeliharaan" in page.text
    catalogue = await web.get("/aplikasi?q=sipandu")
    assert "https://sipandu.example.go.id" in catalogue.text


async def test_a_wrong_document_type_is_refused_and_the_typed_text_kept(web, o):
    req = await new_request(o)
    at = await to_stage(o, req, "uji_akhir")
    await web.login("prog")
    docs = await Document.count()
    answer = await _act(web, req["id"], "rilis",
                        {"rilis_versi": "2.0-beta", "rilis_alamat": "https://x.example.go.id",
                         "rilis_fungsi": "Fungsi yang saya ketik"}, {"berkas": EXE})
    assert answer.status_code == 422
    assert "Jenis berkas tidak diizinkan" in answer.text
    assert "Fungsi yang saya ketik" in answer.text and "2.0-beta" in answer.text
    assert await Document.count() == docs
    assert (await Request.select(Request.state).where(Request.id == req["id"]).first())["state"] == "uji_akhir"
    assert at


async def test_a_stage_skipped_by_posting_directly_is_refused(web, o):
    req = await new_request(o)
    await to_stage(o, req, "srs")
    await web.login("pjk")
    answer = await _act(web, req["id"], "rilis", {"rilis_versi": "1", "rilis_alamat":
                        "https://x.example.go.id", "rilis_fungsi": "x"}, {"berkas": PDF})
    assert answer.status_code == 409 and "tidak dapat dilakukan" in answer.text
    answer = await _act(web, req["id"], "terbang", {})
    assert answer.status_code == 400 and "Aksi tidak dikenal" in answer.text
    assert await Application.count() == 0
    assert (await Request.select(Request.state).where(Request.id == req["id"]).first())["state"] == "srs"


async def test_only_the_requester_submits_the_srs_over_http(web, o):
    req = await new_request(o)
    await to_stage(o, req, "srs")
    await web.login("pjk")
    answer = await _act(web, req["id"], "kirim_srs", {}, {"berkas": DOCX})
    assert answer.status_code == 403
    assert await StageDocument.count().where(StageDocument.kind == "srs") == 0


async def test_a_zero_day_standard_is_refused(web, o):
    await web.login("tip")
    page = await web.get("/aplikasi/kepatuhan")
    assert page.status_code == 200 and 'name="max_bangun"' in page.text
    form = {"max_diajukan": "0", "min_diajukan": "1", "max_srs": "10", "min_srs": "5",
            "max_telaah": "15", "max_bangun": "80", "max_uji_awal": "7", "max_perbaikan": "20",
            "max_uji_akhir": "7", "max_laporan": "2"}
    answer = await web.post("/aplikasi/standar", form)
    assert answer.status_code == 422 and "harus antara 1 dan 260" in answer.text
    assert 'value="0"' in answer.text  # what was typed stays
    await _as(web, "pjk")
    assert (await web.post("/aplikasi/standar", {**form, "max_diajukan": "3"})).status_code == 403


async def test_bad_input_on_the_request_form_keeps_what_was_typed(web, o):
    await web.login("katim")
    answer = await web.post("/aplikasi/permintaan/baru",
                            {"judul": "Aplikasi Rapat", "tujuan": "", "pengguna": "Semua pegawai",
                             "tim": "99999999999"}, files={"memo": EXE})
    assert answer.status_code == 422
    assert "Tujuan wajib diisi" in answer.text and "Aplikasi Rapat" in answer.text
    assert await Request.count() == 0 and await Document.count() == 0


async def test_access_matrix(web, o):
    req = await new_request(o)
    await to_stage(o, req, "laporan")
    app = await Application.select(Application.id).first()
    pages = {
        "/aplikasi": {"pegawai": 200, "katim": 200, "prog": 200},
        f"/aplikasi/{app['id']}": {"pegawai": 200},
        "/aplikasi/permintaan": {"pegawai": 200},
        "/aplikasi/permintaan/baru": {"pegawai": 403, "katim": 200, "prog": 403},
        f"/aplikasi/permintaan/{req['id']}": {"pegawai": 403, "katim": 200, "prog": 200,
                                              "prog2": 403, "tip": 200, "kepala": 200, "pjk2": 200},
        "/aplikasi/portofolio": {"pegawai": 403, "katim": 403, "prog": 403, "tip": 200,
                                 "pjk": 200, "kepala": 200},
        "/aplikasi/kepatuhan": {"pegawai": 403, "tip": 200, "kepala": 200},
        "/aplikasi/tugas": {"pegawai": 403, "prog": 200, "pjk": 200, "katim": 403},
        f"/aplikasi/{app['id']}/ubah": {"pegawai": 403, "prog": 403, "pjk": 200, "tip": 403},
        "/admin/templat-srs": {"pjk": 403, "tip": 403},
        "/aplikasi/templat-srs": {"pegawai": 200},
        "/aplikasi/permintaan/2147483647": {"tip": 404},
    }
    for path, expected in pages.items():
        for who, status in expected.items():
            await _as(web, who)
            got = await web.get(path)
            assert got.status_code == status, (path, who, got.status_code)
    await web.logout()
    assert (await web.get("/aplikasi")).status_code in (302, 303, 401)


async def test_the_catalogue_is_searchable_and_editable_by_the_pjk(web, o):
    req = await new_request(o)
    await to_stage(o, req, "laporan")
    app = await Application.select().first()
    await web.login("pegawai")
    assert "SIPANDU" in (await web.get("/aplikasi?q=pandu")).text
    assert "SIPANDU" not in (await web.get("/aplikasi?q=zoom")).text
    fragment = await web.get("/aplikasi?q=pandu", htmx=True)
    assert "<html" not in fragment.text and 'id="katalog"' in fragment.text
    denied = await web.post(f"/aplikasi/{app['id']}/ubah", {"nama": "X"})
    assert denied.status_code == 403
    await _as(web, "pjk")
    form = {"nama": "SIPANDU", "alamat": "bukan-alamat", "rilis": "1.1", "dirilis": "", "tim": "",
            "pengelola": str(o["pjk"].id), "deskripsi": "Pemantauan", "cara_ubah": "Tiket",
            "aktif": "on", "versi": str(app["version"])}
    bad = await web.post(f"/aplikasi/{app['id']}/ubah", form)
    assert bad.status_code == 422 and "alamat web lengkap" in bad.text and "Pemantauan" in bad.text
    good = await web.post(f"/aplikasi/{app['id']}/ubah", {**form, "alamat": "https://s.example.go.id"})
    assert good.status_code == 303
    stale = await web.post(f"/aplikasi/{app['id']}/ubah", {**form, "alamat": "https://t.example.go.id"})
    assert stale.status_code == 409 and "diubah orang lain" in stale.text
    assert (await Application.select(Application.url).first())["url"] == "https://s.example.go.id"


async def test_maintenance_tickets_over_http(web, o):
    req = await new_request(o)
    await to_stage(o, req, "pemeliharaan")
    app = await Application.select().first()
    await web.login("pegawai")
    bad = await web.post(f"/aplikasi/{app['id']}/tiket", {"jenis": "perubahan", "judul": "Ekspor Excel",
                                                          "isi": ""})
    assert bad.status_code == 422 and "Ekspor Excel" in bad.text
    ok = await web.post(f"/aplikasi/{app['id']}/tiket", {"jenis": "perubahan", "judul": "Ekspor Excel",
                                                         "isi": "Tambahkan ekspor ke Excel"})
    assert ok.status_code == 303
    ticket = await Ticket.select().first()
    url = f"/aplikasi/tiket/{ticket['id']}/aksi"
    assert (await web.post(url, {"aksi": "proses", "versi": "0"})).status_code == 403
    await _as(web, "pjk")
    page = await web.get("/aplikasi/tugas")
    assert "Ekspor Excel" in page.text
    unversioned = await web.post(url, {"aksi": "proses"})
    assert unversioned.status_code == 422 and "tidak membawa versi" in unversioned.text
    assert (await web.post(url, {"aksi": "proses", "versi": "0"})).status_code == 303
    no_note = await web.post(url, {"aksi": "selesai", "catatan": "", "versi": "1"})
    assert no_note.status_code == 422 and "Catatan wajib diisi" in no_note.text
    assert (await Ticket.select(Ticket.state).first())["state"] == "diproses"


async def test_portfolio_filters_and_gantt(web, o):
    first = await new_request(o, judul="Aplikasi Satu")
    await to_stage(o, first, "bangun")
    await new_request(o, judul="Aplikasi Dua")
    await web.login("tip")
    page = await web.get("/aplikasi/portofolio")
    assert page.status_code == 200
    assert "Aplikasi Satu" in page.text and "Aplikasi Dua" in page.text and "<svg" in page.text
    only_build = await web.get("/aplikasi/portofolio?tahap=bangun")
    assert "Aplikasi Satu" in only_build.text and "Aplikasi Dua" not in only_build.text
    by_person = await web.get(f"/aplikasi/portofolio?orang={o['prog'].id}")
    assert "Aplikasi Satu" in by_person.text and "Aplikasi Dua" not in by_person.text
    fragment = await web.get("/aplikasi/portofolio?tahap=semua&tim=abc", htmx=True)
    assert fragment.status_code == 200 and "<html" not in fragment.text


async def test_the_srs_template_download_and_replacement(web, o):
    from pintar.auth.roles import Role
    from tests.helpers import make_person

    await make_person(Role.ADMIN, username="adm")
    await web.login("pegawai")
    builtin = await web.get("/aplikasi/templat-srs")
    assert builtin.status_code == 200 and builtin.content[:2] == b"PK"
    assert "attachment" in builtin.headers["content-disposition"]
    await _as(web, "adm")
    bad = await web.post("/admin/templat-srs", files={"templat": EXE})
    assert bad.status_code == 422
    ok = await web.post("/admin/templat-srs", files={"templat": ("templat-kantor.docx", DOCX[1], DOCX[2])})
    assert ok.status_code == 303
    await _as(web, "pegawai")
    moved = await web.get("/aplikasi/templat-srs")
    assert moved.status_code == 303 and moved.headers["location"].startswith("/berkas/")
    got = await web.get(moved.headers["location"])
    assert got.status_code == 200 and got.content == DOCX[1]


async def test_the_catalogue_pages_by_name(web, o):
    from pintar.appdev import queries
    from pintar.appdev.tables import Application as App

    await App.insert(*[App(name=f"Aplikasi {n:03d}", search_key=f"aplikasi {n:03d}")
                       for n in range(queries.PAGE + 5)])
    await web.login("pegawai")
    first = await web.get("/aplikasi")
    assert "Aplikasi 000" in first.text and f"Aplikasi {queries.PAGE:03d}" not in first.text
    last_id = (await App.select(App.id).where(App.name == f"Aplikasi {queries.PAGE - 1:03d}").first())["id"]
    assert f"setelah={last_id}" in first.text
    second = await web.get(f"/aplikasi?setelah={last_id}")
    assert f"Aplikasi {queries.PAGE:03d}" in second.text and "Aplikasi 000" not in second.text


async def test_the_home_tile_counts_what_waits_for_each_person(web, o):
    first = await new_request(o, judul="Satu")
    await new_request(o, judul="Dua")
    await to_stage(o, first, "telaah")
    expected = {"tip": 1, "pjk": 1, "katim": 0, "prog": 0}
    for who, count in expected.items():
        await _as(web, who)
        home = await web.get("/")
        tiles = home.text.split('<ul class="tiles">', 1)[1]
        tile = tiles.split('href="/aplikasi"', 1)[1].split("</li>", 1)[0]
        if count:
            assert f'<span class="badge warn">{count}<span class="sr"> menunggu Anda' in tile, who
        else:
            assert "badge" not in tile, who
