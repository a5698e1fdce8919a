"""HaloCik's public API and rules, without HTTP (see docs/modules.md and docs/helpdesk.md).

    from pintar.helpdesk import service as halocik

    ticket = await halocik.open_ticket(form_data, user, memo_upload, now=now)   # {"id", "number"}
    await halocik.act(ticket_id, "ambil", technician, now=now)                 # any transition
    await halocik.act(ticket_id, "konfirmasi", requester, rating=5, ip="10.0.0.7", now=now)
    await halocik.can_view(user, ticket_id)             # also registered with pintar.files
    await halocik.sop_compliance(since, until, now=now) # {"instalasi": [Compliance], ...}
    await halocik.seats_used(software_id), await halocik.installations(pc_id)

Every change goes through ``pintar.workflow`` (permission, legality, history, compare-and-set on
the state) inside one write transaction, together with its notifications (``pintar.notify``
joins the caller's transaction): a refused or rolled-back step notifies nobody, a committed one
is never left unannounced. Opening a ticket is in ``opening.py``, the repository and PCs in
``inventory.py``, the work order's signature in ``workorder.py``; this file re-exports what
other packages may use.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from pintar import clock
from pintar import workflow as wf
from pintar.auth.tables import Person, PersonRole
from pintar.db import write_transaction
from pintar.errors import Conflict, Forbidden, NotFound, UserError
from pintar.files import service as files
from pintar.helpdesk import inventory, notices, specs, workorder
from pintar.helpdesk.flow import (
    FLOWS,
    HELP,
    INSTALL,
    OPENED,
    TAKERS,
    flow_of,
    is_staff,
    relations,
)
from pintar.helpdesk.inventory import installations, seats_used
from pintar.helpdesk.opening import (
    OTHER,
    OWNER_KIND,
    TICKET_FIELDS,
    allocate_number,
    open_ticket,
    read_ticket,
)
from pintar.helpdesk.tables import Pc, Ticket, TicketComment
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar
from pintar.web.forms import form_values, parse_id

MAX_ID = 2**31 - 1  # ids beyond the integer column are simply not found


def may_view(ticket: Mapping[str, Any], user: Any) -> bool:
    """A requester sees only their own tickets; technicians, PJK TI and admins see all."""
    return user is not None and (is_staff(user) or ticket["requester"] == user.id)


def valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


async def can_view(user: Any, ticket_id: int) -> bool:
    if not valid_id(ticket_id):
        return False
    row = await Ticket.select(Ticket.requester, Ticket.assignee).where(
        Ticket.id == ticket_id
    ).first()
    return row is not None and may_view(row, user)


files.register_owner(OWNER_KIND, can_view)

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


# --- the steps -------------------------------------------------------------------------------


def available(ticket: Mapping[str, Any], user: Any, now: dt.datetime) -> list[wf.Transition]:
    """What ``user`` may do with ``ticket`` now (the page loops over these)."""
    return flow_of(ticket["kind"]).available(ticket, user, relations(ticket, user), now=now)


def read_action(form: Mapping[str, Any]) -> dict[str, Any]:
    """The generic action endpoint's fields as ``act``'s arguments (``aksi``, ``versi``,
    ``catatan`` and the extra fields of ``tugaskan`` and ``konfirmasi``); ``act`` judges them."""
    typed = form_values(form, ["aksi", "catatan", "versi", "teknisi", "nilai", "komentar_nilai"])
    return {
        "action": typed["aksi"].strip(),
        "note": typed["catatan"],
        "expected_version": wf.form_version(typed["versi"]),
        "assignee_id": parse_id(typed["teknisi"]),
        "rating": parse_id(typed["nilai"]),
        "rating_comment": typed["komentar_nilai"],
    }



async def act(
    ticket_id: int,
    action: str,
    user: Any,
    *,
    now: dt.datetime | None = None,
    note: str = "",
    expected_version: int | None = None,
    assignee_id: int | None = None,
    rating: int | None = None,
    rating_comment: str = "",
    ip: str = "",
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
            raise UserError(_("Aksi tidak dikenal."), field="aksi")
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
        checking = "spec_check" in flow.state(ticket["state"]).tags

        async def apply(t: wf.Transition) -> None:
            values: dict = {}
            if t.name == "ambil":
                values[Ticket.assignee] = user.id
            elif t.name == "tugaskan":
                values[Ticket.assignee] = assignee_id
            if checking and t.target != ticket["state"]:
                result = await comparison(ticket)  # what the technician saw when deciding
                if result is not None:
                    values[Ticket.check_result] = result.to_json()
            if flow.state(t.target).final:
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
                flow, ticket_id, action, user, relations=relations(ticket, user), note=note,
                expected_version=expected_version, apply=apply, calendar=cal, at=now,
            )
        except Conflict as exc:
            fresh = await get_ticket(ticket_id)
            if (action in ("ambil", "tugaskan") and fresh and fresh["assignee"]
                    and fresh["assignee"] != user.id and fresh["state"] != OPENED.code):
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


async def add_comment(ticket_id: int, user: Any, body: str, *,
                      now: dt.datetime | None = None) -> int:
    now = now or clock.now()
    ticket = await load_for(ticket_id, user)
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise UserError(_("Tulis komentar terlebih dahulu."), field="isi")
    if len(body) > 4000:
        raise UserError(_("Komentar terlalu panjang: paling banyak 4000 karakter."), field="isi")
    async with write_transaction():
        rows = await TicketComment.insert(TicketComment(
            ticket=ticket_id, author=user.id, body=body, at=now
        )).returning(TicketComment.id)
        await notices.commented(ticket, user, body)
    return int(rows[0]["id"])


async def add_document(ticket_id: int, user: Any, upload: Any, label: str = "") -> int | None:
    ticket = await load_for(ticket_id, user)
    if flow_of(ticket["kind"]).state(ticket["state"]).final:
        raise UserError(_("Tiket sudah ditutup; dokumen tidak dapat ditambahkan."), field="berkas")
    return await files.save_upload(upload, owner_kind=OWNER_KIND, owner_id=ticket_id,
                                   uploaded_by=user.id, label=label, required=True)


async def documents(ticket_id: int) -> list[dict]:
    return await files.documents_of(OWNER_KIND, ticket_id)


async def mark_seen(person_id: int, ticket_id: int) -> None:
    """The person opened the ticket: its notifications to them count as read."""
    await notices.seen(person_id, ticket_id)


# --- figures for reports ---------------------------------------------------------------------


async def sop_compliance(since: dt.datetime, until: dt.datetime, calendar: Any = None,
                         now: dt.datetime | None = None) -> dict[str, list[wf.Compliance]]:
    """Per kind of ticket opened in ``[since, until)``: for each judged step, how many finished
    within the SOP's standard (for the Reports issue's quarterly and semester figures)."""
    calendar = calendar or await load_calendar()
    out: dict[str, list[wf.Compliance]] = {}
    for kind, flow in FLOWS.items():
        rows = await Ticket.select(Ticket.id).where(
            (Ticket.kind == kind) & (Ticket.created_at >= since) & (Ticket.created_at < until)
        )
        histories = await wf.histories(flow, [r["id"] for r in rows])
        out[kind] = wf.compliance(flow, histories, calendar, now)
    return out


__all__ = [
    "HELP", "INSTALL", "OTHER", "TICKET_FIELDS", "act", "add_comment", "add_document",
    "allocate_number", "available", "can_view", "comments", "comparison", "documents",
    "get_ticket", "installations", "is_staff", "load_for", "mark_seen", "may_view",
    "open_ticket", "read_action", "read_ticket", "relations", "seats_used", "sop_compliance",
    "staff_people",
]
