"""Special office hours for a date range (Ramadan and the like): on every working day of the
range, or on one weekday of it. They never open a closed day."""

from __future__ import annotations

from dataclasses import dataclass

from pintar.db import write_transaction
from pintar.errors import NotFound, UserError
from pintar.i18n import gettext as _
from pintar.office.service import parse_date, parse_time
from pintar.office.tables import HoursOverride
from pintar.office.workdays import invalidate_calendar, mark_changed


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
        await mark_changed()
    invalidate_calendar()
    return override_id


async def delete_override(override_id: int) -> None:
    async with write_transaction():
        done = await HoursOverride.delete().where(HoursOverride.id == override_id).returning(
            HoursOverride.id
        )
        if not done:
            raise NotFound(_("Jam kerja khusus tidak ditemukan."))
        await mark_changed()
    invalidate_calendar()
