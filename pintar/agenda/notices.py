"""Every text the agenda sends to people (in-app and e-mail through ``pintar.notify``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pintar.i18n import format_datetime, format_time
from pintar.i18n import gettext as _
from pintar.notify import notify


def link(activity_id: int) -> str:
    return f"/agenda/{activity_id}"


def _people(activity: dict, actor: Any) -> list[int]:
    ids = {p["id"] for p in activity.get("people", [])}
    if activity.get("leader"):
        ids.add(activity["leader"])
    ids.discard(getattr(actor, "id", None))
    return sorted(ids)


def times_text(activity: dict, tz: Any) -> str:
    """"Senin, 14 Desember 2026, 09.00 WIB–11.00" for messages and the history."""
    return f"{format_datetime(activity['starts_at'], tz)}–{format_time(activity['ends_at'], tz)}"


async def invited(activity: dict, actor: Any, tz: Any, *, now: dt.datetime) -> None:
    who = _people(activity, actor)
    if who:
        await notify(
            who,
            _("Anda diundang ke kegiatan “%(t)s”, %(w)s.", t=activity["title"], w=times_text(activity, tz)),
            link(activity["id"]), obj=("agenda_activity", activity["id"]), now=now,
        )


async def moved(before: dict, after: dict, actor: Any, tz: Any, *, now: dt.datetime) -> None:
    who = sorted(set(_people(before, actor)) | set(_people(after, actor)))
    if who:
        await notify(
            who,
            _("Kegiatan “%(t)s” dipindah dari %(old)s ke %(new)s.", t=after["title"],
              old=times_text(before, tz), new=times_text(after, tz)),
            link(after["id"]), obj=("agenda_activity", after["id"]), now=now,
        )


async def cancelled(activity: dict, actor: Any, note: str, tz: Any, *, now: dt.datetime) -> None:
    who = _people(activity, actor)
    if who:
        await notify(
            who,
            _("Kegiatan “%(t)s” (%(w)s) dibatalkan. Alasan: %(r)s", t=activity["title"],
              w=times_text(activity, tz), r=note or "-"),
            link(activity["id"]), obj=("agenda_activity", activity["id"]), now=now,
        )
