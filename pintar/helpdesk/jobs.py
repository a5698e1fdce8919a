"""HaloCik's registered background work: its sweeps (see ``sweeps.py``)."""

from __future__ import annotations

from pintar import clock, jobs
from pintar.helpdesk import sweeps


@jobs.sweep(every_minutes=5)
async def sweep_tickets(ctx: dict) -> dict:
    """Overdue steps and unconfirmed work orders: each told once per step visit."""
    return await sweeps.run_all(clock.now())
