"""The sweeps: each reminder sent once (running twice, or again after a crash, sends nothing
more), none lost, and pending holds expiring with a notice after the set business hours."""

from __future__ import annotations

import datetime as dt

from pintar.notify.tables import Notification, OutgoingEmail
from pintar.workflow.tables import WorkflowClaim, WorkflowEvent
from pintar.zoom import notices as zoom_notices
from pintar.zoom import service as zoom
from pintar.zoom import sweeps
from pintar.zoom.tables import ZoomBooking, ZoomSlot
from tests.zoom.conftest import DAY, NOW, at, form


async def approved(people, **kw) -> int:
    b = await zoom.submit(people.requester, form(**kw), now=NOW)
    await zoom.forward(people.tip, b, people.ti.id, now=NOW)
    await zoom.assign(people.ti, b, now=NOW)
    return b


async def test_recording_reminder_and_licence_task_are_sent_once(zoom_accounts, people, notices):
    b = await approved(people)
    assert (await sweeps.run_all(at(DAY, "10:59")))["pengingat_rekaman"] == 0
    first = await sweeps.run_all(at(DAY, "11:01"))
    second = await sweeps.run_all(at(DAY, "11:02"))
    assert first["pengingat_rekaman"] == 1 and second["pengingat_rekaman"] == 0
    reminders = notices.about("unduh rekaman cloud")
    assert len(reminders) == 1 and reminders[0]["recipients"] == [people.requester.id]
    row = await ZoomBooking.select().where(ZoomBooking.id == b).first()
    # The reminder is sent by the step the sweep made: one history row, entered at the end time.
    ended = await WorkflowEvent.select().where(
        (WorkflowEvent.workflow == "zoom") & (WorkflowEvent.object_id == b)
        & (WorkflowEvent.transition == "rapat_selesai"))
    assert row["state"] == "rekaman" and [e["at"] for e in ended] == [at(DAY, "11:00")]
    assert row["state_event"] == ended[0]["id"]
    # Through the real notifications service: one in-app notice, one e-mail queued.
    inbox = await Notification.select().where(
        (Notification.person == people.requester.id) & Notification.message.like("%unduh rekaman%"))
    assert len(inbox) == 1 and inbox[0]["link"] == f"/zoom/{b}" and inbox[0]["obj_type"] == "zoom.booking"
    assert await OutgoingEmail.count().where(OutgoingEmail.notification == inbox[0]["id"]) == 1
    # An hour after the end without confirmation: PJK TI is told, once.
    assert (await sweeps.run_all(at(DAY, "11:59")))["eskalasi_rekaman"] == 0
    assert (await sweeps.run_all(at(DAY, "12:01")))["eskalasi_rekaman"] == 1
    assert (await sweeps.run_all(at(DAY, "12:05")))["eskalasi_rekaman"] == 0
    assert [n["recipients"] for n in notices.about("belum dikonfirmasi")] == [[people.ti.id]]
    # Claimed once for this step visit, at the run that sent it.
    claims = await WorkflowClaim.select().where(WorkflowClaim.visit == row["state_event"])
    assert [(c["kind"], c["at"]) for c in claims] == [("eskalasi_rekaman", at(DAY, "12:01"))]
    # The requester confirms: the licence task goes to the PJK TI, once.
    await zoom.recording_downloaded(people.requester, b, now=at(DAY, "12:10"))
    assert (await sweeps.run_all(at(DAY, "12:11")))["tugas_lisensi"] == 1
    assert (await sweeps.run_all(at(DAY, "12:12")))["tugas_lisensi"] == 0
    tasks = notices.about("Tugas manajemen lisensi")
    assert len(tasks) == 1 and tasks[0]["recipients"] == [people.ti.id] and "Zoom A" in tasks[0]["message"]
    assert "sandi-A" not in tasks[0]["message"]


async def test_a_crashed_sweep_loses_nothing(zoom_accounts, people, notices, monkeypatch):
    b = await approved(people)
    real = zoom_notices.send
    calls = {"n": 0}

    async def broken(recipients, message, link, **kw):
        calls["n"] += 1
        raise RuntimeError("SMTP mati / worker dibunuh")

    monkeypatch.setattr(zoom_notices, "send", broken)
    assert (await sweeps.run_all(at(DAY, "11:01")))["pengingat_rekaman"] == 0
    row = await ZoomBooking.select().where(ZoomBooking.id == b).first()
    assert row["state"] == "disetujui"  # rolled back: no step, no history row, no notice
    assert not await WorkflowEvent.exists().where(
        (WorkflowEvent.object_id == b) & (WorkflowEvent.transition == "rapat_selesai"))
    monkeypatch.setattr(zoom_notices, "send", real)
    assert (await sweeps.run_all(at(DAY, "11:03")))["pengingat_rekaman"] == 1
    assert len(notices.about("unduh rekaman cloud")) == 1
    assert calls["n"] == 1


async def test_login_details_notice_an_hour_before(zoom_accounts, people, notices):
    await approved(people)
    assert (await sweeps.run_all(at(DAY, "08:55")))["detail_login"] == 0
    assert (await sweeps.run_all(at(DAY, "09:00")))["detail_login"] == 1
    assert (await sweeps.run_all(at(DAY, "09:30")))["detail_login"] == 0
    sent = notices.about("Detail login akun Zoom A")
    assert len(sent) == 1 and "sandi" not in sent[0]["message"]


async def test_pending_hold_expires_after_business_hours_with_a_notice(zoom_accounts, people, notices):
    waiting = await zoom.submit(people.requester, form(day="2026-11-26"), now=NOW)  # Thursday
    forwarded = await zoom.submit(people.other, form(day="2026-11-26"), now=NOW)
    await zoom.forward(people.tip, forwarded, people.ti.id, now=NOW)
    done = await zoom.submit(people.other, form(day="2026-11-26", title="Cepat"), now=NOW)
    await zoom.forward(people.tip, done, people.ti.id, now=NOW)
    await zoom.assign(people.ti, done, now=NOW)
    # Monday 09.00 + 4 business hours = 13.00.
    assert (await sweeps.run_all(at("2026-11-23", "12:59")))["kedaluwarsa"] == 0
    assert (await sweeps.run_all(at("2026-11-23", "13:00")))["kedaluwarsa"] == 2
    assert (await sweeps.run_all(at("2026-11-23", "13:05")))["kedaluwarsa"] == 0
    for b in (waiting, forwarded):
        row = await ZoomBooking.select().where(ZoomBooking.id == b).first()
        assert row["state"] == "kedaluwarsa" and "4 jam kerja" in row["reason"]
        assert not await ZoomSlot.exists().where(ZoomSlot.booking == b)
    assert (await ZoomBooking.select().where(ZoomBooking.id == done).first())["state"] == "disetujui"
    expired = notices.about("kedaluwarsa")
    assert len(expired) == 2 and all("ketua_tip" in n["recipients"] for n in expired)
    # The freed accounts are offered again.
    avail = await zoom.availability(at("2026-11-26", "10:00"), at("2026-11-26", "11:00"), 10)
    assert avail["free"] == 2


async def test_hold_counts_business_hours_and_never_outlives_the_start(zoom_accounts, people, setting):
    friday_afternoon = dt.datetime(2026, 11, 27, 15, 0, tzinfo=NOW.tzinfo)
    b = await zoom.submit(people.requester, form(day="2026-12-02"), now=friday_afternoon)
    # Friday closes 16.30: 1.5 h on Friday, 2.5 h on Monday from 07.30 → Monday 10.00.
    row = await ZoomBooking.select().where(ZoomBooking.id == b).first()
    assert row["hold_until"] == dt.datetime(2026, 11, 30, 10, 0, tzinfo=NOW.tzinfo)
    soon = await zoom.submit(people.requester, form(start="10:00", end="10:30"), now=at(DAY, "09:00"))
    row = await ZoomBooking.select().where(ZoomBooking.id == soon).first()
    assert row["hold_until"] == at(DAY, "10:00")
    setting("ZOOM_PENDING_HOURS", "1")
    short = await zoom.submit(people.requester, form(day="2026-12-03"), now=NOW)
    assert (await ZoomBooking.select().where(ZoomBooking.id == short).first())["hold_until"] == NOW + dt.timedelta(hours=1)


async def test_sweep_job_is_registered_and_runs(zoom_accounts, people, frozen_clock):
    from pintar.jobs.registry import REGISTRY
    from pintar.zoom import jobs

    job = REGISTRY.get("zoom.sweep")
    assert job.fn is jobs.zoom_sweep and job in REGISTRY.sweeps()
    assert job.sweep.minute is None and job.sweep.hour is None  # every minute
    b = await approved(people, day="2026-11-23", start="09:10", end="09:20")
    frozen_clock.set(at("2026-11-23", "09:21"))  # the job asks the clock: the meeting has ended
    result = await jobs.zoom_sweep({})
    assert result == {"kedaluwarsa": 0, "detail_login": 0, "pengingat_rekaman": 1,
                      "eskalasi_rekaman": 0, "tugas_lisensi": 0}
    assert (await ZoomBooking.select().where(ZoomBooking.id == b).first())["state"] == "rekaman"


async def test_two_sweeps_at_once_send_each_notice_once(zoom_accounts, people, notices):
    import asyncio

    b = await approved(people)
    await sweeps.run_all(at(DAY, "11:01"))
    await zoom.recording_downloaded(people.requester, b, now=at(DAY, "11:30"))
    both = await asyncio.gather(sweeps.run_all(at(DAY, "11:31")), sweeps.run_all(at(DAY, "11:31")))
    assert sorted(r["tugas_lisensi"] for r in both) == [0, 1]
    assert len(notices.about("Tugas manajemen lisensi")) == 1
    visit = (await ZoomBooking.select().where(ZoomBooking.id == b).first())["state_event"]
    assert await WorkflowClaim.count().where(WorkflowClaim.visit == visit) == 1


async def test_a_new_visit_of_the_step_gets_its_own_notice(zoom_accounts, people, notices):
    b = await approved(people)
    assert (await sweeps.run_all(at(DAY, "09:00")))["detail_login"] == 1
    # The requester moves the meeting: PJK TI checks again, a new approval, a new notice.
    await zoom.change(people.requester, b, form(start="10:30", end="11:30"), now=at(DAY, "09:05"))
    await zoom.assign(people.ti, b, now=at(DAY, "09:10"))
    assert (await sweeps.run_all(at(DAY, "09:31")))["detail_login"] == 1
    assert (await sweeps.run_all(at(DAY, "09:40")))["detail_login"] == 0
    assert len(notices.about("Detail login akun")) == 2
