"""Who is told what, for application development. Every message text lives here.

Notices join the caller's transaction (``pintar.notify``): a step and its notices commit together.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.i18n import gettext as _
from pintar.notify import notify

OBJ = "appdev.request"
TICKET_OBJ = "appdev.ticket"


def number(row: dict[str, Any]) -> str:
    """The request's number as people quote it: APL-2026-0007."""
    return f"APL-{row['created_at'].year}-{row['id']:04d}"


def link(request_id: int) -> str:
    return f"/aplikasi/permintaan/{request_id}"


def _others(people: Iterable[Any], actor: Any) -> list:
    actor_id = getattr(actor, "id", None)
    seen: list = []
    for p in people:
        if p and p != actor_id and p not in seen:
            seen.append(p)
    return seen


async def created(req: dict[str, Any], actor: Any, *, now: dt.datetime) -> None:
    await notify([Role.KETUA_TIP],
                 _("Permintaan aplikasi %(n)s “%(t)s” dari %(who)s menunggu disposisi Anda.",
                   n=number(req), t=req["title"], who=actor.name),
                 link(req["id"]), kind="action", obj=(OBJ, req["id"]), now=now)


async def stepped(req: dict[str, Any], t: wf.Transition, actor: Any, note: str,
                  programmers: list[int], *, now: dt.datetime) -> None:
    """After a step: tell whoever acts next, and the requester what happened."""
    n, title = number(req), req["title"]
    requester, pjk = req["requester"], req["pjk"]
    builders = [pjk, *programmers]
    messages: dict[str, tuple[list, str, str]] = {
        "disposisi": ([requester, pjk], _(
            "Permintaan aplikasi %(n)s “%(t)s” didisposisikan ke %(pjk)s. Pemohon: unggah dokumen "
            "SRS sesuai templat.", n=n, t=title, pjk=req.get("pjk_name") or "-"), "action"),
        "tolak": ([requester], _("Permintaan aplikasi %(n)s “%(t)s” ditolak: %(why)s",
                                 n=n, t=title, why=note), "info"),
        "kirim_srs": ([pjk], _("SRS permintaan %(n)s “%(t)s” masuk; mohon ditelaah.",
                               n=n, t=title), "action"),
        "kirim_revisi": ([pjk], _("SRS hasil revisi permintaan %(n)s “%(t)s” masuk; mohon "
                                  "ditelaah.", n=n, t=title), "action"),
        "kembalikan_srs": ([requester], _("SRS permintaan %(n)s “%(t)s” dikembalikan untuk "
                                          "direvisi: %(why)s", n=n, t=title, why=note), "action"),
        "setujui_srs": ([requester, *programmers], _(
            "SRS permintaan %(n)s “%(t)s” diterima; perancangan dan pembangunan dimulai.",
            n=n, t=title), "info"),
        "serahkan_uji": ([requester, *builders], _(
            "Prototipe aplikasi %(n)s “%(t)s” siap diuji coba bersama pemohon.", n=n, t=title),
            "action"),
        "hasil_uji": ([requester, *builders], _(
            "Uji coba awal %(n)s “%(t)s” selesai; perbaikan dimulai.", n=n, t=title), "info"),
        "selesai_perbaikan": ([requester, *builders], _(
            "Perbaikan %(n)s “%(t)s” selesai; uji coba akhir dimulai.", n=n, t=title), "action"),
        "rilis": ([requester, Role.KETUA_TIP, *builders], _(
            "Aplikasi “%(t)s” versi %(v)s dirilis di %(url)s.", t=title, v=req["release"],
            url=req["release_url"]), "info"),
        "lapor": ([requester, Role.KETUA_TIP], _(
            "Laporan penyelesaian aplikasi “%(t)s” (%(n)s) sudah dikirim; aplikasi masuk "
            "pemeliharaan.", n=n, t=title), "info"),
        "batal": ([Role.KETUA_TIP, pjk], _("Permintaan aplikasi %(n)s “%(t)s” dibatalkan "
                                           "pemohon: %(why)s", n=n, t=title, why=note), "info"),
    }
    entry = messages.get(t.name)
    if entry is None:
        return
    recipients, message, kind = entry
    targets = [r for r in recipients if isinstance(r, str)] + _others(
        [r for r in recipients if not isinstance(r, str)], actor)
    if targets:
        await notify(targets, message, link(req["id"]), kind=kind, obj=(OBJ, req["id"]), now=now)


async def noted(req: dict[str, Any], actor: Any, programmers: list[int], *,
                now: dt.datetime) -> None:
    targets = _others([req["requester"], req["pjk"], *programmers], actor)
    if targets:
        await notify(targets, _("Catatan kemajuan baru pada %(n)s “%(t)s” dari %(who)s.",
                                n=number(req), t=req["title"], who=actor.name),
                     link(req["id"]), obj=(OBJ, req["id"]), now=now)


async def overdue(req: dict[str, Any], recipients: list, stage_label: str, standard: str, *,
                  now: dt.datetime) -> None:
    await notify(recipients,
                 _("Permintaan aplikasi %(n)s “%(t)s” melewati standar tahap “%(s)s” (%(std)s).",
                   n=number(req), t=req["title"], s=stage_label, std=standard),
                 link(req["id"]), kind="reminder", obj=(OBJ, req["id"]), now=now)


async def ticket_opened(ticket: dict[str, Any], app: dict[str, Any], actor: Any, *,
                        now: dt.datetime) -> None:
    targets = [app["maintainer"]] if app.get("maintainer") else [Role.PJK_APLIKASI]
    targets = [t for t in targets if t != actor.id]
    if targets:
        await notify(targets, _("%(kind)s baru untuk aplikasi “%(app)s”: %(t)s",
                                kind=ticket["kind_label"], app=app["name"], t=ticket["title"]),
                     f"/aplikasi/{app['id']}#tiket", kind="action",
                     obj=(TICKET_OBJ, ticket["id"]), now=now)


async def ticket_stepped(ticket: dict[str, Any], state_label: str, actor: Any, *,
                         now: dt.datetime) -> None:
    if ticket["requester"] != actor.id:
        await notify([ticket["requester"]],
                     _("Tiket “%(t)s” untuk aplikasi “%(app)s”: %(s)s.", t=ticket["title"],
                       app=ticket["application_name"], s=state_label),
                     f"/aplikasi/{ticket['application']}#tiket", obj=(TICKET_OBJ, ticket["id"]), now=now)
