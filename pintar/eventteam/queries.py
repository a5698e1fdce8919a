"""What the Event Team's screens read: the board's cards and the quarterly figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pintar import workflow as wf
from pintar.eventteam.flow import COLUMNS, ONE_CLICK, SUPPORT
from pintar.eventteam.tables import Assignment, RoleNeed, Support

BOARD_DONE_DAYS = 30  # finished cards stay on the board this long


PER_COLUMN = 20  # cards shown per column (the rest counted; the list of activities has them all)


def _columns_of() -> dict[str, str]:
    return {state: code for code, _label, states in COLUMNS for state in states}


def _select():
    return Support.select(
        Support.id, Support.state, Support.version, Support.due_at, Support.state_since, Support.lead,
        Support.late, Support.activity, Support.activity.title.as_alias("title"),
        Support.activity.starts_at.as_alias("starts_at"), Support.activity.ends_at.as_alias("ends_at"),
        Support.activity.owner.as_alias("owner"), Support.activity.owner.name.as_alias("owner_name"),
    )


async def _mine(person_id: int | None):
    """The condition "this person's supports" (lead, SM or assigned), or None for everyone's."""
    if person_id is None:
        return None
    mine = [r["support"] for r in await Assignment.select(Assignment.support).where(Assignment.person == person_id)]
    who = (Support.lead == person_id) | (Support.activity.owner == person_id)
    return who | Support.id.is_in(mine) if mine else who


def _column_cond(states: tuple[str, ...], now: dt.datetime, who):
    cond = Support.state.is_in(list(states))
    if "selesai" in states:
        cond = cond & (Support.state_since >= now - dt.timedelta(days=BOARD_DONE_DAYS))
    return cond & who if who is not None else cond


async def column_counts(person_id: int | None, now: dt.datetime, who=None) -> dict[str, int]:
    """Cards per column, in two queries (states grouped; finished ones of the last month)."""
    from piccolo.query.functions.aggregate import Count

    who = who if who is not None else await _mine(person_id)
    open_states = [st for _c, _l, states in COLUMNS for st in states if st != "selesai"]
    cond = Support.state.is_in(open_states)
    rows = await Support.select(Support.state, Count(Support.id, alias="n")).where(
        cond & who if who is not None else cond).group_by(Support.state)
    by_state = {r["state"]: r["n"] for r in rows}
    done = await Support.count().where(_column_cond(("selesai",), now, who))
    return {code: done if code == "selesai" else sum(by_state.get(st, 0) for st in states)
            for code, _label, states in COLUMNS}


async def _decorate(rows: list[dict], now: dt.datetime) -> list[dict]:
    if not rows:
        return rows
    sids = [r["id"] for r in rows]
    needed: dict[int, int] = {}
    for n in await RoleNeed.select(RoleNeed.support, RoleNeed.count).where(RoleNeed.support.is_in(sids)):
        needed[n["support"]] = needed.get(n["support"], 0) + n["count"]
    filled: dict[int, int] = {}
    people: dict[int, set[int]] = {}
    for a in await Assignment.select(Assignment.support, Assignment.person).where(Assignment.support.is_in(sids)):
        filled[a["support"]] = filled.get(a["support"], 0) + 1
        people.setdefault(a["support"], set()).add(a["person"])
    col = _columns_of()
    for r in rows:
        r["needed"], r["filled"] = needed.get(r["id"], 0), filled.get(r["id"], 0)
        r["assigned"] = people.get(r["id"], set())
        r["column"] = col.get(r["state"], "")
        r["state_label"] = SUPPORT.label(r["state"])
        st = SUPPORT.state(r["state"])
        r["standard"] = st.standard.label if st.standard else ""
        r["overdue"] = r["due_at"] is not None and r["due_at"] < now
        r["age"] = now - r["state_since"] if r["state_since"] else dt.timedelta(0)
    return rows


async def cards(ids: list[int], *, now: dt.datetime) -> list[dict]:
    """Board cards of the given supports."""
    rows = await _select().where(Support.id.is_in(ids or [0])).order_by(Support.activity.starts_at)
    return await _decorate(rows, now)


async def board(*, person_id: int | None, now: dt.datetime, per_column: int = PER_COLUMN) -> list[dict]:
    """Columns left to right; in each, the overdue cards first (most overdue first), then by
    date; at most ``per_column`` cards each, with the column's full count."""
    who = await _mine(person_id)
    open_states = [st for _c, _l, states in COLUMNS for st in states if st != "selesai"]
    late_cond = Support.state.is_in(open_states) & (Support.due_at < now)
    late = await _select().where(late_cond & who if who is not None else late_cond).order_by(
        Support.due_at).limit(per_column * len(COLUMNS))
    col = _columns_of()
    picked: dict[str, list[dict]] = {code: [] for code, _l, _s in COLUMNS}
    for r in late:
        if len(picked[col[r["state"]]]) < per_column:
            picked[col[r["state"]]].append(r)
    for code, _label, states in COLUMNS:
        room = per_column - len(picked[code])
        if room > 0:
            cond = _column_cond(states, now, who) & (Support.due_at.is_null() | (Support.due_at >= now))
            picked[code] += await _select().where(cond).order_by(Support.activity.starts_at).limit(room)
    rows = await _decorate([r for code in picked for r in picked[code]], now)
    counts = await column_counts(person_id, now, who)
    return [{"code": code, "label": label, "cards": [r for r in rows if r["column"] == code], "count": counts[code]}
            for code, label, _states in COLUMNS]


def card_actions(card: dict, user: Any, now: dt.datetime) -> list[wf.Transition]:
    """The one-click actions this person may take on a card (the others need the support page)."""
    from pintar.eventteam.flow import relations

    rels = relations(card, user, card["assigned"])
    out = []
    for t in SUPPORT.available(card["state"], user, rels):
        if t.name not in ONE_CLICK:
            continue
        if t.name == "tetapkan" and card["filled"] < card["needed"]:
            continue
        if t.name == "terlaksana" and now < card["starts_at"]:
            continue
        out.append(t)
    return out
