"""Making transitions: permission and legality checked in one place, atomic with the change,
and a history row for each. Timings are computed from that history, never stored by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Awaitable, Callable, Iterable

from pintar.db import write_transaction
from pintar.errors import Conflict, Forbidden, NotFound, UserError
from pintar.i18n import gettext as _
from pintar.workflow.definition import Transition, Workflow
from pintar.workflow.tables import WorkflowEvent


async def start(
    wf: Workflow,
    object_id: int,
    actor_id: int | None,
    *,
    note: str = "",
    document_id: int | None = None,
    at: dt.datetime,
    drafted_at: dt.datetime | None = None,
    calendar: Any = None,
) -> None:
    """Record that an item entered the workflow (call inside the creating transaction, right
    after inserting the row with ``state=wf.initial``).

    SOP step 1 is modelled one way: a ``drafting`` initial state (the requester filling in the
    form). For such a workflow the history says the form was being filled in from
    ``drafted_at`` (when it was opened; ``at`` when unknown) and submitted at ``at`` through the
    workflow's one submitting transition, which carries ``note`` and ``document_id``; the row
    ends in that transition's target. The module clamps ``drafted_at`` to a plausible window.
    """
    initial = wf.state(wf.initial)
    if not initial.drafting:
        event = await _record(wf, object_id, "", "", wf.initial, actor_id, at, note, document_id)
        await _stamp(wf, object_id, wf.initial, at, calendar, event)
        return
    opened = min(drafted_at or at, at)
    await _record(wf, object_id, "", "", wf.initial, actor_id, opened, "", None)
    submit = wf.submits()[0]
    await wf.table.update({wf.table.state: submit.target}).where(wf.table.id == object_id)
    event = await _record(wf, object_id, submit.name, wf.initial, submit.target, actor_id, at,
                          note, document_id)
    await _stamp(wf, object_id, submit.target, at, calendar, event)


async def _record(wf: Workflow, object_id: int, transition: str, from_state: str, to_state: str,
                  actor_id: int | None, at: dt.datetime, note: str, document_id: int | None) -> int:
    """Append one history row; returns its id (the step visit it opens)."""
    rows = await WorkflowEvent.insert(
        WorkflowEvent(
            workflow=wf.name,
            object_id=object_id,
            transition=transition,
            from_state=from_state,
            to_state=to_state,
            actor=actor_id,
            at=at,
            note=note,
            document=document_id,
        )
    ).returning(WorkflowEvent.id)
    return int(rows[0]["id"])


async def _stamp(wf: Workflow, object_id: int, state: str, at: dt.datetime, calendar: Any,
                 event_id: int) -> None:
    """Keep the denormalised `state_since` / `due_at` / `state_event` columns (for queue sorting
    and the sweeps' claims) in step."""
    values: dict = {}
    if wf.has_state_since:
        values[wf.table.state_since] = at
    if wf.has_due_at:
        values[wf.table.due_at] = due_at(wf, state, at, calendar)
    if wf.has_state_event:
        values[wf.table.state_event] = event_id
    if values:
        await wf.table.update(values).where(wf.table.id == object_id)


def due_at(wf: Workflow, state: str, entered: dt.datetime, calendar: Any) -> dt.datetime | None:
    """When the step of ``state`` entered at ``entered`` becomes overdue (None: no clock)."""
    from pintar.workflow.timing import deadline

    st = wf.state(state)
    if st.standard is None or st.paused or st.final or calendar is None:
        return None
    return deadline(st.standard, entered, dt.timedelta(0), calendar)


async def transition(
    wf: Workflow,
    object_id: int,
    name: str,
    user: Any,
    *,
    relations: Iterable[str] = (),
    note: str = "",
    document_id: int | None = None,
    expected_state: str | None = None,
    expected_version: int | None = None,
    apply: Callable[[Transition], Awaitable[None]] | None = None,
    system: bool = False,
    at: dt.datetime,
    calendar: Any = None,
) -> Transition:
    """Move one item along ``name``; returns the transition made.

    Refuses (with an Indonesian message, never a 500) when the transition is unknown, not
    allowed for this person, not allowed from the item's current state, lacks a required note,
    or when the item changed since the person saw it (``expected_state``/``expected_version``),
    or when one of the transition's preconditions does not hold at ``at`` (a Conflict with the
    precondition's message, judged on the row as read inside the transaction).
    The state change, ``apply`` (the module's own writes) and the history row commit together.

    The update is a compare-and-set: its WHERE holds the state *and* the version read inside
    this transaction (which must equal ``expected_version`` when given), for every transition,
    self-transitions included. Under PostgreSQL's READ COMMITTED a second writer's UPDATE waits
    for the first one's row lock, then re-checks its WHERE against the committed row and matches
    nothing: two people racing for one item cannot both win, and an edit made from a stale page
    is refused instead of silently overwriting. ``apply`` runs after the compare-and-set, so
    what it reads of the item is the locked, current row: read it there (not before the call).
    Forms that change state send the version they showed (:func:`form_version`).
    """
    t = wf.by_name.get(name)
    if t is None:
        raise UserError(_("Aksi tidak dikenal."))
    if t.system and not system:
        raise Forbidden(_("Aksi ini hanya dijalankan otomatis oleh sistem."))
    if not system and not t.permits(user, relations):
        raise Forbidden(_("Anda tidak berhak melakukan aksi “%(a)s”.", a=str(t.label)))
    note = (note or "").strip()
    if t.needs_note and not note:
        raise UserError(_("Alasan wajib diisi untuk aksi ini."), field="note")
    if expected_version is not None and expected_version < 0:
        raise UserError(
            _("Formulir ini tidak membawa versi data, jadi perubahan tidak disimpan. "
              "Muat ulang halaman lalu coba lagi."),
            field="version",
        )
    table = wf.table
    async with write_transaction():
        columns = [] if t.requires else _state_columns(wf)  # preconditions see the whole row
        row = await table.select(*columns).where(table.id == object_id).first()
        if row is None:
            raise NotFound(_("Data tidak ditemukan."))
        current = row["state"]
        if expected_state is not None and current != expected_state:
            raise Conflict(_stale_message(wf, current))
        if expected_version is not None and wf.has_version and row["version"] != expected_version:
            raise Conflict(_stale_message(wf, current))
        if current not in t.source:
            raise Conflict(
                _(
                    "Aksi “%(action)s” tidak dapat dilakukan: status saat ini “%(state)s”.",
                    action=str(t.label),
                    state=wf.label(current),
                )
            )
        blocked = t.blocked(row, at)
        if blocked is not None:
            raise Conflict(blocked)
        values: dict = {table.state: t.target}
        where = (table.id == object_id) & (table.state == current)
        if wf.has_version:
            values[table.version] = table.version + 1
            where &= table.version == row["version"]
        changed = await table.update(values).where(where).returning(table.id)
        if not changed:  # someone else moved it between our read and write
            raise Conflict(_stale_message(wf, current))
        actor = None if system or user is None else user.id
        event = await _record(wf, object_id, t.name, current, t.target, actor, at, note, document_id)
        await _stamp(wf, object_id, t.target, at, calendar, event)
        if apply is not None:
            await apply(t)
    return t


NO_VERSION = -1  # what :func:`form_version` gives for a form that sent none


def form_version(value: object) -> int:
    """The item's version a state-changing form sent back (hidden field ``version``), for
    ``expected_version``. A form without one gives :data:`NO_VERSION`, which the engine refuses
    (after checking who may act): without it the server cannot tell whether the person saw the
    item as it is now, so nothing is applied blindly."""
    try:
        version = int(str(value).strip())
    except (TypeError, ValueError):
        return NO_VERSION
    return version if version >= 0 else NO_VERSION


def _state_columns(wf: Workflow) -> list:
    cols = [wf.table.state]
    if wf.has_version:
        cols.append(wf.table.version)
    return cols


def _stale_message(wf: Workflow, current: str) -> str:
    return _(
        "Data ini sudah diubah orang lain (status sekarang “%(state)s”). "
        "Tampilan sudah diperbarui; periksa lalu coba lagi.",
        state=wf.label(current),
    )


async def history(wf: Workflow, object_id: int) -> list[dict]:
    """Every event of one item, oldest first, with the actor's name."""
    return await (
        WorkflowEvent.select(
            WorkflowEvent.all_columns(),
            WorkflowEvent.actor.name.as_alias("actor_name"),
        )
        .where((WorkflowEvent.workflow == wf.name) & (WorkflowEvent.object_id == object_id))
        .order_by(WorkflowEvent.at)
        .order_by(WorkflowEvent.id)
    )


async def histories(wf: Workflow, object_ids: list[int]) -> dict[int, list[dict]]:
    """Histories of many items in one query (for queues and reports)."""
    out: dict[int, list[dict]] = {i: [] for i in object_ids}
    if not object_ids:
        return out
    rows = await (
        WorkflowEvent.select()
        .where((WorkflowEvent.workflow == wf.name) & WorkflowEvent.object_id.is_in(object_ids))
        .order_by(WorkflowEvent.at)
        .order_by(WorkflowEvent.id)
    )
    for row in rows:
        out[row["object_id"]].append(row)
    return out
