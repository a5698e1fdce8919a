"""The office's working-day calendar as the database holds it: weekly hours, holidays (national
ones imported from the ``holidays`` package once per year), closures and special hours, built
into a :class:`~pintar.office.calendar.WorkCalendar` and cached in each process.

Every change to that data bumps ``Office.updated_at`` (:func:`mark_changed`), so each web or
worker process notices on its next :func:`load_calendar` and rebuilds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pintar import clock
from pintar.db import is_unique_violation, write_transaction
from pintar.office.calendar import HoursOverrideSpec, WorkCalendar
from pintar.office.tables import (
    DecreeYear,
    Holiday,
    HolidayYear,
    HoursOverride,
    Office,
    OfficeHours,
)

KIND_NATIONAL = "nasional"
KIND_CUTI_BERSAMA = "cuti_bersama"
KIND_CLOSURE = "penutupan"
SOURCE_DECREE = "skb"  # a cuti bersama day of the joint decree, as the package ships it



def national_holidays(year: int) -> list[tuple[dt.date, str, bool]]:
    """The ``holidays`` package's Indonesian holidays of ``year``: (day, name, estimated).

    The package marks dates it only estimated (Islamic and some lunar holidays in years without a
    government decree yet) by appending its translated "estimated" label, "%s (perkiraan)"; the
    label is removed from the name and returned as the flag.
    """
    import holidays

    table = holidays.country_holidays("ID", years=year, language="id")
    translate = getattr(table, "tr", lambda text: text)
    marks = []
    for attr in ("estimated_label", "observed_estimated_label"):
        label = getattr(table, attr, None)
        if label:
            prefix, _sep, suffix = translate(label).partition("%s")
            marks.append((prefix, suffix))
    result = []
    for day in sorted(table):
        for name in table.get_list(day):
            estimated = False
            for prefix, suffix in marks:
                if suffix and name.endswith(suffix) and name.startswith(prefix):
                    name = name[len(prefix) : len(name) - len(suffix)]
                    estimated = True
                    break
            result.append((day, name.strip(), estimated))
    return result


def decree_cuti_bersama(year: int) -> list[tuple[dt.date, str]]:
    """The cuti bersama days of the joint decree (SKB) for ``year``, as the ``holidays``
    package ships them (its ``government`` category); empty for a year it does not know yet."""
    import holidays

    try:
        table = holidays.country_holidays(
            "ID", years=year, categories=("government",), language="id"
        )
    except (NotImplementedError, KeyError, ValueError):  # an older package without the category
        return []
    return [(day, name.strip()) for day in sorted(table) for name in table.get_list(day)]


async def mark_changed() -> None:
    """Bump ``Office.updated_at`` (inside the caller's transaction, if any): every process
    rebuilds its calendar on its next use. Callers also :func:`invalidate_calendar` once the
    transaction is over."""
    await Office.update({Office.updated_at: clock.now()}, force=True)


async def touch_office() -> None:
    """Mark office data changed: every process rebuilds its calendar on its next use."""
    await mark_changed()
    invalidate_calendar()


async def ensure_holiday_years(years: Iterable[int]) -> list[int]:
    """Import the national holidays of each year not imported before; returns those imported.

    Each year is imported once (a ``HolidayYear`` marker), so what the admin confirmed, moved or
    deleted stays as they left it.
    """
    wanted = sorted({int(y) for y in years if 1946 <= int(y) <= 9998})
    if not wanted:
        return []
    done = {r["year"] for r in await HolidayYear.select(HolidayYear.year).where(
        HolidayYear.year.is_in(wanted)
    )}
    missing = [y for y in wanted if y not in done]
    imported: list[int] = []
    for year in missing:
        rows = national_holidays(year)
        try:
            async with write_transaction():
                if await HolidayYear.exists().where(HolidayYear.year == year):
                    continue  # another process was quicker
                await HolidayYear.insert(HolidayYear(year=year))
                if rows:
                    await Holiday.insert(
                        *[
                            Holiday(
                                day=day,
                                name=name[:200],
                                kind=KIND_NATIONAL,
                                is_day_off=True,
                                estimated=estimated,
                                source="paket",
                            )
                            for day, name, estimated in rows
                        ]
                    )
                await mark_changed()
        except Exception as exc:
            if is_unique_violation(exc):
                continue  # imported concurrently by another process
            raise
        imported.append(year)
    decreed = await ensure_decree_years(wanted)
    if imported or decreed:
        invalidate_calendar()
    return imported


async def ensure_decree_years(years: Iterable[int]) -> list[int]:
    """Import the decree's cuti bersama of each year the package knows and that was not imported
    before; returns those imported.

    Each day becomes a cuti bersama row marked as coming from the decree (``source='skb'``),
    counted as a day off (the admin may change that per day). A year the package does not know
    yet is not marked, so it is imported once an upgraded package knows it; a year imported once
    is never imported again, so whatever the admin changed, moved or deleted stays as they left
    it. A day the admin already entered as cuti bersama is left alone.
    """
    wanted = sorted({int(y) for y in years if 1946 <= int(y) <= 9998})
    if not wanted:
        return []
    done = {r["year"] for r in await DecreeYear.select(DecreeYear.year).where(
        DecreeYear.year.is_in(wanted)
    )}
    imported: list[int] = []
    for year in wanted:
        if year in done:
            continue
        rows = decree_cuti_bersama(year)
        if not rows:
            continue  # not covered by the package (yet): see decree_coverage()
        try:
            async with write_transaction():
                if await DecreeYear.exists().where(DecreeYear.year == year):
                    continue  # another process was quicker
                await DecreeYear.insert(DecreeYear(year=year))
                typed = {
                    r["day"]
                    for r in await Holiday.select(Holiday.day).where(
                        Holiday.day.is_in([day for day, _name in rows])
                        & (Holiday.kind == KIND_CUTI_BERSAMA)
                    )
                }
                fresh = [(day, name) for day, name in rows if day not in typed]
                if fresh:
                    await Holiday.insert(
                        *[
                            Holiday(
                                day=day,
                                name=name[:200],
                                kind=KIND_CUTI_BERSAMA,
                                is_day_off=True,
                                estimated=False,
                                source=SOURCE_DECREE,
                            )
                            for day, name in fresh
                        ]
                    )
                await mark_changed()
        except Exception as exc:
            if is_unique_violation(exc):
                continue  # imported concurrently by another process
            raise
        imported.append(year)
    return imported


async def decree_coverage(years: Iterable[int]) -> dict[int, bool]:
    """For each year: whether its decree cuti bersama are known (imported, or in the package)."""
    wanted = sorted({int(y) for y in years})
    done = {r["year"] for r in await DecreeYear.select(DecreeYear.year).where(
        DecreeYear.year.is_in(wanted)
    )} if wanted else set()
    return {y: y in done or bool(decree_cuti_bersama(y)) for y in wanted}


@dataclass
class _CachedCalendar:
    version: dt.datetime | None
    years: frozenset[int]
    calendar: WorkCalendar


_cache: _CachedCalendar | None = None


def invalidate_calendar() -> None:
    """Forget this process's calendar (other processes notice ``Office.updated_at``)."""
    global _cache
    _cache = None


def _needed_years(tz: ZoneInfo, years: Iterable[int]) -> frozenset[int]:
    this_year = clock.today(tz).year
    return frozenset({this_year - 1, this_year, this_year + 1, *(int(y) for y in years)})


async def _build_calendar(tz: ZoneInfo) -> WorkCalendar:
    weekly = {
        r["weekday"]: (r["opens"], r["closes"])
        for r in await OfficeHours.select(
            OfficeHours.weekday, OfficeHours.opens, OfficeHours.closes
        )
        if 0 <= r["weekday"] <= 6 and r["opens"] < r["closes"]
    }
    closed: dict[dt.date, str] = {}
    for r in await Holiday.select(Holiday.day, Holiday.name).where(
        Holiday.is_day_off == True  # noqa: E712
    ).order_by(Holiday.day):
        closed[r["day"]] = f"{closed[r['day']]}; {r['name']}" if r["day"] in closed else r["name"]
    overrides = [
        HoursOverrideSpec(r["starts_on"], r["ends_on"], r["weekday"], r["opens"], r["closes"])
        for r in await HoursOverride.select().order_by(HoursOverride.id)
        if r["opens"] < r["closes"] and -1 <= r["weekday"] <= 6
    ]
    return WorkCalendar(tz, weekly, closed, overrides)


async def load_calendar(years: Iterable[int] = ()) -> WorkCalendar:
    """The office's working-day calendar, cached in this process.

    Costs one small query when the cache is fresh (``Office.updated_at``, which every change to
    office hours, overrides or holidays bumps, so several web processes stay in step). National
    holidays of last, this and next year, plus any of ``years``, are imported on first need.
    """
    global _cache
    row = await Office.select(Office.updated_at, Office.timezone).order_by(Office.id).first()
    version = row["updated_at"] if row else None
    tz = _zone(row["timezone"] if row else "Asia/Jakarta")
    needed = _needed_years(tz, years)
    cached = _cache
    if (
        cached is not None
        and cached.version == version
        and cached.calendar.tz == tz
        and needed <= cached.years
    ):
        return cached.calendar
    await ensure_holiday_years(needed)
    if row is not None:
        row = await Office.select(Office.updated_at).order_by(Office.id).first()
        version = row["updated_at"] if row else None
    calendar = await _build_calendar(tz)
    years_known = frozenset(
        r["year"] for r in await HolidayYear.select(HolidayYear.year)
    ) | needed
    _cache = _CachedCalendar(version, years_known, calendar)
    return calendar


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Jakarta")
