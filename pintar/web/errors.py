"""App-level exception handlers: friendly Indonesian pages, never a raw 500.

For an HTMX request an error does not replace the part of the page the person was working on:
the message goes into the layout's message area (out of band) and nothing else is swapped.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Callable
from urllib.parse import quote

from litestar import Request, Response
from litestar.enums import MediaType
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from pintar import i18n
from pintar.errors import TooManyAttempts, UserError
from pintar.i18n import gettext as _
from pintar.web.access import PasswordChangeRequired
from pintar.web.forms import body_error
from pintar.web.htmx import client_redirect, is_htmx, keep_page
from pintar.web.templating import render, render_html

log = logging.getLogger("pintar.errors")


def _message_response(request: Request, status: int, title: str, message: str) -> Response:
    if is_htmx(request):
        html = render_html(
            request,
            "_flash.html",
            {"flashes": [{"text": message, "level": "error"}], "oob": True},
        )
        # Nothing of the page is swapped; the out-of-band message still lands in the layout.
        return keep_page(html, status_code=status, headers={"Cache-Control": "no-store"})
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _login_redirect(request: Request, target: str) -> Response:
    if is_htmx(request):
        return client_redirect(target, status_code=401)
    return Response(content="", status_code=302, headers={"Location": target})


def not_authorized(request: Request, exc: NotAuthorizedException) -> Response:
    if isinstance(exc, PasswordChangeRequired):
        return _login_redirect(request, "/akun/kata-sandi")
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return _login_redirect(request, "/masuk?next=" + quote(target, safe=""))


def forbidden(request: Request, exc: PermissionDeniedException) -> Response:
    detail = str(exc.detail or "")
    if "CSRF" in detail:
        message = _(
            "Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi."
        )
    else:
        message = _("Anda tidak berhak membuka halaman ini.")
    return _message_response(request, 403, _("Akses ditolak"), message)


def not_found(request: Request, exc: NotFoundException) -> Response:
    return _message_response(
        request,
        404,
        _("Halaman tidak ditemukan"),
        _("Halaman yang Anda cari tidak ada atau sudah dipindahkan."),
    )


def validation_error(request: Request, exc: ValidationException) -> Response:
    return _message_response(
        request,
        400,
        _("Isian tidak valid"),
        _("Sebagian isian tidak dapat dibaca. Periksa kembali formulir lalu kirim ulang."),
    )


def http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if status == 405:
        return _message_response(
            request, 405, _("Metode tidak diizinkan"), _("Aksi ini tidak tersedia di alamat ini.")
        )
    if status == 413:
        return _message_response(
            request, 413, _("Berkas terlalu besar"), _("Ukuran kiriman melebihi batas.")
        )
    if status >= 500:
        return server_error(request, exc)
    if status == 400:
        # The framework's own refusals are English ("Invalid multipart/form-data"): a person
        # reads ours instead.
        refusal = body_error(request, exc)
        return _message_response(request, refusal.status_code, _("Permintaan tidak dapat diproses"),
                                 refusal.message)
    return _message_response(
        request,
        status,
        _("Permintaan tidak dapat diproses"),
        _("Permintaan ini tidak dapat diproses. Muat ulang halaman lalu coba lagi."),
    )


def user_error(request: Request, exc: UserError) -> Response:
    response = _message_response(request, exc.status_code, _("Tidak dapat diproses"), exc.message)
    if isinstance(exc, TooManyAttempts):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    try:
        return _message_response(
            request,
            HTTP_500_INTERNAL_SERVER_ERROR,
            _("Terjadi kesalahan"),
            _("Maaf, terjadi kesalahan di server. Tim TI sudah dicatat; coba lagi sebentar lagi."),
        )
    except Exception:  # the error page itself failed: plain text, still Indonesian
        return Response(
            content="Terjadi kesalahan di server.",
            media_type=MediaType.TEXT,
            status_code=500,
        )


def _in_visitor_language(handler: Callable[[Request, Any], Response]) -> Callable[..., Response]:
    """An address no route serves is refused by the router before UserMiddleware has set the
    language (its scope has no "user"): answer in the one the visitor chose (cookie)."""

    @functools.wraps(handler)
    def wrapped(request: Request, exc: Any) -> Response:
        if "user" in request.scope:
            return handler(request, exc)
        from pintar.web.session import _language_from_cookie

        token = i18n.current_language.set(_language_from_cookie(request.scope))
        try:
            return handler(request, exc)
        finally:
            i18n.current_language.reset(token)

    return wrapped


EXCEPTION_HANDLERS = {
    exc_type: _in_visitor_language(handler)
    for exc_type, handler in {
        NotAuthorizedException: not_authorized,
        PermissionDeniedException: forbidden,
        NotFoundException: not_found,
        ValidationException: validation_error,
        UserError: user_error,
        HTTPException: http_error,
        Exception: server_error,
    }.items()
}


__all__ = ["EXCEPTION_HANDLERS"]
