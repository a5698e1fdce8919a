"""Where jobs run: arq on Redis when ``PINTAR_REDIS_URL`` is set, else inside this process.

In-process mode keeps ``make run`` to one process: enqueued jobs become asyncio tasks (a deferred
one sleeps first; a restart forgets it, which is why anything that must happen is also found by a
sweep), and the web process runs the cron sweeps on a minute timer. With Redis the web process
only enqueues and the worker (``python -m pintar.worker``) runs everything.

Redis may be away, at start or mid-run: the web process starts and serves anyway (``/healthz``
says "degraded"), a job it cannot queue is kept in the database (:mod:`pintar.jobs.backlog`,
never a 500, never lost), and a pump task reconnects and hands kept jobs over when Redis answers
again. The same pump expires tracked runs whose process died (no heartbeat), so that happens in
any process, not only in the worker.
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import datetime as dt
import logging
import uuid
from typing import Any

from arq.worker import Retry
from redis.exceptions import RedisError

from pintar import clock
from pintar.config import Settings
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.jobs import backlog, runs
from pintar.jobs.registry import REGISTRY, JobDef, JobFunction, load_modules, name_of

log = logging.getLogger("pintar.jobs")

REDIS_DOWN = (RedisError, OSError, asyncio.TimeoutError)  # what an unreachable Redis raises
REDIS_TIMEOUT = 2.0  # seconds for one command to Redis before it counts as away

RUN_KW = "_pintar_run"  # the keyword that carries a tracked run's id to the job wrapper
# Seconds a job may run unless it says otherwise. arq runs a job again after its worker was
# killed once the longest timeout (+10 s) has passed, so this also bounds that wait.
DEFAULT_TIMEOUT = 120
PUMP_SECONDS = 5.0  # how often a web process checks Redis and hands kept jobs over



async def execute(definition: JobDef, ctx: dict, args: tuple, kwargs: dict) -> Any:
    """Run one job the same way in arq and in-process: tracked runs get their state recorded."""
    kwargs = dict(kwargs)
    run_id = kwargs.pop(RUN_KW, None)
    heartbeat = None
    if run_id is not None:
        ctx[runs.RUN_KEY] = run_id
        await runs.mark_running(run_id)
        heartbeat = asyncio.get_running_loop().create_task(
            runs.heartbeat(run_id), context=contextvars.Context()
        )
    try:
        result = await definition.fn(ctx, *args, **kwargs)
    except Retry:
        raise  # arq runs it again; the run stays active
    except UserError as exc:
        if run_id is not None:
            await runs.mark_failed(run_id, exc.message)
        raise
    except Exception:
        if run_id is not None:
            await runs.mark_failed(
                run_id, _("Tugas gagal karena kesalahan sistem. Tim TI dapat melihat catatannya.")
            )
        raise
    finally:
        if heartbeat is not None:
            heartbeat.cancel()
    if run_id is not None:
        await runs.mark_done(run_id, result)
    return result


class Runner:
    """The jobs side of one process: an arq pool, or in-process tasks and the sweep timer."""

    def __init__(
        self, pool: Any | None = None, *, sweeps: bool = False, redis_url: str = ""
    ) -> None:
        self.pool = pool
        self.redis_url = redis_url  # set: jobs go to Redis (kept in the database while it is away)
        self.run_sweeps = sweeps
        self.pump_task: asyncio.Task | None = None
        self.tasks: set[asyncio.Task] = set()
        self.pending: dict[str, asyncio.Task] = {}
        self.sweeping: dict[str, asyncio.Task] = {}
        self.sweep_task: asyncio.Task | None = None

    @property
    def in_process(self) -> bool:
        return self.pool is None and not self.redis_url

    def _spawn(self, coro: Any) -> asyncio.Task:
        # A fresh context: the job must not inherit the caller's open transaction.
        task = asyncio.get_running_loop().create_task(coro, context=contextvars.Context())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def enqueue(
        self,
        name: str,
        args: tuple,
        kwargs: dict,
        job_id: str | None,
        defer_until: dt.datetime | None,
    ) -> str | None:
        if self.redis_url:
            if self.pool is not None:
                try:
                    return await self._to_redis(name, args, kwargs, job_id, defer_until)
                except REDIS_DOWN as exc:
                    log.warning("Redis unreachable while queuing %s: %s", name, exc)
            return await backlog.keep(name, args, kwargs, job_id, defer_until)
        job_id = job_id or uuid.uuid4().hex
        if job_id in self.pending:
            return None  # as arq: one job per id at a time
        delay = (defer_until - clock.now()).total_seconds() if defer_until else 0.0
        self.pending[job_id] = self._spawn(
            self._run_in_process(REGISTRY.get(name), job_id, args, kwargs, delay)
        )
        return job_id

    async def _to_redis(
        self, name: str, args: tuple, kwargs: dict, job_id: str | None, defer_until: Any
    ) -> str | None:
        assert self.pool is not None
        job = await asyncio.wait_for(
            self.pool.enqueue_job(name, *args, _job_id=job_id, _defer_until=defer_until, **kwargs),
            timeout=REDIS_TIMEOUT,
        )
        return job.job_id if job is not None else None

    async def connect(self) -> bool:
        """Open the Redis pool if it is not open; True when Redis answers."""
        if self.pool is None:
            try:
                self.pool = await open_pool(self.redis_url)
            except REDIS_DOWN as exc:
                log.warning("Redis unreachable (%s): jobs are kept in the database", exc)
                return False
        try:
            return bool(await asyncio.wait_for(self.pool.ping(), timeout=REDIS_TIMEOUT))
        except REDIS_DOWN:
            return False

    async def pump_once(self) -> int:
        """Reconnect if need be, hand kept jobs to Redis, expire runs whose process died."""
        try:
            await runs.expire_stale_runs(clock.now())
        except Exception:
            log.exception("expiring stale runs failed")
        if not self.redis_url or not await backlog.waiting():
            return 0
        if not await self.connect():
            return 0
        return await backlog.flush(self._to_redis)

    async def _pump_loop(self) -> None:
        while True:
            try:
                await self.pump_once()
            except Exception:  # the database itself may be away; try again next round
                log.exception("job pump failed; retrying")
            await asyncio.sleep(PUMP_SECONDS)

    async def _run_in_process(
        self, definition: JobDef, job_id: str, args: tuple, kwargs: dict, delay: float
    ) -> Any:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            ctx = {"job_id": job_id, "job_try": 1, "redis": None, "in_process": True}
            async with asyncio.timeout(definition.timeout or DEFAULT_TIMEOUT):
                return await execute(definition, ctx, args, kwargs)
        except asyncio.CancelledError:
            run_id = kwargs.get(RUN_KW)
            if run_id is not None:
                message = _("Tugas terhenti karena layanan dimulai ulang. Silakan jalankan lagi.")
                await asyncio.shield(runs.mark_failed(run_id, message))
            raise
        except Exception:
            log.exception("job %s (%s) failed", definition.name, job_id)
            return None
        finally:
            self.pending.pop(job_id, None)

    # --- sweeps in-process ----------------------------------------------------------------

    def tick(self, moment: dt.datetime, *, startup: bool = False) -> list[str]:
        """Start the sweeps due at ``moment`` (UTC minute), one run per sweep at a time;
        returns the names of those started."""
        moment = moment.astimezone(dt.timezone.utc)
        started = []
        for definition in REGISTRY.sweeps():
            schedule = definition.sweep
            assert schedule is not None
            due = schedule.run_at_startup if startup else schedule.matches(moment.minute, moment.hour)
            if not due or definition.name in self.sweeping:
                continue
            job_id = f"{definition.name}:{int(moment.timestamp())}"
            task = self._spawn(self._sweep(definition, job_id))
            self.sweeping[definition.name] = task
            started.append(definition.name)
        return started

    async def _sweep(self, definition: JobDef, job_id: str) -> Any:
        try:
            ctx = {"job_id": job_id, "job_try": 1, "redis": None, "in_process": True}
            async with asyncio.timeout(definition.timeout or DEFAULT_TIMEOUT):
                return await definition.fn(ctx)
        except Exception:
            log.exception("sweep %s failed", definition.name)
            return None
        finally:
            self.sweeping.pop(definition.name, None)

    async def _sweep_loop(self) -> None:
        self.tick(clock.now(), startup=True)
        while True:
            now = clock.now()
            next_minute = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
            await asyncio.sleep((next_minute - now).total_seconds())
            self.tick(next_minute)

    async def drain(self) -> None:
        """Wait until no in-process job or sweep is left (tests; shutdown)."""
        while True:
            waiting = [t for t in self.tasks if t is not self.sweep_task and not t.done()]
            waiting = [t for t in waiting if t is not self.pump_task]
            if not waiting:
                return
            await asyncio.gather(*waiting, return_exceptions=True)


_current: Runner | None = None


def current() -> Runner:
    """The runner of this process; an in-process one (without sweeps) if none was started."""
    global _current
    if _current is None:
        _current = Runner()
    return _current


async def start(settings: Settings, *, sweeps: bool | None = None) -> Runner:
    """Open the arq pool (Redis) or start the in-process runner with its sweep timer.

    ``sweeps`` defaults to "in-process only": with Redis the worker runs them.
    """
    global _current
    load_modules()
    runner = Runner(
        None, sweeps=(not settings.redis_url) if sweeps is None else sweeps,
        redis_url=settings.redis_url,
    )
    if settings.redis_url:
        await runner.connect()  # one quick try: without Redis the web starts anyway
        runner.pump_task = runner._spawn(runner._pump_loop())
    if runner.run_sweeps:
        runner.sweep_task = runner._spawn(runner._sweep_loop())
    _current = runner
    return runner


def redis_settings_for(url: str) -> Any:
    """arq's settings for ``url``, failing fast: reconnecting is our loop's job, not arq's."""
    from arq.connections import RedisSettings

    return dataclasses.replace(
        RedisSettings.from_dsn(url), conn_timeout=2, conn_retries=0, conn_retry_delay=1
    )


async def open_pool(url: str) -> Any:
    from arq import create_pool

    return await create_pool(redis_settings_for(url))


async def stop(runner: Runner, grace: float = 5.0) -> None:
    global _current
    for loop_task in (runner.sweep_task, runner.pump_task):
        if loop_task is not None:
            loop_task.cancel()
            await asyncio.gather(loop_task, return_exceptions=True)
    busy = [t for t in runner.tasks if not t.done()]
    if busy:
        _, late = await asyncio.wait(busy, timeout=grace)
        for task in late:
            task.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
    if runner.pool is not None:
        try:
            await runner.pool.aclose()
        except REDIS_DOWN:
            pass
    if _current is runner:
        _current = None


async def redis_ok(runner: Runner | None) -> bool | None:
    """True/False for a configured Redis, None when none is configured."""
    if runner is None or not runner.redis_url:
        return None
    if runner.pool is None:
        return False
    try:
        return bool(await asyncio.wait_for(runner.pool.ping(), timeout=REDIS_TIMEOUT))
    except Exception:
        return False


async def enqueue(
    name_or_fn: JobFunction | str,
    *args: Any,
    job_id: str | None = None,
    defer_until: dt.datetime | None = None,
    **kwargs: Any,
) -> str | None:
    """Queue a registered job; returns its id, or None when a job with ``job_id`` is pending.

    ``defer_until`` must be timezone-aware. Arguments must be picklable plain values (ids,
    strings, dates), never rows or connections. Call it after the transaction that made the
    data the job reads has committed.
    """
    name = name_of(name_or_fn)
    if defer_until is not None:
        if defer_until.tzinfo is None:
            raise ValueError("defer_until must be timezone-aware")
        defer_until = defer_until.astimezone(dt.timezone.utc)
    return await current().enqueue(name, args, kwargs, job_id, defer_until)


async def start_run(
    name_or_fn: JobFunction | str,
    *args: Any,
    owner_id: int | None,
    label: str = "",
    **kwargs: Any,
) -> int:
    """Create a watchable run (``/tugas/<id>``) and enqueue the job for it; returns the run id."""
    name = name_of(name_or_fn)
    run_id = await runs.create_run(name, owner_id, label)
    await current().enqueue(name, args, {**kwargs, RUN_KW: run_id}, f"run:{run_id}", None)
    return run_id


async def drain() -> None:
    await current().drain()
