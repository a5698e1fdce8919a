"""Step timings from the history: when each step started, how long it took in office time,
whether it met the SOP's standard, and what is overdue now.

Waiting states pause the office's clock. A waiting state may carry the waiting party's own
standard (SOP-052 step 6, the requester's 30 minutes): such a step is measured and judged for the
waiting party (``Step.own``, ``Step.verdict``) but never counts in the office's compliance. A step interrupted by a wait and then resumed (for example the
technician's check, held for a licence, then taken up again) is one step: the time before and after
the wait is added up and compared with the standard once. Nothing here is stored; everything is
recomputed from the history, so a changed standard or calendar never loses a pause.

The ``calendar`` is the office's working-day calendar (``pintar.office.calendar.WorkCalendar``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from pintar import clock
from pintar.workflow.definition import (
    BUSINESS,
    CALENDAR,
    WORKING_DAYS,
    Standard,
    Workflow,
)

MET, LATE, FAST, RUNNING, PAUSED, NONE = (
    "memenuhi", "melebihi", "terlalu_cepat", "berjalan", "jeda", "-")


def judge(spent: dt.timedelta, standard: Standard, running: bool) -> str:
    """Time spent against a standard: LATE once past the maximum (even while running), RUNNING
    until then; finished: FAST under a range's minimum, else MET."""
    if spent > standard.maximum:
        return LATE
    if running:
        return RUNNING
    if standard.minimum is not None and spent < standard.minimum:
        return FAST
    return MET


@dataclass
class Step:
    state: str
    label: str
    sop_step: str
    standard: Standard | None
    entered_at: dt.datetime
    left_at: dt.datetime | None
    entered_by: int | None
    left_by: int | None = None
    left_via: str = ""
    note: str = ""
    paused: bool = False
    spent: dt.timedelta = dt.timedelta(0)  # this visit only, in the standard's unit
    total: dt.timedelta = dt.timedelta(0)  # including earlier visits before a wait
    continued: bool = False  # resumed later after a wait: judged on the later visit
    due_at: dt.datetime | None = None  # for the running step
    events: list[dict] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.left_at is None

    @property
    def own(self) -> bool:
        """A wait with the waiting party's own standard (judged for them, not the office)."""
        return self.paused and self.standard is not None

    @property
    def verdict(self) -> str:
        """The step against its standard, for screens: MET, LATE, FAST, RUNNING, PAUSED or NONE.

        The office's steps are judged on their total (before and after a wait); a wait is
        PAUSED unless it has its own standard, then it is judged on its own time."""
        if self.paused and not self.own:
            return PAUSED
        if self.standard is None or self.continued:
            return NONE
        return judge(self.total, self.standard, self.running)

    @property
    def judged(self) -> bool:
        return self.standard is not None and not self.paused and not self.continued

    @property
    def met(self) -> bool | None:
        """True/False once finished; None while running or when there is no standard."""
        if not self.judged or self.running:
            return None
        return self.total <= self.standard.maximum  # type: ignore[union-attr]

    @property
    def overdue(self) -> bool:
        if not self.judged:
            return False
        return self.total > self.standard.maximum  # type: ignore[union-attr]

    @property
    def too_fast(self) -> bool:
        """Finished faster than a range's minimum (e.g. a 20-30 minute install in 2 minutes)."""
        if not self.judged or self.running or self.standard.minimum is None:  # type: ignore[union-attr]
            return False
        return self.total < self.standard.minimum  # type: ignore[union-attr]


def spent_between(standard: Standard | None, start: dt.datetime, end: dt.datetime, calendar: Any) -> dt.timedelta:
    if end <= start:
        return dt.timedelta(0)
    unit = standard.unit if standard else BUSINESS
    if unit == CALENDAR:
        return end - start
    if unit == WORKING_DAYS:
        tz = calendar.tz
        days = calendar.working_days_between(start.astimezone(tz).date(), end.astimezone(tz).date())
        return dt.timedelta(days=max(0, days))
    return calendar.business_time_between(start, end)


def deadline(standard: Standard, entered: dt.datetime, carried: dt.timedelta, calendar: Any) -> dt.datetime:
    """When a step with ``carried`` time already spent, resumed at ``entered``, becomes late."""
    left = max(dt.timedelta(0), standard.maximum - carried)
    if standard.unit == CALENDAR:
        return entered + left
    if standard.unit == WORKING_DAYS:
        return calendar.deadline_working_days(entered, int(left.days))
    return calendar.add_business_minutes(entered, int(left.total_seconds() // 60))


def steps(wf: Workflow, events: Iterable[dict], calendar: Any, now: dt.datetime | None = None) -> list[Step]:
    """The item's steps, oldest first, from its history events."""
    now = now or clock.now()
    out: list[Step] = []

    def close(step: Step, end: dt.datetime, carried: dt.timedelta) -> None:
        paused_only = step.paused and step.standard is None
        step.spent = (
            dt.timedelta(0) if paused_only else spent_between(step.standard, step.entered_at, end, calendar)
        )
        step.total = carried + step.spent

    carried_for: dict[int, dt.timedelta] = {}
    for event in events:
        if out:
            last = out[-1]
            last.left_at = event["at"]
            last.left_by = event.get("actor")
            last.left_via = event.get("transition", "")
            close(last, event["at"], carried_for.get(len(out) - 1, dt.timedelta(0)))
        state = wf.by_state.get(event["to_state"])
        step = Step(
            state=event["to_state"],
            label=str(state.label) if state else event["to_state"],
            sop_step=state.step if state else "",
            standard=state.standard if state else None,
            entered_at=event["at"],
            left_at=None,
            entered_by=event.get("actor"),
            note=event.get("note", ""),
            paused=bool(state and state.paused),
            events=[event],
        )
        # Resuming after a wait: the step before the wait continues here.
        if len(out) >= 2 and out[-1].paused and out[-2].state == step.state and not out[-2].paused:
            out[-2].continued = True
            carried_for[len(out)] = out[-2].total
        out.append(step)
    if out and out[-1].running:
        last = out[-1]
        carried = carried_for.get(len(out) - 1, dt.timedelta(0))
        close(last, max(now, last.entered_at), carried)
        if last.judged:
            last.due_at = deadline(last.standard, last.entered_at, carried, calendar)  # type: ignore[arg-type]
    return out


def current(steps_: list[Step]) -> Step | None:
    return steps_[-1] if steps_ and steps_[-1].running else None


@dataclass
class Compliance:
    """How often one step met its standard over many items (for the SOP report)."""

    state: str
    label: str
    sop_step: str
    standard: Standard | None
    finished: int = 0
    met: int = 0
    running_overdue: int = 0
    total_time: dt.timedelta = dt.timedelta(0)

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.met / self.finished, 1) if self.finished else None

    @property
    def average(self) -> dt.timedelta | None:
        return self.total_time / self.finished if self.finished else None


def compliance(wf: Workflow, histories: dict[int, list[dict]], calendar: Any, now: dt.datetime | None = None) -> list[Compliance]:
    """Per judged state: finished steps, how many met the standard, overdue ones still running."""
    table = {
        s.code: Compliance(s.code, str(s.label), s.step, s.standard)
        for s in wf.states
        if s.standard is not None and not s.paused
    }
    for events in histories.values():
        for step in steps(wf, events, calendar, now):
            entry = table.get(step.state)
            if entry is None or not step.judged:
                continue
            if step.running:
                entry.running_overdue += int(step.overdue)
                continue
            entry.finished += 1
            entry.met += int(bool(step.met))
            entry.total_time += step.total
    return list(table.values())
