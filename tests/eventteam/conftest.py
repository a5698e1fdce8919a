"""Fixtures of the Event Team tests: two teams of 2026 on duty in December and November, roles."""

from __future__ import annotations

import pytest

from pintar.auth.roles import Role
from pintar.eventteam import service as et
from tests.agenda.conftest import NOW, WIB, Office, form, office  # noqa: F401
from tests.helpers import make_person


@pytest.fixture
async def roster(office):  # noqa: F811
    r = office
    r.ketua = await make_person(Role.KETUA_EVENT, username="ketua1", name="Kiki Ketua")
    r.ketua2 = await make_person(Role.KETUA_EVENT, username="ketua2", name="Kurnia Ketua Dua")
    r.m = [await make_person(Role.ANGGOTA_EVENT, username=f"anggota{i}", name=f"Anggota {chr(65 + i)}") for i in range(4)]
    r.sub = await make_person(Role.ANGGOTA_EVENT, username="pengganti", name="Zaki Pengganti")
    r.cc = await make_person(Role.CC, username="cc1", name="Cici CC")
    r.team = await et.save_team(2026, "Event Team 5", [6, 12], r.ketua.id, [m.id for m in r.m])
    r.team2 = await et.save_team(2026, "Event Team 4", [5, 11], r.ketua2.id, [r.sub.id])
    r.mc = await et.save_role_type("MC", 1)
    r.notulen = await et.save_role_type("Notulen", 2)
    return r
