"""Zoom demo data: the office's three licensed accounts and requests in every kind of state.

Called by ``pintar.demo.create_demo`` after the demo people exist. Everything goes through the
service (a past meeting is requested, passed on and approved with earlier moments, then the
sweeps and the people finish it), so the demo shows real timelines, held slots and notices.
"""

from __future__ import annotations

import datetime as dt

from pintar.auth.service import load_user
from pintar.auth.tables import Person
from pintar.office.workdays import load_calendar
from pintar.zoom import service, sweeps
from pintar.zoom.accounts import AccountForm, create_account
from pintar.zoom.tables import ZoomAccount, ZoomBooking

# The office's licensed Zoom accounts (demo login details; real ones are typed by PJK TI).
ACCOUNTS = [("Zoom A", 100), ("Zoom B", 300), ("Zoom C", 500)]


async def create_accounts(now: dt.datetime) -> None:
    if await ZoomAccount.count():
        return
    for name, capacity in ACCOUNTS:
        letter = name[-1].lower()
        await create_account(AccountForm(
            name=name, capacity=capacity, login_email=f"zoom.{letter}@bps1700.example",
            password=f"demo-zoom-{letter}", host_key=f"{capacity:06d}",
        ), now=now)


def _form(title: str, day: dt.date, start: str, end: str, participants: int) -> dict[str, str]:
    return {"judul": title, "tanggal": day.isoformat(), "mulai": start, "selesai": end,
            "peserta": str(participants), "jenis": "online", "agenda": ""}


async def create_demo_data(now: dt.datetime) -> bool:
    """Create the accounts and the demo requests unless requests exist; True when it did."""
    await create_accounts(now)
    if await ZoomBooking.count():
        return False
    people = {r["username"]: r["id"] for r in await Person.select(Person.id, Person.username)}
    needed = {"ketuatip", "pjkti", "katimsosial", "katimproduksi", "katimumum"}
    if not needed <= set(people):
        return False
    u = {name: await load_user(people[name], 0) for name in needed}
    cal = await load_calendar()
    today = now.astimezone(cal.tz).date()
    past = cal.add_working_days(today, -1)
    asked = dt.datetime.combine(cal.add_working_days(past, -1), dt.time(9, 0), tzinfo=cal.tz)
    minute = dt.timedelta(minutes=1)

    # Yesterday's meeting, through every step: recording downloaded, licence managed.
    done = await service.submit(u["katimsosial"], _form("Rapat evaluasi SUSENAS", past, "09:00",
                                                        "10:30", 60), now=asked)
    await service.forward(u["ketuatip"], done, u["pjkti"].id, now=asked + 6 * minute)
    await service.assign(u["pjkti"], done, now=asked + 14 * minute)
    ended = dt.datetime.combine(past, dt.time(10, 30), tzinfo=cal.tz)
    await sweeps.run_all(ended + minute)
    await service.recording_downloaded(u["katimsosial"], done, now=ended + 25 * minute)
    await service.license_managed(u["pjkti"], done, now=ended + 29 * minute)
    # Yesterday afternoon's meeting still waits for its recording.
    waiting = await service.submit(u["katimproduksi"], _form("Koordinasi Sensus Ekonomi", past,
                                                             "13:00", "14:00", 150), now=asked)
    await service.forward(u["ketuatip"], waiting, u["pjkti"].id, now=asked + 4 * minute)
    await service.assign(u["pjkti"], waiting, now=asked + 9 * minute)
    await sweeps.run_all(dt.datetime.combine(past, dt.time(14, 1), tzinfo=cal.tz))
    # Coming meetings: approved, passed on to PJK TI, waiting for the PJK TIP, rejected.
    later = cal.add_working_days(today, 2)
    soon = now - 30 * minute
    approved = await service.submit(u["katimumum"], _form("Rapat persiapan akhir tahun", later,
                                                          "09:00", "11:00", 40), now=soon)
    await service.forward(u["ketuatip"], approved, u["pjkti"].id, now=soon + 5 * minute)
    await service.assign(u["pjkti"], approved, now=soon + 12 * minute)
    checking = await service.submit(u["katimsosial"], _form("Bimtek petugas SAKERNAS", later,
                                                            "13:00", "15:00", 250), now=soon)
    await service.forward(u["ketuatip"], checking, u["pjkti"].id, now=soon + 7 * minute)
    await service.submit(u["katimproduksi"], _form("Rapat tim produksi", later, "09:30", "10:30",
                                                   30), now=now - 5 * minute)
    refused = await service.submit(u["katimumum"], _form("Rapat tanpa nota dinas", later,
                                                         "14:00", "15:00", 20), now=soon)
    await service.reject(u["ketuatip"], refused, "Lampirkan nota dinas yang sudah ditandatangani.",
                         now=soon + 3 * minute)
    return True
