"""Fixtures of the Zoom tests: the demo accounts, the people of SOP-045, recorded notices."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pintar.auth.roles import Role
from pintar.zoom import notices as zoom_notices
from pintar.zoom import service as zoom
from tests.helpers import make_person  # noqa: F401  (the Zoom tests import it from here)

WIB = ZoneInfo("Asia/Jakarta")
# A Monday morning in office hours; meetings are on the Tuesday after.
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
DAY = "2026-11-24"


def at(day: str, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(hhmm), tzinfo=WIB)


def form(title="Rapat koordinasi", day=DAY, start="10:00", end="11:00", participants=50,
         mode="online", agenda="", opened_at=""):
    """The request form as the page sends it (its Indonesian field names)."""
    return {"judul": title, "tanggal": day, "mulai": start, "selesai": end,
            "peserta": str(participants), "jenis": mode, "agenda": agenda, "dibuka": opened_at}


@pytest.fixture
async def zoom_accounts() -> dict[str, int]:
    ids = {}
    for name, capacity in (("Zoom A", 100), ("Zoom B", 300), ("Zoom C", 500)):
        ids[name] = await zoom.create_account(
            zoom.AccountForm(name=name, capacity=capacity, login_email=f"{name[-1].lower()}@bps.go.id",
                             password=f"sandi-{name[-1]}", host_key=f"{ord(name[-1])}1234")
        )
    return ids


class People:
    pass


@pytest.fixture
async def people() -> People:
    p = People()
    p.requester = await make_person(username="pemohon", name="Rina Pemohon")
    p.other = await make_person(username="lain", name="Orang Lain")
    p.tip = await make_person(Role.KETUA_TIP, username="tip", name="Rahmat TIP")
    p.ti = await make_person(Role.PJK_TI, username="pjkti", name="Dedi PJK TI")
    p.ti2 = await make_person(Role.PJK_TI, username="pjkti2", name="Sari PJK TI")
    p.admin = await make_person(Role.ADMIN, username="admin1", name="Admin")
    return p


class Notices(list):
    def to(self, recipient) -> list[str]:
        return [n["message"] for n in self if recipient in n["recipients"]]

    def about(self, fragment: str) -> list[dict]:
        return [n for n in self if fragment in n["message"]]


@pytest.fixture
def notices(monkeypatch) -> Notices:
    """Every notice the module sends (then passed on to the real service when it exists)."""
    sent = Notices()
    real = zoom_notices.send

    async def record(recipients, message, link, **kw):
        sent.append({"recipients": list(recipients), "message": message, "link": link, **kw})
        await real(recipients, message, link, **kw)

    monkeypatch.setattr(zoom_notices, "send", record)
    return sent
