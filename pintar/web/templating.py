"""Jinja2 environment, content-hashed static URLs and page/fragment rendering.

One template per screen; the parts HTMX swaps are named blocks of that template. ``render``
returns the whole page for a normal request and only the named block for an HTMX request (not
for a boosted navigation or a history restore, which need the whole page).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterable, Mapping

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Request, Response
from litestar.enums import MediaType
from litestar.utils.scope.state import ScopeState
from markupsafe import Markup

from pintar import i18n
from pintar.config import ROOT
from pintar.web import nav
from pintar.web.htmx import redirect, wants_fragment  # noqa: F401  (re-exported for modules)

TEMPLATE_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"


@lru_cache(maxsize=256)
def _content_hash(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def _file_hash(name: str) -> str:
    path = STATIC_DIR / name
    stat = path.stat()  # a file changed on disk gets a new URL without a restart
    return _content_hash(path, stat.st_mtime_ns, stat.st_size)


def asset(name: str) -> str:
    """``/static/<name>?v=<hash>``: the content hash lets browsers cache it for a year."""
    return f"/static/{name}?v={_file_hash(name)}"


def _wa_link(text: str, number: str = "") -> str:
    from urllib.parse import quote

    return f"https://wa.me/{number}?text={quote(text)}"


def build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message, **kw: i18n.gettext(message, **kw),
        lambda s, p, n, **kw: i18n.ngettext(s, p, n, **kw),
        newstyle=True,
    )
    env.globals.update(
        asset=asset,
        languages=i18n.LANGUAGES,
        wa_link=_wa_link,
    )
    env.filters.update(
        day=i18n.format_day,
        day_short=i18n.format_day_short,
        time=i18n.format_time,
        datetime=i18n.format_datetime,
        duration=i18n.format_duration,
    )
    return env


_env: Environment | None = None


def environment() -> Environment:
    global _env
    if _env is None:
        _env = build_environment()
    return _env


# --- what every full page shows besides the menu (the notification bell, …) -------------------

PageContext = Callable[[Request], Awaitable[Mapping[str, Any]]]
_page_context: list[PageContext] = []


def register_page_context(provider: PageContext) -> None:
    """A module adds values every full page's layout may use (``notify`` adds the bell)."""
    if provider not in _page_context:
        _page_context.append(provider)


async def collect_page_context(request: Request) -> None:
    """The app's ``before_request`` hook: gather the providers' values for a signed-in full page
    (an HTMX fragment has no layout, so it costs nothing)."""
    if not _page_context or request.scope.get("user") is None or wants_fragment(request):
        return None
    values: dict[str, Any] = {}
    for provider in _page_context:
        values.update(await provider(request))
    request.state.page_context = values
    return None


def base_context(request: Request) -> dict[str, Any]:
    user = request.scope.get("user")
    state = ScopeState.from_scope(request.scope)
    token = state.csrf_token if isinstance(state.csrf_token, str) else ""
    items = nav.visible_items(user)
    current = nav.current_url(items, request.url.path)
    return {
        "request": request,
        "user": user,
        "csrf_token": token,
        "csrf_input": Markup(f'<input type="hidden" name="_csrf_token" value="{token}">'),
        "office": request.app.state.get("office_summary") or {},
        "nav_items": items,
        "nav_current": current,
        "nav_bar": nav.bar_items(items.get("main", [])),
        "nav_group": nav.group_of(items, current),
        "nav_tabs": nav.group_tabs(items, current),
        "current_path": request.url.path,
        # An address no route knows (a typo's 404) is answered before the session is read: with a
        # session cookie the layout cannot tell a signed-in person from a visitor, so it offers
        # neither the menu nor the visitor's language switch.
        "visitor_unknown": "user" not in request.scope and "pintar_session" in request.cookies,
        "lang": i18n.current_language.get(),
        **(request.state.get("page_context") or {}),
    }


def render_html(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    blocks: Iterable[str] | None = None,
) -> str:
    env = environment()
    tmpl = env.get_template(template)
    ctx = base_context(request)
    if blocks is None:
        ctx["flashes"] = pop_flashes(request)
    if context:
        ctx.update(context)
    if blocks is None:
        return tmpl.render(ctx)
    jinja_ctx = tmpl.new_context(ctx)
    parts = ["".join(tmpl.blocks[name](jinja_ctx)) for name in blocks]
    flashes = pop_flashes(request)
    if flashes:
        # Messages reach the page out of band, into the layout's message area.
        flash_tmpl = env.get_template("_flash.html")
        parts.append(flash_tmpl.render({**ctx, "flashes": flashes, "oob": True}))
    return "".join(parts)


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    block: str | Iterable[str] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The page, or for an HTMX request the named block(s) only."""
    blocks: list[str] | None = None
    if block is not None and wants_fragment(request):
        blocks = [block] if isinstance(block, str) else list(block)
    html = render_html(request, template, context, blocks=blocks)
    return Response(
        content=html,
        media_type=MediaType.HTML,
        status_code=status_code,
        headers={"Cache-Control": "no-cache", **(headers or {})},
    )


# --- flash messages: kept in the session until the next page shows them ------------------------


def flash(request: Request, message: str, level: str = "success") -> None:
    session = request.scope.get("session")
    if not isinstance(session, dict):
        return
    session.setdefault("flashes", []).append({"text": str(message), "level": level})


def pop_flashes(request: Request) -> list[dict[str, str]]:
    session = request.scope.get("session")
    if not isinstance(session, dict) or not session.get("flashes"):
        return []
    return session.pop("flashes")


def template_exists(name: str) -> bool:
    return (TEMPLATE_DIR / name).exists()


def static_files() -> list[Path]:
    return sorted(p for p in STATIC_DIR.rglob("*") if p.is_file())
