"""Documents: check uploads by their content, store them under random names, say who may see them.

A module attaches files to its objects in three steps:

    from pintar.files import service as files

    async def _can_view(user: CurrentUser, booking_id: int) -> bool:   # once, at import time
        return user.has_role(Role.PJK_TI) or await is_requester(user.id, booking_id)
    files.register_owner("zoom_booking", _can_view)

    doc_id = await files.save_upload(form.get("nota"), owner_kind="zoom_booking",
                                     owner_id=booking.id, uploaded_by=user.id,
                                     label="Nota dinas", required=True)   # UserError if refused
    docs = await files.documents_of("zoom_booking", booking.id)  # each has "url": /berkas/<id>

Only PDF, DOCX, XLSX, PNG and JPEG are accepted, recognised by their bytes (never by the name or
the content type the browser sent). ``GET /berkas/<id>`` serves a file only when the owner kind's
``can_view`` says yes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import os
import re
import secrets
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Awaitable, Callable
from urllib.parse import quote

from litestar.datastructures import UploadFile

from pintar import clock
from pintar.auth.service import CurrentUser
from pintar.config import get_settings
from pintar.db import write_transaction
from pintar.errors import NotFound, UserError
from pintar.files.tables import Document
from pintar.i18n import gettext as _

log = logging.getLogger("pintar.files")

PERSON = "person"
CHUNK = 64 * 1024
LABEL_MAX = 200
NAME_STEM_MAX = 150
# Guards for opening DOCX/XLSX (ZIP) files: a real office document has tens to a few hundred
# parts; anything far beyond is refused before we decompress a byte of it.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_TOTAL = 200 * 1024 * 1024  # declared uncompressed size of all parts together
ZIP_MAX_RATIO = 200  # declared uncompressed / compressed, per part above 1 MB
CONTENT_TYPES_MAX = 512 * 1024  # [Content_Types].xml is a few KB in practice
_STORED = re.compile(r"^[0-9a-f]{32}$")
_OWNER_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_TMP_PREFIX = ".part-"


# --- kinds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    code: str
    content_type: str
    extensions: tuple[str, ...]  # the first is added to a name that lacks a fitting one
    label: str
    inline: bool  # shown in the browser rather than downloaded


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("pdf", "application/pdf", (".pdf",), "PDF", True),
        Kind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
            "DOCX",
            False,
        ),
        Kind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
            "XLSX",
            False,
        ),
        Kind("png", "image/png", (".png",), "PNG", True),
        Kind("jpeg", "image/jpeg", (".jpg", ".jpeg"), "JPEG", True),
    )
}
KIND_BY_CONTENT_TYPE = {k.content_type: k for k in KINDS.values()}
ACCEPT = ",".join(ext for k in KINDS.values() for ext in k.extensions)  # for <input accept>

_PNG = b"\x89PNG\r\n\x1a\n"
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check (not stored yet)."""

    original_name: str  # sanitised display name, ending in the kind's extension
    kind: str  # "pdf", "docx", "xlsx", "png" or "jpeg"
    content_type: str  # from the detected kind, never from the browser
    size: int
    sha256: str


class UploadTooLarge(UserError):
    status_code = 413


def max_upload_bytes() -> int:
    """The size limit of one file (setting ``PINTAR_UPLOAD_MAX_MB``; tests patch this)."""
    return get_settings().upload_max_bytes


def format_size(n: int) -> str:
    """Indonesian size label: ``812 B``, ``14 KB``, ``1,5 MB``."""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{round(n / 1024):d} KB"
    mb = n / (1024 * 1024)
    text = f"{mb:.0f}" if mb >= 10 or mb == int(mb) else f"{mb:.1f}"
    return text.replace(".", ",") + " MB"


def _wrong_type() -> UserError:
    return UserError(
        _("Jenis berkas tidak diizinkan: hanya PDF, DOCX, XLSX, PNG atau JPEG."), field="berkas"
    )


def too_large_error() -> UploadTooLarge:
    return UploadTooLarge(
        _("Berkas terlalu besar: paling besar %(size)s.", size=format_size(max_upload_bytes())),
        field="berkas",
    )


def _empty() -> UserError:
    return UserError(_("Berkas kosong: pilih berkas yang ada isinya."), field="berkas")


def _zip_refused() -> UserError:
    return UserError(
        _("Berkas ditolak: isi dokumen ini tidak wajar (terlalu banyak bagian atau terlalu besar)."),
        field="berkas",
    )


# --- names -------------------------------------------------------------------------------------


def clean_text(text: Any, limit: int) -> str:
    """One line of display text: no control or format characters, spaces collapsed."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())[:limit]


def clean_name(raw: Any, kind: Kind) -> str:
    """The client's file name made safe for display: last path part only, no control
    characters (NUL, newlines, bidi overrides), no leading dots, the kind's extension."""
    text = unicodedata.normalize("NFC", str(raw or "")).replace("\\", "/").split("/")[-1]
    text = clean_text(text, 1000).strip(" .")
    stem, dot, ext = text.rpartition(".")
    if dot and f".{ext.lower()}" in kind.extensions:
        stem, ext = stem.rstrip(" ."), "." + ext.lower()
    else:
        stem, ext = text, kind.extensions[0]
    stem = stem[:NAME_STEM_MAX].rstrip(" .") or _("berkas")
    return stem + ext


def content_disposition(name: str, *, inline: bool) -> str:
    """A safe ``Content-Disposition`` (RFC 6266): an ASCII ``filename`` for old clients and the
    exact UTF-8 name in ``filename*`` (RFC 5987). Nothing of the name can end the header."""
    decomposed = unicodedata.normalize("NFKD", name)
    fallback = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    fallback = re.sub(r"[^A-Za-z0-9 ._()\-]", "_", fallback).strip(" .") or "berkas"
    encoded = quote(clean_text(name, 1000), safe="")
    return f"{'inline' if inline else 'attachment'}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


# --- content checks (blocking; run in a thread) ------------------------------------------------


def _office_kind(fileobj: IO[bytes]) -> str | None:
    """"docx" or "xlsx" when the ZIP's parts prove it, else None. Reads only the central directory
    and at most CONTENT_TYPES_MAX bytes of one part, whatever the headers claim."""
    try:
        with zipfile.ZipFile(fileobj) as zf:
            infos = zf.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                raise _zip_refused()
            if sum(i.file_size for i in infos) > ZIP_MAX_TOTAL:
                raise _zip_refused()
            for info in infos:
                if info.file_size > 1024 * 1024 and (
                    info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)
                ):
                    raise _zip_refused()
            names = [i.filename for i in infos]
            if any(n.startswith("/") or "\\" in n or ".." in n.split("/") for n in names):
                return None
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return None  # macros: not a plain DOCX/XLSX
            info = zf.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX or info.flag_bits & 0x1:
                return None
            with zf.open(info) as fh:
                types = fh.read(CONTENT_TYPES_MAX + 1)
            if len(types) > CONTENT_TYPES_MAX:
                return None
    except UserError:
        raise
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError):  # fmt: skip
        return None
    is_docx = _DOCX_MAIN in types and any(n.startswith("word/") for n in names)
    is_xlsx = _XLSX_MAIN in types and any(n.startswith("xl/") for n in names)
    if is_docx == is_xlsx:
        return None
    return "docx" if is_docx else "xlsx"


def detect_kind(head: bytes, fileobj: IO[bytes]) -> Kind:
    """The kind of a file from its first bytes (and, for ZIPs, its parts); UserError otherwise."""
    code: str | None = None
    if head.startswith(b"%PDF-"):
        code = "pdf"
    elif head.startswith(_PNG) and head[12:16] == b"IHDR":
        code = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        code = "jpeg"
    elif head.startswith(b"PK\x03\x04"):
        code = _office_kind(fileobj)
    if code is None:
        raise _wrong_type()
    return KINDS[code]


def _scan(src: IO[bytes], limit: int, sink: IO[bytes] | None = None) -> tuple[int, str, bytes]:
    """Read ``src`` in chunks (copying to ``sink``): size, sha256 and the first bytes."""
    src.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = b""
    while chunk := src.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_large_error()
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        digest.update(chunk)
        if sink is not None:
            sink.write(chunk)
    if size == 0:
        raise _empty()
    return size, digest.hexdigest(), head


def _check_sync(upload: UploadFile, limit: int) -> CheckedFile:
    try:
        size, sha, head = _scan(upload.file, limit)
        kind = detect_kind(head, upload.file)
    finally:
        upload.file.seek(0)
    return CheckedFile(clean_name(upload.filename, kind), kind.code, kind.content_type, size, sha)


def _store_sync(upload: UploadFile, directory: Path, stored_name: str, limit: int) -> CheckedFile:
    """Copy the upload into ``directory`` in chunks under a temporary name, check the copy, then
    give it its random final name. Nothing is left behind on refusal."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=directory)  # mode 0600
    try:
        with os.fdopen(fd, "w+b") as out:
            size, sha, head = _scan(upload.file, limit, sink=out)
            out.flush()
            kind = detect_kind(head, out)
            os.fsync(out.fileno())
        os.replace(tmp, directory / stored_name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        upload.file.seek(0)
    return CheckedFile(clean_name(upload.filename, kind), kind.code, kind.content_type, size, sha)


# --- the API for modules -----------------------------------------------------------------------


def has_file(upload: Any) -> bool:
    """True when the form field holds a chosen file (an empty file input arrives as "")."""
    return isinstance(upload, UploadFile) and bool(upload.filename)


def _missing(required: bool) -> None:
    if required:
        raise UserError(_("Pilih berkas yang akan diunggah."), field="berkas")


async def check_upload(upload: Any) -> CheckedFile:
    """Validate an upload without storing it (for forms that check everything before writing).

    Raises UserError (413 when too big) with an Indonesian message; a missing file is refused.
    """
    if not has_file(upload):
        _missing(True)
    return await asyncio.to_thread(_check_sync, upload, max_upload_bytes())


async def save_upload(
    upload: Any,
    *,
    owner_kind: str,
    owner_id: int,
    uploaded_by: int,
    label: str = "",
    required: bool = False,
) -> int | None:
    """Check and store an upload, attached to (owner_kind, owner_id); returns the document id.

    ``upload`` is the form value (``form.get("field")``). With no file chosen it returns None, or
    raises UserError when ``required``. Wrong kind, empty or too big: UserError with a clear
    Indonesian message (``UploadTooLarge``, status 413, for size). Inside the caller's
    transaction the row joins it; if that transaction rolls back, the stored bytes stay until
    :func:`sweep_orphans` removes them.
    """
    _owner_check(owner_kind)
    if not has_file(upload):
        _missing(required)
        return None
    clean_label = clean_text(label, 10_000)
    if len(clean_label) > LABEL_MAX:
        raise UserError(
            _("Keterangan terlalu panjang: paling banyak %(n)s karakter.", n=LABEL_MAX),
            field="keterangan",
        )
    directory = get_settings().upload_dir
    stored_name = secrets.token_hex(16)
    checked = await asyncio.to_thread(
        _store_sync, upload, directory, stored_name, max_upload_bytes()
    )
    try:
        rows = await Document.insert(
            Document(
                stored_name=stored_name,
                original_name=checked.original_name,
                label=clean_label,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                owner_kind=owner_kind,
                owner_id=int(owner_id),
                uploaded_by=uploaded_by,
                uploaded_at=clock.now(),
            )
        ).returning(Document.id)
    except BaseException:
        (directory / stored_name).unlink(missing_ok=True)
        raise
    log.info("document %s stored for %s %s", rows[0]["id"], owner_kind, owner_id)
    return int(rows[0]["id"])


def _present(row: dict[str, Any]) -> dict[str, Any]:
    kind = KIND_BY_CONTENT_TYPE.get(row["content_type"])
    return {
        **row,
        "url": f"/berkas/{row['id']}",
        "size_label": format_size(row["size"]),
        "kind_label": kind.label if kind else "",
    }


_COLUMNS = (
    Document.id,
    Document.original_name,
    Document.label,
    Document.content_type,
    Document.size,
    Document.sha256,
    Document.owner_kind,
    Document.owner_id,
    Document.uploaded_by,
    Document.uploaded_by.name.as_alias("uploaded_by_name"),
    Document.uploaded_at,
)


async def documents_of(owner_kind: str, owner_id: int) -> list[dict[str, Any]]:
    """The documents attached to one object, oldest first. Each dict has id, original_name,
    label, content_type, size, size_label, kind_label, sha256, uploaded_by, uploaded_by_name,
    uploaded_at and url (``/berkas/<id>``)."""
    rows = (
        await Document.select(*_COLUMNS)
        .where((Document.owner_kind == owner_kind) & (Document.owner_id == int(owner_id)))
        .order_by(Document.id)
    )
    return [_present(r) for r in rows]


async def get_document(doc_id: int) -> dict[str, Any] | None:
    """One document as :func:`documents_of` gives it, plus ``stored_name``; None if unknown."""
    row = (
        await Document.select(*_COLUMNS, Document.stored_name)
        .where(Document.id == int(doc_id))
        .first()
    )
    return _present(row) if row else None


def path_of(document: dict[str, Any]) -> Path:
    """Where the bytes of ``document`` (from :func:`get_document`) live."""
    name = str(document["stored_name"])
    if not _STORED.match(name):  # never a path from the database into the file system
        raise NotFound(_("Berkas tidak ditemukan."))
    return get_settings().upload_dir / name


async def delete_document(doc_id: int) -> None:
    """Remove the document's row and its file. Permission is the caller's to check."""
    async with write_transaction():
        row = await Document.select(Document.stored_name).where(Document.id == doc_id).first()
        if row is None:
            raise NotFound(_("Berkas tidak ditemukan."))
        await Document.delete().where(Document.id == doc_id)
    try:
        path_of(row).unlink(missing_ok=True)
    except (OSError, NotFound):  # the row is gone; a left-over file is removed by the sweep
        log.warning("could not remove the file of document %s", doc_id, exc_info=True)


async def sweep_orphans(now: dt.datetime, older_than: dt.timedelta = dt.timedelta(hours=24)) -> int:
    """Remove files in the upload folder that no document row names (a rolled-back transaction,
    a crash between writing and recording) and were last written before ``now - older_than``.
    Idempotent. ``now`` comes from the caller (the sweep job asks the clock)."""
    directory = get_settings().upload_dir
    if not directory.is_dir():
        return 0
    limit = (now - older_than).timestamp()
    candidates = [
        p
        for p in directory.iterdir()
        if p.is_file()
        and (_STORED.match(p.name) or p.name.startswith(_TMP_PREFIX))
        and p.stat().st_mtime < limit
    ]
    if not candidates:
        return 0
    names = [p.name for p in candidates if _STORED.match(p.name)]
    known: set[str] = set()
    for start in range(0, len(names), 500):
        rows = await Document.select(Document.stored_name).where(
            Document.stored_name.is_in(names[start : start + 500])
        )
        known.update(r["stored_name"] for r in rows)
    removed = 0
    for path in candidates:
        if path.name not in known:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# --- who may see which documents ---------------------------------------------------------------

CanView = Callable[[CurrentUser, int], Awaitable[bool]]
_OWNERS: dict[str, CanView] = {}


def register_owner(owner_kind: str, can_view: CanView) -> None:
    """Declare an owner kind and who may see its objects' files: ``await can_view(user,
    owner_id)``. Call it once, at import time of the module's service. Registering the same
    function again is harmless; a different function for a taken kind is an error."""
    if not _OWNER_KIND.match(owner_kind):
        raise ValueError(f"owner kind must be lower_snake_case, at most 40 chars: {owner_kind!r}")
    existing = _OWNERS.get(owner_kind)
    if existing is not None and (
        existing.__module__,
        existing.__qualname__,
    ) != (can_view.__module__, can_view.__qualname__):
        raise ValueError(f"owner kind {owner_kind!r} is already registered by {existing!r}")
    _OWNERS[owner_kind] = can_view


def registered_owners() -> list[str]:
    return sorted(_OWNERS)


def _owner_check(owner_kind: str) -> None:
    if owner_kind not in _OWNERS:
        raise ValueError(f"owner kind {owner_kind!r} is not registered (files.register_owner)")


async def can_view(user: CurrentUser | None, document: dict[str, Any]) -> bool:
    """May ``user`` see ``document``? Asks its owner kind; an unknown kind means no."""
    if user is None:
        return False
    check = _OWNERS.get(document["owner_kind"])
    if check is None:
        return False
    return bool(await check(user, int(document["owner_id"])))


async def _person_can_view(user: CurrentUser, person_id: int) -> bool:
    """A person's own documents: the person themself, or an admin."""
    return user.id == person_id or user.is_admin


register_owner(PERSON, _person_can_view)
