"""The application catalogue ("link aplikasi"): browse and search (everyone), add and edit (PJK
Layanan Aplikasi), an application's page with its maintenance tickets and their one action
endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath

from pintar import workflow as wf
from pintar.appdev import flow, queries, service
from pintar.appdev.pages.common import CATALOGUE_EDIT, typed
from pintar.auth.tables import Person
from pintar.errors import Conflict, NotFound, UserError
from pintar.i18n import gettext as _
from pintar.office.calendar import WorkCalendar
from pintar.web import access, provide
from pintar.web.forms import FormInvalid, parse_id, query_text
from pintar.web.templating import flash, redirect, render


def _is_editor(user: Any) -> bool:
    return user.has_role(*service.CATALOGUE_EDITORS)


async def _app_or_404(app_id: int) -> dict:
    app = await service.get_application(app_id)
    if app is None:
        raise NotFound(_("Aplikasi tidak ditemukan."))
    return app


class CataloguePages(Controller):
    path = "/aplikasi"
    opt = access.signed_in()
    dependencies = provide.COMMON

    @get("/", name="appdev_catalogue")
    async def catalogue(self, request: Request, user: provide.User) -> Response:
        q = query_text(request, "q", limit=100)
        rows, more = await queries.catalogue(q, include_inactive=_is_editor(user),
                                             after=parse_id(request.query_params.get("setelah")))
        return render(request, "appdev/catalogue.html", {
            "rows": rows, "more": more, "q": q, "editor": _is_editor(user),
            "next_url": "/aplikasi?" + urlencode({"q": q, "setelah": more or ""}),
        }, block="results")

    @get("/{app_id:int}", name="appdev_application")
    async def application(self, request: Request, user: provide.User, now: provide.Now,
                          calendar: provide.Calendar, app_id: FromPath[int]) -> Response:
        return await _app_page(request, await _app_or_404(app_id), user, now, calendar)

    @get("/baru", opt=CATALOGUE_EDIT, name="appdev_app_new")
    async def new(self, request: Request) -> Response:
        values = dict.fromkeys(service.APP_FIELDS, "") | {"aktif": "on"}
        return render(request, "appdev/app_form.html", await _form_context(None, values, {}))

    @post("/baru", opt=CATALOGUE_EDIT, name="appdev_app_create")
    async def create(self, request: Request, user: provide.User, now: provide.Now) -> Response:
        return await _save(request, None, user, now)

    @get("/{app_id:int}/ubah", opt=CATALOGUE_EDIT, name="appdev_app_edit")
    async def edit(self, request: Request, app_id: FromPath[int]) -> Response:
        app = await _app_or_404(app_id)
        return render(request, "appdev/app_form.html", await _form_context(app, _values_of(app), {}))

    @post("/{app_id:int}/ubah", opt=CATALOGUE_EDIT, name="appdev_app_update")
    async def update(self, request: Request, user: provide.User, now: provide.Now,
                     app_id: FromPath[int]) -> Response:
        return await _save(request, app_id, user, now)

    @post("/{app_id:int}/tiket", name="appdev_ticket_new")
    async def open_ticket(self, request: Request, user: provide.User, now: provide.Now,
                          calendar: provide.Calendar, app_id: FromPath[int]) -> Response:
        app = await _app_or_404(app_id)
        form = await request.form()
        try:
            await service.open_ticket(app_id, user, form, now=now)
        except FormInvalid as exc:
            return await _app_page(request, app, user, now, calendar,
                                   typed_=typed(form, service.TICKET_FIELDS), errors=exc.errors,
                                   status=422)
        flash(request, _("Tiket terkirim ke pengelola aplikasi."))
        return redirect(request, f"/aplikasi/{app_id}#tiket")

    @post("/tiket/{ticket_id:int}/aksi", name="appdev_ticket_action", opt=access.object_level(
        "pelapor tiket, pengelola aplikasi, PJK Layanan Aplikasi"))
    async def ticket_action(self, request: Request, user: provide.User, now: provide.Now,
                            calendar: provide.Calendar, ticket_id: FromPath[int]) -> Response:
        form = await request.form()
        values = typed(form, ["aksi", "catatan", "versi"])
        try:
            ticket = await service.act_ticket(ticket_id, values["aksi"], user, form, now=now,
                                              expected_version=wf.form_version(form.get("versi")))
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            app = await _app_or_404(await service.ticket_application(ticket_id))
            errors = getattr(exc, "errors", None) or {exc.field or "aksi": exc.message}
            return await _app_page(request, app, user, now, calendar,
                                   typed_={**values, "tiket": ticket_id},
                                   errors={f"t{ticket_id}_{k}": v for k, v in errors.items()},
                                   status=409 if isinstance(exc, Conflict) else 422)
        flash(request, _("Tiket diperbarui."))
        return redirect(request, f"/aplikasi/{ticket['application']}#tiket")


async def _app_page(request: Request, app: dict, user: Any, now: dt.datetime,
                    calendar: WorkCalendar, *, typed_: dict | None = None,
                    errors: dict | None = None, status: int = 200) -> Response:
    tickets = await service.tickets_of(app["id"])
    for t in tickets:
        t["actions"] = service.ticket_actions(t, app, user, now)
    return render(request, "appdev/application.html", {
        "app": app, "tickets": tickets, "kinds": flow.TICKET_KINDS, "editor": _is_editor(user),
        "sees_request": bool(app.get("request")) and await service.can_view(user, app["request"]),
        "tz": calendar.tz, "errors": errors or {}, "typed": typed_ or {},
    }, status_code=status)


async def _form_context(app: dict | None, values: dict, errors: dict) -> dict:
    people = await Person.select(Person.id, Person.name).where(
        Person.active == True).order_by(Person.name)  # noqa: E712
    return {"app": app, "values": values, "errors": errors, "teams": await service.teams(),
            "people": people}


def _values_of(app: dict) -> dict:
    return {
        "nama": app["name"], "alamat": app["url"], "rilis": app["release"],
        "dirilis": app["released_on"].isoformat() if app["released_on"] else "",
        "deskripsi": app["description"], "cara_ubah": app["how_to_change"],
        "tim": str(app["team"] or ""), "pengelola": str(app["maintainer"] or ""),
        "aktif": "on" if app["active"] else "", "versi": str(app["version"]),
    }


async def _save(request: Request, app_id: int | None, user: Any, now: dt.datetime) -> Response:
    app = await _app_or_404(app_id) if app_id is not None else None
    form = await request.form()
    values = typed(form, [*service.APP_FIELDS, "versi"])
    try:
        saved = await service.save_application(
            app_id, user, form, now=now,
            expected_version=wf.form_version(form.get("versi")) if app_id is not None else None)
    except FormInvalid as exc:
        return render(request, "appdev/app_form.html", await _form_context(app, values, exc.errors),
                      status_code=422)
    except (Conflict, UserError) as exc:
        if exc.status_code in (403, 404):
            raise
        fresh = await _app_or_404(app_id) if app_id is not None else None
        values["versi"] = str(fresh["version"]) if fresh else ""
        return render(request, "appdev/app_form.html",
                      await _form_context(fresh, values, {"form": exc.message}),
                      status_code=409 if isinstance(exc, Conflict) else 422)
    flash(request, _("Katalog aplikasi disimpan."))
    return redirect(request, f"/aplikasi/{saved}")


ROUTES = [CataloguePages]
