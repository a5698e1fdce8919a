"""Tickets: who may see them and every step they take (opening is in ``opening.py``, re-exported
here).

    ticket = await open_ticket(form_data, user, memo_upload)      # {"id", "number"}
    await act(ticket_id, "ambil", technician)                    # any transition of the flow
    await act(ticket_id, "konfirmasi", requester, rating=5, ip="10.0.0.7")

Every change goes through ``pintar.workflow`` (permission, legality, history, compare-and-set on
the state) inside one write transaction, together with its notifications (``pintar.notify`` joins
the caller's transaction): a refused or rolled-back step notifies nobody, a committed one is never
left unannounced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from pintar import clock
from pintar import workflow as wf
from pintar.auth.tables import Person, PersonRole
from pintar.db import write_transaction
from pintar.errors import Conflict, Forbidden, NotFound, UserError
from pintar.helpdesk import adapters, inventory, notices, specs, workorder
from pintar.helpdesk.flows import FINAL_STATES, HELP, INSTALL, STAFF_ROLES, TAKERS, flow_of
from pintar.helpdesk.tables import Pc, Ticket, TicketComment
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar

CHECK_LEAVING = {"sesuai", "tunggu_lisensi", "tunggu_perangkat", "tolak"}



def is_staff(user: Any) -> bool:
    return user is not None and user.has_role(*STAFF_ROLES)


def relations_of(ticket: Mapping[str, Any], user: Any) -> set[str]:
    rels: set[str] = set()
    if user is None:
        return rels
    if ticket["requester"] == user.id:
        rels.add(wf.REQUESTER)
    if ticket["assignee"] is not None and ticket["assignee"] == user.id:
        rels.add(wf.ASSIGNEE)
    return rels


def may_view(ticket: Mapping[str, Any], user: Any) -> bool:
    """A requester sees only their own tickets; technicians, PJK TI and admins see all."""
    return user is not None and (is_staff(user) or ticket["requester"] == user.id)


MAX_ID = 2**31 - 1  # ids beyond the integer column are simply not found


def valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


async def can_view(user: Any, ticket_id: int) -> bool:
    if not valid_id(ticket_id):
        return False
    row = await Ticket.select(Ticket.requester, Ticket.assignee).where(
        Ticket.id == ticket_id
    ).first()
    return row is not None and may_view(row, user)


adapters.register_owner(can_view)

from pintar.helpdesk.opening import (  # noqa: E402  (opening uses nothing of this module)
    OTHER,
    TICKET_FIELDS,
    allocate_number,
    open_ticket,
    read_ticket,
)

_COLUMNS = (
    Ticket.all_columns(),
    Ticket.requester.name.as_alias("requester_name"),
    Ticket.assignee.name.as_alias("assignee_name"),
    Ticket.signed_by.name.as_alias("signed_by_name"),
    Ticket.pc.asset_code.as_alias("pc_code"),
)


async def get_ticket(ticket_id: int) -> dict | None:
    if not valid_id(ticket_id):
        return None
    return await Ticket.select(*_COLUMNS).where(Ticket.id == ticket_id).first()


async def load_for(ticket_id: int, user: Any) -> dict:
    """The ticket if ``user`` may see it; NotFound / Forbidden (Indonesian) otherwise."""
    ticket = await get_ticket(ticket_id)
    if ticket is None:
        raise NotFound(_("Tiket tidak ditemukan."))
    if not may_view(ticket, user):
        raise Forbidden(_("Tiket ini milik pegawai lain; Anda tidak berhak membukanya."))
    return ticket


# --- the steps -------------------------------------------------------------------------------


async def staff_people() -> list[dict]:
    """Active people who can work tickets (Teknisi, PJK TI), for the assignment list."""
    ids = await PersonRole.select(PersonRole.person).where(PersonRole.role.is_in(list(TAKERS)))
    if not ids:
        return []
    return await Person.select(Person.id, Person.name).where(
        Person.id.is_in([r["person"] for r in ids]) & (Person.active == True)  # noqa: E712
    ).order_by(Person.name)


async def comparison(ticket: Mapping[str, Any]) -> specs.Comparison | None:
    """The live spec comparison of an installation ticket (None for general help)."""
    if ticket["kind"] != INSTALL:
        return None
    software = await inventory.get_software(ticket["software"]) if ticket["software"] else None
    pc = await Pc.select().where(Pc.id == ticket["pc"]).first() if ticket["pc"] else None
    used = installed = 0
    if software is not None:
        used = await inventory.seats_used(software["id"])
        installed = bool(pc) and await inventory.installed_on(software["id"], pc["id"])
    return specs.compare(software, pc, other_name=ticket["software_other"], seats_used=used,
                         installed_here=bool(installed))


def available(ticket: Mapping[str, Any], user: Any) -> list[wf.Transition]:
    flow = flow_of(ticket["kind"])
    return flow.available(ticket["state"], user, relations_of(ticket, user))


async def act(
    ticket_id: int,
    action: str,
    user: Any,
    *,
    note: str = "",
    expected_version: int | None = None,
    assignee_id: int | None = None,
    rating: int | None = None,
    rating_comment: str = "",
    ip: str = "",
    now: dt.datetime | None = None,
) -> dict:
    """Make one step of a ticket; returns the fresh ticket. Refusals are Indonesian
    UserError/Forbidden/Conflict (a stale ``expected_version`` is a Conflict)."""
    now = now or clock.now()
    cal = await load_calendar()
    rating_comment = " ".join((rating_comment or "").split())
    # One transaction for the read, the step, the fresh read and the notifications: they commit
    # (or roll back) together, and on SQLite they share one connection.
    async with write_transaction():
        ticket = await load_for(ticket_id, user)
        flow = flow_of(ticket["kind"])
        if action not in flow.by_name:
            raise UserError(_("Aksi tidak dikenal."))
        if action == "tugaskan":
            staff = {p["id"] for p in await staff_people()}
            if assignee_id not in staff:
                raise UserError(_("Pilih teknisi yang akan ditugaskan."), field="teknisi")
        if action == "konfirmasi":
            if rating is None or not 1 <= rating <= 5:
                raise UserError(_("Beri nilai layanan 1 sampai 5."), field="nilai")
            if len(rating_comment) > 1000:
                raise UserError(_("Komentar terlalu panjang: paling banyak 1000 karakter."),
                                field="komentar_nilai")

        async def apply(t: wf.Transition) -> None:
            values: dict = {}
            if t.name == "ambil":
                values[Ticket.assignee] = user.id
            elif t.name == "tugaskan":
                values[Ticket.assignee] = assignee_id
            if t.name in CHECK_LEAVING and ticket["kind"] == INSTALL and ticket["state"] == "dicek":
                result = await comparison(ticket)  # what the technician saw when deciding
                if result is not None:
                    values[Ticket.check_result] = result.to_json()
            if t.target in FINAL_STATES:
                values[Ticket.closed_at] = now
            if t.name == "konfirmasi":
                signed = await workorder.sign(ticket_id, flow, user, ip, now)
                values.update({
                    Ticket.rating: rating, Ticket.rating_comment: rating_comment,
                    Ticket.signed_at: now, Ticket.signed_by: user.id, Ticket.signed_ip: ip[:64],
                    Ticket.signed_hash: signed["hash"], Ticket.signed_event: signed["event"],
                })
            if values:
                await Ticket.update(values).where(Ticket.id == ticket_id)

        try:
            t = await wf.transition(
                flow, ticket_id, action, user, relations=relations_of(ticket, user), note=note,
                expected_version=expected_version, apply=apply, calendar=cal, at=now,
            )
        except Conflict as exc:
            fresh = await get_ticket(ticket_id)
            if (action in ("ambil", "tugaskan") and fresh and fresh["assignee"]
                    and fresh["assignee"] != user.id and fresh["state"] != flow.initial):
                raise Conflict(_("Tiket %(n)s sudah diambil oleh %(who)s.", n=fresh["number"],
                                 who=fresh["assignee_name"])) from exc
            raise
        fresh = await get_ticket(ticket_id)
        assert fresh is not None
        await notices.stepped(fresh, t, user, note)
    return fresh


# --- comments and documents ------------------------------------------------------------------


async def comments(ticket_id: int) -> list[dict]:
    return await (
        TicketComment.select(TicketComment.all_columns(),
                             TicketComment.author.name.as_alias("author_name"))
        .where(TicketComment.ticket == ticket_id)
        .order_by(TicketComment.id)
    )


async def add_comment(ticket_id: int, user: Any, body: str, *, now: dt.datetime | None = None) -> int:
    ticket = await load_for(ticket_id, user)
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise UserError(_("Tulis komentar terlebih dahulu."), field="isi")
    if len(body) > 4000:
        raise UserError(_("Komentar terlalu panjang: paling banyak 4000 karakter."), field="isi")
    async with write_transaction():
        rows = await TicketComment.insert(TicketComment(
            ticket=ticket_id, author=user.id, body=body, at=now or clock.now()
        )).returning(TicketComment.id)
        await notices.commented(ticket, user, body)
    return int(rows[0]["id"])


async def add_document(ticket_id: int, user: Any, upload: Any, label: str = "") -> int | None:
    ticket = await load_for(ticket_id, user)
    if ticket["state"] in FINAL_STATES:
        raise UserError(_("Tiket sudah ditutup; dokumen tidak dapat ditambahkan."))
    return await adapters.save_upload(upload, owner_id=ticket_id, uploaded_by=user.id,
                                      label=label, required=True)


# --- lists for requesters --------------------------------------------------------------------

PAGE = 30


async def my_tickets(user: Any, *, before: int | None = None) -> tuple[list[dict], int | None]:
    """The requester's own tickets, newest first, with keyset pagination on the id."""
    where = Ticket.requester == user.id
    if before:
        where &= Ticket.id < before
    rows = await (
        Ticket.select(Ticket.id, Ticket.number, Ticket.kind, Ticket.state, Ticket.software_label,
                      Ticket.created_at, Ticket.closed_at, Ticket.assignee.name.as_alias("assignee_name"))
        .where(where).order_by(Ticket.id, ascending=False).limit(PAGE + 1)
    )
    more = rows[PAGE]["id"] if len(rows) > PAGE else None
    rows = rows[:PAGE]
    for row in rows:
        state = flow_of(row["kind"]).state(row["state"])
        row["state_label"] = str(state.label)
        row["state_words"] = str(state.description or state.label)
    return rows, (rows[-1]["id"] if more else None)


__all__ = [
    "HELP", "INSTALL", "OTHER", "TICKET_FIELDS", "act", "add_comment", "add_document",
    "allocate_number", "available", "can_view", "comments", "comparison", "get_ticket", "is_staff", "load_for", "may_view",
    "my_tickets", "open_ticket", "read_ticket", "relations_of", "staff_people",
]
