"""Holidays, cuti bersama and office closures as the admin keeps them: the year's list, adding
a range of cuti bersama or closure days, confirming or moving an estimated national holiday,
whether a cuti bersama day counts as a day off, deleting. Every change reaches the calendar
(:mod:`pintar.office.workdays`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pintar import clock
from pintar.db import write_transaction
from pintar.errors import NotFound, UserError
from pintar.i18n import N_
from pintar.i18n import gettext as _
from pintar.office.service import office_timezone, parse_date
from pintar.office.tables import Holiday
from pintar.office.workdays import (
    KIND_CLOSURE,
    KIND_CUTI_BERSAMA,
    KIND_NATIONAL,
    ensure_holiday_years,
    invalidate_calendar,
    mark_changed,
)

__all__ = ["KIND_CLOSURE", "KIND_CUTI_BERSAMA", "KIND_NATIONAL"]

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
    return clock.today(await office_timezone()).year


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
        await mark_changed()
    invalidate_calendar()
    return [r["id"] for r in rows]


async def _change_holiday(holiday_id: int, values: dict) -> dict:
    async with write_transaction():
        done = await Holiday.update(values).where(Holiday.id == holiday_id).returning(Holiday.id)
        if not done:
            raise NotFound(_("Hari libur tidak ditemukan."))
        await mark_changed()
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
        await mark_changed()
    invalidate_calendar()
    return await get_holiday(holiday_id)


async def delete_holiday(holiday_id: int) -> None:
    async with write_transaction():
        done = await Holiday.delete().where(Holiday.id == holiday_id).returning(Holiday.id)
        if not done:
            raise NotFound(_("Hari libur tidak ditemukan."))
        await mark_changed()
    invalidate_calendar()
