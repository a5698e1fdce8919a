"""The lobby kiosk and the iCal feeds: public routes, each guarded by its secret token.

Read-only; no session or CSRF cookie is set on them (``/kiosk`` is excluded from both in the app);
no login details ever appear.
"""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.enums import MediaType
from litestar.params import FromPath

from pintar import clock, db
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar
from pintar.web import access
from pintar.web.caching import not_modified
from pintar.web.htmx import refresh
from pintar.web.templating import render
from pintar.zoom import feeds, kiosk


def _refused() -> Response:
    # HX-Refresh: a TV still polling with a rotated token reloads and shows this message
    # instead of keeping yesterday's board on screen.
    return refresh(
        _("Tautan kios atau kalender tidak berlaku. Minta tautan baru kepada admin."),
        media_type=MediaType.TEXT, status_code=404, headers={"Cache-Control": "no-store"},
    )


@get("/kiosk", opt=access.public(), name="zoom_kiosk", cache=False)
async def kiosk_page(request: Request) -> Response:
    token = request.query_params.get("token")
    await load_calendar()
    async with db.reading():
        allowed = await feeds.resolve(token, (feeds.KIOSK,)) is not None
        data = await kiosk.board(clock.now()) if allowed else None
    if data is None:
        return _refused()
    return render(request, "zoom/kiosk.html", {**data, "token": token},
                  headers={"ETag": data["etag"]})


@get("/kiosk/papan", opt=access.public(), name="zoom_kiosk_board", cache=False)
async def kiosk_board(request: Request) -> Response:
    """The part the kiosk polls every 30 s: 304 without a body when nothing changed."""
    token = request.query_params.get("token")
    await load_calendar()
    async with db.reading():  # one connection for the token, the calendar version and the board
        allowed = await feeds.resolve(token, (feeds.KIOSK,)) is not None
        data = await kiosk.board(clock.now()) if allowed else None
    if data is None:
        return _refused()
    if (unchanged := not_modified(request, data["etag"], {"Cache-Control": "no-cache"})):
        return unchanged
    return render(request, "zoom/kiosk.html", {**data, "token": token}, block="board",
                  headers={"ETag": data["etag"]})


@get("/kiosk/ical/{name:str}", opt=access.public(), name="zoom_ical", cache=False)
async def ical(name: FromPath[str]) -> Response:
    token = name.removesuffix(".ics")
    row = await feeds.resolve(token, (feeds.OFFICE_FEED, feeds.PERSON_FEED))
    if row is None:
        return _refused()
    return Response(
        content=await feeds.ical(row, clock.now()),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "no-cache", "Content-Disposition": 'inline; filename="zoom.ics"'},
    )


ROUTES = [kiosk_page, kiosk_board, ical]
