"""Builders for application development tests: people, uploads and requests at chosen moments.

Dates are in September-December 2026, a stretch with no national holiday, so working-day
figures do not depend on which years' holidays the calendar has loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar.datastructures import UploadFile

from pintar.appdev import service
from pintar.auth.directory import save_team
from pintar.auth.roles import Role
from tests import sample_files
from tests.helpers import make_person

WIB = dt.timezone(dt.timedelta(hours=7))
# Monday 7 September 2026, 09.00 WIB: an ordinary working morning.
MONDAY = dt.datetime(2026, 9, 7, 9, 0, tzinfo=WIB)
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def pdf(name: str = "dokumen.pdf") -> UploadFile:
    return UploadFile(content_type="application/pdf", filename=name, file_data=sample_files.pdf())


def docx(name: str = "srs.docx") -> UploadFile:
    return UploadFile(content_type="application/octet-stream", filename=name,
                      file_data=sample_files.docx())


def exe(name: str = "srs.pdf") -> UploadFile:
    return UploadFile(content_type="application/pdf", filename=name, file_data=sample_files.exe())


async def office() -> dict[str, Any]:
    """A requesting Ketua Tim, the Ketua TIP, two PJK Layanan Aplikasi, two programmers, the
    Kepala and a plain employee."""
    team = await save_team(None, "Statistik Sosial")
    return {
        "team": team,
        "katim": await make_person(Role.KETUA_TIM, username="katim", name="Nanda", team_id=team),
        "tip": await make_person(Role.KETUA_TIP, username="tip", name="Rahmat"),
        "pjk": await make_person(Role.PJK_APLIKASI, username="pjk", name="Nurul"),
        "pjk2": await make_person(Role.PJK_APLIKASI, username="pjk2", name="Sari"),
        "prog": await make_person(Role.PROGRAMMER, username="prog", name="Fajar"),
        "prog2": await make_person(Role.PROGRAMMER, username="prog2", name="Putri"),
        "kepala": await make_person(Role.KEPALA, username="kepala", name="Kepala"),
        "pegawai": await make_person(username="pegawai", name="Rina"),
    }


def request_form(**over: str) -> dict[str, str]:
    data = {"judul": "SIPANDU", "tujuan": "Memantau pengolahan survei",
            "pengguna": "Tim Statistik Sosial", "tim": ""}
    data.update(over)
    return data


async def new_request(o: dict[str, Any], at: dt.datetime = MONDAY, **over: str) -> dict:
    return await service.create_request(request_form(**over), o["katim"], pdf("nota.pdf"), now=at)


async def to_stage(o: dict[str, Any], req: dict, stage: str, start: dt.datetime = MONDAY,
                   gap: dt.timedelta = DAY) -> dt.datetime:
    """Walk a request forward to ``stage`` (one step every ``gap``); returns the last time."""
    at = start
    steps = [
        ("disposisi", "tip", {"pjk": str(o["pjk"].id)}, {}),
        ("kirim_srs", "katim", {}, {"berkas": docx()}),
        ("setujui_srs", "pjk", {"programmer": str(o["prog"].id)}, {"berkas": pdf("sra.pdf")}),
        ("serahkan_uji", "prog", {"prototipe_url": "https://proto.example.go.id"},
         {"berkas": pdf("desain.pdf")}),
        ("hasil_uji", "prog", {}, {"berkas": pdf("uji.pdf")}),
        ("selesai_perbaikan", "prog", {}, {}),
        ("rilis", "prog", {"rilis_versi": "1.0.0", "rilis_alamat": "https://sipandu.example.go.id",
                           "rilis_fungsi": "Memantau pengolahan survei"}, {"berkas": pdf("uji2.pdf")}),
        ("lapor", "pjk", {}, {"berkas": pdf("laporan.pdf")}),
    ]
    order = ["diajukan", "srs", "telaah", "bangun", "uji_awal", "perbaikan", "uji_akhir",
             "laporan", "pemeliharaan"]
    for (action, who, data, uploads), here in zip(steps, order[:-1], strict=True):
        if here == stage:
            break
        at += gap
        await service.act(req["id"], action, o[who], data, uploads=uploads, now=at)
    return at
