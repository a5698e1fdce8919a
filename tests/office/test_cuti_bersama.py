"""Cuti bersama of the joint decree (the ``holidays`` package's ``government`` category): imported
per year as days off marked as from the decree, re-imported once the package knows a new year,
never overwriting what the admin changed; the holidays page names the years not covered."""

from __future__ import annotations

import datetime as dt

from pintar.auth.roles import Role
from pintar.office import holidays, workdays
from pintar.office.tables import DecreeYear, Holiday
from pintar.office.workdays import load_calendar
from tests.helpers import Web, make_person

DECREE_2026 = [
    dt.date(2026, 2, 16), dt.date(2026, 3, 18), dt.date(2026, 3, 20), dt.date(2026, 3, 23),
    dt.date(2026, 3, 24), dt.date(2026, 5, 15), dt.date(2026, 5, 28), dt.date(2026, 12, 24),
]


async def test_the_decree_days_of_2026_are_days_off_marked_as_from_the_decree():
    cal = await load_calendar([2026])
    for day in DECREE_2026:
        assert not cal.is_working_day(day), day
    assert "Natal" in cal.closed_reason(dt.date(2026, 12, 24))
    rows = await Holiday.select().where(Holiday.kind == "cuti_bersama").order_by(Holiday.day)
    assert [r["day"] for r in rows if r["day"].year == 2026] == DECREE_2026
    assert {(r["source"], r["is_day_off"], r["estimated"]) for r in rows} == {("skb", True, False)}
    # Nyepi and Idul Fitri 2026: Wed 18 (cuti bersama), Thu 19 (Nyepi), Fri 20 (cuti bersama),
    # Sat 21-Sun 22 (Idul Fitri), Mon 23 and Tue 24 (cuti bersama): after Tuesday 17 March the
    # next working days are 25, 26 and 27 March.
    assert cal.add_working_days(dt.date(2026, 3, 17), 1) == dt.date(2026, 3, 25)
    assert cal.add_working_days(dt.date(2026, 3, 19), 3) == dt.date(2026, 3, 27)
    assert cal.working_days_between(dt.date(2026, 3, 17), dt.date(2026, 3, 27)) == 3


async def test_admin_changes_are_never_overwritten_and_a_year_is_imported_once():
    await workdays.ensure_holiday_years([2026])
    christmas = await Holiday.select().where(
        (Holiday.day == dt.date(2026, 12, 24)) & (Holiday.kind == "cuti_bersama")
    ).first()
    await holidays.set_holiday_day_off(christmas["id"], False)  # the office works that day
    imlek = await Holiday.select().where(
        (Holiday.day == dt.date(2026, 2, 16)) & (Holiday.kind == "cuti_bersama")
    ).first()
    await holidays.delete_holiday(imlek["id"])
    assert await workdays.ensure_decree_years([2026]) == []
    cal = await load_calendar([2026])
    assert cal.is_working_day(dt.date(2026, 12, 24)) and cal.is_working_day(dt.date(2026, 2, 16))
    assert await Holiday.count().where(Holiday.kind == "cuti_bersama") == len(DECREE_2026) - 1 + (
        await Holiday.count().where(
            (Holiday.kind == "cuti_bersama") & (Holiday.day < dt.date(2026, 1, 1))
            | (Holiday.kind == "cuti_bersama") & (Holiday.day > dt.date(2026, 12, 31))
        )
    )


async def test_a_day_the_admin_typed_first_is_left_alone():
    await holidays.add_holidays(holidays.HolidayForm(
        "cuti_bersama", "2027-12-24", "", "Cuti bersama Natal (SKB kami)", False
    ))
    assert 2027 in await workdays.ensure_decree_years([2027])
    rows = await Holiday.select().where(Holiday.day == dt.date(2027, 12, 24))
    assert [(r["name"], r["source"], r["is_day_off"]) for r in rows] == [
        ("Cuti bersama Natal (SKB kami)", "admin", False)
    ]


async def test_a_year_the_package_does_not_know_is_imported_once_it_does(monkeypatch):
    assert workdays.decree_cuti_bersama(2031) == []
    assert await workdays.ensure_decree_years([2031]) == []
    assert not await DecreeYear.exists().where(DecreeYear.year == 2031)
    assert await workdays.decree_coverage([2026, 2031]) == {2026: True, 2031: False}
    # An upgraded package knows 2031 now.
    monkeypatch.setattr(
        workdays, "decree_cuti_bersama",
        lambda year: [(dt.date(2031, 3, 24), "Cuti Bersama Hari Raya Idul Fitri")] if year == 2031 else [],
    )
    assert await workdays.ensure_decree_years([2031]) == [2031]
    cal = await load_calendar([2031])
    assert not cal.is_working_day(dt.date(2031, 3, 24))
    assert await workdays.decree_coverage([2031]) == {2031: True}


async def test_the_holidays_page_shows_decree_days_and_years_not_covered(web: Web):
    await make_person(Role.ADMIN, username="admin1")
    await web.login("admin1")
    page = await web.get("/admin/hari-libur?tahun=2026")
    assert page.status_code == 200
    assert "Cuti Bersama Hari Raya Natal" in page.text and "dari SKB cuti bersama" in page.text
    assert 'id="skb-belum"' not in page.text or "2026" not in page.text.split('id="skb-belum"')[1][:300]
    page = await web.get("/admin/hari-libur?tahun=2033")
    assert page.status_code == 200
    notice = page.text.split('id="skb-belum"')[1][:400]
    assert "2033" in notice
    assert "paket" not in notice and "holidays" not in notice  # no package names in the UI
