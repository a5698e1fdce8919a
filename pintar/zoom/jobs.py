"""The module's background work: one sweep every minute (see :mod:`pintar.zoom.sweeps`)."""

from __future__ import annotations

from pintar import clock, jobs
from pintar.zoom import sweeps


async def zoom_sweep(ctx: dict | None = None) -> dict[str, int]:
    """Expire pending holds, remind about recordings, hand out licence tasks (idempotent)."""
    return await sweeps.run_all(clock.now())


# Registered with the job registry of the shared services (h/notify) when it is present.
if hasattr(jobs, "sweep"):
    zoom_sweep = jobs.sweep(every_minutes=1, name="zoom.sweep")(zoom_sweep)
