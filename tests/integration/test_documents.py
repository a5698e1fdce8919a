"""Documents over HTTP: the profile's "Dokumen saya", rejected uploads, downloads by permission."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from urllib.parse import unquote

import httpx
import pytest
from litestar.datastructures import UploadFile

from pintar.auth.roles import Role
from pintar.files import service
from pintar.files.tables import Document
from tests import sample_files as samples
from tests.fixtures import running
from tests.helpers import Web, make_person

WRONG_TYPE = "Jenis berkas tidak diizinkan: hanya PDF, DOCX, XLSX, PNG atau JPEG."


@pytest.fixture(autouse=True)
def clean_uploads():
    samples.wipe_uploads()


async def upload(web: Web, name: str, data: bytes, label: str = "", ctype: str = "application/pdf"):
    return await web.post(
        "/akun/dokumen", {"keterangan": label}, files={"berkas": (name, data, ctype)}
    )


def stored_files() -> list[str]:
    directory = service.get_settings().upload_dir
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def typed_label(html: str) -> str:
    match = re.search(r'<input type="text" id="keterangan" name="keterangan" [^>]*value="([^"]*)"', html)
    assert match, "the description field is missing"
    return match.group(1)


async def test_profile_shows_documents_section(web):
    await make_person(username="sari")
    await web.login("sari")
    page = await web.get("/akun")
    assert page.status_code == 200
    assert "Dokumen saya" in page.text
    assert "Belum ada dokumen." in page.text
    form = re.search(r'<form method="post" action="/akun/dokumen"[^>]*>', page.text)
    assert form and 'enctype="multipart/form-data"' in form.group(0)
    assert 'name="_csrf_token"' in page.text
    assert "paling besar 10 MB" in page.text


@pytest.mark.parametrize("kind", sorted(samples.ACCEPTED))
async def test_upload_each_kind_then_download(web, kind):
    person = await make_person(username="sari")
    await web.login("sari")
    name, build, content_type = samples.ACCEPTED[kind]
    data = build()
    response = await upload(web, name, data, "Sertifikat pelatihan", ctype="application/octet-stream")
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"] == "/akun#dokumen"
    page = await web.get("/akun")
    assert "Dokumen diunggah." in page.text
    assert name in page.text and "Sertifikat pelatihan" in page.text
    assert " WIB" in page.text  # upload time in the office's time zone
    (doc,) = await service.documents_of("person", person.id)
    assert doc["uploaded_by"] == person.id
    download = await web.get(doc["url"])
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"].startswith(content_type)
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["cache-control"] == "private"
    disposition = download.headers["content-disposition"]
    expected = "attachment" if kind in {"docx", "xlsx"} else "inline"
    assert disposition.startswith(expected + "; ")
    assert f"filename*=UTF-8''{name}" in disposition


async def test_download_permissions(web, client):
    owner = await make_person(username="pemilik")
    await make_person(Role.ADMIN, username="admin1")
    await make_person(Role.PJK_TI, Role.KEPALA, username="lain")
    doc_id = await service.save_upload(
        UploadFile("application/pdf", "rahasia.pdf", samples.pdf()),
        owner_kind="person",
        owner_id=owner.id,
        uploaded_by=owner.id,
    )
    url = f"/berkas/{doc_id}"

    anonymous = await client.get(url, follow_redirects=False)
    assert anonymous.status_code == 302
    assert anonymous.headers["location"].startswith("/masuk?next=")

    await web.login("lain")
    refused = await web.get(url)
    assert refused.status_code == 403
    assert "tidak berhak" in refused.text
    assert samples.pdf() not in refused.content
    assert (await web.get("/berkas/999999")).status_code == 404
    await web.logout()

    await web.login("admin1")
    assert (await web.get(url)).content == samples.pdf()
    await web.logout()

    await web.login("pemilik")
    first = await web.get(url)
    assert first.status_code == 200
    assert first.headers["etag"] == f'"{hashlib.sha256(samples.pdf()).hexdigest()}"'
    again = await web.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    forced = await web.get(url + "?unduh=1")
    assert forced.headers["content-disposition"].startswith("attachment; ")


async def test_download_of_a_missing_file_is_404_not_500(web):
    owner = await make_person(username="pemilik")
    doc_id = await service.save_upload(
        UploadFile("image/png", "a.png", samples.png()),
        owner_kind="person",
        owner_id=owner.id,
        uploaded_by=owner.id,
    )
    service.path_of(await service.get_document(doc_id)).unlink()
    await web.login("pemilik")
    response = await web.get(f"/berkas/{doc_id}")
    assert response.status_code == 404
    assert "Berkas tidak ditemukan" in response.text


async def test_a_module_registers_who_may_see_its_files(web):
    async def uji_tiket_can_view(user, ticket_id):
        return user.has_role(Role.TEKNISI) or ticket_id == 1

    service.register_owner("uji_tiket", uji_tiket_can_view)
    uploader = await make_person(username="peminta")
    await make_person(Role.TEKNISI, username="teknisi1")
    doc_2 = await service.save_upload(
        UploadFile("application/pdf", "nota.pdf", samples.pdf()),
        owner_kind="uji_tiket",
        owner_id=2,
        uploaded_by=uploader.id,
    )
    await web.login("peminta")  # uploaded it, but the ticket's rule decides
    assert (await web.get(f"/berkas/{doc_2}")).status_code == 403
    await web.logout()
    await web.login("teknisi1")
    assert (await web.get(f"/berkas/{doc_2}")).status_code == 200


async def test_content_disposition_of_a_hostile_name(web):
    owner = await make_person(username="pemilik")
    hostile = 'Nota "dinas"\r\nSet-Cookie: curi=1; Ünïcödé ☃.pdf'
    doc_id = await service.save_upload(
        UploadFile("application/pdf", hostile, samples.pdf()),
        owner_kind="person",
        owner_id=owner.id,
        uploaded_by=owner.id,
    )
    await web.login("pemilik")
    response = await web.get(f"/berkas/{doc_id}")
    assert response.status_code == 200
    assert "curi" not in response.cookies
    assert all(name.lower() != "set-cookie" or "curi" not in value
               for name, value in response.headers.multi_items())  # fmt: skip
    disposition = response.headers["content-disposition"]
    match = re.fullmatch(r"inline; filename=\"([^\"]*)\"; filename\*=UTF-8''(\S+)", disposition)
    assert match, disposition
    assert unquote(match.group(2)) == 'Nota "dinas"Set-Cookie: curi=1; Ünïcödé ☃.pdf'
    page = await web.get("/akun")
    assert "Nota &#34;dinas&#34;Set-Cookie" in page.text or "Nota &quot;dinas&quot;" in page.text


@pytest.mark.parametrize(
    "name,data,message,status",
    [
        ("program.pdf", samples.elf(), WRONG_TYPE, 400),
        ("setup.pdf", samples.exe(), WRONG_TYPE, 400),
        ("arsip.docx", samples.plain_zip(), WRONG_TYPE, 400),
        ("kosong.pdf", b"", "Berkas kosong", 400),
    ],
    ids=["elf", "exe", "zip", "empty"],
)
async def test_rejected_upload_keeps_what_was_typed(web, name, data, message, status):
    person = await make_person(username="sari")
    await web.login("sari")
    typed = 'SK "pengangkatan" <b>2026</b>'
    response = await upload(web, name, data, typed)
    assert response.status_code == status
    assert message in response.text
    assert "Dokumen saya" in response.text  # the profile page, not an error page
    assert typed_label(response.text) == "SK &#34;pengangkatan&#34; &lt;b&gt;2026&lt;/b&gt;"
    assert 'aria-invalid="true"' in response.text
    assert await service.documents_of("person", person.id) == []
    assert stored_files() == []


async def test_no_file_chosen(web):
    await make_person(username="sari")
    await web.login("sari")
    # A file input left empty arrives as a part with an empty file name.
    response = await upload(web, "", b"", "Ijazah")
    assert response.status_code == 400
    assert "Pilih berkas yang akan diunggah." in response.text
    assert typed_label(response.text) == "Ijazah"


async def test_oversize_upload_gets_413_and_keeps_typed_text(web, monkeypatch):
    monkeypatch.setattr(service, "max_upload_bytes", lambda: 50 * 1024)
    person = await make_person(username="sari")
    await web.login("sari")
    response = await upload(web, "besar.pdf", samples.pdf() + bytes(60 * 1024), "Hasil pindai")
    assert response.status_code == 413
    assert "Berkas terlalu besar: paling besar 50 KB." in response.text
    assert typed_label(response.text) == "Hasil pindai"
    assert await Document.count().where(Document.owner_id == person.id) == 0
    assert stored_files() == []


async def test_path_traversal_name_is_only_a_label(web):
    person = await make_person(username="sari")
    await web.login("sari")
    response = await upload(web, "../../etc/passwd", samples.pdf(), "Coba")
    assert response.status_code == 303
    (doc,) = await service.documents_of("person", person.id)
    assert doc["original_name"] == "passwd.pdf"
    (stored,) = stored_files()
    assert re.fullmatch(r"[0-9a-f]{32}", stored)
    response = await upload(web, "..\\..\\windows\\win.ini", samples.png(), "")
    assert response.status_code == 303
    names = [d["original_name"] for d in await service.documents_of("person", person.id)]
    assert names == ["passwd.pdf", "win.ini.png"]


async def test_plain_form_with_token_in_the_body(client):
    """Without JavaScript the CSRF token travels in the multipart body."""
    person = await make_person(username="sari")
    web = Web(client)
    await web.login("sari")
    token = await web.csrf()
    response = await client.post(
        "/akun/dokumen",
        data={"_csrf_token": token, "keterangan": "Tanpa JS"},
        files={"berkas": ("nota.docx", samples.docx(), "application/msword")},
    )
    assert response.status_code == 303, response.text[:300]
    (doc,) = await service.documents_of("person", person.id)
    assert doc["label"] == "Tanpa JS" and doc["kind_label"] == "DOCX"
    no_token = await client.post(
        "/akun/dokumen",
        data={"keterangan": "x"},
        files={"berkas": ("nota.pdf", samples.pdf(), "application/pdf")},
    )
    assert no_token.status_code == 403


async def test_plain_form_oversize_keeps_typed_text(client, monkeypatch):
    monkeypatch.setattr(service, "max_upload_bytes", lambda: 20 * 1024)
    await make_person(username="sari")
    web = Web(client)
    await web.login("sari")
    response = await client.post(
        "/akun/dokumen",
        data={"_csrf_token": await web.csrf(), "keterangan": "Pindaian KTP"},
        files={"berkas": ("ktp.jpg", samples.jpeg() + bytes(30 * 1024), "image/jpeg")},
    )
    assert response.status_code == 413
    assert "Berkas terlalu besar: paling besar 20 KB." in response.text
    assert typed_label(response.text) == "Pindaian KTP"


async def test_body_over_the_app_limit_gets_our_message(monkeypatch):
    """A body far over the limit is cut off before it is read, still with an Indonesian 413."""
    from pintar.web.app import create_app

    small = dataclasses.replace(service.get_settings(), upload_max_bytes=10 * 1024)
    monkeypatch.setattr(service, "max_upload_bytes", lambda: small.upload_max_bytes)
    app = create_app(small)
    await make_person(username="sari")
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with running(app):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as c:
            web = Web(c)
            await web.login("sari")
            big = samples.pdf() + bytes(2 * 1024 * 1024)
            response = await upload(web, "besar.pdf", big, "Pindaian")
            assert response.status_code == 413
            assert "Berkas terlalu besar: paling besar 10 KB." in response.text
            assert "Dokumen saya" in response.text
            # Without JavaScript the token is in the body: Litestar refuses before our route.
            token = await web.csrf()
            plain = await c.post(
                "/akun/dokumen",
                data={"_csrf_token": token},
                files={"berkas": ("besar.pdf", big, "application/pdf")},
            )
            assert plain.status_code == 413
            assert "Berkas terlalu besar" in plain.text
    assert stored_files() == []


async def test_app_accepts_a_file_at_the_limit(web, monkeypatch):
    """The app's body limit is above Litestar's 10 MB default: a 10 MB file goes through."""
    await make_person(username="sari")
    await web.login("sari")
    data = samples.pdf() + bytes(10 * 1024 * 1024 - len(samples.pdf()))
    response = await upload(web, "tepat.pdf", data, "")
    assert response.status_code == 303, response.text[:300]


async def test_delete_own_document(web):
    owner = await make_person(username="pemilik")
    await make_person(Role.ADMIN, username="admin1")
    await web.login("pemilik")
    await upload(web, "a.pdf", samples.pdf(), "Satu")
    (doc,) = await service.documents_of("person", owner.id)
    path = service.path_of(await service.get_document(doc["id"]))
    assert path.exists()
    page = await web.get("/akun")
    assert f'action="/akun/dokumen/{doc["id"]}/hapus"' in page.text
    await web.logout()

    await web.login("admin1")  # an admin may see it but not delete it from here
    assert (await web.post(f"/akun/dokumen/{doc['id']}/hapus")).status_code == 403
    assert path.exists()
    await web.logout()

    await web.login("pemilik")
    response = await web.post(f"/akun/dokumen/{doc['id']}/hapus")
    assert response.status_code == 303
    assert not path.exists()
    assert await service.documents_of("person", owner.id) == []
    assert (await web.get(doc["url"])).status_code == 404
    assert (await web.post(f"/akun/dokumen/{doc['id']}/hapus")).status_code == 404


async def test_routes_declare_access(app):
    from pintar.web.access import Rule

    rules = {
        handler.name: handler.opt.get("access")
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
    }
    assert all(isinstance(rules[n], Rule) for n in
               ("document_download", "person_document_upload", "person_document_delete"))  # fmt: skip
    assert rules["document_download"].kind == "object"
    assert rules["person_document_upload"].kind == "signed_in"
    assert rules["person_document_delete"].kind == "object"
