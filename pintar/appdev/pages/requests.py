"""Requests: "Permintaan aplikasi saya", the request memo form, the request page with its stage
chart, the one action endpoint, progress notes and documents, the SRS template."""

from __future__ import annotations

from typing import Any

from litestar import Request as HttpRequest
from litestar import Response, get, post
from litestar.params import FromPath

from pintar import workflow as wf
from pintar.appdev import charts, flow, queries, service, srs_template
from pintar.appdev.pages.common import ADMIN, INVOLVED, REQUEST, int_param, now, typed
from pintar.auth.roles import Role
from pintar.errors import Conflict, UserError
from pintar.files.routes import read_form
from pintar.helpdesk.forms import FormInvalid
from pintar.i18n import gettext as _
from pintar.office.calendar import load_calendar
from pintar.web import access
from pintar.web.templating import flash, redirect, render


@get("/aplikasi/permintaan", opt=access.signed_in(), name="appdev_mine")
async def my_requests(request: HttpRequest) -> Response:
    user = request.scope["user"]
    fl = await service.request_flow()
    cal = await load_calendar()
    rows, more = await queries.mine(user.id, before=int_param(request.query_params.get("sebelum")))
    items = await queries.decorate(rows, fl, cal, now())
    return render(request, "appdev/mine.html", {
        "rows": [r for r, _s in items], "more": more, "tz": cal.tz,
        "can_request": user.has_role(*service.REQUESTERS),
        "template": await service.srs_template(),
    })


async def _new_context(values: dict, errors: dict, user: Any) -> dict:
    if not values.get("tim") and user.team_id:
        values["tim"] = str(user.team_id)
    return {"values": values, "errors": errors, "teams": await service.teams(),
            "started": now().isoformat()}


@get("/aplikasi/permintaan/baru", opt=REQUEST, name="appdev_new")
async def new_request(request: HttpRequest) -> Response:
    values = dict.fromkeys(service.REQUEST_FIELDS, "")
    return render(request, "appdev/new.html",
                  await _new_context(values, {}, request.scope["user"]))


@post("/aplikasi/permintaan/baru", opt=REQUEST, name="appdev_create")
async def create_request(request: HttpRequest) -> Response:
    user = request.scope["user"]
    try:
        form = await read_form(request)
    except UserError as exc:
        ctx = await _new_context(dict.fromkeys(service.REQUEST_FIELDS, ""), {"memo": exc.message}, user)
        return render(request, "appdev/new.html", ctx, status_code=exc.status_code)
    values = typed(form, service.REQUEST_FIELDS)
    try:
        req = await service.create_request(form, user, form.get("memo"), now=now())
    except FormInvalid as exc:
        return render(request, "appdev/new.html", await _new_context(values, exc.errors, user),
                      status_code=422)
    flash(request, _("Permintaan %(n)s terkirim ke Ketua TIP.", n=req["number"]))
    return redirect(request, f"/aplikasi/permintaan/{req['id']}")


async def request_context(request: HttpRequest, req: dict, **extra: Any) -> dict[str, Any]:
    user = request.scope["user"]
    fl = await service.request_flow()
    cal = await load_calendar()
    moment = now()
    progs = await service.programmer_ids(req["id"])
    steps = wf.steps(fl, await wf.history(fl, req["id"]), cal, moment)
    actions = service.available(req, user, progs, fl)
    names = {p["id"]: p["name"] for p in await service.people_with(Role.PROGRAMMER)}
    needs = {t.name for t in actions}
    return {
        "req": req, "state": fl.state(req["state"]), "flow": fl,
        "chart": charts.stage_chart(fl, steps, flow.STAGE_CODES, cal, moment),
        "steps": steps, "verdict": charts.verdict,
        "actions": actions, "uploads": flow.UPLOADS, "fields": FIELDS,
        "pjks": await service.people_with(Role.PJK_APLIKASI) if needs & flow.NEEDS_PJK else [],
        "programmers": list(names.items()) if needs & flow.NEEDS_PROGRAMMERS else [],
        "assigned": [names.get(p, "?") for p in progs],
        "documents": await service.stage_documents(req["id"]),
        "stage_labels": {s.code: str(s.label) for s in fl.states} | {"pengajuan": _("Nota dinas permintaan")},
        "notes": await service.notes(req["id"]),
        "can_write": service.may_write(req, user, progs) and not fl.state(req["state"]).final,
        "tz": cal.tz, "now_": moment, "errors": {}, "typed": {}, "template": await service.srs_template(),
        **extra,
    }


# The extra inputs a step needs, beside its note and documents.
FIELDS = {
    "disposisi": "appdev/_fields_disposisi.html",
    "setujui_srs": "appdev/_fields_programmer.html",
    "serahkan_uji": "appdev/_fields_prototipe.html",
    "rilis": "appdev/_fields_rilis.html",
}


@get("/aplikasi/permintaan/{request_id:int}", opt=INVOLVED, name="appdev_request")
async def request_page(request: HttpRequest, request_id: FromPath[int]) -> Response:
    req = await service.load_for(request_id, request.scope["user"])
    return render(request, "appdev/request.html", await request_context(request, req))


@post("/aplikasi/permintaan/{request_id:int}/aksi", opt=INVOLVED, name="appdev_action")
async def request_action(request: HttpRequest, request_id: FromPath[int]) -> Response:
    """The one action endpoint: ``aksi``, ``versi``, ``catatan``, the step's fields and files."""
    user = request.scope["user"]
    values: dict = {}
    try:
        form = await read_form(request)
        values = typed(form, service.ACTION_FIELDS)
        uploads = {u.field: form.get(u.field) for u in flow.UPLOADS.get(values["aksi"], ())}
        fresh = await service.act(request_id, values["aksi"], user, form, uploads=uploads, now=now())
    except FormInvalid as exc:
        return await _again(request, request_id, values, exc.errors, 422)
    except Conflict as exc:
        return await _again(request, request_id, values, {"aksi": exc.message}, 409)
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        return await _again(request, request_id, values, {exc.field or "aksi": exc.message},
                            exc.status_code)
    fl = await service.request_flow()
    flash(request, _("%(n)s: %(state)s.", n=fresh["number"], state=fl.label(fresh["state"])))
    return redirect(request, f"/aplikasi/permintaan/{request_id}")


async def _again(request: HttpRequest, request_id: int, values: dict, errors: dict,
                 status: int) -> Response:
    req = await service.load_for(request_id, request.scope["user"])
    ctx = await request_context(request, req, typed=values, errors=errors)
    return render(request, "appdev/request.html", ctx, status_code=status)


@post("/aplikasi/permintaan/{request_id:int}/catatan", opt=INVOLVED, name="appdev_note")
async def request_note(request: HttpRequest, request_id: FromPath[int]) -> Response:
    form = await request.form()
    body = form.get("isi") if isinstance(form.get("isi"), str) else ""
    try:
        await service.add_note(request_id, request.scope["user"], body, now=now())
    except FormInvalid as exc:
        return await _again(request, request_id, {"isi": body}, exc.errors, 422)
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        return await _again(request, request_id, {"isi": body}, {"isi": exc.message}, exc.status_code)
    flash(request, _("Catatan kemajuan disimpan."))
    return redirect(request, f"/aplikasi/permintaan/{request_id}#catatan")


@post("/aplikasi/permintaan/{request_id:int}/dokumen", opt=INVOLVED, name="appdev_document")
async def request_document(request: HttpRequest, request_id: FromPath[int]) -> Response:
    try:
        form = await read_form(request)
        label = form.get("keterangan") if isinstance(form.get("keterangan"), str) else ""
        await service.add_document(request_id, request.scope["user"], form.get("lampiran"), label)
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        return await _again(request, request_id, {}, {"lampiran": exc.message}, exc.status_code)
    flash(request, _("Dokumen ditambahkan."))
    return redirect(request, f"/aplikasi/permintaan/{request_id}#dokumen")


@get("/aplikasi/templat-srs", opt=access.signed_in(), name="appdev_srs_template")
async def download_template(request: HttpRequest) -> Response:
    doc = await service.srs_template()
    if doc is not None:
        return redirect(request, f"{doc['url']}?unduh=1")
    office = request.app.state.get("office_summary") or {}
    return Response(
        content=srs_template.build(office.get("name", "") if isinstance(office, dict) else ""),
        media_type=srs_template.CONTENT_TYPE,
        headers={"content-disposition": f'attachment; filename="{srs_template.FILENAME}"',
                 "x-content-type-options": "nosniff", "cache-control": "private"},
    )


@get("/admin/templat-srs", opt=ADMIN, name="appdev_template_admin")
async def template_admin(request: HttpRequest) -> Response:
    return render(request, "appdev/template.html",
                  {"template": await service.srs_template(), "errors": {}})


@post("/admin/templat-srs", opt=ADMIN, name="appdev_template_replace")
async def template_replace(request: HttpRequest) -> Response:
    try:
        form = await read_form(request)
        await service.replace_template(request.scope["user"], form.get("templat"))
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        return render(request, "appdev/template.html",
                      {"template": await service.srs_template(), "errors": {"templat": exc.message}},
                      status_code=exc.status_code if exc.status_code != 400 else 422)
    flash(request, _("Templat SRS diganti."))
    return redirect(request, "/admin/templat-srs")


ROUTES = [my_requests, new_request, create_request, request_page, request_action, request_note,
          request_document, download_template, template_admin, template_replace]
