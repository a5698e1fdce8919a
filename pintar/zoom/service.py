"""The Zoom module's public API and rules (SOP-045), without HTTP. Other packages import only this.

    from pintar.zoom import service as zoom

    booking_id = await zoom.submit(user, {"judul": ..., "tanggal": "2026-11-23", "mulai": "09:00",
                                          "selesai": "10:30", "peserta": "80"}, now=now)
    await zoom.act(booking_id, "disposisi", tip, form={"pjk_ti": "7"}, now=now)   # SOP step 2
    await zoom.act(booking_id, "setujui", pjk_ti, now=now)     # step 3: the held (smallest) account
    await zoom.change(user, booking_id, {...}, now=now)        # new times: back to IT's check
    await zoom.availability(start, end, participants)          # "2 dari 3 akun tersedia"
    await zoom.busy_between(start, end)                        # other modules' conflict checks

``act`` is the one way a person makes a step (the generic action endpoint calls it); the named
functions below it (``forward``, ``assign``, ``reject``, ...) are its shorthands for Python
callers. A submitted request holds its slot at once: it claims the slots of the proposed account
(the smallest free one that fits) in the transaction that creates it, so nobody else is told
"free" for that account and time while IT decides; the hold expires with a notice when IT has not
acted within the set business hours (``sweeps``).

Topic files: ``accounts`` (accounts and their secrets), ``slots`` (the database guarantee),
``schedule`` (calendars), ``kiosk``, ``feeds`` (tokens, iCal), ``usage``. Screens read through
``queries``; every message is in ``notices``; reminders are ``sweeps``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.auth.service import people_with_role
from pintar.db import write_transaction
from pintar.errors import Conflict, Forbidden, NotFound, UserError
from pintar.files import service as files
from pintar.i18n import format_day
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar
from pintar.web.forms import FormInvalid, Reader, date_horizon, form_values, parse_id
from pintar.zoom import accounts, notices, slots
from pintar.zoom.accounts import (
    AccountForm,
    account_secrets_for,
    create_account,
    credentials_for_booking,
    get_account,
    list_accounts,
    may_see_credentials,
)
from pintar.zoom.flow import ACTIONS, CHANGES, ZOOM, is_it, relations
from pintar.zoom.tables import ZoomBooking, ZoomUnserved

MAX_MINUTES = 12 * 60
MAX_PARTICIPANTS = 100_000  # more than any Zoom licence holds; a bigger number is a typo
MAX_ATTEMPTS = 12  # retries after losing a race for a slot (each loss means an account was taken)
MODES = ("online", "hybrid")
OWNER_KIND = "zoom_booking"  # documents (the memo/invitation) attached to a request
# The request form's fields (Indonesian names, as sent by the page).
REQUEST_FIELDS = ("judul", "tanggal", "mulai", "selesai", "peserta", "jenis", "agenda", "dibuka", "kegiatan")
# The generic action endpoint's fields: the step, the version seen, a reason, and the extra
# inputs of ``disposisi`` (the PJK TI) and ``setujui`` (the account).
ACTION_FIELDS = ("aksi", "versi", "catatan", "pjk_ti", "akun")


# --- who may see a request -----------------------------------------------------------------------


def may_view(user, booking: Mapping[str, Any]) -> bool:
    """The requester and IT (PJK TIP, PJK TI, admins) see a request in full."""
    return user is not None and (booking["requester"] == user.id or is_it(user))


async def can_view_document(user, booking_id: int) -> bool:
    """For the files service: who may download a request's memo/invitation."""
    found = await ZoomBooking.select(ZoomBooking.requester).where(ZoomBooking.id == booking_id).first()
    return found is not None and may_view(user, found)


files.register_owner(OWNER_KIND, can_view_document)


async def row(booking_id: int) -> dict:
    """The booking with the names around it; NotFound when there is none."""
    found = await (
        ZoomBooking.select(
            ZoomBooking.all_columns(),
            ZoomBooking.account.name.as_alias("account_name"),
            ZoomBooking.account.capacity.as_alias("account_capacity"),
            ZoomBooking.requester.name.as_alias("requester_name"),
            ZoomBooking.team.name.as_alias("team_name"),
            ZoomBooking.handler.name.as_alias("handler_name"),
        )
        .where(ZoomBooking.id == booking_id)
        .first()
    )
    if found is None:
        raise NotFound(_("Permintaan Zoom tidak ditemukan."))
    return found


async def it_officers() -> list[dict]:
    """The PJK TI a request can be passed to."""
    return await people_with_role(Role.PJK_TI)


# --- reading the request form --------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """A request as the rules see it (cleaned, times as aware UTC instants)."""

    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    day: dt.date
    participants: int
    mode: str
    agenda: str
    opened_at: dt.datetime

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def read_times(r: Reader, tz) -> tuple[dt.datetime, dt.datetime] | None:
    """The meeting's date and hours (``tanggal``, ``mulai``, ``selesai``, office-local) as aware
    UTC instants; their errors go to the reader. None when they cannot be read."""
    day = r.date("tanggal", _("Tanggal rapat"), required=True)
    start = r.time("mulai", _("Jam mulai"), required=True)
    end = r.time("selesai", _("Jam selesai"), required=True)
    if day is None or start is None or end is None:
        return None
    starts = dt.datetime.combine(day, start, tzinfo=tz)
    ends = dt.datetime.combine(day, end, tzinfo=tz)
    if ends <= starts:
        r.fail("selesai", _("Jam selesai harus setelah jam mulai."))
        return None
    if ends - starts > dt.timedelta(minutes=MAX_MINUTES):
        r.fail("selesai", _("Satu peminjaman paling lama 12 jam."))
        return None
    return starts.astimezone(dt.timezone.utc), ends.astimezone(dt.timezone.utc)


def read_participants(r: Reader) -> int | None:
    text = r.raw("peserta").strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 40:
        r.fail("peserta", _("Jumlah peserta harus berupa angka."))
        return None
    if int(text) < 1:
        r.fail("peserta", _("Jumlah peserta minimal 1."))
        return None
    if int(text) > MAX_PARTICIPANTS:
        r.fail("peserta", _("Jumlah peserta paling banyak %(n)s.", n=MAX_PARTICIPANTS))
        return None
    return int(text)


def read_request(data: Mapping[str, Any], tz, now: dt.datetime) -> Request:
    """The request form, every field's problem at once (``FormInvalid``, 422)."""
    r = Reader(data)
    title = r.text("judul", _("Judul rapat"), limit=200, required=True)
    times = read_times(r, tz)
    if times is not None and times[0] <= now:
        r.fail("mulai", _("Waktu mulai sudah lewat; pilih waktu yang akan datang."))
    last = date_horizon(now.astimezone(tz).date())
    if times is not None and times[0].astimezone(tz).date() > last:
        r.fail("tanggal", _("Peminjaman paling jauh sampai %(d)s.", d=format_day(last)))
    participants = read_participants(r)
    mode = r.raw("jenis").strip() or "online"
    if mode not in MODES:
        r.fail("jenis", _("Pilih jenis rapat: daring atau hibrida."))
    agenda = r.text("agenda", _("Kegiatan di agenda"), limit=300)
    r.done()
    assert times is not None and participants is not None
    try:
        opened = dt.datetime.fromisoformat(r.raw("dibuka").strip())
        if opened.tzinfo is None:
            raise ValueError
    except ValueError:
        opened = now
    # Only a timing: never in the future, never more than a day back.
    opened = min(max(opened, now - dt.timedelta(days=1)), now)
    return Request(title, times[0], times[1], times[0].astimezone(tz).date(), participants, mode,
                   agenda, opened)


def typed(data: Mapping[str, Any], names=REQUEST_FIELDS) -> dict[str, str]:
    """What the person typed, to put back into the form (``jenis`` online unless chosen)."""
    values = form_values(data, list(names))
    if "jenis" in values:
        values["jenis"] = values["jenis"] or "online"
    return values


# --- holding an account --------------------------------------------------------------------------


class NoAccount(Exception):
    """No account can take the request (raised inside the transaction, so it rolls back)."""

    def __init__(self, reason: str, accounts: list[dict], participants: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.accounts = accounts
        self.participants = participants

    def refusal(self) -> UserError:
        if not self.accounts:
            return UserError(_("Belum ada akun Zoom aktif. Hubungi PJK TI."))
        if self.reason == "kapasitas":
            biggest = max(a["capacity"] for a in self.accounts)
            return UserError(
                _("Jumlah peserta (%(n)s) melebihi kapasitas akun Zoom terbesar (%(c)s peserta).",
                  n=self.participants, c=biggest),
                field="peserta",
            )
        return Conflict(
            _("Tidak ada akun Zoom yang kosong untuk waktu itu: semua akun untuk %(n)s peserta "
              "sudah dipakai (termasuk jeda %(b)s menit antarrapat). Pilih waktu lain.",
              n=self.participants, b=slots.buffer_minutes())
        )


def pick(accounts: list[dict], participants: int, prefer: int | None = None) -> dict:
    """``prefer`` when it is free and fits, else the smallest free fitting account."""
    if prefer is not None:
        for found in accounts:
            if found["id"] == prefer and found["free"] and found["fits"]:
                return found
    chosen = slots.choose(accounts)
    if chosen is None:
        reason = "penuh" if any(a["fits"] for a in accounts) else "kapasitas"
        raise NoAccount(reason, accounts, participants)
    return chosen


def hold_deadline(cal, submitted: dt.datetime, starts_at: dt.datetime) -> dt.datetime:
    """A pending request holds its slot for the set business hours, never past its start."""
    return min(cal.add_business_minutes(submitted, slots.pending_hours() * 60), starts_at)


async def _retrying(work: Callable[[], Awaitable[Any]], *, lost: Callable[[], UserError] | None = None,
                    unserved: tuple[int | None, Request, dt.datetime] | None = None) -> Any:
    """Run ``work`` (one write transaction) again when it lost a slot race (``lost()`` refuses
    at once instead, when the person chose the account); refuse clearly when no account is left,
    recording the request as not served."""
    for _attempt in range(MAX_ATTEMPTS):
        try:
            return await work()  # each write transaction waits its turn (pintar.db.write_turn)
        except NoAccount as exc:
            if exc.accounts and unserved is not None:
                user_id, req, now = unserved
                await ZoomUnserved.insert(ZoomUnserved(
                    at=now, requester=user_id, starts_at=req.starts_at, ends_at=req.ends_at,
                    participants=req.participants, reason=exc.reason, title=req.title,
                ))
            raise exc.refusal() from None
        except Exception as exc:
            if not slots.lost_race(exc):
                raise
            if lost is not None:
                raise lost() from None
    raise Conflict(_("Jadwal sedang ramai diubah; coba sekali lagi."))


# --- the requester: submit, change ---------------------------------------------------------------


async def submit(user, data: Mapping[str, Any], *, now: dt.datetime,
                 attach: Callable[[int], Awaitable[int | None]] | None = None) -> int:
    """SOP step 1: create a request holding the smallest free account that fits; returns its id.

    ``attach(booking_id)`` saves the memo/invitation inside the same transaction (a refused
    upload undoes the request). Raises FormInvalid/UserError/Conflict in Indonesian.
    """
    cal = await load_calendar()
    req = read_request(data, cal.tz, now)

    async def work() -> int:
        async with write_transaction():
            found = await slots.accounts_for(req.starts_at, req.ends_at, req.participants)
            chosen = pick(found, req.participants)
            rows = await ZoomBooking.insert(
                ZoomBooking(
                    title=req.title, requester=user.id, team=getattr(user, "team_id", None),
                    starts_at=req.starts_at, ends_at=req.ends_at, day=req.day,
                    minutes=req.minutes, participants=req.participants, mode=req.mode,
                    agenda=req.agenda, account=chosen["id"], state=ZOOM.initial,
                    hold_until=hold_deadline(cal, now, req.starts_at), created_at=now,
                )
            ).returning(ZoomBooking.id)
            booking_id = rows[0]["id"]
            await slots.claim(booking_id, chosen["id"], req.starts_at, req.ends_at)
            document = await attach(booking_id) if attach is not None else None
            if document is not None:
                await ZoomBooking.update({ZoomBooking.document: document}).where(
                    ZoomBooking.id == booking_id)
            await wf.start(ZOOM, booking_id, user.id, at=now, drafted_at=req.opened_at,
                           document_id=document, calendar=cal)
            await notices.submitted(booking_id, req.title)
            return booking_id

    return await _retrying(work, unserved=(user.id, req, now))


async def change(user, booking_id: int, data: Mapping[str, Any], *, now: dt.datetime,
                 version: int | None = None) -> None:
    """The requester changes the times (or details): back through IT's check, slot re-held.
    Only before the meeting starts (the transitions' precondition)."""
    cal = await load_calendar()
    current = await row(booking_id)
    rels = relations(current, user)
    name = "ubah" if current["state"] == "diajukan" or current["handler"] is None else "ubah_dicek"
    t = ZOOM.by_name[name]
    # Who may, then whether it still can (before reading what was typed); the engine checks all
    # of it again inside the transaction.
    if not t.permits(user, rels):
        raise Forbidden(_("Anda tidak berhak melakukan aksi “%(a)s”.", a=str(t.label)))
    if current["state"] not in t.source:
        raise Conflict(_("Permintaan dengan status “%(s)s” tidak dapat diubah.",
                         s=ZOOM.label(current["state"])))
    blocked = t.blocked(current, now)
    if blocked is not None:
        raise Conflict(blocked)
    req = read_request(data, cal.tz, now)

    async def apply(_t: wf.Transition) -> None:
        # Read again after the compare-and-set: the row as it is now (locked on PostgreSQL).
        fresh = await row(booking_id)
        await slots.release(booking_id)
        found = await slots.accounts_for(req.starts_at, req.ends_at, req.participants, booking_id)
        chosen = pick(found, req.participants, prefer=fresh["account"])
        # The booking names its account before slots are claimed for it: the database refuses
        # slot rows whose account is not their booking's (foreign key on (booking, account)).
        await ZoomBooking.update({
            ZoomBooking.title: req.title, ZoomBooking.starts_at: req.starts_at,
            ZoomBooking.ends_at: req.ends_at, ZoomBooking.day: req.day,
            ZoomBooking.minutes: req.minutes, ZoomBooking.participants: req.participants,
            ZoomBooking.mode: req.mode, ZoomBooking.agenda: req.agenda,
            ZoomBooking.account: chosen["id"], ZoomBooking.reason: "",
            ZoomBooking.hold_until: hold_deadline(cal, now, req.starts_at),
        }).where(ZoomBooking.id == booking_id)
        await slots.claim(booking_id, chosen["id"], req.starts_at, req.ends_at)
        await notices.changed(fresh, to_handler=name == "ubah_dicek")

    async def work() -> None:
        await wf.transition(ZOOM, booking_id, name, user, relations=rels,
                            expected_state=current["state"], expected_version=version,
                            apply=apply, at=now, calendar=cal)

    await _retrying(work, unserved=(user.id, req, now))


# --- every other step: the one action entry point ------------------------------------------------


def read_action(data: Mapping[str, Any]) -> dict[str, Any]:
    """The generic action endpoint's form as ``act``'s arguments: the step (``aksi``), the
    version the person saw (``versi``), the reason (``catatan``) and the step's extra fields."""
    r = Reader(data)
    action = r.raw("aksi").strip()
    if action not in ACTIONS:
        r.fail("aksi", _("Aksi tidak dikenal."))
    note = r.text("catatan", _("Alasan"), limit=2000, multiline=True)
    r.done()
    # A form without the version it showed is refused by the engine (nothing applied blindly).
    return {"action": action, "expected_version": wf.form_version(r.raw("versi")), "note": note,
            "form": data}


async def act(booking_id: int, action: str, user, *, now: dt.datetime,
              form: Mapping[str, Any] | None = None, note: str = "",
              expected_version: int | None = None) -> dict:
    """Make one step of a request (any of ``flow.ACTIONS``); returns the fresh request.

    Who may, from which state and the preconditions ("only before the meeting starts") are the
    workflow's; the step's own writes (the PJK TI chosen, the account held, the slots freed) and
    its notice commit with it. ``form`` carries the step's extra fields (``pjk_ti``, ``akun``).
    Refusals: Forbidden, NotFound, Conflict (changed meanwhile, a precondition, a taken account),
    UserError/FormInvalid for bad input.
    """
    if action not in ACTIONS:
        raise UserError(_("Aksi tidak dikenal."), field="aksi")
    cal = await load_calendar()
    current = await row(booking_id)
    rels = relations(current, user)
    t = ZOOM.by_name[action]
    if not may_view(user, current) or not t.permits(user, rels):
        raise Forbidden(_("Anda tidak berhak melakukan aksi “%(a)s”.", a=str(t.label)))
    r = Reader(form or {})
    handler = account_id = None
    if action == "disposisi":
        handler = r.id("pjk_ti", _("PJK TI"))
        if handler not in {p["id"] for p in await it_officers()}:
            r.errors["pjk_ti"] = _("Pilih PJK TI yang akan mengecek jadwal.")
    elif action == "setujui":
        account_id = r.id("akun", _("Akun"))
    r.done()
    chosen: dict = {}

    def lost() -> UserError:
        return Conflict(_("Akun %(a)s baru saja dipakai permintaan lain. Pilih akun lain.",
                          a=chosen.get("name", "")))

    async def apply(t: wf.Transition) -> None:
        # What the step depends on is read here, after the engine's compare-and-set has locked
        # the row (PostgreSQL): the request as it is now, not as it was before the call.
        fresh = await row(booking_id)
        if t.name == "disposisi":
            await ZoomBooking.update({ZoomBooking.handler: handler}).where(ZoomBooking.id == booking_id)
            await notices.forwarded(fresh, handler)
        elif t.name == "setujui":
            chosen.update(await _hold_for_approval(fresh, account_id))
            await notices.approved(fresh, chosen["name"])
        elif t.name == "tolak":
            await slots.release(booking_id)
            await ZoomBooking.update({ZoomBooking.reason: note.strip()[:2000],
                                      ZoomBooking.hold_until: None, ZoomBooking.account: None}
                                     ).where(ZoomBooking.id == booking_id)
            await notices.rejected(fresh, note.strip())
        elif t.name == "batal":
            await slots.release(booking_id)
            await ZoomBooking.update({ZoomBooking.hold_until: None}).where(ZoomBooking.id == booking_id)
            if current["state"] in ("didisposisi", "disetujui") and fresh["handler"]:
                await notices.cancelled(fresh)

    async def work() -> None:
        await wf.transition(ZOOM, booking_id, action, user, relations=rels,
                            note=note, expected_version=expected_version, apply=apply, at=now,
                            calendar=cal)

    # A race lost for the account the person chose is theirs to resolve; otherwise try again.
    await _retrying(work, lost=lost if account_id is not None else None)
    return await row(booking_id)


async def _hold_for_approval(current: dict, account_id: int | None) -> dict:
    """SOP step 3's account: the one chosen (free and big enough), else the held one, else the
    smallest free one that fits; its slots claimed (the slot index refuses a clash)."""
    booking_id = current["id"]
    found = await slots.accounts_for(current["starts_at"], current["ends_at"],
                                     current["participants"], booking_id)
    if account_id is not None:
        target = next((a for a in found if a["id"] == account_id), None)
        if target is None:
            raise UserError(_("Akun Zoom itu tidak aktif atau tidak ada."), field="akun")
        if not target["fits"]:
            raise UserError(_("Kapasitas %(a)s (%(c)s) kurang untuk %(n)s peserta.",
                              a=target["name"], c=target["capacity"], n=current["participants"]),
                            field="akun")
        if not target["free"]:
            raise Conflict(_("Akun %(a)s sudah terpakai pada waktu itu. Pilih akun lain.",
                             a=target["name"]))
    else:
        target = pick(found, current["participants"], prefer=current["account"])
    # Always claimed afresh, the account named first: the booking's account and its slot rows
    # agree (the foreign key on (booking, account) refuses anything else).
    await slots.release(booking_id)
    await ZoomBooking.update({ZoomBooking.account: target["id"], ZoomBooking.hold_until: None,
                              ZoomBooking.reason: ""}).where(ZoomBooking.id == booking_id)
    await slots.claim(booking_id, target["id"], current["starts_at"], current["ends_at"])
    return target


# Shorthands of ``act`` for Python callers (tests, other modules, the demo).

async def forward(user, booking_id: int, handler_id: int, *, now: dt.datetime,
                  version: int | None = None) -> None:
    """PJK TIP passes the request to a PJK TI (SOP step 2)."""
    await act(booking_id, "disposisi", user, form={"pjk_ti": str(handler_id)}, now=now,
              expected_version=version)


async def assign(user, booking_id: int, account_id: int | None = None, *, now: dt.datetime,
                 version: int | None = None) -> int:
    """PJK TI approves with an account (SOP step 3); returns the account id."""
    form = {"akun": str(account_id)} if account_id is not None else {}
    fresh = await act(booking_id, "setujui", user, form=form, now=now, expected_version=version)
    return fresh["account"]


async def reject(user, booking_id: int, reason: str, *, now: dt.datetime,
                 version: int | None = None) -> None:
    await act(booking_id, "tolak", user, note=reason, now=now, expected_version=version)


async def cancel(user, booking_id: int, *, now: dt.datetime, note: str = "",
                 version: int | None = None) -> None:
    await act(booking_id, "batal", user, note=note, now=now, expected_version=version)


async def recording_downloaded(user, booking_id: int, *, now: dt.datetime,
                               version: int | None = None) -> None:
    """SOP step 4 done: the requester downloaded the cloud recording."""
    await act(booking_id, "rekaman_diunduh", user, now=now, expected_version=version)


async def skip_recording(user, booking_id: int, note: str, *, now: dt.datetime,
                         version: int | None = None) -> None:
    await act(booking_id, "lewati_rekaman", user, note=note, now=now, expected_version=version)


async def license_managed(user, booking_id: int, *, now: dt.datetime,
                          version: int | None = None) -> None:
    """SOP step 5 done: PJK TI reset the account after the meeting."""
    await act(booking_id, "lisensi_beres", user, now=now, expected_version=version)


# --- accounts leaving service --------------------------------------------------------------------


async def update_account(account_id: int, form: AccountForm, *, now: dt.datetime) -> list[int]:
    """Save an account; returns the future bookings that lost it (deactivated or too small)."""
    before, after = await accounts.store_account(account_id, form, now)
    if before["active"] and not after.active:
        return await _rehome(account_id, None, now)
    if after.capacity < before["capacity"]:
        return await _rehome(account_id, after.capacity, now)
    return []


async def set_active(account_id: int, active: bool, *, now: dt.datetime) -> list[int]:
    before = await accounts.store_active(account_id, active, now)
    if before["active"] and not active:
        return await _rehome(account_id, None, now)
    return []


async def _rehome(account_id: int, capacity: int | None, now: dt.datetime) -> list[int]:
    """Future bookings of an account leaving service (or of a smaller capacity than they need)
    get another free account where one fits; approved ones go back to PJK TI's check."""
    cal = await load_calendar()
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


async def _rehome_one(booking_id: int, account_id: int, capacity: int | None, cal,
                      now: dt.datetime) -> None:
    """Move one booking off ``account_id`` (raises :class:`_Unchanged`, rolling back, when it no
    longer needs moving). The first write bumps the version: it locks the row (PostgreSQL) before
    it is read, and makes pages showing the old account stale."""
    async with write_transaction():
        await ZoomBooking.update({ZoomBooking.version: ZoomBooking.version + 1}).where(
            ZoomBooking.id == booking_id)
        current = await row(booking_id)
        if (current["account"] != account_id
                or current["state"] not in ("diajukan", "didisposisi", "disetujui")
                or current["starts_at"] <= now
                or (capacity is not None and current["participants"] <= capacity)):
            raise _Unchanged
        await slots.release(booking_id)
        found = await slots.accounts_for(current["starts_at"], current["ends_at"],
                                         current["participants"], booking_id)
        chosen = slots.choose(found)
        await ZoomBooking.update({ZoomBooking.account: chosen["id"] if chosen else None}).where(
            ZoomBooking.id == booking_id)
        if chosen is not None:
            await slots.claim(booking_id, chosen["id"], current["starts_at"], current["ends_at"])
        if current["state"] == "disetujui":
            await wf.transition(ZOOM, booking_id, "akun_nonaktif", None, system=True, at=now,
                                calendar=cal,
                                note=_("Akun %(a)s tidak lagi tersedia.", a=current["account_name"] or "-"))
        await notices.rehomed(current, chosen["name"] if chosen else None)


# --- for screens and other modules ---------------------------------------------------------------


async def availability(start: dt.datetime, end: dt.datetime, participants: int,
                       exclude_booking: int | None = None) -> dict:
    """Which active accounts are free and fit: ``{"free": n, "total": m, "accounts": [...],
    "proposed": {...} | None}`` (``free`` counts free accounts that fit)."""
    found = await slots.accounts_for(start, end, participants, exclude_booking)
    return {
        "accounts": found,
        "total": len(found),
        "free": sum(1 for a in found if a["free"] and a["fits"]),
        "proposed": slots.choose(found),
    }


async def busy_between(start: dt.datetime, end: dt.datetime) -> list[dict]:
    """Approved or pending bookings overlapping ``[start, end)`` (for other modules, e.g. the
    Event Team's conflict checks): id, title, times, requester, account id. No credentials."""
    return await (
        ZoomBooking.select(
            ZoomBooking.id, ZoomBooking.title, ZoomBooking.starts_at, ZoomBooking.ends_at,
            ZoomBooking.requester, ZoomBooking.account, ZoomBooking.state,
        )
        .where((ZoomBooking.starts_at < end) & (ZoomBooking.ends_at > start)
               & ZoomBooking.state.is_in(list(ZOOM.codes(tag="holding"))))
        .order_by(ZoomBooking.starts_at)
    )


__all__ = [
    "ACTIONS", "CHANGES", "OWNER_KIND", "ZOOM",
    "AccountForm", "FormInvalid", "NoAccount", "Request",
    "account_secrets_for", "act", "assign", "availability", "busy_between", "can_view_document",
    "cancel", "change", "create_account", "credentials_for_booking", "forward", "get_account",
    "it_officers", "license_managed", "list_accounts", "may_see_credentials", "may_view",
    "parse_id", "read_action", "read_request", "read_times", "recording_downloaded", "reject",
    "row", "set_active", "skip_recording", "submit", "typed", "update_account",
]
