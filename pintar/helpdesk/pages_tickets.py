"""Requesters' pages ("Tiket saya", new ticket) and the ticket page with its actions."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from pintar import workflow as wf
from pintar.errors import Conflict, UserError
from pintar.helpdesk import adapters, inventory, specs, tickets, timeline, workorder
from pintar.helpdesk.flows import INSTALL, KIND_LABELS, flow_of
from pintar.helpdesk.forms import FormInvalid, form_values
from pintar.helpdesk.tables import Software
from pintar.helpdesk.webutil import client_ip, int_or_none, now, redirect
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar
from pintar.web import access
from pintar.web.templating import flash, render

OWN = access.object_level("pemohon tiket, atau Teknisi/PJK TI/Admin")


@get("/halocik/saya", opt=access.signed_in(), name="helpdesk_mine")
async def my_tickets(request: Request) -> Response:
    user = request.scope["user"]
    rows, more = await tickets.my_tickets(user, before=int_or_none(request.query_params.get("sebelum")))
    cal = await load_calendar()
    return render(request, "helpdesk/mine.html", {
        "rows": rows, "more": more, "kinds": KIND_LABELS, "tz": cal.tz,
        "is_staff": tickets.is_staff(user),
    })


async def _new_context(request: Request, values: dict[str, str], errors: dict[str, str]) -> dict:
    user = request.scope["user"]
    software = await Software.select(Software.id, Software.name, Software.version).where(
        Software.active == True  # noqa: E712
    ).order_by(Software.name)
    pcs = await inventory.pcs_for(user.id)
    if not values.get("pc"):
        own = next((p for p in pcs if p["holder"] == user.id), None)
        values["pc"] = str(own["id"]) if own else ""
    return {"values": values, "errors": errors, "software": software, "pcs": pcs,
            "kinds": KIND_LABELS, "other": tickets.OTHER, "started": now().isoformat(),
            "files_ok": adapters.files_available()}


@get("/halocik/tiket/baru", opt=access.signed_in(), name="helpdesk_new")
async def new_ticket(request: Request) -> Response:
    values = dict.fromkeys(tickets.TICKET_FIELDS, "")
    values["kind"] = request.query_params.get("jenis") or INSTALL
    return render(request, "helpdesk/new.html", await _new_context(request, values, {}))


@post("/halocik/tiket/baru", opt=access.signed_in(), name="helpdesk_create")
async def create_ticket(request: Request) -> Response:
    form = await adapters.read_form(request)
    try:
        created = await tickets.open_ticket(form, request.scope["user"], form.get("memo"))
    except FormInvalid as exc:
        values = form_values(form, tickets.TICKET_FIELDS)
        ctx = await _new_context(request, values, exc.errors)
        return render(request, "helpdesk/new.html", ctx, status_code=exc.status_code)
    except UserError as exc:
        values = form_values(form, tickets.TICKET_FIELDS)
        ctx = await _new_context(request, values, {exc.field or "memo": exc.message})
        return render(request, "helpdesk/new.html", ctx, status_code=exc.status_code)
    flash(request, _("Tiket %(n)s sudah dibuat. Dokumen Perintah Kerja tersedia di halaman tiket.",
                     n=created["number"]))
    return redirect(request, f"/halocik/tiket/{created['id']}")


async def ticket_context(request: Request, ticket: dict, **extra: Any) -> dict[str, Any]:
    user = request.scope["user"]
    flow = flow_of(ticket["kind"])
    cal = await load_calendar()
    events = await wf.history(flow, ticket["id"])
    actions = tickets.available(ticket, user)
    staff = tickets.is_staff(user)
    check = None
    if staff and ticket["kind"] == INSTALL:
        check = (await tickets.comparison(ticket) if ticket["state"] == "dicek"
                 else specs.Comparison.from_json(ticket["check_result"]))
    state = flow.state(ticket["state"])
    return {
        "ticket": ticket, "flow": flow, "state": state, "kinds": KIND_LABELS,
        "actions": [t for t in actions if t.name not in ("tugaskan", "konfirmasi")],
        "can_assign": any(t.name == "tugaskan" for t in actions),
        "can_confirm": any(t.name == "konfirmasi" for t in actions),
        "technicians": await tickets.staff_people() if any(t.name == "tugaskan" for t in actions) else [],
        "check": check, "is_staff": staff,
        "lines": timeline.build(ticket, events, cal),
        "documents": await adapters.documents_of(ticket["id"]),
        "comments": await tickets.comments(ticket["id"]),
        "signature_ok": await workorder.verify(ticket, flow),
        "files_ok": adapters.files_available(),
        "tz": cal.tz, "errors": {}, "typed": {}, "version": ticket["version"],
        **extra,
    }


@get("/halocik/tiket/{ticket_id:int}", opt=OWN, name="helpdesk_ticket")
async def ticket_page(request: Request, ticket_id: FromPath[int]) -> Response:
    user = request.scope["user"]
    ticket = await tickets.load_for(ticket_id, user)
    await adapters.mark_seen(user.id, ticket_id)
    return render(request, "helpdesk/ticket.html", await ticket_context(request, ticket))


@post("/halocik/tiket/{ticket_id:int}/aksi", opt=OWN, name="helpdesk_ticket_action")
async def ticket_action(request: Request, ticket_id: FromPath[int]) -> Response:
    user = request.scope["user"]
    form = await request.form()
    typed = form_values(form, ["aksi", "catatan", "teknisi", "nilai", "komentar_nilai"])
    try:
        fresh = await tickets.act(
            ticket_id, typed["aksi"], user, note=typed["catatan"],
            expected_version=wf.form_version(form.get("versi")),
            assignee_id=int_or_none(typed["teknisi"]), rating=int_or_none(typed["nilai"]),
            rating_comment=typed["komentar_nilai"], ip=client_ip(request),
        )
    except (Conflict, UserError) as exc:
        if exc.status_code in (403, 404):
            raise
        ticket = await tickets.load_for(ticket_id, user)
        ctx = await ticket_context(request, ticket, typed=typed,
                                   errors={exc.field or "aksi": exc.message})
        return render(request, "helpdesk/ticket.html", ctx,
                      status_code=409 if isinstance(exc, Conflict) else 422)
    flash(request, _("Tiket %(n)s: %(state)s.", n=fresh["number"],
                     state=flow_of(fresh["kind"]).label(fresh["state"])))
    return redirect(request, f"/halocik/tiket/{ticket_id}")


@post("/halocik/tiket/{ticket_id:int}/komentar", opt=OWN, name="helpdesk_comment")
async def ticket_comment(request: Request, ticket_id: FromPath[int]) -> Response:
    user = request.scope["user"]
    form = await request.form()
    body = str(form.get("isi") or "")
    try:
        await tickets.add_comment(ticket_id, user, body)
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        ticket = await tickets.load_for(ticket_id, user)
        ctx = await ticket_context(request, ticket, typed={"isi": body}, errors={"isi": exc.message})
        return render(request, "helpdesk/ticket.html", ctx, status_code=422)
    flash(request, _("Komentar terkirim."))
    return redirect(request, f"/halocik/tiket/{ticket_id}#komentar")


@post("/halocik/tiket/{ticket_id:int}/dokumen", opt=OWN, name="helpdesk_document")
async def ticket_document(request: Request, ticket_id: FromPath[int]) -> Response:
    user = request.scope["user"]
    try:
        form = await adapters.read_form(request)
        label = str(form.get("keterangan") or "")
        await tickets.add_document(ticket_id, user, form.get("berkas"), label)
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        ticket = await tickets.load_for(ticket_id, user)
        ctx = await ticket_context(request, ticket, errors={"berkas": exc.message})
        return render(request, "helpdesk/ticket.html", ctx, status_code=exc.status_code)
    flash(request, _("Dokumen ditambahkan."))
    return redirect(request, f"/halocik/tiket/{ticket_id}#dokumen")


@get("/halocik/tiket/{ticket_id:int}/perintah-kerja", opt=OWN, name="helpdesk_workorder")
async def work_order(request: Request, ticket_id: FromPath[int]) -> Response:
    ticket = await tickets.load_for(ticket_id, request.scope["user"])
    ctx = await ticket_context(request, ticket)
    ctx["check"] = specs.Comparison.from_json(ticket["check_result"])
    return render(request, "helpdesk/workorder.html", ctx)


ROUTES = [my_tickets, new_ticket, create_ticket, ticket_page, ticket_action, ticket_comment,
          ticket_document, work_order]
