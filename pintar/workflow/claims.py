"""Once per step visit: the one claim every sweep uses for reminders, escalations and tasks.

    rows = await Ticket.select(Ticket.id, Ticket.state_event, ...).where(
        Ticket.closed_at.is_null() & (Ticket.due_at < now) & wf.unclaimed(Ticket, "terlambat"))
    for row in rows:
        await wf.once(row["state_event"], "terlambat", lambda row=row: notices.overdue(row), at=now)

A step visit is the history row that entered the item's current state (the engine keeps its id
in the item's ``state_event``). Claiming inserts ``(visit, kind)`` into ``workflow_claim``, which
is unique on that pair, in the same transaction as what it guards: a crash undoes both (the next
sweep tries again), two sweeps never both win, and entering the step again is a new visit with
its own reminder. Repeated reminders within one visit use numbered kinds ("pengingat:2").
A sweep that moves the item claims by the transition itself (``expected_state``), not here.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Awaitable, Callable

from piccolo.columns.combination import WhereRaw

from pintar.db import write_transaction
from pintar.workflow.tables import WorkflowClaim

log = logging.getLogger("pintar.workflow.claims")


async def claim(visit: int, kind: str, *, at: dt.datetime) -> bool:
    """Claim ``kind`` for the step visit ``visit`` inside the caller's transaction; True when
    this caller won (False: already claimed, by this or another sweep)."""
    rows = await (
        WorkflowClaim.insert(WorkflowClaim(visit=visit, kind=kind, at=at))
        .on_conflict(target=(WorkflowClaim.visit, WorkflowClaim.kind), action="DO NOTHING")
        .returning(WorkflowClaim.id)
    )
    return bool(rows)


async def claimed(visit: int, kind: str) -> bool:
    return await WorkflowClaim.exists().where(
        (WorkflowClaim.visit == visit) & (WorkflowClaim.kind == kind)
    )


async def once(visit: int | None, kind: str, send: Callable[[], Awaitable[Any]], *,
               at: dt.datetime) -> bool:
    """Claim and ``send()`` in one write transaction; True when sent now. A failure undoes both
    and is logged (the next run tries again); the caller's loop goes on with the next item."""
    if visit is None:
        return False
    try:
        async with write_transaction():
            if not await claim(visit, kind, at=at):
                return False
            await send()
    except Exception:
        log.exception("sweep %s failed for step visit %s; retried next run", kind, visit)
        return False
    return True


def unclaimed(table: Any, kind: str) -> WhereRaw:
    """The condition "``kind`` not yet claimed for the row's current step visit", for a sweep's
    query (so a batch never fills up with items already done)."""
    claims = WorkflowClaim._meta.tablename
    return WhereRaw(
        f"NOT EXISTS (SELECT 1 FROM {claims} c WHERE c.visit = {table._meta.tablename}.state_event"
        " AND c.kind = {})",
        kind,
    )
