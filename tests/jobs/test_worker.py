"""A real arq worker in burst mode against the test Redis (``PINTAR_TEST_REDIS_URL``)."""

from __future__ import annotations

import asyncio
import datetime as dt
import warnings

import pytest
from arq.jobs import Job, JobStatus

from pintar import jobs
from pintar.notify.tables import Notification
from pintar.worker import WorkerSettings, make_worker
from tests.helpers import make_person
from tests.jobs.conftest import remind_due

pytestmark = pytest.mark.redis
UTC = dt.timezone.utc


async def run_burst(settings, *, cron_jobs=None) -> None:
    """Run everything queued with a burst worker built like the real one, then close it."""
    options = {} if cron_jobs is None else {"cron_jobs": cron_jobs}
    worker = make_worker(settings, burst=True, poll_delay=0, handle_signals=False, **options)
    if cron_jobs is None:
        worker.cron_jobs = []  # the modules' minute sweeps would keep a burst worker waiting
    try:
        await asyncio.wait_for(worker.run_check(), timeout=30)
    finally:
        with warnings.catch_warnings():
            # arq 0.28 itself calls redis' deprecated close(); nothing of ours to fix.
            warnings.simplefilter("ignore", DeprecationWarning)
            await worker.close()


@pytest.fixture
async def redis_runner(redis_settings):
    runner = await jobs.start(redis_settings)
    assert not runner.in_process and runner.sweep_task is None  # the worker runs the sweeps
    yield runner
    await jobs.stop(runner)


async def test_worker_runs_an_enqueued_job(registry, redis_settings, redis_runner):
    person = await make_person(username="wati")

    @jobs.job(name="uji.rename")
    async def rename(ctx, person_id, name):
        from pintar.auth.tables import Person

        await Person.update({Person.name: name}).where(Person.id == person_id)
        return ctx["job_try"]

    job_id = await jobs.enqueue(rename, person.id, "Dari Worker", job_id=f"rename:{person.id}")
    assert job_id == f"rename:{person.id}"
    await run_burst(redis_settings)
    from pintar.auth.tables import Person

    row = await Person.select(Person.name).where(Person.id == person.id).first()
    assert row["name"] == "Dari Worker"
    job = Job(job_id, redis_runner.pool)
    assert await job.status() == JobStatus.complete
    assert await job.result(timeout=5) == 1


async def test_job_id_is_refused_while_queued_and_after_completion(
    registry, redis_settings, redis_runner
):
    calls = []

    @jobs.job(name="uji.once")
    async def once(ctx, n):
        calls.append(n)

    assert await jobs.enqueue(once, 1, job_id="once:1") == "once:1"
    assert await jobs.enqueue(once, 2, job_id="once:1") is None
    await run_burst(redis_settings)
    # arq keeps the result (an hour by default), and with it the id.
    assert await jobs.enqueue(once, 3, job_id="once:1") is None
    assert calls == [1]


async def test_keep_result_zero_frees_the_id_at_once(registry, redis_settings, redis_runner):
    calls = []

    @jobs.job(name="uji.again", keep_result=0)
    async def again(ctx, n):
        calls.append(n)

    await jobs.enqueue(again, 1, job_id="again")
    await run_burst(redis_settings)
    assert await jobs.enqueue(again, 2, job_id="again") == "again"
    await run_burst(redis_settings)
    assert calls == [1, 2]


async def test_deferred_job_waits_in_redis(registry, redis_settings, redis_runner):
    @jobs.job(name="uji.later")
    async def later(ctx):
        return None

    when = dt.datetime.now(UTC) + dt.timedelta(hours=2)
    job_id = await jobs.enqueue(later, job_id="later:1", defer_until=when)
    job = Job(job_id, redis_runner.pool)
    assert await job.status() == JobStatus.deferred
    info = await job.info()
    assert abs(info.score - int(when.timestamp() * 1000)) < 1000


async def test_tracked_run_through_the_worker(redis_settings, redis_runner):
    from pintar.jobs.jobs import count_people

    owner = await make_person(username="pemilik")
    run_id = await jobs.start_run(count_people, 4, 0, owner_id=owner.id, label="Hitung")
    assert (await jobs.get_run(run_id))["state"] == "queued"
    await run_burst(redis_settings)
    run = await jobs.get_run(run_id)
    assert run["state"] == "done" and run["progress"] == 100
    assert run["result"]["count"] == 1


async def test_reminder_sweep_through_the_worker_twice_sends_once(
    registry, probe, redis_settings, redis_runner
):
    person = await make_person(username="ingat")
    now = dt.datetime.now(UTC)
    for _ in range(3):
        await probe.insert(probe(person_id=person.id, due_at=now - dt.timedelta(minutes=1)))

    @jobs.sweep(name="uji.remind")
    async def remind(ctx):
        return await remind_due(dt.datetime.now(UTC))

    await jobs.enqueue("uji.remind", job_id="remind:a")
    await jobs.enqueue("uji.remind", job_id="remind:b")
    await run_burst(redis_settings, cron_jobs=_cron_of("uji.remind"))
    rows = await Notification.select(Notification.obj_id).where(Notification.person == person.id)
    assert sorted(r["obj_id"] for r in rows) == [1, 2, 3]


def _cron_of(name: str) -> list:
    from pintar.worker import arq_cron_jobs

    return [c for c in arq_cron_jobs() if c.name == name]


async def test_sweep_runs_as_an_arq_cron_job(registry, redis_settings, redis_runner):
    ran = []

    @jobs.sweep(name="uji.at_startup", run_at_startup=True)
    async def at_startup(ctx):
        ran.append(ctx["job_id"])

    await run_burst(redis_settings, cron_jobs=_cron_of("uji.at_startup"))
    assert len(ran) == 1 and ran[0].startswith("uji.at_startup:")


def test_worker_settings_are_built_from_the_registry():
    names = {f.name for f in WorkerSettings.functions}
    assert "jobs.count_people" in names
    crons = {c.name: c for c in WorkerSettings.cron_jobs}
    assert {"notify.send_emails", "jobs.expire_stale_runs"} <= set(crons)
    assert all(c.unique for c in crons.values())
    assert crons["jobs.expire_stale_runs"].minute == {0, 15, 30, 45}
    assert WorkerSettings.timezone == dt.timezone.utc
    assert WorkerSettings.keep_result == 3600
