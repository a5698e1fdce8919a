"""What HaloCik's screens read: the technicians' queue (filters, search as you type, keyset
pages, counters, one row), the requester's own tickets, and the ticket page's view model.

Built to stay fast with 100,000 tickets:

- every page is at most ``PAGE`` rows, reached by keyset (``id < cursor``, or ``(due_at, id)``
  for the overdue list), never by OFFSET;
- an open ticket has ``closed_at IS NULL``; two partial indexes on exactly that (ids; state,
  assignee, due_at) hold only the open work, so the open-ticket filters and the counters cost the
  same whether the history holds a thousand closed tickets or a million;
- "Semua, termasuk selesai" walks the primary key newest first; searched, it merges one indexed
  seek per matching person, entry, PC or number range (see ``search.py``).

The time a row shows in its step comes from the denormalised ``state_since``/``due_at``; the
ticket page computes the precise figures (with pauses) from the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pintar import db
from pintar import workflow as wf
from pintar.helpdesk import search, service, specs, workorder
from pintar.helpdesk.flow import (
    INSTALL,
    OPENED,
    TECH_ACTION_STATES,
    flow_of,
    inline,
    relations,
)
from pintar.helpdesk.tables import Ticket
from pintar.i18n import lazy_gettext as _l
from pintar.web.forms import parse_id

PAGE = 50
FILTERS = {
    "menunggu": _l("Menunggu saya"),
    "saya": _l("Milik saya"),
    "belum": _l("Belum diambil"),
    "terlambat": _l("Terlambat"),
    "aktif": _l("Semua aktif"),
    "semua": _l("Semua, termasuk selesai"),
}
DEFAULT_FILTER = "aktif"

ROW_COLUMNS = (
    Ticket.id, Ticket.number, Ticket.kind, Ticket.state, Ticket.version, Ticket.state_since,
    Ticket.due_at, Ticket.created_at, Ticket.closed_at, Ticket.software_label, Ticket.requester,
    Ticket.assignee, Ticket.requester.name.as_alias("requester_name"),
    Ticket.assignee.name.as_alias("assignee_name"), Ticket.pc.asset_code.as_alias("pc_code"),
)


@dataclass
class Page:
    rows: list[dict]
    next_cursor: str | None
    filter: str
    q: str
    broad: bool = False  # the search text was too general: results may be incomplete


def _filter_clause(name: str, user: Any, now: dt.datetime):
    """The filter's condition; every filter but "semua" is about open tickets only."""
    if name == "semua":
        return None
    open_ = Ticket.closed_at.is_null()  # the partial indexes' condition, verbatim
    if name == "saya":
        return open_ & (Ticket.assignee == user.id)
    if name == "menunggu":
        return open_ & (Ticket.assignee == user.id) & Ticket.state.is_in(list(TECH_ACTION_STATES))
    if name == "belum":
        return open_ & (Ticket.state == OPENED.code)
    if name == "terlambat":
        return open_ & (Ticket.due_at < now)
    return open_


reading = db.reading  # one connection and snapshot per page (pintar.db)


def _cursor_clause(name: str, cursor: str | None):
    if not cursor:
        return None
    if name == "terlambat":
        try:
            stamp, _sep, ident = cursor.rpartition("_")
            due = dt.datetime.fromisoformat(stamp)
            last = parse_id(ident)
            if last is None or due.tzinfo is None:
                raise ValueError(cursor)
        except ValueError:
            return None
        return (Ticket.due_at > due) | ((Ticket.due_at == due) & (Ticket.id > last))
    before = parse_id(cursor)
    return Ticket.id < before if before is not None else None


def _next_cursor(name: str, row: dict) -> str:
    if name == "terlambat":
        return f"{row['due_at'].astimezone(dt.timezone.utc).isoformat()}_{row['id']}"
    return str(row["id"])


async def page(user: Any, name: str = DEFAULT_FILTER, q: str = "", cursor: str | None = None,
               *, now: dt.datetime) -> Page:
    name = name if name in FILTERS else DEFAULT_FILTER
    match = await search.resolve(q)
    broad = bool(match and match.broad)
    if match is not None and match.empty:
        return Page([], None, name, q, broad)
    query = Ticket.select(*ROW_COLUMNS)
    if name == "semua" and match is not None:
        before = parse_id(cursor)
        ids = await search.ids_in_history(match, before, PAGE + 1)
        if not ids:
            return Page([], None, name, q, broad)
        query = query.where(Ticket.id.is_in(ids))
    else:
        clauses = [c for c in (_filter_clause(name, user, now), _cursor_clause(name, cursor),
                               search.clause(match) if match else None) if c is not None]
        if clauses:
            where = clauses[0]
            for c in clauses[1:]:
                where &= c
            query = query.where(where)
    if name == "terlambat":
        query = query.order_by(Ticket.due_at).order_by(Ticket.id)
    else:
        query = query.order_by(Ticket.id, ascending=False)
    rows = await query.limit(PAGE + 1)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    return Page(rows, _next_cursor(name, rows[-1]) if more else None, name, q, broad)


async def one(ticket_id: int) -> dict | None:
    if not 0 < ticket_id <= 2**31 - 1:
        return None
    return await Ticket.select(*ROW_COLUMNS).where(Ticket.id == ticket_id).first()


async def counters(user: Any, *, now: dt.datetime) -> dict[str, int]:
    """How many open tickets each filter holds (the closed history is not counted): one grouped
    query, answered from the partial index on open tickets alone."""
    groups = await Ticket.raw(
        "SELECT state, assignee, COUNT(*) AS n, "
        "SUM(CASE WHEN due_at < {} THEN 1 ELSE 0 END) AS late "
        f"FROM {Ticket._meta.tablename} WHERE closed_at IS NULL GROUP BY state, assignee",
        now,
    )
    out = {"menunggu": 0, "saya": 0, "belum": 0, "terlambat": 0, "aktif": 0}
    for g in groups:
        n = int(g["n"])
        out["aktif"] += n
        out["terlambat"] += int(g["late"] or 0)
        if g["state"] == OPENED.code:
            out["belum"] += n
        if g["assignee"] == user.id:
            out["saya"] += n
            if g["state"] in TECH_ACTION_STATES:
                out["menunggu"] += n
    return out


def decorate(rows: list[dict], user: Any, calendar: Any, now: dt.datetime) -> list[dict]:
    """Add what a row shows: step, time in step against its standard, and inline actions."""
    for row in rows:
        flow = flow_of(row["kind"])
        state = flow.state(row["state"])
        row["state_label"] = str(state.label)
        row["tone"] = state.tone
        row["sop_step"] = state.step
        row["final"] = state.final
        row["paused"] = state.paused
        row["standard"] = state.standard.label if state.standard else ""
        since = row["state_since"]
        row["in_step"] = None
        if since is not None and not state.final:
            row["in_step"] = (now - since) if state.paused else calendar.business_time_between(since, now)
        row["overdue"] = bool(row["due_at"] and row["due_at"] < now)
        row["actions"] = [
            t for t in flow.available(row, user, relations(row, user), now=now) if inline(t)
        ]
        # Labels resolved once here, so the template does no translation work per option.
        row["options"] = [(t.name, f"{t.label} *" if t.needs_note else str(t.label))
                          for t in row["actions"]]
    return rows


# --- the requester's own tickets --------------------------------------------------------------

MINE_PAGE = 30


async def my_tickets(user: Any, *, before: int | None = None) -> tuple[list[dict], int | None]:
    """The requester's own tickets, newest first, with keyset pagination on the id."""
    where = Ticket.requester == user.id
    if before:
        where &= Ticket.id < before
    rows = await (
        Ticket.select(Ticket.id, Ticket.number, Ticket.kind, Ticket.state, Ticket.software_label,
                      Ticket.created_at, Ticket.closed_at, Ticket.assignee.name.as_alias("assignee_name"))
        .where(where).order_by(Ticket.id, ascending=False).limit(MINE_PAGE + 1)
    )
    more = rows[MINE_PAGE]["id"] if len(rows) > MINE_PAGE else None
    rows = rows[:MINE_PAGE]
    for row in rows:
        state = flow_of(row["kind"]).state(row["state"])
        row["state_label"] = str(state.label)
        row["state_words"] = str(state.description or state.label)
        row["tone"] = state.tone
    return rows, (rows[-1]["id"] if more else None)


# --- the ticket page ---------------------------------------------------------------------------


async def ticket_view(ticket: dict, user: Any, calendar: Any, now: dt.datetime) -> dict[str, Any]:
    """Everything the ticket page and the work order show, for this viewer at ``now``."""
    flow = flow_of(ticket["kind"])
    state = flow.state(ticket["state"])
    actions = service.available(ticket, user, now)
    staff = service.is_staff(user)
    check = None
    if staff and ticket["kind"] == INSTALL:
        check = (await service.comparison(ticket) if "spec_check" in state.tags
                 else specs.Comparison.from_json(ticket["check_result"]))
    return {
        "ticket": ticket, "flow": flow, "state": state,
        "actions": actions, "action_url": f"/halocik/tiket/{ticket['id']}/aksi",
        "technicians": (await service.staff_people()
                        if any(t.name == "tugaskan" for t in actions) else []),
        "check": check, "is_staff": staff,
        "lines": wf.timeline(flow, await wf.history(flow, ticket["id"]), calendar, now),
        "documents": await service.documents(ticket["id"]),
        "comments": await service.comments(ticket["id"]),
        "signature_ok": await workorder.verify(ticket, flow),
        "version": ticket["version"],
    }
