"""The office's own data: identity, hours, rooms. The working-day calendar is in ``calendar.py``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.office.tables import Office, OfficeHours

DEFAULT_HOURS = {
    0: (dt.time(7, 30), dt.time(16, 0)),
    1: (dt.time(7, 30), dt.time(16, 0)),
    2: (dt.time(7, 30), dt.time(16, 0)),
    3: (dt.time(7, 30), dt.time(16, 0)),
    4: (dt.time(7, 30), dt.time(16, 30)),
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def check_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(_("Zona waktu tidak dikenal: %(tz)s", tz=name), field="timezone") from exc


async def get_office() -> dict | None:
    return await Office.select().order_by(Office.id).first()


async def office_summary() -> dict:
    """What the layout shows of the office (name, code, logo); cached in app.state."""
    row = await get_office()
    if row is None:
        return {"name": "Portal Pintar", "code": "", "logo_file": "", "timezone": "Asia/Jakarta"}
    return {k: row[k] for k in ("id", "name", "code", "logo_file", "timezone")}


async def office_timezone() -> ZoneInfo:
    row = await Office.select(Office.timezone).order_by(Office.id).first()
    return ZoneInfo(row["timezone"] if row else "Asia/Jakarta")


async def ensure_office(name: str, code: str, timezone: str = "Asia/Jakarta") -> tuple[int, bool]:
    """Create the office with default hours if there is none; returns (id, created)."""
    existing = await get_office()
    if existing is not None:
        return existing["id"], False
    check_timezone(timezone)
    rows = await Office.insert(
        Office(name=name, code=code, timezone=timezone, updated_at=utcnow())
    ).returning(Office.id)
    if not await OfficeHours.count():
        await OfficeHours.insert(
            *[OfficeHours(weekday=d, opens=o, closes=c) for d, (o, c) in DEFAULT_HOURS.items()]
        )
    return rows[0]["id"], True
