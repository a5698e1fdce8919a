"""The thin facade every module uses for background work (so the queue library could change).

With ``PINTAR_REDIS_URL`` set, jobs are enqueued to arq and run by ``pintar.worker``; without it,
the same job functions run inside the web process (see the Shared services issue).
"""

from __future__ import annotations

from typing import Any

from pintar.config import Settings


class Runner:
    """Placeholder-free minimal runner: holds the arq pool when Redis is configured."""

    def __init__(self, pool: Any | None) -> None:
        self.pool = pool


async def start(settings: Settings) -> Runner:
    pool = None
    if settings.redis_url:
        from arq import create_pool
        from arq.connections import RedisSettings

        pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    return Runner(pool)


async def stop(runner: Runner) -> None:
    if runner.pool is not None:
        await runner.pool.aclose()


async def redis_ok(runner: Runner | None) -> bool | None:
    """True/False for a configured Redis, None when none is configured."""
    if runner is None or runner.pool is None:
        return None
    try:
        return bool(await runner.pool.ping())
    except Exception:
        return False
