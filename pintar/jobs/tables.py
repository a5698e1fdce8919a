from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from pintar.auth.tables import Person


class JobRun(Table):
    """A background job a person started and may watch (progress bar at ``/tugas/<id>``).

    ``state`` is queued → running → done | failed; ``result`` holds the job's return value as
    JSON (a dict with ``message`` and optionally ``link``/``link_label`` is shown to the owner).
    """

    id = Serial(primary_key=True)
    kind = Varchar(length=100)  # the registered job name
    label = Varchar(length=200, default="")  # what the person sees ("Laporan semester I")
    owner = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    state = Varchar(length=10, default="queued", index=True)
    progress = Integer(default=0)
    message = Varchar(length=300, default="")
    result = Text(default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()
