"""The application catalogue ("link aplikasi"): browse and search (everyone), edit (PJK Layanan
Aplikasi), an application's page with its maintenance tickets."""

from __future__ import annotations

from typing import Any

from litestar import Request as HttpRequest
from litestar import Response, get, post
from litestar.params import FromPath

from pintar.appdev import flow, queries, service
from pintar.appdev.pages.common import CATALOGUE_EDIT, now, typed
from pintar.auth.tables import Person
from pintar.errors import Conflict, NotFound, UserError
from pintar.helpdesk.forms import FormInvalid
from pintar.i18n import gettext as _
from pintar.office.calendar import load_calendar
from pintar.web import access
from pintar.web.templating import flash, redirect, render


def _is_editor(user: Any) -> bool:
    return user.has_role(*service.CATALOGUE_EDITORS)


@get("/aplikasi", opt=access.signed_in(), name="appdev_catalogue")
async def catalogue(request: HttpRequest) -> Response:
    user = request.scope["user"]
    q = request.query_params.get("q") or ""
    q = q if isinstance(q, str) else ""
    rows = await queries.catalogue(q[:100], include_inactive=_is_editor(user))
    return render(request, "appdev/catalogue.html", {
        "rows": rows[:200], "more": len(rows) > 200, "q": q[:100], "editor": _is_editor(user),
    }, block="results")


async def _app_or_404(app_id: int) -> dict:
    app = await service.get_application(app_id)
    if app is None:
        raise NotFound(_("Aplikasi tidak ditemukan."))
    return app


async def app_context(request: HttpRequest, app: dict, **extra: Any) -> dict:
    user = request.scope["user"]
    tickets = await service.tickets_of(app["id"])
    for t in tickets:
        t["actions"] = service.ticket_actions(t, app, user)
    cal = await load_calendar()
    return {"app": app, "tickets": tickets, "kinds": flow.TICKET_KINDS, "editor": _is_editor(user),
            "tz": cal.tz, "errors": {}, "typed": {}, **extra}


@get("/aplikasi/{app_id:int}", opt=access.signed_in(), name="appdev_application")
async def application(request: HttpRequest, app_id: FromPath[int]) -> Response:
    return render(request, "appdev/application.html",
                  await app_context(request, await _app_or_404(app_id)))


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


@get("/aplikasi/baru", opt=CATALOGUE_EDIT, name="appdev_app_new")
async def new_application(request: HttpRequest) -> Response:
    values = dict.fromkeys(service.APP_FIELDS, "") | {"aktif": "on"}
    return render(request, "appdev/app_form.html", await _form_context(None, values, {}))


@get("/aplikasi/{app_id:int}/ubah", opt=CATALOGUE_EDIT, name="appdev_app_edit")
async def edit_application(request: HttpRequest, app_id: FromPath[int]) -> Response:
    app = await _app_or_404(app_id)
    return render(request, "appdev/app_form.html", await _form_context(app, _values_of(app), {}))


async def _save(request: HttpRequest, app_id: int | None) -> Response:
    app = await _app_or_404(app_id) if app_id is not None else None
    form = await request.form()
    values = typed(form, [*service.APP_FIELDS, "versi"])
    try:
        saved = await service.save_application(app_id, request.scope["user"], form, now=now())
    except FormInvalid as exc:
        return render(request, "appdev/app_form.html", await _form_context(app, values, exc.errors),
                      status_code=422)
    except Conflict as exc:
        fresh = await _app_or_404(app_id) if app_id is not None else None
        values["versi"] = str(fresh["version"]) if fresh else ""
        return render(request, "appdev/app_form.html",
                      await _form_context(fresh, values, {"form": exc.message}), status_code=409)
    flash(request, _("Katalog aplikasi disimpan."))
    return redirect(request, f"/aplikasi/{saved}")


@post("/aplikasi/baru", opt=CATALOGUE_EDIT, name="appdev_app_create")
async def create_application(request: HttpRequest) -> Response:
    return await _save(request, None)


@post("/aplikasi/{app_id:int}/ubah", opt=CATALOGUE_EDIT, name="appdev_app_update")
async def update_application(request: HttpRequest, app_id: FromPath[int]) -> Response:
    return await _save(request, app_id)


@post("/aplikasi/{app_id:int}/tiket", opt=access.signed_in(), name="appdev_ticket_new")
async def open_ticket(request: HttpRequest, app_id: FromPath[int]) -> Response:
    app = await _app_or_404(app_id)
    form = await request.form()
    values = typed(form, service.TICKET_FIELDS)
    try:
        await service.open_ticket(app_id, request.scope["user"], form, now=now())
    except FormInvalid as exc:
        ctx = await app_context(request, app, typed=values, errors=exc.errors)
        return render(request, "appdev/application.html", ctx, status_code=422)
    flash(request, _("Tiket terkirim ke pengelola aplikasi."))
    return redirect(request, f"/aplikasi/{app_id}#tiket")


@post("/aplikasi/tiket/{ticket_id:int}/aksi", opt=access.object_level(
    "pelapor tiket, pengelola aplikasi, PJK Layanan Aplikasi"), name="appdev_ticket_action")
async def ticket_action(request: HttpRequest, ticket_id: FromPath[int]) -> Response:
    form = await request.form()
    values = typed(form, ["aksi", "catatan", "versi"])
    try:
        ticket = await service.act_ticket(ticket_id, values["aksi"], request.scope["user"], form,
                                          now=now())
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        from pintar.appdev.tables import Ticket

        row = await Ticket.select(Ticket.application).where(Ticket.id == ticket_id).first()
        app = await _app_or_404(row["application"])
        errors = getattr(exc, "errors", None) or {exc.field or "aksi": exc.message}
        ctx = await app_context(request, app, typed={**values, "tiket": ticket_id},
                                errors={f"t{ticket_id}_{k}": v for k, v in errors.items()})
        return render(request, "appdev/application.html", ctx,
                      status_code=409 if isinstance(exc, Conflict) else 422)
    flash(request, _("Tiket diperbarui."))
    return redirect(request, f"/aplikasi/{ticket['application']}#tiket")


ROUTES = [catalogue, application, new_application, edit_application, create_application,
          update_application, open_ticket, ticket_action]

