"""What the workflow carries for every module (docs/modules.md): SOP step 1 as a drafting state,
preconditions used both when acting and when offering, state properties, the requester's own
standard on a waiting state, the once-per-step-visit claim and the shared timeline."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.errors import Conflict
from pintar.workflow.tables import WorkflowClaim
from tests.helpers import make_person
from tests.workflow.test_engine import CAL

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
MIN = dt.timedelta(minutes=1)


class Meeting(Table, tablename="test_meeting"):
    id = Serial(primary_key=True)
    state = Varchar(length=40)
    version = Integer(default=0)
    state_since = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None)
    state_event = Integer(null=True, default=None)
    requester = Integer()
    starts_at = Timestamptz()


BEFORE_START = wf.Precondition(lambda item, now: now < item["starts_at"],
                               "Hanya dapat dilakukan sebelum rapat dimulai.")

FLOW = wf.Workflow(
    name="rapat_uji",
    table=Meeting,
    initial="disusun",
    states=[
        wf.State("disusun", "Permohonan disusun", step="1", standard=wf.Standard.minutes(5),
                 drafting=True),
        wf.State("diajukan", "Diajukan", step="2", standard=wf.Standard.minutes(10),
                 tags={"holding", "pending"}),
        wf.State("disetujui", "Disetujui", tags={"holding"}),
        wf.State("konfirmasi", "Menunggu pemohon", step="4", waiting="requester",
                 standard=wf.Standard.minutes(30)),
        wf.State("selesai", "Selesai", final=True, tone="ok"),
        wf.State("dibatalkan", "Dibatalkan", final=True),
    ],
    transitions=[
        wf.Transition("ajukan", ["disusun"], "diajukan", "Ajukan", allowed=[wf.REQUESTER]),
        wf.Transition("setujui", ["diajukan"], "disetujui", "Setujui", allowed=[Role.PJK_TI]),
        wf.Transition("serahkan", ["disetujui"], "konfirmasi", "Serahkan", allowed=[Role.PJK_TI]),
        wf.Transition("konfirmasi", ["konfirmasi"], "selesai", "Konfirmasi", allowed=[wf.REQUESTER]),
        wf.Transition("batal", ["diajukan", "disetujui"], "dibatalkan", "Batalkan",
                      allowed=[wf.REQUESTER], style="danger", requires=[BEFORE_START]),
    ],
)


@pytest.fixture
async def meetings():
    await Meeting.create_table(if_not_exists=True)
    await Meeting.delete(force=True)
    yield
    await Meeting.alter().drop_table()


async def new_meeting(requester, *, opened: dt.datetime, at: dt.datetime,
                      starts: dt.datetime) -> int:
    rows = await Meeting.insert(Meeting(state=FLOW.initial, requester=requester.id,
                                        starts_at=starts)).returning(Meeting.id)
    item = rows[0]["id"]
    await wf.start(FLOW, item, requester.id, at=at, drafted_at=opened, calendar=CAL)
    return item


async def row(item: int) -> dict:
    return await Meeting.select().where(Meeting.id == item).first()


def test_state_properties_replace_tuples():
    assert FLOW.codes(final=True) == ("selesai", "dibatalkan")
    assert FLOW.codes(active=True) == ("disusun", "diajukan", "disetujui", "konfirmasi")
    assert FLOW.codes(tag="holding") == ("diajukan", "disetujui")
    assert FLOW.codes(waiting=True) == ("konfirmasi",)
    tones = {s.code: s.tone for s in FLOW.states}
    assert tones == {"disusun": "", "diajukan": "", "disetujui": "", "konfirmasi": "warn",
                     "selesai": "ok", "dibatalkan": "muted"}
    with pytest.raises(ValueError, match="tone"):
        wf.State("x", "X", tone="pink")


def test_a_drafting_state_must_be_the_initial_one_with_one_way_out():
    with pytest.raises(ValueError, match="initial"):
        wf.Workflow(name="x", table=Meeting, initial="a", states=[
            wf.State("a", "A"), wf.State("b", "B", drafting=True)], transitions=[])
    with pytest.raises(ValueError, match="one way out"):
        wf.Workflow(name="x", table=Meeting, initial="a", states=[
            wf.State("a", "A", drafting=True), wf.State("b", "B"), wf.State("c", "C")],
            transitions=[wf.Transition("t1", ["a"], "b", "1"), wf.Transition("t2", ["a"], "c", "2")])


async def test_step_one_is_recorded_from_the_form_opening(meetings):
    rina = await make_person(username="rina")
    item = await new_meeting(rina, opened=T0 - 3 * MIN, at=T0, starts=T0 + dt.timedelta(days=1))
    events = await wf.history(FLOW, item)
    assert [(e["transition"], e["to_state"], e["at"], e["actor"]) for e in events] == [
        ("", "disusun", T0 - 3 * MIN, rina.id), ("ajukan", "diajukan", T0, rina.id)]
    fresh = await row(item)
    assert (fresh["state"], fresh["version"], fresh["state_since"], fresh["due_at"]) == (
        "diajukan", 0, T0, T0 + 10 * MIN)
    assert fresh["state_event"] == events[-1]["id"]
    lines = wf.timeline(FLOW, events, CAL, T0 + 2 * MIN)
    assert [(ln.sop_step, ln.duration, ln.status) for ln in lines] == [
        ("1", 3 * MIN, wf.MET), ("2", 2 * MIN, wf.RUNNING)]
    # A form opened in the future (a wrong clock) counts as opened now.
    other = await new_meeting(rina, opened=T0 + MIN, at=T0, starts=T0 + dt.timedelta(days=1))
    assert [e["at"] for e in await wf.history(FLOW, other)] == [T0, T0]


async def test_preconditions_hold_when_acting_and_when_offering(meetings):
    rina = await make_person(username="rina")
    starts = T0 + dt.timedelta(hours=2)
    item = await new_meeting(rina, opened=T0, at=T0, starts=starts)
    fresh = await row(item)
    offered = [t.name for t in FLOW.available(fresh, rina, {wf.REQUESTER}, now=starts - MIN)]
    assert offered == ["batal"]
    assert FLOW.available(fresh, rina, {wf.REQUESTER}, now=starts) == []
    with pytest.raises(TypeError, match="preconditions"):
        FLOW.available("diajukan", rina, {wf.REQUESTER})
    with pytest.raises(Conflict, match="sebelum rapat dimulai"):
        await wf.transition(FLOW, item, "batal", rina, relations={wf.REQUESTER}, at=starts)
    assert (await row(item))["state"] == "diajukan"  # nothing changed
    await wf.transition(FLOW, item, "batal", rina, relations={wf.REQUESTER}, at=starts - MIN)
    assert (await row(item))["state"] == "dibatalkan"


async def test_the_requesters_own_standard_on_a_waiting_state(meetings):
    rina = await make_person(username="rina", name="Rina")
    lead = await make_person(Role.PJK_TI, username="lead", name="Dedi")
    item = await new_meeting(rina, opened=T0, at=T0, starts=T0 + dt.timedelta(days=1))
    await wf.transition(FLOW, item, "setujui", lead, at=T0 + 5 * MIN, calendar=CAL)
    await wf.transition(FLOW, item, "serahkan", lead, at=T0 + 10 * MIN, calendar=CAL)
    assert (await row(item))["due_at"] is None  # the office's clock is paused
    running = wf.timeline(FLOW, await wf.history(FLOW, item), CAL, T0 + 50 * MIN)[-1]
    assert (running.status, running.duration, running.own, running.who_waits) == (
        wf.LATE, 40 * MIN, True, "pemohon")
    await wf.transition(FLOW, item, "konfirmasi", rina, relations={wf.REQUESTER},
                        at=T0 + 30 * MIN, calendar=CAL)
    events = await wf.history(FLOW, item)
    lines = wf.timeline(FLOW, events, CAL, T0 + 60 * MIN)
    assert [(ln.sop_step, ln.status, ln.performed_by, ln.started_by) for ln in lines] == [
        ("1", wf.MET, "Rina", "Rina"), ("2", wf.MET, "Dedi", "Rina"),
        ("", wf.NONE, "Dedi", "Dedi"), ("4", wf.MET, "Rina", "Dedi"), ("", wf.NONE, "", "Rina")]
    assert lines[3].via == "Konfirmasi" and lines[3].duration == 20 * MIN
    # The requester's own step never counts in the office's figures.
    assert wf.summary(lines) == {"judged": 2, "met": 2}
    report = {c.state: c for c in wf.compliance(FLOW, {item: events}, CAL, T0 + 60 * MIN)}
    assert set(report) == {"disusun", "diajukan"}


async def test_a_claim_is_won_once_per_step_visit(meetings):
    rina = await make_person(username="rina")
    item = await new_meeting(rina, opened=T0, at=T0, starts=T0 + dt.timedelta(days=1))
    visit = (await row(item))["state_event"]
    sent: list[int] = []

    async def send() -> None:
        sent.append(visit)

    results = await asyncio.gather(*[wf.once(visit, "pengingat", send, at=T0) for _ in range(4)])
    assert sorted(results) == [False, False, False, True] and sent == [visit]
    assert await wf.claimed(visit, "pengingat") and not await wf.claimed(visit, "lain")
    # The condition a sweep's query uses: no longer offered for this visit and kind.
    pending = await Meeting.select(Meeting.id).where(wf.unclaimed(Meeting, "pengingat"))
    assert pending == []
    assert [r["id"] for r in await Meeting.select(Meeting.id).where(
        wf.unclaimed(Meeting, "lain"))] == [item]

    async def broken() -> None:
        raise RuntimeError("mail down")

    assert await wf.once(visit, "lain", broken, at=T0) is False  # rolled back with the claim
    assert not await wf.claimed(visit, "lain")
    count = await WorkflowClaim.count().where(WorkflowClaim.visit == visit)
    assert count == 1
