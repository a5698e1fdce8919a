"""The work order (Dokumen Perintah Kerja) and its signature by the requester.

The signature is the requester's confirmation on the portal: time, person, IP address and the
SHA-256 of the work order's *canonical content* — the ticket's own facts (number, kind, requester,
software and PC as recorded, reason, memo and its hash, technician, the spec check snapshot) plus
every history event up to and including the confirmation. The same content is recomputed whenever
the work order is shown; if it no longer gives the stored hash, the page says the document changed
since it was signed. Names of people are not part of it (a name correction is not a change of the
document); their ids are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pintar import workflow as wf
from pintar.files import service as files
from pintar.helpdesk.opening import OWNER_KIND
from pintar.helpdesk.tables import Ticket
from pintar.workflow.tables import WorkflowEvent

FIELDS = ("id", "number", "kind", "requester", "software", "software_label", "software_other",
          "pc", "pc_code", "reason", "memo", "assignee", "check_result", "created_at",
          "drafted_at")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
    return value


async def canonical(ticket_id: int, workflow_name: str, upto_event: int) -> dict[str, Any]:
    row = await Ticket.select(
        Ticket.all_columns(), Ticket.pc.asset_code.as_alias("pc_code")
    ).where(Ticket.id == ticket_id).first()
    if row is None:
        return {}
    memo_hash = ""
    if row["memo"]:
        for doc in await files.documents_of(OWNER_KIND, ticket_id):
            if doc["id"] == row["memo"]:
                memo_hash = doc.get("sha256", "")
    events = await (
        WorkflowEvent.select(
            WorkflowEvent.id, WorkflowEvent.transition, WorkflowEvent.from_state,
            WorkflowEvent.to_state, WorkflowEvent.actor, WorkflowEvent.at, WorkflowEvent.note,
            WorkflowEvent.document,
        )
        .where(
            (WorkflowEvent.workflow == workflow_name)
            & (WorkflowEvent.object_id == ticket_id)
            & (WorkflowEvent.id <= upto_event)
        )
        .order_by(WorkflowEvent.id)
    )
    return {
        "ticket": {k: _plain(row[k]) for k in FIELDS},
        "memo_sha256": memo_hash,
        "events": [{k: _plain(v) for k, v in e.items()} for e in events],
    }


def digest(content: dict[str, Any]) -> str:
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def sign(ticket_id: int, flow: wf.Workflow, user: Any, ip: str, now: dt.datetime) -> dict:
    """Inside the confirming transaction: the hash of the work order as it stands now."""
    last = await (
        WorkflowEvent.select(WorkflowEvent.id)
        .where((WorkflowEvent.workflow == flow.name) & (WorkflowEvent.object_id == ticket_id))
        .order_by(WorkflowEvent.id, ascending=False)
        .first()
    )
    event_id = int(last["id"]) if last else 0
    return {"hash": digest(await canonical(ticket_id, flow.name, event_id)), "event": event_id}


async def verify(ticket: dict[str, Any], flow: wf.Workflow) -> bool | None:
    """True if the signed work order is unchanged, False if it changed, None if not signed."""
    if not ticket.get("signed_hash"):
        return None
    content = await canonical(ticket["id"], flow.name, int(ticket["signed_event"] or 0))
    return digest(content) == ticket["signed_hash"]
