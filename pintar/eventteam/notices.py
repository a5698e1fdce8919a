"""Every text the Event Team sends (in-app and e-mail through ``pintar.notify``; the
notifications page offers each as a WhatsApp text ready to forward)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pintar.auth.roles import Role
from pintar.i18n import format_day
from pintar.i18n import gettext as _
from pintar.notify import notify


def link(support_id: int) -> str:
    return f"/event-team/{support_id}"


async def requested(sid: int, activity: dict, lead: dict, cc: list[int], *, late: bool, earliest: dt.date,
                    now: dt.datetime) -> None:
    """Step 2: the Ketua Event Team and the CC, once (the request's own transaction)."""
    if late:
        text = _("Permintaan dukungan Event Team TERLAMBAT untuk “%(t)s” (%(d)s) dari %(sm)s: menunggu keputusan "
                 "Ketua (paling awal yang diizinkan %(e)s).", t=activity["title"],
                 d=format_day(activity["starts_at"].date()), sm=activity["owner_name"], e=format_day(earliest))
    else:
        text = _("Permintaan dukungan Event Team untuk “%(t)s” (%(d)s) dari %(sm)s: mohon tetapkan peran.",
                 t=activity["title"], d=format_day(activity["starts_at"].date()), sm=activity["owner_name"])
    await notify(sorted({lead["id"], *cc}), text, link(sid), kind="action", obj=("et_support", sid), now=now)


async def stepped(s: dict, action: str, actor: Any, *, now: dt.datetime) -> None:
    members = sorted({a["person"] for a in s["assignments"]})
    title = s["title"]
    if action == "tetapkan":
        await notify([s["owner"]], _("Peran Event Team untuk “%(t)s” sudah ditetapkan.", t=title), link(s["id"]),
                     obj=("et_support", s["id"]), now=now)
        for a in s["assignments"]:
            await notify([a["person"]], _("Anda bertugas sebagai %(r)s pada “%(t)s”.", r=a["role_name"], t=title),
                         "/event-team?saya=1", kind="action", obj=("et_support", s["id"]), now=now)
    elif action == "terima_terlambat":
        await notify([s["owner"]], _("Ketua Event Team menerima permintaan terlambat untuk “%(t)s”.", t=title),
                     link(s["id"]), obj=("et_support", s["id"]), now=now)
    elif action == "tolak":
        await notify([s["owner"]], _("Ketua Event Team menolak permintaan terlambat untuk “%(t)s”.", t=title),
                     link(s["id"]), obj=("et_support", s["id"]), now=now)
    elif action == "terlaksana":
        await notify([Role.CC], _("“%(t)s” terlaksana: kirim form evaluasi ke SM.", t=title), link(s["id"]),
                     kind="action", obj=("et_support", s["id"]), now=now)
    elif action == "kirim_evaluasi":
        await notify([s["owner"]], _("Mohon isi form evaluasi dukungan Event Team untuk “%(t)s”.", t=title),
                     link(s["id"]), kind="action", obj=("et_support", s["id"]), now=now)
    elif action == "isi_evaluasi":
        if s["lead"]:
            await notify([s["lead"]], _("SM sudah mengisi evaluasi “%(t)s”: lakukan evaluasi internal tim.", t=title),
                         link(s["id"]), kind="action", obj=("et_support", s["id"]), now=now)
    elif action in ("batal", "batal_kegiatan") and members:
        await notify(members, _("Dukungan Event Team untuk “%(t)s” dibatalkan.", t=title), link(s["id"]),
                     obj=("et_support", s["id"]), now=now)


async def reminder(recipients: list[Any], text: str, sid: int, *, now: dt.datetime) -> None:
    await notify(recipients, text, link(sid), kind="reminder", obj=("et_support", sid), now=now)
