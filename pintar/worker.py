"""The arq worker: ``python -m pintar.worker`` (the Procfile's ``worker:`` line).

Its functions and cron sweeps come from the registry every module fills in its ``jobs.py``
(``pintar.jobs.job`` / ``pintar.jobs.sweep``); it needs ``PINTAR_REDIS_URL``.

arq's own ``arq pintar.worker.WorkerSettings`` exits when Redis is unreachable at start or goes
away mid-run. :func:`serve` does not: it runs an arq worker and, when Redis fails, waits with
backoff (1, 2, 4 … 30 s) and starts a fresh one, for as long as it is not told to stop. The
Procfile's process manager (or systemd's ``Restart=always``) restarts it on top if it ever dies.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
import warnings
from typing import Any

from arq.connections import RedisSettings
from arq.cron import CronJob, cron
from arq.worker import Function, Worker, func

from pintar import db, jobs
from pintar.config import Settings, get_settings
from pintar.jobs.registry import REGISTRY, JobDef
from pintar.jobs.runner import DEFAULT_TIMEOUT, REDIS_DOWN, execute, redis_settings_for

log = logging.getLogger("pintar.worker")

TIMEZONE = dt.timezone.utc  # sweep schedules are written in UTC (see pintar.jobs.sweep)
KEEP_RESULT = 3600  # arq's default, said aloud: a finished job_id is refused for an hour


def _entry(definition: JobDef) -> Any:
    async def entry(ctx: dict, *args: Any, **kwargs: Any) -> Any:
        return await execute(definition, ctx, args, kwargs)

    entry.__name__ = entry.__qualname__ = definition.name
    return entry


def arq_functions() -> list[Function]:
    """Every registered job that is not a sweep (arq adds the cron sweeps itself)."""
    return [
        func(
            _entry(d),
            name=d.name,
            keep_result=d.keep_result,
            timeout=d.timeout,
            max_tries=d.max_tries,
        )
        for d in REGISTRY.jobs()
        if d.sweep is None
    ]


def arq_cron_jobs() -> list[CronJob]:
    jobs_ = []
    for d in REGISTRY.sweeps():
        schedule = d.sweep
        assert schedule is not None
        jobs_.append(
            cron(
                _entry(d),
                name=d.name,
                minute=set(schedule.minute) if schedule.minute is not None else None,
                hour=set(schedule.hour) if schedule.hour is not None else None,
                second=0,
                run_at_startup=schedule.run_at_startup,
                unique=True,  # one run per tick, however many workers
                timeout=d.timeout or DEFAULT_TIMEOUT,
                keep_result=0,
                max_tries=1,
            )
        )
    return jobs_


def redis_settings(settings: Settings | None = None) -> RedisSettings:
    settings = settings or get_settings()
    if not settings.redis_url:
        return RedisSettings()  # localhost:6379/0; the worker warns at startup
    return redis_settings_for(settings.redis_url)


async def startup(ctx: dict) -> None:
    """Open the database pool unless this process already has one (tests, the web app)."""
    if not get_settings().redis_url:
        log.warning("PINTAR_REDIS_URL is not set; this worker uses redis://localhost:6379/0")
    engine = db.engine()
    ctx["pintar_owns_pool"] = getattr(engine, "pool", "none") is None
    if ctx["pintar_owns_pool"]:
        await db.start_pool()


async def shutdown(ctx: dict) -> None:
    if ctx.get("pintar_owns_pool"):
        await db.close_pool()


def worker_options(settings: Settings | None = None) -> dict[str, Any]:
    """The worker's settings, built from the registry as it is now."""
    jobs.load_modules()
    return {
        "functions": arq_functions(),
        "cron_jobs": arq_cron_jobs(),
        "redis_settings": redis_settings(settings),
        "on_startup": startup,
        "on_shutdown": shutdown,
        "timezone": TIMEZONE,
        "keep_result": KEEP_RESULT,
        "job_timeout": DEFAULT_TIMEOUT,
        "max_tries": 3,
    }


def make_worker(settings: Settings | None = None, **overrides: Any) -> Worker:
    """A Worker from the current registry (tests: ``burst=True, poll_delay=0``)."""
    return Worker(**{**worker_options(settings), **overrides})


_options = worker_options()


class WorkerSettings:
    functions = _options["functions"]
    cron_jobs = _options["cron_jobs"]
    redis_settings = _options["redis_settings"]
    on_startup = staticmethod(startup)
    on_shutdown = staticmethod(shutdown)
    timezone = TIMEZONE
    keep_result = KEEP_RESULT
    job_timeout = DEFAULT_TIMEOUT
    max_tries = 3


BACKOFF_MAX = 30.0  # seconds between two tries to reach Redis, at most


async def serve(
    settings: Settings | None = None,
    *,
    stop: asyncio.Event | None = None,
    backoff_max: float = BACKOFF_MAX,
    **overrides: Any,
) -> None:
    """Run the worker until ``stop`` is set (or the process is signalled), reconnecting with
    backoff whenever Redis is unreachable instead of exiting."""
    stop = stop or asyncio.Event()
    delay = 1.0
    while not stop.is_set():
        worker = make_worker(settings, handle_signals=False, **overrides)
        started = asyncio.get_running_loop().time()
        run = asyncio.ensure_future(worker.async_run())
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({run, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if run.done():
                run.result()  # a burst worker's normal end, or Redis' error
                if overrides.get("burst"):
                    return
        except REDIS_DOWN as exc:
            if asyncio.get_running_loop().time() - started > 60:
                delay = 1.0  # it ran a good while: start the backoff afresh
            log.warning("Redis unreachable (%s); the worker tries again in %.0f s", exc, delay)
        finally:
            for task in (run, stopping):
                if not task.done():
                    task.cancel()
            await asyncio.gather(run, stopping, return_exceptions=True)
            try:
                with warnings.catch_warnings():
                    # arq 0.28 itself calls redis' deprecated close(); nothing of ours to fix.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    await worker.close()
            except Exception:  # closing a pool whose Redis is gone
                pass
        if stop.is_set():
            return
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
        except asyncio.TimeoutError:
            pass
        delay = min(delay * 2, backoff_max)


def main() -> None:
    """``python -m pintar.worker``: serve until SIGINT/SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(stop=stop)

    asyncio.run(run())


if __name__ == "__main__":
    main()
