"""Admin pages of the office: settings and logo, rooms, holidays and closures, special hours.

Routes parse the form, call ``pintar.office.service``, and render; a refused input re-renders the
form with what was typed and status 400. Row actions (confirm a holiday, count it as a day off,
deactivate a room, delete) swap only their row for HTMX and redirect back without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import MediaType
from litestar.params import FromPath

from pintar.auth.roles import Role
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.office import service
from pintar.web import access
from pintar.web.nav import NavItem
from pintar.web.templating import flash, render, wants_fragment


def admin() -> dict[str, Any]:
    return access.roles(Role.ADMIN)


def _redirect(request: Request, url: str) -> Response:
    if request.headers.get("hx-request") == "true":
        return Response(content="", status_code=200, headers={"HX-Redirect": url})
    return Response(content="", status_code=303, headers={"Location": url})


def _text(form: Any, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _common() -> dict[str, Any]:
    return {"weekday_name": service.weekday_name, "kind_label": service.kind_label}


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
            **_common(),
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
    data = await request.form()
    hours: dict[int, tuple[str, str] | None] = {}
    for weekday in range(7):
        opens, closes = _text(data, f"opens_{weekday}"), _text(data, f"closes_{weekday}")
        hours[weekday] = (opens, closes) if data.get(f"open_{weekday}") else None
    form = service.OfficeForm(
        name=_text(data, "name"),
        code=_text(data, "code"),
        address=_text(data, "address"),
        email=_text(data, "email"),
        phone=_text(data, "phone"),
        timezone=_text(data, "timezone"),
        hours=hours,
    )
    try:
        await service.save_office(form)
    except UserError as exc:
        return await _settings_page(request, form, exc)
    request.app.state.office_summary = await service.office_summary()
    flash(request, _("Pengaturan kantor disimpan."))
    return _redirect(request, "/admin/kantor")


@post("/admin/kantor/logo", opt=admin(), name="office_logo_save")
async def logo_save(request: Request) -> Response:
    data = await request.form()
    upload = data.get("logo")
    content = b""
    if isinstance(upload, UploadFile):
        content = await upload.read(service.LOGO_MAX_BYTES + 1)
        await upload.close()
    try:
        await service.save_logo(content)
    except UserError as exc:
        return await _settings_page(request, await service.office_form(), exc)
    request.app.state.office_summary = await service.office_summary()
    flash(request, _("Logo kantor diganti."))
    return _redirect(request, "/admin/kantor")


@post("/admin/kantor/logo/hapus", opt=admin(), name="office_logo_delete")
async def logo_delete(request: Request) -> Response:
    await service.remove_logo()
    request.app.state.office_summary = await service.office_summary()
    flash(request, _("Logo kantor dihapus."))
    return _redirect(request, "/admin/kantor")


@get("/kantor/logo", opt=access.public(), name="office_logo", cache=False)
async def logo(request: Request) -> Response:
    """The office's logo for everyone (login page, layout, printouts).

    ``/kantor/logo?v=<version>`` (see :func:`logo_url`) may be cached for a year: a new logo has
    a new stored name, hence a new URL. Without ``v`` browsers revalidate with the ETag.
    """
    row = await service.get_office()
    stored = row["logo_file"] if row else ""
    path = service.logo_path(stored)
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
        if request.query_params.get("v") == service.logo_version(stored)
        else "public, max-age=300, must-revalidate"
    )
    headers = {"ETag": etag, "Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(content=b"", status_code=304, headers=headers)
    kind = stored.rsplit(".", 1)[1]
    return Response(
        content=path.read_bytes(), media_type=service.LOGO_TYPES[kind], headers=headers
    )


# --- rooms ------------------------------------------------------------------------------------


async def _rooms_page(
    request: Request, form: service.RoomForm, error: UserError | None = None
) -> Response:
    return render(
        request,
        "office/rooms.html",
        {
            "rooms": await service.list_rooms(),
            "form": form,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


def _room_form(data: Any) -> service.RoomForm:
    return service.RoomForm(
        name=_text(data, "name"), capacity=_text(data, "capacity"), location=_text(data, "location")
    )


@get("/admin/ruang", opt=admin(), name="rooms")
async def rooms_page(request: Request) -> Response:
    return await _rooms_page(request, service.RoomForm())


@post("/admin/ruang", opt=admin(), name="room_add")
async def room_add(request: Request) -> Response:
    form = _room_form(await request.form())
    try:
        await service.save_room(None, form)
    except UserError as exc:
        return await _rooms_page(request, form, exc)
    flash(request, _("Ruang %(name)s ditambahkan.", name=" ".join(form.name.split())))
    return _redirect(request, "/admin/ruang")


async def _room_page(
    request: Request, room: dict, form: service.RoomForm, error: UserError | None = None
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
    room = await service.get_room(room_id)
    form = service.RoomForm(room["name"], str(room["capacity"]), room["location"])
    return await _room_page(request, room, form)


@post("/admin/ruang/{room_id:int}", opt=admin(), name="room_save")
async def room_save(request: Request, room_id: FromPath[int]) -> Response:
    room = await service.get_room(room_id)
    form = _room_form(await request.form())
    try:
        await service.save_room(room_id, form)
    except UserError as exc:
        return await _room_page(request, room, form, exc)
    flash(request, _("Ruang disimpan."))
    return _redirect(request, "/admin/ruang")


@post("/admin/ruang/{room_id:int}/aktif", opt=admin(), name="room_active")
async def room_active(request: Request, room_id: FromPath[int]) -> Response:
    data = await request.form()
    room = await service.set_room_active(room_id, _text(data, "active") == "1")
    if wants_fragment(request):
        return render(request, "office/rooms.html", {"room": room}, block="room_row")
    flash(request, _("Ruang diaktifkan.") if room["active"] else _("Ruang dinonaktifkan."))
    return _redirect(request, "/admin/ruang")


# --- holidays, cuti bersama, closures ---------------------------------------------------------


async def _holidays_page(
    request: Request,
    year: int,
    form: service.HolidayForm,
    error: UserError | None = None,
) -> Response:
    rows = await service.holidays_of_year(year)
    calendar = await service.load_calendar([year])
    working_days = calendar.working_days_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))
    return render(
        request,
        "office/holidays.html",
        {
            **_common(),
            "year": year,
            "holidays": rows,
            "working_days": working_days,
            "form": form,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


@get("/admin/hari-libur", opt=admin(), name="holidays")
async def holidays_page(request: Request) -> Response:
    year = service.check_year(request.query_params.get("tahun"), await service.this_year())
    return await _holidays_page(request, year, service.HolidayForm())


@post("/admin/hari-libur", opt=admin(), name="holiday_add")
async def holiday_add(request: Request) -> Response:
    data = await request.form()
    form = service.HolidayForm(
        kind=_text(data, "kind"),
        starts_on=_text(data, "starts_on"),
        ends_on=_text(data, "ends_on"),
        name=_text(data, "name"),
        is_day_off=bool(data.get("is_day_off")),
    )
    try:
        await service.add_holidays(form)
    except UserError as exc:
        year = service.check_year(_text(data, "tahun"), await service.this_year())
        return await _holidays_page(request, year, form, exc)
    year = dt.date.fromisoformat(form.starts_on.strip()).year
    flash(request, _("%(kind)s ditambahkan.", kind=service.kind_label(form.kind)))
    return _redirect(request, f"/admin/hari-libur?tahun={year}")


async def _holiday_row(request: Request, row: dict, message: str) -> Response:
    if wants_fragment(request):
        return render(
            request, "office/holidays.html", {**_common(), "h": row}, block="holiday_row"
        )
    flash(request, message)
    return _redirect(request, f"/admin/hari-libur?tahun={row['day'].year}")


@post("/admin/hari-libur/{holiday_id:int}/konfirmasi", opt=admin(), name="holiday_confirm")
async def holiday_confirm(request: Request, holiday_id: FromPath[int]) -> Response:
    row = await service.confirm_holiday(holiday_id)
    return await _holiday_row(request, row, _("Tanggal %(name)s dikonfirmasi.", name=row["name"]))


@post("/admin/hari-libur/{holiday_id:int}/dihitung-libur", opt=admin(), name="holiday_day_off")
async def holiday_day_off(request: Request, holiday_id: FromPath[int]) -> Response:
    data = await request.form()
    row = await service.set_holiday_day_off(holiday_id, _text(data, "is_day_off") == "1")
    message = (
        _("%(name)s dihitung hari libur.", name=row["name"])
        if row["is_day_off"]
        else _("%(name)s tidak dihitung hari libur.", name=row["name"])
    )
    return await _holiday_row(request, row, message)


@post("/admin/hari-libur/{holiday_id:int}/hapus", opt=admin(), name="holiday_delete")
async def holiday_delete(request: Request, holiday_id: FromPath[int]) -> Response:
    row = await service.get_holiday(holiday_id)
    await service.delete_holiday(holiday_id)
    if wants_fragment(request):
        return Response(content="", media_type=MediaType.HTML, status_code=200)
    flash(request, _("%(name)s dihapus.", name=row["name"]))
    return _redirect(request, f"/admin/hari-libur?tahun={row['day'].year}")


async def _holiday_page(
    request: Request, row: dict, form: service.HolidayEdit, error: UserError | None = None
) -> Response:
    return render(
        request,
        "office/holiday.html",
        {
            **_common(),
            "h": row,
            "form": form,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


@get("/admin/hari-libur/{holiday_id:int}", opt=admin(), name="holiday_edit")
async def holiday_edit(request: Request, holiday_id: FromPath[int]) -> Response:
    row = await service.get_holiday(holiday_id)
    form = service.HolidayEdit(row["name"], row["day"].isoformat(), row["is_day_off"])
    return await _holiday_page(request, row, form)


@post("/admin/hari-libur/{holiday_id:int}", opt=admin(), name="holiday_save")
async def holiday_save(request: Request, holiday_id: FromPath[int]) -> Response:
    row = await service.get_holiday(holiday_id)
    data = await request.form()
    form = service.HolidayEdit(
        name=_text(data, "name"), day=_text(data, "day"), is_day_off=bool(data.get("is_day_off"))
    )
    try:
        saved = await service.update_holiday(holiday_id, form)
    except UserError as exc:
        return await _holiday_page(request, row, form, exc)
    flash(request, _("%(name)s disimpan.", name=saved["name"]))
    return _redirect(request, f"/admin/hari-libur?tahun={saved['day'].year}")


# --- special office hours ---------------------------------------------------------------------


def _override_form(data: Any) -> service.OverrideForm:
    return service.OverrideForm(
        starts_on=_text(data, "starts_on"),
        ends_on=_text(data, "ends_on"),
        weekday=_text(data, "weekday"),
        opens=_text(data, "opens"),
        closes=_text(data, "closes"),
        note=_text(data, "note"),
    )


async def _overrides_page(
    request: Request,
    form: service.OverrideForm,
    error: UserError | None = None,
    editing: dict | None = None,
) -> Response:
    return render(
        request,
        "office/overrides.html",
        {
            **_common(),
            "overrides": await service.list_overrides(),
            "form": form,
            "editing": editing,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


@get("/admin/jam-khusus", opt=admin(), name="overrides")
async def overrides_page(request: Request) -> Response:
    return await _overrides_page(request, service.OverrideForm())


@post("/admin/jam-khusus", opt=admin(), name="override_add")
async def override_add(request: Request) -> Response:
    form = _override_form(await request.form())
    try:
        await service.save_override(None, form)
    except UserError as exc:
        return await _overrides_page(request, form, exc)
    flash(request, _("Jam kerja khusus ditambahkan."))
    return _redirect(request, "/admin/jam-khusus")


@get("/admin/jam-khusus/{override_id:int}", opt=admin(), name="override_edit")
async def override_edit(request: Request, override_id: FromPath[int]) -> Response:
    row = await service.get_override(override_id)
    return await _overrides_page(request, service.override_form_of(row), editing=row)


@post("/admin/jam-khusus/{override_id:int}", opt=admin(), name="override_save")
async def override_save(request: Request, override_id: FromPath[int]) -> Response:
    row = await service.get_override(override_id)
    form = _override_form(await request.form())
    try:
        await service.save_override(override_id, form)
    except UserError as exc:
        return await _overrides_page(request, form, exc, editing=row)
    flash(request, _("Jam kerja khusus disimpan."))
    return _redirect(request, "/admin/jam-khusus")


@post("/admin/jam-khusus/{override_id:int}/hapus", opt=admin(), name="override_delete")
async def override_delete(request: Request, override_id: FromPath[int]) -> Response:
    await service.delete_override(override_id)
    if wants_fragment(request):
        return Response(content="", media_type=MediaType.HTML, status_code=200)
    flash(request, _("Jam kerja khusus dihapus."))
    return _redirect(request, "/admin/jam-khusus")


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
    holidays_page,
    holiday_add,
    holiday_confirm,
    holiday_day_off,
    holiday_delete,
    holiday_edit,
    holiday_save,
    overrides_page,
    override_add,
    override_edit,
    override_save,
    override_delete,
]

_ADMIN_RULE = admin()["access"]
NAV = [
    NavItem(_l("Pengaturan kantor"), "/admin/kantor", _ADMIN_RULE, section="admin", order=30),
    NavItem(_l("Ruang rapat"), "/admin/ruang", _ADMIN_RULE, section="admin", order=31),
    NavItem(_l("Hari libur dan penutupan"), "/admin/hari-libur", _ADMIN_RULE, section="admin", order=32),
    NavItem(_l("Jam kerja khusus"), "/admin/jam-khusus", _ADMIN_RULE, section="admin", order=33),
]
