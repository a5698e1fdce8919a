"""Application development demo: requests in every stage, two released applications in the
catalogue with a change request each. Everything goes through the service (documents through
the files service, steps through the workflow), so timelines, flags and the portfolio are real.

Called by ``pintar.demo.create_demo`` after the demo people exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pintar.appdev import service
from pintar.appdev.tables import Application, Request
from pintar.auth.service import load_user
from pintar.auth.tables import Person
from pintar.files.samples import pdf_upload
from pintar.office.workdays import load_calendar

# (requester, title, purpose, users, the stage to reach, pace (1 = the typical time of each
# stage, less is faster), working days since the last step)
REQUESTS = [
    ("katimsosial", "SIPANDU", "Memantau kemajuan pengolahan survei sosial per kabupaten/kota.",
     "Tim Statistik Sosial dan BPS kabupaten/kota", "pemeliharaan", 0.8, 30),
    ("katimnerwil", "Dasbor Neraca Wilayah", "Menyajikan PDRB triwulanan dalam grafik interaktif.",
     "Tim Neraca Wilayah dan Analisis, pimpinan", "pemeliharaan", 1.3, 15),
    ("katimumum", "Aplikasi Persuratan", "Mencatat surat masuk dan keluar beserta disposisinya.",
     "Seluruh pegawai bagian Umum", "diajukan", 1, 4),
    ("katimproduksi", "Monitoring Ubinan", "Memantau jadwal dan hasil ubinan padi dan palawija.",
     "Tim Statistik Produksi dan petugas lapangan", "srs", 1, 12),
    ("katimdistribusi", "Survei Harga Online", "Entri harga konsumen dari petugas lewat ponsel.",
     "Petugas survei harga", "revisi_srs", 1, 3),
    ("katimsosial", "Pelaporan Kinerja Tim", "Menghimpun capaian kinerja tim per triwulan.",
     "Ketua tim dan Kepala", "telaah", 1, 6),
    ("ketuaevent", "Presensi Kegiatan", "Presensi peserta kegiatan kantor dengan kode QR.",
     "Event Team dan peserta kegiatan", "bangun", 0.6, 30),
    ("katimsosial", "Sampling Frame Sosial", "Mengelola kerangka sampel survei rumah tangga.",
     "Tim Statistik Sosial", "uji_awal", 1.1, 9),
    ("katimproduksi", "Kalender Panen", "Kalender panen per kecamatan untuk perencanaan survei.",
     "Tim Statistik Produksi", "perbaikan", 0.9, 5),
    ("katimnerwil", "Arsip Publikasi", "Mencari dan mengunduh publikasi lama kantor.",
     "Seluruh pegawai", "uji_akhir", 1, 2),
    ("katimumum", "Inventaris BMN", "Mencatat barang milik negara per ruangan.",
     "Bagian Umum", "laporan", 0.7, 1),
]
# Typical working days of the stage each step of PLAN ends.
TYPICAL = [1, 7, 4, 3, 6, 50, 5, 12, 4, 2]

PLAN = [
    ("disposisi", "ketuatip", {"pjk": "pjkapp"}, {}),
    ("kirim_srs", "requester", {}, {"berkas": "SRS"}),
    ("kembalikan_srs", "pjkapp", {"catatan": "Lengkapi alur data dan daftar laporan."}, {}),
    ("kirim_revisi", "requester", {}, {"berkas": "SRS revisi"}),
    ("setujui_srs", "pjkapp", {"programmer": "programmer"}, {"berkas": "System Requirement Analysis"}),
    ("serahkan_uji", "programmer", {"prototipe_url": "https://prototipe.bps1700.example/app"},
     {"berkas": "Desain sistem"}),
    ("hasil_uji", "programmer", {}, {"berkas": "Hasil uji coba awal"}),
    ("selesai_perbaikan", "programmer", {}, {}),
    ("rilis", "programmer", {"rilis_versi": "1.0.0", "rilis_alamat": "https://{slug}.bps1700.example",
                             "rilis_fungsi": "{purpose}"}, {"berkas": "Hasil uji coba akhir"}),
    ("lapor", "pjkapp", {}, {"berkas": "Laporan penyelesaian"}),
]
TARGET = {"diajukan": 0, "srs": 1, "revisi_srs": 3, "telaah": 4, "bangun": 5, "uji_awal": 6,
          "perbaikan": 7, "uji_akhir": 8, "laporan": 9, "pemeliharaan": 10}

TICKETS = [
    ("SIPANDU", "pegawai", "perubahan", "Ekspor rekap ke Excel",
     "Mohon ditambah tombol ekspor rekap kemajuan ke Excel."),
    ("Dasbor Neraca Wilayah", "pegawai5", "perubahan", "Tambah data triwulan III",
     "Data triwulan III sudah rilis; mohon dimuat ke dasbor."),
]


async def create_demo_data(now: dt.datetime) -> bool:
    """Create the demo unless requests exist; True when it created it."""
    if await Request.count():
        return False
    people = {r["username"]: r["id"] for r in await Person.select(Person.id, Person.username)}
    needed = {"ketuatip", "pjkapp", "programmer", *(r[0] for r in REQUESTS), *(t[1] for t in TICKETS)}
    if not needed <= set(people):
        return False
    users: dict[str, Any] = {name: await load_user(people[name], 0) for name in needed}
    cal = await load_calendar()
    today = now.astimezone(cal.tz).date()

    def working_days_ago(n: int, hour: int = 9) -> dt.datetime:
        day = cal.add_working_days(today, -n)
        return dt.datetime.combine(day, dt.time(hour, 0), cal.tz)

    for requester, title, purpose, users_, stage, pace, age in REQUESTS:
        steps = TARGET[stage]
        offsets = [age]  # working days before today of each step, last first
        for k in range(steps - 1, 0, -1):
            offsets.insert(0, offsets[0] + round(TYPICAL[k] * pace))
        start_off = (offsets[0] if steps else age) + (round(TYPICAL[0] * pace) if steps else 0)
        start = min(working_days_ago(start_off), now - dt.timedelta(hours=2))
        req = await service.create_request(
            {"judul": title, "tujuan": purpose, "pengguna": users_, "tim": "",
             "dibuka": (start - dt.timedelta(minutes=4)).isoformat()},
            users[requester], pdf_upload(f"Nota dinas permintaan {title}", "nota-dinas.pdf"),
            now=start)
        last = start
        for i, (action, who, data, files) in enumerate(PLAN[:steps]):
            at = max(working_days_ago(offsets[i], 10 + i % 6), last + dt.timedelta(minutes=30))
            at = min(at, now - dt.timedelta(minutes=5 * (steps - i)))
            last = at
            actor = users[requester] if who == "requester" else users[who]
            form = {k: (str(people[v]) if k in ("pjk", "programmer") else
                        v.format(slug=title.lower().replace(" ", "-"), purpose=purpose))
                    for k, v in data.items()}
            uploads = {k: pdf_upload(f"{v} {title}", f"{v.lower().replace(' ', '-')}.pdf")
                       for k, v in files.items()}
            await service.act(req["id"], action, actor, form, uploads=uploads, now=at)
        if stage == "bangun":
            await service.add_note(req["id"], users["programmer"],
                                   "Desain basis data dan halaman presensi selesai; berikutnya "
                                   "pemindai QR.", now=now - dt.timedelta(days=2))
    apps = {r["name"]: r["id"] for r in await Application.select(Application.id, Application.name)}
    for app_name, who, kind, title, body in TICKETS:
        if app_name in apps:
            await service.open_ticket(apps[app_name], users[who],
                                      {"jenis": kind, "judul": title, "isi": body}, now=now)
    return True
