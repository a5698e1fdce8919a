from __future__ import annotations

from piccolo.columns import BigInt, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from pintar.auth.tables import Person


class Document(Table):
    """An uploaded file attached to an object of some module (``owner_kind`` + ``owner_id``).

    The bytes live in ``var/uploads/<stored_name>``; ``original_name`` is only a display label
    (sanitised, with the extension of the detected kind). An index on (owner_kind, owner_id) is
    created by the hand-written migration.
    """

    id = Serial(primary_key=True)
    stored_name = Varchar(length=64, unique=True)
    original_name = Varchar(length=255)
    label = Varchar(length=200, default="")
    content_type = Varchar(length=100)
    size = BigInt()
    sha256 = Varchar(length=64)
    owner_kind = Varchar(length=40)
    owner_id = Integer()
    uploaded_by = ForeignKey(references=Person, null=True, on_delete=OnDelete.set_null)
    uploaded_at = Timestamptz()
