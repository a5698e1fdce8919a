"""SOP-045 rules without HTTP: holds, buffer, capacity, every step, credentials, deactivation."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar import workflow as wf
from pintar.errors import Conflict, Forbidden, UserError
from pintar.zoom import service as zoom
from pintar.zoom import slots, sweeps
from pintar.zoom.tables import ZoomAccount, ZoomBooking, ZoomSlot, ZoomUnserved
from tests.zoom.conftest import DAY, NOW, at, form

MIN = dt.timedelta(minutes=1)


async def state_of(booking_id: int) -> dict:
    return await ZoomBooking.select().where(ZoomBooking.id == booking_id).first()


async def names() -> dict[int, str]:
    return {r["id"]: r["name"] for r in await ZoomAccount.select(ZoomAccount.id, ZoomAccount.name)}


# --- accounts -----------------------------------------------------------------------------------


async def test_account_secrets_are_encrypted_at_rest(zoom_accounts, people):
    raw = await ZoomAccount.select().where(ZoomAccount.id == zoom_accounts["Zoom A"]).first()
    stored = " ".join(str(v) for v in raw.values())
    assert "sandi-A" not in stored and "a@bps.go.id" not in stored and "651234" not in stored
    assert raw["password_enc"].startswith("v1:")
    secrets = await zoom.account_secrets_for(people.ti, zoom_accounts["Zoom A"])
    assert secrets == {"login_email": "a@bps.go.id", "password": "sandi-A", "host_key": "651234"}
    assert (await zoom.account_secrets_for(people.admin, zoom_accounts["Zoom A"]))["password"] == "sandi-A"
    for person in (people.requester, people.tip):
        with pytest.raises(Forbidden):
            await zoom.account_secrets_for(person, zoom_accounts["Zoom A"])
    # A value copied onto another account does not decrypt there.
    await ZoomAccount.update({ZoomAccount.password_enc: raw["password_enc"]}).where(
        ZoomAccount.id == zoom_accounts["Zoom B"]
    )
    assert "tidak dapat dibaca" in (await zoom.accounts.secrets_of(zoom_accounts["Zoom B"]))["password"]


async def test_account_form_rules_and_keeping_secrets(zoom_accounts):
    with pytest.raises(UserError, match="sudah dipakai"):
        await zoom.create_account(zoom.AccountForm(name="Zoom A", capacity=10))
    with pytest.raises(UserError, match="Kapasitas"):
        await zoom.create_account(zoom.AccountForm(name="Zoom D", capacity="banyak"))
    with pytest.raises(UserError, match="Nama"):
        await zoom.create_account(zoom.AccountForm(name="  ", capacity=10))
    # Editing with empty password/host key keeps the stored ones.
    await zoom.update_account(zoom_accounts["Zoom A"], zoom.AccountForm(
        name="Zoom A1", capacity=150, login_email="a1@bps.go.id"), now=NOW)
    secrets = await zoom.accounts.secrets_of(zoom_accounts["Zoom A"])
    assert secrets == {"login_email": "a1@bps.go.id", "password": "sandi-A", "host_key": "651234"}
    assert (await zoom.get_account(zoom_accounts["Zoom A"]))["capacity"] == 150


# --- requests, holds, capacity, buffer --------------------------------------------------------


async def test_submit_holds_smallest_fitting_account_and_records_step_one(zoom_accounts, people, notices):
    opened = (NOW - 12 * MIN).isoformat()
    booking_id = await zoom.submit(people.requester, form(participants=80, opened_at=opened), now=NOW)
    b = await state_of(booking_id)
    assert b["state"] == "diajukan" and b["account"] == zoom_accounts["Zoom A"]
    assert b["starts_at"] == at(DAY, "10:00") and b["minutes"] == 60
    assert b["day"] == dt.date(2026, 11, 24)
    # Held: 60 minutes + 15 buffer = 15 slots of 5 minutes.
    assert await ZoomSlot.count().where(ZoomSlot.booking == booking_id) == 15
    # 4 business hours from Monday 09.00 (the meeting is later), office hours 07.30-16.00.
    assert b["hold_until"] == at("2026-11-23", "13:00")
    steps = wf.steps(zoom.ZOOM, await wf.history(zoom.ZOOM, booking_id), await zoom_calendar(), NOW)
    assert [s.state for s in steps] == ["disusun", "diajukan"]
    assert steps[0].total == 12 * MIN and steps[0].met is True and steps[0].sop_step == "1"
    assert steps[1].running and steps[1].standard.maximum == 10 * MIN
    assert notices.about("Mohon disposisi")[0]["recipients"] == ["ketua_tip"]
    # Too many participants for 100 → the 300 account.
    big = await zoom.submit(people.requester, form(participants=250), now=NOW)
    assert (await state_of(big))["account"] == zoom_accounts["Zoom B"]


async def zoom_calendar():
    from pintar.office.workdays import load_calendar

    return await load_calendar()


async def test_pending_requests_hold_their_slot_until_no_account_is_left(zoom_accounts, people):
    got = [await zoom.submit(people.requester, form(title=f"R{i}"), now=NOW) for i in range(3)]
    accounts = [(await state_of(b))["account"] for b in got]
    assert accounts == [zoom_accounts["Zoom A"], zoom_accounts["Zoom B"], zoom_accounts["Zoom C"]]
    avail = await zoom.availability(at(DAY, "10:30"), at(DAY, "11:30"), 10)
    assert (avail["free"], avail["total"]) == (0, 3)
    with pytest.raises(Conflict, match="Tidak ada akun Zoom yang kosong"):
        await zoom.submit(people.other, form(title="Telat"), now=NOW)
    unserved = await ZoomUnserved.select().first()
    assert unserved["reason"] == "penuh" and unserved["requester"] == people.other.id
    assert unserved["title"] == "Telat"


async def test_capacity_must_fit(zoom_accounts, people):
    with pytest.raises(UserError, match="melebihi kapasitas akun Zoom terbesar \\(500"):
        await zoom.submit(people.requester, form(participants=501), now=NOW)
    assert (await ZoomUnserved.select().first())["reason"] == "kapasitas"
    # The two big accounts taken: a 250-person meeting cannot go on the 100 account.
    await zoom.submit(people.requester, form(participants=250), now=NOW)
    await zoom.submit(people.requester, form(participants=400), now=NOW)
    with pytest.raises(Conflict):
        await zoom.submit(people.requester, form(participants=250), now=NOW)
    small = await zoom.submit(people.requester, form(participants=100), now=NOW)
    assert (await state_of(small))["account"] == zoom_accounts["Zoom A"]


async def test_buffer_between_meetings_on_one_account(people, setting):
    only = await zoom.create_account(zoom.AccountForm(name="Satu", capacity=100))
    await zoom.submit(people.requester, form(start="10:00", end="11:00"), now=NOW)
    with pytest.raises(Conflict, match="jeda 15 menit"):  # 10 minutes after: inside the buffer
        await zoom.submit(people.requester, form(start="11:10", end="12:00"), now=NOW)
    with pytest.raises(Conflict):  # ends 5 minutes before the start
        await zoom.submit(people.requester, form(start="09:00", end="09:55"), now=NOW)
    after = await zoom.submit(people.requester, form(start="11:15", end="12:00"), now=NOW)
    before = await zoom.submit(people.requester, form(start="08:00", end="09:45"), now=NOW)
    assert {(await state_of(b))["account"] for b in (after, before)} == {only}
    setting("ZOOM_BUFFER_MINUTES", "0")
    assert slots.buffer_minutes() == 0
    first = await zoom.submit(people.requester, form(start="12:15", end="12:30"), now=NOW)
    back_to_back = await zoom.submit(people.requester, form(start="12:30", end="12:45"), now=NOW)
    assert {(await state_of(b))["account"] for b in (first, back_to_back)} == {only}


def test_slot_arithmetic():
    start = dt.datetime(2026, 11, 24, 3, 2, tzinfo=dt.timezone.utc)
    end = dt.datetime(2026, 11, 24, 3, 58, tzinfo=dt.timezone.utc)
    r = slots.slot_range(start, end, buffer=15)
    assert slots.slot_start(r.start) == start.replace(minute=0)
    assert slots.slot_start(r.stop) == dt.datetime(2026, 11, 24, 4, 15, tzinfo=dt.timezone.utc)
    assert len(slots.slot_range(start.replace(minute=0), end.replace(minute=0) + dt.timedelta(hours=1), 0)) == 12


async def test_input_is_checked_in_indonesian(zoom_accounts, people):
    cases = [
        (form(title=""), "Judul"),
        (form(day="24-11-2026"), "Tanggal"),
        (form(start="25:00"), "Jam mulai"),
        (form(start="11:00", end="10:00"), "setelah jam mulai"),
        (form(day="2026-11-23", start="08:00", end="08:30"), "sudah lewat"),
        (form(participants="0"), "minimal 1"),
        (form(participants="x"), "angka"),
        (form(start="07:00", end="20:00"), "12 jam"),
        (form(mode="tatap-muka"), "daring atau hibrida"),
    ]
    for bad, message in cases:
        with pytest.raises(UserError, match=message):
            await zoom.submit(people.requester, bad, now=NOW)
    assert await ZoomBooking.count() == 0


# --- the SOP steps ---------------------------------------------------------------------------


async def test_forward_assign_and_every_refusal(zoom_accounts, people, notices):
    b = await zoom.submit(people.requester, form(participants=80), now=NOW)
    with pytest.raises(Forbidden):  # only PJK TIP disposes
        await zoom.forward(people.ti, b, people.ti.id, now=NOW + MIN)
    with pytest.raises(UserError, match="Pilih PJK TI"):
        await zoom.forward(people.tip, b, people.other.id, now=NOW + MIN)
    with pytest.raises(Conflict):  # not yet passed to PJK TI
        await zoom.assign(people.ti, b, now=NOW + MIN)
    await zoom.forward(people.tip, b, people.ti.id, now=NOW + 3 * MIN)
    assert (await state_of(b))["handler"] == people.ti.id
    assert notices.to(people.ti.id)
    with pytest.raises(Forbidden):  # PJK TIP does not assign
        await zoom.assign(people.tip, b, now=NOW + 4 * MIN)
    with pytest.raises(UserError, match="kurang untuk 80"):
        await zoom.create_account(zoom.AccountForm(name="Mini", capacity=20))
        mini = (await ZoomAccount.select().where(ZoomAccount.name == "Mini").first())["id"]
        await zoom.assign(people.ti, b, mini, now=NOW + 4 * MIN)
    account = await zoom.assign(people.ti, b, zoom_accounts["Zoom C"], now=NOW + 5 * MIN)
    row = await state_of(b)
    assert account == zoom_accounts["Zoom C"] == row["account"] and row["state"] == "disetujui"
    assert row["hold_until"] is None
    assert {s["account"] for s in await ZoomSlot.select().where(ZoomSlot.booking == b)} == {account}
    message = notices.to(people.requester.id)[-1]
    assert "disetujui" in message and "Zoom C" in message and "sandi" not in message
    steps = wf.steps(zoom.ZOOM, await wf.history(zoom.ZOOM, b), await zoom_calendar(), NOW + 6 * MIN)
    assert [(s.state, s.total, s.met) for s in steps[1:3]] == [
        ("diajukan", 3 * MIN, True), ("didisposisi", 2 * MIN, True)]


async def test_assign_refuses_a_busy_account(zoom_accounts, people):
    first = await zoom.submit(people.requester, form(), now=NOW)  # holds A
    second = await zoom.submit(people.requester, form(), now=NOW)  # holds B
    await zoom.forward(people.tip, second, people.ti.id, now=NOW)
    with pytest.raises(Conflict, match="Zoom A sudah terpakai"):
        await zoom.assign(people.ti, second, zoom_accounts["Zoom A"], now=NOW)
    assert (await state_of(second))["state"] == "didisposisi"
    assert (await state_of(first))["account"] == zoom_accounts["Zoom A"]
    assert await zoom.assign(people.ti, second, now=NOW) == zoom_accounts["Zoom B"]


async def test_reject_frees_the_slot_and_the_requester_can_change_times(zoom_accounts, people, notices):
    b = await zoom.submit(people.requester, form(), now=NOW)
    await zoom.forward(people.tip, b, people.ti.id, now=NOW)
    with pytest.raises(UserError, match="Alasan wajib"):
        await zoom.reject(people.ti, b, "  ", now=NOW)
    await zoom.reject(people.ti, b, "Jadwal bentrok dengan rapat pimpinan", now=NOW)
    row = await state_of(b)
    assert row["state"] == "ditolak" and row["reason"].startswith("Jadwal bentrok")
    assert await ZoomSlot.count().where(ZoomSlot.booking == b) == 0
    assert "ditolak" in notices.to(people.requester.id)[-1]
    with pytest.raises(Forbidden):  # only the requester changes their request
        await zoom.change(people.other, b, form(start="13:00", end="14:00"), now=NOW)
    await zoom.change(people.requester, b, form(start="13:00", end="14:00"), now=NOW + MIN)
    row = await state_of(b)
    assert row["state"] == "didisposisi" and row["starts_at"] == at(DAY, "13:00")
    assert row["account"] == zoom_accounts["Zoom A"] and row["reason"] == ""
    assert await ZoomSlot.count().where(ZoomSlot.booking == b) == 15


async def test_change_of_times_goes_back_through_the_check(zoom_accounts, people):
    b = await zoom.submit(people.requester, form(), now=NOW)
    await zoom.forward(people.tip, b, people.ti.id, now=NOW)
    await zoom.assign(people.ti, b, now=NOW)
    other = await zoom.submit(people.other, form(start="14:00", end="15:00"), now=NOW)  # A at 14.00
    await zoom.change(people.requester, b, form(start="14:30", end="15:30"), now=NOW + MIN)
    row = await state_of(b)
    assert row["state"] == "didisposisi" and row["account"] == zoom_accounts["Zoom B"]
    slots_held = await ZoomSlot.select(ZoomSlot.account).where(ZoomSlot.booking == b)
    assert {s["account"] for s in slots_held} == {zoom_accounts["Zoom B"]}
    assert (await state_of(other))["account"] == zoom_accounts["Zoom A"]
    # A change that finds no account leaves the booking as it was.
    await zoom.submit(people.other, form(start="16:00", end="17:00", participants=400), now=NOW)
    await zoom.submit(people.other, form(start="16:00", end="17:00", participants=250), now=NOW)
    await zoom.submit(people.other, form(start="16:00", end="17:00", participants=10), now=NOW)
    with pytest.raises(Conflict):
        await zoom.change(people.requester, b, form(start="16:00", end="17:00"), now=NOW + 2 * MIN)
    again = await state_of(b)
    assert again["starts_at"] == at(DAY, "14:30") and again["account"] == zoom_accounts["Zoom B"]
    assert await ZoomSlot.count().where(ZoomSlot.booking == b) == 15


async def test_cancel_before_start_only(zoom_accounts, people):
    b = await zoom.submit(people.requester, form(), now=NOW)
    with pytest.raises(Forbidden):
        await zoom.cancel(people.other, b, now=NOW)
    with pytest.raises(UserError, match="sudah dimulai"):
        await zoom.cancel(people.requester, b, now=at(DAY, "10:05"))
    await zoom.cancel(people.requester, b, now=NOW)
    assert (await state_of(b))["state"] == "dibatalkan"
    assert await ZoomSlot.count() == 0
    with pytest.raises(Conflict):
        await zoom.cancel(people.requester, b, now=NOW)


async def test_after_the_meeting_recording_then_licence_then_closed(zoom_accounts, people, notices):
    b = await zoom.submit(people.requester, form(), now=NOW)
    await zoom.forward(people.tip, b, people.ti.id, now=NOW)
    await zoom.assign(people.ti, b, now=NOW)
    with pytest.raises(Conflict):  # the meeting has not ended
        await zoom.recording_downloaded(people.requester, b, now=at(DAY, "10:30"))
    await sweeps.run_all(at(DAY, "11:03"))
    assert (await state_of(b))["state"] == "rekaman"
    with pytest.raises(Forbidden):
        await zoom.recording_downloaded(people.other, b, now=at(DAY, "11:20"))
    await zoom.recording_downloaded(people.requester, b, now=at(DAY, "11:20"))
    assert (await state_of(b))["state"] == "lisensi"
    with pytest.raises(Forbidden):
        await zoom.license_managed(people.requester, b, now=at(DAY, "11:22"))
    await zoom.license_managed(people.ti, b, now=at(DAY, "11:24"))
    assert (await state_of(b))["state"] == "selesai"
    steps = wf.steps(zoom.ZOOM, await wf.history(zoom.ZOOM, b), await zoom_calendar(), at(DAY, "12:00"))
    rec = next(s for s in steps if s.state == "rekaman")
    assert rec.entered_at == at(DAY, "11:00") and rec.total == 20 * MIN and rec.met
    lic = next(s for s in steps if s.state == "lisensi")
    assert lic.total == 4 * MIN and lic.met


async def test_skip_recording_needs_pjk_ti_and_a_reason(zoom_accounts, people):
    b = await zoom.submit(people.requester, form(), now=NOW)
    await zoom.forward(people.tip, b, people.ti.id, now=NOW)
    await zoom.assign(people.ti, b, now=NOW)
    await sweeps.run_all(at(DAY, "11:00"))
    with pytest.raises(UserError, match="Alasan"):
        await zoom.skip_recording(people.ti, b, "", now=at(DAY, "11:05"))
    with pytest.raises(Forbidden):
        await zoom.skip_recording(people.requester, b, "lupa", now=at(DAY, "11:05"))
    await zoom.skip_recording(people.ti2, b, "Pemohon tidak merekam rapat", now=at(DAY, "11:05"))
    assert (await state_of(b))["state"] == "lisensi"


# --- credentials --------------------------------------------------------------------------------


async def test_credentials_only_for_it_and_the_requester_near_the_meeting(zoom_accounts, people):
    b = await zoom.submit(people.requester, form(), now=NOW)
    row = await zoom.row(b)
    assert await zoom.credentials_for_booking(people.requester, row, NOW) is None  # pending
    assert (await zoom.credentials_for_booking(people.ti, row, NOW))["password"] == "sandi-A"
    await zoom.forward(people.tip, b, people.ti.id, now=NOW)
    await zoom.assign(people.ti, b, now=NOW)
    row = await zoom.row(b)
    assert await zoom.credentials_for_booking(people.requester, row, at(DAY, "08:59")) is None
    shown = await zoom.credentials_for_booking(people.requester, row, at(DAY, "09:00"))
    assert shown == {"login_email": "a@bps.go.id", "password": "sandi-A", "host_key": "651234"}
    for person in (people.other, people.tip):
        assert await zoom.credentials_for_booking(person, row, at(DAY, "10:00")) is None
    await sweeps.run_all(at(DAY, "11:00"))
    row = await zoom.row(b)
    assert await zoom.credentials_for_booking(people.requester, row, at(DAY, "11:05")) is not None
    await zoom.recording_downloaded(people.requester, b, now=at(DAY, "11:10"))
    await zoom.license_managed(people.ti, b, now=at(DAY, "11:15"))
    row = await zoom.row(b)
    assert await zoom.credentials_for_booking(people.requester, row, at(DAY, "11:16")) is None
    assert await zoom.credentials_for_booking(people.admin, row, at(DAY, "11:16")) is not None


# --- accounts leaving service -------------------------------------------------------------------


async def test_deactivating_an_account_moves_its_future_bookings(zoom_accounts, people, notices):
    approved = await zoom.submit(people.requester, form(), now=NOW)
    await zoom.forward(people.tip, approved, people.ti.id, now=NOW)
    await zoom.assign(people.ti, approved, now=NOW)  # on A
    pending = await zoom.submit(people.other, form(start="13:00", end="14:00"), now=NOW)  # on A
    moved = await zoom.set_active(zoom_accounts["Zoom A"], False, now=NOW)
    assert sorted(moved) == sorted([approved, pending])
    a, p = await state_of(approved), await state_of(pending)
    assert a["state"] == "didisposisi" and a["account"] == zoom_accounts["Zoom B"]
    assert p["state"] == "diajukan" and p["account"] == zoom_accounts["Zoom B"]
    assert not await ZoomSlot.exists().where(ZoomSlot.account == zoom_accounts["Zoom A"])
    assert notices.about("diganti menjadi Zoom B")
    avail = await zoom.availability(at(DAY, "15:00"), at(DAY, "16:00"), 10)
    assert avail["total"] == 2 and avail["proposed"]["name"] == "Zoom B"
    # Shrinking an account below a booking's participants moves that booking too.
    big = await zoom.submit(people.requester, form(start="15:00", end="16:00", participants=280), now=NOW)
    assert (await state_of(big))["account"] == zoom_accounts["Zoom B"]
    await zoom.update_account(zoom_accounts["Zoom B"], zoom.AccountForm(name="Zoom B", capacity=200), now=NOW)
    assert (await state_of(big))["account"] == zoom_accounts["Zoom C"]


async def test_busy_between_for_other_modules(zoom_accounts, people):
    b = await zoom.submit(people.requester, form(), now=NOW)
    assert [r["id"] for r in await zoom.busy_between(at(DAY, "10:30"), at(DAY, "12:00"))] == [b]
    assert await zoom.busy_between(at(DAY, "11:00"), at(DAY, "12:00")) == []


async def test_demo_office_has_the_three_accounts():
    from pintar.demo import create_demo

    assert await create_demo("demo-sandi-123")
    rows = await zoom.list_accounts()
    assert [(a["name"], a["capacity"]) for a in rows] == [("Zoom A", 100), ("Zoom B", 300), ("Zoom C", 500)]
    assert (await zoom.accounts.secrets_of(rows[0]["id"]))["password"] == "demo-zoom-a"
    # Requests in every kind of state, made through the service (real history, held slots).
    states = {r["state"] for r in await ZoomBooking.select(ZoomBooking.state)}
    assert states == {"selesai", "rekaman", "disetujui", "didisposisi", "diajukan", "ditolak"}
    done = await ZoomBooking.select().where(ZoomBooking.state == "selesai").first()
    history = await wf.history(zoom.ZOOM, done["id"])
    assert [e["to_state"] for e in history] == ["disusun", "diajukan", "didisposisi", "disetujui",
                                                "rekaman", "lisensi", "selesai"]


async def test_the_requesters_team_is_recorded(zoom_accounts):
    from pintar.auth import directory
    from tests.zoom.conftest import make_person

    team = await directory.save_team(None, "Statistik Sosial")
    person = await make_person(username="anggota", name="Anggota Tim", team_id=team)
    b = await zoom.submit(person, form(), now=NOW)
    assert (await zoom.row(b))["team_name"] == "Statistik Sosial"
