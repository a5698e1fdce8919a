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


class WorkflowClaim(Table):
    """"Done once for this step visit": a sweep's reminder, escalation or task notice.

    ``visit`` is the id of the history row that entered the step (the item's ``state_event``);
    (visit, kind) is unique (a raw migration), so two sweeps cannot both claim one visit. Written
    in the same transaction as what it guards. See ``pintar.workflow.claims``.
    """

    id = Serial(primary_key=True)
    visit = ForeignKey(references=WorkflowEvent, on_delete=OnDelete.cascade)
    kind = Varchar(length=40)
    at = Timestamptz()
