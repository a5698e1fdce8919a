"""Application development sweeps: reminders for stages past their standard (``sweeps.py``)."""

from __future__ import annotations

from pintar import clock, jobs
from pintar.appdev import sweeps


@jobs.sweep(every_minutes=15)
async def sweep_requests(ctx: dict) -> dict:
    """Overdue stages: each reminded once per stage visit."""
    return await sweeps.run_all(clock.now())
