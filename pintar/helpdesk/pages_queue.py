"""The technicians' queue and its inline status control."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from litestar import Request, Response, get, post
from litestar.params import FromPath

from pintar import workflow as wf
from pintar.errors import Conflict, Forbidden, NotFound, UserError
from pintar.helpdesk import queue, tickets
from pintar.helpdesk.flows import flow_of
from pintar.helpdesk.webutil import STAFF, now, queue_url, redirect, safe_back
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar
from pintar.web.templating import flash, render, wants_fragment

TEMPLATE = "helpdesk/queue.html"


async def _context(request: Request, filter_name: str, q: str, cursor: str | None,
                   **extra: Any) -> dict[str, Any]:
    user = request.scope["user"]
    moment = now()
    cal = await load_calendar()
    async with queue.reading():
        found = await queue.page(user, filter_name, q, cursor, now=moment)
        counts = await queue.counters(user, now=moment)
    return {
        "filters": queue.FILTERS,
        "filter": found.filter,
        "q": found.q,
        "rows": queue.decorate(found.rows, user, cal, moment),
        "next_url": queue_url(found.filter, found.q, found.next_cursor) if found.next_cursor else "",
        "first_page": not cursor,
        "broad": found.broad,
        "counts": counts,
        "back_url": queue_url(found.filter, found.q, cursor),
        "row_messages": {},
        "typed": {},
        "oob": False,
        "tz": cal.tz,
        **extra,
    }


@get("/halocik/antrean", opt=STAFF, name="helpdesk_queue")
async def queue_page(request: Request) -> Response:
    params = request.query_params
    ctx = await _context(request, params.get("filter", queue.DEFAULT_FILTER),
                         (params.get("q") or "")[:100], params.get("c"))
    # Search as you type and "next page" swap only the results.
    return render(request, TEMPLATE, ctx, block="results")


@post("/halocik/antrean/{ticket_id:int}/status", opt=STAFF, name="helpdesk_queue_status")
async def queue_status(request: Request, ticket_id: FromPath[int]) -> Response:
    """One request changes the step; htmx gets that row and the counters (out of band)."""
    user = request.scope["user"]
    form = await request.form()
    action = str(form.get("aksi") or "")
    note = str(form.get("catatan") or "")
    back = safe_back(form.get("kembali"), queue_url(queue.DEFAULT_FILTER))
    message: tuple[str, str] | None = None
    status = 200
    try:
        if not action:
            raise UserError(_("Pilih status baru."), field="aksi")
        fresh = await tickets.act(ticket_id, action, user, note=note,
                                  expected_version=wf.form_version(form.get("versi")))
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
    cal = await load_calendar()
    async with queue.reading():
        row = await queue.one(ticket_id)
        counts = await queue.counters(user)
    if row is None:
        raise NotFound(_("Tiket tidak ditemukan."))
    typed = {ticket_id: {"aksi": action, "catatan": note}} if status != 200 else {}
    if wants_fragment(request):
        ctx = {
            "rows": queue.decorate([row], user, cal, now()),
            "counts": counts,
            "back_url": back, "row_messages": {ticket_id: message}, "typed": typed,
            "oob": True, "broad": False, "filters": queue.FILTERS, "filter": _filter_of(back), "tz": cal.tz,
        }
        # A refusal keeps its status (409 stale, 422 missing reason): the layout tells htmx to
        # swap 4xx answers too, so the person sees the fresh row with the message.
        return render(request, TEMPLATE, ctx, block=["rows", "counters"], status_code=status)
    # Without JavaScript: the queue again, fresh, with the message on the row and what was typed.
    ctx = await _context(request, _filter_of(back), "", None,
                         row_messages={ticket_id: message}, typed=typed)
    ctx["back_url"] = back
    if not any(r["id"] == ticket_id for r in ctx["rows"]):
        ctx["rows"] = queue.decorate([row], user, cal, now()) + ctx["rows"]
    return render(request, TEMPLATE, ctx, status_code=status)


def _filter_of(url: str) -> str:
    values = parse_qs(urlsplit(url).query).get("filter")
    return values[0] if values and values[0] in queue.FILTERS else queue.DEFAULT_FILTER


ROUTES = [queue_page, queue_status]
