"""Tables of the Zoom module.

The rule "one meeting per account at a time, with a buffer" lives in the database: every booking
that holds an account claims each 5-minute slot it covers (its time plus the buffer) as a row of
:class:`ZoomSlot`, and ``(account, slot)`` is unique (raw migration), on SQLite and PostgreSQL.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from pintar.auth.tables import Person, Team


class ZoomAccount(Table):
    """A licensed Zoom account. Login e-mail, password and host key are encrypted at rest."""

    id = Serial(primary_key=True)
    name = Varchar(length=100, unique=True)
    capacity = Integer(default=100)
    login_email_enc = Text(default="")
    password_enc = Text(default="")
    host_key_enc = Text(default="")
    note = Varchar(length=300, default="")
    active = Boolean(default=True)
    updated_at = Timestamptz()


class ZoomBooking(Table):
    """A request to use one of the accounts for a meeting (an item of the SOP-045 workflow)."""

    id = Serial(primary_key=True)
    title = Varchar(length=200)
    requester = ForeignKey(references=Person, on_delete=OnDelete.cascade)
    team = ForeignKey(references=Team, null=True, on_delete=OnDelete.set_null)
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz()
    day = Date(index=True)  # office-local date of the start (kiosk, calendars)
    minutes = Integer(default=0)  # length of the meeting (usage figures)
    participants = Integer(default=1)
    mode = Varchar(length=10, default="online")  # online | hybrid
    agenda = Varchar(length=300, default="")  # the linked agenda item, as text
    document = Integer(null=True, default=None)  # the memo/invitation (files service id)
    account = ForeignKey(references=ZoomAccount, null=True, on_delete=OnDelete.set_null)
    handler = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    state = Varchar(length=20, index=True)
    version = Integer(default=0)
    state_since = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None)
    state_event = Integer(null=True, default=None)  # the step visit the sweeps claim on
    hold_until = Timestamptz(null=True, default=None)  # a pending hold expires at this moment
    reason = Text(default="")  # the last rejection/expiry reason, for the requester
    created_at = Timestamptz()
    # Reminders are claimed once per step visit in workflow_claim (pintar.workflow.claims).


class ZoomSlot(Table):
    """A 5-minute slot of an account held by a booking; ``(account, slot)`` is unique.

    ``slot`` is the number of 5-minute periods since 1970-01-01T00:00Z (an integer, so the
    unique index compares the same way on both engines).
    """

    id = Serial(primary_key=True)
    account = ForeignKey(references=ZoomAccount, on_delete=OnDelete.cascade)
    slot = Integer(index=True)
    booking = ForeignKey(references=ZoomBooking, on_delete=OnDelete.cascade, index=True)


class ZoomUnserved(Table):
    """A request that could not be served: no account free (or none big enough) for its time."""

    id = Serial(primary_key=True)
    at = Timestamptz()
    requester = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    participants = Integer(default=1)
    reason = Varchar(length=20, default="penuh")  # penuh (all busy) | kapasitas (none big enough)
    title = Varchar(length=200, default="")


class ZoomToken(Table):
    """Secret tokens for the read-only kiosk and the iCal feeds (rotated by replacing them).

    ``kind`` is ``kiosk``, ``office_feed`` or ``person_feed`` (then ``person`` is set).
    """

    id = Serial(primary_key=True)
    kind = Varchar(length=20)
    person = ForeignKey(references=Person, null=True, on_delete=OnDelete.cascade)
    token = Varchar(length=64, unique=True)
    created_at = Timestamptz()
