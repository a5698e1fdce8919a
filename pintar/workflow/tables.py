from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from pintar.auth.tables import Person


class WorkflowEvent(Table):
    """One transition of one item: the history every timing and report is computed from.

    Append-only. (workflow, object_id, at) is indexed by a raw migration.
    """

    id = Serial(primary_key=True)
    workflow = Varchar(length=30)
    object_id = Integer()
    transition = Varchar(length=40, default="")  # "" for the creation event
    from_state = Varchar(length=40, default="")
    to_state = Varchar(length=40)
    actor = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)  # None: system
    at = Timestamptz()
    note = Text(default="")
    document = Integer(null=True, default=None)  # an attached document's id, if any
