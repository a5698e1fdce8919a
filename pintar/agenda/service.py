"""The agenda's rules, without HTTP: the public API of the module.

    from pintar.agenda import service as agenda

    activity_id = await agenda.create(user, agenda.ActivityForm(judul=..., tanggal="2026-12-08",
                                      mulai="09:00", selesai="11:00", metode="luring", ruang="3"),
                                      now=now)
    await agenda.postpone(user, activity_id, form, version=v, note="...", now=now)
    await agenda.cancel(user, activity_id, version=v, note="...", now=now)
    await agenda.link_zoom(activity_id, booking_id)     # the Zoom request made for it
    await agenda.busy_people(start, end)                # who leads or takes part then

A luring/hybrid activity holds its room: every 5-minute slot of its time is a row of
``agenda_room_slot`` with ``(room, slot)`` unique, claimed in the transaction that writes the
activity, so two requests racing for one room can't both win (the loser gets a clear 409).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from pintar import workflow as wf
from pintar.agenda import notices
from pintar.agenda.flow import ACTIVE, AGENDA, relations
from pintar.agenda.tables import Activity, ActivityPerson, RoomSlot
from pintar.auth.roles import Role
from pintar.auth.tables import Person
from pintar.db import is_unique_violation, write_transaction
from pintar.errors import Conflict, Forbidden, NotFound
from pintar.i18n import N_
from pintar.i18n import gettext as _
from pintar.office.tables import Room
from pintar.office.workdays import load_calendar
from pintar.web.forms import FormInvalid, clean_text, parse_date, parse_id

SLOT_MINUTES = 5
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
MAX_HOURS = 14
MAX_PARTICIPANTS = 300  # people of the office picked on the form
MAX_HEADCOUNT = 5000

CATEGORIES = {
    "rapat": N_("Rapat"),
    "pelatihan": N_("Pelatihan"),
    "sosialisasi": N_("Sosialisasi"),
    "apel": N_("Apel"),
    "seremonial": N_("Acara seremonial"),
    "lainnya": N_("Lainnya"),
}
METHODS = {"luring": N_("Luring"), "daring": N_("Daring"), "hybrid": N_("Hibrida")}
WITH_ROOM = ("luring", "hybrid")
WITH_ZOOM = ("daring", "hybrid")


def category_label(code: str) -> str:
    return _(CATEGORIES.get(code, code))


def method_label(code: str) -> str:
    return _(METHODS.get(code, code))


# Every refused field at once (``errors``: field -> Indonesian message, status 422): the
# toolkit's form error, so every module's forms refuse the same way.
Invalid = FormInvalid


@dataclass
class ActivityForm:
    """What the SM typed, as strings (field names as on the form)."""

    judul: str = ""
    kategori: str = "rapat"
    tanggal: str = ""  # YYYY-MM-DD, office-local
    mulai: str = ""  # HH:MM
    selesai: str = ""  # HH:MM
    metode: str = "luring"
    ruang: str = ""  # room id
    pemimpin: str = ""  # person id
    peserta: list[str] = field(default_factory=list)  # person ids
    tamu: str = ""
    jumlah: str = ""  # expected head count (optional)
    keterangan: str = ""


@dataclass(frozen=True)
class Values:
    title: str
    category: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    day: dt.date
    method: str
    room: int | None
    leader: int | None
    people: tuple[int, ...]
    guests: str
    participants: int
    description: str


def _int(text: str) -> int | None:
    return parse_id(text)


async def read(form: ActivityForm, tz: Any, now: dt.datetime, *, future: bool = True) -> Values:
    """The form's values, or :class:`Invalid` with every field's error (nothing is saved)."""
    errors: dict[str, str] = {}
    title = " ".join(clean_text(form.judul).split())
    if not title:
        errors["judul"] = _("Judul kegiatan wajib diisi.")
    elif len(title) > 200:
        errors["judul"] = _("Judul kegiatan paling panjang 200 karakter.")
    category = form.kategori.strip() or "rapat"
    if category not in CATEGORIES:
        errors["kategori"] = _("Pilih kategori dari daftar.")
    method = form.metode.strip() or "luring"
    if method not in METHODS:
        errors["metode"] = _("Pilih metode: luring, daring atau hibrida.")
    day = parse_date(form.tanggal)
    if day is None:
        errors["tanggal"] = _("Tanggal tidak valid (contoh 2026-12-08).")
    times: list[dt.time | None] = []
    for value, name, label in ((form.mulai, "mulai", _("Jam mulai")), (form.selesai, "selesai", _("Jam selesai"))):
        try:
            times.append(dt.time.fromisoformat(value.strip()[:5].replace(".", ":")))
        except ValueError:
            times.append(None)
            errors[name] = _("%(f)s tidak valid (contoh 09.00).", f=label)
    starts = ends = None
    if day is not None and times[0] is not None and times[1] is not None:
        starts = dt.datetime.combine(day, times[0], tzinfo=tz).astimezone(dt.timezone.utc)
        ends = dt.datetime.combine(day, times[1], tzinfo=tz).astimezone(dt.timezone.utc)
        if ends <= starts:
            errors["selesai"] = _("Jam selesai harus setelah jam mulai.")
        elif ends - starts > dt.timedelta(hours=MAX_HOURS):
            errors["selesai"] = _("Satu kegiatan paling lama %(n)s jam.", n=MAX_HOURS)
        elif future and starts <= now:
            errors["mulai"] = _("Waktu mulai sudah lewat; pilih waktu yang akan datang.")
    room = None
    if method in WITH_ROOM:
        room = _int(form.ruang)
        if room is None:
            errors["ruang"] = _("Pilih ruang untuk kegiatan luring atau hibrida.")
        elif not await Room.exists().where((Room.id == room) & (Room.active == True)):  # noqa: E712
            errors["ruang"] = _("Ruang tidak dikenal atau tidak aktif.")
    leader = _int(form.pemimpin) if form.pemimpin.strip() else None
    if form.pemimpin.strip() and (
        leader is None or not await Person.exists().where((Person.id == leader) & (Person.active == True))  # noqa: E712
    ):
        errors["pemimpin"] = _("Pemimpin kegiatan tidak dikenal.")
    raw = [p for p in form.peserta if str(p).strip()]
    people = [_int(str(p)) for p in raw]
    if any(p is None for p in people) or len(set(people)) > MAX_PARTICIPANTS:
        errors["peserta"] = _("Daftar peserta tidak valid.")
        people = []
    people_ids = sorted({p for p in people if p is not None})
    if people_ids:
        known = await Person.count().where(
            Person.id.is_in(people_ids) & (Person.active == True)  # noqa: E712
        )
        if known != len(people_ids):
            errors["peserta"] = _("Ada peserta yang tidak dikenal.")
    guests = clean_text(form.tamu, multiline=True).strip()
    if len(guests) > 2000:
        errors["tamu"] = _("Daftar tamu paling panjang 2000 karakter.")
    headcount = len(people_ids) + len([g for g in guests.splitlines() if g.strip()])
    if form.jumlah.strip():
        n = _int(form.jumlah)
        if n is None or not 1 <= n <= MAX_HEADCOUNT:
            errors["jumlah"] = _("Jumlah peserta harus bilangan bulat 1–%(n)s.", n=MAX_HEADCOUNT)
        else:
            headcount = max(headcount, n)
    description = clean_text(form.keterangan, multiline=True).strip()
    if len(description) > 5000:
        errors["keterangan"] = _("Keterangan paling panjang 5000 karakter.")
    if errors:
        raise Invalid(errors)
    assert starts is not None and ends is not None and day is not None
    return Values(title, category, starts, ends, day, method, room, leader, tuple(people_ids),
                  guests, max(1, headcount), description)


# --- rooms held in the database --------------------------------------------------------------


def slot_numbers(start: dt.datetime, end: dt.datetime) -> range:
    """The 5-minute slots of ``[start, end)`` (start rounded down, end rounded up)."""
    size = SLOT_MINUTES * 60
    first = int((start - _EPOCH).total_seconds() // size)
    last = -int(-(end - _EPOCH).total_seconds() // size)
    return range(first, last)


async def _claim_room(activity_id: int, room: int | None, start: dt.datetime, end: dt.datetime) -> None:
    """Hold the room (inside the caller's transaction); a clash raises the unique violation."""
    await RoomSlot.delete().where(RoomSlot.activity == activity_id)
    if room is not None:
        await RoomSlot.insert(
            *[RoomSlot(room=room, slot=s, activity=activity_id) for s in slot_numbers(start, end)]
        )


async def room_clash(room: int, start: dt.datetime, end: dt.datetime, exclude: int | None = None) -> dict | None:
    """The activity holding ``room`` at any moment of ``[start, end)``, if any."""
    slots = slot_numbers(start, end)
    query = RoomSlot.select(RoomSlot.activity).where(
        (RoomSlot.room == room) & (RoomSlot.slot >= slots.start) & (RoomSlot.slot < slots.stop)
    )
    if exclude is not None:
        query = query.where(RoomSlot.activity != exclude)
    found = await query.first()
    if found is None:
        return None
    return await Activity.select(Activity.id, Activity.title, Activity.starts_at, Activity.ends_at).where(
        Activity.id == found["activity"]
    ).first()


def _room_taken(room_name: str) -> Conflict:
    return Conflict(_(
        "Ruang %(room)s sudah dipakai kegiatan lain pada waktu itu. Pilih ruang atau waktu lain.",
        room=room_name,
    ))


async def _room_name(room_id: int | None) -> str:
    if room_id is None:
        return "-"
    row = await Room.select(Room.name).where(Room.id == room_id).first()
    return row["name"] if row else "-"


async def _check_room_free(values: Values, exclude: int | None = None) -> None:
    if values.room is None:
        return
    clash = await room_clash(values.room, values.starts_at, values.ends_at, exclude)
    if clash is not None:
        raise Invalid({"ruang": str(_room_taken(await _room_name(values.room)).message)})


# --- reading ----------------------------------------------------------------------------------


async def get(activity_id: int) -> dict:
    """The activity with the names around it and its people; NotFound when there is none."""
    row = await (
        Activity.select(
            Activity.all_columns(),
            Activity.room.name.as_alias("room_name"),
            Activity.leader.name.as_alias("leader_name"),
            Activity.leader.whatsapp.as_alias("leader_whatsapp"),
            Activity.owner.name.as_alias("owner_name"),
        )
        .where(Activity.id == activity_id)
        .first()
    )
    if row is None:
        raise NotFound(_("Kegiatan tidak ditemukan."))
    row["people"] = await (
        ActivityPerson.select(ActivityPerson.person.id.as_alias("id"), ActivityPerson.person.name.as_alias("name"))
        .where(ActivityPerson.activity == activity_id)
        .order_by(ActivityPerson.person.name)
    )
    return row


def may_change(activity: dict, user: Any) -> bool:
    return user is not None and (activity["owner"] == user.id or user.is_admin)


def involved(activity: dict, person_id: int) -> bool:
    return person_id in (activity["owner"], activity["leader"]) or any(
        p["id"] == person_id for p in activity.get("people", [])
    )


async def busy_people(start: dt.datetime, end: dt.datetime, exclude: int | None = None) -> dict[int, dict]:
    """People leading or taking part in a scheduled activity overlapping ``[start, end)``:
    person id -> that activity (id, title, times). For the Event Team's conflict rules."""
    query = Activity.select(Activity.id, Activity.title, Activity.starts_at, Activity.ends_at, Activity.leader).where(
        (Activity.starts_at < end) & (Activity.ends_at > start) & Activity.state.is_in(list(ACTIVE))
    )
    if exclude is not None:
        query = query.where(Activity.id != exclude)
    rows = await query
    out: dict[int, dict] = {}
    if not rows:
        return out
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        if r["leader"] is not None:
            out.setdefault(r["leader"], r)
    for p in await ActivityPerson.select(ActivityPerson.activity, ActivityPerson.person).where(
        ActivityPerson.activity.is_in(list(by_id))
    ):
        out.setdefault(p["person"], by_id[p["activity"]])
    return out


# --- writing ----------------------------------------------------------------------------------


async def _write_people(activity_id: int, people: Iterable[int]) -> None:
    await ActivityPerson.delete().where(ActivityPerson.activity == activity_id)
    rows = [ActivityPerson(activity=activity_id, person=p) for p in people]
    if rows:
        await ActivityPerson.insert(*rows)


def _columns(values: Values) -> dict:
    return {
        Activity.title: values.title, Activity.category: values.category,
        Activity.description: values.description, Activity.starts_at: values.starts_at,
        Activity.ends_at: values.ends_at, Activity.day: values.day, Activity.method: values.method,
        Activity.room: values.room, Activity.leader: values.leader, Activity.guests: values.guests,
        Activity.participants: values.participants,
    }


async def create(user: Any, form: ActivityForm, *, now: dt.datetime) -> int:
    """Put an activity on the agenda (its room held at once); returns its id."""
    cal = await load_calendar()
    values = await read(form, cal.tz, now)
    await _check_room_free(values)
    try:
        async with write_transaction():
            rows = await Activity.insert(
                Activity(owner=user.id, state=AGENDA.initial, created_at=now, version=0)
            ).returning(Activity.id)
            activity_id = rows[0]["id"]
            await Activity.update(_columns(values)).where(Activity.id == activity_id)
            await _claim_room(activity_id, values.room, values.starts_at, values.ends_at)
            await _write_people(activity_id, values.people)
            await wf.start(AGENDA, activity_id, user.id, at=now, calendar=cal)
            # In the transaction: all or nothing.
            await notices.invited(await get(activity_id), user, cal.tz, now=now)
    except Exception as exc:
        if is_unique_violation(exc):
            raise _room_taken(await _room_name(values.room)) from None
        raise
    return activity_id


async def _change(
    user: Any, activity_id: int, form: ActivityForm, action: str, *, version: int | None,
    note: str, now: dt.datetime,
) -> dict:
    current = await get(activity_id)
    if not may_change(current, user):
        raise Forbidden(_("Hanya pemilik kegiatan (atau admin) yang dapat mengubahnya."))
    if version is None:
        raise Conflict(_("Formulir tidak lengkap (versi tidak ada); muat ulang halaman lalu coba lagi."))
    if current["state"] not in ACTIVE:
        raise Conflict(_("Kegiatan yang dibatalkan tidak dapat diubah."))
    cal = await load_calendar()
    values = await read(form, cal.tz, now)
    moved = (values.starts_at, values.ends_at) != (current["starts_at"], current["ends_at"])
    if action == "tunda" and not moved:
        raise Invalid({"tanggal": _("Jadwal baru harus berbeda dari jadwal lama.")})
    await _check_room_free(values, exclude=activity_id)
    history_note = note.strip()
    if action == "tunda":
        old = _("Jadwal lama: %(t)s.", t=notices.times_text(current, cal.tz))
        history_note = f"{old} {history_note}".strip()

    async def apply(_t: wf.Transition) -> None:
        await Activity.update(_columns(values)).where(Activity.id == activity_id)
        await _claim_room(activity_id, values.room, values.starts_at, values.ends_at)
        await _write_people(activity_id, values.people)
        if moved:
            await notices.moved(current, await get(activity_id), user, cal.tz, now=now)

    try:
        await wf.transition(
            AGENDA, activity_id, action, user, relations=relations(current, user),
            note=history_note, expected_state=current["state"], expected_version=version,
            apply=apply, at=now, calendar=cal,
        )
    except Exception as exc:
        if is_unique_violation(exc):
            raise _room_taken(await _room_name(values.room)) from None
        raise
    return await get(activity_id)


async def update(user: Any, activity_id: int, form: ActivityForm, *, version: int | None, now: dt.datetime) -> dict:
    """The owner corrects the activity (title, people, room, times)."""
    return await _change(user, activity_id, form, "ubah", version=version, note="", now=now)


async def postpone(
    user: Any, activity_id: int, form: ActivityForm, *, version: int | None, note: str = "", now: dt.datetime,
) -> dict:
    """New times; the old ones stay in the history; participants are told."""
    return await _change(user, activity_id, form, "tunda", version=version, note=note, now=now)


async def cancel(user: Any, activity_id: int, *, version: int | None, note: str, now: dt.datetime) -> dict:
    """Cancel: the room is freed at once; participants are told."""
    current = await get(activity_id)
    if not may_change(current, user):
        raise Forbidden(_("Hanya pemilik kegiatan (atau admin) yang dapat membatalkannya."))
    if version is None:
        raise Conflict(_("Formulir tidak lengkap (versi tidak ada); muat ulang halaman lalu coba lagi."))
    cal = await load_calendar()

    async def apply(_t: wf.Transition) -> None:
        await RoomSlot.delete().where(RoomSlot.activity == activity_id)
        await notices.cancelled(current, user, note, cal.tz, now=now)
        for hook in _on_cancel:  # the Event Team ends its support in the same transaction
            await hook(activity_id, user, now)

    await wf.transition(
        AGENDA, activity_id, "batal", user, relations=relations(current, user), note=note,
        expected_state=current["state"], expected_version=version, apply=apply, at=now, calendar=cal,
    )
    return await get(activity_id)


_on_cancel: list[Any] = []


def on_cancel(hook: Any) -> None:
    """Another module reacts when an activity is cancelled (the Event Team stops its support)."""
    if hook not in _on_cancel:
        _on_cancel.append(hook)


async def link_zoom(activity_id: int, booking_id: int, user: Any) -> None:
    """The Zoom request made for this activity (inside the request's transaction)."""
    current = await Activity.select(Activity.owner, Activity.method).where(Activity.id == activity_id).first()
    if current is None:
        raise NotFound(_("Kegiatan tidak ditemukan."))
    if current["owner"] != user.id and not user.is_admin:
        raise Forbidden(_("Hanya pemilik kegiatan yang dapat mengajukan Zoom untuknya."))
    await Activity.update({Activity.zoom_booking: booking_id, Activity.version: Activity.version + 1}).where(
        Activity.id == activity_id
    )


def zoom_prefill(activity: dict, tz: Any) -> dict:
    """The Zoom request form's values for this activity (times and head count filled in)."""
    start = activity["starts_at"].astimezone(tz)
    return {
        "judul": activity["title"], "tanggal": start.date().isoformat(),
        "mulai": start.strftime("%H:%M"), "selesai": activity["ends_at"].astimezone(tz).strftime("%H:%M"),
        "peserta": str(activity["participants"]),
        "jenis": "hybrid" if activity["method"] == "hybrid" else "online",
        "agenda": activity["title"], "kegiatan": str(activity["id"]),
    }


async def activities_of_person(person_id: int, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """Scheduled activities a person owns, leads or takes part in (the iCal feed)."""
    mine = {r["activity"] for r in await ActivityPerson.select(ActivityPerson.activity).where(
        ActivityPerson.person == person_id
    )}
    cond = (Activity.owner == person_id) | (Activity.leader == person_id)
    if mine:
        cond = cond | Activity.id.is_in(sorted(mine))
    return await (
        Activity.select(
            Activity.id, Activity.title, Activity.starts_at, Activity.ends_at, Activity.state,
            Activity.version, Activity.method, Activity.room.name.as_alias("room_name"),
        )
        .where(cond & (Activity.starts_at >= start) & (Activity.starts_at <= end))
        .order_by(Activity.starts_at)
    )


async def today(day: dt.date) -> list[dict]:
    """Scheduled activities of one office-local day, with their rooms (the kiosk)."""
    return await (
        Activity.select(
            Activity.id, Activity.version, Activity.title, Activity.starts_at, Activity.ends_at,
            Activity.method, Activity.room.name.as_alias("room_name"),
        )
        .where((Activity.day == day) & Activity.state.is_in(list(ACTIVE)))
        .order_by(Activity.starts_at)
        .order_by(Activity.id)
    )


async def history(activity_id: int) -> list[dict]:
    return await wf.history(AGENDA, activity_id)


__all__ = [
    "AGENDA", "CATEGORIES", "METHODS", "WITH_ROOM", "WITH_ZOOM", "ActivityForm", "Invalid",
    "Role", "activities_of_person", "busy_people", "cancel", "category_label", "create", "get",
    "history", "involved", "link_zoom", "may_change", "method_label", "on_cancel", "postpone",
    "room_clash", "slot_numbers", "today", "update", "zoom_prefill",
]
