"""Small helpers the Zoom routes share (parsing, redirects, the office's time zone)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, Response

from pintar import clock
from pintar.zoom import deps
from pintar.web.templating import redirect




def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def field(form: Any, name: str, default: str = "") -> str:
    value = form.get(name, default) if form is not None else default
    return value if isinstance(value, str) else default


def int_or_none(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def safe_next(target: str | None, default: str) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


async def office_now() -> tuple[dt.datetime, Any]:
    cal = await deps.load_calendar()
    return clock.local_now(cal.tz), cal.tz


def parse_day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return default
