"""SOP workflows as data, with history and time standards (see docs/services.md, "Workflows").

    from pintar import workflow as wf
    wf.Workflow(...), wf.State(...), wf.Transition(...), wf.Standard.minutes(10)
    await wf.start(WF, item_id, actor_id)                       # after inserting the item
    await wf.transition(WF, item_id, "ambil", user, relations={wf.ASSIGNEE}, at=now)
    wf.steps(WF, await wf.history(WF, item_id), calendar)        # timings against standards
"""

from pintar.workflow.definition import (
    ASSIGNEE,
    BUSINESS,
    CALENDAR,
    OWNER,
    REQUESTER,
    WORKING_DAYS,
    Standard,
    State,
    Transition,
    Workflow,
)
from pintar.workflow.engine import NO_VERSION, due_at, form_version, histories, history, start, transition
from pintar.workflow.timing import Compliance, Step, compliance, current, deadline, steps

__all__ = [
    "ASSIGNEE", "BUSINESS", "CALENDAR", "OWNER", "REQUESTER", "WORKING_DAYS",
    "Standard", "State", "Transition", "Workflow",
    "NO_VERSION", "due_at", "form_version", "histories", "history", "start", "transition",
    "Compliance", "Step", "compliance", "current", "deadline", "steps",
]
