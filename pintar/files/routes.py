"""Serving documents by permission, and the "Dokumen saya" part of the profile page."""

from __future__ import annotations

import logging

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import File

from pintar.errors import NotFound, UserError
from pintar.files import service
from pintar.i18n import gettext as _
from pintar.web import access
from pintar.web.caching import not_modified
from pintar.web.forms import close_uploads, read_form, text_value
from pintar.web.htmx import redirect
from pintar.web.templating import flash

__all__ = ["ROUTES", "close_uploads", "read_form"]  # the two helpers moved to pintar.web.forms

log = logging.getLogger("pintar.files")


@get(
    "/berkas/{doc_id:int}",
    opt=access.object_level("yang boleh melihat objek pemilik berkas"),
    name="document_download",
)
async def download(request: Request, doc_id: FromPath[int]) -> Response:
    doc = await service.get_document(doc_id)
    if doc is None:
        raise NotFound(_("Berkas tidak ditemukan."))
    access.require(
        await service.can_view(request.scope["user"], doc),
        _("Anda tidak berhak membuka berkas ini."),
    )
    path = service.path_of(doc)
    if not path.is_file():
        log.error("document %s: file %s is missing", doc_id, path.name)
        raise NotFound(_("Berkas tidak ditemukan di penyimpanan. Hubungi Tim TI."))
    kind = service.KIND_BY_CONTENT_TYPE.get(doc["content_type"])
    inline = bool(kind and kind.inline) and "unduh" not in request.query_params
    etag = f'"{doc["sha256"]}"'
    headers = {
        "content-disposition": service.content_disposition(doc["original_name"], inline=inline),
        "x-content-type-options": "nosniff",
        "cache-control": "private",
        "etag": etag,
    }
    if (unchanged := not_modified(request, etag, headers)) is not None:
        return unchanged  # the bytes of an id never change
    return File(path=path, media_type=doc["content_type"], headers=headers)


def _back_to_profile(request: Request) -> Response:
    return redirect(request, "/akun#dokumen")


@post("/akun/dokumen", opt=access.signed_in(), name="person_document_upload")
async def upload_person_document(request: Request) -> Response:
    from pintar.auth.routes import render_profile

    user = request.scope["user"]
    try:
        form = await read_form(request)
    except UserError as exc:
        return await render_profile(request, status_code=exc.status_code, doc_error=exc.message)
    label = text_value(form, "keterangan")
    try:
        await service.save_upload(
            form.get("berkas"),
            owner_kind=service.PERSON,
            owner_id=user.id,
            uploaded_by=user.id,
            label=label,
            required=True,
        )
    except UserError as exc:
        return await render_profile(
            request, status_code=exc.status_code, doc_error=exc.message, doc_label=label[:500]
        )
    finally:
        await close_uploads(form)
    flash(request, _("Dokumen diunggah."))
    return _back_to_profile(request)


@post(
    "/akun/dokumen/{doc_id:int}/hapus",
    opt=access.object_level("pemilik dokumen"),
    name="person_document_delete",
)
async def delete_person_document(request: Request, doc_id: FromPath[int]) -> Response:
    user = request.scope["user"]
    doc = await service.get_document(doc_id)
    if doc is None:
        raise NotFound(_("Berkas tidak ditemukan."))
    access.require(
        doc["owner_kind"] == service.PERSON and doc["owner_id"] == user.id,
        _("Anda hanya dapat menghapus dokumen Anda sendiri."),
    )
    await service.delete_document(doc_id)
    flash(request, _("Dokumen dihapus."))
    return _back_to_profile(request)


ROUTES = [download, upload_person_document, delete_person_document]
