from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.enums import MediaType

from pintar import clock, db, jobs
from pintar.config import get_settings
from pintar.i18n import LANGUAGES, zone_abbreviation
from pintar.i18n import lazy_gettext as _l
from pintar.office.service import load_calendar
from pintar.web import access
from pintar.web.forms import read_form, text_value
from pintar.web.htmx import redirect
from pintar.web.nav import NavItem, home_tiles
from pintar.web.templating import render


async def _today() -> dict:
    """Today at the office: the date, and its hours or why it is closed and when it opens."""
    calendar = await load_calendar()
    now = clock.local_now(calendar.tz)
    today = now.date()
    hours = calendar.hours_on(today)
    try:
        next_open = None if hours else calendar.add_working_days(today, 0)
    except ValueError:  # an office with no working weekday at all
        next_open = None
    return {
        "date": today,
        "hours": hours,
        "zone": zone_abbreviation(now),
        "closed_reason": None if hours else calendar.closed_reason(today),
        "next_open": next_open,
    }


@get("/", opt=access.signed_in(), name="home")
async def home(request: Request) -> Response:
    """Home: today at the office and a tile for every module the person may use (the menu's
    entries, with their descriptions and counts)."""
    tiles = await home_tiles(request.scope["user"])
    return render(request, "portal/home.html", {"tiles": tiles, "today": await _today()})


@get("/healthz", opt=access.public(), name="healthz", cache=False)
async def healthz(request: Request) -> Response:
    """200 "ok" when the database (and Redis, when configured) answer; 200 "degraded" when
    only Redis is away (pages and writes go on, jobs are kept in the database until it is
    back); 503 when the database does not answer."""
    state: dict[str, str] = {}
    try:
        await db.engine().run_ddl("SELECT 1")
        state["database"] = "ok"
    except Exception as exc:  # the point is to report it, not to fail
        state["database"] = f"error: {type(exc).__name__}"
    redis = await jobs.redis_ok(getattr(request.app.state, "jobs", None))
    state["redis"] = "not configured" if redis is None else ("ok" if redis else "error")
    serving = state["database"] == "ok"
    status = "error" if not serving else ("degraded" if redis is False else "ok")
    if redis is False:
        from pintar.jobs import backlog

        state["jobs_kept"] = str(await backlog.waiting())
    return Response(
        content={"status": status, **state},
        media_type=MediaType.JSON,
        status_code=200 if serving else 503,
        headers={"Cache-Control": "no-store"},
    )


@post("/bahasa", opt=access.public(), name="set_language")
async def set_language(request: Request) -> Response:
    """Language for people not signed in (signed-in people choose it in their profile)."""
    form = await read_form(request)
    lang = text_value(form, "lang", "id")
    if lang not in LANGUAGES:
        lang = "id"
    response = redirect(request, text_value(form, "next", "/"))
    response.set_cookie(
        "pintar_lang",
        lang,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=get_settings().https,
    )
    return response


ROUTES = [home, healthz, set_language]
NAV = [NavItem(_l("Beranda"), "/", access.signed_in()["access"], order=0)]
