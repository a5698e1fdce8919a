"""What the agenda's screens read: the filtered list and the week/month calendars."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass

from pintar import db
from pintar.agenda.flow import ACTIVE
from pintar.agenda.tables import Activity, ActivityPerson

PAGE = 50
MONTH_ENTRIES = 3
VIEWS = ("minggu", "bulan")


@dataclass
class Filters:
    q: str = ""
    kategori: str = ""
    metode: str = ""
    ruang: int | None = None
    dari: dt.date | None = None
    sampai: dt.date | None = None
    saya: bool = False  # only what I own, lead or take part in
    batal: bool = False  # show cancelled ones too


def _columns() -> list:
    return [
        Activity.id, Activity.title, Activity.category, Activity.starts_at, Activity.ends_at,
        Activity.day, Activity.method, Activity.state, Activity.owner, Activity.leader,
        Activity.room.name.as_alias("room_name"), Activity.owner.name.as_alias("owner_name"),
    ]


async def _mine(person_id: int) -> list[int]:
    return [r["activity"] for r in await ActivityPerson.select(ActivityPerson.activity).where(
        ActivityPerson.person == person_id
    )]


async def listing(f: Filters, person_id: int, today: dt.date) -> list[dict]:
    query = Activity.select(*_columns())
    first = f.dari or (today if not f.sampai else None)
    if first is not None:
        query = query.where(Activity.day >= first)
    if f.sampai is not None:
        query = query.where(Activity.day <= f.sampai)
    if f.q:
        pattern = f"%{f.q.replace('%', '').replace('_', '')}%"
        # SQLite's LIKE ignores case already (ASCII); PostgreSQL needs ILIKE.
        query = query.where(Activity.title.like(pattern) if db.is_sqlite() else Activity.title.ilike(pattern))
    if f.kategori:
        query = query.where(Activity.category == f.kategori)
    if f.metode:
        query = query.where(Activity.method == f.metode)
    if f.ruang is not None:
        query = query.where(Activity.room == f.ruang)
    if not f.batal:
        query = query.where(Activity.state.is_in(list(ACTIVE)))
    if f.saya:
        cond = (Activity.owner == person_id) | (Activity.leader == person_id)
        mine = await _mine(person_id)
        if mine:
            cond = cond | Activity.id.is_in(mine)
        query = query.where(cond)
    return await query.order_by(Activity.starts_at).order_by(Activity.id).limit(PAGE)


@dataclass
class Period:
    view: str
    anchor: dt.date
    first: dt.date
    last: dt.date
    prev: dt.date
    next: dt.date


def period(view: str, anchor: dt.date) -> Period:
    if view == "bulan":
        first = anchor.replace(day=1)
        last = first.replace(day=_calendar.monthrange(first.year, first.month)[1])
        return Period(view, anchor, first, last, (first - dt.timedelta(days=1)).replace(day=1),
                      last + dt.timedelta(days=1))
    monday = anchor - dt.timedelta(days=anchor.weekday())
    return Period("minggu", anchor, monday, monday + dt.timedelta(days=6),
                  anchor - dt.timedelta(days=7), anchor + dt.timedelta(days=7))


async def calendar(view: str, anchor: dt.date, today: dt.date) -> dict:
    """The week (7 day columns) or the month (weeks of days, a few entries each)."""
    p = period(view if view in VIEWS else "minggu", anchor)
    grid_first = p.first - dt.timedelta(days=p.first.weekday())
    grid_last = p.last + dt.timedelta(days=6 - p.last.weekday())
    rows = await (
        Activity.select(
            Activity.id, Activity.title, Activity.starts_at, Activity.ends_at, Activity.day,
            Activity.method, Activity.room.name.as_alias("room_name"),
        )
        .where((Activity.day >= grid_first) & (Activity.day <= grid_last) & Activity.state.is_in(list(ACTIVE)))
        .order_by(Activity.starts_at)
        .order_by(Activity.id)
    )
    by_day: dict[dt.date, list[dict]] = {}
    for r in rows:
        by_day.setdefault(r["day"], []).append(r)
    days = [p.first + dt.timedelta(days=i) for i in range((p.last - p.first).days + 1)]
    weeks = []
    if p.view == "bulan":
        d = grid_first
        while d <= grid_last:
            week = []
            for _i in range(7):
                entries = by_day.get(d, [])
                week.append({"day": d, "in_month": d.month == p.first.month, "today": d == today,
                             "entries": entries[:MONTH_ENTRIES], "more": max(0, len(entries) - MONTH_ENTRIES)})
                d += dt.timedelta(days=1)
            weeks.append(week)
    return {"period": p, "days": days, "by_day": by_day, "weeks": weeks, "today": today}
