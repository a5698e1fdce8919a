"""Background jobs: the thin facade every module uses (so the queue library could change).

With ``PINTAR_REDIS_URL`` set, jobs are enqueued to arq and run by ``pintar.worker``; without it
the same functions run inside the web process (sweeps on a minute timer, jobs as tasks).

    from pintar import jobs

    @jobs.job
    async def build_report(ctx, period: str) -> dict:
        await jobs.report_progress(ctx, 50, "Menghitung…")
        return {"message": "Laporan siap.", "link": "/laporan/7"}

    @jobs.sweep(every_minutes=5)
    async def remind(ctx) -> int: ...          # idempotent: find due, claim, notify

    await jobs.enqueue(build_report, "2026-S1", job_id="report:s1:2026")
    run_id = await jobs.start_run(build_report, "2026-S1", owner_id=user.id, label="Laporan")
    # → show /tugas/{run_id}

See docs/services.md, "Background jobs".
"""

from __future__ import annotations

import datetime as dt

from piccolo.columns import Column
from piccolo.table import Table

from pintar.jobs.registry import JobDef, default_name, job, load_modules, name_of, sweep
from pintar.jobs.runner import (
    Runner,
    current,
    drain,
    enqueue,
    redis_ok,
    start,
    start_run,
    stop,
)
from pintar.jobs.runs import get_run, report_progress


async def claim_once(table: type[Table], row_id: int, column: Column, now: dt.datetime) -> bool:
    """Atomically set ``column`` (a nullable timestamp such as ``reminded_at``) to ``now`` on
    one row if it is still empty; True when this caller won.

    The building block of idempotent sweeps: claim and send inside one ``write_transaction()``,
    so a crash undoes both and the next sweep tries again, and no two sweeps send the same thing.
    """
    pk = table._meta.primary_key
    won = await table.update({column: now}).where((pk == row_id) & column.is_null()).returning(pk)
    return bool(won)


__all__ = [
    "JobDef",
    "Runner",
    "claim_once",
    "current",
    "default_name",
    "drain",
    "enqueue",
    "get_run",
    "job",
    "load_modules",
    "name_of",
    "redis_ok",
    "report_progress",
    "start",
    "start_run",
    "stop",
    "sweep",
]

