"""The documents service without HTTP: kinds by content, limits, names, storage, registry."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3

import pytest
from asyncpg.exceptions import ForeignKeyViolationError
from litestar.datastructures import UploadFile

from pintar import db
from pintar.errors import NotFound, UserError
from pintar.files import service
from pintar.files.tables import Document
from tests import sample_files as samples
from tests.helpers import make_person

WRONG_TYPE = "Jenis berkas tidak diizinkan: hanya PDF, DOCX, XLSX, PNG atau JPEG."


def upload(data: bytes, name: str = "berkas.pdf", content_type: str = "application/pdf") -> UploadFile:
    return UploadFile(content_type=content_type, filename=name, file_data=data)


def stored_files() -> list[str]:
    directory = service.get_settings().upload_dir
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


@pytest.fixture(autouse=True)
def clean_uploads():
    samples.wipe_uploads()


@pytest.fixture
async def person():
    return await make_person(username="pemilik")


@pytest.mark.parametrize("kind", sorted(samples.ACCEPTED))
async def test_each_accepted_kind_is_recognised_by_content(kind):
    name, build, content_type = samples.ACCEPTED[kind]
    data = build()
    # The browser's content type is ignored: send a wrong one.
    checked = await service.check_upload(upload(data, name, "text/plain"))
    assert checked.kind == kind
    assert checked.content_type == content_type
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.original_name == name


async def test_kind_does_not_follow_the_name():
    # A PNG named .pdf is a PNG, and is named so.
    checked = await service.check_upload(upload(samples.png(), "scan.pdf", "application/pdf"))
    assert checked.kind == "png"
    assert checked.original_name == "scan.pdf.png"


@pytest.mark.parametrize(
    "data,name",
    [
        (samples.elf(), "laporan.pdf"),
        (samples.exe(), "nota.docx"),
        (samples.html(), "foto.png"),
        (samples.plain_zip(), "tabel.xlsx"),
        (samples.zip_claiming_docx_without_word_parts(), "nota.docx"),
        (samples.docm(), "nota.docx"),
        (b"%PD", "pendek.pdf"),
        (b"PK\x03\x04" + bytes(100), "rusak.docx"),
    ],
    ids=["elf-as-pdf", "exe-as-docx", "html-as-png", "plain-zip", "zip-without-word", "macro",
         "truncated", "broken-zip"],  # fmt: skip
)
async def test_other_content_is_refused(data, name, person):
    with pytest.raises(UserError) as err:
        await service.check_upload(upload(data, name))
    assert err.value.message == WRONG_TYPE
    with pytest.raises(UserError):
        await service.save_upload(upload(data, name), owner_kind="person", owner_id=person.id,
                                  uploaded_by=person.id)  # fmt: skip
    assert stored_files() == []
    assert await Document.count() == 0


async def test_zip_bomb_is_refused_without_inflating():
    with pytest.raises(UserError) as err:
        await service.check_upload(upload(samples.zip_bomb(), "bom.docx"))
    assert "tidak wajar" in err.value.message


async def test_zip_with_too_many_parts_is_refused():
    with pytest.raises(UserError) as err:
        await service.check_upload(upload(samples.zip_many_entries(), "banyak.docx"))
    assert "tidak wajar" in err.value.message


async def test_empty_file_is_refused(person):
    with pytest.raises(UserError) as err:
        await service.save_upload(upload(b"", "kosong.pdf"), owner_kind="person",
                                  owner_id=person.id, uploaded_by=person.id)  # fmt: skip
    assert "kosong" in err.value.message
    assert stored_files() == []


async def test_oversize_file_is_refused_with_413(monkeypatch, person):
    monkeypatch.setattr(service, "max_upload_bytes", lambda: 100 * 1024)
    data = samples.pdf() + bytes(100 * 1024)
    with pytest.raises(service.UploadTooLarge) as err:
        await service.save_upload(upload(data), owner_kind="person", owner_id=person.id,
                                  uploaded_by=person.id)  # fmt: skip
    assert err.value.status_code == 413
    assert err.value.message == "Berkas terlalu besar: paling besar 100 KB."
    assert stored_files() == []  # the partial copy is gone too
    # Exactly at the limit is fine.
    exact = samples.pdf() + bytes(100 * 1024 - len(samples.pdf()))
    assert await service.save_upload(upload(exact), owner_kind="person", owner_id=person.id,
                                     uploaded_by=person.id)  # fmt: skip


async def test_default_limit_is_ten_megabytes():
    assert service.max_upload_bytes() == 10 * 1024 * 1024
    assert service.format_size(service.max_upload_bytes()) == "10 MB"
    assert service.format_size(1536 * 1024) == "1,5 MB"
    assert service.format_size(900) == "900 B"


async def test_missing_file(person):
    kw = dict(owner_kind="person", owner_id=person.id, uploaded_by=person.id)
    assert await service.save_upload(None, **kw) is None
    assert await service.save_upload("", **kw) is None  # an empty file input arrives as ""
    with pytest.raises(UserError) as err:
        await service.save_upload("", required=True, **kw)
    assert err.value.message == "Pilih berkas yang akan diunggah."
    with pytest.raises(UserError):
        await service.check_upload(None)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\Windows\\system32\\nota.pdf", "nota.pdf"),
        ("laporan\x00.pdf", "laporan.pdf"),
        ("laporan.pdf\x00.exe", "laporan.pdf.exe.pdf"),
        ("surat\r\nSet-Cookie: a=b.pdf", "suratSet-Cookie: a=b.pdf"),
        ("gambar\u202egnp.exe", "gambargnp.exe.pdf"),  # a right-to-left override is removed
        ("...", "berkas.pdf"),
        ("", "berkas.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("Laporan Akhir.PDF", "Laporan Akhir.pdf"),
        ("x" * 300 + ".pdf", "x" * 150 + ".pdf"),
        ("Nota “Dinas” Ü.pdf", "Nota “Dinas” Ü.pdf"),
    ],
)
def test_clean_name(raw, expected):
    assert service.clean_name(raw, service.KINDS["pdf"]) == expected


def test_clean_name_keeps_jpeg_extensions():
    jpeg = service.KINDS["jpeg"]
    assert service.clean_name("a.jpeg", jpeg) == "a.jpeg"
    assert service.clean_name("a.JPG", jpeg) == "a.jpg"
    assert service.clean_name("a.png", jpeg) == "a.png.jpg"


@pytest.mark.parametrize(
    "name",
    [
        'nota "dinas".pdf',
        "surat\r\nX-Injected: 1.pdf",
        "laporan; filename=evil.exe.pdf",
        "Ünïcödé ☃ laporan.pdf",
        "\\\\server\\share.pdf",
    ],
)
def test_content_disposition_is_safe(name):
    header = service.content_disposition(name, inline=False)
    assert "\r" not in header and "\n" not in header
    match = re.fullmatch(
        r"attachment; filename=\"([A-Za-z0-9 ._()\-]+)\"; filename\*=UTF-8''([A-Za-z0-9%._\-~]+)",
        header,
    )
    assert match, header
    from urllib.parse import unquote

    assert unquote(match.group(2)) == service.clean_text(name, 1000)
    assert service.content_disposition(name, inline=True).startswith("inline; ")


def test_content_disposition_unicode_roundtrip():
    header = service.content_disposition("Ünïcödé ☃.pdf", inline=True)
    assert header == (
        "inline; filename=\"Unicode _.pdf\"; filename*=UTF-8''%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%E2%98%83.pdf"
    )


async def test_save_stores_under_random_name_and_lists(person):
    data = samples.pdf()
    doc_id = await service.save_upload(
        upload(data, "../../Nota Dinas.pdf", "text/html"),
        owner_kind="person",
        owner_id=person.id,
        uploaded_by=person.id,
        label="  Nota dinas\n  pengangkatan ",
    )
    doc = await service.get_document(doc_id)
    assert doc["original_name"] == "Nota Dinas.pdf"
    assert doc["label"] == "Nota dinas pengangkatan"
    assert doc["content_type"] == "application/pdf"
    assert doc["size"] == len(data)
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{32}", doc["stored_name"])
    path = service.path_of(doc)
    assert path.parent == service.get_settings().upload_dir
    assert path.read_bytes() == data
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert stored_files() == [doc["stored_name"]]  # no temporary file left
    listed = await service.documents_of("person", person.id)
    assert [d["id"] for d in listed] == [doc_id]
    assert listed[0]["url"] == f"/berkas/{doc_id}"
    assert listed[0]["uploaded_by_name"] == person.name
    assert listed[0]["kind_label"] == "PDF"
    assert await service.documents_of("person", person.id + 1) == []


async def test_two_uploads_of_the_same_file_are_two_documents(person):
    kw = dict(owner_kind="person", owner_id=person.id, uploaded_by=person.id)
    a = await service.save_upload(upload(samples.png(), "a.png"), **kw)
    b = await service.save_upload(upload(samples.png(), "a.png"), **kw)
    assert a != b
    assert len(set(stored_files())) == 2


async def test_label_too_long_is_refused_before_storing(person):
    with pytest.raises(UserError) as err:
        await service.save_upload(upload(samples.pdf()), owner_kind="person", owner_id=person.id,
                                  uploaded_by=person.id, label="x" * 201)  # fmt: skip
    assert err.value.field == "keterangan"
    assert stored_files() == []


async def test_failed_insert_removes_the_file(monkeypatch, person):
    with pytest.raises((sqlite3.IntegrityError, ForeignKeyViolationError)) as caught:
        # uploaded_by names no person: the foreign key fails after the file was written.
        await service.save_upload(upload(samples.pdf()), owner_kind="person",
                                  owner_id=person.id, uploaded_by=999_999)  # fmt: skip
    assert db.is_foreign_key_violation(caught.value)
    assert stored_files() == []


async def test_delete_document_removes_file(person):
    doc_id = await service.save_upload(upload(samples.pdf()), owner_kind="person",
                                       owner_id=person.id, uploaded_by=person.id)  # fmt: skip
    path = service.path_of(await service.get_document(doc_id))
    await service.delete_document(doc_id)
    assert not path.exists()
    assert await service.get_document(doc_id) is None
    with pytest.raises(NotFound):
        await service.delete_document(doc_id)


async def test_sweep_removes_only_old_orphans(person):
    doc_id = await service.save_upload(upload(samples.pdf()), owner_kind="person",
                                       owner_id=person.id, uploaded_by=person.id)  # fmt: skip
    directory = service.get_settings().upload_dir
    kept = service.path_of(await service.get_document(doc_id))
    orphan = directory / ("ab" * 16)
    orphan.write_bytes(b"x")
    part = directory / ".part-xyz"
    part.write_bytes(b"y")
    fresh_orphan = directory / ("cd" * 16)
    fresh_orphan.write_bytes(b"z")
    # Modification times set from a fixed instant: the kernel stamps new files with its own
    # clock, which need not agree with ours (under faketime it does not).
    now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
    old = (now - dt.timedelta(days=2)).timestamp()
    recent = (now - dt.timedelta(hours=23)).timestamp()
    for p in (kept, orphan, part):
        os.utime(p, (old, old))
    os.utime(fresh_orphan, (recent, recent))
    assert await service.sweep_orphans(now, dt.timedelta(hours=24)) == 2
    assert kept.exists() and fresh_orphan.exists()
    assert not orphan.exists() and not part.exists()
    assert await service.sweep_orphans(now, dt.timedelta(hours=24)) == 0  # idempotent


async def test_registry(person):
    async def uji_can_view(user, owner_id):
        return owner_id == 7

    service.register_owner("uji_registry", uji_can_view)
    service.register_owner("uji_registry", uji_can_view)  # again: harmless

    async def other(user, owner_id):
        return True

    with pytest.raises(ValueError):
        service.register_owner("uji_registry", other)
    with pytest.raises(ValueError):
        service.register_owner("Bukan Nama", other)
    with pytest.raises(ValueError):
        await service.save_upload(upload(samples.pdf()), owner_kind="tak_terdaftar",
                                  owner_id=1, uploaded_by=person.id)  # fmt: skip
    assert "person" in service.registered_owners()
    assert await service.can_view(person, {"owner_kind": "uji_registry", "owner_id": 7})
    assert not await service.can_view(person, {"owner_kind": "uji_registry", "owner_id": 8})
    assert not await service.can_view(person, {"owner_kind": "tak_terdaftar", "owner_id": 7})
    assert not await service.can_view(None, {"owner_kind": "uji_registry", "owner_id": 7})


async def test_person_documents_visible_to_self_and_admin():
    from pintar.auth.roles import Role

    owner = await make_person()
    admin = await make_person(Role.ADMIN)
    other = await make_person(Role.PJK_TI)
    doc = {"owner_kind": "person", "owner_id": owner.id}
    assert await service.can_view(owner, doc)
    assert await service.can_view(admin, doc)
    assert not await service.can_view(other, doc)
