"""Working-day calendar speed: microseconds per call for the questions SLA code asks most.

    python bench/calendar_bench.py
"""

from __future__ import annotations

import datetime as dt
import sys
import timeit
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pintar.office.calendar import HoursOverrideSpec, WorkCalendar  # noqa: E402
from pintar.office.service import national_holidays  # noqa: E402


def main() -> None:
    t, tz = dt.time, ZoneInfo("Asia/Jakarta")
    closed = {d: n for y in range(2024, 2031) for d, n, _ in national_holidays(y)}
    ramadan = [HoursOverrideSpec(dt.date(2026, 2, 18), dt.date(2026, 3, 19), -1, t(8), t(15))]
    weekly = {d: (t(7, 30), t(16)) for d in range(4)} | {4: (t(7, 30), t(16, 30))}
    cal = WorkCalendar(tz, weekly, closed, ramadan)
    a = dt.datetime(2026, 1, 5, 9, tzinfo=tz)
    cases = {
        "business_time_between, 1 day": lambda: cal.business_time_between(a, a + dt.timedelta(days=1)),
        "business_time_between, 3 months": lambda: cal.business_time_between(a, a + dt.timedelta(days=90)),
        "business_time_between, 3 years": lambda: cal.business_time_between(a, a + dt.timedelta(days=1095)),
        "add_business_minutes, 30": lambda: cal.add_business_minutes(a, 30),
        "add_business_minutes, 5 days of minutes": lambda: cal.add_business_minutes(a, 5 * 510),
        "add_working_days, 3": lambda: cal.add_working_days(a.date(), 3),
        "working_days_between, 1 year": lambda: cal.working_days_between(a.date(), a.date() + dt.timedelta(days=365)),
        "deadline_working_days, 3": lambda: cal.deadline_working_days(a, 3),
    }
    for name, call in cases.items():
        call()  # warm the per-day caches, as a long-lived process has them
        n = 20000
        print(f"{name:<42} {timeit.timeit(call, number=n) / n * 1e6:8.2f} µs")


if __name__ == "__main__":
    main()
