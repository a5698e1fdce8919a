"""The workflow engine with a small example workflow (a leave request) on a test-only table."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.errors import Conflict, Forbidden, UserError
from tests.helpers import make_person

UTC = dt.timezone.utc


class ExampleItem(Table, tablename="test_example_item"):
    id = Serial(primary_key=True)
    state = Varchar(length=40)
    version = Integer(default=0)
    state_since = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None)


EXAMPLE = wf.Workflow(
    name="contoh",
    table=ExampleItem,
    initial="baru",
    states=[
        wf.State("baru", "Baru", standard=wf.Standard.minutes(10), step="1"),
        wf.State("dikerjakan", "Dikerjakan", standard=wf.Standard.minutes(30, 20), step="2"),
        wf.State("menunggu", "Menunggu pemohon", waiting="requester"),
        wf.State("selesai", "Selesai", final=True),
        wf.State("ditolak", "Ditolak", final=True),
    ],
    transitions=[
        wf.Transition("ambil", ["baru"], "dikerjakan", "Ambil", allowed=[Role.TEKNISI]),
        wf.Transition("tahan", ["dikerjakan"], "menunggu", "Tahan", allowed=[wf.ASSIGNEE], needs_note=True),
        wf.Transition("lanjut", ["menunggu"], "dikerjakan", "Lanjutkan", allowed=[wf.ASSIGNEE, wf.REQUESTER]),
        wf.Transition("selesai", ["dikerjakan"], "selesai", "Selesai", allowed=[wf.ASSIGNEE]),
        wf.Transition("tolak", ["baru", "dikerjakan"], "ditolak", "Tolak", allowed=[Role.PJK_TI], needs_note=True),
        wf.Transition("kedaluwarsa", ["baru"], "ditolak", "Kedaluwarsa", system=True),
    ],
)


class WallClock:
    """A calendar where every minute is office time (the real one is tested on its own)."""

    tz = UTC

    def business_time_between(self, a, b):
        return max(dt.timedelta(0), b - a)

    def add_business_minutes(self, a, m):
        return a + dt.timedelta(minutes=m)

    def working_days_between(self, a, b):
        return (b - a).days

    def deadline_working_days(self, start, n):
        return start + dt.timedelta(days=n)


CAL = WallClock()
T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
async def items():
    await ExampleItem.create_table(if_not_exists=True)
    await ExampleItem.delete(force=True)
    yield
    await ExampleItem.alter().drop_table()


async def new_item(actor_id=None, at=T0) -> int:
    rows = await ExampleItem.insert(ExampleItem(state=EXAMPLE.initial)).returning(ExampleItem.id)
    await wf.start(EXAMPLE, rows[0]["id"], actor_id, at=at, calendar=CAL)
    return rows[0]["id"]


def test_declaration_is_checked():
    with pytest.raises(ValueError):
        wf.Workflow("x", ExampleItem, "baru", [wf.State("baru", "B")], [wf.Transition("t", ["baru"], "nowhere", "T")])
    assert EXAMPLE.reachable() == {"baru", "dikerjakan", "menunggu", "selesai", "ditolak"}


async def test_transition_writes_history_and_checks_people(items):
    tech = await make_person(Role.TEKNISI)
    other = await make_person()
    item = await new_item(tech.id)
    with pytest.raises(Forbidden):
        await wf.transition(EXAMPLE, item, "ambil", other, at=T0, calendar=CAL)
    with pytest.raises(Conflict):  # not legal from "baru"
        await wf.transition(EXAMPLE, item, "selesai", tech, relations={wf.ASSIGNEE}, at=T0, calendar=CAL)
    with pytest.raises(UserError):
        await wf.transition(EXAMPLE, item, "tidak-ada", tech, at=T0, calendar=CAL)
    with pytest.raises(Forbidden):  # system-only
        await wf.transition(EXAMPLE, item, "kedaluwarsa", tech, at=T0, calendar=CAL)
    await wf.transition(EXAMPLE, item, "ambil", tech, at=T0 + dt.timedelta(minutes=4), calendar=CAL)
    with pytest.raises(UserError):  # a hold needs a reason
        await wf.transition(EXAMPLE, item, "tahan", tech, relations={wf.ASSIGNEE}, at=T0, calendar=CAL)
    row = await ExampleItem.select().where(ExampleItem.id == item).first()
    assert row["state"] == "dikerjakan" and row["version"] == 1
    assert row["due_at"] == T0 + dt.timedelta(minutes=34)
    events = await wf.history(EXAMPLE, item)
    assert [(e["from_state"], e["to_state"], e["actor"]) for e in events] == [
        ("", "baru", tech.id),
        ("baru", "dikerjakan", tech.id),
    ]
    assert events[1]["actor_name"] == tech.name


async def test_stale_version_is_refused(items):
    tech = await make_person(Role.TEKNISI)
    item = await new_item()
    with pytest.raises(Conflict, match="sudah diubah"):
        await wf.transition(EXAMPLE, item, "ambil", tech, expected_version=5, at=T0, calendar=CAL)
    await wf.transition(EXAMPLE, item, "ambil", tech, expected_version=0, at=T0, calendar=CAL)


async def test_racing_transitions_one_wins(items):
    techs = [await make_person(Role.TEKNISI) for _ in range(5)]
    item = await new_item()
    results = await asyncio.gather(
        *[wf.transition(EXAMPLE, item, "ambil", t, at=T0, calendar=CAL) for t in techs],
        return_exceptions=True,
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception))
    assert len(await wf.history(EXAMPLE, item)) == 2


async def test_timing_pauses_while_waiting(items):
    tech = await make_person(Role.TEKNISI)
    item = await new_item(at=T0)
    minute = dt.timedelta(minutes=1)
    await wf.transition(EXAMPLE, item, "ambil", tech, at=T0 + 5 * minute, calendar=CAL)
    await wf.transition(EXAMPLE, item, "tahan", tech, relations={wf.ASSIGNEE}, note="lisensi habis", at=T0 + 15 * minute, calendar=CAL)
    # Three days waiting for the requester do not count.
    back = T0 + dt.timedelta(days=3)
    await wf.transition(EXAMPLE, item, "lanjut", tech, relations={wf.REQUESTER}, at=back, calendar=CAL)
    await wf.transition(EXAMPLE, item, "selesai", tech, relations={wf.ASSIGNEE}, at=back + 12 * minute, calendar=CAL)
    steps = wf.steps(EXAMPLE, await wf.history(EXAMPLE, item), CAL, now=back + dt.timedelta(hours=1))
    assert [s.state for s in steps] == ["baru", "dikerjakan", "menunggu", "dikerjakan", "selesai"]
    assert steps[0].total == 5 * minute and steps[0].met is True
    assert steps[1].continued and steps[1].met is None
    assert steps[2].paused and steps[2].spent == dt.timedelta(0)
    assert steps[3].total == 22 * minute and steps[3].met is True and not steps[3].too_fast


async def test_running_step_goes_overdue(items):
    item = await new_item(at=T0)
    steps = wf.steps(EXAMPLE, await wf.history(EXAMPLE, item), CAL, now=T0 + dt.timedelta(minutes=11))
    current = wf.current(steps)
    assert current is not None and current.overdue and current.met is None
    assert current.due_at == T0 + dt.timedelta(minutes=10)
    report = wf.compliance(EXAMPLE, {item: await wf.history(EXAMPLE, item)}, CAL, now=T0 + dt.timedelta(minutes=11))
    baru = next(c for c in report if c.state == "baru")
    assert baru.running_overdue == 1 and baru.finished == 0 and baru.percent is None


class Actor:
    def __init__(self, roles):
        self.roles = frozenset(roles)
        self.id = None

    def has_role(self, *roles):
        return any(r in self.roles for r in roles)


attempts = st.lists(
    st.tuples(
        st.sampled_from([t.name for t in EXAMPLE.transitions] + ["bogus"]),
        st.sets(st.sampled_from([Role.TEKNISI, Role.PJK_TI, Role.PEGAWAI])),
        st.sets(st.sampled_from([wf.ASSIGNEE, wf.REQUESTER])),
        st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempts)
async def test_no_sequence_reaches_an_undeclared_state(items, sequence):
    item = await new_item()
    state = EXAMPLE.initial
    for name, roles, rels, with_note in sequence:
        actor = Actor(roles)
        try:
            t = await wf.transition(EXAMPLE, item, name, actor, relations=rels, note="alasan" if with_note else "", at=T0, calendar=CAL)
        except UserError:
            continue
        # Whatever succeeded was declared, legal from the state it left, and permitted.
        assert state in t.source and t.permits(actor, rels) and not t.system
        state = t.target
    row = await ExampleItem.select(ExampleItem.state).where(ExampleItem.id == item).first()
    assert row["state"] == state
    assert state in EXAMPLE.reachable()
