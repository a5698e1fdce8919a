"""notify(): who gets what, the in-app side, and when e-mails may go (office hours)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pintar.auth.roles import Role
from pintar.auth.service import set_active, update_preferences
from pintar.errors import Forbidden, NotFound, UserError
from pintar.notify import notify, service
from pintar.notify.hours import next_office_moment
from pintar.notify.tables import Notification, OutgoingEmail
from pintar.office.tables import Holiday, HoursOverride
from tests.helpers import make_person

WIB = ZoneInfo("Asia/Jakarta")
UTC = dt.timezone.utc


def wib(y, mo, d, h, mi=0):
    return dt.datetime(y, mo, d, h, mi, tzinfo=WIB)


async def test_one_call_writes_notice_and_email_per_person():
    ani = await make_person(username="ani", name="Ani")
    ti1 = await make_person(Role.PJK_TI, username="tiwi")
    ti2 = await make_person(Role.PJK_TI, Role.TEKNISI, username="tono")
    ids = await notify([ani.id, Role.PJK_TI, ti1.id], "Tiket HC-1 menunggu.", "/tiket/1")
    assert len(ids) == 3  # ti1 is named twice but notified once
    rows = await Notification.select().order_by(Notification.person)
    assert [r["person"] for r in rows] == [ani.id, ti1.id, ti2.id]
    assert {r["message"] for r in rows} == {"Tiket HC-1 menunggu."}
    assert {r["link"] for r in rows} == {"/tiket/1"}
    emails = await OutgoingEmail.select().order_by(OutgoingEmail.person)
    assert [e["to"] for e in emails] == ["ani@contoh.go.id", "tiwi@contoh.go.id", "tono@contoh.go.id"]
    assert all(e["sent_at"] is None and e["attempts"] == 0 for e in emails)


async def test_opt_out_inactive_and_no_address():
    quiet = await make_person(Role.KEPALA, username="diam")
    await update_preferences(quiet.id, language="id", email_notifications=False)
    gone = await make_person(Role.KEPALA, username="pergi")
    await set_active(gone.id, False)
    from pintar.auth.tables import Person

    nomail = await make_person(Role.KEPALA, username="tanpa")
    await Person.update({Person.email: ""}).where(Person.id == nomail.id)
    ids = await notify(Role.KEPALA, "Rapat pimpinan besok.", "/agenda")
    assert len(ids) == 2  # the inactive one gets nothing
    notified = {r["person"] for r in await Notification.select(Notification.person)}
    assert notified == {quiet.id, nomail.id}
    assert await OutgoingEmail.count() == 0  # one opted out, one has no address


async def test_pegawai_means_everyone_active():
    people = [await make_person(username=f"orang{i}x") for i in range(3)]
    ids = await notify(Role.PEGAWAI, "Kantor tutup Jumat.", "")
    assert len(ids) == len(people)
    assert {r["link"] for r in await Notification.select(Notification.link)} == {"/notifikasi"}


async def test_bad_input_is_refused():
    p = await make_person(username="siapa")
    with pytest.raises(UserError):
        await notify(p.id, "   ", "/x")
    with pytest.raises(UserError):
        await notify(p.id, "Pesan", "https://jahat.example/x")
    with pytest.raises(UserError):
        await notify(p.id, "Pesan", "//jahat.example/x")
    with pytest.raises(ValueError):
        await notify("bukan_peran", "Pesan", "/x")
    with pytest.raises(ValueError):
        await notify(p.id, "Pesan", "/x", kind="aneh")
    assert await notify([], "Pesan", "/x") == []
    # An absolute URL of this portal is kept as its path.
    from pintar.config import get_settings

    await notify(p.id, "Pesan", get_settings().base_url + "/zoom/3")
    assert (await Notification.select(Notification.link).first())["link"] == "/zoom/3"


async def test_object_reference_and_mark_object_read():
    p = await make_person(username="pemohon")
    await notify(p.id, "Disetujui", "/zoom/12", obj=("zoom.booking", 12))
    await notify(p.id, "Lain", "/zoom/13", obj=("zoom.booking", 13))
    row = await Notification.select().where(Notification.obj_id == 12).first()
    assert row["obj_type"] == "zoom.booking"
    assert await service.mark_object_read(p.id, ("zoom.booking", 12)) == 1
    assert (await service.bell_state(p.id))["count"] == 1


async def test_bell_list_and_marking_read():
    me = await make_person(username="saya")
    other = await make_person(username="lain")
    assert await service.bell_state(me.id) == {"count": 0, "latest": 0}
    ids = await notify(me.id, "Satu", "/satu")
    ids += await notify(me.id, "Dua", "/dua")
    other_ids = await notify(other.id, "Bukan untukmu", "/rahasia")
    state = await service.bell_state(me.id)
    assert state == {"count": 2, "latest": ids[1]}
    assert await service.mark_read(me.id, ids[1]) == "/dua"
    assert await service.bell_state(me.id) == {"count": 1, "latest": ids[0]}
    with pytest.raises(Forbidden):
        await service.mark_read(me.id, other_ids[0])
    with pytest.raises(NotFound):
        await service.mark_read(me.id, 99999)
    assert await service.mark_all_read(me.id) == 1
    assert (await service.bell_state(me.id))["count"] == 0
    assert (await service.bell_state(other.id))["count"] == 1


async def test_list_is_paginated_newest_first():
    me = await make_person(username="banyak")
    for i in range(service.PAGE_SIZE + 5):
        await notify(me.id, f"Pesan {i}", "/x")
    first = await service.list_for(me.id, 1)
    assert first["pages"] == 2 and first["total"] == service.PAGE_SIZE + 5
    assert first["items"][0]["message"] == f"Pesan {service.PAGE_SIZE + 4}"
    second = await service.list_for(me.id, 2)
    assert [i["message"] for i in second["items"]] == [f"Pesan {i}" for i in range(4, -1, -1)]
    assert (await service.list_for(me.id, 99))["page"] == 2
    assert second["items"][0]["url"].endswith("/x")


# --- office hours -------------------------------------------------------------------------------


async def test_next_office_moment_follows_office_hours():
    async def nxt(moment):
        return (await next_office_moment(moment)).astimezone(WIB)

    # Monday 23.00 → Tuesday 07.30; Monday 10.00 → now; Friday 16.15 → still open (till 16.30)
    assert await nxt(wib(2026, 11, 23, 23)) == wib(2026, 11, 24, 7, 30)
    assert await nxt(wib(2026, 11, 23, 10)) == wib(2026, 11, 23, 10)
    assert await nxt(wib(2026, 11, 27, 16, 15)) == wib(2026, 11, 27, 16, 15)
    # Thursday 16.15 is after hours (16.00); Friday 23.00 and Saturday → Monday 07.30
    assert await nxt(wib(2026, 11, 26, 16, 15)) == wib(2026, 11, 27, 7, 30)
    assert await nxt(wib(2026, 11, 27, 23)) == wib(2026, 11, 30, 7, 30)
    assert await nxt(wib(2026, 11, 28, 12)) == wib(2026, 11, 30, 7, 30)
    assert await nxt(wib(2026, 11, 24, 6)) == wib(2026, 11, 24, 7, 30)


async def test_next_office_moment_skips_days_off_and_uses_overrides():
    await Holiday.insert(Holiday(day=dt.date(2026, 11, 24), name="Libur uji", is_day_off=True))
    await HoursOverride.insert(
        HoursOverride(
            starts_on=dt.date(2026, 11, 25),
            ends_on=dt.date(2026, 11, 25),
            weekday=-1,
            opens=dt.time(8, 0),
            closes=dt.time(15, 0),
        )
    )
    moment = await next_office_moment(wib(2026, 11, 23, 23))
    assert moment.astimezone(WIB) == wib(2026, 11, 25, 8, 0)
    assert moment.tzinfo is not None


async def test_reminders_wait_for_office_hours_but_urgent_and_info_do_not():
    p = await make_person(username="jadwal")
    night = wib(2026, 11, 23, 23)
    await notify(p.id, "Pengingat", "/a", kind="reminder", now=night)
    await notify(p.id, "Eskalasi", "/b", kind="escalation", now=night)
    await notify(p.id, "Penting", "/c", kind="reminder", urgent=True, now=night)
    await notify(p.id, "Info", "/d", now=night)
    rows = {
        r["subject"].split("] ")[1]: r["not_before"].astimezone(WIB)
        for r in await OutgoingEmail.select(OutgoingEmail.subject, OutgoingEmail.not_before)
    }
    assert rows == {
        "Pengingat": wib(2026, 11, 24, 7, 30),
        "Eskalasi": wib(2026, 11, 24, 7, 30),
        "PENTING: Penting": night,
        "Info": night,
    }
