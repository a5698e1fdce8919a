"""The Zoom schedule's invariants, checked in SQL: what must hold whatever raced.

:func:`violations` lists, in words, every place the stored schedule breaks a rule:

- two bookings that hold one account (pending holds and approved meetings alike) overlap in time;
- a slot row holds an account other than its booking's (the foreign key on (booking, account)
  refuses this; the check proves it stayed so);
- a booking that no longer holds (rejected, cancelled, expired) still has slot rows;
- a booking that holds an account does not hold one unbroken run of slots covering its time.

Concurrency tests end with ``assert await violations() == []``; the benchmark counts them too.
"""

from __future__ import annotations

from pintar.zoom import slots
from pintar.zoom.flow import ZOOM
from pintar.zoom.tables import ZoomBooking, ZoomSlot

_HOLDING_SQL = ", ".join(f"'{s}'" for s in ZOOM.codes(tag="holding"))  # constants of the workflow, not input

OVERLAPS = f"""
SELECT a.id AS first, b.id AS second, a.account AS account
FROM zoom_booking a JOIN zoom_booking b ON a.account = b.account AND a.id < b.id
WHERE a.state IN ({_HOLDING_SQL}) AND b.state IN ({_HOLDING_SQL})
  AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
ORDER BY a.id, b.id
"""
DISAGREEING = """
SELECT s.booking AS booking, s.account AS slot_account, b.account AS booking_account, COUNT(*) AS n
FROM zoom_slot s LEFT JOIN zoom_booking b ON b.id = s.booking
WHERE b.id IS NULL OR b.account IS NULL OR b.account <> s.account
GROUP BY s.booking, s.account, b.account
ORDER BY s.booking
"""
HELD_BY_FINISHED = f"""
SELECT b.id AS booking, b.state AS state, COUNT(*) AS n
FROM zoom_slot s JOIN zoom_booking b ON b.id = s.booking
WHERE b.state NOT IN ({_HOLDING_SQL})
GROUP BY b.id, b.state
ORDER BY b.id
"""
COVERAGE = f"""
SELECT b.id AS booking, b.starts_at AS starts_at, b.ends_at AS ends_at,
       MIN(s.slot) AS first_slot, MAX(s.slot) AS last_slot, COUNT(s.id) AS n
FROM zoom_booking b LEFT JOIN zoom_slot s ON s.booking = b.id
WHERE b.account IS NOT NULL AND b.state IN ({_HOLDING_SQL})
GROUP BY b.id, b.starts_at, b.ends_at
ORDER BY b.id
"""


async def violations() -> list[str]:
    """Every broken invariant of the stored schedule (empty: all hold)."""
    found: list[str] = []
    for r in await ZoomBooking.raw(OVERLAPS):
        found.append(f"bookings {r['first']} and {r['second']} overlap on account {r['account']}")
    for r in await ZoomSlot.raw(DISAGREEING):
        found.append(
            f"booking {r['booking']} names account {r['booking_account']} but {r['n']} of its "
            f"slots hold account {r['slot_account']}"
        )
    for r in await ZoomSlot.raw(HELD_BY_FINISHED):
        found.append(f"booking {r['booking']} is {r['state']} yet holds {r['n']} slots")
    for r in await ZoomBooking.raw(COVERAGE):
        # Coverage of the meeting itself (the buffer after it may have been another length
        # when the slots were claimed): one unbroken run from its first to its last slot.
        meeting = slots.slot_range(r["starts_at"], r["ends_at"], buffer=0)
        if not r["n"]:
            found.append(f"booking {r['booking']} holds an account but no slots")
        elif (r["first_slot"] > meeting.start or r["last_slot"] < meeting.stop - 1
              or r["n"] != r["last_slot"] - r["first_slot"] + 1):
            found.append(
                f"booking {r['booking']} holds slots {r['first_slot']}..{r['last_slot']} "
                f"({r['n']}), not one run covering {meeting.start}..{meeting.stop - 1}"
            )
    return found
