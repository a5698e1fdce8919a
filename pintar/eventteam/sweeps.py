"""Reminders of SOP-321 steps 5 and 6, as idempotent sweeps.

- step 5: the CC sends the evaluation form within 1 working day after the activity was marked
  held; once that is overdue, the CC is reminded, then once more each further working day;
- step 6: the SM is reminded each working day until the form is filled.

Reminder ``k`` of a support is due ``k`` working days after it entered the step (closing time of
that day); a sweep that was down sends one reminder for the backlog. Each is claimed by a
compare-and-set on the support's counter (``UPDATE ... SET n = k WHERE n = <seen> AND state =
...``) in the transaction that writes the notice, so a crash
undoes both and two sweeps at once never send one reminder twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from pintar.db import write_transaction
from pintar.eventteam import notices
from pintar.eventteam.tables import Support
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar

log = logging.getLogger("pintar.eventteam.sweeps")
MAX_REMINDERS = 5
BATCH = 200


def due(cal, entered: dt.datetime, k: int) -> dt.datetime:
    """When reminder ``k`` (1, 2, ...) of a step entered at ``entered`` is due."""
    return cal.deadline_working_days(entered, k)


async def _remind(state: str, counter, recipients_of, text_of, now: dt.datetime, cal) -> int:
    rows = await Support.select(
        Support.id, Support.state_since, counter, Support.activity.title.as_alias("title"),
        Support.activity.owner.as_alias("owner"),
    ).where(
        (Support.state == state) & (counter < MAX_REMINDERS) & Support.state_since.is_not_null()
    ).order_by(Support.id).limit(BATCH)
    sent = 0
    name = counter._meta.name
    for r in rows:
        seen = r[name]
        k = seen + 1
        if due(cal, r["state_since"], k) > now:
            continue
        while k < MAX_REMINDERS and due(cal, r["state_since"], k + 1) <= now:
            k += 1  # the sweep was down: one reminder for the backlog, not a burst
        try:
            async with write_transaction():
                won = await Support.update({counter: k}).where(
                    (Support.id == r["id"]) & (counter == seen) & (Support.state == state)
                ).returning(Support.id)
                if not won:
                    continue  # another sweep sent it, or the step is done
                await notices.reminder(await recipients_of(r), text_of(r, k), r["id"], now=now)
            sent += 1
        except Exception:
            log.exception("eventteam reminder %s failed for support %s; retried next run", state, r["id"])
    return sent


async def _cc(_row: dict) -> list:
    from pintar.auth.roles import Role

    return [Role.CC]


async def _sm(row: dict) -> list:
    return [row["owner"]]


async def run_all(now: dt.datetime) -> dict[str, int]:
    cal = await load_calendar()
    return {
        "cc_form": await _remind(
            "terlaksana", Support.eval_sent_reminded, _cc,
            lambda r, k: _("Pengingat %(k)s: kirim form evaluasi kegiatan “%(t)s” ke SM (standar 1 hari kerja).",
                           k=k, t=r["title"]), now, cal),
        "sm_form": await _remind(
            "menunggu_evaluasi", Support.eval_fill_reminded, _sm,
            lambda r, k: _("Pengingat %(k)s: mohon isi form evaluasi kegiatan “%(t)s”.", k=k, t=r["title"]),
            now, cal),
    }
