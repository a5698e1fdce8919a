"""Reminders for stages past their standard, as an idempotent sweep (run by ``jobs.py``).

A request whose running stage has passed its maximum (``due_at`` < now) reminds the people
responsible for that stage, once per stage visit: the claim is a compare-and-set of
``alerted_version`` to the request's ``version`` in the same transaction as the notice, so a crash
undoes both and two sweeps never send the same reminder. Every step bumps ``version``, so the
next stage (or the review resumed after a revision) gets its own reminder.
"""

from __future__ import annotations

import datetime as dt

from pintar.appdev import flow, notices
from pintar.appdev.service import programmer_ids, request_flow
from pintar.appdev.tables import Request
from pintar.auth.roles import Role
from pintar.db import write_transaction

BATCH = 200


def _not_yet():
    return Request.alerted_version.is_null() | (Request.alerted_version != Request.version)


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
        Request.id, Request.title, Request.created_at, Request.state, Request.version,
        Request.requester, Request.pjk,
    ).where(Request.closed_at.is_null() & (Request.due_at < now) & _not_yet()).limit(BATCH)
    sent = 0
    for row in rows:
        async with write_transaction():
            won = await Request.update({Request.alerted_version: row["version"]}).where(
                (Request.id == row["id"]) & (Request.version == row["version"]) & _not_yet()
            ).returning(Request.id)
            if not won:
                continue
            state = fl.state(row["state"])
            await notices.overdue(row, await responsible(row), str(state.label),
                                  state.standard.label if state.standard else "-")
            sent += 1
    return sent
