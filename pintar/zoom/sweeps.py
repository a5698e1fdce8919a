"""Idempotent sweeps: find what is due and not yet done, do it, mark it — in one transaction.

Run every minute by the worker (``pintar.zoom.jobs``). Running a sweep twice, or after a crash
between two runs, neither loses nor repeats anything: each item is claimed by a compare-and-set
(a workflow transition, or a ``*_at IS NULL`` guard) inside the transaction that notifies.

- pending requests whose hold ran out → ``kedaluwarsa``, slot freed, requester and PJK TIP told;
- approved bookings an hour before the start → the requester is told the login details are up;
- meetings that ended → ``rekaman`` (entered at the end time), the requester reminded to download
  the cloud recording;
- recordings not confirmed an hour after the end → PJK TI is told (they may go on without it);
- bookings waiting for licence management → the PJK TI gets the task.
"""

from __future__ import annotations

import datetime as dt
import logging

from pintar import clock
from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.db import write_transaction
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.zoom import deps, slots
from pintar.zoom.accounts import CREDENTIALS_LEAD
from pintar.zoom.booking import booking_link
from pintar.zoom.flow import PENDING, ZOOM
from pintar.zoom.tables import ZoomBooking

log = logging.getLogger("pintar.zoom.sweeps")
RECORDING_STANDARD = dt.timedelta(hours=1)
BATCH = 200



async def _claim(booking_id: int, column, now: dt.datetime) -> bool:
    """Set ``column`` to ``now`` if still empty; True when this caller won it."""
    won = await (
        ZoomBooking.update({column: now})
        .where((ZoomBooking.id == booking_id) & column.is_null())
        .returning(ZoomBooking.id)
    )
    return bool(won)


async def _system(booking_id: int, name: str, state: str, version: int, at: dt.datetime, cal,
                  note: str = "", apply=None) -> bool:
    """A system transition guarded by the state and version the sweep read (a request changed
    since, e.g. given new times and a new hold, is left alone); False when someone was quicker,
    or when it failed (rolled back whole: the next run tries again)."""
    try:
        await wf.transition(
            ZOOM, booking_id, name, None, system=True, expected_state=state,
            expected_version=version, note=note, apply=apply, at=at, calendar=cal,
        )
    except UserError:  # Conflict: moved meanwhile (another sweep, or a person)
        return False
    except Exception:
        log.exception("zoom sweep %s failed for booking %s; retried next run", name, booking_id)
        return False
    return True


async def _once(booking_id: int, column, now: dt.datetime, send) -> bool:
    """Claim ``column`` and send in one transaction; a failure undoes both (retried next run)."""
    try:
        async with write_transaction():
            if not await _claim(booking_id, column, now):
                return False
            await send()
    except Exception:
        log.exception("zoom sweep %s failed for booking %s; retried next run", column._meta.name, booking_id)
        return False
    return True


async def expire_pending(now: dt.datetime, cal) -> int:
    rows = await (
        ZoomBooking.select(ZoomBooking.id, ZoomBooking.state, ZoomBooking.version, ZoomBooking.title,
                           ZoomBooking.requester, ZoomBooking.hold_until)
        .where(ZoomBooking.state.is_in(list(PENDING)) & (ZoomBooking.hold_until <= now))
        .order_by(ZoomBooking.hold_until)
        .limit(BATCH)
    )
    done = 0
    hours = slots.pending_hours()
    for b in rows:
        note = _("Belum diproses TI dalam %(h)s jam kerja atau sebelum rapat dimulai.", h=hours)

        async def apply(_t, b=b, note=note) -> None:
            await slots.release(b["id"])
            await ZoomBooking.update({ZoomBooking.reason: note}).where(ZoomBooking.id == b["id"])
            await deps.notify(
                [b["requester"], Role.KETUA_TIP],
                _("Permintaan Zoom #%(id)s (%(t)s) kedaluwarsa: %(n)s Silakan ajukan ulang bila masih perlu.",
                  id=b["id"], t=b["title"], n=note),
                booking_link(b["id"]), kind="reminder", urgent=True, obj=("zoom.booking", b["id"]),
            )

        done += await _system(b["id"], "kedaluwarsa", b["state"], b["version"], min(now, b["hold_until"]),
                              cal, note, apply)
    return done


async def login_notices(now: dt.datetime) -> int:
    rows = await (
        ZoomBooking.select(ZoomBooking.id, ZoomBooking.title, ZoomBooking.requester,
                           ZoomBooking.account.name.as_alias("account_name"))
        .where(
            (ZoomBooking.state == "disetujui")
            & ZoomBooking.login_notice_at.is_null()
            & (ZoomBooking.starts_at <= now + CREDENTIALS_LEAD)
            & (ZoomBooking.ends_at > now)
        )
        .limit(BATCH)
    )
    done = 0
    for b in rows:
        async def send(b=b) -> None:
            await deps.notify(
                [b["requester"]],
                _("Detail login akun %(a)s untuk “%(t)s” sudah dapat dilihat di portal.",
                  a=b["account_name"] or "Zoom", t=b["title"]),
                booking_link(b["id"]), kind="reminder", urgent=True, obj=("zoom.booking", b["id"]),
            )

        done += await _once(b["id"], ZoomBooking.login_notice_at, now, send)
    return done


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
            await ZoomBooking.update({ZoomBooking.recording_reminded_at: now}).where(ZoomBooking.id == b["id"])
            await deps.notify(
                [b["requester"]],
                _("Rapat “%(t)s” sudah selesai. Segera unduh rekaman cloud dari akun Zoom (paling "
                  "lambat 1 jam), lalu tandai sudah diunduh di portal.", t=b["title"]),
                booking_link(b["id"]), kind="reminder", urgent=True, obj=("zoom.booking", b["id"]),
            )

        # Entered at the end of the meeting, however late the sweep runs.
        done += await _system(b["id"], "rapat_selesai", "disetujui", b["version"], b["ends_at"], cal,
                              apply=apply)
    return done


async def escalate_recordings(now: dt.datetime) -> int:
    rows = await (
        ZoomBooking.select(ZoomBooking.id, ZoomBooking.title, ZoomBooking.handler)
        .where(
            (ZoomBooking.state == "rekaman")
            & ZoomBooking.recording_escalated_at.is_null()
            & (ZoomBooking.ends_at <= now - RECORDING_STANDARD)
        )
        .limit(BATCH)
    )
    done = 0
    for b in rows:
        async def send(b=b) -> None:
            await deps.notify(
                [b["handler"] or Role.PJK_TI],
                _("Rekaman rapat #%(id)s (%(t)s) belum dikonfirmasi pemohon 1 jam setelah rapat. "
                  "Hubungi pemohon atau lanjutkan manajemen lisensi.", id=b["id"], t=b["title"]),
                booking_link(b["id"]), kind="escalation", obj=("zoom.booking", b["id"]),
            )

        done += await _once(b["id"], ZoomBooking.recording_escalated_at, now, send)
    return done


async def license_tasks(now: dt.datetime) -> int:
    rows = await (
        ZoomBooking.select(ZoomBooking.id, ZoomBooking.title, ZoomBooking.handler,
                           ZoomBooking.account.name.as_alias("account_name"))
        .where((ZoomBooking.state == "lisensi") & ZoomBooking.license_notified_at.is_null())
        .limit(BATCH)
    )
    done = 0
    for b in rows:
        async def send(b=b) -> None:
            await deps.notify(
                [b["handler"] or Role.PJK_TI],
                _("Tugas manajemen lisensi: akun %(a)s setelah rapat #%(id)s (%(t)s). Ganti kata "
                  "sandi atau host key, kembalikan pengaturan dasar, lalu tandai selesai.",
                  a=b["account_name"] or "Zoom", id=b["id"], t=b["title"]),
                booking_link(b["id"]), kind="action", obj=("zoom.booking", b["id"]),
            )

        done += await _once(b["id"], ZoomBooking.license_notified_at, now, send)
    return done


async def run_all(now: dt.datetime | None = None) -> dict[str, int]:
    """Every sweep once; returns how many items each handled."""
    now = now or clock.now()
    cal = await deps.load_calendar()
    return {
        "kedaluwarsa": await expire_pending(now, cal),
        "detail_login": await login_notices(now),
        "pengingat_rekaman": await start_recording_step(now, cal),
        "eskalasi_rekaman": await escalate_recordings(now),
        "tugas_lisensi": await license_tasks(now),
    }
