"""Agenda rules without HTTP: reading the form, rooms held, postponing, cancelling."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar.agenda import service as agenda
from pintar.agenda.tables import Activity, RoomSlot
from pintar.errors import Conflict, Forbidden
from pintar.notify.tables import Notification
from tests.agenda.conftest import NOW, WIB, form


async def test_create_holds_the_room_and_tells_the_participants(office):
    aid = await agenda.create(office.sm, form(ruang=office.aula, peserta=[str(office.guest.id)]), now=NOW)
    a = await agenda.get(aid)
    assert a["starts_at"] == dt.datetime(2026, 12, 14, 9, 0, tzinfo=WIB)
    assert a["room_name"] == "Aula" and [p["name"] for p in a["people"]] == ["Putri Peserta"]
    assert await RoomSlot.count().where(RoomSlot.activity == aid) == 24  # 2 hours of 5 minutes
    notes = await Notification.select().where(Notification.person == office.guest.id)
    assert len(notes) == 1 and "Rapat koordinasi" in notes[0]["message"]


async def test_one_room_one_activity_at_a_time(office):
    await agenda.create(office.sm, form(ruang=office.aula), now=NOW)
    with pytest.raises(agenda.Invalid) as info:
        await agenda.create(office.other, form(mulai="10:55", selesai="12:00", ruang=office.aula), now=NOW)
    assert "ruang" in info.value.errors and "Aula" in info.value.errors["ruang"]
    # Back to back is fine, and another room at the same time too.
    await agenda.create(office.other, form(mulai="11:00", selesai="12:00", ruang=office.aula), now=NOW)
    await agenda.create(office.other, form(ruang=office.kecil), now=NOW)
    # Daring activities hold no room.
    await agenda.create(office.other, form(metode="daring", ruang=office.aula), now=NOW)
    assert await Activity.count() == 4


@pytest.mark.parametrize(
    "changes, fields",
    [
        ({"mulai": "11:00", "selesai": "09:00"}, {"selesai"}),
        ({"tanggal": "2026-02-31"}, {"tanggal"}),
        ({"ruang": "999"}, {"ruang"}),
        ({"ruang": ""}, {"ruang"}),
        ({"judul": " ", "mulai": "25:00"}, {"judul", "mulai"}),
        ({"tanggal": "2026-12-01"}, {"mulai"}),
        ({"metode": "teleport"}, {"metode"}),
        ({"jumlah": "0"}, {"jumlah"}),
        ({"peserta": ["abc"]}, {"peserta"}),
    ],
)
async def test_bad_input_names_every_field_and_saves_nothing(office, changes, fields):
    values = {"ruang": office.aula, **changes}
    with pytest.raises(agenda.Invalid) as info:
        await agenda.create(office.sm, form(**values), now=NOW)
    assert set(info.value.errors) == fields
    assert await Activity.count() == 0 and await RoomSlot.count() == 0


async def test_postpone_keeps_the_old_times_in_the_history_and_moves_the_room(office):
    aid = await agenda.create(office.sm, form(ruang=office.aula, peserta=[str(office.guest.id)]), now=NOW)
    a = await agenda.get(aid)
    with pytest.raises(Forbidden):
        await agenda.postpone(office.other, aid, form(tanggal="2026-12-15", ruang=office.aula), version=a["version"], now=NOW)
    moved = await agenda.postpone(office.sm, aid, form(tanggal="2026-12-15", ruang=office.aula),
                                  version=a["version"], note="Narasumber berhalangan", now=NOW)
    assert moved["day"] == dt.date(2026, 12, 15) and moved["version"] == a["version"] + 1
    history = await agenda.history(aid)
    assert history[-1]["transition"] == "tunda"
    assert "Jadwal lama" in history[-1]["note"] and "14 Desember 2026" in history[-1]["note"]
    # The old time is free again for someone else.
    await agenda.create(office.other, form(ruang=office.aula), now=NOW)
    # A stale version is refused.
    with pytest.raises(Conflict):
        await agenda.postpone(office.sm, aid, form(tanggal="2026-12-16", ruang=office.aula), version=a["version"], now=NOW)
    notes = [n["message"] for n in await Notification.select().where(Notification.person == office.guest.id)]
    assert any("dipindah" in m for m in notes)


async def test_cancel_frees_the_room_owner_or_admin_only(office):
    aid = await agenda.create(office.sm, form(ruang=office.aula), now=NOW)
    a = await agenda.get(aid)
    with pytest.raises(Forbidden):
        await agenda.cancel(office.other, aid, version=a["version"], note="x", now=NOW)
    done = await agenda.cancel(office.admin, aid, version=a["version"], note="Anggaran", now=NOW)
    assert done["state"] == "dibatalkan"
    assert await RoomSlot.count().where(RoomSlot.activity == aid) == 0
    with pytest.raises(Conflict):
        await agenda.cancel(office.sm, aid, version=done["version"], note="lagi", now=NOW)
