"""Requesters' pages ("Tiket saya", a new ticket) and the ticket page with its one action
endpoint (the page loops over what the viewer may do; see docs/modules.md, "Screens")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath

from pintar.errors import Conflict, UserError
from pintar.helpdesk import inventory, queries, service, specs
from pintar.helpdesk.flow import INSTALL, KIND_LABELS, flow_of
from pintar.helpdesk.tables import Software
from pintar.i18n import gettext as _
from pintar.office.calendar import WorkCalendar
from pintar.web import access, provide
from pintar.web.forms import FormInvalid, form_values, parse_id, read_form
from pintar.web.htmx import redirect
from pintar.web.templating import flash, render


class RequesterPages(Controller):
    """What every signed-in person does: their tickets, and opening one."""

    path = "/halocik"
    opt = access.signed_in()
    dependencies = provide.COMMON

    @get("/saya", name="helpdesk_mine")
    async def mine(self, request: Request, user: provide.User, calendar: provide.Calendar) -> Response:
        before = parse_id(request.query_params.get("sebelum"))
        rows, more = await queries.my_tickets(user, before=before)
        return render(request, "helpdesk/mine.html", {
            "rows": rows, "more": more, "kinds": KIND_LABELS, "tz": calendar.tz,
            "is_staff": service.is_staff(user),
        })

    @get("/tiket/baru", name="helpdesk_new")
    async def new(self, request: Request, user: provide.User, now: provide.Now) -> Response:
        values = dict.fromkeys(service.TICKET_FIELDS, "")
        values["kind"] = request.query_params.get("jenis") or INSTALL
        return render(request, "helpdesk/new.html", await _new_context(user, now, values, {}))

    @post("/tiket/baru", name="helpdesk_create")
    async def create(self, request: Request, user: provide.User, now: provide.Now) -> Response:
        form = await read_form(request)
        try:
            created = await service.open_ticket(form, user, form.get("memo"), now=now)
        except FormInvalid as exc:
            return await _new_again(request, user, now, form, exc.errors, exc.status_code)
        except UserError as exc:
            return await _new_again(request, user, now, form, {exc.field or "memo": exc.message},
                                    exc.status_code)
        flash(request, _("Tiket %(n)s sudah dibuat. Dokumen Perintah Kerja tersedia di halaman "
                         "tiket.", n=created["number"]))
        return redirect(request, f"/halocik/tiket/{created['id']}")


async def _new_context(user: Any, now: dt.datetime, values: dict[str, str],
                       errors: dict[str, str]) -> dict:
    software = await Software.select(Software.id, Software.name, Software.version).where(
        Software.active == True  # noqa: E712
    ).order_by(Software.name)
    pcs = await inventory.pcs_for(user.id)
    if not values.get("pc"):
        own = next((p for p in pcs if p["holder"] == user.id), None)
        values["pc"] = str(own["id"]) if own else ""
    return {"values": values, "errors": errors, "software": software, "pcs": pcs,
            "kinds": KIND_LABELS, "other": service.OTHER, "started": now.isoformat()}


async def _new_again(request: Request, user: Any, now: dt.datetime, form: Any,
                     errors: dict[str, str], status: int) -> Response:
    values = form_values(form, service.TICKET_FIELDS)
    ctx = await _new_context(user, now, values, errors)
    return render(request, "helpdesk/new.html", ctx, status_code=status)


class TicketPages(Controller):
    """One ticket: its page, its one action endpoint, comments, documents, the work order."""

    path = "/halocik/tiket/{ticket_id:int}"
    opt = access.object_level("pemohon tiket, atau Teknisi/PJK TI/Admin")
    dependencies = provide.COMMON

    @get("/", name="helpdesk_ticket")
    async def page(self, request: Request, user: provide.User, now: provide.Now, calendar: provide.Calendar,
                   ticket_id: FromPath[int]) -> Response:
        ticket = await service.load_for(ticket_id, user)
        await service.mark_seen(user.id, ticket_id)
        return await _ticket_page(request, ticket, user, now, calendar)

    @post("/aksi", name="helpdesk_ticket_action")
    async def action(self, request: Request, user: provide.User, now: provide.Now, calendar: provide.Calendar,
                     ticket_id: FromPath[int]) -> Response:
        form = await read_form(request)
        fields = service.read_action(form)
        try:
            fresh = await service.act(ticket_id, user=user, now=now, ip=provide.client_ip(request),
                                      **fields)
        except (Conflict, UserError) as exc:
            if exc.status_code in (403, 404):
                raise
            ticket = await service.load_for(ticket_id, user)
            typed = form_values(form, ["aksi", "catatan", "teknisi", "nilai", "komentar_nilai"])
            return await _ticket_page(request, ticket, user, now, calendar, typed=typed,
                                      errors={exc.field or "aksi": exc.message},
                                      status=409 if isinstance(exc, Conflict) else 422)
        flash(request, _("Tiket %(n)s: %(state)s.", n=fresh["number"],
                         state=flow_of(fresh["kind"]).label(fresh["state"])))
        return redirect(request, f"/halocik/tiket/{ticket_id}")

    @post("/komentar", name="helpdesk_comment")
    async def comment(self, request: Request, user: provide.User, now: provide.Now,
                      calendar: provide.Calendar, ticket_id: FromPath[int]) -> Response:
        form = await read_form(request)
        body = form_values(form, ["isi"])["isi"]
        try:
            await service.add_comment(ticket_id, user, body, now=now)
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            ticket = await service.load_for(ticket_id, user)
            return await _ticket_page(request, ticket, user, now, calendar, typed={"isi": body},
                                      errors={"isi": exc.message}, status=422)
        flash(request, _("Komentar terkirim."))
        return redirect(request, f"/halocik/tiket/{ticket_id}#komentar")

    @post("/dokumen", name="helpdesk_document")
    async def document(self, request: Request, user: provide.User, now: provide.Now,
                       calendar: provide.Calendar, ticket_id: FromPath[int]) -> Response:
        try:
            form = await read_form(request)
            label = form_values(form, ["keterangan"])["keterangan"]
            await service.add_document(ticket_id, user, form.get("berkas"), label)
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            ticket = await service.load_for(ticket_id, user)
            return await _ticket_page(request, ticket, user, now, calendar,
                                      errors={"berkas": exc.message}, status=exc.status_code)
        flash(request, _("Dokumen ditambahkan."))
        return redirect(request, f"/halocik/tiket/{ticket_id}#dokumen")

    @get("/perintah-kerja", name="helpdesk_workorder")
    async def work_order(self, request: Request, user: provide.User, now: provide.Now,
                         calendar: provide.Calendar, ticket_id: FromPath[int]) -> Response:
        ticket = await service.load_for(ticket_id, user)
        ctx = await _ticket_context(ticket, user, now, calendar)
        ctx["check"] = specs.Comparison.from_json(ticket["check_result"])
        return render(request, "helpdesk/workorder.html", ctx)


async def _ticket_context(ticket: dict, user: Any, now: dt.datetime, calendar: WorkCalendar,
                          **extra: Any) -> dict[str, Any]:
    view = await queries.ticket_view(ticket, user, calendar, now)
    return {**view, "kinds": KIND_LABELS, "tz": calendar.tz, "errors": {}, "typed": {}, **extra}


async def _ticket_page(request: Request, ticket: dict, user: Any, now: dt.datetime,
                       calendar: WorkCalendar, *, status: int = 200, **extra: Any) -> Response:
    ctx = await _ticket_context(ticket, user, now, calendar, **extra)
    return render(request, "helpdesk/ticket.html", ctx, status_code=status)


ROUTES = [RequesterPages, TicketPages]
