"""≥ 50 simultaneous requests/assignments for one slot: exactly as many successes as fitting
accounts, a clear refusal for every other one — on the engine the suite runs on (SQLite, and
PostgreSQL with PINTAR_TEST_ENGINE=postgres). The database's slot index decides, not Python."""

from __future__ import annotations

import asyncio
from collections import Counter

from pintar import db
from pintar.errors import Conflict, UserError
from pintar.zoom import service as zoom
from pintar.zoom.tables import ZoomBooking, ZoomSlot, ZoomUnserved
from tests.zoom.conftest import NOW, form, make_person

N = 60


async def _fire(people, participants: int) -> list:
    await db.start_pool()
    try:
        return await asyncio.gather(
            *[zoom.submit(p, form(title=f"Rapat {i}", participants=participants), now=NOW)
              for i, p in enumerate(people)],
            return_exceptions=True,
        )
    finally:
        await db.close_pool()


async def test_sixty_simultaneous_requests_for_one_slot(zoom_accounts):
    people = [await make_person(username=f"pemohon{i}", name=f"Pemohon {i}") for i in range(N)]
    results = await _fire(people, participants=50)
    won = [r for r in results if isinstance(r, int)]
    lost = [r for r in results if not isinstance(r, int)]
    assert len(won) == 3, Counter(type(r).__name__ for r in results)
    assert all(isinstance(r, Conflict) and "Tidak ada akun Zoom yang kosong" in r.message for r in lost)
    accounts = {(await ZoomBooking.select(ZoomBooking.account).where(ZoomBooking.id == b).first())["account"]
                for b in won}
    assert accounts == set(zoom_accounts.values())
    assert await ZoomBooking.count() == 3
    assert await ZoomUnserved.count() == N - 3
    # Every held slot belongs to exactly one booking per account.
    assert await ZoomSlot.count() == 3 * 15


async def test_only_accounts_that_fit_can_win(zoom_accounts):
    people = [await make_person(username=f"peminta{i}", name=f"Pemohon {i}") for i in range(N)]
    results = await _fire(people, participants=250)  # only the 300 and 500 accounts fit
    won = [r for r in results if isinstance(r, int)]
    assert len(won) == 2
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, int))
    rows = await ZoomBooking.select(ZoomBooking.account).where(ZoomBooking.id.is_in(won))
    assert {r["account"] for r in rows} == {zoom_accounts["Zoom B"], zoom_accounts["Zoom C"]}


async def test_sixty_simultaneous_assignments_one_wins(zoom_accounts, people):
    # Two pending requests hold A and B; C is free. PJK TI officers race to move both onto C,
    # and to approve the same request twice over.
    first = await zoom.submit(people.requester, form(), now=NOW)
    second = await zoom.submit(people.other, form(), now=NOW)
    for b in (first, second):
        await zoom.forward(people.tip, b, people.ti.id, now=NOW)
    officers = [people.ti, people.ti2, people.admin]
    await db.start_pool()
    try:
        results = await asyncio.gather(
            *[zoom.assign(officers[i % 3], (first, second)[i % 2], zoom_accounts["Zoom C"], now=NOW)
              for i in range(N)],
            return_exceptions=True,
        )
    finally:
        await db.close_pool()
    won = [r for r in results if not isinstance(r, Exception)]
    assert won == [zoom_accounts["Zoom C"]]
    assert all(isinstance(r, UserError) for r in results if isinstance(r, Exception))
    holders = await ZoomSlot.select(ZoomSlot.booking).where(ZoomSlot.account == zoom_accounts["Zoom C"]).distinct()
    assert len(holders) == 1
    states = Counter(r["state"] for r in await ZoomBooking.select(ZoomBooking.state))
    assert states == {"disetujui": 1, "didisposisi": 1}


async def test_the_index_refuses_a_double_booking_even_past_python(zoom_accounts, people):
    """Write slot rows directly, as a buggy code path would: the database still says no."""
    import pytest

    b1 = await zoom.submit(people.requester, form(), now=NOW)
    b2 = await zoom.submit(people.requester, form(start="13:00", end="14:00"), now=NOW)
    held = await ZoomSlot.select().where(ZoomSlot.booking == b1).first()
    with pytest.raises(Exception) as caught:
        await ZoomSlot.insert(ZoomSlot(account=held["account"], slot=held["slot"], booking=b2))
    assert db.is_unique_violation(caught.value)
