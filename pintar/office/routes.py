"""Admin pages of the office: settings and logo, rooms; the days (holidays, closures, special
hours) are in ``holiday_routes.py``.

Routes parse the form, call the office's services, and render; a refused input re-renders the
form with what was typed and status 400. Row actions (deactivate a room) swap only their row for
HTMX and redirect back without JavaScript.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath

from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.office import holiday_routes, rooms, service
from pintar.office import logo as office_logo
from pintar.office.web import admin, common, redirect, text
from pintar.web import access
from pintar.web.caching import not_modified
from pintar.web.forms import read_form
from pintar.web.nav import NavItem
from pintar.web.templating import flash, render, wants_fragment

# --- office settings and logo -----------------------------------------------------------------


async def _settings_page(
    request: Request,
    form: service.OfficeForm,
    error: UserError | None = None,
) -> Response:
    office = await service.get_office() or {}
    return render(
        request,
        "office/settings.html",
        {
            **common(),
            "form": form,
            "office_row": office,
            "zones": service.INDONESIAN_ZONES,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


@get("/admin/kantor", opt=admin(), name="office_settings")
async def settings_page(request: Request) -> Response:
    return await _settings_page(request, await service.office_form())


@post("/admin/kantor", opt=admin(), name="office_settings_save")
async def settings_save(request: Request) -> Response:
    data = await read_form(request)
    hours: dict[int, tuple[str, str] | None] = {}
    for weekday in range(7):
        opens, closes = text(data, f"opens_{weekday}"), text(data, f"closes_{weekday}")
        hours[weekday] = (opens, closes) if data.get(f"open_{weekday}") else None
    form = service.OfficeForm(
        name=text(data, "name"),
        code=text(data, "code"),
        address=text(data, "address"),
        email=text(data, "email"),
        phone=text(data, "phone"),
        timezone=text(data, "timezone"),
        hours=hours,
    )
    try:
        await service.save_office(form)
    except UserError as exc:
        return await _settings_page(request, form, exc)
    request.app.state.office_summary = await service.office_summary()
    flash(request, _("Pengaturan kantor disimpan."))
    return redirect(request, "/admin/kantor")


@post("/admin/kantor/logo", opt=admin(), name="office_logo_save")
async def logo_save(request: Request) -> Response:
    data = await read_form(request)
    upload = data.get("logo")
    content = b""
    if isinstance(upload, UploadFile):
        content = await upload.read(office_logo.LOGO_MAX_BYTES + 1)
        await upload.close()
    try:
        await office_logo.save_logo(content)
    except UserError as exc:
        return await _settings_page(request, await service.office_form(), exc)
    request.app.state.office_summary = await service.office_summary()
    flash(request, _("Logo kantor diganti."))
    return redirect(request, "/admin/kantor")


@post("/admin/kantor/logo/hapus", opt=admin(), name="office_logo_delete")
async def logo_delete(request: Request) -> Response:
    await office_logo.remove_logo()
    request.app.state.office_summary = await service.office_summary()
    flash(request, _("Logo kantor dihapus."))
    return redirect(request, "/admin/kantor")


@get("/kantor/logo", opt=access.public(), name="office_logo", cache=False)
async def logo(request: Request) -> Response:
    """The office's logo for everyone (login page, layout, printouts).

    ``/kantor/logo?v=<version>`` (see :func:`logo_url`) may be cached for a year: a new logo has
    a new stored name, hence a new URL. Without ``v`` browsers revalidate with the ETag.
    """
    row = await service.get_office()
    stored = row["logo_file"] if row else ""
    path = office_logo.logo_path(stored)
    if path is None:
        return render(
            request,
            "error.html",
            {
                "status": 404,
                "title": _("Logo belum ada"),
                "message": _("Kantor ini belum mengunggah logo."),
            },
            status_code=404,
        )
    etag = '"' + stored.rsplit("/", 1)[1].split(".")[0] + '"'
    cache = (
        "public, max-age=31536000, immutable"
        if request.query_params.get("v") == office_logo.logo_version(stored)
        else "public, max-age=300, must-revalidate"
    )
    headers = {"ETag": etag, "Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    if (unchanged := not_modified(request, etag, headers)) is not None:
        return unchanged
    kind = stored.rsplit(".", 1)[1]
    return Response(
        content=path.read_bytes(), media_type=office_logo.LOGO_TYPES[kind], headers=headers
    )


# --- rooms ------------------------------------------------------------------------------------


async def _rooms_page(
    request: Request, form: rooms.RoomForm, error: UserError | None = None
) -> Response:
    return render(
        request,
        "office/rooms.html",
        {
            "rooms": await rooms.list_rooms(),
            "form": form,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


def _room_form(data: Any) -> rooms.RoomForm:
    return rooms.RoomForm(
        name=text(data, "name"), capacity=text(data, "capacity"), location=text(data, "location")
    )


@get("/admin/ruang", opt=admin(), name="rooms")
async def rooms_page(request: Request) -> Response:
    return await _rooms_page(request, rooms.RoomForm())


@post("/admin/ruang", opt=admin(), name="room_add")
async def room_add(request: Request) -> Response:
    form = _room_form(await read_form(request))
    try:
        await rooms.save_room(None, form)
    except UserError as exc:
        return await _rooms_page(request, form, exc)
    flash(request, _("Ruang %(name)s ditambahkan.", name=" ".join(form.name.split())))
    return redirect(request, "/admin/ruang")


async def _room_page(
    request: Request, room: dict, form: rooms.RoomForm, error: UserError | None = None
) -> Response:
    return render(
        request,
        "office/room.html",
        {
            "room": room,
            "form": form,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


@get("/admin/ruang/{room_id:int}", opt=admin(), name="room_edit")
async def room_edit(request: Request, room_id: FromPath[int]) -> Response:
    room = await rooms.get_room(room_id)
    form = rooms.RoomForm(room["name"], str(room["capacity"]), room["location"])
    return await _room_page(request, room, form)


@post("/admin/ruang/{room_id:int}", opt=admin(), name="room_save")
async def room_save(request: Request, room_id: FromPath[int]) -> Response:
    room = await rooms.get_room(room_id)
    form = _room_form(await read_form(request))
    try:
        await rooms.save_room(room_id, form)
    except UserError as exc:
        return await _room_page(request, room, form, exc)
    flash(request, _("Ruang disimpan."))
    return redirect(request, "/admin/ruang")


@post("/admin/ruang/{room_id:int}/aktif", opt=admin(), name="room_active")
async def room_active(request: Request, room_id: FromPath[int]) -> Response:
    data = await read_form(request)
    room = await rooms.set_room_active(room_id, text(data, "active") == "1")
    if wants_fragment(request):
        return render(request, "office/rooms.html", {"room": room}, block="room_row")
    flash(request, _("Ruang diaktifkan.") if room["active"] else _("Ruang dinonaktifkan."))
    return redirect(request, "/admin/ruang")


ROUTES = [
    settings_page,
    settings_save,
    logo_save,
    logo_delete,
    logo,
    rooms_page,
    room_add,
    room_edit,
    room_save,
    room_active,
    *holiday_routes.ROUTES,
]

_ADMIN_RULE = admin()["access"]
NAV = [
    NavItem(
        _l("Pengaturan kantor"),
        "/admin/kantor",
        _ADMIN_RULE,
        section="admin",
        order=30,
        description=_l("Nama, kode BPS, zona waktu, jam kerja dan logo kantor."),
    ),
    NavItem(
        _l("Ruang rapat"),
        "/admin/ruang",
        _ADMIN_RULE,
        section="admin",
        order=31,
        description=_l("Ruang untuk rapat dan kegiatan, dengan kapasitasnya."),
    ),
    *holiday_routes.NAV,
]
