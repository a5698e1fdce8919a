"""When the office is next open: reminders wait for it instead of arriving at midnight.

A stop-gap until ``pintar.office.calendar`` lands: it reads ``OfficeHours``, ``HoursOverride``
and the ``Holiday`` days off directly. Switch :func:`next_office_moment` to
``(await load_calendar()).next_business_moment(now)`` when the calendar exists.
"""

from __future__ import annotations

import datetime as dt

from pintar.office.service import office_timezone
from pintar.office.tables import Holiday, HoursOverride, OfficeHours

HORIZON_DAYS = 40


async def next_office_moment(now: dt.datetime) -> dt.datetime:
    """``now`` if the office is open then, else the next opening (UTC, timezone-aware).

    With no office hours configured at all it returns ``now`` (better early than never).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tz = await office_timezone()
    local = now.astimezone(tz)
    first, last = local.date(), local.date() + dt.timedelta(days=HORIZON_DAYS)
    regular = {r["weekday"]: (r["opens"], r["closes"]) for r in await OfficeHours.select()}
    if not regular:
        return now.astimezone(dt.timezone.utc)
    overrides = await HoursOverride.select().where(
        (HoursOverride.starts_on <= last) & (HoursOverride.ends_on >= first)
    )
    closed = {
        r["day"]
        for r in await Holiday.select(Holiday.day).where(
            (Holiday.day >= first) & (Holiday.day <= last) & (Holiday.is_day_off == True)  # noqa: E712
        )
    }
    for offset in range(HORIZON_DAYS + 1):
        day = first + dt.timedelta(days=offset)
        hours = _hours_on(day, regular, overrides)
        if day in closed or hours is None:
            continue
        opens = dt.datetime.combine(day, hours[0], tz)
        closes = dt.datetime.combine(day, hours[1], tz)
        if local < opens:
            return opens.astimezone(dt.timezone.utc)
        if local < closes:
            return now.astimezone(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc)


def _hours_on(
    day: dt.date, regular: dict[int, tuple[dt.time, dt.time]], overrides: list[dict]
) -> tuple[dt.time, dt.time] | None:
    hours = regular.get(day.weekday())
    if hours is None:
        return None  # a weekday without office hours stays closed, whatever overrides say
    for o in overrides:
        if o["starts_on"] <= day <= o["ends_on"] and o["weekday"] in (-1, day.weekday()):
            return (o["opens"], o["closes"])
    return hours
