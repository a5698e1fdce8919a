"""Fixtures for the background-jobs tests: an isolated registry, Redis db, a reminder table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from typing import AsyncIterator

import pytest
from piccolo.columns import Integer, Serial, Timestamptz
from piccolo.table import Table

from pintar import jobs
from pintar.db import write_transaction
from pintar.jobs.registry import REGISTRY
from pintar.notify import notify

REDIS_URL = os.environ.get("PINTAR_TEST_REDIS_URL", "")


@pytest.fixture
def registry():
    """Jobs a test registers are forgotten afterwards (the modules' own stay)."""
    jobs.load_modules()
    saved = dict(REGISTRY.defs)
    yield REGISTRY
    REGISTRY.defs.clear()
    REGISTRY.defs.update(saved)


@pytest.fixture
async def runner() -> AsyncIterator[jobs.Runner]:
    """An in-process runner without the minute timer (tests tick it themselves)."""
    from pintar.config import get_settings

    r = await jobs.start(get_settings(), sweeps=False)
    yield r
    await jobs.stop(r)


@pytest.fixture
async def redis_settings():
    """Settings pointing at the test Redis database, emptied first."""
    if not REDIS_URL:
        pytest.skip("PINTAR_TEST_REDIS_URL is not set")
    from arq import create_pool
    from arq.connections import RedisSettings

    from pintar.config import get_settings

    pool = await create_pool(RedisSettings.from_dsn(REDIS_URL))
    await pool.flushdb()
    await pool.aclose()
    return dataclasses.replace(get_settings(), redis_url=REDIS_URL)


class ReminderProbe(Table, tablename="test_reminder_probe"):
    """A stand-in for any module's "remind at due_at" rows (Zoom recordings, evaluations…)."""

    id = Serial(primary_key=True)
    person_id = Integer()
    due_at = Timestamptz()
    reminded_at = Timestamptz(null=True, default=None)


@pytest.fixture
async def probe() -> AsyncIterator[type[ReminderProbe]]:
    await ReminderProbe.create_table(if_not_exists=True)
    await ReminderProbe.delete(force=True)
    yield ReminderProbe
    await ReminderProbe.alter().drop_table(if_exists=True)


class Killed(Exception):
    """The worker "dies" here."""


async def remind_due(
    now: dt.datetime, *, die_after: int | None = None, die_inside: int | None = None
) -> int:
    """The house pattern for a reminder sweep: find due, then claim and notify atomically.

    ``die_after=n`` kills the sweep after n reminders were committed; ``die_inside=n`` kills it
    inside the n-th reminder's transaction, after the claim and before the notification.
    """
    due = await (
        ReminderProbe.select()
        .where((ReminderProbe.due_at <= now) & ReminderProbe.reminded_at.is_null())
        .order_by(ReminderProbe.id)
    )
    sent = 0
    for row in due:
        async with write_transaction():
            if not await jobs.claim_once(ReminderProbe, row["id"], ReminderProbe.reminded_at, now):
                continue
            if die_inside is not None and sent + 1 == die_inside:
                raise Killed()
            await notify(
                row["person_id"],
                f"Pengingat nomor {row['id']}",
                f"/uji/{row['id']}",
                kind="reminder",
                urgent=True,
                obj=("uji.probe", row["id"]),
                now=now,
            )
        sent += 1
        if die_after is not None and sent == die_after:
            raise Killed()
    return sent
