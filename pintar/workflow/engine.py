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
    calendar: Any = None,
) -> None:
    """Record that an item entered the workflow's initial state (call inside the creating
    transaction, right after inserting the row with ``state=wf.initial``)."""
    await WorkflowEvent.insert(
        WorkflowEvent(
            workflow=wf.name,
            object_id=object_id,
            transition="",
            from_state="",
            to_state=wf.initial,
            actor=actor_id,
            at=at,
            note=note,
            document=document_id,
        )
    )
    await _stamp(wf, object_id, wf.initial, at, calendar)


async def _stamp(wf: Workflow, object_id: int, state: str, at: dt.datetime, calendar: Any) -> None:
    """Keep the denormalised `state_since` / `due_at` columns (for queue sorting) in step."""
    values: dict = {}
    if wf.has_state_since:
        values[wf.table.state_since] = at
    if wf.has_due_at:
        values[wf.table.due_at] = due_at(wf, state, at, calendar)
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
    or when the item changed since the person saw it (``expected_state``/``expected_version``).
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
    # Who may act is checked before anything about the item: a stranger gets 403, never a 409
    # that would tell them the item's state.
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
        row = await table.select(*_state_columns(wf)).where(table.id == object_id).first()
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
        values: dict = {table.state: t.target}
        where = (table.id == object_id) & (table.state == current)
        if wf.has_version:
            values[table.version] = table.version + 1
            where &= table.version == row["version"]
        changed = await table.update(values).where(where).returning(table.id)
        if not changed:  # someone else moved it between our read and write
            raise Conflict(_stale_message(wf, current))
        await _stamp(wf, object_id, t.target, at, calendar)
        await WorkflowEvent.insert(
            WorkflowEvent(
                workflow=wf.name,
                object_id=object_id,
                transition=t.name,
                from_state=current,
                to_state=t.target,
                actor=None if system or user is None else user.id,
                at=at,
                note=note,
                document=document_id,
            )
        )
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
