"""HaloCik's sweeps: each alert and reminder once per step visit, through the shared claim —
running twice, two sweeps at once, or again after a crash sends nothing twice and loses
nothing. Each test ends by checking the claims in SQL."""

from __future__ import annotations

import asyncio

from pintar.auth.roles import Role
from pintar.helpdesk import service, sweeps
from pintar.notify import service as notify_service
from pintar.workflow.tables import WorkflowClaim
from tests.helpdesk.conftest import state_of
from tests.helpdesk.helpers import MIN, MONDAY_9, open_help, open_install, run_steps


async def claims() -> list[tuple[int, str]]:
    rows = await WorkflowClaim.select(WorkflowClaim.visit, WorkflowClaim.kind).order_by(
        WorkflowClaim.id)
    return [(r["visit"], r["kind"]) for r in rows]


async def duplicated_claims() -> list[dict]:
    table = WorkflowClaim._meta.tablename
    return await WorkflowClaim.raw(
        f"SELECT visit, kind, COUNT(*) AS n FROM {table} GROUP BY visit, kind HAVING COUNT(*) > 1")


async def test_overdue_alerts_and_confirmation_reminders_are_sent_once(office, sent):
    rina, andi = office["rina"], office["andi"]
    t = await open_install(rina, office["spss"], office["pc"])
    assert await sweeps.alert_overdue(now=MONDAY_9 + 4 * MIN) == 0  # not due yet
    assert await sweeps.alert_overdue(now=MONDAY_9 + 6 * MIN) == 1  # nobody took it in 5 min
    assert sent[-1][0] == [Role.TEKNISI, Role.PJK_TI]
    assert "melewati standar waktu langkah “Menunggu diambil teknisi” (5 menit)" in sent[-1][1]
    assert await sweeps.alert_overdue(now=MONDAY_9 + 30 * MIN) == 0  # once per step visit
    await service.act(t["id"], "ambil", andi, now=MONDAY_9 + 31 * MIN)
    assert await sweeps.alert_overdue(now=MONDAY_9 + 40 * MIN) == 0
    assert await sweeps.alert_overdue(now=MONDAY_9 + 42 * MIN) == 1  # the check took > 10 min
    assert sent[-1][0] == [andi.id, Role.PJK_TI]
    await run_steps(t["id"], [("sesuai", andi, {}), ("uji", andi, {}), ("serahkan", andi, {})],
                    MONDAY_9 + 42 * MIN)
    done_at = MONDAY_9 + 57 * MIN
    assert await sweeps.remind_requesters(now=done_at + 29 * MIN) == 0
    assert await sweeps.remind_requesters(now=done_at + 31 * MIN) == 1
    assert sent[-1][0] == [rina.id] and "menunggu konfirmasi Anda" in sent[-1][1]
    assert await sweeps.remind_requesters(now=done_at + 90 * MIN) == 0
    assert await sweeps.alert_overdue(now=done_at + 90 * MIN) == 0  # the requester's step: paused


async def test_the_sweep_is_registered_and_runs():
    from pintar.helpdesk import jobs as helpdesk_jobs
    from pintar.jobs.registry import REGISTRY

    assert "helpdesk.sweep_tickets" in [d.name for d in REGISTRY.sweeps()]
    assert await helpdesk_jobs.sweep_tickets({}) == {"overdue": 0, "reminded": 0}


async def test_claims_are_keyed_on_the_step_visit(office, sent):
    rina, andi = office["rina"], office["andi"]
    t = await open_install(rina, office["spss"], office["pc"])
    opened = (await state_of(t["id"]))["state_event"]
    assert await sweeps.alert_overdue(MONDAY_9 + 6 * MIN) == 1
    await service.act(t["id"], "ambil", andi, now=MONDAY_9 + 7 * MIN)
    checking = (await state_of(t["id"]))["state_event"]
    assert checking > opened
    assert await sweeps.alert_overdue(MONDAY_9 + 30 * MIN) == 1
    assert await claims() == [(opened, "terlambat"), (checking, "terlambat")]
    assert await duplicated_claims() == []


async def test_a_crashed_sweep_loses_nothing(office, sent, monkeypatch):
    first = await open_help(office["rina"], reason="Printer macet")
    second = await open_help(office["budi"], reason="Wifi putus", at=MONDAY_9 + MIN)
    real = notify_service.notify
    calls = {"n": 0}

    async def broken(recipients, message, link, **kw):
        if first["number"] in message:
            calls["n"] += 1
            raise RuntimeError("SMTP mati / worker dibunuh")
        await real(recipients, message, link, **kw)

    monkeypatch.setattr(notify_service, "notify", broken)
    # The first ticket's alert fails: its claim rolls back with it; the second is still sent.
    assert await sweeps.alert_overdue(MONDAY_9 + 10 * MIN) == 1
    assert [m for _r, m, _l in sent if "melewati standar" in m] == [
        f"Tiket {second['number']} melewati standar waktu langkah “Menunggu diambil teknisi” (5 menit)."]
    second_visit = (await state_of(second["id"]))["state_event"]
    assert await claims() == [(second_visit, "terlambat")]
    # The next run, with mail back, sends the first once and the second not again.
    monkeypatch.setattr(notify_service, "notify", real)
    assert await sweeps.alert_overdue(MONDAY_9 + 15 * MIN) == 1
    assert await sweeps.alert_overdue(MONDAY_9 + 20 * MIN) == 0
    assert calls["n"] == 1
    assert sorted(await claims()) == sorted([
        (second_visit, "terlambat"), ((await state_of(first["id"]))["state_event"], "terlambat")])
    assert await duplicated_claims() == []


async def test_two_sweeps_at_once_send_each_alert_once(office, sent):
    made = [await open_help(office["rina"], reason=f"Masalah {i}", at=MONDAY_9 + i * MIN)
            for i in range(5)]
    now = MONDAY_9 + 30 * MIN
    results = await asyncio.gather(sweeps.run_all(now), sweeps.run_all(now), sweeps.run_all(now))
    assert sum(r["overdue"] for r in results) == 5
    alerts = [m for _r, m, _l in sent if "melewati standar" in m]
    assert sorted(alerts) == sorted(
        f"Tiket {t['number']} melewati standar waktu langkah “Menunggu diambil teknisi” (5 menit)."
        for t in made)
    assert len(await claims()) == 5 and await duplicated_claims() == []


async def test_reminders_wait_for_the_requesters_own_standard_in_office_hours(office, sent):
    rina, andi = office["rina"], office["andi"]
    t = await open_help(rina)
    await run_steps(t["id"], [("ambil", andi, {}), ("tangani", andi, {})], MONDAY_9)
    # Handed over at 09.10; the requester's 30 minutes of office time end at 09.40.
    assert await sweeps.remind_requesters(MONDAY_9 + 39 * MIN) == 0
    assert await sweeps.remind_requesters(MONDAY_9 + 41 * MIN) == 1
    assert sent[-1][0] == [rina.id] and "menunggu konfirmasi Anda" in sent[-1][1]
    # Sent back and handed over again: a new visit of the step, a new reminder.
    await service.act(t["id"], "tolak_hasil", rina, note="Masih macet", now=MONDAY_9 + 45 * MIN)
    await service.act(t["id"], "tangani", andi, now=MONDAY_9 + 50 * MIN)
    assert await sweeps.remind_requesters(MONDAY_9 + 60 * MIN) == 0
    assert await sweeps.remind_requesters(MONDAY_9 + 81 * MIN) == 1
    kinds = [k for _v, k in await claims()]
    assert kinds.count("pengingat") == 2 and await duplicated_claims() == []
