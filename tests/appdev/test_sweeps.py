"""The overdue sweep: once per stage visit, a crash mid-sweep, sweeps at once; each test ends
with the claims checked in SQL."""

from __future__ import annotations

import asyncio

from pintar.appdev import notices, service, sweeps
from pintar.appdev.tables import Request
from pintar.notify.tables import Notification
from pintar.workflow.tables import WorkflowClaim
from tests.appdev.helpers import DAY, MONDAY, WEEK, new_request

OVERDUE = sweeps.OVERDUE


async def _claimed_visits() -> list[int]:
    rows = await WorkflowClaim.raw(
        f"SELECT visit FROM {WorkflowClaim._meta.tablename} WHERE kind = {{}} ORDER BY visit", OVERDUE)
    return [r["visit"] for r in rows]


async def _visits(*request_ids: int) -> list[int]:
    rows = await Request.select(Request.state_event).where(Request.id.is_in(list(request_ids)))
    return sorted(r["state_event"] for r in rows)


async def test_the_overdue_sweep_reminds_once_per_stage_visit(o):
    req = await new_request(o)

    async def reminders():
        return await Notification.count().where(Notification.kind == "reminder")

    assert await sweeps.remind_overdue(MONDAY + DAY) == 0  # not due yet
    late = MONDAY + WEEK
    assert await sweeps.remind_overdue(late) == 1
    assert await sweeps.remind_overdue(late + DAY) == 0  # already reminded for this visit
    tip_notes = await Notification.select().where(
        (Notification.kind == "reminder") & (Notification.person == o["tip"].id))
    assert len(tip_notes) == 1 and "melewati standar" in tip_notes[0]["message"]
    first_visit = (await _visits(req["id"]))[0]
    await service.act(req["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)}, now=late)
    assert await sweeps.remind_overdue(late + 3 * WEEK) == 1  # the SRS stage: the requester
    assert await reminders() == 2
    assert await Notification.count().where(
        (Notification.kind == "reminder") & (Notification.person == o["katim"].id)) == 1
    assert await _claimed_visits() == sorted([first_visit, *await _visits(req["id"])])


async def test_the_build_stage_reminds_the_pjk_and_the_programmers(o):
    from tests.appdev.helpers import to_stage

    req = await new_request(o)
    at = await to_stage(o, req, "bangun")
    assert await sweeps.remind_overdue(at + 17 * WEEK) == 1  # 85 working days against 80
    told = {r["person"] for r in await Notification.select(Notification.person).where(
        Notification.kind == "reminder")}
    assert told == {o["pjk"].id, o["prog"].id}


async def test_a_crash_mid_sweep_loses_nothing_and_sends_nothing_twice(o, monkeypatch):
    first = await new_request(o, judul="Satu")
    second = await new_request(o, judul="Dua")
    real = notices.overdue

    async def broken(row, *args, **kwargs):
        if row["id"] == first["id"]:
            raise RuntimeError("mail server down")
        await real(row, *args, **kwargs)

    monkeypatch.setattr(notices, "overdue", broken)
    assert await sweeps.remind_overdue(MONDAY + WEEK) == 1  # the other one went on
    assert await _claimed_visits() == await _visits(second["id"])
    monkeypatch.setattr(notices, "overdue", real)
    assert await sweeps.remind_overdue(MONDAY + WEEK + DAY) == 1  # the failed one, next run
    assert await sweeps.remind_overdue(MONDAY + WEEK + 2 * DAY) == 0
    assert await _claimed_visits() == await _visits(first["id"], second["id"])
    assert await Notification.count().where(Notification.kind == "reminder") == 2


async def test_three_sweeps_at_once_send_each_reminder_once(o):
    made = [await new_request(o, judul=f"Aplikasi {n}") for n in range(3)]
    results = await asyncio.gather(*[sweeps.remind_overdue(MONDAY + WEEK) for _ in range(3)])
    assert sum(results) == 3
    assert await Notification.count().where(Notification.kind == "reminder") == 3
    assert await _claimed_visits() == await _visits(*(r["id"] for r in made))
