"""IT's side of SOP-045: disposition, account assignment, rejection, licence management, and
bookings that lose their account when it is deactivated or shrunk."""

from __future__ import annotations

import datetime as dt

from pintar import clock
from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.auth.service import people_with_role
from pintar.db import write_transaction
from pintar.errors import Conflict, UserError
from pintar.i18n import gettext as _
from pintar.zoom import deps, slots
from pintar.zoom.booking import MAX_ATTEMPTS, NoAccount, booking_link, pick, row
from pintar.zoom.flow import ZOOM, relations
from pintar.zoom.tables import ZoomAccount, ZoomBooking


async def it_officers() -> list[dict]:
    """The PJK TI a request can be passed to."""
    return await people_with_role(Role.PJK_TI)


async def forward(
    user, booking_id: int, handler_id: int, *, version: int | None = None, now: dt.datetime | None = None
) -> None:
    """PJK TIP passes the request to a PJK TI (SOP step 2)."""
    if handler_id not in {p["id"] for p in await it_officers()}:
        raise UserError(_("Pilih PJK TI yang akan mengecek jadwal."), field="handler")
    current = await row(booking_id)

    async def apply(_t: wf.Transition) -> None:
        fresh = await row(booking_id)
        await ZoomBooking.update({ZoomBooking.handler: handler_id}).where(ZoomBooking.id == booking_id)
        await deps.notify(
            [handler_id],
            _("Disposisi permintaan Zoom #%(id)s: %(t)s. Mohon cek jadwal dan tetapkan akun.",
              id=booking_id, t=fresh["title"]),
            booking_link(booking_id), kind="action", obj=("zoom.booking", booking_id),
        )

    await wf.transition(
        ZOOM, booking_id, "disposisi", user, relations=relations(current, user),
        expected_version=version, apply=apply, at=now, calendar=await deps.load_calendar(),
    )


async def assign(
    user,
    booking_id: int,
    account_id: int | None = None,
    *,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """PJK TI approves with an account (SOP step 3): the held one by default, or another free
    account that fits. Returns the account id. A clash is refused by the slot index.

    Everything the choice depends on (the booking's times, size and held account, the slots
    taken) is read inside the transaction, after the workflow's compare-and-set has locked the
    row; the slots are always claimed afresh, so the booking's account and its slot rows agree
    (the database refuses anything else)."""
    now = now or clock.now()
    cal = await deps.load_calendar()
    current = await row(booking_id)  # for the relations (who may act) and an early refusal
    if current["starts_at"] <= now:
        raise UserError(_("Rapat sudah dimulai; permintaan tidak dapat disetujui lagi."))
    chosen: dict = {}

    async def apply(_t: wf.Transition) -> None:
        fresh = await row(booking_id)
        if fresh["starts_at"] <= now:
            raise UserError(_("Rapat sudah dimulai; permintaan tidak dapat disetujui lagi."))
        accounts = await slots.accounts_for(
            fresh["starts_at"], fresh["ends_at"], fresh["participants"], booking_id
        )
        if account_id is not None:
            target = next((a for a in accounts if a["id"] == account_id), None)
            if target is None:
                raise UserError(_("Akun Zoom itu tidak aktif atau tidak ada."), field="account")
            if not target["fits"]:
                raise UserError(
                    _("Kapasitas %(a)s (%(c)s) kurang untuk %(n)s peserta.", a=target["name"],
                      c=target["capacity"], n=fresh["participants"]),
                    field="account",
                )
            if not target["free"]:
                raise Conflict(_("Akun %(a)s sudah terpakai pada waktu itu. Pilih akun lain.", a=target["name"]))
        else:
            target = pick(accounts, fresh["participants"], prefer=fresh["account"])
        chosen.update(target)
        await slots.release(booking_id)
        await ZoomBooking.update(
            {ZoomBooking.account: target["id"], ZoomBooking.hold_until: None, ZoomBooking.reason: ""}
        ).where(ZoomBooking.id == booking_id)
        await slots.claim(booking_id, target["id"], fresh["starts_at"], fresh["ends_at"])
        await deps.notify(
            [fresh["requester"]],
            _(
                "Permintaan Zoom #%(id)s disetujui: akun %(a)s. Detail login tampil di portal "
                "mulai 1 jam sebelum rapat.",
                id=booking_id, a=target["name"],
            ),
            booking_link(booking_id), obj=("zoom.booking", booking_id),
        )

    for _attempt in range(MAX_ATTEMPTS):
        try:
            async with slots.writer_turn():
                await wf.transition(
                    ZOOM, booking_id, "setujui", user, relations=relations(current, user),
                    expected_version=version, apply=apply, at=now, calendar=cal,
                )
            return chosen["id"]
        except NoAccount as exc:
            raise exc.refusal() from None
        except Exception as exc:
            if not slots.lost_race(exc):
                raise
            if account_id is not None:
                raise Conflict(
                    _("Akun %(a)s baru saja dipakai permintaan lain. Pilih akun lain.", a=chosen.get("name", ""))
                ) from None
    raise Conflict(_("Jadwal sedang ramai diubah; coba sekali lagi."))


async def reject(
    user, booking_id: int, reason: str, *, version: int | None = None, now: dt.datetime | None = None
) -> None:
    """PJK TIP or PJK TI refuses with a reason; the slot is freed and the requester told."""
    current = await row(booking_id)
    reason = (reason or "").strip()

    async def apply(_t: wf.Transition) -> None:
        await slots.release(booking_id)
        await ZoomBooking.update(
            {ZoomBooking.reason: reason[:2000], ZoomBooking.hold_until: None, ZoomBooking.account: None}
        ).where(ZoomBooking.id == booking_id)
        await deps.notify(
            [current["requester"]],
            _("Permintaan Zoom #%(id)s ditolak: %(r)s. Anda dapat mengubah waktunya.", id=booking_id, r=reason),
            booking_link(booking_id), obj=("zoom.booking", booking_id),
        )

    await wf.transition(
        ZOOM, booking_id, "tolak", user, relations=relations(current, user), note=reason,
        expected_version=version, apply=apply, at=now, calendar=await deps.load_calendar(),
    )


async def skip_recording(
    user, booking_id: int, note: str, *, version: int | None = None, now: dt.datetime | None = None
) -> None:
    """PJK TI goes on with the licence task without the requester's confirmation (with a reason)."""
    current = await row(booking_id)
    await wf.transition(
        ZOOM, booking_id, "lewati_rekaman", user, relations=relations(current, user), note=note,
        expected_version=version, at=now, calendar=await deps.load_calendar(),
    )


async def license_managed(
    user, booking_id: int, *, version: int | None = None, now: dt.datetime | None = None
) -> None:
    """PJK TI ticks the licence task done (password/host key changed, settings restored)."""
    current = await row(booking_id)
    await wf.transition(
        ZOOM, booking_id, "lisensi_beres", user, relations=relations(current, user),
        expected_version=version, at=now, calendar=await deps.load_calendar(),
    )


# --- an account leaves service ----------------------------------------------------------------


async def account_deactivated(account_id: int, now: dt.datetime | None = None) -> list[int]:
    """Future bookings of a deactivated account get another free account where one fits
    (approved ones go back to PJK TI's check); returns the bookings moved."""
    return await _rehome(account_id, None, now)


async def account_shrunk(account_id: int, capacity: int, now: dt.datetime | None = None) -> list[int]:
    """Like :func:`account_deactivated`, for future bookings bigger than the new capacity."""
    return await _rehome(account_id, capacity, now)


async def _rehome(account_id: int, capacity: int | None, now: dt.datetime | None) -> list[int]:
    now = now or clock.now()
    cal = await deps.load_calendar()
    query = ZoomBooking.select(ZoomBooking.id).where(
        (ZoomBooking.account == account_id)
        & ZoomBooking.state.is_in(["diajukan", "didisposisi", "disetujui"])
        & (ZoomBooking.starts_at > now)
    )
    if capacity is not None:
        query = query.where(ZoomBooking.participants > capacity)
    moved = []
    for item in await query:
        for _attempt in range(MAX_ATTEMPTS):
            try:
                await _rehome_one(item["id"], account_id, capacity, cal, now)
                moved.append(item["id"])
                break
            except _Unchanged:  # rolled back: it no longer needs moving
                break
            except Exception as exc:
                if not slots.lost_race(exc):
                    raise
    return moved


class _Unchanged(Exception):
    """The booking changed since the list was read and no longer needs moving."""


async def _rehome_one(booking_id: int, account_id: int, capacity: int | None, cal, now: dt.datetime) -> None:
    """Move one booking off ``account_id`` (raises :class:`_Unchanged`, rolling back, when it no
    longer needs moving). The first write bumps the version: it locks the row (PostgreSQL) before
    it is read, and makes pages showing the old account stale."""
    async with write_transaction():
        await ZoomBooking.update({ZoomBooking.version: ZoomBooking.version + 1}).where(
            ZoomBooking.id == booking_id
        )
        current = await row(booking_id)
        if (current["account"] != account_id
                or current["state"] not in ("diajukan", "didisposisi", "disetujui")
                or current["starts_at"] <= now
                or (capacity is not None and current["participants"] <= capacity)):
            raise _Unchanged
        await slots.release(booking_id)
        accounts = await slots.accounts_for(
            current["starts_at"], current["ends_at"], current["participants"], booking_id
        )
        chosen = slots.choose(accounts)
        await ZoomBooking.update({ZoomBooking.account: chosen["id"] if chosen else None}).where(
            ZoomBooking.id == booking_id
        )
        if chosen is not None:
            await slots.claim(booking_id, chosen["id"], current["starts_at"], current["ends_at"])
        if current["state"] == "disetujui":
            await wf.transition(
                ZOOM, booking_id, "akun_nonaktif", None, system=True, at=now, calendar=cal,
                note=_("Akun %(a)s tidak lagi tersedia.", a=current["account_name"] or "-"),
            )
        message = (
            _("Akun Zoom untuk permintaan #%(id)s diganti menjadi %(a)s dan perlu dicek ulang PJK TI.",
              id=booking_id, a=chosen["name"])
            if chosen
            else _("Akun Zoom untuk permintaan #%(id)s tidak lagi tersedia dan belum ada akun pengganti.",
                   id=booking_id)
        )
        who = [current["requester"], current["handler"] or Role.PJK_TI]
        await deps.notify(who, message, booking_link(booking_id), kind="action",
                          obj=("zoom.booking", booking_id))


async def account_names() -> dict[int, str]:
    return {r["id"]: r["name"] for r in await ZoomAccount.select(ZoomAccount.id, ZoomAccount.name)}
