"""Requests: "Permintaan aplikasi saya", the request memo form, the request page (stage chart,
the shared timeline and actions), its one action endpoint, progress notes and documents, and the
SRS template."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath

from pintar import workflow as wf
from pintar.appdev import charts, flow, queries, service, srs_template
from pintar.appdev.pages.common import ADMIN, INVOLVED, REQUEST, typed
from pintar.auth.roles import Role
from pintar.errors import Conflict, UserError
from pintar.i18n import gettext as _
from pintar.office.calendar import WorkCalendar
from pintar.web import access, provide
from pintar.web.forms import FormInvalid, parse_id, read_form
from pintar.web.templating import flash, redirect, render


class RequesterPages(Controller):
    """Everyone's list of their own requests; a Ketua Tim's request memo."""

    path = "/aplikasi/permintaan"
    opt = access.signed_in()
    dependencies = provide.COMMON

    @get("/", name="appdev_mine")
    async def mine(self, request: Request, user: provide.User, now: provide.Now,
                   calendar: provide.Calendar) -> Response:
        fl = await service.request_flow()
        rows, more = await queries.mine(user.id, before=parse_id(request.query_params.get("sebelum")))
        items = await queries.decorate(rows, fl, calendar, now)
        return render(request, "appdev/mine.html", {
            "rows": [r for r, _s in items], "more": more, "tz": calendar.tz,
            "can_request": user.has_role(*service.REQUESTERS),
        })

    @get("/baru", opt=REQUEST, name="appdev_new")
    async def new(self, request: Request, user: provide.User, now: provide.Now) -> Response:
        values = dict.fromkeys(service.REQUEST_FIELDS, "")
        return render(request, "appdev/new.html", await _new_context(values, {}, user, now))

    @post("/baru", opt=REQUEST, name="appdev_create")
    async def create(self, request: Request, user: provide.User, now: provide.Now) -> Response:
        values = dict.fromkeys(service.REQUEST_FIELDS, "")
        try:
            form = await read_form(request)
            values = typed(form, service.REQUEST_FIELDS)
            req = await service.create_request(form, user, form.get("memo"), now=now)
        except FormInvalid as exc:
            return render(request, "appdev/new.html",
                          await _new_context(values, exc.errors, user, now), status_code=422)
        except UserError as exc:  # an unreadable or oversize body
            return render(request, "appdev/new.html",
                          await _new_context(values, {"memo": exc.message}, user, now),
                          status_code=exc.status_code)
        flash(request, _("Permintaan %(n)s terkirim ke Ketua TIP.", n=req["number"]))
        return redirect(request, f"/aplikasi/permintaan/{req['id']}")


async def _new_context(values: dict, errors: dict, user: Any, now: dt.datetime) -> dict:
    if not values.get("tim") and user.team_id:
        values["tim"] = str(user.team_id)
    return {"values": values, "errors": errors, "teams": await service.teams(),
            "started": now.isoformat()}


class RequestPages(Controller):
    """One request: its page, its one action endpoint, progress notes and documents."""

    path = "/aplikasi/permintaan/{request_id:int}"
    opt = INVOLVED
    dependencies = provide.COMMON

    @get("/", name="appdev_request")
    async def page(self, request: Request, user: provide.User, now: provide.Now,
                   calendar: provide.Calendar, request_id: FromPath[int]) -> Response:
        req = await service.load_for(request_id, user)
        await service.mark_seen(user.id, request_id, now)
        return await _request_page(request, req, user, now, calendar)

    @post("/aksi", name="appdev_action")
    async def action(self, request: Request, user: provide.User, now: provide.Now,
                     calendar: provide.Calendar, request_id: FromPath[int]) -> Response:
        """``aksi``, ``versi``, ``catatan``, the step's fields and its documents."""
        values: dict = {}
        try:
            form = await read_form(request)
            values = typed(form, service.ACTION_FIELDS)
            uploads = {u.field: form.get(u.field) for u in flow.UPLOADS.get(values["aksi"], ())}
            fresh = await service.act(request_id, values["aksi"], user, form, uploads=uploads,
                                      expected_version=wf.form_version(form.get("versi")), now=now)
        except FormInvalid as exc:
            return await _again(request, request_id, user, now, calendar, values, exc.errors, 422)
        except Conflict as exc:
            return await _again(request, request_id, user, now, calendar, values,
                                {"aksi": exc.message}, 409)
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            return await _again(request, request_id, user, now, calendar, values,
                                {exc.field or "aksi": exc.message}, exc.status_code)
        fl = await service.request_flow()
        flash(request, _("%(n)s: %(state)s.", n=fresh["number"], state=fl.label(fresh["state"])))
        return redirect(request, f"/aplikasi/permintaan/{request_id}")

    @post("/catatan", name="appdev_note")
    async def note(self, request: Request, user: provide.User, now: provide.Now,
                   calendar: provide.Calendar, request_id: FromPath[int]) -> Response:
        form = await request.form()
        body = form.get("isi") if isinstance(form.get("isi"), str) else ""
        try:
            await service.add_note(request_id, user, body, now=now)
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            errors = getattr(exc, "errors", None) or {"isi": exc.message}
            return await _again(request, request_id, user, now, calendar, {"isi": body}, errors, 422)
        flash(request, _("Catatan kemajuan disimpan."))
        return redirect(request, f"/aplikasi/permintaan/{request_id}#catatan")

    @post("/dokumen", name="appdev_document")
    async def document(self, request: Request, user: provide.User, now: provide.Now,
                       calendar: provide.Calendar, request_id: FromPath[int]) -> Response:
        try:
            form = await read_form(request)
            label = form.get("keterangan") if isinstance(form.get("keterangan"), str) else ""
            await service.add_document(request_id, user, form.get("lampiran"), label)
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            return await _again(request, request_id, user, now, calendar, {},
                                {"lampiran": exc.message}, exc.status_code)
        flash(request, _("Dokumen ditambahkan."))
        return redirect(request, f"/aplikasi/permintaan/{request_id}#dokumen")


async def _request_page(request: Request, req: dict, user: Any, now: dt.datetime,
                        calendar: WorkCalendar, *, typed_: dict | None = None,
                        errors: dict | None = None, status: int = 200) -> Response:
    fl = await service.request_flow()
    progs = req["programmers"]
    events = await wf.history(fl, req["id"])
    steps = wf.steps(fl, events, calendar, now)
    actions = service.available(req, user, fl, now)
    needs = {t.name for t in actions}
    names = {p["id"]: p["name"] for p in await service.people_with(Role.PROGRAMMER)}
    return render(request, "appdev/request.html", {
        "req": req, "state": fl.state(req["state"]),
        "chart": charts.stage_chart(fl, steps, flow.STAGE_CODES, calendar, now),
        "lines": wf.timeline(fl, events, calendar, now),
        "actions": actions, "action_url": f"/aplikasi/permintaan/{req['id']}/aksi",
        "action_multipart": True, "version": req["version"],
        "uploads": flow.UPLOADS, "extra": flow.EXTRA,
        "pjks": await service.people_with(Role.PJK_APLIKASI) if needs & flow.NEEDS_PJK else [],
        "programmers": list(names.items()) if needs & flow.NEEDS_PROGRAMMERS else [],
        "assigned": [names.get(p, "?") for p in progs],
        "documents": await service.stage_documents(req["id"]),
        "stage_labels": {s.code: str(s.label) for s in fl.states},
        "notes": await service.notes(req["id"]),
        "can_write": service.may_write(req, user) and fl.state(req["state"]).active,
        "tz": calendar.tz, "errors": errors or {}, "typed": typed_ or {},
    }, status_code=status)


async def _again(request: Request, request_id: int, user: Any, now: dt.datetime,
                 calendar: WorkCalendar, values: dict, errors: dict, status: int) -> Response:
    req = await service.load_for(request_id, user)
    return await _request_page(request, req, user, now, calendar, typed_=values, errors=errors,
                               status=status)


class TemplatePages(Controller):
    """The SRS template: everyone downloads it, the admin replaces it."""

    path = "/"
    dependencies = provide.COMMON

    @get("/aplikasi/templat-srs", opt=access.signed_in(), name="appdev_srs_template")
    async def download(self, request: Request) -> Response:
        doc = await service.srs_template()
        if doc is not None:
            return redirect(request, f"{doc['url']}?unduh=1")
        office = request.app.state.get("office_summary") or {}
        name = office.get("name", "") if isinstance(office, dict) else ""
        return Response(
            content=srs_template.build(name), media_type=srs_template.CONTENT_TYPE,
            headers={"content-disposition": f'attachment; filename="{srs_template.FILENAME}"',
                     "x-content-type-options": "nosniff", "cache-control": "private"},
        )

    @get("/admin/templat-srs", opt=ADMIN, name="appdev_template_admin")
    async def admin(self, request: Request, calendar: provide.Calendar) -> Response:
        return render(request, "appdev/template.html", {
            "template": await service.srs_template(), "errors": {}, "tz": calendar.tz})

    @post("/admin/templat-srs", opt=ADMIN, name="appdev_template_replace")
    async def replace(self, request: Request, user: provide.User,
                      calendar: provide.Calendar) -> Response:
        try:
            form = await read_form(request)
            await service.replace_template(user, form.get("templat"))
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            return render(request, "appdev/template.html", {
                "template": await service.srs_template(), "errors": {"templat": exc.message},
                "tz": calendar.tz}, status_code=422 if exc.status_code == 400 else exc.status_code)
        flash(request, _("Templat SRS diganti."))
        return redirect(request, "/admin/templat-srs")


ROUTES = [RequesterPages, RequestPages, TemplatePages]
