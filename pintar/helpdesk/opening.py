"""Opening a ticket: the form's rules, the memo, the number and the first history row.

    ticket = await open_ticket(form_data, user, memo_upload)      # {"id", "number"}
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from pintar import clock
from pintar import workflow as wf
from pintar.db import write_transaction
from pintar.errors import UserError
from pintar.files import service as files
from pintar.helpdesk import inventory, notices
from pintar.helpdesk.flow import INSTALL, KINDS, flow_of
from pintar.helpdesk.tables import Pc, Software, Ticket, TicketCounter
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar
from pintar.web.forms import FormInvalid, Reader, parse_id

TICKET_FIELDS = ["kind", "software", "software_other", "pc", "reason", "drafted_at"]
OTHER = "lain"
OWNER_KIND = "helpdesk_ticket"  # what the ticket's documents belong to (pintar.files)


async def allocate_number(year: int) -> tuple[int, str]:
    """The next number of ``year`` (call inside the write transaction that inserts the ticket).

    The counter row is bumped with column arithmetic, so the row lock (PostgreSQL) or the write
    lock (SQLite) serialises concurrent openings; the unique (year, seq) and number indexes
    guard the result.
    """
    await TicketCounter.insert(TicketCounter(year=year, last=0)).on_conflict(
        target=TicketCounter.year, action="DO NOTHING"
    )
    rows = await TicketCounter.update({TicketCounter.last: TicketCounter.last + 1}).where(
        TicketCounter.year == year
    ).returning(TicketCounter.last)
    seq = int(rows[0]["last"])
    return seq, f"HC-{year}-{seq:05d}"


async def read_ticket(data: Mapping[str, Any], user: Any, *, now: dt.datetime) -> dict[str, Any]:
    r = Reader(data)
    kind = r.choice("kind", _("Jenis permintaan"), KINDS)
    values: dict[str, Any] = {"kind": kind, "software": None, "software_other": "",
                              "software_label": "", "pc": None}
    values["reason"] = r.text("reason", _("Alasan/keperluan"), limit=2000, required=True,
                              multiline=True)
    choice = r.raw("software").strip()
    pc_raw = r.integer("pc", _("PC"), minimum=1, maximum=2**31 - 1, required=kind == INSTALL)
    if kind == INSTALL:
        if choice == OTHER:
            other = r.text("software_other", _("Nama perangkat lunak"), limit=150, required=True)
            values.update(software_other=other, software_label=other)
        elif parse_id(choice) is not None:
            sw = await Software.select().where(
                (Software.id == parse_id(choice)) & (Software.active == True)  # noqa: E712
            ).first()
            if sw is None:
                r.fail("software", _("Perangkat lunak tidak ada di repositori."))
            else:
                values.update(software=sw["id"], software_label=inventory.software_label(sw))
        else:
            r.fail("software", _("Pilih perangkat lunak dari repositori, atau “Lainnya”."))
    if pc_raw is not None:
        pc = await Pc.select(Pc.id).where((Pc.id == pc_raw) & (Pc.active == True)).first()  # noqa: E712
        if pc is None:
            r.fail("pc", _("PC tidak ada di inventaris."))
        else:
            values["pc"] = pc_raw
    values["drafted_at"] = _drafted(r.raw("drafted_at"), now)
    r.done()
    return values


def _drafted(raw: str, now: dt.datetime) -> dt.datetime | None:
    """When the form was opened (a hidden field), if it is plausible (within the last 12 hours)."""
    try:
        moment = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment if now - dt.timedelta(hours=12) <= moment <= now else None


async def open_ticket(data: Mapping[str, Any], user: Any, memo: Any = None, *,
                      now: dt.datetime | None = None) -> dict[str, Any]:
    """Validate and open a ticket with its number, memo and history: SOP step 1 (``diisi``,
    from when the form was opened) and its submission (``ajukan``, now, with the memo)."""
    now = now or clock.now()
    errors: dict[str, str] = {}
    try:
        values = await read_ticket(data, user, now=now)
    except FormInvalid as exc:
        errors.update(exc.errors)
        values = {"kind": data.get("kind")}
    if values.get("kind") == INSTALL or files.has_file(memo):
        if not files.has_file(memo):
            if values.get("kind") == INSTALL:
                errors["memo"] = _("Lampirkan nota dinas kebutuhan instalasi yang ditandatangani "
                                   "minimal Ketua Tim.")
        else:
            try:
                await files.check_upload(memo)
            except UserError as exc:
                errors["memo"] = exc.message
    if errors:
        raise FormInvalid(errors)
    flow = flow_of(values["kind"])
    cal = await load_calendar()
    async with write_transaction():
        seq, number = await allocate_number(now.astimezone(cal.tz).year)
        rows = await Ticket.insert(Ticket(
            number=number, year=now.astimezone(cal.tz).year, seq=seq, kind=values["kind"],
            requester=user.id, software=values["software"],
            software_other=values["software_other"],
            other_key=values["software_other"].lower()[:150],
            software_label=values["software_label"], pc=values["pc"], reason=values["reason"],
            state=flow.initial, created_at=now,
        )).returning(Ticket.id)
        ticket_id = int(rows[0]["id"])
        memo_id = await files.save_upload(
            memo, owner_kind=OWNER_KIND, owner_id=ticket_id, uploaded_by=user.id,
            label=_("Nota dinas"), required=values["kind"] == INSTALL,
        )
        if memo_id:
            await Ticket.update({Ticket.memo: memo_id}).where(Ticket.id == ticket_id)
        await wf.start(flow, ticket_id, user.id, at=now, drafted_at=values["drafted_at"],
                       calendar=cal, document_id=memo_id)
        await notices.opened(ticket_id, number, values, user)
    return {"id": ticket_id, "number": number}
