"""Event Team pages: the board (cards in state columns, HTMX card swap, plain forms without JS),
a support's page (roles with the rotation ranking, documentation, no-shows, evaluations), the
request from an activity, members' unavailable dates, the quarterly figures, the roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from pintar import clock
from pintar.agenda import service as agenda
from pintar.auth.roles import Role
from pintar.db import read_transaction
from pintar.errors import UserError
from pintar.eventteam import queries
from pintar.eventteam import service as et
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.office.workdays import load_calendar
from pintar.web import access
from pintar.web.forms import clean_text, parse_id, read_form, text_value
from pintar.web.nav import NavItem
from pintar.web.templating import flash, redirect, render, wants_fragment

BOARD_ROLES = (Role.KETUA_EVENT, Role.ANGGOTA_EVENT, Role.CC, Role.KEPALA)


def _now() -> dt.datetime:
    return clock.now()


def _int(value: Any) -> int | None:
    return parse_id(value)


def _text(data: Any, name: str) -> str:
    return clean_text(text_value(data, name)).strip()


# --- the board ---------------------------------------------------------------------------------


async def _board_page(request: Request, *, error: str | None = None, status: int = 200) -> Response:
    cal = await load_calendar()
    now = _now()
    mine = request.query_params.get("saya") == "1" or not request.user.has_role(*BOARD_ROLES)
    async with read_transaction():
        columns = await queries.board(person_id=request.user.id if mine else None, now=now)
    for col in columns:
        for r in col["cards"]:
            r["actions"] = queries.card_actions(r, request.user, now)
    return render(request, "eventteam/board.html", {
        "columns": columns, "mine": mine, "tz": cal.tz, "error": error,
    }, status_code=status)


@get("/event-team", opt=access.signed_in(), name="et_board")
async def board_page(request: Request) -> Response:
    return await _board_page(request)


async def _card(request: Request, sid: int, *, error: str | None = None, status: int = 200) -> Response:
    """The fresh card and the column counts (out of band): all an action on the board changes."""
    cal = await load_calendar()
    now = _now()
    async with read_transaction():
        card = (await queries.cards([sid], now=now))[0]
        counts = await queries.column_counts(None, now)
    card["actions"] = queries.card_actions(card, request.user, now)
    return render(request, "eventteam/_card_swap.html", {
        "c": card, "tz": cal.tz, "error": error, "counts": counts,
    }, status_code=status)


@post("/event-team/{sid:int}/aksi", opt=access.object_level("SM, Ketua, anggota, CC sesuai langkah"), name="et_act")
async def act(request: Request, sid: FromPath[int]) -> Response:
    """The one action endpoint of a support: from the board (the card swaps) or its page."""
    data = await read_form(request)
    action = _text(data, "aksi")
    back = "/event-team" if _text(data, "dari") == "papan" else f"/event-team/{sid}"
    try:
        await et.act(request.user, sid, action, version=_int(data.get("versi")), now=_now(),
                     note=clean_text(text_value(data, "catatan"), multiline=True)[:2000], form=data)
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        if wants_fragment(request) and back == "/event-team":
            return await _card(request, sid, error=exc.message, status=exc.status_code)
        if back == "/event-team":
            return await _board_page(request, error=exc.message, status=exc.status_code)
        return await _support_page(request, sid, exc=exc, status=exc.status_code, typed=data)
    if wants_fragment(request) and back == "/event-team":
        return await _card(request, sid)
    flash(request, _("Tersimpan: %(a)s.", a=str(et.SUPPORT.by_name[action].label)))
    return redirect(request, back)


# --- one support ---------------------------------------------------------------------------------


async def _support_page(request: Request, sid: int, *, exc: UserError | None = None, status: int = 200,
                        typed: Any = None, role_id: int | None = None) -> Response:
    cal = await load_calendar()
    now = _now()
    s = await et.get(sid)
    access.require(et.may_see(s, request.user))
    from pintar import workflow as wf

    ranking = None
    if s["lead"] == request.user.id and s["state"] == "diajukan":
        open_roles = [n for n in s["needs"] if n["filled"] < n["count"]]
        pick = role_id or (open_roles[0]["role"] if open_roles else None)
        if pick is not None:
            ranking = await et.candidates(sid, pick, now=now)
    errors = exc.errors if isinstance(exc, agenda.Invalid) else ({exc.field or "_": exc.message} if exc else {})
    return render(request, "eventteam/support.html", {
        "s": s, "tz": cal.tz, "actions": et.available(s, request.user, now), "ranking": ranking,
        "lines": wf.timeline(et.SUPPORT, await wf.history(et.SUPPORT, sid), cal, now),
        "documents": await et.documents(sid),
        "errors": errors, "typed": typed or {}, "is_lead": s["lead"] == request.user.id,
        "is_owner": s["owner"] == request.user.id, "label": et.SUPPORT.label,
    }, status_code=status)


@get("/event-team/{sid:int}", opt=access.object_level("SM, Ketua, anggota, CC"), name="et_support")
async def support_page(request: Request, sid: FromPath[int]) -> Response:
    return await _support_page(request, sid, role_id=_int(request.query_params.get("peran")))


@post("/event-team/{sid:int}/tugaskan", opt=access.object_level("Ketua Event Team kegiatan"), name="et_assign")
async def assign(request: Request, sid: FromPath[int]) -> Response:
    data = await read_form(request)
    role_id, person_id = _int(data.get("peran")), _int(data.get("orang"))
    try:
        if role_id is None or person_id is None:
            raise UserError(_("Pilih peran dan orangnya."), field="orang")
        await et.assign(request.user, sid, role_id, person_id, now=_now(), override=_text(data, "alasan"),
                        version=_int(data.get("versi")))
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        return await _support_page(request, sid, exc=exc, status=exc.status_code, typed=data, role_id=role_id)
    flash(request, _("Peran ditugaskan."))
    return redirect(request, f"/event-team/{sid}" + (f"?peran={role_id}" if role_id else ""))


@post("/event-team/{sid:int}/lepas/{aid:int}", opt=access.object_level("Ketua Event Team kegiatan"), name="et_unassign")
async def unassign(request: Request, sid: FromPath[int], aid: FromPath[int]) -> Response:
    await et.unassign(request.user, sid, aid)
    flash(request, _("Penugasan dilepas."))
    return redirect(request, f"/event-team/{sid}")


@post("/event-team/{sid:int}/tidak-hadir/{aid:int}", opt=access.object_level("SM atau Ketua"), name="et_no_show")
async def no_show(request: Request, sid: FromPath[int], aid: FromPath[int]) -> Response:
    data = await read_form(request)
    try:
        await et.mark_no_show(request.user, sid, aid, _text(data, "tidak_hadir") == "1")
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        return await _support_page(request, sid, exc=exc, status=exc.status_code)
    flash(request, _("Kehadiran dicatat."))
    return redirect(request, f"/event-team/{sid}")


@post("/event-team/{sid:int}/dokumentasi", opt=access.object_level("SM, Ketua, anggota bertugas"), name="et_document")
async def document(request: Request, sid: FromPath[int]) -> Response:
    try:
        data = await read_form(request)
        await et.add_document(request.user, sid, data.get("berkas"), _text(data, "keterangan"))
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        return await _support_page(request, sid, exc=exc, status=exc.status_code)
    flash(request, _("Dokumentasi diunggah."))
    return redirect(request, f"/event-team/{sid}")


@post("/agenda/{activity_id:int}/event-team", opt=access.object_level("pemilik kegiatan (SM)"), name="et_request")
async def request_support(request: Request, activity_id: FromPath[int]) -> Response:
    """Step 2 from the activity's page."""
    data = await read_form(request)
    roles = [r["id"] for r in await et.role_types()]
    try:
        needs = et.read_needs(data, roles)
        sid = await et.request_support(request.user, activity_id, needs, now=_now())
    except UserError as exc:
        if exc.status_code in (403, 404):
            raise
        from pintar.agenda.routes import _detail

        return await _detail(request, activity_id, error=exc.message, status=exc.status_code)
    s = await et.get(sid)
    if s["late"]:
        flash(request, et.late_refusal(s["earliest_start"]), "warning")
    else:
        flash(request, _("Dukungan Event Team diminta; Ketua Event Team dan CC diberi tahu."))
    return redirect(request, f"/agenda/{activity_id}")


# --- members' unavailable dates ----------------------------------------------------------------


@get("/event-team/tidak-tersedia", opt=access.roles(Role.ANGGOTA_EVENT, Role.KETUA_EVENT), name="et_unavailable")
async def unavailable_page(request: Request) -> Response:
    return render(request, "eventteam/unavailable.html", {
        "rows": await et.my_unavailable(request.user.id), "errors": {}, "typed": {},
    })


@post("/event-team/tidak-tersedia", opt=access.roles(Role.ANGGOTA_EVENT, Role.KETUA_EVENT), name="et_unavailable_add")
async def unavailable_add(request: Request) -> Response:
    data = await read_form(request)
    try:
        await et.add_unavailable(request.user, _text(data, "mulai"), _text(data, "sampai"), _text(data, "catatan"))
    except UserError as exc:
        return render(request, "eventteam/unavailable.html", {
            "rows": await et.my_unavailable(request.user.id), "typed": data,
            "errors": exc.errors if isinstance(exc, agenda.Invalid) else {"_": exc.message},
        }, status_code=exc.status_code)
    flash(request, _("Tanggal tidak tersedia dicatat."))
    return redirect(request, "/event-team/tidak-tersedia")


# --- quarterly figures --------------------------------------------------------------------------


@get("/event-team/triwulan", opt=access.roles(*BOARD_ROLES), name="et_quarter")
async def quarter_page(request: Request) -> Response:
    from pintar.eventteam import figures

    cal = await load_calendar()
    today = _now().astimezone(cal.tz).date()
    year = _int(request.query_params.get("tahun")) or today.year
    q = _int(request.query_params.get("q")) or (today.month - 1) // 3 + 1
    if not 2000 <= year <= 2100 or not 1 <= q <= 4:
        raise UserError(_("Triwulan tidak valid."))
    return render(request, "eventteam/quarter.html", {"f": await figures.quarter(year, q, cal), "tz": cal.tz})


# --- the roster and role types (admin) ----------------------------------------------------------


async def _roster_page(request: Request, year: int, *, errors: dict | None = None, typed: Any = None,
                       status: int = 200) -> Response:
    from pintar.auth.tables import Person

    people = await Person.select(Person.id, Person.name).where(Person.active == True).order_by(Person.name)  # noqa: E712
    return render(request, "eventteam/roster.html", {
        "year": year, "teams": await et.teams(year), "roles": await et.role_types(active_only=False),
        "people": people, "errors": errors or {}, "typed": typed or {},
    }, status_code=status)


@get("/admin/event-team", opt=access.roles(Role.ADMIN), name="et_roster")
async def roster_page(request: Request) -> Response:
    cal = await load_calendar()
    year = _int(request.query_params.get("tahun")) or _now().astimezone(cal.tz).year
    if not 2000 <= year <= 2100:
        raise UserError(_("Tahun tidak valid."))
    return await _roster_page(request, year)


@post("/admin/event-team/tim", opt=access.roles(Role.ADMIN), name="et_team_save")
async def team_save(request: Request) -> Response:
    data = await read_form(request)
    year = _int(data.get("tahun")) or 0
    months = [m for m in (_int(v) for v in data.getall("bulan", [])) if m is not None]
    members = [m for m in (_int(v) for v in data.getall("anggota", [])) if m is not None]
    try:
        await et.save_team(year, _text(data, "nama"), months, _int(data.get("ketua")), members)
    except UserError as exc:
        errors = exc.errors if isinstance(exc, agenda.Invalid) else {"_": exc.message}
        return await _roster_page(request, year if 2000 <= year <= 2100 else 2000, errors=errors, typed=data,
                                  status=exc.status_code)
    flash(request, _("Tim disimpan."))
    return redirect(request, f"/admin/event-team?tahun={year}")


@post("/admin/event-team/peran", opt=access.roles(Role.ADMIN), name="et_role_save")
async def role_save(request: Request) -> Response:
    data = await read_form(request)
    year = _int(data.get("tahun")) or 2000
    try:
        await et.save_role_type(_text(data, "nama"), _int(data.get("urutan")) or 0)
    except UserError as exc:
        errors = exc.errors if isinstance(exc, agenda.Invalid) else {"_": exc.message}
        return await _roster_page(request, year, errors=errors, typed=data, status=exc.status_code)
    flash(request, _("Peran ditambahkan."))
    return redirect(request, f"/admin/event-team?tahun={year}")


@post("/admin/event-team/peran/{role_id:int}/aktif", opt=access.roles(Role.ADMIN), name="et_role_active")
async def role_active(request: Request, role_id: FromPath[int]) -> Response:
    data = await read_form(request)
    await et.set_role_active(role_id, _text(data, "aktif") == "1")
    flash(request, _("Peran diperbarui."))
    return redirect(request, f"/admin/event-team?tahun={_int(data.get('tahun')) or ''}")


ROUTES = [
    roster_page, team_save, role_save, role_active,
    board_page, act, support_page, assign, unassign, no_show, document, request_support,
    unavailable_page, unavailable_add, quarter_page,
]

_SIGNED_IN = access.signed_in()["access"]
NAV = [
    NavItem(_l("Event Team"), "/event-team", _SIGNED_IN, order=18, group="eventteam",
            description=_l("Papan dukungan Event Team: pengajuan, peran, evaluasi.")),
    NavItem(_l("Tidak tersedia"), "/event-team/tidak-tersedia", access.roles(Role.ANGGOTA_EVENT, Role.KETUA_EVENT)["access"],
            order=19, group="eventteam", description=_l("Tanggal Anda tidak dapat bertugas.")),
    NavItem(_l("Event Team: tim dan peran"), "/admin/event-team", access.roles(Role.ADMIN)["access"],
            section="admin", order=40, description=_l("Tim Event Team per tahun, bulan bertugas, anggota, jenis peran.")),
    NavItem(_l("Laporan triwulan"), "/event-team/triwulan", access.roles(*BOARD_ROLES)["access"], order=20,
            group="eventteam", description=_l("Laporan Implementasi Event Team per triwulan.")),
]
