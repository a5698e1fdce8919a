"""Application development sweeps: reminders for stages past their standard (``sweeps.py``)."""

from __future__ import annotations

import datetime as dt

from pintar import jobs
from pintar.appdev import sweeps


@jobs.sweep(every_minutes=15)
async def sweep_requests(ctx: dict) -> dict:
    """Overdue stages: each reminded once per stage visit."""
    now = dt.datetime.now(dt.timezone.utc)  # TODO clock: pintar.clock.now() once it lands
    return {"overdue": await sweeps.remind_overdue(now)}
