"""The bell, the list of one's notifications, and the admin's "send a test notification"."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.enums import MediaType
from litestar.params import FromPath

from pintar.auth.roles import ROLE_LABELS, Role
from pintar.auth.tables import Person
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.notify import service
from pintar.office.service import office_timezone
from pintar.web import access
from pintar.web.caching import not_modified
from pintar.web.forms import parse_id, query_int, read_form, text_value
from pintar.web.nav import NavItem
from pintar.web.templating import (
    environment,
    flash,
    redirect,
    register_page_context,
    render,
)


async def _bell_context(request: Request) -> dict[str, Any]:
    return {"notify_bell": await service.bell_state(request.scope["user"].id)}


register_page_context(_bell_context)


def _etag(user: Any, state: dict, lang: str) -> str:
    return f'W/"b{user.id}-{state["count"]}-{state["latest"]}-{lang}"'


@get("/notifikasi/lonceng", opt=access.signed_in(), name="notify_bell", cache=False)
async def bell(request: Request) -> Response:
    """The bell alone, polled every minute; 304 (no body) while nothing changed."""
    user = request.scope["user"]
    state = await service.bell_state(user.id)
    etag = _etag(user, state, user.language)
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if (unchanged := not_modified(request, etag, headers)) is not None:
        return unchanged
    html = environment().get_template("notify/_bell.html").render({"notify_bell": state})
    return Response(content=html, media_type=MediaType.HTML, headers=headers)


def _page_number(request: Request) -> int:
    return query_int(request, "halaman", 1, minimum=1, maximum=100_000) or 1


@get("/notifikasi", opt=access.signed_in(), name="notify_list")
async def notification_list(request: Request) -> Response:
    user = request.scope["user"]
    listing = await service.list_for(user.id, _page_number(request))
    return render(
        request,
        "notify/list.html",
        {**listing, "tz": await office_timezone()},
        block="list",
    )


@post("/notifikasi/{notification_id:int}/baca", opt=access.object_level("penerima notifikasi"))
async def read_one(request: Request, notification_id: FromPath[int]) -> Response:
    """Mark it read and go to what it is about."""
    link = await service.mark_read(request.scope["user"].id, notification_id)
    return redirect(request, link)


@post("/notifikasi/baca-semua", opt=access.signed_in(), name="notify_read_all")
async def read_all(request: Request) -> Response:
    count = await service.mark_all_read(request.scope["user"].id)
    if count:
        flash(request, _("%(n)s notifikasi ditandai sudah dibaca.", n=count))
    return redirect(request, "/notifikasi")


# --- admin: send a test notification ------------------------------------------------------------


async def _test_form_context(values: dict, error: str | None = None, field: str | None = None):
    people = await (
        Person.select(Person.id, Person.name, Person.username)
        .where(Person.active == True)  # noqa: E712
        .order_by(Person.name)
    )
    return {
        "people": people,
        "roles": [(r.value, ROLE_LABELS[r]) for r in Role],
        "kinds": list(service.KINDS.items()),
        "values": values,
        "error": error,
        "field": field,
    }


_EMPTY = {"recipient": "", "message": "", "link": "", "kind": "info", "urgent": False}


@get("/admin/uji-notifikasi", opt=access.roles(Role.ADMIN), name="notify_test")
async def test_page(request: Request) -> Response:
    return render(request, "notify/test.html", await _test_form_context(dict(_EMPTY)))


def _parse_recipient(raw: str) -> int | str:
    kind, _sep, value = raw.partition(":")
    if kind == "p" and (person_id := parse_id(value)) is not None:
        return person_id
    if kind == "r" and value in Role._value2member_map_:
        return value
    raise UserError(_("Pilih penerima: seorang pegawai atau sebuah peran."), field="recipient")


@post("/admin/uji-notifikasi", opt=access.roles(Role.ADMIN), name="notify_test_submit")
async def test_submit(request: Request) -> Response:
    form = await read_form(request)
    values = {
        "recipient": text_value(form, "recipient"),
        "message": text_value(form, "message"),
        "link": text_value(form, "link"),
        "kind": text_value(form, "kind", "info"),
        "urgent": text_value(form, "urgent") == "on",
    }
    try:
        recipient = _parse_recipient(values["recipient"])
        if values["kind"] not in service.KINDS:
            raise UserError(_("Jenis notifikasi tidak dikenal."), field="kind")
        ids = await service.notify(
            recipient,
            values["message"],
            values["link"],
            kind=values["kind"],
            urgent=values["urgent"],
        )
        if not ids:
            raise UserError(
                _("Tidak ada pegawai aktif yang menerima notifikasi ini."), field="recipient"
            )
    except UserError as exc:
        ctx = await _test_form_context(values, exc.message, exc.field)
        return render(request, "notify/test.html", ctx, status_code=400)
    flash(request, _("Notifikasi uji terkirim ke %(n)s orang.", n=len(ids)))
    return redirect(request, "/admin/uji-notifikasi")


@get("/admin/kotak-keluar", opt=access.roles(Role.ADMIN), name="notify_outbox")
async def outbox_page(request: Request) -> Response:
    """The e-mail outbox: what waits (and why), what failed, and the delivery guarantee."""
    from pintar import clock
    from pintar.config import get_settings
    from pintar.notify import mail

    view = await mail.outbox(clock.now())
    view["tz"] = await office_timezone()
    view["configured"] = bool(get_settings().smtp_host)
    return render(request, "notify/outbox.html", view)


ROUTES = [bell, notification_list, read_one, read_all, test_page, test_submit, outbox_page]

async def _unread(user: Any) -> int:
    return (await service.bell_state(user.id))["count"]


NAV = [
    NavItem(
        _l("Notifikasi"),
        "/notifikasi",
        access.signed_in()["access"],
        order=80,
        description=_l("Pemberitahuan untuk Anda dari semua layanan portal."),
        count=_unread,
        count_label=_l("belum dibaca"),
    ),
    NavItem(
        _l("Uji notifikasi"),
        "/admin/uji-notifikasi",
        access.roles(Role.ADMIN)["access"],
        section="admin",
        order=80,
        description=_l("Kirim notifikasi uji ke seorang pegawai atau ke pemegang suatu peran."),
    ),
    NavItem(
        _l("Kotak keluar e-mail"),
        "/admin/kotak-keluar",
        access.roles(Role.ADMIN)["access"],
        section="admin",
        order=82,
        description=_l("E-mail yang menunggu, yang gagal, dan kapan dikirim."),
    ),
]
