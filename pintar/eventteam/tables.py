"""Tables of the Event Team.

"A person can't serve in two overlapping activities" lives in the database: an assignment
claims each 5-minute slot of its activity's time as a row of :class:`PersonSlot`, and
``(person, slot)`` is unique (raw migration), on SQLite and PostgreSQL.
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

from pintar.agenda.tables import Activity
from pintar.auth.tables import Person


class EventTeam(Table, tablename="et_team"):
    """One Event Team of a year's assignment letter."""

    id = Serial(primary_key=True)
    year = Integer(index=True)
    name = Varchar(length=100)


class DutyMonth(Table, tablename="et_duty_month"):
    """A month a team is on duty; ``(year, month)`` is unique (one team per month)."""

    id = Serial(primary_key=True)
    team = ForeignKey(references=EventTeam, on_delete=OnDelete.cascade, index=True)
    year = Integer()
    month = Integer()


class TeamMember(Table, tablename="et_member"):
    """A member of a team; ``lead`` marks its Ketua. ``(team, person)`` is unique."""

    id = Serial(primary_key=True)
    team = ForeignKey(references=EventTeam, on_delete=OnDelete.cascade, index=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade, index=True)
    lead = Boolean(default=False)


class RoleType(Table, tablename="et_role_type"):
    """A role the team fills at an activity (koordinator, moderator, MC, ...)."""

    id = Serial(primary_key=True)
    name = Varchar(length=60, unique=True)
    position = Integer(default=0)
    active = Boolean(default=True)


class Unavailable(Table, tablename="et_unavailable"):
    """Dates a member can't serve (inclusive)."""

    id = Serial(primary_key=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade, index=True)
    starts_on = Date()
    ends_on = Date()
    note = Varchar(length=200, default="")


class Support(Table, tablename="et_support"):
    """The Event Team's support of one activity (an item of the SOP-321 workflow)."""

    id = Serial(primary_key=True)
    activity = ForeignKey(references=Activity, on_delete=OnDelete.cascade, unique=True)
    team = ForeignKey(references=EventTeam, null=True, on_delete=OnDelete.set_null)
    lead = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    requested_by = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    requested_at = Timestamptz()
    late = Boolean(default=False)  # asked fewer than 3 working days ahead
    earliest_start = Date(null=True, default=None)  # what the rule would have allowed
    state = Varchar(length=20, index=True)
    version = Integer(default=0)
    state_since = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None)
    notified_at = Timestamptz(null=True, default=None)  # the lead and CC told (once)
    eval_sent_reminded = Integer(default=0)  # reminders to the CC sent (sweep)
    eval_fill_reminded = Integer(default=0)  # reminders to the SM sent (sweep)
    satisfaction = Integer(null=True, default=None)  # 1-5, the SM's evaluation
    went_well = Text(default="")
    to_improve = Text(default="")
    internal_notes = Text(default="")  # the lead's internal evaluation


class RoleNeed(Table, tablename="et_role_need"):
    """How many people of a role an activity needs; ``(support, role)`` is unique."""

    id = Serial(primary_key=True)
    support = ForeignKey(references=Support, on_delete=OnDelete.cascade, index=True)
    role = ForeignKey(references=RoleType, on_delete=OnDelete.cascade)
    count = Integer(default=1)


class Assignment(Table, tablename="et_assignment"):
    """A person serving in a role at an activity."""

    id = Serial(primary_key=True)
    support = ForeignKey(references=Support, on_delete=OnDelete.cascade, index=True)
    role = ForeignKey(references=RoleType, on_delete=OnDelete.cascade)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade, index=True)
    starts_at = Timestamptz(index=True)  # the activity's time, for rotation counts
    assigned_by = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    assigned_at = Timestamptz()
    override = Text(default="")  # the warning the lead overrode, and why
    no_show = Boolean(default=False)
    rating = Integer(null=True, default=None)  # 1-5 by the SM


class PersonSlot(Table, tablename="et_person_slot"):
    """A 5-minute slot of a person held by an assignment; ``(person, slot)`` is unique."""

    id = Serial(primary_key=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade)
    slot = Integer()
    assignment = ForeignKey(references=Assignment, on_delete=OnDelete.cascade, index=True)
