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
import re
from functools import lru_cache

from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from pintar.config import get_settings

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
    """Runs before Litestar's CSRF middleware, which would fail with a 500 on a ``_csrf_token``
    sent as a file part: such a form is refused as a failed CSRF check (403, in Indonesian)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope["type"] == "http" and scope.get("method") not in ("GET", "HEAD", "OPTIONS"):
            from litestar import Request

            request: Request = scope["litestar_app"].request_class(scope, receive)
            content_type, _ = request.content_type
            if content_type == "multipart/form-data" and "x-csrftoken" not in request.headers:
                form = await request.form()  # kept in the scope: the CSRF check reuses it
                token = form.get("_csrf_token")
                if token is not None and not isinstance(token, str):
                    raise PermissionDeniedException("CSRF token verification failed")
        await next_app(scope, receive, send)


__all__ = ["FormFieldGuard", "content_security_policy", "inline_hashes", "security_headers"]
