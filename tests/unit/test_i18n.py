import datetime as dt
from zoneinfo import ZoneInfo

from pintar import i18n

JKT = ZoneInfo("Asia/Jakarta")


def test_indonesian_dates_as_people_write_them():
    moment = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
    assert i18n.format_datetime(moment, JKT) == "Senin, 23 November 2026, 09.00 WIB"
    assert i18n.format_time(moment, ZoneInfo("Asia/Makassar")) == "10.00 WITA"
    assert i18n.format_time(moment, ZoneInfo("Asia/Jayapura")) == "11.00 WIT"
    assert i18n.format_day(dt.date(2026, 8, 17)) == "Senin, 17 Agustus 2026"


def test_english_is_the_second_language():
    token = i18n.current_language.set("en")
    try:
        assert i18n.format_day(dt.date(2026, 8, 17)) == "Monday, 17 August 2026"
    finally:
        i18n.current_language.reset(token)


def test_durations_in_words():
    assert i18n.format_duration(dt.timedelta(minutes=45)) == "45 menit"
    assert i18n.format_duration(dt.timedelta(hours=2, minutes=5)) == "2 jam 5 menit"
    assert i18n.format_duration(dt.timedelta(days=3, hours=1)) == "3 hari 1 jam"
    assert i18n.format_duration(dt.timedelta(seconds=20)) == "kurang dari 1 menit"


def test_time_standards_read_as_the_sop_writes_them():
    from pintar.workflow import Standard

    assert Standard.minutes(10).label == "10 menit"
    assert Standard.minutes(10, 5).label == "5-10 menit"
    assert Standard.hours(1).label == "1 jam"
    assert Standard.minutes(60, 30).label == "30-60 menit"
    assert Standard.working_days(3).label == "3 hari kerja"
    token = i18n.current_language.set("en")
    try:
        assert Standard.minutes(30, 20).label == "20-30 minutes"
        assert Standard.working_days(3).label == "3 working days"
    finally:
        i18n.current_language.reset(token)
