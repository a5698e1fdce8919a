"""A ticket's timeline: every step from the workflow history, how long it took in office time,
and how that compares with SOP-052's standard. Nothing here is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pintar import clock
from pintar import workflow as wf
from pintar.helpdesk.flows import REQUESTER_STANDARD, STEP1_STANDARD, flow_of
from pintar.i18n import gettext as _

MET, LATE, FAST, RUNNING, PAUSED, NONE = "memenuhi", "melebihi", "terlalu_cepat", "berjalan", "jeda", "-"


@dataclass
class Line:
    label: str
    sop_step: str
    entered_at: dt.datetime
    left_at: dt.datetime | None
    actor: str
    left_by: str
    left_via: str
    note: str
    duration: dt.timedelta | None
    standard: str
    status: str
    who_waits: str = ""  # "pemohon" | "pihak lain" for paused steps


def _status(step: wf.Step) -> str:
    if step.paused:
        return PAUSED
    if step.standard is None:
        return NONE
    if step.continued:
        return NONE  # judged together with its resumption
    if step.running:
        return LATE if step.overdue else RUNNING
    if step.too_fast:
        return FAST
    return MET if step.met else LATE


def _judge(spent: dt.timedelta, standard: wf.Standard, running: bool) -> str:
    if spent > standard.maximum:
        return LATE
    if running:
        return RUNNING
    if standard.minimum is not None and spent < standard.minimum:
        return FAST
    return MET


def build(ticket: dict[str, Any], events: list[dict], calendar: Any,
          now: dt.datetime | None = None) -> list[Line]:
    now = now or clock.now()
    flow = flow_of(ticket["kind"])
    names = {e["actor"]: e.get("actor_name") or "" for e in events if e.get("actor")}
    transitions = {t.name: str(t.label) for t in flow.transitions}
    lines: list[Line] = []
    if ticket.get("drafted_at") and events:
        spent = calendar.business_time_between(ticket["drafted_at"], events[0]["at"])
        lines.append(Line(
            _("Pengajuan tiket (pengisian formulir)"), "1", ticket["drafted_at"], events[0]["at"],
            ticket.get("requester_name", ""), ticket.get("requester_name", ""), "", "", spent,
            STEP1_STANDARD.label, _judge(spent, STEP1_STANDARD, False),
        ))
    for step in wf.steps(flow, events, calendar, now):
        state = flow.state(step.state)
        duration: dt.timedelta | None = step.total if step.standard and not step.paused else step.spent
        standard = step.standard.label if step.standard else ""
        status = _status(step)
        who_waits = ""
        if step.paused:
            end = step.left_at or now
            duration = end - step.entered_at  # wall-clock, for information
            who_waits = _("pemohon") if state.waiting == "requester" else _("pihak lain")
            if state.waiting == "requester" and state.step == "6":
                # SOP step 6 is the requester's own: shown against its 30 minutes, never
                # counted in the technicians' compliance.
                duration = calendar.business_time_between(step.entered_at, end)
                standard = REQUESTER_STANDARD.label
                status = _judge(duration, REQUESTER_STANDARD, step.running)
        elif step.running and not step.standard:
            duration = calendar.business_time_between(step.entered_at, now)
        if state.final:
            duration, status = None, NONE
        lines.append(Line(
            step.label, step.sop_step, step.entered_at, step.left_at,
            names.get(step.entered_by, "") if step.entered_by else _("sistem"),
            names.get(step.left_by, "") if step.left_by else "",
            transitions.get(step.left_via, ""), step.note, duration, standard, status, who_waits,
        ))
    return lines


def compliance_summary(lines: list[Line]) -> dict[str, int]:
    judged = [ln for ln in lines if ln.status in (MET, LATE, FAST) and ln.who_waits == ""]
    return {"judged": len(judged), "met": sum(ln.status in (MET, FAST) for ln in judged)}


async def sop_compliance(since: dt.datetime, until: dt.datetime, calendar: Any = None,
                         now: dt.datetime | None = None) -> dict[str, list[wf.Compliance]]:
    """Per kind of ticket opened in ``[since, until)``: for each judged step, how many finished
    within the SOP's standard (for the Reports issue's quarterly and semester figures)."""
    from pintar.helpdesk.flows import FLOWS
    from pintar.helpdesk.tables import Ticket
    from pintar.office.workdays import load_calendar

    calendar = calendar or await load_calendar()
    out: dict[str, list[wf.Compliance]] = {}
    for kind, flow in FLOWS.items():
        rows = await Ticket.select(Ticket.id).where(
            (Ticket.kind == kind) & (Ticket.created_at >= since) & (Ticket.created_at < until)
        )
        histories = await wf.histories(flow, [r["id"] for r in rows])
        out[kind] = wf.compliance(flow, histories, calendar, now)
    return out
