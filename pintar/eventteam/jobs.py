"""The Event Team's background work: the reminder sweep (see :mod:`pintar.eventteam.sweeps`)."""

from __future__ import annotations

from pintar import clock, jobs
from pintar.eventteam import sweeps


@jobs.sweep(every_minutes=5, name="eventteam.sweep")
async def eventteam_sweep(ctx: dict | None = None) -> dict[str, int]:
    """Remind the CC (step 5) and the SM (step 6), once per due reminder."""
    return await sweeps.run_all(clock.now())
