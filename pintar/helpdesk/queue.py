"""The technicians' queue: filters, search as you type, keyset pages, counters, one row.

Built to stay fast with 100,000 tickets:

- every page is at most ``PAGE`` rows, reached by keyset (``id < cursor``, or ``(due_at, id)``
  for the overdue list), never by OFFSET;
- filters use the indexes (state), (state, id), (assignee, state) and (due_at);
- counters only count *active* tickets (grouped on the state index), never the closed history;
- search turns the text into indexed lookups: a ticket number (or its prefix) becomes a range on
  (year, seq); a name becomes the ids of matching people, software and PCs (small tables) looked
  up on the indexed foreign keys; "other" software is an indexed prefix range on ``other_key``.

The time a row shows in its step comes from the denormalised ``state_since``/``due_at``; the
ticket page computes the precise figures (with pauses) from the history.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator

from pintar.auth.tables import Person
from pintar.db import engine, is_sqlite
from pintar.helpdesk.flows import (
    ACTIVE_STATES, NOT_INLINE, TECH_ACTION_STATES, flow_of,
)
from pintar.helpdesk.tables import Ticket
from pintar.helpdesk.tickets import relations_of
from pintar.i18n import lazy_gettext as _l

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


def _filter_clause(name: str, user: Any, now: dt.datetime):
    if name == "saya":
        return (Ticket.assignee == user.id) & Ticket.state.is_in(list(ACTIVE_STATES))
    if name == "menunggu":
        return (Ticket.assignee == user.id) & Ticket.state.is_in(list(TECH_ACTION_STATES))
    if name == "belum":
        return Ticket.state == "dibuka"
    if name == "terlambat":
        return Ticket.due_at < now
    if name == "aktif":
        return Ticket.state.is_in(list(ACTIVE_STATES))
    return None


_NUMBER = re.compile(r"(?:hc-?)?(\d{4})(?:-(\d{0,5}))?", re.I)
_LIMIT_IDS = 500


async def search_clause(q: str):
    """A WHERE clause for the search text, or None for "no restriction". Returns False when
    nothing can match (so the caller can skip the query)."""
    q = " ".join(q.split())
    if not q or q.lower() in ("hc", "hc-"):
        return None
    m = _NUMBER.fullmatch(q)
    if m and (q.lower().startswith("hc") or m.group(2) is not None):
        year = int(m.group(1))
        digits = m.group(2) or ""
        clause = Ticket.year == year
        if digits:
            scale = 10 ** (5 - len(digits))
            low = int(digits) * scale
            clause &= (Ticket.seq >= low) & (Ticket.seq <= low + scale - 1)
        return clause
    if q.isdigit() and len(q) <= 5:
        n = int(q)
        clause = Ticket.seq == n
        if len(q) == 4:
            clause |= Ticket.year == n
        return clause
    like = f"%{_escape_like(q)}%"
    op = "LIKE" if is_sqlite() else "ILIKE"  # SQLite's LIKE already ignores ASCII case
    found = await Person.raw(
        f"SELECT 'p' AS k, id FROM person WHERE name {op} {{}} "
        f"UNION ALL SELECT 's', id FROM hc_software WHERE name {op} {{}} "
        f"UNION ALL SELECT 'c', id FROM hc_pc WHERE asset_code {op} {{}} OR location {op} {{}} "
        f"LIMIT {3 * _LIMIT_IDS}",
        like, like, like, like,
    )
    people = [r for r in found if r["k"] == "p"]
    software = [r for r in found if r["k"] == "s"]
    pcs = [r for r in found if r["k"] == "c"]
    key = q.lower()[:150]
    clause = (Ticket.other_key >= key) & (Ticket.other_key < key + "\uffff") & Ticket.other_key.like(
        _escape_like(key) + "%")
    if people:
        clause |= Ticket.requester.is_in([r["id"] for r in people])
    if software:
        clause |= Ticket.software.is_in([r["id"] for r in software])
    if pcs:
        clause |= Ticket.pc.is_in([r["id"] for r in pcs])
    return clause


@asynccontextmanager
async def reading() -> AsyncIterator[None]:
    """Run a page's reads on one connection. SQLite's engine opens a connection (and a thread)
    per query, which costs more than the queue's indexed queries themselves; inside one deferred
    transaction they share a connection and a consistent snapshot (WAL: writers are not blocked).
    PostgreSQL takes pooled connections per query, which is already cheap."""
    db = engine()
    if not is_sqlite() or db.current_transaction.get() is not None:
        yield
        return
    async with db.transaction():
        yield


def _escape_like(text: str) -> str:
    return text.replace("%", "").replace("_", "")


def _cursor_clause(name: str, cursor: str | None):
    if not cursor:
        return None
    if name == "terlambat":
        try:
            stamp, _sep, ident = cursor.rpartition("_")
            due = dt.datetime.fromisoformat(stamp)
            last = int(ident)
        except ValueError:
            return None
        return (Ticket.due_at > due) | ((Ticket.due_at == due) & (Ticket.id > last))
    return Ticket.id < int(cursor) if cursor.isdigit() else None


def _next_cursor(name: str, row: dict) -> str:
    if name == "terlambat":
        return f"{row['due_at'].astimezone(dt.timezone.utc).isoformat()}_{row['id']}"
    return str(row["id"])


async def page(user: Any, name: str = DEFAULT_FILTER, q: str = "", cursor: str | None = None,
               *, now: dt.datetime | None = None) -> Page:
    now = now or dt.datetime.now(dt.timezone.utc)
    name = name if name in FILTERS else DEFAULT_FILTER
    clauses = [c for c in (_filter_clause(name, user, now), _cursor_clause(name, cursor)) if c is not None]
    found = await search_clause(q)
    if found is not None:
        clauses.append(found)
    query = Ticket.select(*ROW_COLUMNS)
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
    return Page(rows, _next_cursor(name, rows[-1]) if more else None, name, q)


async def one(ticket_id: int) -> dict | None:
    if not 0 < ticket_id <= 2**31 - 1:
        return None
    return await Ticket.select(*ROW_COLUMNS).where(Ticket.id == ticket_id).first()


async def counters(user: Any, *, now: dt.datetime | None = None) -> dict[str, int]:
    """How many active tickets each filter holds (the closed history is not counted): one
    grouped query on the state index."""
    now = now or dt.datetime.now(dt.timezone.utc)
    states = list(ACTIVE_STATES)
    marks = ", ".join("{}" for _ in states)
    groups = await Ticket.raw(
        "SELECT state, assignee, COUNT(*) AS n, "
        "SUM(CASE WHEN due_at < {} THEN 1 ELSE 0 END) AS late "
        f"FROM hc_ticket WHERE state IN ({marks}) GROUP BY state, assignee",
        now, *states,
    )
    out = {"menunggu": 0, "saya": 0, "belum": 0, "terlambat": 0, "aktif": 0}
    for g in groups:
        n = int(g["n"])
        out["aktif"] += n
        out["terlambat"] += int(g["late"] or 0)
        if g["state"] == "dibuka":
            out["belum"] += n
        if g["assignee"] == user.id:
            out["saya"] += n
            if g["state"] in TECH_ACTION_STATES:
                out["menunggu"] += n
    return out


def decorate(rows: list[dict], user: Any, calendar: Any, now: dt.datetime | None = None) -> list[dict]:
    """Add what a row shows: step, time in step against its standard, and inline actions."""
    now = now or dt.datetime.now(dt.timezone.utc)
    for row in rows:
        flow = flow_of(row["kind"])
        state = flow.state(row["state"])
        row["state_label"] = str(state.label)
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
            t for t in flow.available(row["state"], user, relations_of(row, user))
            if t.name not in NOT_INLINE
        ]
        # Labels resolved once here, so the template does no translation work per option.
        row["options"] = [(t.name, f"{t.label} *" if t.needs_note else str(t.label))
                          for t in row["actions"]]
    return rows
