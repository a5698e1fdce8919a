"""Races the database decides: one room, one person's time. Each test ends by checking the
invariant in SQL."""

from __future__ import annotations

import asyncio

from pintar import db
from pintar.agenda import service as agenda
from pintar.errors import Conflict
from pintar.eventteam import service as et
from tests.agenda.conftest import NOW, form
from tests.helpers import make_person

ROOM_OVERLAPS = """
SELECT COUNT(*) AS n FROM agenda_activity a JOIN agenda_activity b
  ON a.id < b.id AND a.room = b.room AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
WHERE a.state = 'terjadwal' AND b.state = 'terjadwal' AND a.method <> 'daring' AND b.method <> 'daring'
"""
PERSON_OVERLAPS = """
SELECT COUNT(*) AS n FROM et_assignment x JOIN et_assignment y ON x.id < y.id AND x.person = y.person
  JOIN et_support sx ON sx.id = x.support JOIN et_support sy ON sy.id = y.support
  JOIN agenda_activity ax ON ax.id = sx.activity JOIN agenda_activity ay ON ay.id = sy.activity
WHERE ax.starts_at < ay.ends_at AND ay.starts_at < ax.ends_at
"""


async def _count(sql: str) -> int:
    rows = await db.engine().run_ddl(sql)
    return rows[0]["n"]


async def test_simultaneous_requests_for_one_room(office):
    people = [await make_person(username=f"sm{i}x") for i in range(12)]
    starts = ["09:00", "09:30", "10:00", "10:30"] * 3

    async def one(i: int):
        try:
            return await agenda.create(people[i], form(judul=f"Rapat {i}", mulai=starts[i], selesai="11:00",
                                                       ruang=office.aula), now=NOW)
        except (Conflict, agenda.Invalid):
            return None

    results = await asyncio.gather(*(one(i) for i in range(12)))
    assert sum(r is not None for r in results) == 1
    assert await _count(ROOM_OVERLAPS) == 0


async def test_one_person_in_two_overlapping_activities(roster):
    a1 = await agenda.create(roster.sm, form(judul="Satu", ruang=roster.aula), now=NOW)
    a2 = await agenda.create(roster.sm, form(judul="Dua", mulai="10:00", selesai="12:00", ruang=roster.kecil), now=NOW)
    s1 = await et.request_support(roster.sm, a1, {roster.mc: 1}, now=NOW)
    s2 = await et.request_support(roster.sm, a2, {roster.mc: 1}, now=NOW)
    person = roster.m[1].id

    async def one(sid: int):
        try:
            return await et.assign(roster.ketua, sid, roster.mc, person, now=NOW)
        except Conflict:
            return None

    for _round in range(3):
        results = await asyncio.gather(one(s1), one(s2))
        assert sum(r is not None for r in results) <= 1
    assert await _count(PERSON_OVERLAPS) == 0


async def test_simultaneous_http_requests_for_one_room(office, app):
    """Twelve people post the form for one room at once, over HTTP; one wins, the others get 409
    with their text kept; the invariant holds in SQL."""
    import httpx

    from tests.fixtures import running
    from tests.helpers import PASSWORD

    people = [await make_person(username=f"ruang{i}x") for i in range(12)]
    async with running(app):
        clients = []
        for p in people:
            c = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local")
            await c.get("/masuk")
            token = c.cookies.get("pintar_csrf")
            r = await c.post("/masuk", data={"login": p.username, "password": PASSWORD}, headers={"x-csrftoken": token})
            assert r.status_code == 303
            await c.get("/agenda/baru")  # signing in renews the CSRF cookie: take the new one
            clients.append((c, c.cookies.get("pintar_csrf")))
        from pintar import clock

        with clock.frozen(NOW):
            answers = await asyncio.gather(*(
                c.post("/agenda/baru", data={"judul": f"Rapat {i}", "tanggal": "2026-12-14", "mulai": "09:00",
                                             "selesai": "10:00", "metode": "luring", "ruang": str(office.aula)},
                       headers={"x-csrftoken": token})
                for i, (c, token) in enumerate(clients)
            ))
        for c, _t in clients:
            await c.aclose()
    codes = sorted(a.status_code for a in answers)
    assert codes.count(303) == 1 and set(codes) <= {303, 409, 422}
    refused = [a for a in answers if a.status_code != 303]
    assert all("Aula" in a.text and "sudah dipakai" in a.text for a in refused)
    assert await _count(ROOM_OVERLAPS) == 0
