"""The booking calendar by account: day, week and month views (no credentials, ever)."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass

from pintar import clock
from pintar.office.workdays import load_calendar
from pintar.zoom.flow import ZOOM
from pintar.zoom.tables import ZoomAccount, ZoomBooking

VIEWS = ("hari", "minggu", "bulan")
MONTH_ENTRIES = 4  # entries listed per day in the month view; the rest as "+N lainnya"


@dataclass
class Period:
    view: str
    anchor: dt.date
    first: dt.date
    last: dt.date  # inclusive
    prev: dt.date
    next: dt.date


def period(view: str, anchor: dt.date) -> Period:
    if view == "hari":
        return Period(view, anchor, anchor, anchor, anchor - dt.timedelta(days=1), anchor + dt.timedelta(days=1))
    if view == "minggu":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        return Period(view, anchor, monday, monday + dt.timedelta(days=6),
                      anchor - dt.timedelta(days=7), anchor + dt.timedelta(days=7))
    first = anchor.replace(day=1)
    days = _calendar.monthrange(first.year, first.month)[1]
    last = first.replace(day=days)
    prev = (first - dt.timedelta(days=1)).replace(day=1)
    nxt = last + dt.timedelta(days=1)
    return Period("bulan", anchor, first, last, prev, nxt)


def month_label(day: dt.date) -> str:
    """"November 2026" in the person's language."""
    from babel.dates import format_date

    from pintar.i18n import current_language

    return format_date(day, "LLLL y", locale="id" if current_language.get() == "id" else "en_GB")


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


async def _accounts() -> list[dict]:
    return await (
        ZoomAccount.select(ZoomAccount.id, ZoomAccount.name, ZoomAccount.capacity, ZoomAccount.active)
        .order_by(ZoomAccount.capacity)
        .order_by(ZoomAccount.name)
    )


async def _entries(first: dt.date, last: dt.date) -> list[dict]:
    return await (
        ZoomBooking.select(
            ZoomBooking.id, ZoomBooking.title, ZoomBooking.starts_at, ZoomBooking.ends_at,
            ZoomBooking.day, ZoomBooking.account, ZoomBooking.state, ZoomBooking.participants,
            ZoomBooking.team.name.as_alias("team_name"),
        )
        .where(
            (ZoomBooking.day >= first) & (ZoomBooking.day <= last)
            & ZoomBooking.state.is_in(list(ZOOM.codes(tag="holding"))) & ZoomBooking.account.is_not_null()
        )
        .order_by(ZoomBooking.starts_at)
    )


async def view(view: str, anchor: dt.date, today: dt.date | None = None) -> dict:
    """The data of one calendar page: the period, accounts and bookings laid out for it."""
    cal = await load_calendar()
    today = today or clock.today(cal.tz)
    view = view if view in VIEWS else "minggu"
    p = period(view, anchor)
    accounts = await _accounts()
    out: dict = {"period": p, "accounts": accounts, "today": today, "tz": cal.tz,
                 "names": {a["id"]: a["name"] for a in accounts}, "month_label": month_label(p.first)}
    if view == "bulan":
        out["weeks"] = await _month(p, today)
        return out
    entries = await _entries(p.first, p.last)
    for e in entries:
        e["pending"] = e["state"] not in ZOOM.codes(tag="approved")
    days = [p.first + dt.timedelta(days=i) for i in range((p.last - p.first).days + 1)]
    grid = {(a["id"], d): [] for a in accounts for d in days}
    for e in entries:
        grid.setdefault((e["account"], e["day"]), []).append(e)
    out["days"] = days
    out["grid"] = grid
    # Inactive accounts only appear when they still have bookings in the period.
    used = {e["account"] for e in entries}
    out["accounts"] = [a for a in accounts if a["active"] or a["id"] in used]
    return out


async def _month(p: Period, today: dt.date) -> list[list[dict]]:
    """Weeks of day cells; each cell lists its first entries and how many more there are."""
    states = ", ".join(f"'{s}'" for s in ZOOM.codes(tag="holding"))
    held = f"state IN ({states}) AND account IS NOT NULL"
    held_x = f"x.state IN ({states}) AND x.account IS NOT NULL"
    # Each day's count, and its first few entries by a small LIMIT per day: both read the
    # (day, starts_at, state, account) index only, so the page costs about the same with 100 or
    # 20,000 bookings a year (a window function over the month sorted every row of it).
    booking = ZoomBooking._meta.tablename
    sql = (
        "SELECT b.id, b.title, b.starts_at, b.day, b.account, b.state, d.n FROM ("
        f" SELECT day, COUNT(*) AS n FROM {booking} WHERE day >= {{}} AND day <= {{}} AND {held}"
        " GROUP BY day) d"
        f" JOIN {booking} b ON b.id IN ("
        f"  SELECT x.id FROM {booking} x WHERE x.day = d.day AND {held_x}"
        f"  ORDER BY x.starts_at, x.id LIMIT {MONTH_ENTRIES})"
        " ORDER BY b.day, b.starts_at, b.id"
    )
    rows = await ZoomBooking.raw(sql, p.first, p.last)
    by_day: dict[dt.date, dict] = {}
    for r in rows:
        day = _as_date(r["day"])
        cell = by_day.setdefault(day, {"entries": [], "count": int(r["n"])})
        cell["entries"].append(
            {"id": r["id"], "title": r["title"], "starts_at": _as_datetime(r["starts_at"]),
             "account": r["account"], "pending": r["state"] not in ZOOM.codes(tag="approved")}
        )
    start = p.first - dt.timedelta(days=p.first.weekday())
    end = p.last + dt.timedelta(days=6 - p.last.weekday())
    weeks, week = [], []
    day = start
    while day <= end:
        cell = by_day.get(day, {"entries": [], "count": 0})
        week.append({"day": day, "in_month": p.first <= day <= p.last, "today": day == today,
                     "entries": cell["entries"], "more": cell["count"] - len(cell["entries"])})
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += dt.timedelta(days=1)
    return weeks
