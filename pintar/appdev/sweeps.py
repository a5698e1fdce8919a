"""Reminders for stages past their standard, as an idempotent sweep (run by ``jobs.py``).

A request whose running stage has passed its maximum (``due_at`` < now) reminds the people
responsible for that stage, once per stage visit: the shared claim (``wf.once`` on the request's
``state_event``) is written in the same transaction as the notice, so a crash undoes both and two
sweeps never send the same reminder; the next stage (or the review resumed after a revision) is a
new visit with its own reminder.
"""

from __future__ import annotations

import datetime as dt

from pintar import workflow as wf
from pintar.appdev import flow, notices
from pintar.appdev.service import programmer_ids, request_flow
from pintar.appdev.tables import Request
from pintar.auth.roles import Role

BATCH = 200
OVERDUE = "terlambat"


async def responsible(row: dict) -> list:
    """Who acts in the request's current stage."""
    state = row["state"]
    if state == "diajukan":
        return [Role.KETUA_TIP]
    if state in ("srs", "revisi_srs"):
        return [row["requester"]]
    if state in flow.BUILD_STATES:
        return [p for p in [row["pjk"], *await programmer_ids(row["id"])] if p]
    return [row["pjk"] or Role.PJK_APLIKASI]


async def remind_overdue(now: dt.datetime) -> int:
    """Remind the people of every overdue stage not yet reminded in this visit; how many."""
    fl = await request_flow()
    rows = await Request.select(
        Request.id, Request.title, Request.created_at, Request.state, Request.state_event,
        Request.requester, Request.pjk,
    ).where(
        Request.closed_at.is_null() & (Request.due_at < now) & wf.unclaimed(Request, OVERDUE)
    ).order_by(Request.due_at).limit(BATCH)
    sent = 0
    for row in rows:
        state = fl.state(row["state"])

        async def send(row: dict = row, state: wf.State = state) -> None:
            await notices.overdue(row, await responsible(row), str(state.label),
                                  state.standard.label if state.standard else "-", now=now)

        sent += await wf.once(row["state_event"], OVERDUE, send, at=now)
    return sent


async def run_all(now: dt.datetime) -> dict:
    return {"overdue": await remind_overdue(now)}
