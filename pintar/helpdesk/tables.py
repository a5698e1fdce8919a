"""HaloCik tables: the software repository, the PC inventory, tickets, their comments and the
per-year ticket counter. Composite and prefix indexes are created by the hand-written migration.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Real,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from pintar.auth.tables import Person

FREE = "gratis"
LICENSED = "berlisensi"


class Software(Table, tablename="hc_software"):
    """An entry of the office's software repository (Repositori Perangkat Lunak)."""

    id = Serial(primary_key=True)
    name = Varchar(length=150)
    version = Varchar(length=60, default="")
    licence = Varchar(length=12, default=FREE)  # gratis | berlisensi
    seats = Integer(default=0)  # licensed seats; seats in use come from done installations
    installer = Varchar(length=300, default="")  # where the installer lives (share, URL)
    os_list = Varchar(length=300, default="")  # comma-separated OS names the software runs on
    min_ram_gb = Real(null=True, default=None)
    min_disk_gb = Real(null=True, default=None)
    cpu_note = Varchar(length=200, default="")
    notes = Text(default="")
    active = Boolean(default=True)


class Pc(Table, tablename="hc_pc"):
    """A PC or laptop of the office (inventaris BMN)."""

    id = Serial(primary_key=True)
    asset_code = Varchar(length=60, unique=True)  # kode BMN
    holder = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null, index=True)
    location = Varchar(length=150, default="")
    os = Varchar(length=120, default="")
    cpu = Varchar(length=150, default="")
    ram_gb = Real(null=True, default=None)
    disk_total_gb = Real(null=True, default=None)
    disk_free_gb = Real(null=True, default=None)
    last_checked = Date(null=True, default=None)
    notes = Text(default="")
    active = Boolean(default=True)


class Ticket(Table, tablename="hc_ticket"):
    """A HaloCik ticket: a software installation (SOP-052) or general IT help ("bantuan").

    ``state``/``version``/``state_since``/``due_at``/``state_event`` are kept by
    ``pintar.workflow`` (``state_event`` is the current step visit the sweeps' claims key on);
    ``due_at``/``state_since`` are denormalised for sorting and filtering the queue, the precise
    timings always come from the workflow history.
    """

    id = Serial(primary_key=True)
    number = Varchar(length=20, unique=True)  # HC-2026-00042
    year = Integer()
    seq = Integer()
    kind = Varchar(length=10, default="instalasi")  # instalasi | bantuan
    requester = ForeignKey(references=Person, on_delete=OnDelete.restrict, index=True)
    software = ForeignKey(references=Software, null=True, on_delete=OnDelete.set_null, index=True)
    software_other = Varchar(length=150, default="")  # "other" software, not in the repository
    other_key = Varchar(length=150, default="")  # lower-case software_other, for prefix search
    software_label = Varchar(length=220, default="")  # snapshot: name and version when opened
    pc = ForeignKey(references=Pc, null=True, on_delete=OnDelete.set_null, index=True)
    reason = Text(default="")
    memo = Integer(null=True, default=None)  # document id of the nota dinas
    assignee = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    state = Varchar(length=40, index=True)
    version = Integer(default=0)
    state_since = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None, index=True)
    state_event = Integer(null=True, default=None)  # the history row that entered ``state``
    created_at = Timestamptz()
    # When the requester opened the form, for tickets opened before SOP step 1 became the
    # workflow's ``diisi`` state (kept: it is part of their signed work orders).
    drafted_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    check_result = Text(default="")  # JSON snapshot of the spec comparison at the check step
    rating = Integer(null=True, default=None)
    rating_comment = Text(default="")
    signed_at = Timestamptz(null=True, default=None)
    signed_by = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    signed_ip = Varchar(length=64, default="")
    signed_hash = Varchar(length=64, default="")
    signed_event = Integer(null=True, default=None)  # last history event the signature covers


class TicketComment(Table, tablename="hc_comment"):
    id = Serial(primary_key=True)
    ticket = ForeignKey(references=Ticket, on_delete=OnDelete.cascade, index=True)
    author = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    body = Text()
    at = Timestamptz()


class TicketCounter(Table, tablename="hc_counter"):
    """The last ticket number issued per year; bumped with column arithmetic when a ticket opens."""

    id = Serial(primary_key=True)
    year = Integer(unique=True)
    last = Integer(default=0)
