"""Redis outages, against a real private ``redis-server`` the tests kill (SIGKILL) and restart.

- Jobs accepted before, during and after an outage each run exactly once: during it they are kept
  in the database (never an error to the caller), and handed to Redis when it is back; the worker
  does not exit, it reconnects with backoff.
- The web process starts and serves with Redis unreachable; ``/healthz`` says "degraded"; a job a
  person starts then answers a redirect to its page (not a 500), its run stays queued, and it
  runs once Redis is there.
- A tracked run whose process died is failed within a minute by any process, not after an hour.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
from collections import Counter
from typing import AsyncIterator

import httpx
import pytest
from piccolo.columns import Serial, Varchar
from piccolo.table import Table

from pintar import jobs, worker
from pintar.auth.roles import Role
from pintar.config import get_settings, reset_settings
from pintar.jobs import backlog, runs
from pintar.jobs import runner as runner_module
from pintar.jobs.tables import JobBacklog, JobRun
from tests.fixtures import running
from tests.helpers import Web, make_person
from tests.jobs.private_redis import PrivateRedis


class Tally(Table, tablename="test_job_tally"):
    """One row per execution of the test job (a token run twice shows up twice)."""

    id = Serial(primary_key=True)
    token = Varchar(length=40)


@pytest.fixture
async def tally() -> AsyncIterator[type[Tally]]:
    await Tally.create_table(if_not_exists=True)
    await Tally.delete(force=True)
    yield Tally
    await Tally.alter().drop_table(if_exists=True)


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    yield server
    server.close()


@pytest.fixture
def fast_pump(monkeypatch):
    monkeypatch.setattr(runner_module, "PUMP_SECONDS", 0.2)


async def wait_until(check, timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or check}")


async def test_jobs_before_during_and_after_an_outage_run_exactly_once(
    registry, tally, private_redis, fast_pump
):
    @jobs.job(name="uji.tally")
    async def record(ctx, token: str) -> None:
        await Tally.insert(Tally(token=token))

    private_redis.start()
    settings = dataclasses.replace(get_settings(), redis_url=private_redis.url)
    web_side = await jobs.start(settings)
    assert not web_side.in_process and web_side.pool is not None
    stop = asyncio.Event()
    worker_task = asyncio.create_task(
        worker.serve(settings, stop=stop, backoff_max=0.5, poll_delay=0.05, cron_jobs=[])
    )
    tokens: list[str] = []

    async def accept(prefix: str, n: int = 10) -> None:
        for i in range(n):
            token = f"{prefix}{i}"
            assert await jobs.enqueue(record, token) is not None  # never an error to the caller
            tokens.append(token)

    async def ran() -> Counter:
        return Counter(r["token"] for r in await Tally.select(Tally.token))

    try:
        await accept("sebelum-")
        await wait_until(lambda: _has(ran, tokens), what="the jobs before the outage")

        private_redis.kill()
        await accept("selama-")
        assert await backlog.waiting() == 10  # kept in the database, none lost
        await asyncio.sleep(1.5)  # the worker keeps trying instead of exiting
        assert not worker_task.done(), "the worker exited when Redis went away"
        health = await jobs.redis_ok(web_side)
        assert health is False

        private_redis.start()  # same data directory: what Redis had accepted is still there
        await accept("sesudah-")
        await wait_until(lambda: _has(ran, tokens), timeout=40, what="every job after the outage")
        await asyncio.sleep(1.0)  # time for any duplicate to show up
        counts = await ran()
        assert set(counts) == set(tokens) and len(tokens) == 30
        assert all(n == 1 for n in counts.values()), {t: n for t, n in counts.items() if n != 1}
        assert await backlog.waiting() == 0
        assert not worker_task.done()
        assert await jobs.redis_ok(web_side) is True
    finally:
        stop.set()
        await asyncio.wait_for(worker_task, timeout=15)
        await jobs.stop(web_side)


async def _has(ran, tokens: list[str]) -> bool:
    return set(await ran()) >= set(tokens)


async def test_the_web_starts_and_serves_without_redis_and_keeps_the_job(
    registry, private_redis, fast_pump, monkeypatch
):
    monkeypatch.setenv("PINTAR_REDIS_URL", private_redis.url)  # nothing listens there yet
    reset_settings()
    try:
        from pintar.web.app import create_app

        app = create_app()
        began = time.monotonic()
        async with running(app):
            assert time.monotonic() - began < 5, "the web waited for Redis"
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as c:
                health = await c.get("/healthz")
                assert health.status_code == 200, health.text
                assert health.json()["status"] == "degraded" and health.json()["redis"] == "error"
                await make_person(Role.ADMIN, username="adminjob")
                web = Web(c)
                await web.login("adminjob")
                started = await web.post("/admin/uji-tugas", {"steps": "1", "delay": "0"})
                assert started.status_code == 303, started.text[:300]
                run_id = int(started.headers["location"].rsplit("/", 1)[1])
                page = await web.get(f"/tugas/{run_id}")
                assert page.status_code == 200
                assert (await jobs.get_run(run_id))["state"] == "queued"
                assert await JobBacklog.count() == 1
                assert (await c.get("/healthz")).json()["jobs_kept"] == "1"
                # Not failed as stale while it waits for Redis, however long.
                later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=3)
                assert await runs.expire_stale_runs(later) == 0

                private_redis.start()

                async def handed_over() -> bool:
                    return await JobBacklog.count() == 0

                await wait_until(handed_over, what="the kept job handed to Redis")
                assert (await c.get("/healthz")).json()["status"] == "ok"
        settings = dataclasses.replace(get_settings(), redis_url=private_redis.url)
        await worker.serve(settings, burst=True, poll_delay=0, cron_jobs=[])
        run = await jobs.get_run(run_id)
        assert run["state"] == "done", run
    finally:
        monkeypatch.undo()
        reset_settings()


async def test_a_run_whose_process_died_is_failed_within_a_minute():
    now = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.timezone.utc)
    alive = await runs.create_run("x", None)
    dead = await runs.create_run("x", None)
    for run_id, seen in ((alive, now - dt.timedelta(seconds=20)), (dead, now - dt.timedelta(seconds=61))):
        await JobRun.update({JobRun.state: "running", JobRun.updated_at: seen}).where(JobRun.id == run_id)
    assert runs.RUNNING_IDLE <= dt.timedelta(minutes=1)
    assert await runs.expire_stale_runs(now) == 1
    assert (await jobs.get_run(dead))["state"] == "failed"
    assert (await jobs.get_run(alive))["state"] == "running"


async def test_a_running_job_keeps_its_run_alive_with_a_heartbeat(registry, runner, monkeypatch):
    monkeypatch.setattr(runs, "HEARTBEAT", dt.timedelta(seconds=0.05))
    release = asyncio.Event()

    @jobs.job(name="uji.lama")
    async def slow(ctx) -> dict:
        await release.wait()
        return {"message": "ok"}

    run_id = await jobs.start_run(slow, owner_id=None)
    await asyncio.sleep(0.05)
    first = (await jobs.get_run(run_id))["updated_at"]
    await asyncio.sleep(0.3)
    assert (await jobs.get_run(run_id))["updated_at"] > first
    release.set()
    await jobs.drain()
    assert (await jobs.get_run(run_id))["state"] == "done"
