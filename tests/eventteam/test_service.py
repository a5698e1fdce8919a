"""Event Team rules without HTTP: the duty roster, the 3-working-day rule, the rotation ranking and
its conflict rules, the steps, the figures."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar.agenda import service as agenda
from pintar.errors import Conflict, Forbidden, UserError
from pintar.eventteam import figures
from pintar.eventteam import service as et
from pintar.eventteam.tables import Assignment, PersonSlot, Support
from pintar.notify.tables import Notification
from pintar.office import holidays
from pintar.office.workdays import load_calendar
from tests.agenda.conftest import NOW, WIB, form


async def test_the_team_on_duty_and_its_ketua_come_from_the_roster(roster):
    on = await et.duty(dt.date(2026, 12, 14))
    assert on["team_name"] == "Event Team 5" and on["lead"]["name"] == "Kiki Ketua"
    assert (await et.duty(dt.date(2026, 11, 2)))["lead"]["id"] == roster.ketua2.id
    assert await et.duty(dt.date(2026, 1, 5)) is None
    hint = await et.coordination(dt.date(2026, 12, 10), NOW)  # Monday -> Thursday: 3 working days
    assert hint["short_notice"] is True and hint["lead"]["id"] == roster.ketua.id
    assert (await et.coordination(dt.date(2026, 12, 14), NOW))["short_notice"] is False


async def test_working_day_rule_around_weekends_holidays_and_closures():
    cal = await load_calendar([2026, 2027])
    # Monday: Mon, Tue, Wed before Thursday.
    assert et.earliest_start(cal, dt.date(2026, 12, 7)) == dt.date(2026, 12, 10)
    # Saturday: Mon, Tue, Wed -> Thursday too (the weekend does not count).
    assert et.earliest_start(cal, dt.date(2026, 12, 5)) == dt.date(2026, 12, 10)
    # Nyepi and Idul Fitri 2026 with their cuti bersama: 18-24 March closed, so a request on
    # Tuesday 17 March has 17, 25 and 26 March before a start on Friday 27 March.
    assert et.earliest_start(cal, dt.date(2026, 3, 17)) == dt.date(2026, 3, 27)
    assert et.working_days_before(cal, dt.date(2026, 3, 17), dt.date(2026, 3, 27)) == 3
    assert et.working_days_before(cal, dt.date(2026, 3, 17), dt.date(2026, 3, 26)) == 2
    # Christmas 2026: Thu 24 (cuti bersama) and Fri 25 (Natal) closed.
    assert et.earliest_start(cal, dt.date(2026, 12, 22)) == dt.date(2026, 12, 29)
    # An office closure counts too.
    await holidays.add_holidays(holidays.HolidayForm("penutupan", "2026-12-08", "", "Pemadaman", True))
    cal = await load_calendar([2026])
    assert et.earliest_start(cal, dt.date(2026, 12, 7)) == dt.date(2026, 12, 11)


async def _activity(roster, **kw):
    values = {"ruang": roster.aula, **kw}
    return await agenda.create(roster.sm, form(**values), now=NOW)


async def test_on_time_request_notifies_the_ketua_and_cc_once(roster):
    aid = await _activity(roster)  # Monday 14 December, a week ahead
    with pytest.raises(Forbidden):
        await et.request_support(roster.other, aid, {roster.mc: 1}, now=NOW)
    sid = await et.request_support(roster.sm, aid, {roster.mc: 1, roster.notulen: 2}, now=NOW)
    s = await et.get(sid)
    assert s["state"] == "diajukan" and s["late"] is False and s["lead"] == roster.ketua.id
    assert s["needed"] == 3 and s["filled"] == 0
    for person in (roster.ketua, roster.cc):
        assert await Notification.count().where(Notification.person == person.id) == 1
    with pytest.raises(Conflict):
        await et.request_support(roster.sm, aid, {roster.mc: 1}, now=NOW)
    assert await Notification.count().where(Notification.person == roster.ketua.id) == 1


async def test_late_request_waits_for_the_ketua_only(roster):
    aid = await _activity(roster, tanggal="2026-12-09")  # Wednesday: only Mon and Tue before it
    sid = await et.request_support(roster.sm, aid, {roster.mc: 1}, now=NOW)
    s = await et.get(sid)
    assert s["state"] == "menunggu_ketua" and s["late"] and s["earliest_start"] == dt.date(2026, 12, 10)
    assert "10 Desember 2026" in et.late_refusal(s["earliest_start"])
    for who in (roster.m[0], roster.sm, roster.ketua2):
        with pytest.raises((Forbidden, Conflict, UserError)):
            await et.act(who, sid, "terima_terlambat", version=s["version"], note="ok", now=NOW)
    with pytest.raises(UserError):
        await et.act(roster.ketua, sid, "terima_terlambat", version=s["version"], note="", now=NOW)
    done = await et.act(roster.ketua, sid, "terima_terlambat", version=s["version"], note="Kegiatan pimpinan", now=NOW)
    assert done["state"] == "diajukan"


async def test_rotation_ranking_and_conflict_rules(roster):
    # History: Anggota A was MC twice, Anggota B once as notulen.
    for i, (who, role) in enumerate([(roster.m[0], roster.mc), (roster.m[0], roster.mc), (roster.m[1], roster.notulen)]):
        past = await _activity(roster, tanggal=f"2026-12-{15 + i}", ruang=roster.kecil)
        sid = await et.request_support(roster.sm, past, {role: 1}, now=NOW)
        await et.assign(roster.ketua, sid, role, who.id, now=NOW)
    aid = await _activity(roster, tanggal="2026-12-21")
    sid = await et.request_support(roster.sm, aid, {roster.mc: 1, roster.notulen: 1}, now=NOW)
    ranking = await et.candidates(sid, roster.mc, now=NOW)
    names = [c.name for c in ranking["proposed"]]
    # On duty first (fewest MC, then fewest of any kind, then name); the substitute last.
    assert names == ["Anggota C", "Anggota D", "Kiki Ketua", "Anggota B", "Anggota A", "Kurnia Ketua Dua",
                     "Zaki Pengganti"]
    b = next(c for c in ranking["proposed"] if c.name == "Anggota B")
    assert "0 kali sebagai MC" in b.reason and "1 tugas seluruhnya" in b.reason and "bertugas" in b.reason
    assert "pengganti dari Event Team 4" in ranking["proposed"][-1].reason

    # Conflicts: C leads an overlapping activity, D is unavailable, A serves elsewhere then.
    await agenda.create(roster.sm, form(tanggal="2026-12-21", ruang=roster.kecil, pemimpin=str(roster.m[2].id)), now=NOW)
    await et.add_unavailable(roster.m[3], "2026-12-21", "", "Cuti tahunan")
    clash = await _activity(roster, tanggal="2026-12-21", mulai="10:00", selesai="12:00", metode="daring")
    other = await et.request_support(roster.sm, clash, {roster.mc: 1}, now=NOW)
    await et.assign(roster.ketua, other, roster.mc, roster.m[0].id, now=NOW)
    ranking = await et.candidates(sid, roster.mc, now=NOW)
    proposed = {c.name: c for c in ranking["proposed"]}
    assert "Anggota A" not in proposed
    assert [e["name"] for e in ranking["excluded"]] == ["Anggota A"] and "sudah bertugas" in ranking["excluded"][0]["why"]
    assert "memimpin" in proposed["Anggota C"].warnings[0]
    assert "Cuti tahunan" in proposed["Anggota D"].warnings[0]
    # Those without warnings first, in the same order.
    assert [c.name for c in ranking["proposed"]] == ["Kiki Ketua", "Anggota B", "Kurnia Ketua Dua", "Zaki Pengganti",
                                                     "Anggota C", "Anggota D"]
    # An SM can't assign; the lead can't put A (the database refuses), nor C without a reason.
    with pytest.raises(Forbidden):
        await et.assign(roster.sm, sid, roster.mc, roster.m[1].id, now=NOW)
    with pytest.raises(Conflict):
        await et.assign(roster.ketua, sid, roster.mc, roster.m[0].id, now=NOW)
    with pytest.raises(UserError) as info:
        await et.assign(roster.ketua, sid, roster.mc, roster.m[2].id, now=NOW)
    assert info.value.field == "alasan"
    await et.assign(roster.ketua, sid, roster.mc, roster.m[2].id, now=NOW, override="Hanya membuka acara")
    row = await Assignment.select().where(Assignment.person == roster.m[2].id).first()
    assert "memimpin" in row["override"] and "Hanya membuka acara" in row["override"]


async def test_steps_four_to_seven_and_the_quarter(roster):
    aid = await _activity(roster)
    sid = await et.request_support(roster.sm, aid, {roster.mc: 1}, now=NOW)
    s = await et.get(sid)
    with pytest.raises(Conflict):
        await et.act(roster.ketua, sid, "tetapkan", version=s["version"], now=NOW)  # roles not filled
    await et.assign(roster.ketua, sid, roster.mc, roster.m[1].id, now=NOW)
    s = await et.get(sid)
    s = await et.act(roster.ketua, sid, "tetapkan", version=s["version"], now=NOW)
    assert s["state"] == "peran_ditetapkan"
    assert await Notification.count().where(Notification.person == roster.m[1].id) == 1
    after = dt.datetime(2026, 12, 14, 12, 0, tzinfo=WIB)
    with pytest.raises(Conflict):
        await et.act(roster.sm, sid, "terlaksana", version=s["version"], now=NOW)  # not started yet
    s = await et.act(roster.sm, sid, "terlaksana", version=s["version"], now=after)
    await et.mark_no_show(roster.sm, sid, s["assignments"][0]["id"], True)
    with pytest.raises(Forbidden):
        await et.act(roster.sm, sid, "kirim_evaluasi", version=s["version"], now=after)
    s = await et.act(roster.cc, sid, "kirim_evaluasi", version=s["version"], now=after)
    with pytest.raises(agenda.Invalid) as info:
        await et.act(roster.sm, sid, "isi_evaluasi", version=s["version"], now=after, form={"kepuasan": "9"})
    assert set(info.value.errors) == {f"nilai_{s['assignments'][0]['id']}", "kepuasan"}
    s = await et.act(roster.sm, sid, "isi_evaluasi", version=s["version"], now=after, form={
        f"nilai_{s['assignments'][0]['id']}": "4", "kepuasan": "5", "baik": "Tepat waktu", "perbaikan": "-"})
    s = await et.act(roster.ketua, sid, "evaluasi_tim", version=s["version"], now=after,
                     form={"catatan": "Koordinasi baik"})
    assert s["state"] == "selesai" and s["satisfaction"] == 5
    cal = await load_calendar()
    f = await figures.quarter(2026, 4, cal, after)
    assert (f["supported"], f["on_time"], f["late"], f["roles_filled"], f["roles_needed"], f["no_shows"]) == (1, 1, 0, 1, 1, 1)
    assert f["per_role"] == [("MC", 4.0, 1)] and f["spread"]["never"] == ["Anggota A", "Anggota C", "Anggota D", "Kiki Ketua", "Kurnia Ketua Dua", "Zaki Pengganti"]
    assert {c.state: c.finished for c in f["steps"]}["diajukan"] == 1


async def test_cancelling_the_activity_ends_the_support_and_frees_people(roster):
    aid = await _activity(roster)
    sid = await et.request_support(roster.sm, aid, {roster.mc: 1}, now=NOW)
    await et.assign(roster.ketua, sid, roster.mc, roster.m[1].id, now=NOW)
    a = await agenda.get(aid)
    await agenda.cancel(roster.sm, aid, version=a["version"], note="Ditunda tahun depan", now=NOW)
    assert (await Support.select(Support.state).first())["state"] == "dibatalkan"
    assert await PersonSlot.count() == 0
    told = [n["message"] for n in await Notification.select().where(Notification.person == roster.m[1].id)]
    assert any("dibatalkan" in m for m in told)


@pytest.mark.parametrize("value", ["0", "10000", "-1", "x"])
async def test_role_counts_out_of_range_are_refused(roster, value):
    with pytest.raises(agenda.Invalid):
        et.read_needs({f"peran_{roster.mc}": value}, [roster.mc])
