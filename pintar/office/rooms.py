"""The office's meeting rooms: name (unique), capacity, location, active or not."""

from __future__ import annotations

from dataclasses import dataclass

from pintar.db import is_unique_violation
from pintar.errors import NotFound, UserError
from pintar.i18n import gettext as _
from pintar.office.tables import Room


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
