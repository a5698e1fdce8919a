"""Jobs accepted while Redis is away: kept in the database, handed to Redis when it is back.

:func:`keep` writes the job (name, arguments, a fixed job id, when it is due) into
:class:`~pintar.jobs.tables.JobBacklog` in its own short transaction; the caller's request goes
on (never a 500). :func:`flush` hands every waiting row to Redis, oldest first, each under a
short lease so two processes never hand the same row over at once, and deletes it once Redis has
it. Any process may flush: each web process's pump does when Redis answers again, and the worker
does every minute (the ``jobs.requeue_backlog`` sweep).

A row handed over twice (a process died between "queued in Redis" and the delete) carries the
same job id both times, so arq refuses the second copy while the first is queued, running, or
its result is kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import pickle
import uuid
from typing import Any, Awaitable, Callable

from pintar import clock
from pintar.jobs.tables import JobBacklog

log = logging.getLogger("pintar.jobs")

LEASE = dt.timedelta(seconds=60)
BATCH = 200

# enqueue(name, args, kwargs, job_id, defer_until) -> anything; raises when Redis is away
Enqueue = Callable[[str, tuple, dict, str, "dt.datetime | None"], Awaitable[Any]]


def new_job_id() -> str:
    return f"kept:{uuid.uuid4().hex}"


def _encode(args: tuple, kwargs: dict) -> str:
    return base64.b64encode(pickle.dumps((tuple(args), dict(kwargs)))).decode("ascii")


def _decode(payload: str) -> tuple[tuple, dict]:
    args, kwargs = pickle.loads(base64.b64decode(payload))  # written by this module only
    return tuple(args), dict(kwargs)


async def keep(
    name: str, args: tuple, kwargs: dict, job_id: str | None, defer_until: dt.datetime | None
) -> str:
    """Store one job for later; returns its job id. Runs outside the caller's transaction (a
    job is enqueued after the commit that made its data, as with Redis)."""
    job_id = job_id or new_job_id()
    existing = await JobBacklog.select(JobBacklog.id).where(JobBacklog.job_id == job_id).first()
    if existing is None:
        await JobBacklog.insert(
            JobBacklog(
                name=name, job_id=job_id, payload=_encode(args, kwargs), defer_until=defer_until,
                created_at=clock.now(), claimed_until=None, attempts=0,
            )
        )
    log.warning("Redis unreachable: job %s (%s) kept in the database until it is back", name, job_id)
    return job_id


async def waiting() -> int:
    return await JobBacklog.count()


async def flush(enqueue: Enqueue, now: dt.datetime | None = None, *, limit: int = BATCH) -> int:
    """Hand waiting jobs to ``enqueue`` (Redis), oldest first; returns how many went. Stops at the
    first failure (Redis still away): the rest wait for the next flush."""
    now = now or clock.now()
    rows = await (
        JobBacklog.select(JobBacklog.id)
        .where(JobBacklog.claimed_until.is_null() | (JobBacklog.claimed_until < now))
        .order_by(JobBacklog.id)
        .limit(limit)
    )
    moved = 0
    for item in rows:
        claimed = await (
            JobBacklog.update(
                {JobBacklog.claimed_until: now + LEASE, JobBacklog.attempts: JobBacklog.attempts + 1}
            )
            .where(
                (JobBacklog.id == item["id"])
                & (JobBacklog.claimed_until.is_null() | (JobBacklog.claimed_until < now))
            )
            .returning(JobBacklog.id, JobBacklog.name, JobBacklog.job_id, JobBacklog.payload,
                       JobBacklog.defer_until)
        )
        if not claimed:
            continue  # another process has it
        row = claimed[0]
        args, kwargs = _decode(row["payload"])
        try:
            await enqueue(row["name"], args, kwargs, row["job_id"], row["defer_until"])
        except Exception as exc:
            await JobBacklog.update({JobBacklog.claimed_until: None}).where(JobBacklog.id == row["id"])
            log.warning("Redis still unreachable (%s); %s job(s) wait", exc, len(rows) - moved)
            break
        await JobBacklog.delete().where(JobBacklog.id == row["id"])
        moved += 1
    if moved:
        log.info("%s kept job(s) handed to Redis", moved)
    return moved
