"""Server-drawn charts as view models for inline SVG (no chart library, no script).

- ``stage_chart``: a request's stages as horizontal bars, the planned range (hatched, from
  entering the stage to its maximum, with a tick at its minimum) against the actual time (solid),
  and the stages still ahead projected from today; each row says its verdict in words, so the
  chart reads without colour;
- ``gantt``: many requests on one time axis, one row each: the stages done and the one running
  (solid), the running stage's remaining time to its deadline (hatched), "terlambat" in words.

Verdicts come from the engine's ``Step`` (met / overdue / too_fast / paused); nothing is judged
here. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from pintar import workflow as wf
from pintar.i18n import format_day_short
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l

WIDTH = 900
LABEL_W = 250  # the label column
VERDICT_W = 175  # the verdict column on the right
ROW_H = 30
TOP = 26  # the axis labels


@dataclass
class Bar:
    x: float
    width: float


FILLS = {"ok": "#13653a", "late": "#a1151b", "warn": "#7a4a00", "muted": "#8a949e", "": "#0b3d6e"}


@dataclass
class Row:
    label: str
    verdict: str
    tone: str  # ok | warn | late | muted | ""
    tip: str  # the row in words (SVG <title>)
    planned: Bar | None = None
    minimum: float | None = None  # x of the minimum's tick
    actual: Bar | None = None
    link: str = ""
    segments: list[tuple[Bar, str]] = field(default_factory=list)  # gantt: (bar, fill colour)
    y: int = 0

    @property
    def fill(self) -> str:
        return FILLS.get(self.tone, FILLS[""])


@dataclass
class Chart:
    rows: list[Row]
    ticks: list[tuple[float, str]]
    today: float | None
    width: int = WIDTH
    height: int = 0
    label_w: int = LABEL_W
    plot_right: int = WIDTH - VERDICT_W


class _Axis:
    def __init__(self, start: dt.datetime, end: dt.datetime) -> None:
        self.start = start
        self.span = max((end - start).total_seconds(), 86400.0)

    def x(self, moment: dt.datetime) -> float:
        frac = (moment - self.start).total_seconds() / self.span
        return round(LABEL_W + max(0.0, min(1.0, frac)) * (WIDTH - VERDICT_W - LABEL_W - 10), 1)

    def bar(self, a: dt.datetime, b: dt.datetime) -> Bar:
        x0, x1 = self.x(a), self.x(b)
        return Bar(x0, max(2.0, round(x1 - x0, 1)))


WORDS = {
    wf.MET: (_l("sesuai standar"), "ok"),
    wf.FAST: (_l("lebih cepat dari minimum"), "warn"),
    wf.RUNNING: (_l("berjalan"), ""),
    wf.PAUSED: (_l("jeda (menunggu pemohon)"), "muted"),
}


def verdict(step: wf.Step) -> tuple[str, str]:
    """The engine's verdict on a step visit (``Step.verdict``) in words, and its tone."""
    if step.continued:
        return _("dilanjutkan"), "muted"
    if step.verdict == wf.LATE:
        return (_("terlambat"), "late") if step.running else (_("melebihi standar"), "late")
    word, tone = WORDS.get(step.verdict, ("", ""))
    return str(word), tone


def _ticks(start: dt.datetime, end: dt.datetime, axis: _Axis, tz: Any) -> list[tuple[float, str]]:
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    days = (last - first).days
    out: list[tuple[float, str]] = []
    if days <= 60:  # weekly ticks on Mondays
        day = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        step = dt.timedelta(days=7)
        while day <= last:
            out.append((axis.x(dt.datetime.combine(day, dt.time(), tz)), format_day_short(day)))
            day += step
        return out
    every = 1 if days <= 400 else 3
    day = first.replace(day=1)
    while day <= last:
        moment = dt.datetime.combine(day, dt.time(), tz)
        if moment >= start:
            out.append((axis.x(moment), format_day_short(day)))
        month = day.month - 1 + every
        day = day.replace(year=day.year + month // 12, month=month % 12 + 1)
    return out


def _working_days_end(cal: Any, start: dt.datetime, days: int) -> dt.datetime:
    return cal.deadline_working_days(start, days)


def stage_chart(fl: wf.Workflow, steps: list[wf.Step], stage_codes: Iterable[str], cal: Any,
                now: dt.datetime) -> Chart:
    """One row per step visit, then the stages not reached yet, projected from today."""
    if not steps:
        return Chart([], [], None)
    start = steps[0].entered_at
    items: list[tuple[Row, tuple, tuple | None]] = []  # row, (actual a, b), (planned a, b, min)
    end = now
    for step in steps:
        state = fl.state(step.state)
        if state.final:
            continue
        word, tone = verdict(step)
        stop = step.left_at or now
        planned = None
        if step.standard is not None and not step.paused and not step.continued:
            carried = step.total - step.spent
            due = wf.deadline(step.standard, step.entered_at, carried, cal)
            low = None
            if step.standard.minimum is not None and step.standard.unit == wf.WORKING_DAYS:
                low = _working_days_end(cal, step.entered_at,
                                        max(0, step.standard.minimum.days - carried.days) - 1)
            planned = (step.entered_at, due, low)
            end = max(end, due)
        end = max(end, stop)
        std = step.standard.label if step.standard else ""
        tip = _("%(stage)s: mulai %(start)s, %(state)s; standar %(std)s",
                stage=str(state.label), start=format_day_short(step.entered_at.astimezone(cal.tz).date()),
                state=word or _("tanpa standar"), std=std or "-")
        label = f"{state.step}. {state.label}" if state.step else str(state.label)
        items.append((Row(label, word, tone, tip), (step.entered_at, stop), planned))
    # The stages still ahead, one after the other at their maximum, from the running one's end.
    current = steps[-1]
    if not fl.state(current.state).final:
        codes = list(stage_codes)
        ahead_from = current.due_at or now
        if current.state in codes:
            for code in codes[codes.index(current.state) + 1:]:
                std = fl.state(code).standard
                if std is None:
                    continue
                due = _working_days_end(cal, ahead_from, std.maximum.days)
                state = fl.state(code)
                label = f"{state.step}. {state.label}" if state.step else str(state.label)
                tip = _("%(stage)s: belum dimulai; standar %(std)s", stage=str(state.label),
                        std=std.label)
                items.append((Row(label, _("belum dimulai"), "muted", tip), None,
                              (ahead_from, due, None)))
                ahead_from = due
                end = max(end, due)
    axis = _Axis(start, end + dt.timedelta(days=1))
    rows = []
    for i, (row, actual, planned) in enumerate(items):
        row.y = TOP + i * ROW_H
        if actual is not None:
            row.actual = axis.bar(*actual)
        if planned is not None:
            row.planned = axis.bar(planned[0], planned[1])
            if planned[2] is not None:
                row.minimum = axis.x(planned[2])
        rows.append(row)
    return Chart(rows, _ticks(start, end, axis, cal.tz), axis.x(now),
                 height=TOP + len(rows) * ROW_H + 6)


def gantt(items: list[tuple[dict, list[wf.Step]]], fl: wf.Workflow, cal: Any,
          now: dt.datetime) -> Chart:
    """Requests on one time axis: stages done and running (solid), time left (hatched)."""
    if not items:
        return Chart([], [], None)
    start = min(steps[0].entered_at for _row, steps in items if steps)
    end = now
    for row, _steps in items:
        if row.get("due_at"):
            end = max(end, row["due_at"])
    axis = _Axis(start, end + dt.timedelta(days=1))
    rows = []
    for i, (req, steps) in enumerate(items):
        current = steps[-1] if steps else None
        word, tone = verdict(current) if current else ("", "")
        state = fl.state(req["state"])
        label = f"{req['number']} {req['title']}"
        tip = _("%(n)s %(t)s: %(stage)s, %(v)s", n=req["number"], t=req["title"],
                stage=str(state.label), v=word or "-")
        row = Row(label[:34] + ("…" if len(label) > 34 else ""), word, tone, tip,
                  link=f"/aplikasi/permintaan/{req['id']}")
        runs: list[list] = []  # [start, end, tone]: neighbouring stages of one verdict merged
        for step in steps:
            if fl.state(step.state).final:
                continue
            seg_tone = verdict(step)[1]
            end = step.left_at or now
            if runs and runs[-1][2] == seg_tone:
                runs[-1][1] = end
            else:
                runs.append([step.entered_at, end, seg_tone])
        row.segments = [(axis.bar(a, b), FILLS.get(t, FILLS[""])) for a, b, t in runs]
        if current is not None and current.running and req.get("due_at") and req["due_at"] > now:
            row.planned = axis.bar(now, req["due_at"])
        row.y = TOP + i * ROW_H
        rows.append(row)
    return Chart(rows, _ticks(start, end, axis, cal.tz), axis.x(now),
                 height=TOP + len(rows) * ROW_H + 6)
