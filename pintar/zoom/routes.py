"""Zoom pages for everyone: the calendar, a new request with live availability, "Permintaan
saya", a request's page and the requester's actions. IT's pages are in ``routes_it``, the kiosk
and feeds in ``routes_public``."""

from __future__ import annotations

import datetime as dt

from litestar import Request, Response, get, post
from litestar.params import FromPath

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.errors import UserError
from pintar.files import service as files
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.web import access
from pintar.web.nav import NavItem
from pintar.web.templating import flash, render
from pintar.zoom import booking, deps, feeds, queries, schedule, slots
from pintar.zoom import service as zoom
from pintar.zoom import routes_it, routes_public
from pintar.zoom.web import (
    detail_response, field, int_or_none, is_htmx, office_now, parse_day, redirect,
)

OWNER_KIND = queries.OWNER_KIND


# --- the calendar ------------------------------------------------------------------------------


@get("/zoom", opt=access.signed_in(), name="zoom_calendar")
async def calendar_page(request: Request) -> Response:
    now, tz = await office_now()
    view = request.query_params.get("tampilan", "minggu")
    anchor = parse_day(request.query_params.get("tanggal"), now.date())
    async with deps.read():
        data = await schedule.view(view, anchor, now.date())
    return render(request, "zoom/calendar.html", {**data, "tz": tz}, block="cal")


# --- a new request -----------------------------------------------------------------------------


def _values(form=None, **defaults) -> dict:
    names = ("title", "day", "start", "end", "participants", "mode", "agenda", "opened_at")
    values = {n: field(form, n, defaults.get(n, "")) for n in names}
    values["mode"] = values["mode"] or "online"
    return values


async def _availability(values: dict, exclude: int | None = None) -> dict | None:
    """Free accounts for what was typed so far, or None while the times are incomplete."""
    if not (values["day"] and values["start"] and values["end"]):
        return None
    cal = await deps.load_calendar()
    try:
        start, end = booking.parse_times(values["day"], values["start"], values["end"], cal.tz)
    except UserError as exc:
        return {"error": exc.message}
    participants = int_or_none(values["participants"]) or 1
    data = await zoom.availability(start, end, max(1, participants), exclude)
    data["participants"] = participants
    data["buffer"] = slots.buffer_minutes()
    return data


def _form_page(request: Request, values: dict, *, edit: dict | None = None, error: str | None = None,
               error_field: str | None = None, availability: dict | None = None, status: int = 200) -> Response:
    return render(
        request,
        "zoom/new.html",
        {"v": values, "edit": edit, "error": error, "error_field": error_field,
         "availability": availability, "files": edit is None},
        status_code=status,
    )


@get("/zoom/baru", opt=access.signed_in(), name="zoom_new")
async def new_page(request: Request) -> Response:
    now, _tz = await office_now()
    q = request.query_params
    tomorrow = (now + dt.timedelta(days=1)).date().isoformat()
    values = _values(q, day=tomorrow, start="09:00", end="10:00", participants="")
    values["opened_at"] = values["opened_at"] or now.isoformat(timespec="seconds")
    return render(request, "zoom/new.html", {
        "v": values, "edit": None, "error": None, "error_field": None,
        "availability": await _availability(values), "files": True,
    })


@get("/zoom/ketersediaan", opt=access.signed_in(), name="zoom_availability")
async def availability_part(request: Request) -> Response:
    """Live availability while typing (HTMX); without JavaScript the whole form comes back."""
    values = _values(request.query_params)
    exclude = int_or_none(request.query_params.get("kecuali"))
    edit = None
    await deps.load_calendar()
    async with deps.read():
        if exclude is not None:
            b = await zoom.row(exclude)
            edit = b if b["requester"] == request.user.id else None
            exclude = exclude if edit else None
        availability = await _availability(values, exclude)
    return render(request, "zoom/new.html", {
        "v": values, "edit": edit, "error": None, "error_field": None,
        "availability": availability, "files": True,
    }, block="availability")


def _request_form(form) -> booking.RequestForm:
    return booking.RequestForm(**{k: field(form, k) for k in (
        "title", "day", "start", "end", "participants", "mode", "agenda", "opened_at")})


@post("/zoom/baru", opt=access.signed_in(), name="zoom_submit")
async def submit(request: Request) -> Response:
    from pintar.files.routes import close_uploads, read_form

    try:
        form = await read_form(request)  # a body over the limit: a message, not an error page
    except UserError as exc:
        return _form_page(request, _values(), error=exc.message, error_field="dokumen",
                          status=exc.status_code)
    values = _values(form)
    user = request.user
    upload = form.get("dokumen")

    async def attach(booking_id: int) -> int | None:
        return await files.save_upload(
            upload, owner_kind=OWNER_KIND, owner_id=booking_id, uploaded_by=user.id,
            label=_("Nota dinas/undangan"), required=True,
        )

    try:
        if not files.has_file(upload):
            raise UserError(_("Lampirkan nota dinas atau undangan kegiatan."), field="dokumen")
        await files.check_upload(upload)  # a refused file is refused before any slot is taken
        booking_id = await zoom.submit(user, _request_form(form), attach=attach)
    except UserError as exc:
        return _form_page(request, values, error=exc.message, error_field=exc.field,
                          availability=await _availability(values),
                          status=exc.status_code if exc.status_code != 400 else 422)
    finally:
        await close_uploads(form)
    flash(request, _("Permintaan dikirim. Slot akun ditahan sambil menunggu PJK TI."))
    return redirect(request, f"/zoom/{booking_id}")


# --- my requests -------------------------------------------------------------------------------


@get("/zoom/saya", opt=access.signed_in(), name="zoom_mine")
async def mine_page(request: Request) -> Response:
    _now, tz = await office_now()
    token = await feeds.token_for(feeds.PERSON_FEED, request.user.id)  # may create it: not in read()
    async with deps.read():
        rows = await queries.mine(request.user)
    return render(request, "zoom/mine.html", {"rows": rows, "tz": tz, "feed_token": token})


@post("/zoom/saya/tautan-kalender", opt=access.signed_in(), name="zoom_rotate_my_feed")
async def rotate_my_feed(request: Request) -> Response:
    await feeds.rotate(feeds.PERSON_FEED, request.user.id)
    flash(request, _("Alamat kalender Anda diganti; alamat lama tidak berlaku lagi."))
    return redirect(request, "/zoom/saya")


# --- one request -------------------------------------------------------------------------------


@get("/zoom/{booking_id:int}", opt=access.object_level("pemohon, PJK TIP, PJK TI; lainnya ringkas"),
     name="zoom_detail")
async def detail_page(request: Request, booking_id: FromPath[int]) -> Response:
    return await detail_response(request, booking_id)


@get("/zoom/{booking_id:int}/ubah", opt=access.object_level("pemohon"), name="zoom_change_page")
async def change_page(request: Request, booking_id: FromPath[int]) -> Response:
    b = await zoom.row(booking_id)
    access.require(b["requester"] == request.user.id)
    _now, tz = await office_now()
    local_start, local_end = b["starts_at"].astimezone(tz), b["ends_at"].astimezone(tz)
    values = {"title": b["title"], "day": local_start.date().isoformat(),
              "start": local_start.strftime("%H:%M"), "end": local_end.strftime("%H:%M"),
              "participants": str(b["participants"]), "mode": b["mode"], "agenda": b["agenda"],
              "opened_at": ""}
    return render(request, "zoom/new.html", {
        "v": values, "edit": b, "error": None, "error_field": None,
        "availability": await _availability(values, booking_id), "files": False,
    })


@post("/zoom/{booking_id:int}/ubah", opt=access.object_level("pemohon"), name="zoom_change")
async def change(request: Request, booking_id: FromPath[int]) -> Response:
    b = await zoom.row(booking_id)
    access.require(b["requester"] == request.user.id)
    form = await request.form()
    values = _values(form)
    try:
        await zoom.change(request.user, booking_id, _request_form(form),
                          version=wf.form_version(form.get("version")))
    except UserError as exc:
        return _form_page(request, values, edit=b, error=exc.message, error_field=exc.field,
                          availability=await _availability(values, booking_id),
                          status=exc.status_code if exc.status_code != 400 else 422)
    flash(request, _("Waktu diubah; permintaan kembali dicek PJK TI."))
    return redirect(request, f"/zoom/{booking_id}")


async def _requester_action(request: Request, booking_id: int, action, done: str) -> Response:
    form = await request.form()
    try:
        await action(request.user, booking_id, version=wf.form_version(form.get("version")))
    except UserError as exc:
        if is_htmx(request):
            raise
        return await detail_response(request, booking_id, error=exc.message, status=exc.status_code)
    flash(request, done)
    return redirect(request, field(form, "next") if field(form, "next").startswith("/zoom") else f"/zoom/{booking_id}")


@post("/zoom/{booking_id:int}/batal", opt=access.object_level("pemohon atau admin"), name="zoom_cancel")
async def cancel(request: Request, booking_id: FromPath[int]) -> Response:
    return await _requester_action(request, booking_id, zoom.cancel, _("Permintaan dibatalkan."))


@post("/zoom/{booking_id:int}/rekaman", opt=access.object_level("pemohon"), name="zoom_recording")
async def recording(request: Request, booking_id: FromPath[int]) -> Response:
    return await _requester_action(
        request, booking_id, zoom.recording_downloaded,
        _("Terima kasih. PJK TI akan mengelola lisensi akun."),
    )


ROUTES = [
    calendar_page, new_page, availability_part, submit, mine_page, rotate_my_feed,
    detail_page, change_page, change, cancel, recording,
    *routes_it.ROUTES, *routes_public.ROUTES,
]
_IT = access.roles(Role.KETUA_TIP, Role.PJK_TI)["access"]
NAV = [
    NavItem(_l("Zoom"), "/zoom", access.signed_in()["access"], order=20, group="zoom",
            description=_l("Pinjam akun Zoom kantor untuk rapat daring; lihat jadwal akun.")),
    NavItem(_l("Antrean Zoom"), "/zoom/antrean", _IT, order=22, group="zoom"),
    NavItem(_l("Akun Zoom"), "/zoom/akun", access.roles(Role.PJK_TI)["access"], order=23,
            group="zoom"),
    NavItem(_l("Statistik Zoom"), "/zoom/statistik",
            access.roles(Role.KETUA_TIP, Role.PJK_TI, Role.KEPALA)["access"], order=24,
            group="zoom"),
    NavItem(_l("Kios & kalender Zoom"), "/zoom/tautan", access.roles(Role.ADMIN)["access"],
            section="admin", order=42),
]
