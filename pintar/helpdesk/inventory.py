"""The software repository and the PC inventory, managed by PJK TI and technicians.

Seats in use are never stored: they are the distinct PCs with a done installation ticket of the
software, so they always agree with the tickets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from pintar.auth.tables import Person
from pintar.db import is_unique_violation, write_transaction
from pintar.errors import NotFound
from pintar.helpdesk.flow import INSTALL
from pintar.helpdesk.tables import FREE, LICENSED, Pc, Software, Ticket
from pintar.i18n import gettext as _
from pintar.web.forms import FormInvalid, Reader

SOFTWARE_FIELDS = ["name", "version", "licence", "seats", "installer", "os_list", "min_ram_gb",
                   "min_disk_gb", "cpu_note", "notes", "active"]
PC_FIELDS = ["asset_code", "holder", "location", "os", "cpu", "ram_gb", "disk_total_gb",
             "disk_free_gb", "last_checked", "notes", "active"]


# --- software repository ---------------------------------------------------------------------


def read_software(data: Mapping[str, Any]) -> dict[str, Any]:
    r = Reader(data)
    values = {
        "name": r.text("name", _("Nama perangkat lunak"), limit=150, required=True),
        "version": r.text("version", _("Versi"), limit=60),
        "licence": r.choice("licence", _("Jenis lisensi"), (FREE, LICENSED)),
        "seats": r.integer("seats", _("Jumlah kursi lisensi"), maximum=100_000) or 0,
        "installer": r.text("installer", _("Lokasi pemasang"), limit=300),
        "os_list": r.text("os_list", _("Sistem operasi"), limit=300),
        "min_ram_gb": r.number("min_ram_gb", _("RAM minimal"), maximum=4096),
        "min_disk_gb": r.number("min_disk_gb", _("Ruang disk minimal"), maximum=100_000),
        "cpu_note": r.text("cpu_note", _("Catatan prosesor"), limit=200),
        "notes": r.text("notes", _("Catatan"), limit=2000, multiline=True),
        "active": r.raw("active") in ("on", "1", "true"),
    }
    if values["licence"] == LICENSED and not values["seats"] and "seats" not in r.errors:
        r.fail("seats", _("Perangkat lunak berlisensi perlu jumlah kursi (minimal 1)."))
    if values["licence"] == FREE:
        values["seats"] = 0
    r.done()
    return values


async def save_software(software_id: int | None, data: Mapping[str, Any]) -> int:
    values = read_software(data)
    if software_id is None:
        rows = await Software.insert(Software(**values)).returning(Software.id)
        return int(rows[0]["id"])
    done = await Software.update({getattr(Software, k): v for k, v in values.items()}).where(
        Software.id == software_id
    ).returning(Software.id)
    if not done:
        raise NotFound(_("Perangkat lunak tidak ditemukan."))
    return software_id


async def get_software(software_id: int) -> dict | None:
    if not 0 < software_id <= 2**31 - 1:
        return None
    return await Software.select().where(Software.id == software_id).first()


def _done_installations():
    return (Ticket.kind == INSTALL) & (Ticket.state == "selesai")


async def seats_used(software_id: int) -> int:
    """Distinct PCs with a done installation of the software."""
    rows = await Ticket.select(Ticket.pc).where(
        (Ticket.software == software_id) & _done_installations() & Ticket.pc.is_not_null()
    ).distinct()
    return len(rows)


async def installed_on(software_id: int, pc_id: int) -> bool:
    return bool(await Ticket.exists().where(
        (Ticket.software == software_id) & (Ticket.pc == pc_id) & _done_installations()
    ))


async def list_software(*, active_only: bool = False) -> list[dict]:
    query = Software.select().order_by(Software.name).order_by(Software.version)
    if active_only:
        query = query.where(Software.active == True)  # noqa: E712
    rows = await query
    used: dict[int, int] = {}
    pairs = await Ticket.select(Ticket.software, Ticket.pc).where(
        _done_installations() & Ticket.software.is_not_null() & Ticket.pc.is_not_null()
    ).distinct()
    for pair in pairs:
        used[pair["software"]] = used.get(pair["software"], 0) + 1
    for row in rows:
        row["seats_used"] = used.get(row["id"], 0)
        row["seats_left"] = max(0, row["seats"] - row["seats_used"]) if row["licence"] == LICENSED else None
    return rows


def software_label(row: Mapping[str, Any]) -> str:
    return f"{row['name']} {row['version']}".strip()


# --- PC inventory ----------------------------------------------------------------------------


async def read_pc(data: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """``today`` is the office's date (``clock.today(calendar.tz)``): a check is never in its future."""
    r = Reader(data)
    holder = r.integer("holder", _("Pemegang"), minimum=1, maximum=2**31 - 1)
    values = {
        "asset_code": r.text("asset_code", _("Kode aset BMN"), limit=60, required=True),
        "holder": holder,
        "location": r.text("location", _("Lokasi"), limit=150),
        "os": r.text("os", _("Sistem operasi"), limit=120),
        "cpu": r.text("cpu", _("Prosesor"), limit=150),
        "ram_gb": r.number("ram_gb", _("RAM"), maximum=4096),
        "disk_total_gb": r.number("disk_total_gb", _("Kapasitas disk"), maximum=1_000_000),
        "disk_free_gb": r.number("disk_free_gb", _("Ruang disk kosong"), maximum=1_000_000),
        "last_checked": r.date("last_checked", _("Terakhir diperiksa")),
        "notes": r.text("notes", _("Catatan"), limit=2000, multiline=True),
        "active": r.raw("active") in ("on", "1", "true"),
    }
    total, free = values["disk_total_gb"], values["disk_free_gb"]
    if total is not None and free is not None and free > total:
        r.fail("disk_free_gb", _("Ruang kosong tidak boleh melebihi kapasitas disk."))
    if values["last_checked"] and values["last_checked"] > today:
        r.fail("last_checked", _("Tanggal pemeriksaan tidak boleh di masa depan."))
    if holder is not None and not await Person.exists().where(Person.id == holder):
        r.fail("holder", _("Pemegang tidak ditemukan."))
    r.done()
    return values


async def save_pc(pc_id: int | None, data: Mapping[str, Any], *, today: dt.date) -> int:
    values = await read_pc(data, today=today)
    try:
        async with write_transaction():
            if pc_id is None:
                rows = await Pc.insert(Pc(**values)).returning(Pc.id)
                return int(rows[0]["id"])
            done = await Pc.update({getattr(Pc, k): v for k, v in values.items()}).where(
                Pc.id == pc_id
            ).returning(Pc.id)
            if not done:
                raise NotFound(_("PC tidak ditemukan."))
            return pc_id
    except Exception as exc:
        if is_unique_violation(exc):
            raise FormInvalid({"asset_code": _("Kode aset ini sudah terdaftar.")}) from exc
        raise


_PC_COLUMNS = (Pc.all_columns(), Pc.holder.name.as_alias("holder_name"))


async def get_pc(pc_id: int) -> dict | None:
    if not 0 < pc_id <= 2**31 - 1:
        return None
    return await Pc.select(*_PC_COLUMNS).where(Pc.id == pc_id).first()


async def list_pcs(*, active_only: bool = False) -> list[dict]:
    query = Pc.select(*_PC_COLUMNS).order_by(Pc.asset_code)
    if active_only:
        query = query.where(Pc.active == True)  # noqa: E712
    return await query


async def pcs_for(person_id: int) -> list[dict]:
    """Active PCs for the ticket form: the person's own first, then the rest."""
    rows = await list_pcs(active_only=True)
    return sorted(rows, key=lambda r: (r["holder"] != person_id, r["asset_code"]))


async def installations(pc_id: int) -> list[dict]:
    """Software installed on a PC, from its done installation tickets (newest first)."""
    return await (
        Ticket.select(
            Ticket.id, Ticket.number, Ticket.software_label, Ticket.closed_at,
            Ticket.assignee.name.as_alias("technician"),
        )
        .where((Ticket.pc == pc_id) & _done_installations())
        .order_by(Ticket.closed_at, ascending=False)
    )


async def people_choices() -> list[dict]:
    return await Person.select(Person.id, Person.name).where(
        Person.active == True  # noqa: E712
    ).order_by(Person.name)
