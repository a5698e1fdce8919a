"""Reminders of steps 5 and 6: exactly once per due reminder, also with two sweeps at once and
after a crash mid-sweep."""

from __future__ import annotations

import asyncio
import datetime as dt

from pintar.agenda import service as agenda
from pintar.eventteam import notices, sweeps
from pintar.eventteam import service as et
from pintar.notify.tables import Notification
from tests.agenda.conftest import NOW, WIB, form

HELD = dt.datetime(2026, 12, 14, 12, 0, tzinfo=WIB)  # Monday, after the activity


async def _held(roster) -> dict:
    aid = await agenda.create(roster.sm, form(ruang=roster.aula), now=NOW)
    sid = await et.request_support(roster.sm, aid, {roster.mc: 1}, now=NOW)
    await et.assign(roster.ketua, sid, roster.mc, roster.m[1].id, now=NOW)
    s = await et.get(sid)
    s = await et.act(roster.ketua, sid, "tetapkan", version=s["version"], now=NOW)
    return await et.act(roster.sm, sid, "terlaksana", version=s["version"], now=HELD)


async def _reminders(person) -> list[str]:
    rows = await Notification.select(Notification.message).where(Notification.person == person.id)
    return [r["message"] for r in rows if r["message"].startswith("Pengingat")]


async def test_cc_is_reminded_once_per_due_reminder_and_the_sm_until_filled(roster):
    s = await _held(roster)
    # Not due before the closing time of the next working day (Tuesday 16.00).
    assert (await sweeps.run_all(dt.datetime(2026, 12, 15, 15, 0, tzinfo=WIB)))["cc_form"] == 0
    tuesday_evening = dt.datetime(2026, 12, 15, 17, 0, tzinfo=WIB)
    assert (await sweeps.run_all(tuesday_evening))["cc_form"] == 1
    assert (await sweeps.run_all(tuesday_evening))["cc_form"] == 0  # again: nothing new
    assert len(await _reminders(roster.cc)) == 1
    # Two sweeps at once on Wednesday evening: reminder 2, once.
    wednesday = dt.datetime(2026, 12, 16, 17, 0, tzinfo=WIB)
    results = await asyncio.gather(sweeps.run_all(wednesday), sweeps.run_all(wednesday))
    assert sum(r["cc_form"] for r in results) == 1
    assert len(await _reminders(roster.cc)) == 2
    s = await et.act(roster.cc, s["id"], "kirim_evaluasi", version=s["version"], now=wednesday)
    # The SM: reminded each working day until filled (Thursday, then Friday).
    thursday = dt.datetime(2026, 12, 17, 17, 0, tzinfo=WIB)
    assert (await sweeps.run_all(thursday)) == {"cc_form": 0, "sm_form": 1}
    assert (await sweeps.run_all(thursday))["sm_form"] == 0
    friday = dt.datetime(2026, 12, 18, 17, 0, tzinfo=WIB)
    assert (await sweeps.run_all(friday))["sm_form"] == 1
    # Down over the weekend and Monday: one reminder for the backlog on Tuesday, not two.
    tuesday = dt.datetime(2026, 12, 22, 17, 0, tzinfo=WIB)
    assert (await sweeps.run_all(tuesday))["sm_form"] == 1
    assert len(await _reminders(roster.sm)) == 3
    form_values = {f"nilai_{s['assignments'][0]['id']}": "5", "kepuasan": "4"}
    await et.act(roster.sm, s["id"], "isi_evaluasi", version=s["version"], now=tuesday, form=form_values)
    assert (await sweeps.run_all(dt.datetime(2026, 12, 30, 17, 0, tzinfo=WIB))) == {"cc_form": 0, "sm_form": 0}
    assert len(await _reminders(roster.sm)) == 3
    assert len(await _reminders(roster.cc)) == 2


async def test_a_crash_mid_sweep_loses_and_repeats_nothing(roster, monkeypatch):
    await _held(roster)
    real = notices.reminder

    async def boom(*args, **kw):
        await real(*args, **kw)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(notices, "reminder", boom)
    evening = dt.datetime(2026, 12, 15, 17, 0, tzinfo=WIB)
    assert (await sweeps.run_all(evening))["cc_form"] == 0
    assert await _reminders(roster.cc) == []  # rolled back with its claim
    monkeypatch.setattr(notices, "reminder", real)
    assert (await sweeps.run_all(evening))["cc_form"] == 1
    assert len(await _reminders(roster.cc)) == 1


def test_the_sweep_is_registered():
    from pintar.jobs.registry import REGISTRY, load_modules

    load_modules()
    assert "eventteam.sweep" in {d.name for d in REGISTRY.sweeps()}
