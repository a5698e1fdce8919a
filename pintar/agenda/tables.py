"""Tables of the agenda.

"Two luring/hybrid activities can't hold one room at overlapping times" lives in the database:
an activity that holds a room claims each 5-minute slot of its time as a row of
:class:`RoomSlot`, and ``(room, slot)`` is unique (raw migration), on SQLite and PostgreSQL.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from pintar.auth.tables import Person
from pintar.office.tables import Room


class Activity(Table, tablename="agenda_activity"):
    """An activity on the office agenda (an item of the agenda workflow)."""

    id = Serial(primary_key=True)
    title = Varchar(length=200)
    category = Varchar(length=20, default="rapat")
    description = Text(default="")
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz()
    day = Date(index=True)  # office-local date of the start (calendars, kiosk)
    method = Varchar(length=10, default="luring")  # luring | daring | hybrid
    room = ForeignKey(references=Room, null=True, on_delete=OnDelete.set_null)
    leader = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    owner = ForeignKey(references=Person, on_delete=OnDelete.cascade)  # the SM of SOP-321
    guests = Text(default="")  # outside guests, free text
    participants = Integer(default=0)  # expected head count (people of the office + guests)
    zoom_booking = Integer(null=True, default=None)  # the Zoom request made for it
    state = Varchar(length=20, index=True)
    version = Integer(default=0)
    state_since = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class ActivityPerson(Table, tablename="agenda_person"):
    """A person of the office taking part; (activity, person) is unique (raw migration)."""

    id = Serial(primary_key=True)
    activity = ForeignKey(references=Activity, on_delete=OnDelete.cascade, index=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade, index=True)


class RoomSlot(Table, tablename="agenda_room_slot"):
    """A 5-minute slot of a room held by an activity; ``(room, slot)`` is unique."""

    id = Serial(primary_key=True)
    room = ForeignKey(references=Room, on_delete=OnDelete.cascade)
    slot = Integer()
    activity = ForeignKey(references=Activity, on_delete=OnDelete.cascade, index=True)
