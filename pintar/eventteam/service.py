"""The Event Team's rules, without HTTP: the public API of the module.

    from pintar.eventteam import service as et

    await et.duty(day)                                   # the team on duty and its Ketua
    await et.coordination(day, now)                      # step 1: who to call, short-notice warning
    sid = await et.request_support(sm, activity_id, {role_id: 2}, now=now)   # step 2
    await et.candidates(sid, role_id, now=now)           # step 3: the rotation ranking, with reasons
    await et.assign(lead, sid, role_id, person_id, now=now, override="...")
    await et.act(user, sid, "terlaksana", version=v, now=now)   # steps 4-7 through the workflow
    await et.quarter(2026, 4)                            # step 8: the quarterly figures

Who the Ketua Event Team of an activity is comes from the roster (the team on duty in the
activity's month), never from the browser. One person can't serve at two overlapping
activities: each assignment claims the person's 5-minute slots (``(person, slot)`` unique).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from pintar import workflow as wf
from pintar.agenda import service as agenda
from pintar.auth.roles import Role
from pintar.auth.tables import Person
from pintar.db import is_unique_violation, read_transaction, write_transaction
from pintar.errors import Conflict, Forbidden, NotFound, UserError
from pintar.eventteam.flow import ACTIVE, LEAD, ONE_CLICK, SUPPORT, relations
from pintar.eventteam.tables import (
    Assignment,
    DutyMonth,
    EventTeam,
    PersonSlot,
    RoleNeed,
    RoleType,
    Support,
    TeamMember,
    Unavailable,
)
from pintar.files import service as files
from pintar.i18n import gettext as _
from pintar.office.workdays import load_calendar
from pintar.web.forms import clean_text, text_value

DAYS_AHEAD = 3  # SOP-321 step 2: at least 3 working days before the activity
COORDINATE_DAYS = 4  # step 1: coordinate at least 4 working days before
MAX_PER_ROLE = 20
ROTATION_WINDOW = dt.timedelta(days=183)  # "the last 6 months"
DOC_KIND = "eventteam_support"


# --- the roster ---------------------------------------------------------------------------------


async def duty(day: dt.date) -> dict | None:
    """The team on duty in ``day``'s month and its Ketua: ``{team, team_name, lead: {...}}``."""
    found = await DutyMonth.select(DutyMonth.team, DutyMonth.team.name.as_alias("team_name")).where(
        (DutyMonth.year == day.year) & (DutyMonth.month == day.month)
    ).first()
    if found is None:
        return None
    lead = await (
        TeamMember.select(
            TeamMember.person.id.as_alias("id"), TeamMember.person.name.as_alias("name"),
            TeamMember.person.whatsapp.as_alias("whatsapp"),
        )
        .where((TeamMember.team == found["team"]) & (TeamMember.lead == True))  # noqa: E712
        .first()
    )
    return {"team": found["team"], "team_name": found["team_name"], "lead": lead}


def earliest_start(cal: Any, today: dt.date, days: int = DAYS_AHEAD) -> dt.date:
    """The earliest start date with ``days`` working days before it, counting from ``today``
    (today counts when it is a working day): a request on Monday allows Thursday."""
    return cal.add_working_days(today - dt.timedelta(days=1), days) + dt.timedelta(days=1)


def working_days_before(cal: Any, today: dt.date, start_day: dt.date) -> int:
    """Working days in ``[today, start_day)``."""
    return cal.working_days_between(today - dt.timedelta(days=1), start_day - dt.timedelta(days=1))


async def coordination(day: dt.date, now: dt.datetime) -> dict:
    """Step 1 on the activity form: the Ketua Event Team for ``day`` (with a WhatsApp text) and
    whether the start is fewer than 4 working days away."""
    cal = await load_calendar([day.year])
    today = now.astimezone(cal.tz).date()
    on_duty = await duty(day)
    lead = on_duty["lead"] if on_duty else None
    message = _("Assalamualaikum, saya merencanakan kegiatan pada %(d)s dan membutuhkan dukungan Event Team.",
                d=day.isoformat())
    return {
        "lead": lead, "team_name": on_duty["team_name"] if on_duty else "",
        "short_notice": working_days_before(cal, today, day) < COORDINATE_DAYS,
        "message": message,
    }


# --- step 2: the request ------------------------------------------------------------------------


def read_needs(form: Mapping[str, Any], role_ids: list[int]) -> dict[int, int]:
    """``peran_<id>`` fields: how many people of each role (0 or empty: none). Every bad
    field refused at once."""
    needs: dict[int, int] = {}
    errors: dict[str, str] = {}
    for role_id in role_ids:
        raw = text_value(form, f"peran_{role_id}").strip()
        if not raw:
            continue
        if not raw.isdigit() or len(raw) > 4:
            errors[f"peran_{role_id}"] = _("Jumlah harus bilangan bulat 0–%(n)s.", n=MAX_PER_ROLE)
            continue
        n = int(raw)
        if n > MAX_PER_ROLE:
            errors[f"peran_{role_id}"] = _("Jumlah harus bilangan bulat 0–%(n)s.", n=MAX_PER_ROLE)
        elif n > 0:
            needs[role_id] = n
    if not errors and not needs:
        errors["peran"] = _("Sebutkan minimal satu peran dan jumlah orangnya.")
    if errors:
        raise agenda.Invalid(errors)
    return needs


async def role_types(active_only: bool = True) -> list[dict]:
    query = RoleType.select().order_by(RoleType.position).order_by(RoleType.name)
    if active_only:
        query = query.where(RoleType.active == True)  # noqa: E712
    return await query


async def _cc_ids() -> list[int]:
    from pintar.auth.service import people_with_role

    return [p["id"] for p in await people_with_role(Role.CC)]


async def request_support(user: Any, activity_id: int, needs: dict[int, int], *, now: dt.datetime) -> int:
    """The SM asks for Event Team support (step 2). On time: waiting for roles. Late (fewer than
    3 working days ahead): waiting for the Ketua, who alone may accept it. The Ketua and the CC are
    told once, in the same transaction."""
    activity = await agenda.get(activity_id)
    if activity["owner"] != user.id:
        raise Forbidden(_("Hanya pemilik kegiatan (SM) yang dapat meminta dukungan Event Team."))
    if activity["state"] != "terjadwal":
        raise Conflict(_("Kegiatan yang dibatalkan tidak dapat didukung."))
    if activity["starts_at"] <= now:
        raise UserError(_("Kegiatan sudah dimulai."))
    known = {r["id"] for r in await role_types()}
    if not needs or any(r not in known for r in needs) or any(not 1 <= n <= MAX_PER_ROLE for n in needs.values()):
        raise UserError(_("Peran atau jumlah tidak valid."), field="peran")
    cal = await load_calendar()
    start_day = activity["starts_at"].astimezone(cal.tz).date()
    today = now.astimezone(cal.tz).date()
    earliest = earliest_start(cal, today)
    late = start_day < earliest
    on_duty = await duty(start_day)
    if on_duty is None or on_duty["lead"] is None:
        raise UserError(_("Belum ada Event Team (dengan Ketua) yang bertugas pada bulan kegiatan; hubungi admin."))
    lead = on_duty["lead"]
    try:
        async with write_transaction():
            rows = await Support.insert(Support(
                activity=activity_id, team=on_duty["team"], lead=lead["id"], requested_by=user.id,
                requested_at=now, late=late, earliest_start=earliest if late else None,
                state=SUPPORT.initial, notified_at=now,
            )).returning(Support.id)
            sid = rows[0]["id"]
            await RoleNeed.insert(*[RoleNeed(support=sid, role=r, count=n) for r, n in sorted(needs.items())])
            await wf.start(SUPPORT, sid, user.id, at=now, calendar=cal)
            if late:
                note = _("Diajukan kurang dari %(n)s hari kerja sebelum kegiatan; paling awal yang diizinkan %(d)s.",
                         n=DAYS_AHEAD, d=earliest.isoformat())
                await wf.transition(SUPPORT, sid, "terlambat", None, system=True, note=note, at=now, calendar=cal)
            from pintar.eventteam import notices

            await notices.requested(sid, activity, lead, await _cc_ids(), late=late, earliest=earliest, now=now)
    except Exception as exc:
        if is_unique_violation(exc):
            raise Conflict(_("Dukungan Event Team untuk kegiatan ini sudah diminta.")) from None
        raise
    return sid


def late_refusal(earliest: dt.date) -> str:
    from pintar.i18n import format_day

    return _("Pengajuan terlambat: dukungan Event Team diajukan paling lambat %(n)s hari kerja sebelum "
             "kegiatan, jadi kegiatan ini paling awal dimulai %(d)s. Ketua Event Team dapat menerimanya "
             "dengan alasan.", n=DAYS_AHEAD, d=format_day(earliest))


# --- reading ------------------------------------------------------------------------------------


async def get(support_id: int) -> dict:
    row = await (
        Support.select(
            Support.all_columns(),
            Support.activity.title.as_alias("title"), Support.activity.starts_at.as_alias("starts_at"),
            Support.activity.ends_at.as_alias("ends_at"), Support.activity.owner.as_alias("owner"),
            Support.activity.owner.name.as_alias("owner_name"), Support.lead.name.as_alias("lead_name"),
            Support.team.name.as_alias("team_name"), Support.activity.room.name.as_alias("room_name"),
        )
        .where(Support.id == support_id)
        .first()
    )
    if row is None:
        raise NotFound(_("Dukungan Event Team tidak ditemukan."))
    row["needs"] = await (
        RoleNeed.select(RoleNeed.role, RoleNeed.count, RoleNeed.role.name.as_alias("role_name"))
        .where(RoleNeed.support == support_id)
        .order_by(RoleNeed.role.position)
        .order_by(RoleNeed.role.name)
    )
    row["assignments"] = await (
        Assignment.select(
            Assignment.id, Assignment.role, Assignment.person, Assignment.no_show, Assignment.rating,
            Assignment.override, Assignment.person.name.as_alias("person_name"),
            Assignment.role.name.as_alias("role_name"),
        )
        .where(Assignment.support == support_id)
        .order_by(Assignment.id)
    )
    filled: dict[int, int] = {}
    for a in row["assignments"]:
        filled[a["role"]] = filled.get(a["role"], 0) + 1
    for need in row["needs"]:
        need["filled"] = filled.get(need["role"], 0)
    row["needed"] = sum(n["count"] for n in row["needs"])
    row["filled"] = sum(min(n["count"], n["filled"]) for n in row["needs"])
    return row


async def support_of_activity(activity_id: int) -> dict | None:
    found = await Support.select(Support.id).where(Support.activity == activity_id).first()
    return await get(found["id"]) if found else None


def _assigned(s: dict) -> set[int]:
    return {a["person"] for a in s["assignments"]}


def may_see(s: dict, user: Any) -> bool:
    return (
        user.id in (s["owner"], s["lead"]) or user.id in _assigned(s)
        or user.has_role(Role.KETUA_EVENT, Role.ANGGOTA_EVENT, Role.CC, Role.KEPALA)
    )


def available(s: dict, user: Any, now: dt.datetime) -> list[wf.Transition]:
    """What this person may do now (preconditions of the SOP applied)."""
    out = []
    for t in SUPPORT.available(s["state"], user, relations(s, user, _assigned(s))):
        if t.name == "tetapkan" and s["filled"] < s["needed"]:
            continue  # every needed role filled first
        if t.name == "terlaksana" and now < s["starts_at"]:
            continue  # only once the activity has started
        out.append(t)
    return out


async def support_panel(activity: dict, user: Any, now: dt.datetime) -> dict:
    """What the activity page shows of the Event Team: the support (if any) and, for the SM of a
    scheduled future activity without one, the request form's roles."""
    s = await support_of_activity(activity["id"])
    can_request = (
        s is None and activity["owner"] == user.id and activity["state"] == "terjadwal"
        and activity["starts_at"] > now
    )
    return {"s": s, "can_request": can_request, "roles": await role_types() if can_request else [],
            "may_see": s is not None and may_see(s, user)}


# --- step 3: the rotation ranking ----------------------------------------------------------------


@dataclass
class Candidate:
    id: int
    name: str
    on_duty: bool
    in_role: int  # times in this role over the last 6 months
    total: int  # assignments of any kind over the last 6 months
    reason: str
    warnings: list[str]


async def _members(year: int) -> dict[int, dict]:
    """Every active person on a roster of ``year``'s teams, with their team."""
    rows = await TeamMember.select(
        TeamMember.person, TeamMember.team, TeamMember.team.name.as_alias("team_name"),
        TeamMember.person.name.as_alias("name"), TeamMember.person.active.as_alias("active"),
    ).where(TeamMember.team.year == year).order_by(TeamMember.team.name)
    out: dict[int, dict] = {}
    for r in rows:
        if r["active"]:
            out.setdefault(r["person"], r)
    return out


async def candidates(support_id: int, role_id: int, *, now: dt.datetime) -> dict:
    """Members proposed for a role, ranked for rotation, each with its reason in words; and
    those not proposed, with why (already serving, leading or taking part elsewhere, unavailable).

    Order: members of the team on duty first, then of other teams (substitutes); within each,
    fewest times in this role over the last 6 months, then fewest assignments of any kind, then
    by name. Leading/taking part elsewhere and unavailability are warnings a lead may override
    (with a reason); serving at an overlapping activity is refused by the database.
    """
    cal = await load_calendar()
    async with read_transaction():
        s = await get(support_id)
        role = await RoleType.select(RoleType.id, RoleType.name).where(RoleType.id == role_id).first()
        if role is None:
            raise NotFound(_("Peran tidak dikenal."))
        start, end = s["starts_at"], s["ends_at"]
        return await _rank(s, role, start, end, start.astimezone(cal.tz).date())


async def _rank(s: dict, role: dict, start: dt.datetime, end: dt.datetime, day: dt.date) -> dict:
    role_id = role["id"]
    members = await _members(day.year)
    since = start - ROTATION_WINDOW
    counts = await Assignment.select(Assignment.person, Assignment.role).where(
        (Assignment.starts_at >= since) & (Assignment.starts_at < start)
    )
    in_role: dict[int, int] = {}
    total: dict[int, int] = {}
    for c in counts:
        total[c["person"]] = total.get(c["person"], 0) + 1
        if c["role"] == role_id:
            in_role[c["person"]] = in_role.get(c["person"], 0) + 1
    slots = agenda.slot_numbers(start, end)
    serving = {
        r["person"]: r for r in await PersonSlot.select(
            PersonSlot.person, PersonSlot.assignment.support.activity.title.as_alias("title"),
        ).where((PersonSlot.slot >= slots.start) & (PersonSlot.slot < slots.stop)
                & PersonSlot.person.is_in(list(members) or [0]))
    }
    busy = await agenda.busy_people(start, end, exclude=s["activity"])
    away = {
        r["person"]: r for r in await Unavailable.select().where(
            (Unavailable.starts_on <= day) & (Unavailable.ends_on >= day)
        )
    }
    here = _assigned(s)
    proposed: list[Candidate] = []
    excluded: list[dict] = []
    for pid, m in members.items():
        if pid in here:
            continue
        if pid in serving:
            excluded.append({"id": pid, "name": m["name"], "why": _(
                "sudah bertugas di kegiatan lain pada waktu itu (%(t)s)", t=serving[pid]["title"])})
            continue
        warnings = []
        if pid in busy:
            what = _("memimpin") if busy[pid]["leader"] == pid else _("menjadi peserta")
            warnings.append(_("%(w)s kegiatan “%(t)s” pada waktu itu", w=what, t=busy[pid]["title"]))
        if pid in away:
            warnings.append(_("tidak tersedia pada tanggal itu (%(n)s)", n=away[pid]["note"] or "-"))
        on_duty = m["team"] == s["team"]
        reason = "; ".join([
            _("anggota tim yang bertugas (%(t)s)", t=m["team_name"]) if on_duty
            else _("pengganti dari %(t)s", t=m["team_name"]),
            _("%(n)s kali sebagai %(r)s dalam 6 bulan", n=in_role.get(pid, 0), r=role["name"]),
            _("%(n)s tugas seluruhnya dalam 6 bulan", n=total.get(pid, 0)),
        ])
        proposed.append(Candidate(pid, m["name"], on_duty, in_role.get(pid, 0), total.get(pid, 0), reason, warnings))
    proposed.sort(key=lambda c: (bool(c.warnings), not c.on_duty, c.in_role, c.total, c.name, c.id))
    excluded.sort(key=lambda e: e["name"])
    return {"role": role, "proposed": proposed, "excluded": excluded}


async def assign(
    user: Any, support_id: int, role_id: int, person_id: int, *, now: dt.datetime, override: str = "",
    version: int | None = None,
) -> int:
    """The Ketua Event Team puts a person in a role. A warning (leading or taking part elsewhere,
    unavailable) needs ``override`` (the reason, recorded); serving at an overlapping activity is
    refused by the database, whatever the code above it does."""
    s = await get(support_id)
    if s["lead"] != user.id:
        raise Forbidden(_("Hanya Ketua Event Team kegiatan ini yang dapat menetapkan peran."))
    if s["state"] != "diajukan":
        raise Conflict(_("Peran hanya dapat ditetapkan selama status “%(s)s”.", s=SUPPORT.label("diajukan")))
    need = next((n for n in s["needs"] if n["role"] == role_id), None)
    if need is None:
        raise UserError(_("Peran ini tidak diminta untuk kegiatan ini."), field="peran")
    if need["filled"] >= need["count"]:
        raise Conflict(_("Peran %(r)s sudah terisi semua.", r=need["role_name"]))
    ranking = await candidates(support_id, role_id, now=now)
    found = next((c for c in ranking["proposed"] if c.id == person_id), None)
    if found is None:
        why = next((e["why"] for e in ranking["excluded"] if e["id"] == person_id), None)
        raise Conflict(_("Tidak dapat ditugaskan: %(w)s.", w=why)) if why else UserError(
            _("Orang ini bukan anggota Event Team atau sudah bertugas di kegiatan ini."), field="orang")
    override = " ".join(override.split())[:500]
    if found.warnings and not override:
        raise UserError(_("Peringatan: %(w)s. Tulis alasan untuk tetap menugaskan.", w="; ".join(found.warnings)),
                        field="alasan")
    record = ("; ".join(found.warnings) + " — " + override) if found.warnings else ""
    try:
        async with write_transaction():
            changed = await Support.update({Support.version: Support.version + 1}).where(
                (Support.id == support_id) & (Support.state == "diajukan")
                & ((Support.version == version) if version is not None else (Support.id == support_id))
            ).returning(Support.id)
            if not changed:
                raise Conflict(_("Data ini sudah diubah orang lain. Tampilan sudah diperbarui; periksa lalu coba lagi."))
            filled_now = await Assignment.count().where((Assignment.support == support_id) & (Assignment.role == role_id))
            if filled_now >= need["count"]:
                raise Conflict(_("Peran %(r)s sudah terisi semua.", r=need["role_name"]))
            rows = await Assignment.insert(Assignment(
                support=support_id, role=role_id, person=person_id, starts_at=s["starts_at"],
                assigned_by=user.id, assigned_at=now, override=record,
            )).returning(Assignment.id)
            aid = rows[0]["id"]
            await PersonSlot.insert(*[
                PersonSlot(person=person_id, slot=n, assignment=aid)
                for n in agenda.slot_numbers(s["starts_at"], s["ends_at"])
            ])
    except Exception as exc:
        if is_unique_violation(exc):
            raise Conflict(_("%(n)s sudah bertugas di kegiatan lain pada waktu itu.", n=found.name)) from None
        raise
    return aid


async def unassign(user: Any, support_id: int, assignment_id: int) -> None:
    s = await get(support_id)
    if s["lead"] != user.id:
        raise Forbidden(_("Hanya Ketua Event Team kegiatan ini yang dapat mengubah peran."))
    if s["state"] not in ("diajukan", "peran_ditetapkan"):
        raise Conflict(_("Peran tidak dapat diubah lagi."))
    async with write_transaction():
        await Assignment.delete().where((Assignment.id == assignment_id) & (Assignment.support == support_id))
        await Support.update({Support.version: Support.version + 1}).where(Support.id == support_id)


# --- steps 3-7 through the workflow --------------------------------------------------------------


def read_evaluation(form: Mapping[str, Any], s: dict) -> dict:
    errors: dict[str, str] = {}
    ratings: dict[int, int] = {}
    for a in s["assignments"]:
        raw = text_value(form, f"nilai_{a['id']}").strip()
        if raw not in ("1", "2", "3", "4", "5"):
            errors[f"nilai_{a['id']}"] = _("Nilai %(n)s sebagai %(r)s: pilih 1–5.", n=a["person_name"], r=a["role_name"])
        else:
            ratings[a["id"]] = int(raw)
    raw = text_value(form, "kepuasan").strip()
    if raw not in ("1", "2", "3", "4", "5"):
        errors["kepuasan"] = _("Kepuasan keseluruhan: pilih 1–5.")
    good = clean_text(text_value(form, "baik"), multiline=True)
    better = clean_text(text_value(form, "perbaikan"), multiline=True)
    if len(good) > 3000 or len(better) > 3000:
        errors["baik"] = _("Isian paling panjang 3000 karakter.")
    if errors:
        raise agenda.Invalid(errors)
    return {"ratings": ratings, "satisfaction": int(raw), "good": good, "better": better}


async def act(
    user: Any, support_id: int, action: str, *, version: int | None, now: dt.datetime,
    note: str = "", form: Mapping[str, Any] | None = None,
) -> dict:
    """One step of the support (the generic action of the board and the support page)."""
    s = await get(support_id)
    if not may_see(s, user):
        raise Forbidden(_("Anda tidak berhak membuka dukungan ini."))
    if version is None:
        raise Conflict(_("Formulir tidak lengkap (versi tidak ada); muat ulang halaman lalu coba lagi."))
    t = SUPPORT.by_name.get(action)
    if t is None or t.system:
        raise UserError(_("Aksi tidak dikenal."))
    if t.permits(user, relations(s, user, _assigned(s))) and t not in available(s, user, now) and s["state"] in t.source:
        if action == "tetapkan":
            raise Conflict(_("Isi dulu semua peran yang diminta (%(f)s dari %(n)s).", f=s["filled"], n=s["needed"]))
        raise Conflict(_("Kegiatan belum dimulai."))
    cal = await load_calendar()
    form = form or {}
    evaluation = read_evaluation(form, s) if action == "isi_evaluasi" else None
    internal = clean_text(text_value(form, "catatan", note), multiline=True) if action == "evaluasi_tim" else ""
    if action == "evaluasi_tim" and not internal:
        raise agenda.Invalid({"catatan": _("Tulis evaluasi internal tim.")})

    async def apply(_t: wf.Transition) -> None:
        if evaluation is not None:
            for aid, score in evaluation["ratings"].items():
                await Assignment.update({Assignment.rating: score}).where(Assignment.id == aid)
            await Support.update({
                Support.satisfaction: evaluation["satisfaction"], Support.went_well: evaluation["good"],
                Support.to_improve: evaluation["better"],
            }).where(Support.id == support_id)
        if action == "evaluasi_tim":
            await Support.update({Support.internal_notes: internal[:5000]}).where(Support.id == support_id)
        from pintar.eventteam import notices

        await notices.stepped(s, action, user, now=now)

    await wf.transition(
        SUPPORT, support_id, action, user, relations=relations(s, user, _assigned(s)),
        note=internal if action == "evaluasi_tim" else note, expected_state=s["state"],
        expected_version=version, apply=apply, at=now, calendar=cal,
    )
    return await get(support_id)


async def mark_no_show(user: Any, support_id: int, assignment_id: int, no_show: bool) -> None:
    """The SM or the lead marks a member who did not come (counted in the figures)."""
    s = await get(support_id)
    if user.id not in (s["owner"], s["lead"]):
        raise Forbidden(_("Hanya SM atau Ketua Event Team yang dapat menandai ketidakhadiran."))
    if s["state"] in ("diajukan", "menunggu_ketua", "dibatalkan", "ditolak"):
        raise Conflict(_("Ketidakhadiran dicatat setelah kegiatan berlangsung."))
    await Assignment.update({Assignment.no_show: no_show}).where(
        (Assignment.id == assignment_id) & (Assignment.support == support_id)
    )


async def _can_view_docs(user: Any, support_id: int) -> bool:
    try:
        return may_see(await get(support_id), user)
    except NotFound:
        return False


files.register_owner(DOC_KIND, _can_view_docs)


async def add_document(user: Any, support_id: int, upload: Any, label: str) -> int | None:
    """Step 4: photos, notes, attendance (images and PDFs, checked like every upload)."""
    s = await get(support_id)
    if user.id not in (s["owner"], s["lead"]) and user.id not in _assigned(s):
        raise Forbidden(_("Hanya SM, Ketua dan anggota yang bertugas yang dapat mengunggah dokumentasi."))
    return await files.save_upload(upload, owner_kind=DOC_KIND, owner_id=support_id, uploaded_by=user.id,
                                   label=" ".join(label.split())[:100] or _("Dokumentasi"), required=True)


async def documents(support_id: int) -> list[dict]:
    return await files.documents_of(DOC_KIND, support_id)


async def stop_for_cancelled_activity(activity_id: int, user: Any, now: dt.datetime) -> None:
    """The activity was cancelled: its support ends and the people assigned are free again."""
    found = await Support.select(Support.id, Support.state).where(Support.activity == activity_id).first()
    if found is None or found["state"] not in ("diajukan", "menunggu_ketua", "peran_ditetapkan"):
        return
    cal = await load_calendar()

    s = await get(found["id"])

    async def apply(_t: wf.Transition) -> None:
        from pintar.eventteam import notices

        ids = [a["id"] for a in s["assignments"]]
        if ids:
            await PersonSlot.delete().where(PersonSlot.assignment.is_in(ids))
        await notices.stepped(s, "batal_kegiatan", user, now=now)  # the members are free again

    await wf.transition(SUPPORT, found["id"], "batal_kegiatan", None, system=True, expected_state=found["state"],
                        apply=apply, at=now, calendar=cal)


agenda.on_cancel(stop_for_cancelled_activity)


# --- members' own data ----------------------------------------------------------------------------


async def add_unavailable(user: Any, starts_on: str, ends_on: str, note: str) -> int:
    errors: dict[str, str] = {}
    try:
        first = dt.date.fromisoformat(starts_on.strip())
    except ValueError:
        first = None
        errors["mulai"] = _("Tanggal mulai tidak valid.")
    try:
        last = dt.date.fromisoformat(ends_on.strip()) if ends_on.strip() else first
    except ValueError:
        last = None
        errors["sampai"] = _("Tanggal selesai tidak valid.")
    if first and last and last < first:
        errors["sampai"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if first and last and (last - first).days > 366:
        errors["sampai"] = _("Paling lama satu tahun.")
    if errors:
        raise agenda.Invalid(errors)
    rows = await Unavailable.insert(Unavailable(
        person=user.id, starts_on=first, ends_on=last, note=" ".join(note.split())[:200]
    )).returning(Unavailable.id)
    return rows[0]["id"]


async def my_unavailable(person_id: int) -> list[dict]:
    return await Unavailable.select().where(Unavailable.person == person_id).order_by(Unavailable.starts_on)


async def delete_unavailable(user: Any, row_id: int) -> None:
    await Unavailable.delete().where((Unavailable.id == row_id) & (Unavailable.person == user.id))


# --- the roster as data an admin edits ---------------------------------------------------------


async def save_team(year: int, name: str, months: list[int], lead: int | None, members: list[int]) -> int:
    """A team of ``year`` with its duty months, Ketua and members (replacing what it had)."""
    name = " ".join(name.split())
    errors: dict[str, str] = {}
    if not name or len(name) > 100:
        errors["nama"] = _("Nama tim wajib diisi (paling panjang 100 karakter).")
    if not 2000 <= year <= 2100:
        errors["tahun"] = _("Tahun tidak valid.")
    if any(not 1 <= m <= 12 for m in months) or not months:
        errors["bulan"] = _("Pilih bulan bertugas (1–12).")
    if lead is None:
        errors["ketua"] = _("Pilih Ketua tim.")
    if errors:
        raise agenda.Invalid(errors)
    people = sorted({*members, lead})
    if await Person.count().where(Person.id.is_in(people)) != len(people):
        raise agenda.Invalid({"anggota": _("Ada anggota yang tidak dikenal.")})
    try:
        async with write_transaction():
            existing = await EventTeam.select(EventTeam.id).where((EventTeam.year == year) & (EventTeam.name == name)).first()
            if existing:
                team_id = existing["id"]
                await DutyMonth.delete().where(DutyMonth.team == team_id)
                await TeamMember.delete().where(TeamMember.team == team_id)
            else:
                team_id = (await EventTeam.insert(EventTeam(year=year, name=name)).returning(EventTeam.id))[0]["id"]
            await DutyMonth.insert(*[DutyMonth(team=team_id, year=year, month=m) for m in sorted(set(months))])
            await TeamMember.insert(*[TeamMember(team=team_id, person=p, lead=p == lead) for p in people])
    except Exception as exc:
        if is_unique_violation(exc):
            raise agenda.Invalid({"bulan": _("Bulan itu sudah dipegang tim lain.")}) from None
        raise
    return team_id


async def teams(year: int) -> list[dict]:
    rows = await EventTeam.select().where(EventTeam.year == year).order_by(EventTeam.name)
    for t in rows:
        t["months"] = [m["month"] for m in await DutyMonth.select(DutyMonth.month).where(DutyMonth.team == t["id"]).order_by(DutyMonth.month)]
        t["members"] = await TeamMember.select(
            TeamMember.person, TeamMember.lead, TeamMember.person.name.as_alias("name")
        ).where(TeamMember.team == t["id"]).order_by(TeamMember.lead, ascending=False).order_by(TeamMember.person.name)
    return rows


async def save_role_type(name: str, position: int = 0) -> int:
    name = " ".join(name.split())
    if not name or len(name) > 60:
        raise agenda.Invalid({"nama": _("Nama peran wajib diisi (paling panjang 60 karakter).")})
    try:
        rows = await RoleType.insert(RoleType(name=name, position=position)).returning(RoleType.id)
    except Exception as exc:
        if is_unique_violation(exc):
            raise agenda.Invalid({"nama": _("Peran itu sudah ada.")}) from None
        raise
    return rows[0]["id"]


async def set_role_active(role_id: int, active: bool) -> None:
    done = await RoleType.update({RoleType.active: active}).where(RoleType.id == role_id).returning(RoleType.id)
    if not done:
        raise NotFound(_("Peran tidak dikenal."))


__all__ = [
    "DAYS_AHEAD", "LEAD", "ONE_CLICK", "SUPPORT", "ACTIVE", "act", "add_document", "add_unavailable",
    "assign", "candidates", "coordination", "documents", "duty", "earliest_start", "get", "late_refusal",
    "mark_no_show", "may_see", "read_needs", "request_support", "role_types", "save_role_type",
    "save_team", "set_role_active", "support_panel", "teams", "unassign", "working_days_before",
]
