"""Job runs a person can watch: state, progress, message and result, kept in ``JobRun``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pintar import clock
from pintar.i18n import gettext as _
from pintar.jobs.tables import JobRun

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)
RUN_KEY = "run_id"  # where a tracked job finds its run id in ctx



async def create_run(kind: str, owner_id: int | None, label: str = "") -> int:
    now = clock.now()
    rows = await JobRun.insert(
        JobRun(
            kind=kind,
            label=label[:200],
            owner=owner_id,
            state=QUEUED,
            progress=0,
            message="",
            result="",
            created_at=now,
            updated_at=now,
        )
    ).returning(JobRun.id)
    return rows[0]["id"]


def _run_id(ctx_or_run_id: Any) -> int | None:
    if isinstance(ctx_or_run_id, dict):
        value = ctx_or_run_id.get(RUN_KEY)
        return int(value) if value is not None else None
    return int(ctx_or_run_id) if ctx_or_run_id is not None else None


async def mark_running(run_id: int) -> None:
    await JobRun.update({JobRun.state: RUNNING, JobRun.updated_at: clock.now()}).where(
        (JobRun.id == run_id) & JobRun.state.is_in(list(ACTIVE))
    )


async def report_progress(ctx_or_run_id: Any, pct: float, message: str = "") -> None:
    """Record progress (0–100) and a short message for the person watching the run.

    Pass the job's ``ctx`` (a job started with :func:`pintar.jobs.start_run` finds its run there)
    or a run id. For an untracked job this does nothing, so any job may call it.
    """
    run_id = _run_id(ctx_or_run_id)
    if run_id is None:
        return
    pct = max(0, min(100, int(pct)))
    await JobRun.update(
        {
            JobRun.state: RUNNING,
            JobRun.progress: pct,
            JobRun.message: str(message)[:300],
            JobRun.updated_at: clock.now(),
        }
    ).where((JobRun.id == run_id) & JobRun.state.is_in(list(ACTIVE)))


def _encode(result: Any) -> str:
    if result is None:
        return ""
    try:
        return json.dumps(result, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return json.dumps(str(result), ensure_ascii=False)


async def mark_done(run_id: int, result: Any) -> None:
    message = result.get("message", "") if isinstance(result, dict) else ""
    await JobRun.update(
        {
            JobRun.state: DONE,
            JobRun.progress: 100,
            JobRun.message: str(message or _("Selesai."))[:300],
            JobRun.result: _encode(result),
            JobRun.updated_at: clock.now(),
        }
    ).where((JobRun.id == run_id) & JobRun.state.is_in(list(ACTIVE)))


async def mark_failed(run_id: int, message: str) -> None:
    await JobRun.update(
        {JobRun.state: FAILED, JobRun.message: message[:300], JobRun.updated_at: clock.now()}
    ).where((JobRun.id == run_id) & JobRun.state.is_in(list(ACTIVE)))


async def get_run(run_id: int) -> dict | None:
    """The run with its result decoded (``result`` is None when the job returned nothing)."""
    row = await JobRun.select().where(JobRun.id == run_id).first()
    if row is None:
        return None
    raw = row["result"]
    try:
        row["result"] = json.loads(raw) if raw else None
    except ValueError:
        row["result"] = raw
    row["active"] = row["state"] in ACTIVE
    return row


HEARTBEAT = dt.timedelta(seconds=15)  # a running tracked job touches its run this often
RUNNING_IDLE = 4 * HEARTBEAT  # no heartbeat for this long: its process died (kill -9, restart)


async def heartbeat(run_id: int) -> None:
    """Keep ``updated_at`` of a running run fresh while its job runs (cancelled at its end), so
    a run whose process died is told apart within a minute, not an hour."""
    import asyncio

    while True:
        await asyncio.sleep(HEARTBEAT.total_seconds())
        await JobRun.update({JobRun.updated_at: clock.now()}).where(
            (JobRun.id == run_id) & (JobRun.state == RUNNING)
        )


async def expire_stale_runs(
    now: dt.datetime, idle: dt.timedelta = dt.timedelta(hours=1)
) -> int:
    """Runs whose process went away are reported failed, not shown as running forever: a
    running one without a heartbeat for :data:`RUNNING_IDLE`, a queued one not moved for
    ``idle`` unless its job is kept in the database waiting for Redis (it will still run).
    Any process may call it (the web's job pump, the worker's sweeps)."""
    from pintar.jobs.tables import JobBacklog

    kept = {
        int(r["job_id"].split(":", 1)[1])
        for r in await JobBacklog.select(JobBacklog.job_id).where(JobBacklog.job_id.like("run:%"))
        if r["job_id"].split(":", 1)[1].isdigit()
    }
    stale = ((JobRun.state == RUNNING) & (JobRun.updated_at < now - RUNNING_IDLE)) | (
        (JobRun.state == QUEUED) & (JobRun.updated_at < now - idle)
    )
    if kept:
        stale = stale & JobRun.id.not_in(sorted(kept))
    gone = await JobRun.update(
        {
            JobRun.state: FAILED,
            JobRun.message: _("Tugas terhenti karena layanan dimulai ulang. Silakan jalankan lagi."),
            JobRun.updated_at: now,
        }
    ).where(stale).returning(JobRun.id)
    return len(gone)


async def prune_runs(
    now: dt.datetime, keep: dt.timedelta = dt.timedelta(days=30)
) -> int:
    gone = await JobRun.delete().where(
        JobRun.state.is_in([DONE, FAILED]) & (JobRun.updated_at < now - keep)
    ).returning(JobRun.id)
    return len(gone)
