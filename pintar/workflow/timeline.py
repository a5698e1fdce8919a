"""The timeline every module shows: one line per step visit, judged by the engine's verdicts.

    lines = wf.timeline(FLOW, await wf.history(FLOW, item_id), calendar, now)
    {% include "workflow/_timeline.html" %}          (with ``lines`` and ``tz`` in the context)

Nothing here is stored or judged anew: durations and verdicts come from ``timing.steps``. A line
names who performed the step (who moved the item out of it) and, where that differs, who started
it; a running step has no performer yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from pintar.i18n import gettext as _
from pintar.workflow.definition import Workflow
from pintar.workflow.timing import FAST, LATE, MET, NONE, PAUSED, RUNNING, steps

TONES = {MET: "ok", LATE: "late", FAST: "warn", RUNNING: "", PAUSED: "", NONE: ""}


@dataclass
class Line:
    label: str
    sop_step: str
    entered_at: dt.datetime
    left_at: dt.datetime | None
    started_by: str  # who moved the item into the step ("sistem" for a sweep)
    performed_by: str  # who moved it out: the one who did the step ("" while it runs)
    via: str  # the label of the transition that ended the step
    note: str  # the note of the transition that started it (a reason, a hold)
    duration: dt.timedelta | None  # in the standard's unit; wall-clock for a plain wait
    standard: str  # the standard as the SOP writes it ("5-10 menit")
    status: str  # MET, LATE, FAST, RUNNING, PAUSED or NONE (see ``timing``)
    who_waits: str = ""  # "pemohon" | "pihak lain" on a waiting step
    own: bool = False  # a wait judged against the waiting party's own standard

    @property
    def running(self) -> bool:
        return self.left_at is None

    @property
    def tone(self) -> str:
        return TONES.get(self.status, "")

    @property
    def judged_for_office(self) -> bool:
        return self.status in (MET, LATE, FAST) and not self.own


def timeline(wf: Workflow, events: Iterable[dict], calendar: Any, now: dt.datetime) -> list[Line]:
    """The item's steps as lines for the shared partial (``events`` from ``wf.history``)."""
    events = list(events)
    names = {e["actor"]: e.get("actor_name") or "" for e in events if e.get("actor")}
    labels = {t.name: str(t.label) for t in wf.transitions}
    system = _("sistem")
    lines: list[Line] = []
    for step in steps(wf, events, calendar, now):
        state = wf.by_state.get(step.state)
        final = bool(state and state.final)
        if final:
            duration: dt.timedelta | None = None
        elif step.paused and not step.own:
            duration = (step.left_at or now) - step.entered_at  # wall-clock, for information
        elif step.standard is not None and not step.paused:
            duration = step.total
        else:
            duration = step.spent
        who_waits = ""
        if step.paused and state is not None:
            who_waits = _("pemohon") if state.waiting == "requester" else _("pihak lain")
        if step.running:
            performed = ""
        else:
            performed = names.get(step.left_by, "") if step.left_by else system
        lines.append(Line(
            label=step.label,
            sop_step=step.sop_step,
            entered_at=step.entered_at,
            left_at=step.left_at,
            started_by=names.get(step.entered_by, "") if step.entered_by else system,
            performed_by=performed,
            via=labels.get(step.left_via, ""),
            note=step.note,
            duration=duration,
            standard=step.standard.label if step.standard else "",
            status=NONE if final else step.verdict,
            who_waits=who_waits,
            own=step.own,
        ))
    return lines


def summary(lines: list[Line]) -> dict[str, int]:
    """How many of the office's steps were judged, and how many met their standard (a range's
    "too fast" counts as met: the work was done in time)."""
    judged = [ln for ln in lines if ln.judged_for_office]
    return {"judged": len(judged), "met": sum(ln.status in (MET, FAST) for ln in judged)}
