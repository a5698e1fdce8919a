"""The office's own data: identity, hours, rooms. The working-day calendar is in ``calendar.py``."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pintar.db import is_unique_violation, write_transaction
from pintar.errors import NotFound, UserError
from pintar.i18n import N_
from pintar.i18n import gettext as _
from pintar.office.calendar import HoursOverrideSpec, WorkCalendar
from pintar.office.tables import Holiday, HolidayYear, HoursOverride, Office, OfficeHours, Room

KIND_NATIONAL = "nasional"
KIND_CUTI_BERSAMA = "cuti_bersama"
KIND_CLOSURE = "penutupan"

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
        Office(name=name, code=code, timezone=timezone, updated_at=utcnow())
    ).returning(Office.id)
    invalidate_calendar()
    if not await OfficeHours.count():
        await OfficeHours.insert(
            *[OfficeHours(weekday=d, opens=o, closes=c) for d, (o, c) in DEFAULT_HOURS.items()]
        )
    return rows[0]["id"], True


# --- the working-day calendar: national holidays import, load and per-process cache ----------


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


async def touch_office() -> None:
    """Mark office data changed: every process rebuilds its calendar on its next use."""
    await _touch()
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
                await Office.update({Office.updated_at: utcnow()}, force=True)
        except Exception as exc:
            if is_unique_violation(exc):
                continue  # imported concurrently by another process
            raise
        imported.append(year)
    if imported:
        invalidate_calendar()
    return imported


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
    this_year = dt.datetime.now(tz).year
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
            await Office.insert(Office(**values, updated_at=utcnow()))
        else:
            await Office.update({**values, "updated_at": utcnow()}).where(Office.id == office["id"])
        await OfficeHours.delete(force=True)
        await OfficeHours.insert(
            *[OfficeHours(weekday=d, opens=o, closes=c) for d, (o, c) in sorted(hours.items())]
        )
    invalidate_calendar()


# --- the logo: PNG or JPEG, at most 1 MB, stored under a random name -------------------------

LOGO_MAX_BYTES = 1024 * 1024
LOGO_DIR = "kantor"
LOGO_NAME_RE = re.compile(r"^kantor/logo-[0-9a-f]{32}\.(png|jpg)$")
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def logo_version(stored: str) -> str:
    """A short token that changes with every new logo (it is part of the random name)."""
    match = LOGO_NAME_RE.match(stored or "")
    return stored[len(LOGO_DIR) + 6 : len(LOGO_DIR) + 18] if match else ""


def logo_url(stored: str) -> str:
    """A cache-forever URL of the current logo, or "" when there is none."""
    version = logo_version(stored)
    return f"/kantor/logo?v={version}" if version else ""


def logo_kind(data: bytes) -> str | None:
    """'png' or 'jpg' by the file's first bytes (never by its name), else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def _upload_dir() -> Path:
    from pintar.config import get_settings

    return get_settings().upload_dir


def logo_path(stored: str) -> Path | None:
    """The file of a stored logo name, or None when the name is not one we made."""
    if not LOGO_NAME_RE.match(stored or ""):
        return None
    path = _upload_dir() / stored
    return path if path.is_file() else None


async def save_logo(data: bytes) -> str:
    """Check and store a new logo, replacing the old one; returns its stored name."""
    if not data:
        raise UserError(_("Pilih berkas logo terlebih dahulu."), field="logo")
    if len(data) > LOGO_MAX_BYTES:
        raise UserError(_("Logo paling besar 1 MB."), field="logo")
    kind = logo_kind(data)
    if kind is None:
        raise UserError(_("Logo harus berupa gambar PNG atau JPEG."), field="logo")
    folder = _upload_dir() / LOGO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{LOGO_DIR}/logo-{secrets.token_hex(16)}.{kind}"
    tmp = folder / (stored.rsplit("/", 1)[1] + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(_upload_dir() / stored)
    old = await _set_logo(stored)
    _remove_logo_file(old)
    return stored


async def remove_logo() -> None:
    _remove_logo_file(await _set_logo(""))


async def _set_logo(stored: str) -> str:
    async with write_transaction():
        office = await get_office()
        if office is None:
            raise UserError(_("Kantor belum dibuat."))
        await Office.update({Office.logo_file: stored, Office.updated_at: utcnow()}).where(
            Office.id == office["id"]
        )
    return office["logo_file"]


def _remove_logo_file(stored: str) -> None:
    path = logo_path(stored)
    if path is not None:
        path.unlink(missing_ok=True)


# --- rooms ------------------------------------------------------------------------------------


@dataclass
class RoomForm:
    name: str = ""
    capacity: str = "10"
    location: str = ""


async def list_rooms(include_inactive: bool = True) -> list[dict]:
    query = Room.select().order_by(Room.active, ascending=False).order_by(Room.name)
    if not include_inactive:
        query = query.where(Room.active == True)  # noqa: E712
    return await query


async def get_room(room_id: int) -> dict:
    row = await Room.select().where(Room.id == room_id).first()
    if row is None:
        raise NotFound(_("Ruang tidak ditemukan."))
    return row


def validate_room(form: RoomForm) -> dict:
    name = " ".join(form.name.split())
    if not name:
        raise UserError(_("Nama ruang wajib diisi."), field="name")
    if len(name) > 100:
        raise UserError(_("Nama ruang paling panjang 100 karakter."), field="name")
    try:
        capacity = int(form.capacity.strip())
    except ValueError:
        capacity = 0
    if not 1 <= capacity <= 10000:
        raise UserError(_("Kapasitas harus bilangan bulat 1–10000."), field="capacity")
    location = " ".join(form.location.split())
    if len(location) > 200:
        raise UserError(_("Lokasi paling panjang 200 karakter."), field="location")
    return {"name": name, "capacity": capacity, "location": location}


async def save_room(room_id: int | None, form: RoomForm) -> int:
    values = validate_room(form)
    try:
        if room_id is None:
            rows = await Room.insert(Room(**values, active=True)).returning(Room.id)
            return rows[0]["id"]
        done = await Room.update(values).where(Room.id == room_id).returning(Room.id)
        if not done:
            raise NotFound(_("Ruang tidak ditemukan."))
        return room_id
    except Exception as exc:
        if is_unique_violation(exc):
            raise UserError(_("Nama ruang ini sudah dipakai."), field="name") from exc
        raise


async def set_room_active(room_id: int, active: bool) -> dict:
    done = await Room.update({Room.active: active}).where(Room.id == room_id).returning(Room.id)
    if not done:
        raise NotFound(_("Ruang tidak ditemukan."))
    return await get_room(room_id)


# --- holidays, cuti bersama and closures ------------------------------------------------------

KIND_LABELS = {
    KIND_NATIONAL: N_("Libur nasional"),
    KIND_CUTI_BERSAMA: N_("Cuti bersama"),
    KIND_CLOSURE: N_("Penutupan kantor"),
}
MAX_RANGE_DAYS = 31


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))


def check_year(value: str | int | None, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 1946 <= year <= 9998:
        raise UserError(_("Tahun tidak valid."), field="tahun")
    return year


async def this_year() -> int:
    return dt.datetime.now(await office_timezone()).year


async def holidays_of_year(year: int) -> list[dict]:
    """Every holiday, cuti bersama day and closure of ``year`` (national ones imported first)."""
    await ensure_holiday_years([year])
    return await (
        Holiday.select()
        .where((Holiday.day >= dt.date(year, 1, 1)) & (Holiday.day <= dt.date(year, 12, 31)))
        .order_by(Holiday.day)
        .order_by(Holiday.id)
    )


async def get_holiday(holiday_id: int) -> dict:
    row = await Holiday.select().where(Holiday.id == holiday_id).first()
    if row is None:
        raise NotFound(_("Hari libur tidak ditemukan."))
    return row


@dataclass
class HolidayForm:
    """Adding cuti bersama days or an office closure: one row per day of the range."""

    kind: str = KIND_CUTI_BERSAMA
    starts_on: str = ""
    ends_on: str = ""
    name: str = ""
    is_day_off: bool = True


def _clean_name(text: str, label_missing: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise UserError(label_missing, field="name")
    if len(name) > 200:
        raise UserError(_("Nama paling panjang 200 karakter."), field="name")
    return name


async def add_holidays(form: HolidayForm) -> list[int]:
    if form.kind not in (KIND_CUTI_BERSAMA, KIND_CLOSURE):
        raise UserError(_("Jenis hari libur tidak dikenal."), field="kind")
    first = parse_date(form.starts_on, "starts_on", _("Tanggal mulai"))
    last = parse_date(form.ends_on, "ends_on", _("Tanggal selesai")) if form.ends_on.strip() else first
    if last < first:
        raise UserError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="ends_on")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise UserError(
            _("Paling banyak %(n)s hari sekali tambah.", n=MAX_RANGE_DAYS), field="ends_on"
        )
    name = _clean_name(form.name, _("Keterangan wajib diisi (contoh: Cuti bersama Idul Fitri)."))
    day_off = True if form.kind == KIND_CLOSURE else form.is_day_off
    days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    async with write_transaction():
        clash = await Holiday.select(Holiday.day).where(
            Holiday.day.is_in(days) & (Holiday.kind == form.kind)
        ).first()
        if clash is not None:
            raise UserError(
                _("Tanggal %(day)s sudah tercatat sebagai %(kind)s.",
                  day=clash["day"].isoformat(), kind=kind_label(form.kind).lower()),
                field="starts_on",
            )
        rows = await Holiday.insert(
            *[
                Holiday(day=d, name=name, kind=form.kind, is_day_off=day_off, source="admin")
                for d in days
            ]
        ).returning(Holiday.id)
        await _touch()
    invalidate_calendar()
    return [r["id"] for r in rows]


async def _touch() -> None:
    await Office.update({Office.updated_at: utcnow()}, force=True)


async def _change_holiday(holiday_id: int, values: dict) -> dict:
    async with write_transaction():
        done = await Holiday.update(values).where(Holiday.id == holiday_id).returning(Holiday.id)
        if not done:
            raise NotFound(_("Hari libur tidak ditemukan."))
        await _touch()
    invalidate_calendar()
    return await get_holiday(holiday_id)


async def confirm_holiday(holiday_id: int) -> dict:
    """The decree is out and the package's estimated date is right."""
    return await _change_holiday(holiday_id, {Holiday.estimated: False})


async def set_holiday_day_off(holiday_id: int, is_day_off: bool) -> dict:
    """Whether the day counts as a day off (the per-day choice for cuti bersama)."""
    return await _change_holiday(holiday_id, {Holiday.is_day_off: is_day_off})


@dataclass
class HolidayEdit:
    name: str = ""
    day: str = ""
    is_day_off: bool = True


async def update_holiday(holiday_id: int, form: HolidayEdit) -> dict:
    """Rename or move a day (a moved national holiday keeps the package's date and is
    confirmed: the admin moves it when the decree says so)."""
    name = _clean_name(form.name, _("Nama hari libur wajib diisi."))
    day = parse_date(form.day, "day", _("Tanggal"))
    async with write_transaction():
        row = await get_holiday(holiday_id)
        values: dict = {Holiday.name: name, Holiday.day: day}
        values[Holiday.is_day_off] = True if row["kind"] == KIND_CLOSURE else form.is_day_off
        if day != row["day"]:
            values[Holiday.estimated] = False
            if row["source"] == "paket" and row["original_day"] is None:
                values[Holiday.original_day] = row["day"]
            if row["original_day"] == day:
                values[Holiday.original_day] = None  # moved back where the package had it
        await Holiday.update(values).where(Holiday.id == holiday_id)
        await _touch()
    invalidate_calendar()
    return await get_holiday(holiday_id)


async def delete_holiday(holiday_id: int) -> None:
    async with write_transaction():
        done = await Holiday.delete().where(Holiday.id == holiday_id).returning(Holiday.id)
        if not done:
            raise NotFound(_("Hari libur tidak ditemukan."))
        await _touch()
    invalidate_calendar()


# --- office-hour overrides (Ramadan and the like) ---------------------------------------------


@dataclass
class OverrideForm:
    starts_on: str = ""
    ends_on: str = ""
    weekday: str = "-1"
    opens: str = "08:00"
    closes: str = "15:00"
    note: str = ""


async def list_overrides() -> list[dict]:
    return await HoursOverride.select().order_by(HoursOverride.starts_on, ascending=False).order_by(
        HoursOverride.weekday
    )


async def get_override(override_id: int) -> dict:
    row = await HoursOverride.select().where(HoursOverride.id == override_id).first()
    if row is None:
        raise NotFound(_("Jam kerja khusus tidak ditemukan."))
    return row


def override_form_of(row: dict) -> OverrideForm:
    return OverrideForm(
        starts_on=row["starts_on"].isoformat(),
        ends_on=row["ends_on"].isoformat(),
        weekday=str(row["weekday"]),
        opens=row["opens"].strftime("%H:%M"),
        closes=row["closes"].strftime("%H:%M"),
        note=row["note"],
    )


def validate_override(form: OverrideForm) -> dict:
    starts_on = parse_date(form.starts_on, "starts_on", _("Tanggal mulai"))
    ends_on = parse_date(form.ends_on, "ends_on", _("Tanggal selesai"))
    if ends_on < starts_on:
        raise UserError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="ends_on")
    if (ends_on - starts_on).days > 366:
        raise UserError(_("Rentang jam kerja khusus paling lama satu tahun."), field="ends_on")
    try:
        weekday = int(form.weekday)
    except ValueError:
        weekday = -2
    if not -1 <= weekday <= 6:
        raise UserError(_("Pilih hari yang berlaku."), field="weekday")
    opens = parse_time(form.opens, "opens", _("Jam buka"))
    closes = parse_time(form.closes, "closes", _("Jam tutup"))
    if not opens < closes:
        raise UserError(_("Jam tutup harus setelah jam buka."), field="closes")
    note = " ".join(form.note.split())
    if len(note) > 200:
        raise UserError(_("Keterangan paling panjang 200 karakter."), field="note")
    return {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "weekday": weekday,
        "opens": opens,
        "closes": closes,
        "note": note,
    }


async def save_override(override_id: int | None, form: OverrideForm) -> int:
    values = validate_override(form)
    async with write_transaction():
        if override_id is None:
            rows = await HoursOverride.insert(HoursOverride(**values)).returning(HoursOverride.id)
            override_id = rows[0]["id"]
        else:
            done = await HoursOverride.update(values).where(
                HoursOverride.id == override_id
            ).returning(HoursOverride.id)
            if not done:
                raise NotFound(_("Jam kerja khusus tidak ditemukan."))
        await _touch()
    invalidate_calendar()
    return override_id


async def delete_override(override_id: int) -> None:
    async with write_transaction():
        done = await HoursOverride.delete().where(HoursOverride.id == override_id).returning(
            HoursOverride.id
        )
        if not done:
            raise NotFound(_("Jam kerja khusus tidak ditemukan."))
        await _touch()
    invalidate_calendar()
