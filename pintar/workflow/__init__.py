"""SOP workflows as data, with history, time standards, claims and the shared timeline
(see docs/modules.md and docs/services.md, "Workflows").

    from pintar import workflow as wf
    wf.Workflow(...), wf.State(...), wf.Transition(...), wf.Precondition(...), wf.Standard.minutes(10)
    await wf.start(WF, item_id, actor_id, at=now, drafted_at=opened_at)   # after inserting the item
    WF.available(item, user, relations, now=now)                          # what to offer
    await wf.transition(WF, item_id, "ambil", user, relations={wf.ASSIGNEE}, at=now)
    wf.timeline(WF, await wf.history(WF, item_id), calendar, now)         # the shared timeline
    await wf.once(row["state_event"], "terlambat", send, at=now)          # once per step visit
"""

from pintar.workflow.claims import claim, claimed, once, unclaimed
from pintar.workflow.definition import (
    ASSIGNEE,
    BUSINESS,
    CALENDAR,
    OWNER,
    REQUESTER,
    WORKING_DAYS,
    Precondition,
    Standard,
    State,
    Transition,
    Workflow,
)
from pintar.workflow.engine import (
    NO_VERSION,
    due_at,
    form_version,
    histories,
    history,
    start,
    transition,
)
from pintar.workflow.timeline import Line, summary, timeline
from pintar.workflow.timing import (
    FAST,
    LATE,
    MET,
    NONE,
    PAUSED,
    RUNNING,
    Compliance,
    Step,
    compliance,
    current,
    deadline,
    judge,
    steps,
)

__all__ = [
    "ASSIGNEE", "BUSINESS", "CALENDAR", "OWNER", "REQUESTER", "WORKING_DAYS",
    "Precondition", "Standard", "State", "Transition", "Workflow",
    "NO_VERSION", "due_at", "form_version", "histories", "history", "start", "transition",
    "claim", "claimed", "once", "unclaimed",
    "Line", "summary", "timeline",
    "FAST", "LATE", "MET", "NONE", "PAUSED", "RUNNING",
    "Compliance", "Step", "compliance", "current", "deadline", "judge", "steps",
]
