"""IT's Zoom pages: the queue (its rows act in place through the one action endpoint), the
accounts, usage figures, and the kiosk/feed links."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath

from pintar import db
from pintar.auth.roles import Role
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.web import access, provide
from pintar.web.forms import FormInvalid, Reader, form_values
from pintar.web.templating import flash, redirect, render
from pintar.zoom import accounts, feeds, queries, usage
from pintar.zoom import service as zoom
from pintar.zoom.flow import IT_ROLES


class QueuePages(Controller):
    path = "/zoom/antrean"
    opt = access.roles(*IT_ROLES)
    dependencies = provide.COMMON

    @get("/", name="zoom_queue")
    async def queue_page(self, request: Request, user: provide.User, now: provide.Now,
                         calendar: provide.Calendar) -> Response:
        only_mine = request.query_params.get("saya") == "1"
        async with db.reading():
            rows = await queries.queue(user, calendar, now, only_mine=only_mine)
        return render(request, "zoom/queue.html", {"rows": rows, "tz": calendar.tz,
                                                   "only_mine": only_mine}, block="queue")


# --- accounts ------------------------------------------------------------------------------------


def _typed_account(form: Any) -> dict[str, str]:
    return form_values(form, ["nama", "kapasitas", "email_login", "catatan", "aktif"])


def _account_errors(exc: UserError) -> dict[str, str]:
    return dict(exc.errors) if isinstance(exc, FormInvalid) else {exc.field or "nama": exc.message}


class AccountPages(Controller):
    """PJK TI keeps the office's licensed accounts (their secrets are shown only here)."""

    path = "/zoom/akun"
    opt = access.roles(Role.PJK_TI)
    dependencies = provide.COMMON

    async def _list(self, request: Request, user: Any, *, values: dict | None = None,
                    errors: dict[str, str] | None = None, status: int = 200) -> Response:
        rows = await zoom.list_accounts()
        for a in rows:
            a["secrets"] = await zoom.account_secrets_for(user, a["id"])
        return render(request, "zoom/accounts.html", {
            "accounts": rows, "errors": errors or {},
            "v": values or {"nama": "", "kapasitas": "", "email_login": "", "catatan": "", "aktif": "1"},
        }, status_code=status)

    @get("/", name="zoom_accounts")
    async def accounts_page(self, request: Request, user: provide.User) -> Response:
        return await self._list(request, user)

    @post("/", name="zoom_account_create")
    async def account_create(self, request: Request, user: provide.User, now: provide.Now) -> Response:
        form = await request.form()
        try:
            await zoom.create_account(accounts.read_account(form), now=now)
        except UserError as exc:
            return await self._list(request, user, values=_typed_account(form),
                                    errors=_account_errors(exc), status=422)
        flash(request, _("Akun Zoom ditambahkan."))
        return redirect(request, "/zoom/akun")

    @get("/{account_id:int}", name="zoom_account")
    async def account_page(self, request: Request, user: provide.User,
                           account_id: FromPath[int]) -> Response:
        a = await zoom.get_account(account_id)
        secrets = await zoom.account_secrets_for(user, account_id)
        values = {"nama": a["name"], "kapasitas": str(a["capacity"]),
                  "email_login": secrets["login_email"], "catatan": a["note"],
                  "aktif": "1" if a["active"] else ""}
        return render(request, "zoom/account.html", {"a": a, "v": values, "errors": {}})

    @post("/{account_id:int}", name="zoom_account_save")
    async def account_save(self, request: Request, now: provide.Now,
                           account_id: FromPath[int]) -> Response:
        a = await zoom.get_account(account_id)
        form = await request.form()
        try:
            moved = await zoom.update_account(account_id, accounts.read_account(form), now=now)
        except UserError as exc:
            return render(request, "zoom/account.html",
                          {"a": a, "v": _typed_account(form), "errors": _account_errors(exc)},
                          status_code=422)
        flash(request, _moved(_("Akun Zoom disimpan."), moved))
        return redirect(request, "/zoom/akun")

    @post("/{account_id:int}/aktif", name="zoom_account_active")
    async def account_active(self, request: Request, now: provide.Now,
                             account_id: FromPath[int]) -> Response:
        active = Reader(await request.form()).raw("aktif") == "1"
        moved = await zoom.set_active(account_id, active, now=now)
        flash(request, _moved(_("Akun diaktifkan.") if active else _("Akun dinonaktifkan."), moved))
        return redirect(request, "/zoom/akun")


def _moved(message: str, moved: list[int]) -> str:
    if not moved:
        return message
    return message + " " + _("%(n)s permintaan mendatang dipindahkan dan perlu dicek ulang.",
                             n=len(moved))


# --- usage figures, kiosk and feed links ---------------------------------------------------------


@get("/zoom/statistik", opt=access.roles(Role.KETUA_TIP, Role.PJK_TI, Role.KEPALA),
     dependencies=provide.COMMON, name="zoom_usage")
async def usage_page(request: Request, now: provide.Now, calendar: provide.Calendar) -> Response:
    this_year = now.astimezone(calendar.tz).year
    year = Reader(request.query_params).integer("tahun", _("Tahun"), minimum=2000,
                                                maximum=2100) or this_year
    data = await usage.figures(year)
    return render(request, "zoom/usage.html", {**data, "tz": calendar.tz, "this_year": this_year})


class LinkPages(Controller):
    """The admin's secret addresses for the lobby kiosk and the office's iCal feed."""

    path = "/zoom/tautan"
    opt = access.roles(Role.ADMIN)
    KINDS = {"kios": feeds.KIOSK, "kantor": feeds.OFFICE_FEED}

    @get("/", name="zoom_links")
    async def links_page(self, request: Request) -> Response:
        from pintar.config import get_settings

        return render(request, "zoom/links.html", {
            "base": get_settings().base_url,
            "kiosk_token": await feeds.token_for(feeds.KIOSK),
            "office_token": await feeds.token_for(feeds.OFFICE_FEED),
        })

    @post("/{kind:str}/ganti", name="zoom_links_rotate")
    async def links_rotate(self, request: Request, kind: FromPath[str]) -> Response:
        if kind not in self.KINDS:
            raise UserError(_("Jenis tautan tidak dikenal."))
        await feeds.rotate(self.KINDS[kind])
        flash(request, _("Tautan diganti; alamat lama tidak berlaku lagi. Perbarui alamat di TV/kalender."))
        return redirect(request, "/zoom/tautan")


ROUTES = [QueuePages, AccountPages, usage_page, LinkPages]
