"""Demo data of the agenda and the Event Team, made through the services (no raw inserts): six
teams on duty two months a year, role types, a year of past activities with assignments,
evaluations and a few no-shows, and upcoming ones in this and next week (some waiting for
roles)."""

from __future__ import annotations

import datetime as dt

from pintar.agenda import service as agenda
from pintar.agenda.tables import Activity
from pintar.auth.roles import Role
from pintar.auth.tables import Person
from pintar.eventteam import service as et
from pintar.office.tables import Room
from pintar.office.workdays import load_calendar

ROLES = ["Koordinator", "Moderator", "MC", "Notulen", "Dukungan teknis", "Dokumentasi"]
DUTY = [(2, 8), (3, 9), (4, 10), (5, 11), (6, 12), (7, 1)]
TITLES = ["Rapat koordinasi bulanan", "Sosialisasi survei", "Pelatihan petugas", "Rapat pimpinan",
          "Diseminasi data", "Apel dan pembinaan pegawai", "Bimbingan teknis pengolahan"]


class _Who:
    def __init__(self, row: dict, roles: frozenset = frozenset()) -> None:
        self.id, self.name, self.roles, self.is_admin = row["id"], row["name"], roles, False

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)


async def create_demo_data(now: dt.datetime) -> bool:
    if await Activity.count():
        return False
    cal = await load_calendar()
    people = await Person.select(Person.id, Person.name, Person.username).where(Person.active == True).order_by(Person.id)  # noqa: E712
    by_name = {p["username"]: p for p in people}
    if len(people) < 12 or "ketuaevent" not in by_name:
        return False
    for i, name in enumerate(ROLES):
        await et.save_role_type(name, i)
    roles = [r["id"] for r in await et.role_types()]
    pool = [p for p in people if p["username"] not in ("admin", "ketuaevent")]
    leads = [by_name["ketuaevent"]] + pool[:5]
    rest = pool[5:]
    year = now.astimezone(cal.tz).year
    for y in (year - 1, year, year + 1):
        for t, months in enumerate(DUTY):
            members = [m["id"] for m in rest[t::6]][:6]
            await et.save_team(y, f"Event Team {t + 1}", list(months), leads[t]["id"], members)
    rooms = [r["id"] for r in await Room.select(Room.id).order_by(Room.id)]
    owners = [p for p in pool[:12]]
    cc = [p["id"] for p in people if p["username"] == "changechampion"]

    async def one(k: int, start: dt.datetime, *, finish: bool) -> None:
        owner = _Who(owners[k % len(owners)])
        local = start.astimezone(cal.tz)
        try:
            aid = await agenda.create(owner, agenda.ActivityForm(
                judul=TITLES[k % len(TITLES)], tanggal=local.date().isoformat(), mulai=local.strftime("%H:%M"),
                selesai=(local + dt.timedelta(hours=2)).strftime("%H:%M"), metode=("luring", "hybrid", "daring")[k % 3],
                ruang=str(rooms[k % len(rooms)]) if rooms else "", jumlah=str(20 + k % 40),
            ), now=min(now, start - dt.timedelta(days=10)))
        except Exception:
            return
        asked = start - dt.timedelta(days=7 if k % 9 else 1)
        try:
            sid = await et.request_support(owner, aid, {roles[k % 3]: 1, roles[3 + k % 3]: 1}, now=min(asked, now))
        except Exception:
            return
        if not finish and k % 2:
            return  # waiting for roles
        s = await et.get(sid)
        lead = _Who({"id": s["lead"], "name": ""})
        if s["state"] == "menunggu_ketua":
            s = await et.act(lead, sid, "terima_terlambat", version=s["version"], note="Kegiatan pimpinan",
                             now=min(asked, now))
        for need in s["needs"]:
            ranking = await et.candidates(sid, need["role"], now=asked)
            free = [c for c in ranking["proposed"] if not c.warnings]
            if free:
                await et.assign(lead, sid, need["role"], free[0].id, now=min(asked, now))
        s = await et.get(sid)
        if s["filled"] < s["needed"]:
            return
        s = await et.act(lead, sid, "tetapkan", version=s["version"], now=min(asked + dt.timedelta(hours=3), now))
        if not finish:
            return
        end = s["ends_at"]
        s = await et.act(owner, sid, "terlaksana", version=s["version"], now=end)
        if k % 11 == 0 and s["assignments"]:
            await et.mark_no_show(owner, sid, s["assignments"][0]["id"], True)
        if not cc:
            return
        ccw = _Who({"id": cc[0], "name": ""}, frozenset({Role.CC}))
        s = await et.act(ccw, sid, "kirim_evaluasi", version=s["version"], now=end + dt.timedelta(hours=20))
        form = {f"nilai_{a['id']}": str(3 + (a["id"] + k) % 3) for a in s["assignments"]}
        form.update(kepuasan=str(3 + k % 3), baik="Acara tertib dan tepat waktu.", perbaikan="Persiapan ruang lebih awal.")
        s = await et.act(owner, sid, "isi_evaluasi", version=s["version"], now=end + dt.timedelta(days=1), form=form)
        await et.act(lead, sid, "evaluasi_tim", version=s["version"], now=end + dt.timedelta(days=2),
                     form={"catatan": "Pembagian peran berjalan baik."})

    today = now.astimezone(cal.tz).date()
    k = 0
    day = today - dt.timedelta(days=360)
    while day < today - dt.timedelta(days=2):
        if cal.is_working_day(day):
            await one(k, dt.datetime.combine(day, dt.time(9 + k % 4), tzinfo=cal.tz), finish=True)
            k += 1
        day += dt.timedelta(days=9)
    for offset in (3, 5, 8, 10, 12, 15):
        day = cal.add_working_days(today, offset)
        await one(k, dt.datetime.combine(day, dt.time(9 + k % 4), tzinfo=cal.tz), finish=False)
        k += 1
    return True
