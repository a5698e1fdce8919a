"""Every text the agenda sends to people (in-app and e-mail through ``pintar.notify``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


async def invited(activity_id: int, actor: Any, *, now: dt.datetime) -> None:
    from pintar.agenda.service import _times_text, get
    from pintar.office.workdays import load_calendar

    activity = await get(activity_id)
    who = _people(activity, actor)
    if who:
        tz = (await load_calendar()).tz
        await notify(
            who,
            _("Anda diundang ke kegiatan “%(t)s”, %(w)s.", t=activity["title"], w=_times_text(activity, tz)),
            link(activity_id), obj=("agenda_activity", activity_id), now=now,
        )


async def moved(before: dict, after: dict, actor: Any, tz: Any, *, now: dt.datetime) -> None:
    from pintar.agenda.service import _times_text

    who = sorted(set(_people(before, actor)) | set(_people(after, actor)))
    if who:
        await notify(
            who,
            _("Kegiatan “%(t)s” dipindah dari %(old)s ke %(new)s.", t=after["title"],
              old=_times_text(before, tz), new=_times_text(after, tz)),
            link(after["id"]), obj=("agenda_activity", after["id"]), now=now,
        )


async def cancelled(activity: dict, actor: Any, note: str, tz: Any, *, now: dt.datetime) -> None:
    from pintar.agenda.service import _times_text

    who = _people(activity, actor)
    if who:
        await notify(
            who,
            _("Kegiatan “%(t)s” (%(w)s) dibatalkan. Alasan: %(r)s", t=activity["title"],
              w=_times_text(activity, tz), r=note or "-"),
            link(activity["id"]), obj=("agenda_activity", activity["id"]), now=now,
        )
