"""≥ 50 simultaneous requests/assignments for one slot: exactly as many successes as fitting
accounts, a clear refusal for every other one — on the engine the suite runs on (SQLite, and
PostgreSQL with PINTAR_TEST_ENGINE=postgres). The database's slot index decides, not Python."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter

from asyncpg.exceptions import IntegrityConstraintViolationError

from pintar import db
from pintar.errors import Conflict, UserError
from pintar.zoom import service as zoom
from pintar.zoom.integrity import violations
from pintar.zoom.tables import ZoomAccount, ZoomBooking, ZoomSlot, ZoomUnserved
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
    assert await violations() == []


async def test_only_accounts_that_fit_can_win(zoom_accounts):
    people = [await make_person(username=f"peminta{i}", name=f"Pemohon {i}") for i in range(N)]
    results = await _fire(people, participants=250)  # only the 300 and 500 accounts fit
    won = [r for r in results if isinstance(r, int)]
    assert len(won) == 2
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, int))
    rows = await ZoomBooking.select(ZoomBooking.account).where(ZoomBooking.id.is_in(won))
    assert {r["account"] for r in rows} == {zoom_accounts["Zoom B"], zoom_accounts["Zoom C"]}
    assert await violations() == []


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
    assert await violations() == []


async def test_the_index_refuses_a_double_booking_even_past_python(zoom_accounts, people):
    """Write slot rows directly, as a buggy code path would: the database still says no."""
    import pytest

    b1 = await zoom.submit(people.requester, form(), now=NOW)
    b2 = await zoom.submit(people.requester, form(start="13:00", end="14:00"), now=NOW)
    held = await ZoomSlot.select().where(ZoomSlot.booking == b1).first()
    with pytest.raises(Exception) as caught:
        await ZoomSlot.insert(ZoomSlot(account=held["account"], slot=held["slot"], booking=b2))
    assert db.is_unique_violation(caught.value)
    assert await violations() == []


async def test_the_database_refuses_slots_of_another_account_than_the_bookings(zoom_accounts, people):
    """A slot row naming an account its booking does not hold, or a booking switching account
    while it still holds the old one's slots: both refused by the (booking, account) key."""
    import pytest

    b1 = await zoom.submit(people.requester, form(), now=NOW)
    held = await ZoomSlot.select().where(ZoomSlot.booking == b1).first()
    other = next(a for a in zoom_accounts.values() if a != held["account"])
    with pytest.raises(Exception) as caught:
        await ZoomSlot.insert(ZoomSlot(account=other, slot=held["slot"] + 1000, booking=b1))
    assert "foreign" in str(caught.value).lower()
    with pytest.raises(Exception) as caught:
        await ZoomBooking.update({ZoomBooking.account: other}).where(ZoomBooking.id == b1)
    assert "foreign" in str(caught.value).lower()
    integrity = (sqlite3.IntegrityError, IntegrityConstraintViolationError)
    with pytest.raises(integrity):
        await ZoomBooking.update({ZoomBooking.account: None}).where(ZoomBooking.id == b1)
    with pytest.raises(integrity):  # a slot row must name its account
        await ZoomSlot.insert(ZoomSlot(account=None, slot=held["slot"] + 2000, booking=b1))
    assert (await zoom.row(b1))["account"] == held["account"]
    assert await violations() == []
    # Deleting an account (not offered on its pages; a database clean-up) takes its slots with
    # it, and its bookings keep no account.
    await ZoomAccount.delete().where(ZoomAccount.id == held["account"])
    assert (await zoom.row(b1))["account"] is None
    assert not await ZoomSlot.exists().where(ZoomSlot.booking == b1)


async def test_the_invariant_check_is_not_vacuous(zoom_accounts, people):
    """Break the schedule behind the code's back: the SQL check names each break."""
    from tests.zoom.conftest import DAY, at

    b1 = await zoom.submit(people.requester, form(), now=NOW)
    b2 = await zoom.submit(people.requester, form(start="13:00", end="14:00"), now=NOW)
    assert await violations() == []
    # b2 moved onto b1's time without touching its slots: overlap, and slots not covering it.
    await ZoomBooking.update({ZoomBooking.starts_at: at(DAY, "10:30"), ZoomBooking.ends_at: at(DAY, "11:30")}).where(
        ZoomBooking.id == b2
    )
    found = await violations()
    assert any(f"bookings {b1} and {b2} overlap" in v for v in found), found
    assert any(f"booking {b2} holds slots" in v for v in found), found
    # A cancelled booking still holding slots.
    await ZoomBooking.update({ZoomBooking.state: "dibatalkan"}).where(ZoomBooking.id == b2)
    found = await violations()
    assert any(f"booking {b2} is dibatalkan yet holds" in v for v in found), found
    # A holding booking without any slot.
    await ZoomSlot.delete().where(ZoomSlot.booking == b1)
    assert any(f"booking {b1} holds an account but no slots" in v for v in await violations())
