"""Fixtures of the agenda and Event Team tests: a frozen 'now', rooms, people, the roster."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pintar.agenda import service as agenda
from pintar.auth.roles import Role
from pintar.office import rooms
from tests.helpers import make_person

WIB = ZoneInfo("Asia/Jakarta")
# Monday 7 December 2026, 09.00 WIB: a working day in office hours.
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=WIB)


def form(judul="Rapat koordinasi", tanggal="2026-12-14", mulai="09:00", selesai="11:00", metode="luring",
         ruang="", **kw) -> agenda.ActivityForm:
    return agenda.ActivityForm(judul=judul, tanggal=tanggal, mulai=mulai, selesai=selesai, metode=metode,
                               ruang=str(ruang), **kw)


class Office:
    pass


@pytest.fixture
async def office() -> Office:
    o = Office()
    o.aula = await rooms.save_room(None, rooms.RoomForm(name="Aula", capacity="80"))
    o.kecil = await rooms.save_room(None, rooms.RoomForm(name="Ruang Rapat Kecil", capacity="12"))
    o.sm = await make_person(username="sm1", name="Sari SM")
    o.other = await make_person(username="lain", name="Orang Lain")
    o.guest = await make_person(username="peserta", name="Putri Peserta")
    o.admin = await make_person(Role.ADMIN, username="admin1", name="Admin")
    return o
