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


class JobBacklog(Table):
    """A job accepted while Redis could not take it: kept here, never lost, and handed to Redis
    when it answers again (by any web process's pump or the worker's sweep), then deleted.

    ``payload`` is the pickled ``(args, kwargs)`` (base64), as arq itself would have stored it;
    ``job_id`` is fixed when the row is written, so handing it over twice (a crash between
    "queued in Redis" and the delete) is refused by arq as the same job.
    """

    id = Serial(primary_key=True)
    name = Varchar(length=100)
    job_id = Varchar(length=200, unique=True)
    payload = Text()
    defer_until = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    claimed_until = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
