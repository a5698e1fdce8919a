"""Usage figures: hours booked per account per month, the busiest hours, and the requests that
could not be served (the office's evidence for buying another licence)."""

from __future__ import annotations

import datetime as dt

from pintar.office.workdays import load_calendar
from pintar.zoom.flow import ZOOM
from pintar.zoom.schedule import _as_datetime
from pintar.zoom.tables import ZoomAccount, ZoomBooking, ZoomUnserved


async def figures(year: int) -> dict:
    cal = await load_calendar()
    tz = cal.tz
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = await (
        ZoomBooking.select(ZoomBooking.account, ZoomBooking.starts_at, ZoomBooking.ends_at)
        .where((ZoomBooking.day >= first) & (ZoomBooking.day <= last)
               & ZoomBooking.state.is_in(list(ZOOM.codes(tag="approved"))) & ZoomBooking.account.is_not_null())
    )
    accounts = await ZoomAccount.select(ZoomAccount.id, ZoomAccount.name, ZoomAccount.capacity).order_by(
        ZoomAccount.capacity
    )
    minutes = {a["id"]: [0] * 12 for a in accounts}
    by_hour = [0] * 24  # minutes booked falling in each hour of the day (office time)
    by_weekday = [0] * 7
    for r in rows:
        start = _as_datetime(r["starts_at"]).astimezone(tz)
        end = _as_datetime(r["ends_at"]).astimezone(tz)
        length = int((end - start).total_seconds() // 60)
        minutes.setdefault(r["account"], [0] * 12)[start.month - 1] += length
        by_weekday[start.weekday()] += length
        moment = start
        while moment < end:
            edge = min(end, (moment + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0))
            by_hour[moment.hour] += int((edge - moment).total_seconds() // 60)
            moment = edge
    unserved = await (
        ZoomUnserved.select(
            ZoomUnserved.at, ZoomUnserved.starts_at, ZoomUnserved.ends_at, ZoomUnserved.participants,
            ZoomUnserved.reason, ZoomUnserved.title, ZoomUnserved.requester.name.as_alias("requester_name"),
        )
        .where((ZoomUnserved.starts_at >= dt.datetime(year, 1, 1, tzinfo=tz))
               & (ZoomUnserved.starts_at < dt.datetime(year + 1, 1, 1, tzinfo=tz)))
        .order_by(ZoomUnserved.at, ascending=False)
    )
    unserved_by_month = [0] * 12
    for u in unserved:
        unserved_by_month[u["starts_at"].astimezone(tz).month - 1] += 1
    table = [
        {"id": a["id"], "name": a["name"], "capacity": a["capacity"],
         "hours": [round(m / 60, 1) for m in minutes.get(a["id"], [0] * 12)],
         "total": round(sum(minutes.get(a["id"], [0] * 12)) / 60, 1)}
        for a in accounts
    ]
    peak = max(by_hour) or 1
    # The three busiest hours of the day that were used at all (ties: the earlier hour first).
    busiest = sorted((h for h in range(24) if by_hour[h]), key=lambda h: -by_hour[h])[:3]
    return {
        "year": year,
        "accounts": table,
        "month_totals": [round(sum(t["hours"][m] for t in table), 1) for m in range(12)],
        "hours": [{"hour": h, "hours": round(by_hour[h] / 60, 1), "share": by_hour[h] / peak} for h in range(24)],
        "busiest": busiest,
        "busiest_label": ", ".join(f"{h:02d}.00–{(h + 1) % 24:02d}.00" for h in busiest),
        "weekdays": [round(m / 60, 1) for m in by_weekday],
        "unserved": unserved[:50],
        "unserved_total": len(unserved),
        "unserved_by_month": unserved_by_month,
        "bookings": len(rows),
    }
