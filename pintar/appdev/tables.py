"""Application development tables (SOP-057). Composite indexes live in the hand-written
migration ``migrations/appdev/…_indexes.py``.

``Request.state``/``version``/``state_since``/``due_at`` are kept by ``pintar.workflow``; the
precise stage timings always come from the workflow history.
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from pintar.auth.tables import Person, Team


class Application(Table, tablename="ad_application"):
    """An entry of the office's application catalogue ("link aplikasi"): created by a release,
    edited by the PJK Layanan Aplikasi."""

    id = Serial(primary_key=True)
    name = Varchar(length=150)
    search_key = Varchar(length=600, default="")  # lower-case name, team, description: search
    team = ForeignKey(references=Team, null=True, on_delete=OnDelete.set_null)
    url = Varchar(length=300, default="")
    release = Varchar(length=40, default="")  # the application's version ("1.2.0")
    released_on = Date(null=True, default=None)
    maintainer = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    description = Text(default="")
    how_to_change = Text(default="")
    request = Integer(null=True, default=None, unique=True)  # the request that built it
    active = Boolean(default=True)
    version = Integer(default=0)  # compare-and-set for edits
    updated_at = Timestamptz(null=True, default=None)


class Request(Table, tablename="ad_request"):
    """A request for a new application, moving through SOP-057's stages (``flow.REQUEST``)."""

    id = Serial(primary_key=True)
    title = Varchar(length=150)  # the application's name
    purpose = Text(default="")
    users = Text(default="")  # who will use it
    team = ForeignKey(references=Team, null=True, on_delete=OnDelete.set_null, index=True)
    requester = ForeignKey(references=Person, on_delete=OnDelete.restrict, index=True)
    pjk = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null, index=True)
    memo = Integer(null=True, default=None)  # document id of the nota dinas
    state = Varchar(length=40, index=True)
    version = Integer(default=0)
    state_since = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None, index=True)
    state_event = Integer(null=True, default=None)  # the current step visit (sweeps' claims)
    created_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)
    prototype_url = Varchar(length=300, default="")
    release = Varchar(length=40, default="")
    release_url = Varchar(length=300, default="")
    release_notes = Text(default="")
    released_at = Timestamptz(null=True, default=None)
    application = ForeignKey(references=Application, null=True, on_delete=OnDelete.set_null)


class Programmer(Table, tablename="ad_programmer"):
    """A programmer assigned to a request; (request, person) is unique (migration)."""

    id = Serial(primary_key=True)
    request = ForeignKey(references=Request, on_delete=OnDelete.cascade, index=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade, index=True)


class StageDocument(Table, tablename="ad_stage_document"):
    """Which stage a request's document belongs to (the file itself is in ``pintar.files``)."""

    id = Serial(primary_key=True)
    request = ForeignKey(references=Request, on_delete=OnDelete.cascade, index=True)
    document = Integer()
    stage = Varchar(length=40)
    kind = Varchar(length=30)  # memo | srs | sra | desain | prototipe | uji | laporan | lain


class Note(Table, tablename="ad_note"):
    """A dated progress note on a request, visible to everyone who may see the request."""

    id = Serial(primary_key=True)
    request = ForeignKey(references=Request, on_delete=OnDelete.cascade, index=True)
    author = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    stage = Varchar(length=40, default="")
    body = Text()
    at = Timestamptz()


class StageStandard(Table, tablename="ad_standard"):
    """The office's own standard for a stage, overriding the SOP's default (working days)."""

    id = Serial(primary_key=True)
    stage = Varchar(length=40, unique=True)
    min_days = Integer(null=True, default=None)
    max_days = Integer()


class Ticket(Table, tablename="ad_ticket"):
    """A maintenance ticket on a released application: a change request or a problem report
    (``flow.TICKET``)."""

    id = Serial(primary_key=True)
    application = ForeignKey(references=Application, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=12)  # perubahan | masalah
    title = Varchar(length=150)
    body = Text(default="")
    requester = ForeignKey(references=Person, on_delete=OnDelete.restrict, index=True)
    assignee = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    state = Varchar(length=40, index=True)
    version = Integer(default=0)
    state_since = Timestamptz(null=True, default=None)
    state_event = Integer(null=True, default=None)
    created_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)
