from __future__ import annotations

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from pintar.auth.tables import Person


class Notification(Table):
    """One in-app notification for one person; ``link`` is a path inside the portal."""

    id = Serial(primary_key=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade)
    message = Text()
    link = Varchar(length=500, default="")
    kind = Varchar(length=20, default="info")  # info | action | reminder | escalation
    urgent = Boolean(default=False)
    obj_type = Varchar(length=60, default="")  # what it is about, e.g. "zoom.booking"
    obj_id = Integer(null=True, default=None)
    created_at = Timestamptz()
    read_at = Timestamptz(null=True, default=None)


class OutgoingEmail(Table):
    """The e-mail outbox: a sweep sends what is due (``not_before``) and marks it sent.

    ``claimed_until`` is a short lease so two sweeps never send the same e-mail; a failure
    records ``last_error`` and moves ``not_before`` later (backoff); after too many attempts
    ``failed_at`` is set and the e-mail is given up.
    """

    id = Serial(primary_key=True)
    notification = ForeignKey(references=Notification, null=True, on_delete=OnDelete.set_null)
    person = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    to = Varchar(length=200)
    subject = Varchar(length=300)
    text = Text()
    html = Text(default="")
    created_at = Timestamptz()
    not_before = Timestamptz(index=True)
    claimed_until = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    failed_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
    last_error = Text(default="")
