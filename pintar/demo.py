"""The demo office: BPS Provinsi Bengkulu with ~30 people covering every role, teams and rooms.

Created by ``pintar demo`` (and by ``make run`` on first start). Everything here is ordinary data
an admin could have typed; nothing in the code depends on it.
"""

from __future__ import annotations

from pintar import clock
from pintar.auth import directory
from pintar.auth import service as auth
from pintar.auth.roles import Role
from pintar.auth.tables import Person
from pintar.office.service import ensure_office
from pintar.office.tables import Room

TEAMS = [
    "Umum",
    "Statistik Sosial",
    "Statistik Produksi",
    "Statistik Distribusi",
    "Neraca Wilayah dan Analisis",
    "Teknologi Informasi dan Pengembangan Inovasi",
    "Diseminasi dan Humas",
]

# (username, name, team, roles). NIPs are generated; the password is the demo password.
PEOPLE: list[tuple[str, str, str, list[str]]] = [
    ("admin", "Administrator Portal", "Teknologi Informasi dan Pengembangan Inovasi", [Role.ADMIN]),
    ("kepala", "Dr. Win Rizal Hidayat", "Umum", [Role.KEPALA]),
    ("ketuatip", "Rahmat Saputra", "Teknologi Informasi dan Pengembangan Inovasi", [Role.KETUA_TIP, Role.KETUA_TIM]),
    ("pjkti", "Dedi Kurniawan", "Teknologi Informasi dan Pengembangan Inovasi", [Role.PJK_TI, Role.TEKNISI]),
    ("pjkti2", "Sari Wulandari", "Teknologi Informasi dan Pengembangan Inovasi", [Role.PJK_TI]),
    ("teknisi", "Andi Pratama", "Teknologi Informasi dan Pengembangan Inovasi", [Role.TEKNISI]),
    ("teknisi2", "Yoga Firmansyah", "Teknologi Informasi dan Pengembangan Inovasi", [Role.TEKNISI]),
    ("pjkapp", "Nurul Hidayah", "Teknologi Informasi dan Pengembangan Inovasi", [Role.PJK_APLIKASI]),
    ("programmer", "Fajar Ramadhan", "Teknologi Informasi dan Pengembangan Inovasi", [Role.PROGRAMMER]),
    ("programmer2", "Putri Anggraini", "Teknologi Informasi dan Pengembangan Inovasi", [Role.PROGRAMMER]),
    ("ketuaevent", "Melati Kusuma", "Diseminasi dan Humas", [Role.KETUA_EVENT, Role.KETUA_TIM]),
    ("event1", "Bayu Setiawan", "Diseminasi dan Humas", [Role.ANGGOTA_EVENT]),
    ("event2", "Citra Lestari", "Statistik Sosial", [Role.ANGGOTA_EVENT]),
    ("event3", "Hendra Gunawan", "Statistik Produksi", [Role.ANGGOTA_EVENT]),
    ("event4", "Intan Permata", "Umum", [Role.ANGGOTA_EVENT, Role.CAN]),
    ("changechampion", "Joko Susilo", "Neraca Wilayah dan Analisis", [Role.CC]),
    ("can1", "Kartika Sari", "Statistik Distribusi", [Role.CAN]),
    ("can2", "Lukman Hakim", "Statistik Sosial", [Role.CAN]),
    ("katimumum", "Maya Sofia", "Umum", [Role.KETUA_TIM]),
    ("katimsosial", "Nanda Prasetyo", "Statistik Sosial", [Role.KETUA_TIM]),
    ("katimproduksi", "Oktaviani Rahayu", "Statistik Produksi", [Role.KETUA_TIM]),
    ("katimdistribusi", "Pandu Wijaya", "Statistik Distribusi", [Role.KETUA_TIM]),
    ("katimnerwil", "Qori Amelia", "Neraca Wilayah dan Analisis", [Role.KETUA_TIM]),
    ("pegawai", "Rina Marlina", "Statistik Sosial", []),
    ("pegawai2", "Sigit Nugroho", "Statistik Produksi", []),
    ("pegawai3", "Tuti Handayani", "Statistik Distribusi", []),
    ("pegawai4", "Umar Bakri", "Umum", []),
    ("pegawai5", "Vina Oktavia", "Neraca Wilayah dan Analisis", []),
    ("pegawai6", "Wahyu Hidayat", "Diseminasi dan Humas", []),
    ("pegawai7", "Yuni Safitri", "Umum", []),
]

ROOMS = [
    ("Aula Lantai 3", 120, "Lantai 3"),
    ("Ruang Rapat Utama", 30, "Lantai 2"),
    ("Ruang Rapat Kecil", 10, "Lantai 2"),
    ("Ruang Media Center", 20, "Lantai 1"),
]


def demo_nip(index: int) -> str:
    # 18 digits shaped like a real NIP: birth date, appointment month, sex, serial.
    return f"1985{(index % 12) + 1:02d}{(index % 27) + 1:02d}2010{(index % 12) + 1:02d}1{index + 1:03d}"


async def create_demo(password: str) -> bool:
    """Create the demo office and people unless people exist; True when it created them."""
    await ensure_office("BPS Provinsi Bengkulu", "1700", "Asia/Jakarta")
    if await Person.count():
        return False
    team_ids = {}
    for name in TEAMS:
        team_ids[name] = await directory.save_team(None, name)
    for index, (username, name, team, roles) in enumerate(PEOPLE):
        person_id = await auth.create_person(
            auth.PersonForm(
                username=username,
                nip=demo_nip(index),
                name=name,
                email=f"{username}@bps.go.id",
                whatsapp=f"0812{7300000 + index:07d}",
                team_id=team_ids[team],
                roles=[str(r) for r in roles],
            ),
            password,
        )
        # Demo people skip the forced password change so the demo can be tried at once.
        await Person.update({Person.must_change_password: False}).where(Person.id == person_id)
    if not await Room.count():
        await Room.insert(*[Room(name=n, capacity=c, location=loc) for n, c, loc in ROOMS])
    await create_module_demos(clock.now())
    return True


async def create_module_demos(now) -> None:
    """Every enabled module's ``demo.create_demo_data(now)``, in dependency order (HaloCik: a
    repository, PCs and tickets in every kind of state; Zoom: the accounts and requests). A module without demo data has no
    ``demo.py``."""
    import importlib

    from pintar.modules import MODULES

    for name in MODULES:
        try:
            module = importlib.import_module(f"pintar.{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"pintar.{name}.demo":
                raise
            continue
        await module.create_demo_data(now)

