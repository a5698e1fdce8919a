"""Slots: how a booking holds an account, guaranteed by the database.

A booking from ``start`` to ``end`` on an account claims every 5-minute slot of
``[start, end + buffer)`` (start rounded down, end rounded up to the slot grid). Two bookings on
one account therefore clash exactly when the later one starts less than ``buffer`` after the
earlier one ends (or they overlap). The claim is a plain INSERT of those rows in the transaction
that assigns the account; the unique index on ``(account, slot)`` refuses a clash on both engines,
even when two requests race past every check in Python.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Iterable

from pintar import db
from pintar.config import get_settings
from pintar.zoom.tables import ZoomAccount, ZoomSlot

SLOT_MINUTES = 5
_SLOT_SECONDS = SLOT_MINUTES * 60
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def buffer_minutes() -> int:
    """Minutes an account stays free between two meetings (``PINTAR_ZOOM_BUFFER_MINUTES``)."""
    return get_settings().zoom_buffer_minutes


def pending_hours() -> int:
    """Business hours a request may wait for IT before its hold expires (``PINTAR_ZOOM_PENDING_HOURS``)."""
    return get_settings().zoom_pending_hours


def slot_of(moment: dt.datetime) -> int:
    """The number of the slot containing ``moment`` (floor)."""
    return math.floor((moment - _EPOCH).total_seconds() / _SLOT_SECONDS)


def slot_start(slot: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(seconds=slot * _SLOT_SECONDS)


def slot_range(start: dt.datetime, end: dt.datetime, buffer: int | None = None) -> range:
    """The slots a booking of ``[start, end)`` holds, buffer after the end included."""
    buffer = buffer_minutes() if buffer is None else buffer
    until = end + dt.timedelta(minutes=buffer)
    last = math.ceil((until - _EPOCH).total_seconds() / _SLOT_SECONDS)
    return range(slot_of(start), last)


async def busy_accounts(slots: range, exclude_booking: int | None = None) -> set[int]:
    """Accounts holding any of ``slots`` (for bookings other than ``exclude_booking``)."""
    if not len(slots):
        return set()
    query = ZoomSlot.select(ZoomSlot.account).where(
        (ZoomSlot.slot >= slots.start) & (ZoomSlot.slot < slots.stop)
    )
    if exclude_booking is not None:
        query = query.where(ZoomSlot.booking != exclude_booking)
    return {r["account"] for r in await query.distinct()}


async def accounts_for(
    start: dt.datetime,
    end: dt.datetime,
    participants: int,
    exclude_booking: int | None = None,
) -> list[dict]:
    """Every active account with ``free`` and ``fits`` flags, smallest capacity first."""
    busy = await busy_accounts(slot_range(start, end), exclude_booking)
    rows = await (
        ZoomAccount.select(ZoomAccount.id, ZoomAccount.name, ZoomAccount.capacity)
        .where(ZoomAccount.active == True)  # noqa: E712
        .order_by(ZoomAccount.capacity)
        .order_by(ZoomAccount.name)
    )
    for row in rows:
        row["free"] = row["id"] not in busy
        row["fits"] = row["capacity"] >= participants
    return rows


def choose(accounts: Iterable[dict]) -> dict | None:
    """The account to propose: the smallest free one that fits (ties: by name)."""
    for row in accounts:
        if row["free"] and row["fits"]:
            return row
    return None


async def claim(booking_id: int, account_id: int, start: dt.datetime, end: dt.datetime) -> None:
    """Hold ``account_id`` for the booking; raises the engine's unique violation on a clash.

    Call inside a write transaction; the caller releases the booking's old slots first.
    """
    rows = [ZoomSlot(account=account_id, slot=s, booking=booking_id) for s in slot_range(start, end)]
    if rows:
        await ZoomSlot.insert(*rows)


def lost_race(exc: BaseException) -> bool:
    """True when a write was refused by the schedule's constraints: another booking took a slot
    (unique ``(account, slot)``), or slot rows and their booking's account disagreed (foreign key
    on ``(booking, account)``). The caller retries; it never becomes a 500 or a double booking."""
    return db.is_unique_violation(exc) or db.is_foreign_key_violation(exc)


async def release(booking_id: int) -> None:
    await ZoomSlot.delete().where(ZoomSlot.booking == booking_id)
