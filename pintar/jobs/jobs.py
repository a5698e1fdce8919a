"""Jobs of the jobs module itself: housekeeping of runs, and the admin's demo job."""

from __future__ import annotations

import asyncio

from pintar import clock, jobs
from pintar.auth.tables import Person
from pintar.i18n import gettext as _
from pintar.jobs import runs


@jobs.job(keep_result=0)
async def count_people(ctx: dict, steps: int = 10, delay: float = 0.5) -> dict:
    """The "Uji tugas latar" demo: counts active people in steps, reporting progress."""
    steps = max(1, min(int(steps), 50))
    ids = [r["id"] for r in await Person.select(Person.id).where(Person.active == True)]  # noqa: E712
    per_step = -(-len(ids) // steps) or 1
    counted = 0
    for step in range(1, steps + 1):
        if delay > 0:
            await asyncio.sleep(delay)
        counted = min(len(ids), step * per_step)
        await jobs.report_progress(
            ctx,
            step * 100 // steps,
            _("Langkah %(s)s dari %(n)s: %(c)s pegawai dihitung.", s=step, n=steps, c=counted),
        )
    return {"message": _("Selesai: ada %(c)s pegawai aktif.", c=len(ids)), "count": len(ids)}


@jobs.sweep(every_minutes=15)
async def expire_stale_runs(ctx: dict) -> int:
    """Runs whose process went away (a restart) are shown as failed, not as running forever."""
    return await runs.expire_stale_runs(clock.now())


@jobs.sweep(minute=17, hour=19)
async def prune_runs(ctx: dict) -> int:
    """Forget finished runs after 30 days (once a day, 02.17 WIB)."""
    return await runs.prune_runs(clock.now())


@jobs.sweep(every_minutes=1, run_at_startup=True)
async def requeue_backlog(ctx: dict) -> int:
    """Hand jobs kept in the database while Redis was away over to Redis (the worker is
    connected, so it can), and fail runs whose process died; every minute and at start."""
    from pintar.jobs import backlog

    await runs.expire_stale_runs(clock.now())
    redis = ctx.get("redis")
    if redis is None:  # in-process: nothing is ever kept (no Redis configured)
        return 0

    async def to_redis(name, args, kwargs, job_id, defer_until):
        return await redis.enqueue_job(name, *args, _job_id=job_id, _defer_until=defer_until, **kwargs)

    return await backlog.flush(to_redis)
