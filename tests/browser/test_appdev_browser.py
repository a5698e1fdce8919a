"""Application development (SOP-057) in a real browser: from the request memo to release and
the completion report, a document at each stage, with JavaScript on and off; the request page on
a 390 px phone; the release lands in the catalogue."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from pintar.auth.directory import save_team
from pintar.auth.roles import Role
from tests import sample_files
from tests.browser.harness import check_page, login, path_of, submit, visit
from tests.helpers import make_person

pytestmark = pytest.mark.browser

PDF = {"mimeType": "application/pdf", "buffer": sample_files.pdf()}
DOCX = {"mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "buffer": sample_files.docx()}


async def _office() -> None:
    team = await save_team(None, "Statistik Sosial")
    await make_person(Role.KETUA_TIM, username="nanda", name="Nanda Prasetyo", team_id=team)
    await make_person(Role.KETUA_TIP, username="rahmat", name="Rahmat Saputra")
    await make_person(Role.PJK_APLIKASI, username="nurul", name="Nurul Hidayah")
    await make_person(Role.PROGRAMMER, username="fajar", name="Fajar Ramadhan")


async def _as(page: Page, username: str) -> None:
    await page.context.clear_cookies()
    await login(page, username)


async def _step(page: Page, request_path: str, action: str, button: str, *,
                files: dict | None = None, fill: dict | None = None, check: list | None = None,
                select: dict | None = None) -> None:
    await visit(page, request_path, name=f"before-{action}")
    for field, payload in (files or {}).items():
        await page.set_input_files(f"#{action}-{field}", files=[{"name": payload[0], **payload[1]}])
    for selector, value in (fill or {}).items():
        await page.fill(selector, value)
    for selector, value in (select or {}).items():
        await page.select_option(selector, label=value)
    for label in check or []:
        await page.get_by_label(label).check()
    await submit(page, button, name=f"after-{action}")
    assert path_of(page) == request_path


async def _request_to_release(page: Page) -> None:
    await _office()
    await _as(page, "nanda")
    await visit(page, "/aplikasi/permintaan", name="mine-empty")
    await page.get_by_role("link", name="Ajukan permintaan aplikasi").click()
    await page.wait_for_url("**/aplikasi/permintaan/baru")
    await page.get_by_label("Nama aplikasi").fill("SIPANDU")
    await page.get_by_label("Tujuan: masalah yang diselesaikan aplikasi").fill("Memantau survei")
    await page.get_by_label("Pengguna: siapa yang akan memakainya").fill("Tim Statistik Sosial")
    # A wrong document type first: refused, with what was typed kept.
    await page.set_input_files("#memo", files=[{"name": "nota.pdf", "mimeType": "application/pdf",
                                                "buffer": sample_files.exe()}])
    await submit(page, "Kirim ke Ketua TIP", name="memo-refused", status=422)
    await expect(page.locator("#memo-error")).to_contain_text("Jenis berkas tidak diizinkan")
    await expect(page.get_by_label("Nama aplikasi")).to_have_value("SIPANDU")
    await page.set_input_files("#memo", files=[{"name": "nota.pdf", **PDF}])
    await submit(page, "Kirim ke Ketua TIP", name="request-created")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("SIPANDU")
    request_path = path_of(page)
    assert request_path.startswith("/aplikasi/permintaan/")

    await _as(page, "rahmat")
    await _step(page, request_path, "disposisi", "Disposisikan ke PJK Layanan Aplikasi",
                select={"#disposisi-pjk": "Nurul Hidayah"})
    await _as(page, "nanda")
    await _step(page, request_path, "kirim_srs", "Kirim dokumen SRS",
                files={"berkas": ("srs.docx", DOCX)})
    await _as(page, "nurul")
    await _step(page, request_path, "kembalikan_srs", "Kembalikan SRS untuk direvisi",
                fill={"#catatan-kembalikan_srs": "Lengkapi kebutuhan data"})
    await _as(page, "nanda")
    await _step(page, request_path, "kirim_revisi", "Kirim SRS hasil revisi",
                files={"berkas": ("srs-revisi.docx", DOCX)})
    await _as(page, "nurul")
    await _step(page, request_path, "setujui_srs",
                "SRS diterima: lampirkan SRA dan mulai pembangunan",
                files={"berkas": ("sra.pdf", PDF)}, check=["Fajar Ramadhan"])
    await _as(page, "fajar")
    await _step(page, request_path, "serahkan_uji", "Desain dan prototipe siap: mulai uji coba awal",
                files={"berkas": ("desain.pdf", PDF)},
                fill={"#prototipe-url": "https://proto.example.go.id"})
    await _step(page, request_path, "hasil_uji", "Uji coba awal selesai: mulai perbaikan",
                files={"berkas": ("uji-awal.pdf", PDF)})
    await _step(page, request_path, "selesai_perbaikan", "Perbaikan selesai: mulai uji coba akhir")
    await _step(page, request_path, "rilis", "Uji coba akhir lulus: rilis aplikasi",
                files={"berkas": ("uji-akhir.pdf", PDF)},
                fill={"#rilis-versi": "1.0.0", "#rilis-alamat": "https://sipandu.example.go.id",
                      "#rilis-fungsi": "Memantau kemajuan survei"})
    await _as(page, "nurul")
    await _step(page, request_path, "lapor", "Kirim laporan penyelesaian",
                files={"berkas": ("laporan.pdf", PDF)})
    await expect(page.locator("main")).to_contain_text("Dirilis, dalam pemeliharaan")
    await expect(page.locator("#dokumen")).to_contain_text("laporan.pdf")
    await expect(page.locator("#dokumen a", has_text=".pdf")).to_have_count(6)
    await expect(page.locator("#dokumen a", has_text=".docx")).to_have_count(2)
    await expect(page.locator("#tahap svg")).to_have_count(1)

    await page.set_viewport_size({"width": 390, "height": 800})
    await visit(page, request_path, name="request-phone")
    await page.set_viewport_size({"width": 1280, "height": 800})
    await visit(page, "/aplikasi?q=sipandu", name="catalogue")
    await expect(page.locator("#katalog")).to_contain_text("https://sipandu.example.go.id")
    await visit(page, "/aplikasi/portofolio?tahap=semua", name="portfolio")
    await expect(page.locator("#portofolio")).to_contain_text("SIPANDU")
    await check_page(page, "portfolio-checked")


async def test_request_to_release_with_javascript(page: Page):
    await _request_to_release(page)


async def test_request_to_release_without_javascript(nojs_page: Page):
    await _request_to_release(nojs_page)
