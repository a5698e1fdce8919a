"""The technicians' queue and its inline status control (one request changes the step; htmx
gets that row and the counters out of band, a plain form gets the queue again)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath

from pintar.errors import Conflict, Forbidden, NotFound, UserError
from pintar.helpdesk import queries, service
from pintar.helpdesk.flow import STAFF_ROLES, flow_of
from pintar.i18n import gettext as _
from pintar.office.calendar import WorkCalendar
from pintar.web import access, provide
from pintar.web.forms import form_values, read_form
from pintar.web.htmx import redirect, wants_fragment
from pintar.web.templating import flash, render
from pintar.web.urls import safe_local_url

TEMPLATE = "helpdesk/queue.html"
STAFF = access.roles(*STAFF_ROLES)


def queue_url(filter_name: str, q: str = "", cursor: str | None = None) -> str:
    params = {"filter": filter_name}
    if q:
        params["q"] = q
    if cursor:
        params["c"] = cursor
    return "/halocik/antrean?" + urlencode(params)


async def _context(user: Any, now: dt.datetime, calendar: WorkCalendar, filter_name: str, q: str,
                   cursor: str | None, **extra: Any) -> dict[str, Any]:
    async with queries.reading():
        found = await queries.page(user, filter_name, q, cursor, now=now)
        counts = await queries.counters(user, now=now)
    return {
        "filters": queries.FILTERS,
        "filter": found.filter,
        "q": found.q,
        "rows": queries.decorate(found.rows, user, calendar, now),
        "next_url": queue_url(found.filter, found.q, found.next_cursor) if found.next_cursor else "",
        "first_page": not cursor,
        "broad": found.broad,
        "counts": counts,
        "back_url": queue_url(found.filter, found.q, cursor),
        "row_messages": {},
        "typed": {},
        "oob": False,
        "tz": calendar.tz,
        **extra,
    }


class QueuePages(Controller):
    path = "/halocik/antrean"
    opt = STAFF
    dependencies = provide.COMMON

    @get("/", name="helpdesk_queue")
    async def queue(self, request: Request, user: provide.User, now: provide.Now,
                    calendar: provide.Calendar) -> Response:
        params = request.query_params
        ctx = await _context(user, now, calendar, params.get("filter", queries.DEFAULT_FILTER),
                             (params.get("q") or "")[:100], params.get("c"))
        # Search as you type and "next page" swap only the results.
        return render(request, TEMPLATE, ctx, block="results")

    @post("/{ticket_id:int}/status", name="helpdesk_queue_status")
    async def status(self, request: Request, user: provide.User, now: provide.Now,
                     calendar: provide.Calendar, ticket_id: FromPath[int]) -> Response:
        form = await read_form(request)
        fields = service.read_action(form)
        back = safe_local_url(form_values(form, ["kembali"])["kembali"],
                         queue_url(queries.DEFAULT_FILTER))
        message: tuple[str, str] | None = None
        status = 200
        try:
            if not fields["action"]:
                raise UserError(_("Pilih status baru."), field="aksi")
            fresh = await service.act(ticket_id, fields["action"], user, now=now,
                                      note=fields["note"],
                                      expected_version=fields["expected_version"])
            text = _("Tiket %(n)s: %(state)s.", n=fresh["number"],
                     state=flow_of(fresh["kind"]).label(fresh["state"]))
            if not wants_fragment(request):
                flash(request, text)
                return redirect(request, back)
            message = ("success", text)
        except (Forbidden, NotFound):
            raise
        except Conflict as exc:
            message, status = ("error", exc.message), 409
        except UserError as exc:
            message, status = ("error", exc.message), 422
        async with queries.reading():
            row = await queries.one(ticket_id)
            counts = await queries.counters(user, now=now)
        if row is None:
            raise NotFound(_("Tiket tidak ditemukan."))
        typed = ({ticket_id: {"aksi": fields["action"], "catatan": fields["note"]}}
                 if status != 200 else {})
        if wants_fragment(request):
            ctx = {
                "rows": queries.decorate([row], user, calendar, now),
                "counts": counts,
                "back_url": back, "row_messages": {ticket_id: message}, "typed": typed,
                "oob": True, "broad": False, "filters": queries.FILTERS,
                "filter": _filter_of(back), "tz": calendar.tz,
            }
            # A refusal keeps its status (409 stale, 422 missing reason): the layout tells htmx
            # to swap 4xx answers too, so the person sees the fresh row with the message.
            return render(request, TEMPLATE, ctx, block=["rows", "counters"], status_code=status)
        # Without JavaScript: the queue again, fresh, with the message on the row and what was
        # typed.
        ctx = await _context(user, now, calendar, _filter_of(back), "", None,
                             row_messages={ticket_id: message}, typed=typed)
        ctx["back_url"] = back
        if not any(r["id"] == ticket_id for r in ctx["rows"]):
            ctx["rows"] = queries.decorate([row], user, calendar, now) + ctx["rows"]
        return render(request, TEMPLATE, ctx, status_code=status)


def _filter_of(url: str) -> str:
    values = parse_qs(urlsplit(url).query).get("filter")
    return values[0] if values and values[0] in queries.FILTERS else queries.DEFAULT_FILTER


ROUTES = [QueuePages]
