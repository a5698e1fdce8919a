"""Search as you type in the queue: what the text can mean, as indexed lookups.

- ``HC-2026-0004``, ``hc-2026``, ``2026-00042``: a ticket number or a prefix of one, a range on the
  unique (year, seq) index; digits alone (``42``) are a number in any year (and ``2026`` a year);
- other text: the people (requester), repository entries and PCs (asset code, location) whose
  names contain it — small tables — and "other" software whose name starts with it.

Two ways to ask the big table, both independent of how many closed tickets it holds:

- :func:`clause`: one OR condition, for the open-ticket filters, which the partial index on open
  tickets already bounds to the open work;
- :func:`ids_in_history`: for the whole history, one *arm* per matching person, entry, PC or
  number range, each an indexed seek returning at most one page newest first, merged; the work is
  (arms × page), never (matching tickets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pintar.auth.tables import Person
from pintar.db import is_sqlite
from pintar.helpdesk.tables import Pc, Software, Ticket, TicketCounter

LOOKUP_LIMIT = 100  # per kind; a text matching more is too broad to be useful
_NUMBER = re.compile(r"(?:hc-?)?(\d{1,4})(?:-(\d{0,5}))?", re.I | re.ASCII)


@dataclass
class Match:
    ranges: list[tuple[int, int, int]] = field(default_factory=list)  # (year, lo, hi) of seq
    people: list[int] = field(default_factory=list)
    software: list[int] = field(default_factory=list)
    pcs: list[int] = field(default_factory=list)
    other_key: str = ""
    broad: bool = False  # a lookup hit LOOKUP_LIMIT: results may be incomplete

    @property
    def empty(self) -> bool:
        return not (self.ranges or self.people or self.software or self.pcs or self.other_key)


def _clean(text: str) -> str:
    return " ".join(text.split())[:100]


async def _years() -> list[int]:
    return [r["year"] for r in await TicketCounter.select(TicketCounter.year)]


async def resolve(q: str) -> Match | None:
    """What ``q`` can mean; None when it restricts nothing (empty, or just "HC")."""
    q = _clean(q)
    if not q or q.lower() in ("hc", "hc-"):
        return None
    m = _NUMBER.fullmatch(q)
    numeric = m is not None and (q.lower().startswith("hc") or m.group(2) is not None)
    if numeric or (q.isascii() and q.isdigit() and len(q) <= 5):
        match = Match()
        years = await _years()
        if numeric:
            head, digits = m.group(1), m.group(2) or ""
            scale = 10 ** (5 - len(digits))
            low = int(digits) * scale if digits else 0
            high = low + scale - 1 if digits else 99_999
            for year in years:
                if str(year).startswith(head) and (len(head) == 4 or m.group(2) is None):
                    match.ranges.append((year, low, high))
        else:
            n = int(q)
            match.ranges = [(year, n, n) for year in years]
            if len(q) == 4 and n in years:
                match.ranges.append((n, 0, 99_999))
        return match
    match = Match()
    like = f"%{q.replace('%', '').replace('_', '')}%"
    op = "LIKE" if is_sqlite() else "ILIKE"  # SQLite's LIKE already ignores ASCII case
    person, software, pc = (t._meta.tablename for t in (Person, Software, Pc))
    found = await Person.raw(
        f"SELECT 'p' AS k, id FROM (SELECT id FROM {person} WHERE name {op} {{}} LIMIT {LOOKUP_LIMIT}) AS p "
        f"UNION ALL SELECT 's', id FROM (SELECT id FROM {software} WHERE name {op} {{}} "
        f"LIMIT {LOOKUP_LIMIT}) AS s "
        f"UNION ALL SELECT 'c', id FROM (SELECT id FROM {pc} WHERE asset_code {op} {{}} "
        f"OR location {op} {{}} LIMIT {LOOKUP_LIMIT}) AS c",
        like, like, like, like,
    )
    match.people = [r["id"] for r in found if r["k"] == "p"]
    match.software = [r["id"] for r in found if r["k"] == "s"]
    match.pcs = [r["id"] for r in found if r["k"] == "c"]
    match.broad = any(len(x) >= LOOKUP_LIMIT for x in (match.people, match.software, match.pcs))
    match.other_key = q.lower()[:150]
    return match


def _prefix_bounds(key: str) -> tuple[str, str, str]:
    return key, key + "\uffff", key.replace("%", "").replace("_", "") + "%"


def clause(match: Match):
    """The whole match as one OR condition (None when nothing can match)."""
    parts = []
    for year, low, high in match.ranges:
        parts.append((Ticket.year == year) & (Ticket.seq >= low) & (Ticket.seq <= high))
    if match.other_key:
        lo, hi, like = _prefix_bounds(match.other_key)
        parts.append((Ticket.other_key >= lo) & (Ticket.other_key < hi) & Ticket.other_key.like(like))
    if match.people:
        parts.append(Ticket.requester.is_in(match.people))
    if match.software:
        parts.append(Ticket.software.is_in(match.software))
    if match.pcs:
        parts.append(Ticket.pc.is_in(match.pcs))
    if not parts:
        return None
    where = parts[0]
    for part in parts[1:]:
        where |= part
    return where


async def ids_in_history(match: Match, before: int | None, limit: int) -> list[int]:
    """The newest ``limit`` ticket ids matching, all tickets (closed ones too), ``id < before``."""
    arms: list[tuple[str, list, str]] = []
    for year, low, high in match.ranges:
        # Numbers are issued in id order, so the (year, seq) index walked backwards is newest first.
        arms.append(("year = {} AND seq BETWEEN {} AND {}", [year, low, high], "seq DESC"))
    if match.other_key:
        lo, hi, like = _prefix_bounds(match.other_key)
        arms.append(("other_key >= {} AND other_key < {} AND other_key LIKE {}", [lo, hi, like], "id DESC"))
    for column, values in (("requester", match.people), ("software", match.software), ("pc", match.pcs)):
        arms.extend((f"{column} = {{}}", [v], "id DESC") for v in values)
    if not arms:
        return []
    parts, args = [], []
    for n, (condition, values, order) in enumerate(arms):
        extra = ""
        if before is not None:
            extra = " AND id < {}"
            values = [*values, before]
        parts.append(f"SELECT id FROM (SELECT id FROM {Ticket._meta.tablename} WHERE {condition}{extra} "
                     f"ORDER BY {order} LIMIT {int(limit)}) AS a{n}")
        args.extend(values)
    sql = (f"SELECT DISTINCT id FROM ({' UNION ALL '.join(parts)}) AS found "
           f"ORDER BY id DESC LIMIT {int(limit)}")
    return [r["id"] for r in await Ticket.raw(sql, *args)]
