"""HaloCik sweeps: SLA alerts for overdue steps, reminders to confirm (see ``alerts.py``)."""

from __future__ import annotations

from pintar import jobs
from pintar.helpdesk import alerts


@jobs.sweep(every_minutes=5)
async def sweep_tickets(ctx: dict) -> dict:
    """Overdue steps and unconfirmed work orders: each told once per step visit."""
    return {"overdue": await alerts.alert_overdue(),
            "reminded": await alerts.remind_requesters()}
