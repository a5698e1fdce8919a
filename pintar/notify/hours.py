"""When the office is next open: reminders wait for it instead of arriving at midnight."""

from __future__ import annotations

import datetime as dt

from pintar.office.workdays import load_calendar


async def next_office_moment(now: dt.datetime) -> dt.datetime:
    """``now`` if the office is open then, else the next opening (UTC, timezone-aware).

    With no office hours configured at all it returns ``now`` (better early than never).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    calendar = await load_calendar()
    try:
        moment = calendar.next_business_moment(now)
    except (ValueError, RuntimeError):  # a calendar with no open day at all
        return now.astimezone(dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)
