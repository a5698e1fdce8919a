"""htmx on the server side, through litestar-htmx (installed as the app's ``HTMXPlugin``).

``is_htmx`` / ``wants_fragment`` read the request headers through ``HTMXDetails``;
``redirect`` is post/redirect/get that works with and without htmx (``ClientRedirect`` for
htmx, never a 3xx which the browser would follow silently and swap into the target);
``refresh`` reloads the page (the kiosk when its token was rotated). No module reads or
writes ``HX-*`` headers by hand.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.plugins.htmx import ClientRedirect, ClientRefresh, HTMXDetails, Reswap

from pintar.web.urls import safe_local_url


def _details(request: Request) -> HTMXDetails:
    details = getattr(request, "htmx", None)
    return details if isinstance(details, HTMXDetails) else HTMXDetails(request)


def is_htmx(request: Request) -> bool:
    """The request came from htmx (any kind: a swap, a boosted link, a history restore)."""
    return bool(_details(request))


def wants_fragment(request: Request) -> bool:
    """htmx swaps part of the page: answer a block, not the whole page (a boosted navigation
    and a history restore need the whole page)."""
    details = _details(request)
    return bool(details) and not details.boosted and not details.history_restore_request


def redirect(request: Request, url: str, *, default: str = "/") -> Response:
    """Post/redirect/get to a local ``url`` (checked: anything that could leave the site goes
    to ``default``): 303 for a plain form, ``HX-Redirect`` for htmx."""
    target = safe_local_url(url, default)
    if is_htmx(request):
        return client_redirect(target)
    return Response(content="", status_code=303, headers={"Location": target})


def refresh(content: Any, *, status_code: int = 200, **kwargs: Any) -> Response:
    """``content`` with ``HX-Refresh``: htmx reloads the whole page (a plain browser shows it)."""
    response = ClientRefresh()
    response.content = content
    response.status_code = status_code
    for key, value in kwargs.pop("headers", {}).items():
        response.headers[key] = value
    if "media_type" in kwargs:
        response.media_type = kwargs.pop("media_type")
    return response


def client_redirect(target: str, *, status_code: int = 200) -> Response:
    """``HX-Redirect`` to a local ``target`` (which the caller has checked)."""
    response = ClientRedirect(target)
    response.status_code = status_code
    return response


def keep_page(content: Any, *, status_code: int, headers: dict[str, str] | None = None,
              media_type: str = "text/html") -> Response:
    """An answer htmx must not swap into the page (``HX-Reswap: none``): an error message that
    reaches the layout out of band while the form the person was working on stays as it is."""
    return Reswap(content=content, method="none", status_code=status_code,
                  media_type=media_type, headers=headers or {})


__all__ = ["client_redirect", "is_htmx", "keep_page", "redirect", "refresh", "wants_fragment"]
