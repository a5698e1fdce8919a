"""The module's background work: one sweep every minute (see :mod:`pintar.zoom.sweeps`)."""

from __future__ import annotations

from pintar import clock, jobs
from pintar.zoom import sweeps


@jobs.sweep(every_minutes=1, name="zoom.sweep")
async def zoom_sweep(ctx: dict | None = None) -> dict[str, int]:
    """Expire pending holds, remind about recordings, hand out licence tasks (idempotent)."""
    return await sweeps.run_all(clock.now())
