"""Agenda rules without HTTP: reading the form, rooms held, postponing, cancelling."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar.agenda import service as agenda
from pintar.agenda.tables import Activity, RoomSlot
from pintar.errors import Conflict, Forbidden
from pintar.notify.tables import Notification
from tests.agenda.conftest import NOW, WIB, form


async def test_create_holds_the_room_and_tells_the_participants(office):
    aid = await agenda.create(office.sm, form(ruang=office.aula, peserta=[str(office.guest.id)]), now=NOW)
    a = await agenda.get(aid)
    assert a["starts_at"] == dt.datetime(2026, 12, 14, 9, 0, tzinfo=WIB)
    assert a["room_name"] == "Aula" and [p["name"] for p in a["people"]] == ["Putri Peserta"]
    assert await RoomSlot.count().where(RoomSlot.activity == aid) == 24  # 2 hours of 5 minutes
    notes = await Notification.select().where(Notification.person == office.guest.id)
    assert len(notes) == 1 and "Rapat koordinasi" in notes[0]["message"]


async def test_one_room_one_activity_at_a_time(office):
    await agenda.create(office.sm, form(ruang=office.aula), now=NOW)
    with pytest.raises(agenda.Invalid) as info:
        await agenda.create(office.other, form(mulai="10:55", selesai="12:00", ruang=office.aula), now=NOW)
    assert "ruang" in info.value.errors and "Aula" in info.value.errors["ruang"]
    # Back to back is fine, and another room at the same time too.
    await agenda.create(office.other, form(mulai="11:00", selesai="12:00", ruang=office.aula), now=NOW)
    await agenda.create(office.other, form(ruang=office.kecil), now=NOW)
    # Daring activities hold no room.
    await agenda.create(office.other, form(metode="daring", ruang=office.aula), now=NOW)
    assert await Activity.count() == 4


@pytest.mark.parametrize(
    "changes, fields",
    [
        ({"mulai": "11:00", "selesai": "09:00"}, {"selesai"}),
        ({"tanggal": "2026-02-31"}, {"tanggal"}),
        ({"ruang": "999"}, {"ruang"}),
        ({"ruang": ""}, {"ruang"}),
        ({"judul": " ", "mulai": "25:00"}, {"judul", "mulai"}),
        ({"tanggal": "2026-12-01"}, {"mulai"}),
        ({"metode": "teleport"}, {"metode"}),
        ({"jumlah": "0"}, {"jumlah"}),
        ({"peserta": ["abc"]}, {"peserta"}),
    ],
)
async def test_bad_input_names_every_field_and_saves_nothing(office, changes, fields):
    values = {"ruang": office.aula, **changes}
    with pytest.raises(agenda.Invalid) as info:
        await agenda.create(office.sm, form(**values), now=NOW)
    assert set(info.value.errors) == fields
    assert await Activity.count() == 0 and await RoomSlot.count() == 0


async def test_postpone_keeps_the_old_times_in_the_history_and_moves_the_room(office):
    aid = await agenda.create(office.sm, form(ruang=office.aula, peserta=[str(office.guest.id)]), now=NOW)
    a = await agenda.get(aid)
    with pytest.raises(Forbidden):
        await agenda.postpone(office.other, aid, form(tanggal="2026-12-15", ruang=office.aula), version=a["version"], now=NOW)
    moved = await agenda.postpone(office.sm, aid, form(tanggal="2026-12-15", ruang=office.aula),
                                  version=a["version"], note="Narasumber berhalangan", now=NOW)
    assert moved["day"] == dt.date(2026, 12, 15) and moved["version"] == a["version"] + 1
    history = await agenda.history(aid)
    assert history[-1]["transition"] == "tunda"
    assert "Jadwal lama" in history[-1]["note"] and "14 Desember 2026" in history[-1]["note"]
    # The old time is free again for someone else.
    await agenda.create(office.other, form(ruang=office.aula), now=NOW)
    # A stale version is refused.
    with pytest.raises(Conflict):
        await agenda.postpone(office.sm, aid, form(tanggal="2026-12-16", ruang=office.aula), version=a["version"], now=NOW)
    notes = [n["message"] for n in await Notification.select().where(Notification.person == office.guest.id)]
    assert any("dipindah" in m for m in notes)


async def test_cancel_frees_the_room_owner_or_admin_only(office):
    aid = await agenda.create(office.sm, form(ruang=office.aula), now=NOW)
    a = await agenda.get(aid)
    with pytest.raises(Forbidden):
        await agenda.cancel(office.other, aid, version=a["version"], note="x", now=NOW)
    done = await agenda.cancel(office.admin, aid, version=a["version"], note="Anggaran", now=NOW)
    assert done["state"] == "dibatalkan"
    assert await RoomSlot.count().where(RoomSlot.activity == aid) == 0
    with pytest.raises(Conflict):
        await agenda.cancel(office.sm, aid, version=done["version"], note="lagi", now=NOW)


async def test_kiosk_shows_todays_activities_and_the_feed_has_them(office):
    from pintar.zoom import feeds, kiosk

    aid = await agenda.create(office.sm, form(judul="Apel pagi", tanggal="2026-12-14", ruang=office.aula,
                                              pemimpin=str(office.guest.id)), now=NOW)
    morning = dt.datetime(2026, 12, 14, 8, 0, tzinfo=WIB)
    board = await kiosk.board(morning)
    assert [(a["title"], a["room_name"]) for a in board["activities"]] == [("Apel pagi", "Aula")]
    assert (await kiosk.board(morning + dt.timedelta(minutes=20)))["etag"] == board["etag"]
    a = await agenda.get(aid)
    await agenda.update(office.sm, aid, form(judul="Apel pagi bersama", tanggal="2026-12-14", ruang=office.aula,
                                             pemimpin=str(office.guest.id)), version=a["version"], now=NOW)
    assert (await kiosk.board(morning))["etag"] != board["etag"]
    token = await feeds.token_for(feeds.PERSON_FEED, office.guest.id)
    text = await feeds.ical(await feeds.resolve(token, (feeds.PERSON_FEED,)), now=NOW)
    assert f"UID:agenda-{aid}@" in text and "SUMMARY:Apel pagi bersama" in text and "LOCATION:Aula" in text
    other = await feeds.token_for(feeds.PERSON_FEED, office.other.id)
    assert "agenda-" not in await feeds.ical(await feeds.resolve(other, (feeds.PERSON_FEED,)), now=NOW)


async def test_ajukan_zoom_is_prefilled_and_linked(office, web):
    await web.login("sm1")
    aid = await agenda.create(office.sm, form(judul="Webinar statistik", metode="hybrid", ruang=office.aula,
                                              jumlah="60"), now=NOW)
    page = await web.get(f"/agenda/{aid}")
    assert f'href="/zoom/baru?kegiatan={aid}"' in page.text
    new = await web.get(f"/zoom/baru?kegiatan={aid}")
    assert 'value="Webinar statistik"' in new.text and 'value="60"' in new.text
    assert f'name="kegiatan" value="{aid}"' in new.text and 'value="2026-12-14"' in new.text
    await agenda.link_zoom(aid, 77, office.sm)
    assert (await agenda.get(aid))["zoom_booking"] == 77
    with pytest.raises(Forbidden):
        await agenda.link_zoom(aid, 78, office.other)


async def test_postponing_moves_and_cancelling_releases_the_zoom_booking(office, web):
    from pintar import clock
    from pintar.zoom import service as zoom

    await zoom.create_account(zoom.AccountForm(name="Zoom A", capacity=100, password="x"))
    aid = await agenda.create(office.sm, form(metode="daring"), now=NOW)
    booking = await zoom.submit(office.sm, {"judul": "Rapat koordinasi", "tanggal": "2026-12-14", "mulai": "09:00",
                                            "selesai": "11:00", "peserta": "10"}, now=NOW)
    await agenda.link_zoom(aid, booking, office.sm)
    a = await agenda.get(aid)
    with clock.frozen(NOW):
        await web.login("sm1")
        moved = await web.post(f"/agenda/{aid}/ubah", {
            "versi": a["version"], "aksi": "tunda", "judul": "Rapat koordinasi", "tanggal": "2026-12-15",
            "mulai": "09:00", "selesai": "11:00", "metode": "daring", "zoom": "pindah", "catatan": "Bentrok"})
        assert moved.status_code == 303
        b = await zoom.row(booking)
        assert b["day"] == dt.date(2026, 12, 15) and b["state"] == "diajukan"
        a = await agenda.get(aid)
        cancelled = await web.post(f"/agenda/{aid}/batal", {"versi": a["version"], "catatan": "Tidak jadi",
                                                             "zoom": "lepas"})
        assert cancelled.status_code == 303
    assert (await zoom.row(booking))["state"] == "dibatalkan"
    assert (await agenda.get(aid))["state"] == "dibatalkan"
