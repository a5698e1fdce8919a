"""load_calendar(): the office's hours and the national holidays from the database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pintar.office import workdays
from pintar.office.tables import Holiday, HolidayYear, Office
from pintar.office.workdays import load_calendar


async def test_2026_indonesian_holidays_are_days_off():
    cal = await load_calendar([2026])
    assert cal.tz == ZoneInfo("Asia/Jakarta")
    assert not cal.is_working_day(dt.date(2026, 8, 17))  # Hari Kemerdekaan, a Monday
    assert cal.closed_reason(dt.date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert not cal.is_working_day(dt.date(2026, 12, 25))  # Natal, a Friday
    assert not cal.is_working_day(dt.date(2026, 1, 1))
    assert cal.is_working_day(dt.date(2026, 8, 18))
    assert cal.add_working_days(dt.date(2026, 8, 14), 1) == dt.date(2026, 8, 18)
    assert cal.hours_on(dt.date(2026, 8, 21)) == (dt.time(7, 30), dt.time(16, 30))


async def test_years_are_imported_once_and_estimated_dates_flagged():
    await load_calendar([2028])
    count = await Holiday.count().where(Holiday.day >= dt.date(2028, 1, 1)).where(Holiday.day <= dt.date(2028, 12, 31))
    assert count > 10
    idul_fitri = await Holiday.select().where(Holiday.day == dt.date(2028, 2, 27)).first()
    assert idul_fitri["name"] == "Hari Raya Idul Fitri"
    assert idul_fitri["estimated"] is True
    natal = await Holiday.select().where(Holiday.day == dt.date(2028, 12, 25)).first()
    assert natal["estimated"] is False and natal["source"] == "paket"
    assert await workdays.ensure_holiday_years([2028]) == []
    assert await HolidayYear.count().where(HolidayYear.year == 2028) == 1


async def test_cache_follows_office_version():
    first = await load_calendar()
    assert await load_calendar() is first
    await Holiday.insert(Holiday(day=dt.date(2026, 11, 25), name="Penutupan", kind="penutupan"))
    # Another process changed the data and bumped the version:
    await Office.update({Office.updated_at: dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)}, force=True)
    second = await load_calendar()
    assert second is not first
    assert not second.is_working_day(dt.date(2026, 11, 25))
