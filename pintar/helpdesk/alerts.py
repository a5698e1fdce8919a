"""SLA alerts and reminders, as idempotent sweeps over the tickets (run by ``jobs.py``).

- a step past its standard (``due_at`` passed, ticket open): its technician (or every technician
  while nobody has taken it) and PJK TI are told once for that step visit;
- a requester who has not confirmed within SOP-052 step 6's 30 minutes of office time is
  reminded once for that visit.

Claiming is a compare-and-set of ``alerted_version``/``reminded_version`` to the ticket's current
``version`` inside the same transaction as the notification: a crash undoes both (the next sweep
tries again), and two sweeps never send the same message. A new step visit bumps ``version``, so
each visit gets its own alert.
"""

from __future__ import annotations

import datetime as dt

from pintar import clock
from pintar.auth.roles import Role
from pintar.db import write_transaction
from pintar.helpdesk import adapters
from pintar.helpdesk.flows import REQUESTER_STANDARD, flow_of
from pintar.helpdesk.notices import TECHNICIANS, link
from pintar.helpdesk.tables import Ticket
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar

BATCH = 200


def _not_yet(column, version_column):
    return column.is_null() | (column != version_column)


async def _claim(ticket_id: int, version: int, column) -> bool:
    won = await Ticket.update({column: version}).where(
        (Ticket.id == ticket_id) & (Ticket.version == version) & _not_yet(column, Ticket.version)
    ).returning(Ticket.id)
    return bool(won)


async def alert_overdue(now: dt.datetime | None = None) -> int:
    """Tell the people working an overdue step, once per step visit; returns how many."""
    now = now or clock.now()
    rows = await Ticket.select(
        Ticket.id, Ticket.number, Ticket.kind, Ticket.state, Ticket.version, Ticket.assignee
    ).where(
        Ticket.closed_at.is_null() & (Ticket.due_at < now)
        & _not_yet(Ticket.alerted_version, Ticket.version)
    ).limit(BATCH)
    sent = 0
    for row in rows:
        async with write_transaction():
            if not await _claim(row["id"], row["version"], Ticket.alerted_version):
                continue
            step = flow_of(row["kind"]).state(row["state"])
            recipients = [row["assignee"], Role.PJK_TI] if row["assignee"] else [*TECHNICIANS]
            await adapters.notify(
                recipients,
                _("Tiket %(n)s melewati standar waktu langkah “%(step)s” (%(std)s).",
                  n=row["number"], step=str(step.label),
                  std=step.standard.label if step.standard else "-"),
                link(row["id"]), kind="escalation", obj=(adapters.OBJ_TYPE, row["id"]),
            )
            sent += 1
    return sent


async def remind_requesters(now: dt.datetime | None = None) -> int:
    """Remind requesters whose confirmation has waited longer than step 6's standard."""
    now = now or clock.now()
    cal = await load_calendar()
    rows = await Ticket.select(
        Ticket.id, Ticket.number, Ticket.version, Ticket.requester, Ticket.state_since
    ).where(
        Ticket.closed_at.is_null() & (Ticket.state == "konfirmasi")
        & _not_yet(Ticket.reminded_version, Ticket.version)
    ).limit(BATCH)
    sent = 0
    for row in rows:
        since = row["state_since"]
        if since is None or cal.business_time_between(since, now) < REQUESTER_STANDARD.maximum:
            continue
        async with write_transaction():
            if not await _claim(row["id"], row["version"], Ticket.reminded_version):
                continue
            await adapters.notify(
                [row["requester"]],
                _("Pengingat: tiket %(n)s menunggu konfirmasi Anda. Periksa perangkat lunaknya, "
                  "lalu konfirmasi atau kembalikan ke teknisi.", n=row["number"]),
                link(row["id"]), kind="reminder", obj=(adapters.OBJ_TYPE, row["id"]),
            )
            sent += 1
    return sent
