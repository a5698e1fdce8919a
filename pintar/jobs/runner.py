"""Where jobs run: arq on Redis when ``PINTAR_REDIS_URL`` is set, else inside this process.

In-process mode keeps ``make run`` to one process: enqueued jobs become asyncio tasks (a deferred
one sleeps first; a restart forgets it, which is why anything that must happen is also found by a
sweep), and the web process runs the cron sweeps on a minute timer. With Redis the web process
only enqueues and ``arq pintar.worker.WorkerSettings`` runs everything.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import logging
import uuid
from typing import Any

from arq.worker import Retry

from pintar import clock
from pintar.config import Settings
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.jobs import runs
from pintar.jobs.registry import REGISTRY, JobDef, JobFunction, load_modules, name_of

log = logging.getLogger("pintar.jobs")

RUN_KW = "_pintar_run"  # the keyword that carries a tracked run's id to the job wrapper
DEFAULT_TIMEOUT = 300



async def execute(definition: JobDef, ctx: dict, args: tuple, kwargs: dict) -> Any:
    """Run one job the same way in arq and in-process: tracked runs get their state recorded."""
    kwargs = dict(kwargs)
    run_id = kwargs.pop(RUN_KW, None)
    if run_id is not None:
        ctx[runs.RUN_KEY] = run_id
        await runs.mark_running(run_id)
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
    if run_id is not None:
        await runs.mark_done(run_id, result)
    return result


class Runner:
    """The jobs side of one process: an arq pool, or in-process tasks and the sweep timer."""

    def __init__(self, pool: Any | None = None, *, sweeps: bool = False) -> None:
        self.pool = pool
        self.run_sweeps = sweeps
        self.tasks: set[asyncio.Task] = set()
        self.pending: dict[str, asyncio.Task] = {}
        self.sweeping: dict[str, asyncio.Task] = {}
        self.sweep_task: asyncio.Task | None = None

    @property
    def in_process(self) -> bool:
        return self.pool is None

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
        if self.pool is not None:
            job = await self.pool.enqueue_job(
                name, *args, _job_id=job_id, _defer_until=defer_until, **kwargs
            )
            return job.job_id if job is not None else None
        job_id = job_id or uuid.uuid4().hex
        if job_id in self.pending:
            return None  # as arq: one job per id at a time
        delay = (defer_until - clock.now()).total_seconds() if defer_until else 0.0
        self.pending[job_id] = self._spawn(
            self._run_in_process(REGISTRY.get(name), job_id, args, kwargs, delay)
        )
        return job_id

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
    pool = None
    if settings.redis_url:
        from arq import create_pool
        from arq.connections import RedisSettings

        pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    runner = Runner(pool, sweeps=(pool is None) if sweeps is None else sweeps)
    if runner.run_sweeps:
        runner.sweep_task = runner._spawn(runner._sweep_loop())
    _current = runner
    return runner


async def stop(runner: Runner, grace: float = 5.0) -> None:
    global _current
    if runner.sweep_task is not None:
        runner.sweep_task.cancel()
        await asyncio.gather(runner.sweep_task, return_exceptions=True)
    busy = [t for t in runner.tasks if not t.done()]
    if busy:
        _, late = await asyncio.wait(busy, timeout=grace)
        for task in late:
            task.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
    if runner.pool is not None:
        await runner.pool.aclose()
    if _current is runner:
        _current = None


async def redis_ok(runner: Runner | None) -> bool | None:
    """True/False for a configured Redis, None when none is configured."""
    if runner is None or runner.pool is None:
        return None
    try:
        return bool(await runner.pool.ping())
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
