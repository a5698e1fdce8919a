"""HaloCik's sweeps: SLA alerts and reminders, each once per step visit (run by ``jobs.py``).

- a step past its standard (``due_at`` passed, ticket open): its technician (or every technician
  while nobody has taken it) and PJK TI are told, claim ``terlambat``;
- a requester who has not confirmed within their own standard (declared on the waiting state
  ``konfirmasi``: SOP-052 step 6's 30 minutes of office time) is reminded, claim ``pengingat``.

Claims are the shared ``pintar.workflow`` ones, keyed on the ticket's current step visit
(``state_event``) and written in the same transaction as the notification: a crash undoes both
(the next run tries again, the other tickets go on), two sweeps never send the same message, and
a new visit of the step gets its own alert.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pintar import workflow as wf
from pintar.helpdesk import notices
from pintar.helpdesk.flow import FLOWS, flow_of
from pintar.helpdesk.tables import Ticket
from pintar.office.workdays import load_calendar

BATCH = 200
OVERDUE, REMINDER = "terlambat", "pengingat"


async def alert_overdue(now: dt.datetime) -> int:
    """Tell the people working an overdue step, once per step visit; returns how many."""
    rows = await Ticket.select(
        Ticket.id, Ticket.number, Ticket.kind, Ticket.state, Ticket.state_event, Ticket.assignee
    ).where(
        Ticket.closed_at.is_null() & (Ticket.due_at < now) & wf.unclaimed(Ticket, OVERDUE)
    ).order_by(Ticket.due_at).limit(BATCH)
    sent = 0
    for row in rows:
        step = flow_of(row["kind"]).state(row["state"])

        async def send(row: dict = row, step: Any = step) -> None:
            await notices.overdue(row, step)

        sent += await wf.once(row["state_event"], OVERDUE, send, at=now)
    return sent


def _own_waits() -> list[str]:
    """Waiting states with the waiting requester's own standard, in either flow."""
    return sorted({s.code for f in FLOWS.values() for s in f.states
                   if s.waiting == "requester" and s.standard is not None})


async def remind_requesters(now: dt.datetime, calendar: Any = None) -> int:
    """Remind requesters whose own step has waited longer than its standard."""
    cal = calendar or await load_calendar()
    rows = await Ticket.select(
        Ticket.id, Ticket.number, Ticket.kind, Ticket.state, Ticket.state_event,
        Ticket.requester, Ticket.state_since,
    ).where(
        Ticket.closed_at.is_null() & Ticket.state.is_in(_own_waits())
        & (Ticket.state_since < now) & wf.unclaimed(Ticket, REMINDER)
    ).order_by(Ticket.state_since).limit(BATCH)
    sent = 0
    for row in rows:
        standard = flow_of(row["kind"]).state(row["state"]).standard
        if standard is None or wf.deadline(standard, row["state_since"], dt.timedelta(0), cal) > now:
            continue

        async def send(row: dict = row) -> None:
            await notices.confirm_reminder(row)

        sent += await wf.once(row["state_event"], REMINDER, send, at=now)
    return sent


async def run_all(now: dt.datetime) -> dict[str, int]:
    """Every sweep once; returns how many tickets each handled."""
    return {"overdue": await alert_overdue(now), "reminded": await remind_requesters(now)}
