"""Builders for HaloCik tests: repository entries, PCs, memos and tickets at chosen moments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar.datastructures import UploadFile

from pintar.helpdesk import inventory, service
from tests import sample_files

WIB = dt.timezone(dt.timedelta(hours=7))
# Monday 23 November 2026, 09.00 WIB: an ordinary working morning.
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
MIN = dt.timedelta(minutes=1)


def memo(name: str = "nota-dinas.pdf") -> UploadFile:
    return UploadFile(content_type="application/pdf", filename=name, file_data=sample_files.pdf())


async def make_software(name: str = "SPSS", version: str = "26", **over: Any) -> int:
    data = {"name": name, "version": version, "licence": "gratis", "seats": "0",
            "installer": r"\\nas\installer\spss", "os_list": "Windows 10, Windows 11",
            "min_ram_gb": "4", "min_disk_gb": "5", "cpu_note": "", "notes": "", "active": "on"}
    data.update({k: str(v) for k, v in over.items()})
    return await inventory.save_software(None, data)


async def make_pc(code: str = "3100102001-001", holder: int | None = None, **over: Any) -> int:
    data = {"asset_code": code, "holder": str(holder or ""), "location": "Lantai 2",
            "os": "Windows 11 Pro", "cpu": "Intel Core i5-8500", "ram_gb": "8",
            "disk_total_gb": "256", "disk_free_gb": "120", "last_checked": "2026-11-01",
            "notes": "", "active": "on"}
    data.update({k: str(v) for k, v in over.items()})
    return await inventory.save_pc(None, data, today=MONDAY_9.date())


async def open_install(user: Any, software_id: int | None, pc_id: int, *, at: dt.datetime = MONDAY_9,
                       other: str = "", reason: str = "Untuk olah data survei") -> dict:
    data = {"kind": "instalasi", "software": str(software_id) if software_id else "lain",
            "software_other": other, "pc": str(pc_id), "reason": reason,
            "drafted_at": (at - 3 * MIN).isoformat()}
    return await service.open_ticket(data, user, memo(), now=at)


async def open_help(user: Any, *, at: dt.datetime = MONDAY_9, reason: str = "Printer macet") -> dict:
    data = {"kind": "bantuan", "software": "", "pc": "", "reason": reason}
    return await service.open_ticket(data, user, None, now=at)


async def run_steps(ticket_id: int, steps: list[tuple[str, Any, dict]], start: dt.datetime,
                    gap: dt.timedelta = 5 * MIN) -> dt.datetime:
    """Make each (action, user, kwargs) step ``gap`` after the previous one; returns the time."""
    at = start
    for action, user, kwargs in steps:
        at = at + gap
        await service.act(ticket_id, action, user, now=at, **kwargs)
    return at
