"""Housekeeping of sign-in data."""

from __future__ import annotations

from pintar import jobs
from pintar.auth import service


@jobs.sweep(every_minutes=60)
async def prune_login_failures(ctx: dict) -> int:
    """Failed logins older than the throttling window no longer count; forget them."""
    return await service.prune_login_failures()
