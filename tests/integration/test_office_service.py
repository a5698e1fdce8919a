"""Office service rules, without HTTP: settings, logo, rooms, holidays, special hours."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar.errors import NotFound, UserError
from pintar.office import holidays, hours, logo, rooms, service, workdays
from pintar.office.tables import Holiday, Office, OfficeHours
from pintar.office.workdays import load_calendar

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def office_form(**changes) -> service.OfficeForm:
    form = service.OfficeForm(
        name="BPS Kabupaten Kaur",
        code="1704",
        address="Jl. Raya Bintuhan",
        email="bps1704@bps.go.id",
        phone="0739 21234",
        timezone="Asia/Jakarta",
        hours={d: ("07:30", "16:00") for d in range(4)} | {4: ("07.30", "16.30"), 5: None, 6: None},
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form


async def test_save_office_settings_and_hours():
    await service.save_office(office_form(timezone="Asia/Makassar", hours={0: ("08:00", "12:00")}))
    office = await service.get_office()
    assert office["name"] == "BPS Kabupaten Kaur" and office["code"] == "1704"
    assert office["timezone"] == "Asia/Makassar"
    rows = await OfficeHours.select()
    assert [(r["weekday"], r["opens"], r["closes"]) for r in rows] == [(0, dt.time(8), dt.time(12))]
    cal = await load_calendar()
    assert cal.tz.key == "Asia/Makassar"
    assert cal.is_working_day(dt.date(2026, 11, 23)) and not cal.is_working_day(dt.date(2026, 11, 24))
    summary = await service.office_summary()
    assert summary["name"] == "BPS Kabupaten Kaur"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": "  "}, "name"),
        ({"code": "17"}, "code"),
        ({"code": "17a0"}, "code"),
        ({"email": "bukan-email"}, "email"),
        ({"phone": "telepon"}, "phone"),
        ({"timezone": "Asia/Bengkulu"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"hours": {0: ("16:00", "08:00")}}, "closes_0"),
        ({"hours": {2: ("25:00", "26:00")}}, "opens_2"),
        ({"hours": {d: None for d in range(7)}}, "opens_0"),
    ],
)
async def test_bad_office_settings_are_refused(changes, field):
    with pytest.raises(UserError) as info:
        await service.save_office(office_form(**changes))
    assert info.value.field == field
    assert (await service.get_office())["name"] == "BPS Provinsi Bengkulu"  # nothing saved


async def test_logo_checks_content_and_replaces_the_old_file():
    first = await logo.save_logo(PNG)
    assert logo.logo_path(first).read_bytes() == PNG
    second = await logo.save_logo(JPEG)
    assert second.endswith(".jpg") and second != first
    assert logo.logo_path(first) is None  # the old file is gone
    assert (await service.office_summary())["logo_url"] == logo.logo_url(second)
    for bad, message in [
        (b"", "Pilih berkas"),
        (b"GIF89a" + b"\x00" * 10, "PNG atau JPEG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG atau JPEG"),
        (PNG + b"\x00" * logo.LOGO_MAX_BYTES, "1 MB"),
    ]:
        with pytest.raises(UserError, match=message):
            await logo.save_logo(bad)
    await logo.remove_logo()
    assert logo.logo_path(second) is None
    assert (await service.get_office())["logo_file"] == ""


async def test_rooms_add_edit_deactivate():
    room_id = await rooms.save_room(None, rooms.RoomForm("Aula", "120", "Lantai 3"))
    with pytest.raises(UserError, match="sudah dipakai"):
        await rooms.save_room(None, rooms.RoomForm("Aula", "10", ""))
    with pytest.raises(UserError) as info:
        await rooms.save_room(None, rooms.RoomForm("Ruang Kecil", "nol", ""))
    assert info.value.field == "capacity"
    await rooms.save_room(room_id, rooms.RoomForm("Aula Utama", "150", "Lantai 3"))
    room = await rooms.set_room_active(room_id, False)
    assert room["name"] == "Aula Utama" and room["capacity"] == 150 and room["active"] is False
    assert await rooms.list_rooms(include_inactive=False) == []
    with pytest.raises(NotFound):
        await rooms.set_room_active(room_id + 99, True)


async def test_estimated_holiday_is_confirmed_or_moved():
    rows = await holidays.holidays_of_year(2028)
    fitri = next(r for r in rows if r["name"] == "Hari Raya Idul Fitri")
    assert fitri["estimated"] and fitri["day"] == dt.date(2028, 2, 27)
    maulid = next(r for r in rows if r["name"] == "Maulid Nabi Muhammad")
    assert maulid["estimated"] and maulid["day"] == dt.date(2028, 8, 4)  # a Friday
    moved = await holidays.update_holiday(
        maulid["id"], holidays.HolidayEdit("Maulid Nabi Muhammad SAW", "2028-08-03", True)
    )
    assert moved["day"] == dt.date(2028, 8, 3) and moved["original_day"] == dt.date(2028, 8, 4)
    assert moved["estimated"] is False and moved["name"] == "Maulid Nabi Muhammad SAW"
    cal = await load_calendar([2028])
    assert not cal.is_working_day(dt.date(2028, 8, 3))
    assert cal.closed_reason(dt.date(2028, 8, 3)) == "Maulid Nabi Muhammad SAW"
    assert cal.is_working_day(dt.date(2028, 8, 4))
    back = await holidays.update_holiday(
        maulid["id"], holidays.HolidayEdit("Maulid Nabi Muhammad SAW", "2028-08-04", True)
    )
    assert back["original_day"] is None  # moved back where the package had it
    adha = next(r for r in rows if r["name"] == "Hari Raya Idul Adha")
    confirmed = await holidays.confirm_holiday(adha["id"])
    assert confirmed["estimated"] is False and confirmed["day"] == adha["day"]
    await holidays.delete_holiday(adha["id"])
    assert not any(r["id"] == adha["id"] for r in await holidays.holidays_of_year(2028))
    # The year is not imported again: the deleted day stays deleted.
    assert await workdays.ensure_holiday_years([2028]) == []


async def test_cuti_bersama_per_day_choice_and_closures():
    ids = await holidays.add_holidays(
        holidays.HolidayForm("cuti_bersama", "2026-03-23", "2026-03-24", "Cuti bersama Idul Fitri", True)
    )
    assert len(ids) == 2
    cal = await load_calendar([2026])
    assert not cal.is_working_day(dt.date(2026, 3, 23))
    await holidays.set_holiday_day_off(ids[1], False)  # the 24th: staff work after all
    cal = await load_calendar([2026])
    assert not cal.is_working_day(dt.date(2026, 3, 23)) and cal.is_working_day(dt.date(2026, 3, 24))
    with pytest.raises(UserError, match="sudah tercatat"):
        await holidays.add_holidays(holidays.HolidayForm("cuti_bersama", "2026-03-24", "", "Lagi", True))
    # A closure is always a day off, whatever the box said.
    closure = await holidays.add_holidays(
        holidays.HolidayForm("penutupan", "2026-11-25", "", "Pemadaman listrik gedung", False)
    )
    row = await Holiday.select().where(Holiday.id == closure[0]).first()
    assert row["is_day_off"] is True and row["kind"] == "penutupan"
    assert not (await load_calendar()).is_working_day(dt.date(2026, 11, 25))


@pytest.mark.parametrize(
    "form, field",
    [
        (holidays.HolidayForm("nasional", "2026-03-23", "", "X", True), "kind"),
        (holidays.HolidayForm("cuti_bersama", "23-03-2026", "", "X", True), "starts_on"),
        (holidays.HolidayForm("cuti_bersama", "2026-03-23", "2026-03-20", "X", True), "ends_on"),
        (holidays.HolidayForm("cuti_bersama", "2026-03-01", "2026-05-01", "X", True), "ends_on"),
        (holidays.HolidayForm("cuti_bersama", "2026-03-23", "", "  ", True), "name"),
    ],
)
async def test_bad_holiday_input(form, field):
    with pytest.raises(UserError) as info:
        await holidays.add_holidays(form)
    assert info.value.field == field


async def test_ramadan_override_changes_the_calendar():
    await hours.save_override(
        None, hours.OverrideForm("2027-02-08", "2027-03-09", "-1", "08:00", "15:00", "Ramadan")
    )
    friday = await hours.save_override(
        None, hours.OverrideForm("2027-02-08", "2027-03-09", "4", "08.00", "15.30", "Ramadan Jumat")
    )
    cal = await load_calendar([2027])
    assert cal.hours_on(dt.date(2027, 2, 10)) == (dt.time(8), dt.time(15))
    assert cal.hours_on(dt.date(2027, 2, 12)) == (dt.time(8), dt.time(15, 30))
    # after Idul Fitri and its cuti bersama (the decree closes Monday 15 March 2027)
    assert cal.hours_on(dt.date(2027, 3, 16)) == (dt.time(7, 30), dt.time(16))
    assert cal.hours_on(dt.date(2027, 3, 15)) is None
    await hours.delete_override(friday)
    cal = await load_calendar([2027])
    assert cal.hours_on(dt.date(2027, 2, 12)) == (dt.time(8), dt.time(15))
    with pytest.raises(UserError) as info:
        await hours.save_override(None, hours.OverrideForm("2027-02-08", "2027-03-09", "9", "08:00", "15:00"))
    assert info.value.field == "weekday"
    with pytest.raises(UserError) as info:
        await hours.save_override(None, hours.OverrideForm("2027-02-08", "2027-03-09", "-1", "15:00", "08:00"))
    assert info.value.field == "closes"


async def test_every_change_bumps_the_version_other_processes_watch():
    before = (await Office.select(Office.updated_at).first())["updated_at"]
    await holidays.add_holidays(holidays.HolidayForm("penutupan", "2026-12-28", "", "Tutup buku", True))
    after = (await Office.select(Office.updated_at).first())["updated_at"]
    assert after > before
