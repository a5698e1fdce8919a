"""The in-process runner (no Redis): jobs as tasks, tracked runs, sweeps on the timer, and
idempotent sweeps that neither lose nor repeat a reminder."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from pintar import jobs
from pintar.auth.roles import Role
from pintar.config import get_settings
from pintar.db import write_transaction
from pintar.errors import UserError
from pintar.jobs import runs
from pintar.jobs.tables import JobRun
from pintar.notify.tables import Notification
from tests.helpers import make_person
from tests.jobs.conftest import Killed, remind_due

UTC = dt.timezone.utc


async def test_enqueued_job_runs_in_process(registry, runner):
    seen: list[tuple] = []

    @jobs.job
    async def record(ctx, a, b=0):
        seen.append((a, b, ctx["in_process"]))
        return a + b

    job_id = await jobs.enqueue(record, 2, b=3)
    assert job_id
    await jobs.drain()
    assert seen == [(2, 3, True)]


async def test_enqueue_by_name_and_unknown_names(registry, runner):
    seen = []

    @jobs.job(name="uji.by_name")
    async def by_name(ctx, x):
        seen.append(x)

    await jobs.enqueue("uji.by_name", "ok")
    await jobs.drain()
    assert seen == ["ok"]
    with pytest.raises(LookupError):
        await jobs.enqueue("uji.tidak_ada")

    async def not_registered(ctx):
        return None

    with pytest.raises(LookupError):
        await jobs.enqueue(not_registered)


async def test_job_id_blocks_a_second_enqueue_while_pending(registry, runner):
    gate = asyncio.Event()
    runs_ = []

    @jobs.job
    async def slow(ctx, n):
        await gate.wait()
        runs_.append(n)

    assert await jobs.enqueue(slow, 1, job_id="slow:1") == "slow:1"
    assert await jobs.enqueue(slow, 2, job_id="slow:1") is None
    gate.set()
    await jobs.drain()
    assert runs_ == [1]
    # Once it finished, the same id may be queued again.
    assert await jobs.enqueue(slow, 3, job_id="slow:1") == "slow:1"
    await jobs.drain()
    assert runs_ == [1, 3]


async def test_deferred_job_waits_for_its_time(registry, runner):
    runs_ = []

    @jobs.job
    async def later(ctx):
        runs_.append(dt.datetime.now(UTC))

    when = dt.datetime.now(UTC) + dt.timedelta(milliseconds=300)
    await jobs.enqueue(later, defer_until=when)
    await asyncio.sleep(0)
    assert runs_ == []
    await jobs.drain()
    assert len(runs_) == 1 and runs_[0] >= when
    with pytest.raises(ValueError):
        await jobs.enqueue(later, defer_until=dt.datetime(2030, 1, 1))  # naive


async def test_job_does_not_inherit_the_callers_transaction(registry, runner):
    """Enqueued inside a transaction, the job must not write through it (it runs on its own)."""
    person = await make_person(username="budi")

    @jobs.job
    async def rename(ctx, person_id):
        from pintar.auth.tables import Person

        await Person.update({Person.name: "Dari Tugas"}).where(Person.id == person_id)

    async with write_transaction():
        await jobs.enqueue(rename, person.id)
    await jobs.drain()
    from pintar.auth.tables import Person

    row = await Person.select(Person.name).where(Person.id == person.id).first()
    assert row["name"] == "Dari Tugas"


async def test_failing_job_is_logged_not_raised(registry, runner, caplog):
    @jobs.job
    async def broken(ctx):
        raise RuntimeError("rusak")

    await jobs.enqueue(broken)
    await jobs.drain()
    assert any("failed" in r.getMessage() for r in caplog.records)


# --- tracked runs ---------------------------------------------------------------------------


async def test_tracked_run_reports_progress_and_result(registry, runner):
    owner = await make_person(username="sari")
    seen_progress = []

    @jobs.job
    async def build(ctx, parts):
        for i in range(1, parts + 1):
            await jobs.report_progress(ctx, i * 100 / parts, f"bagian {i}")
            row = await JobRun.select(JobRun.progress, JobRun.state).first()
            seen_progress.append((row["state"], row["progress"]))
        return {"message": "Laporan siap.", "link": "/laporan/1"}

    run_id = await jobs.start_run(build, 4, owner_id=owner.id, label="Laporan uji")
    queued = await jobs.get_run(run_id)
    assert queued["owner"] == owner.id and queued["label"] == "Laporan uji"
    await jobs.drain()
    assert seen_progress == [("running", 25), ("running", 50), ("running", 75), ("running", 100)]
    run = await jobs.get_run(run_id)
    assert run["state"] == "done" and run["progress"] == 100 and not run["active"]
    assert run["message"] == "Laporan siap."
    assert run["result"] == {"message": "Laporan siap.", "link": "/laporan/1"}


async def test_tracked_run_failure_is_recorded(registry, runner):
    @jobs.job
    async def refuses(ctx):
        raise UserError("Periode belum ditutup.")

    @jobs.job
    async def crashes(ctx):
        raise ZeroDivisionError()

    a = await jobs.start_run(refuses, owner_id=None)
    b = await jobs.start_run(crashes, owner_id=None)
    await jobs.drain()
    run_a, run_b = await jobs.get_run(a), await jobs.get_run(b)
    assert (run_a["state"], run_a["message"]) == ("failed", "Periode belum ditutup.")
    assert run_b["state"] == "failed" and "kesalahan sistem" in run_b["message"]


async def test_report_progress_outside_a_run_is_harmless():
    await jobs.report_progress({"job_id": "x"}, 50, "tidak dilacak")
    assert await JobRun.count() == 0


async def test_stopping_the_runner_fails_its_unfinished_runs(registry):
    @jobs.job
    async def forever(ctx):
        await asyncio.sleep(3600)

    r = await jobs.start(get_settings(), sweeps=False)
    run_id = await jobs.start_run(forever, owner_id=None)
    await asyncio.sleep(0.05)
    await jobs.stop(r, grace=0.05)
    run = await jobs.get_run(run_id)
    assert run["state"] == "failed" and "dimulai ulang" in run["message"]


async def test_stale_and_old_runs_are_swept():
    now = dt.datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    stuck = await runs.create_run("x", None)
    old = await runs.create_run("x", None)
    await JobRun.update({JobRun.updated_at: now - dt.timedelta(hours=2)}).where(JobRun.id == stuck)
    await runs.mark_done(old, None)
    await JobRun.update({JobRun.updated_at: now - dt.timedelta(days=40)}).where(JobRun.id == old)
    assert await runs.expire_stale_runs(now) == 1
    assert (await jobs.get_run(stuck))["state"] == "failed"
    assert await runs.prune_runs(now) == 1
    assert await jobs.get_run(old) is None
    assert await jobs.get_run(stuck) is not None


async def test_demo_job_counts_people(runner):
    from pintar.jobs.jobs import count_people

    for name in ("andi", "budi", "cici"):
        await make_person(username=name)
    admin = await make_person(Role.ADMIN, username="admin")
    run_id = await jobs.start_run(count_people, 3, 0, owner_id=admin.id)
    await jobs.drain()
    run = await jobs.get_run(run_id)
    assert run["state"] == "done" and run["result"]["count"] == 4
    assert "4 pegawai aktif" in run["message"]


# --- sweeps ---------------------------------------------------------------------------------


def test_sweep_schedules_are_checked(registry):
    async def s(ctx):
        return None

    for bad in (7, 0, 45):
        with pytest.raises(ValueError):
            jobs.sweep(s, every_minutes=bad, name=f"bad{bad}")
    with pytest.raises(ValueError):
        jobs.sweep(s, minute=60, name="bad60")
    with pytest.raises(TypeError):
        jobs.sweep(lambda ctx: None, name="not_async")


async def test_timer_runs_due_sweeps_once_at_a_time(registry, runner):
    calls: list[str] = []
    gate = asyncio.Event()

    @jobs.sweep(every_minutes=5, name="uji.five")
    async def five(ctx):
        calls.append(ctx["job_id"])
        await gate.wait()

    @jobs.sweep(minute=30, hour=1, name="uji.daily")
    async def daily(ctx):
        calls.append("daily")

    def at(h, m):
        return dt.datetime(2026, 11, 23, h, m, tzinfo=UTC)

    assert "uji.five" not in runner.tick(at(1, 7))
    assert "uji.five" in runner.tick(at(1, 10))
    await asyncio.sleep(0)
    assert calls == ["uji.five:" + str(int(at(1, 10).timestamp()))]
    # Still running at the next tick: not started twice.
    assert "uji.five" not in runner.tick(at(1, 15))
    await asyncio.sleep(0)
    assert len(calls) == 1
    gate.set()
    await jobs.drain()
    assert {"uji.five", "uji.daily"} <= set(runner.tick(at(1, 30)))
    await jobs.drain()
    assert sorted(calls[1:]) == ["daily", "uji.five:" + str(int(at(1, 30).timestamp()))]


async def test_app_runner_runs_sweeps_only_without_redis(registry):
    plain = await jobs.start(get_settings())
    try:
        assert plain.in_process and plain.sweep_task is not None
    finally:
        await jobs.stop(plain)


async def test_registry_has_the_modules_jobs():
    jobs.load_modules()
    names = {d.name for d in jobs.registry.REGISTRY.jobs()}
    assert {"notify.send_emails", "jobs.count_people", "jobs.expire_stale_runs"} <= names


# --- idempotent sweeps: neither lose nor repeat a reminder ----------------------------------


async def _setup_reminders(probe, n=3):
    person = await make_person(username="penerima")
    now = dt.datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    for i in range(n):
        await probe.insert(probe(person_id=person.id, due_at=now - dt.timedelta(minutes=i)))
    return person, now


async def _reminders_of(person_id):
    rows = await Notification.select(Notification.obj_id).where(Notification.person == person_id)
    return sorted(r["obj_id"] for r in rows)


async def test_sweep_run_twice_sends_each_reminder_once(probe):
    person, now = await _setup_reminders(probe)
    assert await remind_due(now) == 3
    assert await remind_due(now) == 0
    assert await remind_due(now + dt.timedelta(minutes=5)) == 0
    assert await _reminders_of(person.id) == [1, 2, 3]


async def test_sweep_killed_between_reminders_loses_and_repeats_nothing(probe):
    person, now = await _setup_reminders(probe)
    with pytest.raises(Killed):
        await remind_due(now, die_after=2)
    assert await _reminders_of(person.id) == [1, 2]
    assert await remind_due(now + dt.timedelta(minutes=1)) == 1
    assert await _reminders_of(person.id) == [1, 2, 3]


async def test_sweep_killed_inside_a_reminder_rolls_it_back(probe):
    person, now = await _setup_reminders(probe)
    with pytest.raises(Killed):
        await remind_due(now, die_inside=2)
    # The first was committed; the second's claim died with its transaction.
    assert await _reminders_of(person.id) == [1]
    pending = await probe.select(probe.id).where(probe.reminded_at.is_null())
    assert [r["id"] for r in pending] == [2, 3]
    assert await remind_due(now + dt.timedelta(minutes=1)) == 2
    assert await _reminders_of(person.id) == [1, 2, 3]


async def test_concurrent_sweeps_send_each_reminder_once(probe):
    person, now = await _setup_reminders(probe, n=6)
    results = await asyncio.gather(*[remind_due(now) for _ in range(4)])
    assert sum(results) == 6
    assert await _reminders_of(person.id) == [1, 2, 3, 4, 5, 6]
