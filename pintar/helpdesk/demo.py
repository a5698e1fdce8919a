"""HaloCik demo data: a small repository, PCs for demo people, tickets in every kind of state.

Called by ``pintar.demo.create_demo`` after the demo people exist. Everything goes through the
services (memos through the files service, steps through the workflow), so the demo shows real
timelines, notifications and a signed work order.
"""

from __future__ import annotations

import datetime as dt

from litestar.datastructures import UploadFile

from pintar.auth.service import load_user
from pintar.auth.tables import Person
from pintar.files import samples
from pintar.helpdesk import inventory, service
from pintar.helpdesk.tables import Ticket
from pintar.office.workdays import load_calendar

SOFTWARE = [
    # name, version, licence, seats, os, ram, disk, cpu note, installer
    ("SPSS Statistics", "26", "berlisensi", 5, "Windows 10, Windows 11", 4, 5, "",
     r"\\nas-bps\installer\spss26"),
    ("Stata", "18", "berlisensi", 2, "Windows 10, Windows 11", 8, 10, "64-bit",
     r"\\nas-bps\installer\stata18"),
    ("QGIS", "3.34 LTR", "gratis", 0, "Windows 10, Windows 11, Ubuntu", 8, 10, "",
     "https://qgis.org/download/"),
    ("R dan RStudio", "4.4", "gratis", 0, "Windows 10, Windows 11, Ubuntu", 4, 3, "",
     r"\\nas-bps\installer\r-rstudio"),
    ("Microsoft Office", "2021", "berlisensi", 50, "Windows 10, Windows 11", 4, 10, "",
     r"\\nas-bps\installer\office2021"),
    ("CSPro", "8.0", "gratis", 0, "Windows 10, Windows 11", 2, 1, "", r"\\nas-bps\installer\cspro8"),
]

# username of the holder, asset code, location, OS, CPU, RAM, disk total, disk free
PCS = [
    ("pegawai", "3100102001-0101", "Lantai 2, Tim Statistik Sosial", "Windows 11 Pro",
     "Intel Core i5-10500", 16, 512, 310),
    ("pegawai2", "3100102001-0102", "Lantai 2, Tim Statistik Produksi", "Windows 10 Pro",
     "Intel Core i3-7100", 4, 256, 40),
    ("pegawai3", "3100102001-0103", "Lantai 2, Tim Statistik Distribusi", "Windows 11 Pro",
     "Intel Core i5-8500", 8, 256, 95),
    ("pegawai4", "3100102001-0104", "Lantai 1, Umum", "Windows 10 Pro", "Intel Core i3-8100",
     8, 500, 220),
    ("pegawai5", "3100102001-0105", "Lantai 3, Neraca Wilayah", "Windows 11 Pro",
     "AMD Ryzen 5 5600G", 16, 512, 400),
    ("pegawai6", "3100102001-0106", "Lantai 1, Humas", "Windows 11 Home", "Intel Core i7-1165G7",
     16, 512, 150),
    ("pegawai7", "3100102001-0107", "Lantai 1, Umum", "Windows 7 Professional",
     "Intel Core 2 Duo", 2, 160, 12),
]


def _memo(title: str) -> UploadFile:
    """A one-page PDF standing in for the scanned, signed memo."""
    return samples.pdf_upload(title, "nota-dinas.pdf")


async def create_demo_data(now: dt.datetime) -> bool:
    """Create the HaloCik demo unless tickets exist; True when it created it."""
    if await Ticket.count():
        return False
    people = {r["username"]: r["id"] for r in await Person.select(Person.id, Person.username)}
    needed = {"teknisi", "teknisi2", "pjkti", *(p[0] for p in PCS)}
    if not needed <= set(people):
        return False
    users = {name: await load_user(people[name], 0) for name in needed}
    tz = (await load_calendar()).tz
    software = {}
    for name, version, licence, seats, os_list, ram, disk, cpu, installer in SOFTWARE:
        software[name] = await inventory.save_software(None, {
            "name": name, "version": version, "licence": licence, "seats": str(seats),
            "installer": installer, "os_list": os_list, "min_ram_gb": str(ram),
            "min_disk_gb": str(disk), "cpu_note": cpu, "notes": "", "active": "on"})
    pcs = {}
    for holder, code, location, os_name, cpu, ram, total, free in PCS:
        pcs[holder] = await inventory.save_pc(None, {
            "asset_code": code, "holder": str(people[holder]), "location": location,
            "os": os_name, "cpu": cpu, "ram_gb": str(ram), "disk_total_gb": str(total),
            "disk_free_gb": str(free), "last_checked": (now - dt.timedelta(days=30)).date().isoformat(),
            "notes": "", "active": "on"}, today=now.astimezone(tz).date())
    tech, tech2 = users["teknisi"], users["teknisi2"]
    minute = dt.timedelta(minutes=1)
    # Finished and waiting tickets happened during office hours of the last working day, so
    # their timelines show real durations against the standards.
    cal = await load_calendar()
    day = cal.add_working_days(now.astimezone(cal.tz).date(), -1)
    opens = dt.datetime.combine(day, cal.hours_on(day)[0], tzinfo=cal.tz)
    workday = opens + dt.timedelta(minutes=30)

    async def install(holder: str, name: str | None, reason: str, at: dt.datetime,
                      other: str = "") -> int:
        data = {"kind": "instalasi", "software": str(software[name]) if name else service.OTHER,
                "software_other": other, "pc": str(pcs[holder]), "reason": reason,
                "drafted_at": (at - 4 * minute).isoformat()}
        made = await service.open_ticket(data, users[holder], _memo(f"Nota dinas {reason}"), now=at)
        return made["id"]

    async def steps(ticket_id: int, start: dt.datetime, plan: list) -> None:
        at = start
        for gap, action, user, extra in plan:
            at += gap * minute
            await service.act(ticket_id, action, user, now=at, **extra)

    # 1. Done, signed and rated, every step within its standard.
    t = await install("pegawai", "SPSS Statistics", "Pengolahan data Susenas Maret", workday)
    await steps(t, workday, [
        (4, "ambil", tech, {}), (8, "sesuai", tech, {}), (26, "uji", tech, {}),
        (18, "serahkan", tech, {}),
        (22, "konfirmasi", users["pegawai"], {"rating": 5, "rating_comment": "Cepat dan rapi",
                                              "ip": "10.17.2.41"}),
    ])
    # 2. Held: the PC has 4 GB RAM, Stata needs 8.
    at = workday + dt.timedelta(hours=2)
    t = await install("pegawai2", "Stata", "Analisis regresi data produksi", at)
    await steps(t, at, [
        (3, "ambil", tech2, {}),
        (7, "tunggu_perangkat", tech2, {"note": "RAM 4 GB, Stata 18 perlu 8 GB; diajukan penambahan RAM."}),
    ])
    # 3. Installing now.
    t = await install("pegawai3", "QGIS", "Pembuatan peta tematik", now - dt.timedelta(minutes=40))
    await steps(t, now - dt.timedelta(minutes=40), [
        (6, "ambil", tech, {}), (9, "sesuai", tech, {}),
    ])
    # 4. Just opened, nobody has taken it yet.
    await install("pegawai4", "Microsoft Office", "Laptop baru untuk administrasi umum",
                  now - dt.timedelta(minutes=3))
    # 5. Installed and tested: waiting for the requester's confirmation.
    at = workday + dt.timedelta(hours=4)
    t = await install("pegawai6", "R dan RStudio", "Visualisasi data untuk rilis BRS", at)
    await steps(t, at, [
        (5, "ambil", tech2, {}), (6, "sesuai", tech2, {}), (24, "uji", tech2, {}),
        (20, "serahkan", tech2, {}),
    ])
    # 6. Rejected: software outside the repository on a Windows 7 PC.
    at = workday + dt.timedelta(hours=1)
    t = await install("pegawai7", None, "Edit video profil kantor", at, other="Adobe Premiere Pro")
    await steps(t, at, [
        (5, "ambil", tech, {}),
        (9, "tolak", tech, {"note": "Tidak ada lisensi dan PC Windows 7 tidak memenuhi syarat; "
                                    "silakan ajukan pengadaan melalui Ketua Tim."}),
    ])
    # 7. General IT help, being handled; and one more, just opened.
    t = (await service.open_ticket({"kind": "bantuan", "reason": "Printer lantai 3 tidak bisa mencetak.",
                                    "pc": str(pcs["pegawai5"])}, users["pegawai5"], None,
                                   now=now - dt.timedelta(minutes=25)))["id"]
    await steps(t, now - dt.timedelta(minutes=25), [(4, "ambil", tech2, {})])
    await service.add_comment(t, tech2, "Saya cek ke lantai 3 setelah ini.", now=now - dt.timedelta(minutes=18))
    await service.open_ticket({"kind": "bantuan", "reason": "Wifi di ruang rapat kecil sering putus."},
                              users["pegawai"], None, now=now - dt.timedelta(minutes=8))
    return True
