"""Agenda pages: the list with filters, the week/month calendar (HTMX navigation, plain links
without JS), a new activity, its page, correcting, postponing and cancelling it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from pintar import clock
from pintar.agenda import queries
from pintar.agenda import service as agenda
from pintar.auth.tables import Person
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.office.rooms import list_rooms
from pintar.office.workdays import load_calendar
from pintar.web import access
from pintar.web.forms import clean_text, parse_date, parse_id, read_form, text_value
from pintar.web.nav import NavItem
from pintar.web.templating import flash, redirect, render


def _now() -> dt.datetime:
    return clock.now()


def _text(data: Any, name: str) -> str:
    return clean_text(text_value(data, name)).strip()


def _int(value: Any) -> int | None:
    return parse_id(value)


def _day(value: Any, default: dt.date | None) -> dt.date | None:
    day = parse_date(value)
    return default if day is None else day


def _form(data: Any) -> agenda.ActivityForm:
    people = data.getall("peserta", []) if hasattr(data, "getall") else []
    return agenda.ActivityForm(
        judul=_text(data, "judul"), kategori=_text(data, "kategori"), tanggal=_text(data, "tanggal"),
        mulai=_text(data, "mulai"), selesai=_text(data, "selesai"), metode=_text(data, "metode"),
        ruang=_text(data, "ruang"), pemimpin=_text(data, "pemimpin"),
        peserta=[p for p in people if isinstance(p, str)], tamu=text_value(data, "tamu"),
        jumlah=_text(data, "jumlah"), keterangan=text_value(data, "keterangan"),
    )


def _form_of(a: dict, tz: Any) -> agenda.ActivityForm:
    start = a["starts_at"].astimezone(tz)
    return agenda.ActivityForm(
        judul=a["title"], kategori=a["category"], tanggal=start.date().isoformat(),
        mulai=start.strftime("%H:%M"), selesai=a["ends_at"].astimezone(tz).strftime("%H:%M"),
        metode=a["method"], ruang=str(a["room"] or ""), pemimpin=str(a["leader"] or ""),
        peserta=[str(p["id"]) for p in a["people"]], tamu=a["guests"],
        jumlah=str(a["participants"] or ""), keterangan=a["description"],
    )


async def _choices() -> dict:
    people = await Person.select(Person.id, Person.name).where(Person.active == True).order_by(Person.name)  # noqa: E712
    return {
        "rooms": await list_rooms(include_inactive=False), "people": people,
        "categories": [(c, agenda.category_label(c)) for c in agenda.CATEGORIES],
        "methods": [(m, agenda.method_label(m)) for m in agenda.METHODS],
    }


def _errors(exc: UserError | None) -> dict[str, str]:
    if exc is None:
        return {}
    if isinstance(exc, agenda.Invalid):
        return exc.errors
    return {exc.field or "_": exc.message}


async def _hint(form: agenda.ActivityForm, tz: Any, now: dt.datetime) -> dict | None:
    """SOP-321 step 1: who the Ketua Event Team is for the chosen date, and a warning when the
    start is fewer than 4 working days away."""
    from pintar.eventteam import service as eventteam

    day = _day(form.tanggal, None)
    if day is None:
        return None
    return await eventteam.coordination(day, now)


async def _form_page(request: Request, form: agenda.ActivityForm, *, activity: dict | None = None,
                     exc: UserError | None = None, status: int = 200) -> Response:
    cal = await load_calendar()
    now = _now()
    return render(request, "agenda/form.html", {
        **await _choices(), "f": form, "activity": activity, "errors": _errors(exc),
        "hint": await _hint(form, cal.tz, now), "tz": cal.tz,
    }, block="hint" if request.query_params.get("bagian") == "petunjuk" else None, status_code=status)


# --- list and calendar ---------------------------------------------------------------------


@get("/agenda", opt=access.signed_in(), name="agenda_list")
async def list_page(request: Request) -> Response:
    cal = await load_calendar()
    today = _now().astimezone(cal.tz).date()
    q = request.query_params
    f = queries.Filters(
        q=_text(q, "q")[:100], kategori=_text(q, "kategori") if _text(q, "kategori") in agenda.CATEGORIES else "",
        metode=_text(q, "metode") if _text(q, "metode") in agenda.METHODS else "", ruang=_int(q.get("ruang")),
        dari=_day(q.get("dari"), None), sampai=_day(q.get("sampai"), None),
        saya=q.get("saya") == "1", batal=q.get("batal") == "1",
    )
    rows = await queries.listing(f, request.user.id, today)
    return render(request, "agenda/list.html", {
        **await _choices(), "rows": rows, "filters": f, "tz": cal.tz,
        "category_label": agenda.category_label, "method_label": agenda.method_label,
    }, block="rows")


@get("/agenda/kalender", opt=access.signed_in(), name="agenda_calendar")
async def calendar_page(request: Request) -> Response:
    cal = await load_calendar()
    today = _now().astimezone(cal.tz).date()
    view = request.query_params.get("tampilan", "minggu")
    anchor = _day(request.query_params.get("tanggal"), today) or today
    data = await queries.calendar(view, anchor, today)
    from pintar.zoom.schedule import month_label

    return render(request, "agenda/calendar.html", {**data, "tz": cal.tz, "month_label": month_label(anchor)},
                  block="cal")


# --- a new activity --------------------------------------------------------------------------


@get("/agenda/baru", opt=access.signed_in(), name="agenda_new")
async def new_page(request: Request) -> Response:
    cal = await load_calendar()
    q = request.query_params
    form = _form(q)
    if not form.tanggal:
        form.tanggal = (_now().astimezone(cal.tz) + dt.timedelta(days=7)).date().isoformat()
        form.mulai, form.selesai = form.mulai or "09:00", form.selesai or "11:00"
    return await _form_page(request, form)


@post("/agenda/baru", opt=access.signed_in(), name="agenda_create")
async def create(request: Request) -> Response:
    form = _form(await read_form(request))
    try:
        activity_id = await agenda.create(request.user, form, now=_now())
    except UserError as exc:
        return await _form_page(request, form, exc=exc, status=exc.status_code)
    flash(request, _("Kegiatan “%(t)s” masuk agenda kantor.", t=form.judul))
    return redirect(request, f"/agenda/{activity_id}")


# --- one activity ------------------------------------------------------------------------------


async def _detail(request: Request, activity_id: int, *, error: str | None = None, status: int = 200) -> Response:
    cal = await load_calendar()
    a = await agenda.get(activity_id)
    zoom = None
    if a["zoom_booking"]:
        from pintar.zoom import service as zoom_service

        try:
            zoom = await zoom_service.row(a["zoom_booking"])
            zoom["state_label"] = zoom_service.ZOOM.label(zoom["state"])
        except UserError:
            zoom = None
    from pintar.eventteam import service as eventteam

    support = await eventteam.support_panel(a, request.user, _now())
    return render(request, "agenda/detail.html", {
        "a": a, "tz": cal.tz, "history": await agenda.history(activity_id), "zoom": zoom,
        "may_change": agenda.may_change(a, request.user) and a["state"] == "terjadwal",
        "category_label": agenda.category_label, "method_label": agenda.method_label,
        "with_zoom": a["method"] in agenda.WITH_ZOOM, "error": error, "support": support,
        "action_label": lambda name: str(agenda.AGENDA.by_name[name].label) if name in agenda.AGENDA.by_name else name,
    }, status_code=status)


@get("/agenda/{activity_id:int}", opt=access.signed_in(), name="agenda_detail")
async def detail(request: Request, activity_id: FromPath[int]) -> Response:
    return await _detail(request, activity_id)


@get("/agenda/{activity_id:int}/ubah", opt=access.object_level("pemilik kegiatan atau admin"), name="agenda_edit")
async def edit_page(request: Request, activity_id: FromPath[int]) -> Response:
    cal = await load_calendar()
    a = await agenda.get(activity_id)
    access.require(agenda.may_change(a, request.user), _("Hanya pemilik kegiatan (atau admin) yang dapat mengubahnya."))
    return await _form_page(request, _form_of(a, cal.tz), activity=a)


async def _zoom_follow(request: Request, a: dict, choice: str, *, cancelled: bool) -> str | None:
    """Postponing or cancelling asks what to do with the activity's Zoom booking."""
    if not a["zoom_booking"] or choice not in ("pindah", "lepas"):
        return None
    from pintar.zoom import service as zoom

    try:
        booking = await zoom.row(a["zoom_booking"])
        if choice == "lepas" or cancelled:
            await zoom.cancel(request.user, booking["id"], note=_("Kegiatan di agenda dibatalkan/ditunda."),
                              version=booking["version"], now=_now())
            return _("Peminjaman Zoom dilepas.")
        fresh = await agenda.get(a["id"])
        values = agenda.zoom_prefill(fresh, (await load_calendar()).tz)
        await zoom.change(request.user, booking["id"], {
            "judul": booking["title"], "tanggal": values["tanggal"], "mulai": values["mulai"],
            "selesai": values["selesai"], "peserta": str(booking["participants"]),
            "jenis": booking["mode"], "agenda": booking["agenda"],
        }, version=booking["version"], now=_now())
        return _("Peminjaman Zoom dipindah ke jadwal baru; PJK TI mengecek ulang.")
    except UserError as exc:
        return _("Peminjaman Zoom tidak dapat diubah: %(m)s", m=exc.message)


@post("/agenda/{activity_id:int}/ubah", opt=access.object_level("pemilik kegiatan atau admin"), name="agenda_save")
async def save(request: Request, activity_id: FromPath[int]) -> Response:
    data = await read_form(request)
    form = _form(data)
    a = await agenda.get(activity_id)
    access.require(agenda.may_change(a, request.user), _("Hanya pemilik kegiatan (atau admin) yang dapat mengubahnya."))
    action = "tunda" if _text(data, "aksi") == "tunda" else "ubah"
    try:
        if action == "tunda":
            await agenda.postpone(request.user, activity_id, form, version=_int(data.get("versi")),
                                  note=_text(data, "catatan")[:1000], now=_now())
        else:
            await agenda.update(request.user, activity_id, form, version=_int(data.get("versi")), now=_now())
    except UserError as exc:
        if exc.status_code == 409:
            a = await agenda.get(activity_id)
        return await _form_page(request, form, activity=a, exc=exc, status=exc.status_code)
    flash(request, _("Kegiatan ditunda ke jadwal baru; peserta diberi tahu.") if action == "tunda" else _("Kegiatan disimpan."))
    follow = await _zoom_follow(request, a, _text(data, "zoom"), cancelled=False)
    if follow:
        flash(request, follow, "info")
    return redirect(request, f"/agenda/{activity_id}")


@post("/agenda/{activity_id:int}/batal", opt=access.object_level("pemilik kegiatan atau admin"), name="agenda_cancel")
async def cancel(request: Request, activity_id: FromPath[int]) -> Response:
    data = await read_form(request)
    a = await agenda.get(activity_id)
    try:
        await agenda.cancel(request.user, activity_id, version=_int(data.get("versi")),
                            note=_text(data, "catatan")[:1000], now=_now())
    except UserError as exc:
        if exc.status_code in (401, 403, 404):
            raise
        return await _detail(request, activity_id, error=exc.message, status=exc.status_code)
    flash(request, _("Kegiatan dibatalkan; peserta diberi tahu."))
    follow = await _zoom_follow(request, a, _text(data, "zoom"), cancelled=True)
    if follow:
        flash(request, follow, "info")
    return redirect(request, f"/agenda/{activity_id}")


ROUTES = [list_page, calendar_page, new_page, create, detail, edit_page, save, cancel]

_SIGNED_IN = access.signed_in()["access"]
NAV = [
    NavItem(_l("Agenda"), "/agenda", _SIGNED_IN, order=15, group="agenda",
            description=_l("Agenda kegiatan kantor: daftar, kalender, ruang dan peserta.")),
    NavItem(_l("Kalender agenda"), "/agenda/kalender", _SIGNED_IN, order=16, group="agenda",
            description=_l("Kegiatan kantor per minggu atau per bulan.")),
    NavItem(_l("Kegiatan baru"), "/agenda/baru", _SIGNED_IN, order=17, group="agenda",
            description=_l("Masukkan kegiatan ke agenda kantor.")),
]
