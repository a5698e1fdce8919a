"""What the Event Team's screens read: the board's cards and the quarterly figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pintar import workflow as wf
from pintar.eventteam.flow import COLUMNS, ONE_CLICK, SUPPORT
from pintar.eventteam.tables import Assignment, RoleNeed, Support

BOARD_DONE_DAYS = 30  # finished cards stay on the board this long


def _columns_of() -> dict[str, str]:
    return {state: code for code, _label, states in COLUMNS for state in states}


async def cards(*, person_id: int | None = None, ids: list[int] | None = None, now: dt.datetime) -> list[dict]:
    """Supports as board cards: activity, SM, roles filled of needed, age against the standard."""
    query = Support.select(
        Support.id, Support.state, Support.version, Support.due_at, Support.state_since, Support.lead,
        Support.late, Support.activity, Support.activity.title.as_alias("title"),
        Support.activity.starts_at.as_alias("starts_at"), Support.activity.ends_at.as_alias("ends_at"),
        Support.activity.owner.as_alias("owner"), Support.activity.owner.name.as_alias("owner_name"),
    )
    if ids is not None:
        query = query.where(Support.id.is_in(ids or [0]))
    else:
        done_since = now - dt.timedelta(days=BOARD_DONE_DAYS)
        query = query.where(
            Support.state.is_in([s for _c, _l, states in COLUMNS for s in states if s != "selesai"])
            | ((Support.state == "selesai") & (Support.state_since >= done_since))
        )
    rows = await query.order_by(Support.activity.starts_at)
    if person_id is not None and ids is None:
        mine = {r["support"] for r in await Assignment.select(Assignment.support).where(Assignment.person == person_id)}
        rows = [r for r in rows if r["id"] in mine or person_id in (r["lead"], r["owner"])]
    if not rows:
        return []
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


def card_actions(card: dict, user: Any, now: dt.datetime) -> list[wf.Transition]:
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


def board(rows: list[dict]) -> list[dict]:
    """Columns left to right, overdue cards first, then by date."""
    out = []
    for code, label, _states in COLUMNS:
        here = [r for r in rows if r["column"] == code]
        here.sort(key=lambda r: (not r["overdue"], r["starts_at"]))
        out.append({"code": code, "label": label, "cards": here})
    return out
