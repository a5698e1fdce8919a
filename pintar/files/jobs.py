"""Housekeeping of uploaded files."""

from __future__ import annotations

from pintar import clock, jobs
from pintar.files import service


@jobs.sweep(minute=43, hour=19)
async def remove_orphan_files(ctx: dict) -> int:
    """Once a day (02.43 WIB): files no document row names, left by a rolled-back upload."""
    return await service.sweep_orphans(clock.now())
