"""The lobby kiosk: today's approved bookings, the running and the next one, and an ETag so a
poll that finds nothing changed costs a 304 with no body."""

from __future__ import annotations

import datetime as dt
import hashlib

from pintar.office.workdays import load_calendar
from pintar.web.caching import etag_matches
from pintar.zoom.flow import ZOOM
from pintar.zoom.tables import ZoomBooking

# Bump when the kiosk fragment's markup changes, so screens fetch the new one.
TEMPLATE_VERSION = "3"
# What fits a 1366x768 TV in large type: the meetings still to come first (the running one and
# the next ones), topped up with the latest finished ones; tomorrow's below.
TODAY_MAX = 8
TOMORROW_MAX = 4
AGENDA_MAX = 6  # the day's activities still to come or running


async def board(now: dt.datetime) -> dict:
    """Today's bookings (office-local day) with ``running``/``next`` marked, tomorrow's below
    them, and the ETag of what is shown."""
    cal = await load_calendar()
    today = now.astimezone(cal.tz).date()
    tomorrow = today + dt.timedelta(days=1)
    found = await (
        ZoomBooking.select(
            ZoomBooking.id, ZoomBooking.version, ZoomBooking.title, ZoomBooking.starts_at,
            ZoomBooking.ends_at, ZoomBooking.account.name.as_alias("account_name"),
            ZoomBooking.team.name.as_alias("team_name"),
        )
        .where(ZoomBooking.day.is_in([today, tomorrow]) & ZoomBooking.state.is_in(list(ZOOM.codes(tag="approved"))))
        .order_by(ZoomBooking.starts_at)
        .order_by(ZoomBooking.id)
    )
    rows = [r for r in found if r["starts_at"].astimezone(cal.tz).date() == today]
    later = [r for r in found if r["starts_at"].astimezone(cal.tz).date() != today]
    for r in rows + later:
        r["running"] = r["starts_at"] <= now < r["ends_at"]
        r["done"] = r["ends_at"] <= now
        r["next"] = False
    upcoming_today = [r for r in rows if r["starts_at"] > now]
    if upcoming_today:
        upcoming_today[0]["next"] = True
    upcoming = [r for r in rows if not r["done"]]
    finished = [r for r in rows if r["done"]]
    room = max(0, TODAY_MAX - len(upcoming))
    shown = (finished[-room:] if room else []) + upcoming[:TODAY_MAX]
    more_today = len(rows) - len(shown)
    more_tomorrow = max(0, len(later) - TOMORROW_MAX)
    rows, later = shown, later[:TOMORROW_MAX]
    # "Today at the office": the agenda's activities of the day (with rooms) beside the meetings.
    from pintar.agenda import service as agenda

    activities = [a for a in await agenda.today(today) if a["ends_at"] > now][:AGENDA_MAX]
    # What the fragment shows, and nothing else (no clock: the page ticks that itself).
    basis = repr((
        TEMPLATE_VERSION, today.isoformat(), more_today, more_tomorrow,
        [(r["id"], r["version"], r["title"], r["starts_at"].isoformat(), r["ends_at"].isoformat(),
          r["account_name"], r["team_name"], r.get("running"), r.get("done"), r.get("next"))
         for r in rows + later],
        [(a["id"], a["version"], a["title"], a["starts_at"].isoformat(), a["ends_at"].isoformat(), a["room_name"])
         for a in activities],
    ))
    etag = '"' + hashlib.sha256(basis.encode()).hexdigest()[:20] + '"'
    return {"today": today, "tomorrow": tomorrow, "rows": rows, "later": later, "etag": etag,
            "more_today": more_today, "more_tomorrow": more_tomorrow, "activities": activities,
            "tz": cal.tz, "now": now.astimezone(cal.tz)}


def not_modified(if_none_match: str | None, etag: str) -> bool:
    return etag_matches(if_none_match, etag)  # the shared parser (pintar.web.caching)
