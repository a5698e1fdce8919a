"""Zoom pages for everyone: the calendar, a new request with live availability, "Permintaan
saya", a request's page, changing its times, and its one action endpoint (the page loops over
what the viewer may do; see docs/modules.md, "Screens")."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath

from pintar import db
from pintar import workflow as wf
from pintar.errors import UserError
from pintar.files import service as files
from pintar.i18n import gettext as _
from pintar.office.calendar import WorkCalendar
from pintar.web import access, provide
from pintar.web.forms import FormInvalid, Reader, close_uploads, date_param, parse_id, read_form
from pintar.web.templating import flash, redirect, render, wants_fragment
from pintar.zoom import feeds, notices, queries, schedule, slots
from pintar.zoom import service as zoom
from pintar.zoom.flow import is_it

# Where a plain action form may go back to (anything else: the request's page).
RETURNS = ("/zoom/antrean", "/zoom/saya")


def _errors(exc: UserError, default_field: str) -> dict[str, str]:
    """Every field's message of a refusal (a single refusal names its field, or the default)."""
    if isinstance(exc, FormInvalid):
        return dict(exc.errors)
    return {exc.field or default_field: exc.message}


def _status(exc: UserError) -> int:
    """Bad input is 422, a conflict 409 (the generic 400 of a rule becomes 422)."""
    return 422 if exc.status_code == 400 else exc.status_code


# --- the request form ----------------------------------------------------------------------------


async def _availability(values: Mapping[str, str], calendar: WorkCalendar,
                        exclude: int | None = None) -> dict | None:
    """Free accounts for what was typed so far, or None while the times are incomplete."""
    if not (values.get("tanggal") and values.get("mulai") and values.get("selesai")):
        return None
    r = Reader(values)
    times = zoom.read_times(r, calendar.tz)
    if times is None:
        return {"error": next(iter(r.errors.values()))}
    participants = zoom.read_participants(r) or 1
    data = await zoom.availability(times[0], times[1], participants, exclude)
    data["participants"] = participants
    data["buffer"] = slots.buffer_minutes()
    return data


async def _form_page(request: Request, calendar: WorkCalendar, values: dict[str, str], *,
                     edit: dict | None = None, errors: dict[str, str] | None = None,
                     status: int = 200, block: str | None = None) -> Response:
    async with db.reading():
        availability = await _availability(values, calendar, edit["id"] if edit else None)
    return render(request, "zoom/new.html", {
        "v": values, "edit": edit, "errors": errors or {}, "availability": availability,
        "files": edit is None,
    }, status_code=status, block=block)


class ZoomPages(Controller):
    """What every signed-in person does: the calendar, a new request, their requests."""

    path = "/zoom"
    opt = access.signed_in()
    dependencies = provide.COMMON

    @get("/", name="zoom_calendar")
    async def calendar_page(self, request: Request, now: provide.Now,
                            calendar: provide.Calendar) -> Response:
        today = now.astimezone(calendar.tz).date()
        anchor = date_param(request.query_params.get("tanggal"), today)
        async with db.reading():
            data = await schedule.view(request.query_params.get("tampilan") or "minggu", anchor, today)
        return render(request, "zoom/calendar.html", {**data, "tz": calendar.tz}, block="cal")

    @get("/baru", name="zoom_new")
    async def new_page(self, request: Request, user: provide.User, now: provide.Now,
                       calendar: provide.Calendar) -> Response:
        local = now.astimezone(calendar.tz)
        values = zoom.typed(request.query_params)
        defaults = {"tanggal": (local + dt.timedelta(days=1)).date().isoformat(), "mulai": "09:00",
                    "selesai": "10:00", "dibuka": local.isoformat(timespec="seconds")}
        activity_id = parse_id(values.get("kegiatan"))
        if activity_id is not None:  # "Ajukan Zoom" from a daring/hybrid activity of the agenda
            from pintar.agenda import service as agenda

            activity = await agenda.get(activity_id)
            if agenda.may_change(activity, user):
                values.update(agenda.zoom_prefill(activity, calendar.tz))
        values.update({k: v for k, v in defaults.items() if not values.get(k)})
        return await _form_page(request, calendar, values)

    @get("/ketersediaan", name="zoom_availability")
    async def availability_part(self, request: Request, user: provide.User,
                                calendar: provide.Calendar) -> Response:
        """Live availability while typing (htmx); without JavaScript the whole form comes back."""
        values = zoom.typed(request.query_params)
        exclude = parse_id(request.query_params.get("kecuali"))
        edit = None
        if exclude is not None:
            try:
                found = await zoom.row(exclude)
            except UserError:
                found = None
            edit = found if found and found["requester"] == user.id else None
        return await _form_page(request, calendar, values, edit=edit, block="availability")

    @post("/baru", name="zoom_submit")
    async def submit(self, request: Request, user: provide.User, now: provide.Now,
                     calendar: provide.Calendar) -> Response:
        try:
            form = await read_form(request)  # a body over the limit: a message, not an error page
        except UserError as exc:
            return await _form_page(request, calendar, zoom.typed({}),
                                    errors={"dokumen": exc.message}, status=exc.status_code)
        upload = form.get("dokumen")

        async def attach(booking_id: int) -> int | None:
            doc = await files.save_upload(
                upload, owner_kind=zoom.OWNER_KIND, owner_id=booking_id, uploaded_by=user.id,
                label=_("Nota dinas/undangan"), required=True,
            )
            activity_id = parse_id(form.get("kegiatan"))
            if activity_id is not None:  # the request belongs to this activity of the agenda
                from pintar.agenda import service as agenda

                await agenda.link_zoom(activity_id, booking_id, user)
            return doc

        try:
            errors: dict[str, str] = {}
            try:
                zoom.read_request(form, calendar.tz, now)
            except FormInvalid as exc:
                errors.update(exc.errors)
            if not files.has_file(upload):
                errors["dokumen"] = _("Lampirkan nota dinas atau undangan kegiatan.")
            else:
                try:
                    await files.check_upload(upload)  # refused before any slot is taken
                except UserError as exc:
                    errors["dokumen"] = exc.message
            if errors:
                raise FormInvalid(errors)
            booking_id = await zoom.submit(user, form, now=now, attach=attach)
        except UserError as exc:
            return await _form_page(request, calendar, zoom.typed(form),
                                    errors=_errors(exc, "dokumen"), status=_status(exc))
        finally:
            await close_uploads(form)
        flash(request, _("Permintaan dikirim. Slot akun ditahan sambil menunggu PJK TI."))
        return redirect(request, f"/zoom/{booking_id}")

    @get("/saya", name="zoom_mine")
    async def mine_page(self, request: Request, user: provide.User, now: provide.Now,
                        calendar: provide.Calendar) -> Response:
        token = await feeds.token_for(feeds.PERSON_FEED, user.id)  # may create it: not in reading()
        async with db.reading():
            rows = await queries.mine(user, now)
        return render(request, "zoom/mine.html", {"rows": rows, "tz": calendar.tz,
                                                  "feed_token": token, "typed": {}})

    @post("/saya/tautan-kalender", name="zoom_rotate_my_feed")
    async def rotate_my_feed(self, request: Request, user: provide.User) -> Response:
        await feeds.rotate(feeds.PERSON_FEED, user.id)
        flash(request, _("Alamat kalender Anda diganti; alamat lama tidak berlaku lagi."))
        return redirect(request, "/zoom/saya")


# --- one request -----------------------------------------------------------------------------------


async def _detail(request: Request, user: Any, booking_id: int, calendar: WorkCalendar,
                  now: dt.datetime, *, errors: dict[str, str] | None = None,
                  typed: dict[str, str] | None = None, status: int = 200) -> Response:
    async with db.reading():
        view = await queries.detail(user, booking_id, calendar, now)
    return render(request, "zoom/detail.html", {**view, "tz": calendar.tz, "errors": errors or {},
                                                "typed": typed or {}}, status_code=status)


async def _row(request: Request, user: Any, booking_id: int, calendar: WorkCalendar,
               now: dt.datetime, *, error: str | None = None, done: str | None = None,
               typed: dict[str, str] | None = None, status: int = 200) -> Response:
    """The fresh queue row (what an in-place action in IT's queue answers with)."""
    async with db.reading():
        b = await queries.queue_row(user, booking_id, calendar, now)
    return render(request, "zoom/row.html", {"b": b, "tz": calendar.tz, "row_error": error,
                                             "row_done": done, "typed": typed or {}},
                  block="row", status_code=status)


class BookingPages(Controller):
    """One request: its page, changing its times, and its one action endpoint."""

    path = "/zoom/{booking_id:int}"
    opt = access.object_level("pemohon, PJK TIP, PJK TI; lainnya ringkas")
    dependencies = provide.COMMON

    @get("/", name="zoom_detail")
    async def detail_page(self, request: Request, user: provide.User, now: provide.Now,
                          calendar: provide.Calendar, booking_id: FromPath[int]) -> Response:
        return await _detail(request, user, booking_id, calendar, now)

    @get("/ubah", name="zoom_change_page")
    async def change_page(self, request: Request, user: provide.User, now: provide.Now,
                          calendar: provide.Calendar, booking_id: FromPath[int]) -> Response:
        b = await zoom.row(booking_id)
        access.require(b["requester"] == user.id)
        start, end = b["starts_at"].astimezone(calendar.tz), b["ends_at"].astimezone(calendar.tz)
        values = {"judul": b["title"], "tanggal": start.date().isoformat(),
                  "mulai": start.strftime("%H:%M"), "selesai": end.strftime("%H:%M"),
                  "peserta": str(b["participants"]), "jenis": b["mode"], "agenda": b["agenda"],
                  "dibuka": ""}
        return await _form_page(request, calendar, values, edit=b)

    @post("/ubah", name="zoom_change")
    async def change(self, request: Request, user: provide.User, now: provide.Now,
                     calendar: provide.Calendar, booking_id: FromPath[int]) -> Response:
        b = await zoom.row(booking_id)
        access.require(b["requester"] == user.id)
        form = await request.form()
        try:
            await zoom.change(user, booking_id, form, now=now,
                              version=wf.form_version(form.get("versi")))
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            return await _form_page(request, calendar, zoom.typed(form), edit=b,
                                    errors=_errors(exc, "mulai"), status=_status(exc))
        flash(request, _("Waktu diubah; permintaan kembali dicek PJK TI."))
        return redirect(request, f"/zoom/{booking_id}")

    @post("/aksi", name="zoom_action")
    async def action(self, request: Request, user: provide.User, now: provide.Now,
                     calendar: provide.Calendar, booking_id: FromPath[int]) -> Response:
        """Every step a person makes on a request. In IT's queue (htmx) the answer is the fresh
        row, with the message (and what was typed) in it on a refusal; a plain form gets a
        redirect, or the request's page again with the message and what was typed."""
        access.require(zoom.may_view(user, await zoom.row(booking_id)))
        form = await request.form()
        typed = zoom.typed(form, (*zoom.ACTION_FIELDS, "kembali"))
        in_row = wants_fragment(request) and is_it(user)
        try:
            await zoom.act(booking_id, user=user, now=now, **zoom.read_action(form))
        except UserError as exc:
            if exc.status_code in (403, 404):
                raise
            if in_row:
                return await _row(request, user, booking_id, calendar, now, error=exc.message,
                                  typed=typed, status=exc.status_code)
            return await _detail(request, user, booking_id, calendar, now, typed=typed,
                                 errors=_errors(exc, "aksi"), status=exc.status_code)
        done = notices.done(typed["aksi"])
        if in_row:
            return await _row(request, user, booking_id, calendar, now, done=done)
        flash(request, done)
        return redirect(request, typed["kembali"] if typed["kembali"] in RETURNS else f"/zoom/{booking_id}")


ROUTES = [ZoomPages, BookingPages]
