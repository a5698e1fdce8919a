"""IT's Zoom pages: the queue with inline actions, accounts, usage figures, kiosk/feed links."""

from __future__ import annotations


from litestar import Request, Response, get, post
from litestar.params import FromPath

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.web import access
from pintar.web.templating import flash, render
from pintar.zoom import deps, feeds, queries, usage
from pintar.zoom import service as zoom
from pintar.zoom.web import (
    detail_response, field, int_or_none, is_htmx, office_now, redirect, safe_next,
)

IT = (Role.KETUA_TIP, Role.PJK_TI)


# --- the queue ---------------------------------------------------------------------------------


@get("/zoom/antrean", opt=access.roles(*IT), name="zoom_queue")
async def queue_page(request: Request) -> Response:
    _now, tz = await office_now()
    only_mine = request.query_params.get("saya") == "1"
    async with deps.read():
        rows = await queries.queue(request.user, only_mine=only_mine)
    return render(request, "zoom/queue.html", {"rows": rows, "tz": tz, "only_mine": only_mine},
                  block="queue")


async def _row_response(request: Request, booking_id: int, *, error: str | None = None,
                        note: str = "", done: str | None = None, status: int = 200) -> Response:
    _now, tz = await office_now()
    b = await queries.queue_row(request.user, booking_id)
    return render(request, "zoom/row.html",
                  {"b": b, "tz": tz, "row_error": error, "row_note": note, "row_done": done},
                  block="row", status_code=status)


async def _it_action(request: Request, booking_id: int, run, done: str) -> Response:
    """Run an IT action; HTMX gets only the fresh row back (on a refusal with its status, 409
    when someone else changed it, and the message and what was typed in the row), plain forms a
    redirect (or, on a refusal, the request's page with the message and what was typed)."""
    form = await request.form()
    note = field(form, "note")
    try:
        await run(form)
    except UserError as exc:
        if is_htmx(request):
            return await _row_response(request, booking_id, error=exc.message, note=note,
                                       status=exc.status_code)
        return await detail_response(request, booking_id, error=exc.message, note=note,
                                     status=exc.status_code)
    if is_htmx(request):
        return await _row_response(request, booking_id, done=done)
    flash(request, done)
    return redirect(request, safe_next(field(form, "next"), f"/zoom/{booking_id}"))


@post("/zoom/{booking_id:int}/teruskan", opt=access.roles(Role.KETUA_TIP), name="zoom_forward")
async def forward(request: Request, booking_id: FromPath[int]) -> Response:
    async def run(form) -> None:
        handler = int_or_none(form.get("handler"))
        if handler is None:
            raise UserError(_("Pilih PJK TI yang akan mengecek jadwal."), field="handler")
        await zoom.forward(request.user, booking_id, handler, version=wf.form_version(form.get("version")))

    return await _it_action(request, booking_id, run, _("Diteruskan ke PJK TI."))


@post("/zoom/{booking_id:int}/tetapkan", opt=access.roles(Role.PJK_TI), name="zoom_assign")
async def assign(request: Request, booking_id: FromPath[int]) -> Response:
    async def run(form) -> None:
        await zoom.assign(request.user, booking_id, int_or_none(form.get("account")),
                          version=wf.form_version(form.get("version")))

    return await _it_action(request, booking_id, run, _("Akun ditetapkan; pemohon diberi tahu."))


@post("/zoom/{booking_id:int}/tolak", opt=access.roles(*IT), name="zoom_reject")
async def reject(request: Request, booking_id: FromPath[int]) -> Response:
    async def run(form) -> None:
        await zoom.reject(request.user, booking_id, field(form, "note"),
                          version=wf.form_version(form.get("version")))

    return await _it_action(request, booking_id, run, _("Permintaan ditolak; pemohon diberi tahu."))


@post("/zoom/{booking_id:int}/lewati-rekaman", opt=access.roles(Role.PJK_TI), name="zoom_skip_recording")
async def skip_recording(request: Request, booking_id: FromPath[int]) -> Response:
    async def run(form) -> None:
        await zoom.skip_recording(request.user, booking_id, field(form, "note"),
                                  version=wf.form_version(form.get("version")))

    return await _it_action(request, booking_id, run, _("Lanjut ke manajemen lisensi."))


@post("/zoom/{booking_id:int}/lisensi", opt=access.roles(Role.PJK_TI), name="zoom_license")
async def license_done(request: Request, booking_id: FromPath[int]) -> Response:
    async def run(form) -> None:
        await zoom.license_managed(request.user, booking_id, version=wf.form_version(form.get("version")))

    return await _it_action(request, booking_id, run, _("Lisensi sudah dikelola; permintaan selesai."))


# --- accounts ----------------------------------------------------------------------------------


def _account_form(form) -> zoom.AccountForm:
    return zoom.AccountForm(
        name=field(form, "name"), capacity=field(form, "capacity"),
        login_email=field(form, "login_email"), password=field(form, "password"),
        host_key=field(form, "host_key"), note=field(form, "note"),
        active=field(form, "active") == "1",
    )


async def _accounts_page(request: Request, *, values: dict | None = None, error: str | None = None,
                         error_field: str | None = None, status: int = 200) -> Response:
    rows = await zoom.list_accounts()
    for a in rows:
        a["secrets"] = await zoom.account_secrets_for(request.user, a["id"])
    return render(request, "zoom/accounts.html", {
        "accounts": rows,
        "v": values or {"name": "", "capacity": "", "login_email": "", "note": "", "active": "1"}, "error": error, "error_field": error_field,
    }, status_code=status)


@get("/zoom/akun", opt=access.roles(Role.PJK_TI), name="zoom_accounts")
async def accounts_page(request: Request) -> Response:
    return await _accounts_page(request)


@post("/zoom/akun", opt=access.roles(Role.PJK_TI), name="zoom_account_create")
async def account_create(request: Request) -> Response:
    form = await request.form()
    try:
        await zoom.create_account(_account_form(form))
    except UserError as exc:
        values = {k: field(form, k) for k in ("name", "capacity", "login_email", "note", "active")}
        return await _accounts_page(request, values=values, error=exc.message,
                                    error_field=exc.field, status=422)
    flash(request, _("Akun Zoom ditambahkan."))
    return redirect(request, "/zoom/akun")


@get("/zoom/akun/{account_id:int}", opt=access.roles(Role.PJK_TI), name="zoom_account")
async def account_page(request: Request, account_id: FromPath[int]) -> Response:
    a = await zoom.get_account(account_id)
    secrets = await zoom.account_secrets_for(request.user, account_id)
    values = {**a, "login_email": secrets["login_email"], "active": "1" if a["active"] else ""}
    return render(request, "zoom/account.html", {"a": a, "v": values, "error": None, "error_field": None})


@post("/zoom/akun/{account_id:int}", opt=access.roles(Role.PJK_TI), name="zoom_account_save")
async def account_save(request: Request, account_id: FromPath[int]) -> Response:
    a = await zoom.get_account(account_id)
    form = await request.form()
    try:
        moved = await zoom.update_account(account_id, _account_form(form))
    except UserError as exc:
        values = {k: field(form, k) for k in ("name", "capacity", "login_email", "note", "active")}
        return render(request, "zoom/account.html",
                      {"a": a, "v": values, "error": exc.message, "error_field": exc.field},
                      status_code=422)
    message = _("Akun Zoom disimpan.")
    if moved:
        message += " " + _("%(n)s permintaan mendatang dipindahkan dan perlu dicek ulang.", n=len(moved))
    flash(request, message)
    return redirect(request, "/zoom/akun")


@post("/zoom/akun/{account_id:int}/aktif", opt=access.roles(Role.PJK_TI), name="zoom_account_active")
async def account_active(request: Request, account_id: FromPath[int]) -> Response:
    form = await request.form()
    active = field(form, "active") == "1"
    moved = await zoom.set_active(account_id, active)
    message = _("Akun diaktifkan.") if active else _("Akun dinonaktifkan.")
    if moved:
        message += " " + _("%(n)s permintaan mendatang dipindahkan dan perlu dicek ulang.", n=len(moved))
    flash(request, message)
    return redirect(request, "/zoom/akun")


# --- usage figures -----------------------------------------------------------------------------


@get("/zoom/statistik", opt=access.roles(Role.KETUA_TIP, Role.PJK_TI, Role.KEPALA), name="zoom_usage")
async def usage_page(request: Request) -> Response:
    now, tz = await office_now()
    year = int_or_none(request.query_params.get("tahun")) or now.year
    year = min(max(year, 2000), 2100)
    data = await usage.figures(year)
    return render(request, "zoom/usage.html", {**data, "tz": tz, "this_year": now.year})


# --- kiosk and feed links ------------------------------------------------------------------------


@get("/zoom/tautan", opt=access.roles(Role.ADMIN), name="zoom_links")
async def links_page(request: Request) -> Response:
    from pintar.config import get_settings

    return render(request, "zoom/links.html", {
        "base": get_settings().base_url,
        "kiosk_token": await feeds.token_for(feeds.KIOSK),
        "office_token": await feeds.token_for(feeds.OFFICE_FEED),
    })


@post("/zoom/tautan/{kind:str}/ganti", opt=access.roles(Role.ADMIN), name="zoom_links_rotate")
async def links_rotate(request: Request, kind: FromPath[str]) -> Response:
    kinds = {"kios": feeds.KIOSK, "kantor": feeds.OFFICE_FEED}
    if kind not in kinds:
        raise UserError(_("Jenis tautan tidak dikenal."))
    await feeds.rotate(kinds[kind])
    flash(request, _("Tautan diganti; alamat lama tidak berlaku lagi. Perbarui alamat di TV/kalender."))
    return redirect(request, "/zoom/tautan")


ROUTES = [
    queue_page, forward, assign, reject, skip_recording, license_done,
    accounts_page, account_create, account_page, account_save, account_active,
    usage_page, links_page, links_rotate,
]
