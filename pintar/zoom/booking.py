"""Requests for a Zoom account: submit, change the times, cancel, confirm the recording.

Every step is a transition of :data:`pintar.zoom.flow.ZOOM`. A submitted request holds its slot
at once: it claims the slots of the proposed account (the smallest free one that fits) in the
transaction that creates it, so nobody else is told "free" for that account and time while IT
decides. The hold expires with a notice when IT has not acted within the set business hours
(:mod:`pintar.zoom.sweeps`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Awaitable, Callable

from pintar import clock
from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.db import write_transaction
from pintar.errors import Conflict, NotFound, UserError
from pintar.i18n import format_day
from pintar.i18n import gettext as _
from pintar.web.forms import clean_text, date_horizon, parse_date, parse_int
from pintar.zoom import deps, slots
from pintar.zoom.flow import CHANGEABLE, ZOOM, relations
from pintar.zoom.tables import ZoomBooking, ZoomUnserved

MAX_MINUTES = 12 * 60
MAX_PARTICIPANTS = 100_000  # more than any Zoom licence holds; a bigger number is a typo
MAX_ATTEMPTS = 12  # retries after losing a race for a slot (each loss means an account was taken)
MODES = ("online", "hybrid")



@dataclass
class RequestForm:
    """What the requester typed (strings, as they came from the form)."""

    title: str = ""
    day: str = ""  # YYYY-MM-DD, office-local
    start: str = ""  # HH:MM
    end: str = ""  # HH:MM
    participants: str | int = ""
    mode: str = "online"
    agenda: str = ""
    opened_at: str = ""  # ISO instant the form was opened (the requester's own step 1)


@dataclass(frozen=True)
class Request:
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


def parse_times(day: str, start: str, end: str, tz) -> tuple[dt.datetime, dt.datetime]:
    """Office-local date and times to aware instants; Indonesian refusals for bad input."""
    date = parse_date(day)
    if date is None:
        raise UserError(_("Tanggal rapat tidak valid."), field="day")
    times = []
    for value, field, label in ((start, "start", _("Jam mulai")), (end, "end", _("Jam selesai"))):
        try:
            times.append(dt.time.fromisoformat(value.strip()[:5]))
        except ValueError:
            raise UserError(_("%(f)s tidak valid (contoh 09.00).", f=label), field=field) from None
    starts = dt.datetime.combine(date, times[0], tzinfo=tz)
    ends = dt.datetime.combine(date, times[1], tzinfo=tz)
    if ends <= starts:
        raise UserError(_("Jam selesai harus setelah jam mulai."), field="end")
    if ends - starts > dt.timedelta(minutes=MAX_MINUTES):
        raise UserError(_("Satu peminjaman paling lama 12 jam."), field="end")
    return starts.astimezone(dt.timezone.utc), ends.astimezone(dt.timezone.utc)


def parse_participants(value: str | int) -> int:
    n = parse_int(str(value), maximum=MAX_PARTICIPANTS)
    if n is None:
        if parse_int(str(value)) is not None:
            raise UserError(_("Jumlah peserta paling banyak %(n)s.", n=MAX_PARTICIPANTS),
                            field="participants")
        raise UserError(_("Jumlah peserta harus berupa angka."), field="participants")
    if n < 1:
        raise UserError(_("Jumlah peserta minimal 1."), field="participants")
    return n


def clean(form: RequestForm, tz, now: dt.datetime) -> Request:
    title = clean_text(form.title)
    if not title:
        raise UserError(_("Judul rapat wajib diisi."), field="title")
    if len(title) > 200:
        raise UserError(_("Judul rapat paling panjang 200 karakter."), field="title")
    starts, ends = parse_times(form.day, form.start, form.end, tz)
    if starts <= now:
        raise UserError(_("Waktu mulai sudah lewat; pilih waktu yang akan datang."), field="start")
    last = date_horizon(now.astimezone(tz).date())
    if starts.astimezone(tz).date() > last:
        raise UserError(_("Peminjaman paling jauh sampai %(d)s.", d=format_day(last)), field="day")
    participants = parse_participants(form.participants)
    mode = form.mode.strip() or "online"
    if mode not in MODES:
        raise UserError(_("Pilih jenis rapat: daring atau hibrida."), field="mode")
    agenda = clean_text(form.agenda)[:300]
    try:
        opened = dt.datetime.fromisoformat(form.opened_at.strip())
        if opened.tzinfo is None:
            raise ValueError
    except ValueError:
        opened = now
    # Only a timing: never in the future, never more than a day back.
    opened = min(max(opened, now - dt.timedelta(days=1)), now)
    return Request(title, starts, ends, starts.astimezone(tz).date(), participants, mode, agenda, opened)


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
                _(
                    "Jumlah peserta (%(n)s) melebihi kapasitas akun Zoom terbesar (%(c)s peserta).",
                    n=self.participants,
                    c=biggest,
                ),
                field="participants",
            )
        return Conflict(
            _(
                "Tidak ada akun Zoom yang kosong untuk waktu itu: semua akun untuk %(n)s peserta "
                "sudah dipakai (termasuk jeda %(b)s menit antarrapat). Pilih waktu lain.",
                n=self.participants,
                b=slots.buffer_minutes(),
            )
        )


def pick(accounts: list[dict], participants: int, prefer: int | None = None) -> dict:
    """``prefer`` when it is free and fits, else the smallest free fitting account."""
    if prefer is not None:
        for row in accounts:
            if row["id"] == prefer and row["free"] and row["fits"]:
                return row
    chosen = slots.choose(accounts)
    if chosen is None:
        reason = "penuh" if any(a["fits"] for a in accounts) else "kapasitas"
        raise NoAccount(reason, accounts, participants)
    return chosen


async def record_unserved(user_id: int | None, req: Request, reason: str) -> None:
    await ZoomUnserved.insert(
        ZoomUnserved(
            at=clock.now(), requester=user_id, starts_at=req.starts_at, ends_at=req.ends_at,
            participants=req.participants, reason=reason, title=req.title,
        )
    )


def hold_deadline(cal, submitted: dt.datetime, starts_at: dt.datetime) -> dt.datetime:
    """A pending request holds its slot for the set business hours, never past its start."""
    until = cal.add_business_minutes(submitted, slots.pending_hours() * 60)
    return min(until, starts_at)


async def _retrying(work: Callable[[], Awaitable[int]], user_id: int | None, req: Request) -> int:
    """Run ``work`` (one write transaction) again when it lost a slot race; refuse clearly when no
    account is left (and record the request as not served)."""
    for attempt in range(MAX_ATTEMPTS):
        try:
            async with slots.writer_turn():
                return await work()
        except NoAccount as exc:
            if exc.accounts:
                async with slots.writer_turn():
                    await record_unserved(user_id, req, exc.reason)
            raise exc.refusal() from None
        except Exception as exc:
            if not slots.lost_race(exc):
                raise
    raise Conflict(_("Jadwal sedang ramai diubah; coba sekali lagi."))


def booking_link(booking_id: int) -> str:
    return f"/zoom/{booking_id}"


async def submit(
    user,
    form: RequestForm,
    *,
    now: dt.datetime | None = None,
    attach: Callable[[int], Awaitable[int | None]] | None = None,
) -> int:
    """Create a request holding the smallest free account that fits; returns its id.

    ``attach(booking_id)`` saves the memo/invitation inside the same transaction (a refused
    upload undoes the request). Raises UserError/Conflict with Indonesian messages.
    """
    now = now or clock.now()
    cal = await deps.load_calendar()
    req = clean(form, cal.tz, now)

    async def work() -> int:
        async with write_transaction():
            accounts = await slots.accounts_for(req.starts_at, req.ends_at, req.participants)
            chosen = pick(accounts, req.participants)
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
            await wf.start(ZOOM, booking_id, user.id, at=req.opened_at, calendar=cal)
            await wf.transition(
                ZOOM, booking_id, "ajukan", user, relations={wf.REQUESTER}, at=now, calendar=cal
            )
            if attach is not None:
                doc_id = await attach(booking_id)
                if doc_id is not None:
                    await ZoomBooking.update({ZoomBooking.document: doc_id}).where(
                        ZoomBooking.id == booking_id
                    )
            await deps.notify(
                [Role.KETUA_TIP],
                _("Permintaan Zoom baru #%(id)s: %(t)s. Mohon disposisi ke PJK TI.", id=booking_id, t=req.title),
                booking_link(booking_id), kind="action", obj=("zoom.booking", booking_id),
            )
            return booking_id

    return await _retrying(work, user.id, req)


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


async def change(
    user, booking_id: int, form: RequestForm, *, version: int | None = None, now: dt.datetime | None = None
) -> None:
    """The requester changes the times (or details): back through IT's check, slot re-held."""
    now = now or clock.now()
    cal = await deps.load_calendar()
    current = await row(booking_id)
    if current["state"] not in CHANGEABLE:
        raise Conflict(_("Permintaan dengan status “%(s)s” tidak dapat diubah.", s=ZOOM.label(current["state"])))
    if current["starts_at"] <= now:
        raise UserError(_("Rapat sudah dimulai; waktunya tidak dapat diubah lagi."))
    req = clean(form, cal.tz, now)
    name = "ubah" if current["state"] == "diajukan" or current["handler"] is None else "ubah_dicek"

    async def apply(_t: wf.Transition) -> None:
        # Read again after the compare-and-set: the row as it is now (locked on PostgreSQL).
        fresh = await row(booking_id)
        if fresh["starts_at"] <= now:
            raise UserError(_("Rapat sudah dimulai; waktunya tidak dapat diubah lagi."))
        await slots.release(booking_id)
        accounts = await slots.accounts_for(req.starts_at, req.ends_at, req.participants, booking_id)
        chosen = pick(accounts, req.participants, prefer=fresh["account"])
        # The booking names its account before slots are claimed for it: the database refuses
        # slot rows whose account is not their booking's (foreign key on (booking, account)).
        await ZoomBooking.update(
            {
                ZoomBooking.title: req.title, ZoomBooking.starts_at: req.starts_at,
                ZoomBooking.ends_at: req.ends_at, ZoomBooking.day: req.day,
                ZoomBooking.minutes: req.minutes, ZoomBooking.participants: req.participants,
                ZoomBooking.mode: req.mode, ZoomBooking.agenda: req.agenda,
                ZoomBooking.account: chosen["id"], ZoomBooking.reason: "",
                ZoomBooking.hold_until: hold_deadline(cal, now, req.starts_at),
                ZoomBooking.login_notice_at: None,
            }
        ).where(ZoomBooking.id == booking_id)
        await slots.claim(booking_id, chosen["id"], req.starts_at, req.ends_at)
        who = [fresh["handler"]] if name == "ubah_dicek" else [Role.KETUA_TIP]
        await deps.notify(
            who,
            _("Permintaan Zoom #%(id)s diubah waktunya; mohon dicek ulang.", id=booking_id),
            booking_link(booking_id), kind="action", obj=("zoom.booking", booking_id),
        )

    async def work() -> int:
        await wf.transition(
            ZOOM, booking_id, name, user, relations=relations(current, user),
            expected_state=current["state"], expected_version=version, apply=apply,
            at=now, calendar=cal,
        )
        return booking_id

    await _retrying(work, user.id, req)


async def cancel(
    user, booking_id: int, *, note: str = "", version: int | None = None, now: dt.datetime | None = None
) -> None:
    """The requester (or an admin) cancels before the start; the slot is freed at once."""
    now = now or clock.now()
    current = await row(booking_id)
    if current["starts_at"] <= now and current["state"] != "ditolak":
        raise UserError(_("Rapat sudah dimulai; permintaan tidak dapat dibatalkan lagi."))

    async def apply(_t: wf.Transition) -> None:
        await slots.release(booking_id)
        await ZoomBooking.update({ZoomBooking.hold_until: None}).where(ZoomBooking.id == booking_id)
        if current["state"] in ("didisposisi", "disetujui") and current["handler"]:
            await deps.notify(
                [current["handler"]],
                _("Permintaan Zoom #%(id)s (%(t)s) dibatalkan pemohon.", id=booking_id, t=current["title"]),
                booking_link(booking_id), obj=("zoom.booking", booking_id),
            )

    await wf.transition(
        ZOOM, booking_id, "batal", user, relations=relations(current, user), note=note,
        expected_state=current["state"], expected_version=version, apply=apply, at=now,
        calendar=await deps.load_calendar(),
    )


async def recording_downloaded(
    user, booking_id: int, *, version: int | None = None, now: dt.datetime | None = None
) -> None:
    """The requester confirms the cloud recording was downloaded: the licence task opens."""
    current = await row(booking_id)
    await wf.transition(
        ZOOM, booking_id, "rekaman_diunduh", user, relations=relations(current, user),
        expected_version=version, at=now, calendar=await deps.load_calendar(),
    )
