"""Small helpers the Zoom routes share (parsing, redirects, the office's time zone)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, Response

from pintar import clock
from pintar.web.forms import MAX_ID, date_param, parse_int, text_value
from pintar.web.htmx import is_htmx
from pintar.web.templating import redirect, render
from pintar.web.urls import safe_local_url
from pintar.zoom import deps, queries

__all__ = ["detail_response", "field", "int_or_none", "is_htmx", "office_now", "parse_day",
           "redirect", "safe_next"]




# The shared toolkit under the names the Zoom routes use (pintar.web: htmx, forms, urls).
field = text_value


def int_or_none(value: Any) -> int | None:
    return parse_int(value, minimum=-MAX_ID, maximum=MAX_ID)


def safe_next(target: str | None, default: str) -> str:
    return safe_local_url(target, default)


async def office_now() -> tuple[dt.datetime, Any]:
    cal = await deps.load_calendar()
    return clock.local_now(cal.tz), cal.tz


def parse_day(value: str | None, default: dt.date) -> dt.date:
    """A day in the query string: ``default`` when absent or not a date, 400 when a date the
    calendar cannot show (``9999-12-31``, ``0001-01-01``); see pintar.web.forms.query_date."""
    return date_param(value, default)


async def detail_response(request: Request, booking_id: int, *, error: str | None = None,
                          note: str = "", status: int = 200) -> Response:
    now, tz = await office_now()
    async with deps.read():
        view = await queries.detail(request.user, booking_id, now)
    return render(request, "zoom/detail.html", {**view, "tz": tz, "error": error, "note": note},
                  status_code=status)
