"""What the application development screens read: the portfolio (filters, keyset pages, the
Gantt), "Permintaan aplikasi saya", "Tugas saya", the catalogue and the compliance figures.
Read-only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from piccolo.query.functions.aggregate import Count

from pintar import workflow as wf
from pintar.appdev import charts, flow, notices
from pintar.appdev.tables import Application, Programmer, Request, Ticket

PAGE = 50  # lists (mine, the catalogue)
PORTFOLIO_PAGE = 25  # the portfolio's table and Gantt: one screenful

_LIST = (
    Request.id, Request.title, Request.state, Request.version, Request.created_at,
    Request.state_since, Request.due_at, Request.closed_at, Request.requester, Request.pjk,
    Request.team, Request.requester.name.as_alias("requester_name"),
    Request.pjk.name.as_alias("pjk_name"), Request.team.name.as_alias("team_name"),
)


@dataclass
class Filters:
    team: int | None = None
    stage: str = "aktif"  # aktif | semua | selesai | a state code
    person: int | None = None

    @property
    def query(self) -> dict[str, str]:
        out = {"tahap": self.stage}
        if self.team:
            out["tim"] = str(self.team)
        if self.person:
            out["orang"] = str(self.person)
        return out


STAGE_FILTERS = ("aktif", "semua", "selesai")


async def _where(f: Filters) -> Any:
    where = Request.id > 0
    if f.stage == "aktif":
        where &= Request.closed_at.is_null()
    elif f.stage == "selesai":
        where &= Request.closed_at.is_not_null()
    elif f.stage != "semua":
        where &= Request.state == f.stage
    if f.team:
        where &= Request.team == f.team
    if f.person:
        on_it = Programmer.select(Programmer.request).where(Programmer.person == f.person)
        where &= ((Request.requester == f.person) | (Request.pjk == f.person)
                  | Request.id.is_in(on_it))
    return where


def _cursor(row: dict) -> str:
    if row["due_at"] is not None:
        return f"a{row['due_at'].timestamp():.6f}_{row['id']}"
    return f"b{row['id']}"


_CURSOR = re.compile(r"a([0-9]{1,11}(?:\.[0-9]{1,6})?)_([0-9]{1,10})|b([0-9]{1,10})")


def parse_cursor(raw: str | None) -> tuple[str, float | None, int] | None:
    """``a<epoch>_<id>`` (rows with a deadline, soonest first) or ``b<id>`` (the rest, newest
    first); None for the first page or anything malformed."""
    match = _CURSOR.fullmatch(raw or "")
    if match is None:
        return None
    if match.group(3) is not None:
        return "b", None, int(match.group(3))
    return "a", float(match.group(1)), int(match.group(2))


async def portfolio(f: Filters, *, after: str | None = None) -> tuple[list[dict], str | None]:
    """One page of requests, those with the earliest deadline first (so the overdue lead), then
    the ones without a running deadline (waiting, finished), newest first. Keyset pages."""
    where = await _where(f)
    cursor = parse_cursor(after)
    rows: list[dict] = []
    if cursor is None or cursor[0] == "a":
        part = where & Request.due_at.is_not_null()
        if cursor is not None:
            moment = dt.datetime.fromtimestamp(cursor[1] or 0, dt.timezone.utc)
            part &= (Request.due_at > moment) | ((Request.due_at == moment) & (Request.id > cursor[2]))
        rows = await Request.select(*_LIST).where(part).order_by(Request.due_at).order_by(
            Request.id).limit(PORTFOLIO_PAGE + 1)
    if len(rows) <= PORTFOLIO_PAGE:
        part = where & Request.due_at.is_null()
        if cursor is not None and cursor[0] == "b":
            part &= Request.id < cursor[2]
        rows += await Request.select(*_LIST).where(part).order_by(
            Request.id, ascending=False).limit(PORTFOLIO_PAGE + 1 - len(rows))
    more = len(rows) > PORTFOLIO_PAGE
    rows = rows[:PORTFOLIO_PAGE]
    return rows, (_cursor(rows[-1]) if more and rows else None)


async def stage_counts(f: Filters) -> dict[str, int]:
    """Open requests per stage under the team/person filters (for the stage filter's labels)."""
    where = await _where(Filters(team=f.team, stage="aktif", person=f.person))
    rows = await Request.select(Request.state, Count(Request.id, alias="n")).where(where).group_by(
        Request.state)
    return {r["state"]: r["n"] for r in rows}


async def decorate(rows: list[dict], fl: wf.Workflow, cal: Any, now: dt.datetime) -> list[tuple[dict, list[wf.Step]]]:
    """Each row's number, stage, age against its standard and verdict, from its history (one
    query for the page)."""
    histories = await wf.histories(fl, [r["id"] for r in rows])
    out = []
    for row in rows:
        steps = wf.steps(fl, histories[row["id"]], cal, now)
        state = fl.state(row["state"])
        running = wf.current(steps)
        row["number"] = notices.number(row)
        row["state_label"] = str(state.label)
        row["sop_step"] = state.step
        row["final"] = state.final
        row["paused"] = state.paused
        row["standard"] = state.standard.label if state.standard and not state.final else ""
        row["age_days"] = None
        row["overdue"] = False
        row["verdict"], row["tone"] = ("", "muted") if state.final else charts.verdict(running) if running else ("", "")
        if running is not None and running.standard is not None and not running.paused:
            row["age_days"] = running.total.days
            row["overdue"] = running.overdue
        elif running is not None and running.paused:
            row["age_days"] = cal.working_days_between(running.entered_at.astimezone(cal.tz).date(),
                                                       now.astimezone(cal.tz).date())
        out.append((row, steps))
    return out


async def mine(user_id: int, *, before: int | None = None) -> tuple[list[dict], int | None]:
    """The requester's own requests, newest first."""
    where = Request.requester == user_id
    if before:
        where &= Request.id < before
    rows = await Request.select(*_LIST).where(where).order_by(Request.id, ascending=False).limit(PAGE + 1)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    return rows, (rows[-1]["id"] if more and rows else None)


async def tasks(user: Any) -> list[dict]:
    """Open requests the person works on (as PJK or programmer)."""
    on_it = Programmer.select(Programmer.request).where(Programmer.person == user.id)
    who = (Request.pjk == user.id) | Request.id.is_in(on_it)
    return await Request.select(*_LIST).where(who & Request.closed_at.is_null()).order_by(
        Request.due_at).order_by(Request.id).limit(200)


async def open_tickets_for(user: Any, *, all_apps: bool) -> list[dict]:
    """Open maintenance tickets on applications the person maintains (or every one)."""
    where = Ticket.closed_at.is_null()
    if not all_apps:
        where &= (Ticket.application.maintainer == user.id) | (Ticket.assignee == user.id)
    rows = await Ticket.select(
        Ticket.id, Ticket.title, Ticket.kind, Ticket.state, Ticket.created_at, Ticket.application,
        Ticket.application.name.as_alias("application_name"),
        Ticket.requester.name.as_alias("requester_name"),
    ).where(where).order_by(Ticket.id).limit(200)
    for row in rows:
        row["kind_label"] = str(flow.TICKET_KINDS.get(row["kind"], row["kind"]))
        row["state_label"] = flow.TICKET.label(row["state"])
    return rows


async def waiting_count(user: Any) -> int:
    """Open requests whose current stage is this person's to move (the home tile's number): the
    Ketua TIP's dispositions, the requester's SRS, the PJK's review, build stages and report, the
    programmers' build stages."""
    from pintar.auth.roles import Role

    waiting = (Request.requester == user.id) & Request.state.is_in(["srs", "revisi_srs"])
    waiting |= (Request.pjk == user.id) & Request.state.is_in(["telaah", "laporan", *flow.BUILD_STATES])
    if user.has_role(Role.KETUA_TIP):
        waiting |= Request.state == "diajukan"
    on_it = Programmer.select(Programmer.request).where(Programmer.person == user.id)
    waiting |= Request.id.is_in(on_it) & Request.state.is_in(list(flow.BUILD_STATES))
    return await Request.count().where(waiting)


async def catalogue(q: str = "", *, include_inactive: bool = False,
                    after: int | None = None) -> tuple[list[dict], int | None]:
    """A page of the catalogue by name (keyset: the last row's id), searched by words of the
    name, team and purpose; each row with its open tickets."""
    where = Application.id > 0
    if not include_inactive:
        where &= Application.active == True  # noqa: E712
    for word in q.lower().split()[:5]:
        where &= Application.search_key.like(f"%{_escape_like(word)}%")
    if after is not None:
        last = await Application.select(Application.name).where(Application.id == after).first()
        if last is not None:
            where &= (Application.name > last["name"]) | (
                (Application.name == last["name"]) & (Application.id > after))
    rows = await Application.select(
        Application.all_columns(), Application.team.name.as_alias("team_name"),
        Application.maintainer.name.as_alias("maintainer_name"),
    ).where(where).order_by(Application.name).order_by(Application.id).limit(PAGE + 1)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    counts = {}
    if rows:
        for r in await Ticket.select(Ticket.application, Count(Ticket.id, alias="n")).where(
                Ticket.application.is_in([r["id"] for r in rows]) & Ticket.closed_at.is_null()
        ).group_by(Ticket.application):
            counts[r["application"]] = r["n"]
    for row in rows:
        row["open_tickets"] = counts.get(row["id"], 0)
    return rows, (rows[-1]["id"] if more else None)


def _escape_like(word: str) -> str:
    return word.replace("%", "").replace("_", "")


@dataclass
class StageFigure:
    code: str
    label: str
    sop_step: str
    standard: str
    finished: int = 0
    met: int = 0
    late: int = 0
    fast: int = 0
    running_late: int = 0

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.met / self.finished, 1) if self.finished else None


async def compliance(fl: wf.Workflow, cal: Any, now: dt.datetime, *, year: int) -> list[StageFigure]:
    """Per stage, over the requests made in ``year``: finished visits within the standard's range,
    past its maximum, before its minimum (the three add up), and running ones already late."""
    tz = cal.tz
    since = dt.datetime(year, 1, 1, tzinfo=tz)
    until = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    ids = [r["id"] for r in await Request.select(Request.id).where(
        (Request.created_at >= since) & (Request.created_at < until))]
    table = {code: StageFigure(code, str(fl.state(code).label), fl.state(code).step,
                               fl.state(code).standard.label)
             for code in (fl.initial, *flow.STAGE_CODES)}
    for events in (await wf.histories(fl, ids)).values():
        for step in wf.steps(fl, events, cal, now):
            fig = table.get(step.state)
            if fig is None or not step.judged:
                continue
            if step.running:
                fig.running_late += int(step.overdue)
                continue
            fig.finished += 1
            fig.late += int(not step.met)
            fig.fast += int(step.too_fast)
            fig.met += int(bool(step.met) and not step.too_fast)  # within the range
    return list(table.values())
