"""Browser security headers on every answer, and the fences in front of Litestar's CSRF check.

Headers (``before_send``, so error pages, static files and 404s get them too):

- ``Content-Security-Policy``: everything from this site only; no inline script except the ones
  in our templates, allowed by their hash (computed at start from the templates, so editing one
  cannot silently break it); inline ``style`` attributes are allowed (bars of a chart), style
  elements are not. htmx is configured for it in ``base.html`` (``includeIndicatorStyles`` and
  ``allowEval`` off). ``frame-ancestors 'none'``: no other site may frame a page, except the
  kiosk, which a TV's signage player may embed.
  (Only on what a browser renders, HTML and SVG, and never on a bodiless 304.)
- ``Referrer-Policy: same-origin`` (a kiosk or feed token in a URL never leaves in a Referer),
  ``X-Content-Type-Options: nosniff``, and ``Strict-Transport-Security`` when served over HTTPS.
- ``Cache-Control: private, no-store`` on every HTML page for a signed-in person (personal data,
  Zoom credentials) unless the page manages its own caching with an ETag (the bell).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from functools import lru_cache
from pathlib import Path

from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from pintar.config import Settings, get_settings
from pintar.errors import UserError
from pintar.i18n import gettext as _

KIOSK_PREFIX = "/kiosk"
_PAGE_ONLY = {"Content-Security-Policy", "X-Frame-Options"}
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.S)


@lru_cache(maxsize=2)
def inline_hashes(tag: str) -> tuple[str, ...]:
    """``'sha256-…'`` of every inline ``<script>`` or ``<style>`` (``tag``) in the templates
    (the kiosk's clock and its own style sheet; their text holds no template expressions)."""
    from pintar.web.templating import TEMPLATE_DIR

    hashes = set()
    for path in sorted(TEMPLATE_DIR.rglob("*.html")):
        if path.parent.name == "notify" and path.name.startswith("email"):
            continue  # e-mails are not served by the portal
        for kind, body in _INLINE.findall(path.read_text(encoding="utf-8")):
            if kind == tag:
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
    return tuple(sorted(hashes))


def content_security_policy(*, framable: bool = False) -> str:
    scripts = " ".join(("'self'", *inline_hashes("script")))
    styles = " ".join(("'self'", *inline_hashes("style")))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            f"style-src {styles}",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            "frame-ancestors *" if framable else "frame-ancestors 'none'",
        ]
    )


@lru_cache(maxsize=4)
def _headers(https: bool, framable: bool) -> tuple[tuple[str, str], ...]:
    headers = [
        ("Content-Security-Policy", content_security_policy(framable=framable)),
        ("Referrer-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    if not framable:
        headers.append(("X-Frame-Options", "DENY"))
    if https:
        headers.append(("Strict-Transport-Security", "max-age=31536000"))
    return tuple(headers)


async def security_headers(message: Message, scope: Scope) -> None:
    """The app's ``before_send`` hook: the headers above on every response."""
    if message["type"] != "http.response.start":
        return
    if message["status"] == 304:
        return  # no body: the browser keeps the headers of the version it has (and a kiosk
        # poll stays within its 300 bytes)
    headers = MutableScopeHeaders.from_message(message)
    path = scope.get("path", "")
    framable = path == KIOSK_PREFIX or path.startswith(KIOSK_PREFIX + "/")
    content_type = headers.get("content-type", "")
    # The policy matters for what a browser renders (pages, SVG); a style sheet or script
    # does not need ~400 bytes of it.
    renders = content_type.startswith(("text/html", "image/svg")) or not content_type
    for name, value in _headers(get_settings().https, framable):
        if name not in headers and (renders or name not in _PAGE_ONLY):
            headers[name] = value
    if (
        scope.get("user") is not None
        and content_type.startswith("text/html")
        and "etag" not in headers
    ):
        headers["Cache-Control"] = "private, no-store"


class FormFieldGuard(ASGIMiddleware):
    """What no form or address of ours can hold, refused before any handler sees it:

    - a NUL character in the query string or in a form value (PostgreSQL refuses to store or
      even compare text holding one, so every search, login or name would fail with a 500):
      400 in Indonesian;
    - a ``_csrf_token`` sent as a file part, on which Litestar's CSRF middleware (which runs
      after this one) would crash: refused as a failed CSRF check (403, in Indonesian).

    The parsed form stays in the request's scope, so the CSRF check and the handler reuse it.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"")
            if b"\x00" in query or b"%00" in query:
                raise _nul_refusal()
            if scope.get("method") not in ("GET", "HEAD", "OPTIONS"):
                await self._check_form(scope, receive)
        await next_app(scope, receive, send)

    async def _check_form(self, scope: Scope, receive: Receive) -> None:
        from litestar import Request

        request: Request = scope["litestar_app"].request_class(scope, receive)
        content_type, _ = request.content_type
        if content_type not in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return
        if content_type == "multipart/form-data" and "x-csrftoken" in request.headers:
            return  # an upload: its route reads it (forms.read_form checks NULs) and answers an
            # oversize body with its own form and message
        form = await request.form()
        for name, value in form.multi_items():
            if "\x00" in name or (isinstance(value, str) and "\x00" in value):
                raise _nul_refusal()
        token = form.get("_csrf_token")
        if token is not None and not isinstance(token, str):
            raise PermissionDeniedException("CSRF token verification failed")


def _nul_refusal() -> UserError:
    return UserError(
        _("Alamat atau isian berisi karakter yang tidak sah. Periksa kembali lalu kirim ulang.")
    )


# --- log lines: one line per record, and no secrets from URLs ----------------------------------

_LOG_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Kiosk and calendar-feed tokens are passwords in a URL: the log keeps the route, not the token.
_URL_SECRETS = re.compile(r"((?:[?&]token=)|(?:/kiosk/ical/))[^\s&\"'?#]+")


def clean_log_message(message: str) -> str:
    """``message`` on one line (control characters shown escaped, so a value cannot forge a
    log line of its own) with URL tokens replaced by ``…``."""
    message = _URL_SECRETS.sub(r"\1…", message)
    return _LOG_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), message)


class _CleanRecord(logging.LogRecord):
    def getMessage(self) -> str:  # noqa: N802  (logging's name)
        return clean_log_message(super().getMessage())


class _CleanArgs(logging.Filter):
    """uvicorn's access log formats its arguments itself (not through ``getMessage``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                clean_log_message(a) if isinstance(a, str) else a for a in record.args
            )
        return True


_ARGS_FILTER = _CleanArgs()


def install_log_cleaning() -> None:
    """Every log record of the process (ours, Litestar's, uvicorn's access log) goes through
    :func:`clean_log_message`; tracebacks keep their lines."""
    logging.setLogRecordFactory(_CleanRecord)
    access = logging.getLogger("uvicorn.access")
    if _ARGS_FILTER not in access.filters:
        access.addFilter(_ARGS_FILTER)


# --- files on disk: the owner's only -----------------------------------------------------------


def protect_var_dir(settings: Settings) -> None:
    """``var/`` (the SQLite database, uploads, the secret key) readable by the portal's own
    user only: the folders 0700, the database and key files 0600. Run at start, after the
    database file exists; a file system that refuses (a mounted volume) is left as it is."""
    targets: list[tuple[Path, int]] = [(settings.var_dir, 0o700), (settings.upload_dir, 0o700)]
    targets += [(settings.var_dir / "secret_key", 0o600)]
    if not settings.is_postgres:
        base = settings.sqlite_path
        targets += [(base.with_name(base.name + suffix), 0o600) for suffix in ("", "-wal", "-shm")]
    settings.upload_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path, mode in targets:
        try:
            if path.exists():
                path.chmod(mode)
        except OSError:
            logging.getLogger("pintar").warning("cannot restrict permissions of %s", path)


__all__ = [
    "FormFieldGuard",
    "clean_log_message",
    "content_security_policy",
    "inline_hashes",
    "install_log_cleaning",
    "protect_var_dir",
    "security_headers",
]
