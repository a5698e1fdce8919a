"""The races of issue 8, reproduced over HTTP on the engine the suite runs on (SQLite, and
PostgreSQL with PINTAR_TEST_ENGINE=postgres), each ending with the schedule's invariants checked
in SQL (:func:`pintar.zoom.integrity.violations`).

1. A time change racing an approval: bookings P (11:00) and Q (14:00) both hold Zoom A. P's
   requester moves P to 14:00 while PJK TI approves P on Zoom A, both from pages showing the same
   version, in both orders, with and without the version in the approval form. Before the fix P
   could end approved on Zoom A at 14:00 (clashing with Q) with its slots on Zoom B.
2. Two simultaneous time changes of one booking from the same version: one wins, one is told the
   request changed meanwhile (no lost update).
"""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest

from pintar import clock
from pintar.notify.tables import Notification
from pintar.zoom import service as zoom
from pintar.zoom.integrity import violations
from pintar.zoom.tables import ZoomBooking
from tests.helpers import Web
from tests.zoom.conftest import WIB, form

TRIES = 20


def future_day(offset: int) -> str:
    """The ``offset``-th weekday from a week after the (frozen) clock's today; one day per try
    keeps the tries apart."""
    day = clock.today(WIB) + dt.timedelta(days=7)
    left = offset
    while True:
        if day.weekday() < 5:
            if left == 0:
                return day.isoformat()
            left -= 1
        day += dt.timedelta(days=1)


@pytest.fixture
async def browsers(app):
    """Separate cookie jars on one app: the requester, a second tab of theirs, and PJK TI."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    clients = [httpx.AsyncClient(transport=transport, base_url="http://testserver.local") for _ in range(3)]
    try:
        yield [Web(c) for c in clients]
    finally:
        for c in clients:
            await c.aclose()


def change_form(day: str, start: str, end: str, version: int | None) -> dict:
    data = {"judul": "Rapat P", "tanggal": day, "mulai": start, "selesai": end, "peserta": "50",
            "jenis": "online"}
    if version is not None:
        data["versi"] = str(version)
    return data


async def _race(first, second):
    """Start both requests in the given order, let them run together."""
    one = asyncio.ensure_future(first)
    await asyncio.sleep(0)
    two = asyncio.ensure_future(second)
    return await asyncio.gather(one, two)


async def test_a_time_change_racing_an_approval_never_double_books(
    frozen_clock, client, browsers, zoom_accounts, people
):
    requester, _tab, officer = browsers
    await requester.login("pemohon")
    await officer.login("pjkti")
    a = zoom_accounts["Zoom A"]
    outcomes: dict[tuple, list] = {}
    offset = 0
    for approval_sends_version in (True, False):
        for change_first in (True, False):
            for _try in range(TRIES):
                offset += 1
                day = future_day(offset)
                now = clock.now()
                p = await zoom.submit(people.requester, form(title="Rapat P", day=day, start="11:00",
                                                             end="12:00"), now=now)
                q = await zoom.submit(people.other, form(title="Rapat Q", day=day, start="14:00",
                                                         end="15:00"), now=now)
                assert {(await zoom.row(b))["account"] for b in (p, q)} == {a}
                await zoom.forward(people.tip, p, people.ti.id, now=now)
                seen = (await zoom.row(p))["version"]
                change = requester.post(f"/zoom/{p}/ubah", change_form(day, "14:00", "15:00", seen))
                approval = officer.post(
                    f"/zoom/{p}/aksi",
                    {"aksi": "setujui", "akun": str(a),
                     **({"versi": str(seen)} if approval_sends_version else {})},
                )
                if change_first:
                    changed, approved = await _race(change, approval)
                else:
                    approved, changed = await _race(approval, change)
                key = (approval_sends_version, change_first)
                outcomes.setdefault(key, []).append((changed.status_code, approved.status_code))
                booking = await zoom.row(p)
                if approved.status_code == 303:
                    assert changed.status_code == 409, changed.text[:300]
                    assert "sudah diubah orang lain" in changed.text
                    assert booking["state"] == "disetujui" and booking["account"] == a
                    assert booking["starts_at"].astimezone(WIB).hour == 11
                else:
                    assert changed.status_code == 303, changed.text[:300]
                    assert approved.status_code == (409 if approval_sends_version else 400)
                    assert booking["state"] == "didisposisi"
                    assert booking["starts_at"].astimezone(WIB).hour == 14
                    assert booking["account"] != a  # Q keeps Zoom A at 14:00
                # What the requester was told matches what is stored.
                told = await Notification.select(Notification.message).where(
                    (Notification.obj_id == p) & Notification.message.like("%disetujui: akun%")
                )
                if booking["state"] == "disetujui":
                    assert [n["message"] for n in told] and all(
                        f"akun {booking['account_name']}." in n["message"] for n in told
                    )
                else:
                    assert told == []
                assert await violations() == []
    # Without the version the approval is always refused; with it, either side may win.
    for (with_version, _order), results in outcomes.items():
        assert len(results) == TRIES
        if not with_version:
            assert all(r == (303, 400) for r in results), results
    assert await violations() == []


async def test_two_simultaneous_time_changes_one_wins(frozen_clock, client, browsers, zoom_accounts, people):
    tab1, tab2, _officer = browsers
    await tab1.login("pemohon")
    await tab2.login("pemohon")
    for offset, send_version in [(i, True) for i in range(TRIES)] + [(TRIES + i, False) for i in range(4)]:
        day = future_day(offset)
        now = clock.now()
        p = await zoom.submit(people.requester, form(title="Rapat P", day=day, start="09:00", end="10:00"),
                              now=now)
        await zoom.forward(people.tip, p, people.ti.id, now=now)
        await zoom.assign(people.ti, p, now=now)
        seen = (await zoom.row(p))["version"]
        first, second = await _race(
            tab1.post(f"/zoom/{p}/ubah", change_form(day, "13:00", "14:00", seen if send_version else None)),
            tab2.post(f"/zoom/{p}/ubah", change_form(day, "15:00", "16:00", seen if send_version else None)),
        )
        booking = await zoom.row(p)
        statuses = sorted([first.status_code, second.status_code])
        if send_version:
            assert statuses == [303, 409], (first.text[:300], second.text[:300])
            loser = first if first.status_code == 409 else second
            assert "sudah diubah orang lain" in loser.text
            typed = "13:00" if loser is first else "15:00"
            assert f'value="{typed}"' in loser.text  # nothing lost: the loser's own times come back
            won_hour = 13 if first.status_code == 303 else 15
            assert booking["starts_at"].astimezone(WIB).hour == won_hour
            assert booking["version"] == seen + 1
            assert booking["state"] == "didisposisi"
        else:
            assert statuses == [422, 422]
            assert booking["version"] == seen and booking["state"] == "disetujui"
        assert await violations() == []
    assert await ZoomBooking.count() == TRIES + 4
