"""The software repository and PC inventory pages (PJK TI, technicians, admin)."""

from __future__ import annotations

import datetime as dt

from litestar import Request, Response, Router, get, post
from litestar.params import FromPath

from pintar.errors import NotFound
from pintar.helpdesk import inventory
from pintar.helpdesk.flow import STAFF_ROLES
from pintar.helpdesk.tables import FREE
from pintar.i18n import gettext as _
from pintar.office.calendar import WorkCalendar
from pintar.web import access, provide
from pintar.web.forms import FormInvalid, form_values, read_form
from pintar.web.htmx import redirect
from pintar.web.templating import flash, render
from pintar.web.urls import safe_local_url


@get("/halocik/repositori", name="helpdesk_software")
async def software_list(request: Request) -> Response:
    return render(request, "helpdesk/software_list.html", {"rows": await inventory.list_software()})


def _software_values(row: dict | None) -> dict[str, str]:
    if row is None:
        return {**dict.fromkeys(inventory.SOFTWARE_FIELDS, ""), "licence": FREE, "active": "on"}
    values = {k: "" if row[k] is None else str(row[k]) for k in inventory.SOFTWARE_FIELDS}
    values["active"] = "on" if row["active"] else ""
    for key in ("min_ram_gb", "min_disk_gb"):
        if row[key] is not None:
            values[key] = f"{row[key]:g}"
    return values


def _software_form(request: Request, software_id: int | None, values: dict, errors: dict,
                   status: int = 200) -> Response:
    return render(request, "helpdesk/software_form.html",
                  {"software_id": software_id, "values": values, "errors": errors},
                  status_code=status)


@get("/halocik/repositori/baru", name="helpdesk_software_new")
async def software_new(request: Request) -> Response:
    return _software_form(request, None, _software_values(None), {})


@get("/halocik/repositori/{software_id:int}", name="helpdesk_software_edit")
async def software_edit(request: Request, software_id: FromPath[int]) -> Response:
    row = await inventory.get_software(software_id)
    if row is None:
        raise NotFound(_("Perangkat lunak tidak ditemukan."))
    return _software_form(request, software_id, _software_values(row), {})


async def _save_software(request: Request, software_id: int | None) -> Response:
    form = await read_form(request)
    try:
        await inventory.save_software(software_id, form)
    except FormInvalid as exc:
        return _software_form(request, software_id, form_values(form, inventory.SOFTWARE_FIELDS),
                              exc.errors, 422)
    flash(request, _("Repositori perangkat lunak disimpan."))
    return redirect(request, "/halocik/repositori")


@post("/halocik/repositori/baru", name="helpdesk_software_create")
async def software_create(request: Request) -> Response:
    return await _save_software(request, None)


@post("/halocik/repositori/{software_id:int}", name="helpdesk_software_update")
async def software_update(request: Request, software_id: FromPath[int]) -> Response:
    if await inventory.get_software(software_id) is None:
        raise NotFound(_("Perangkat lunak tidak ditemukan."))
    return await _save_software(request, software_id)


# --- PCs ---------------------------------------------------------------------------------------


@get("/halocik/pc", name="helpdesk_pcs")
async def pc_list(request: Request) -> Response:
    return render(request, "helpdesk/pc_list.html", {"rows": await inventory.list_pcs()})


def _pc_values(row: dict | None) -> dict[str, str]:
    if row is None:
        return {**dict.fromkeys(inventory.PC_FIELDS, ""), "active": "on"}
    values = {k: "" if row[k] is None else str(row[k]) for k in inventory.PC_FIELDS}
    values["active"] = "on" if row["active"] else ""
    for key in ("ram_gb", "disk_total_gb", "disk_free_gb"):
        if row[key] is not None:
            values[key] = f"{row[key]:g}"
    return values


async def _pc_form(request: Request, pc_id: int | None, values: dict, errors: dict,
                   status: int = 200) -> Response:
    return render(request, "helpdesk/pc_form.html", {
        "pc_id": pc_id, "values": values, "errors": errors,
        "people": await inventory.people_choices(),
        "back": safe_local_url(request.query_params.get("kembali"), ""),
    }, status_code=status)


@get("/halocik/pc/baru", name="helpdesk_pc_new")
async def pc_new(request: Request) -> Response:
    return await _pc_form(request, None, _pc_values(None), {})


@get("/halocik/pc/{pc_id:int}", name="helpdesk_pc")
async def pc_page(request: Request, calendar: provide.Calendar, pc_id: FromPath[int]) -> Response:
    row = await inventory.get_pc(pc_id)
    if row is None:
        raise NotFound(_("PC tidak ditemukan."))
    return render(request, "helpdesk/pc.html", {
        "pc": row, "installs": await inventory.installations(pc_id), "tz": calendar.tz,
    })


@get("/halocik/pc/{pc_id:int}/ubah", name="helpdesk_pc_edit")
async def pc_edit(request: Request, pc_id: FromPath[int]) -> Response:
    row = await inventory.get_pc(pc_id)
    if row is None:
        raise NotFound(_("PC tidak ditemukan."))
    return await _pc_form(request, pc_id, _pc_values(row), {})


async def _save_pc(request: Request, pc_id: int | None, now: dt.datetime,
                   calendar: WorkCalendar) -> Response:
    form = await read_form(request)
    try:
        saved = await inventory.save_pc(pc_id, form, today=now.astimezone(calendar.tz).date())
    except FormInvalid as exc:
        return await _pc_form(request, pc_id, form_values(form, inventory.PC_FIELDS), exc.errors, 422)
    flash(request, _("Data PC disimpan."))
    return redirect(request, safe_local_url(form.get("kembali"), f"/halocik/pc/{saved}"))


@post("/halocik/pc/baru", name="helpdesk_pc_create")
async def pc_create(request: Request, now: provide.Now, calendar: provide.Calendar) -> Response:
    return await _save_pc(request, None, now, calendar)


@post("/halocik/pc/{pc_id:int}/ubah", name="helpdesk_pc_update")
async def pc_update(request: Request, now: provide.Now, calendar: provide.Calendar,
                    pc_id: FromPath[int]) -> Response:
    if await inventory.get_pc(pc_id) is None:
        raise NotFound(_("PC tidak ditemukan."))
    return await _save_pc(request, pc_id, now, calendar)


# Every page here is for the technicians, PJK TI and admins: the rule is set once, on the router.
ROUTES = [Router(
    path="/", opt=access.roles(*STAFF_ROLES), dependencies=provide.COMMON,
    route_handlers=[software_list, software_new, software_edit, software_create, software_update,
                    pc_list, pc_new, pc_page, pc_edit, pc_create, pc_update],
)]
