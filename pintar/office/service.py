"""The office itself: identity, time zone and weekly hours (the settings page), and the parsing
helpers its admin forms share.

Its other data has its own module: the working-day calendar and its cache in ``workdays.py``
(:func:`load_calendar` is importable from here too), holidays and closures in ``holidays.py``,
special hours in ``hours.py``, rooms in ``rooms.py``, the logo in ``logo.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pintar import clock
from pintar.db import write_transaction
from pintar.errors import UserError
from pintar.i18n import N_
from pintar.i18n import gettext as _
from pintar.office.logo import logo_url
from pintar.office.tables import Office, OfficeHours
from pintar.office.workdays import invalidate_calendar, load_calendar, touch_office

__all__ = ["invalidate_calendar", "load_calendar", "touch_office"]

DEFAULT_HOURS = {
    0: (dt.time(7, 30), dt.time(16, 0)),
    1: (dt.time(7, 30), dt.time(16, 0)),
    2: (dt.time(7, 30), dt.time(16, 0)),
    3: (dt.time(7, 30), dt.time(16, 0)),
    4: (dt.time(7, 30), dt.time(16, 30)),
}


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
        return {
            "name": "Portal Pintar",
            "code": "",
            "logo_file": "",
            "logo_url": "",
            "timezone": "Asia/Jakarta",
        }
    summary = {k: row[k] for k in ("id", "name", "code", "logo_file", "timezone")}
    summary["logo_url"] = logo_url(row["logo_file"])
    return summary


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
        Office(name=name, code=code, timezone=timezone, updated_at=clock.now())
    ).returning(Office.id)
    invalidate_calendar()
    if not await OfficeHours.count():
        await OfficeHours.insert(
            *[OfficeHours(weekday=d, opens=o, closes=c) for d, (o, c) in DEFAULT_HOURS.items()]
        )
    return rows[0]["id"], True


# --- parsing helpers shared by the admin forms ------------------------------------------------

WEEKDAY_NAMES = (
    N_("Senin"), N_("Selasa"), N_("Rabu"), N_("Kamis"), N_("Jumat"), N_("Sabtu"), N_("Minggu"),
)
INDONESIAN_ZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
CODE_RE = re.compile(r"^\d{4}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ().-]{5,30}$")
TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")


def weekday_name(weekday: int) -> str:
    return _("Semua hari kerja") if weekday == -1 else _(WEEKDAY_NAMES[weekday])


def parse_time(text: str, field: str, label: str) -> dt.time:
    match = TIME_RE.match(text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise UserError(_("%(label)s: jam tidak valid (contoh 07.30).", label=label), field=field)


def parse_date(text: str, field: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            _("%(label)s: tanggal tidak valid (contoh 2026-08-17).", label=label), field=field
        ) from None


def check_timezone_name(name: str) -> str:
    """A valid IANA zone name, or a UserError (``ZoneInfo`` alone accepts odd names)."""
    import zoneinfo

    name = name.strip()
    if name not in zoneinfo.available_timezones():
        raise UserError(_("Zona waktu tidak dikenal: %(tz)s", tz=name or "—"), field="timezone")
    return name


# --- office settings -------------------------------------------------------------------------


@dataclass
class OfficeForm:
    """The settings form as typed; ``hours`` maps weekday -> (opens, closes) text, or None."""

    name: str = ""
    code: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    timezone: str = "Asia/Jakarta"
    hours: dict[int, tuple[str, str] | None] = field(default_factory=dict)


async def office_form() -> OfficeForm:
    """The current settings, shaped like the form."""
    row = await get_office() or {}
    hours: dict[int, tuple[str, str] | None] = {d: None for d in range(7)}
    for r in await OfficeHours.select().order_by(OfficeHours.weekday):
        hours[r["weekday"]] = (r["opens"].strftime("%H:%M"), r["closes"].strftime("%H:%M"))
    return OfficeForm(
        name=row.get("name", ""),
        code=row.get("code", ""),
        address=row.get("address", ""),
        email=row.get("email", ""),
        phone=row.get("phone", ""),
        timezone=row.get("timezone", "Asia/Jakarta"),
        hours=hours,
    )


def validate_office(form: OfficeForm) -> tuple[dict, dict[int, tuple[dt.time, dt.time]]]:
    name = " ".join(form.name.split())
    if not name:
        raise UserError(_("Nama kantor wajib diisi."), field="name")
    if len(name) > 200:
        raise UserError(_("Nama kantor paling panjang 200 karakter."), field="name")
    code = form.code.strip()
    if not CODE_RE.match(code):
        raise UserError(_("Kode BPS harus 4 digit angka (contoh 1700)."), field="code")
    email = form.email.strip()
    if email and (not EMAIL_RE.match(email) or len(email) > 200):
        raise UserError(_("Alamat e-mail tidak valid."), field="email")
    phone = " ".join(form.phone.split())
    if phone and not PHONE_RE.match(phone):
        raise UserError(_("Nomor telepon tidak valid (contoh 0736 21234)."), field="phone")
    timezone = check_timezone_name(form.timezone)
    hours: dict[int, tuple[dt.time, dt.time]] = {}
    for weekday in range(7):
        pair = form.hours.get(weekday)
        if pair is None:
            continue
        day = _(WEEKDAY_NAMES[weekday])
        opens = parse_time(pair[0], f"opens_{weekday}", _("Jam buka %(day)s", day=day))
        closes = parse_time(pair[1], f"closes_{weekday}", _("Jam tutup %(day)s", day=day))
        if not opens < closes:
            raise UserError(
                _("Jam tutup %(day)s harus setelah jam bukanya.", day=day),
                field=f"closes_{weekday}",
            )
        hours[weekday] = (opens, closes)
    if not hours:
        raise UserError(_("Paling sedikit satu hari harus buka."), field="opens_0")
    values = {
        "name": name,
        "code": code,
        "address": form.address.strip()[:2000],
        "email": email,
        "phone": phone,
        "timezone": timezone,
    }
    return values, hours


async def save_office(form: OfficeForm) -> None:
    """Save the office's identity, time zone and weekly hours (one transaction)."""
    values, hours = validate_office(form)
    async with write_transaction():
        office = await get_office()
        if office is None:
            await Office.insert(Office(**values, updated_at=clock.now()))
        else:
            await Office.update({**values, "updated_at": clock.now()}).where(Office.id == office["id"])
        await OfficeHours.delete(force=True)
        await OfficeHours.insert(
            *[OfficeHours(weekday=d, opens=o, closes=c) for d, (o, c) in sorted(hours.items())]
        )
    invalidate_calendar()
