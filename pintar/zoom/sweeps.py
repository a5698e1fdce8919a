"""Idempotent sweeps: find what is due and not yet done, do it, claim it — in one transaction.

Run every minute by the worker (``jobs``), with the ``now`` it asked the clock for. Running a
sweep twice, at once, or after a crash between two runs neither loses nor repeats anything: a
notice is claimed once per step visit through the shared claim (``wf.once``, see
docs/modules.md §5), and a sweep that moves the item claims by the transition itself (the state it
expects).

- pending requests whose hold ran out → ``kedaluwarsa``, slot freed, requester and PJK TIP told;
- approved bookings an hour before the start → the requester is told the login details are up;
- meetings that ended → ``rekaman`` (entered at the end time), the requester reminded to download
  the cloud recording (SOP step 4);
- recordings not confirmed an hour after the end → PJK TI is told (they may go on without it);
- bookings waiting for licence management → the PJK TI gets the task (SOP step 5).
"""

from __future__ import annotations

import datetime as dt
import logging

from pintar import workflow as wf
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar
from pintar.zoom import notices, slots
from pintar.zoom.accounts import CREDENTIALS_LEAD
from pintar.zoom.flow import ZOOM
from pintar.zoom.tables import ZoomBooking

log = logging.getLogger("pintar.zoom.sweeps")
RECORDING_STANDARD = dt.timedelta(hours=1)
BATCH = 200
# The claim kinds (workflow_claim.kind) of the notices sent once per step visit.
LOGIN_DETAILS = "detail_login"
RECORDING_UNCONFIRMED = "eskalasi_rekaman"
LICENSE_TASK = "tugas_lisensi"

_COLUMNS = (ZoomBooking.id, ZoomBooking.title, ZoomBooking.requester, ZoomBooking.handler,
            ZoomBooking.state_event, ZoomBooking.account.name.as_alias("account_name"))


async def _system(booking_id: int, name: str, state: str, version: int, at: dt.datetime, cal,
                  note: str = "", apply=None) -> bool:
    """A system transition guarded by the state and version the sweep read (a request changed
    since, e.g. given new times and a new hold, is left alone); False when someone was quicker,
    or when it failed (rolled back whole: the next run tries again)."""
    try:
        await wf.transition(ZOOM, booking_id, name, None, system=True, expected_state=state,
                            expected_version=version, note=note, apply=apply, at=at, calendar=cal)
    except UserError:  # Conflict: moved meanwhile (another sweep, or a person)
        return False
    except Exception:
        log.exception("zoom sweep %s failed for booking %s; retried next run", name, booking_id)
        return False
    return True


async def expire_pending(now: dt.datetime, cal) -> int:
    rows = await (
        ZoomBooking.select(ZoomBooking.id, ZoomBooking.state, ZoomBooking.version, ZoomBooking.title,
                           ZoomBooking.requester, ZoomBooking.hold_until)
        .where(ZoomBooking.state.is_in(list(ZOOM.codes(tag="pending")))
               & (ZoomBooking.hold_until <= now))
        .order_by(ZoomBooking.hold_until)
        .limit(BATCH)
    )
    done = 0
    note = _("Belum diproses TI dalam %(h)s jam kerja atau sebelum rapat dimulai.",
             h=slots.pending_hours())
    for b in rows:
        async def apply(_t, b=b) -> None:
            await slots.release(b["id"])
            await ZoomBooking.update({ZoomBooking.reason: note}).where(ZoomBooking.id == b["id"])
            await notices.expired(b, note)

        done += await _system(b["id"], "kedaluwarsa", b["state"], b["version"],
                              min(now, b["hold_until"]), cal, note, apply)
    return done


async def _once_each(kind: str, where, send, now: dt.datetime) -> int:
    """``send(booking)`` once for the current step visit of each booking matching ``where``
    that has not had ``kind`` yet (claimed and sent in one transaction, ``wf.once``)."""
    rows = await (
        ZoomBooking.select(*_COLUMNS).where(where & wf.unclaimed(ZoomBooking, kind)).limit(BATCH)
    )
    done = 0
    for b in rows:
        done += await wf.once(b["state_event"], kind, lambda b=b: send(b), at=now)
    return done


async def login_notices(now: dt.datetime) -> int:
    return await _once_each(
        LOGIN_DETAILS,
        (ZoomBooking.state == "disetujui") & (ZoomBooking.starts_at <= now + CREDENTIALS_LEAD)
        & (ZoomBooking.ends_at > now),
        notices.login_details, now)


async def start_recording_step(now: dt.datetime, cal) -> int:
    rows = await (
        ZoomBooking.select(ZoomBooking.id, ZoomBooking.version, ZoomBooking.title, ZoomBooking.requester,
                           ZoomBooking.ends_at)
        .where((ZoomBooking.state == "disetujui") & (ZoomBooking.ends_at <= now))
        .order_by(ZoomBooking.ends_at)
        .limit(BATCH)
    )
    done = 0
    for b in rows:
        async def apply(_t, b=b) -> None:
            await notices.meeting_ended(b)

        # Entered at the end of the meeting, however late the sweep runs.
        done += await _system(b["id"], "rapat_selesai", "disetujui", b["version"], b["ends_at"], cal,
                              apply=apply)
    return done


async def escalate_recordings(now: dt.datetime) -> int:
    return await _once_each(
        RECORDING_UNCONFIRMED,
        (ZoomBooking.state == "rekaman") & (ZoomBooking.ends_at <= now - RECORDING_STANDARD),
        notices.recording_unconfirmed, now)


async def license_tasks(now: dt.datetime) -> int:
    return await _once_each(LICENSE_TASK, ZoomBooking.state == "lisensi", notices.license_task, now)


async def run_all(now: dt.datetime) -> dict[str, int]:
    """Every sweep once; returns how many items each handled."""
    cal = await load_calendar()
    return {
        "kedaluwarsa": await expire_pending(now, cal),
        "detail_login": await login_notices(now),
        "pengingat_rekaman": await start_recording_step(now, cal),
        "eskalasi_rekaman": await escalate_recordings(now),
        "tugas_lisensi": await license_tasks(now),
    }
