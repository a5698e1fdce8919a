"""SOP-321 step 8: the quarterly figures (Laporan Implementasi Event Team Triwulan), all read
from the supports, their assignments and the workflow history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pintar import workflow as wf
from pintar.eventteam.flow import SUPPORT
from pintar.eventteam.tables import Assignment, RoleNeed, Support, TeamMember


def quarter_bounds(year: int, q: int, tz: Any) -> tuple[dt.datetime, dt.datetime]:
    first = dt.datetime(year, 3 * (q - 1) + 1, 1, tzinfo=tz)
    last = dt.datetime(year + (q == 4), (3 * q) % 12 + 1, 1, tzinfo=tz)
    return first, last


async def quarter(year: int, q: int, cal: Any, now: dt.datetime | None = None) -> dict:
    start, end = quarter_bounds(year, q, cal.tz)
    rows = await Support.select(
        Support.id, Support.state, Support.late, Support.satisfaction,
        Support.activity.starts_at.as_alias("starts_at"),
    ).where((Support.activity.starts_at >= start) & (Support.activity.starts_at < end))
    supported = [r for r in rows if r["state"] not in ("dibatalkan", "ditolak")]
    ids = [r["id"] for r in supported]
    needs = await RoleNeed.select(RoleNeed.count).where(RoleNeed.support.is_in(ids or [0]))
    assignments = await Assignment.select(
        Assignment.person, Assignment.role, Assignment.rating, Assignment.no_show,
        Assignment.person.name.as_alias("person_name"), Assignment.role.name.as_alias("role_name"),
    ).where(Assignment.support.is_in(ids or [0]))
    per_role: dict[str, list[int]] = {}
    per_person: dict[str, dict] = {}
    for a in assignments:
        entry = per_person.setdefault(a["person_name"], {"count": 0, "ratings": [], "no_shows": 0})
        entry["count"] += 1
        entry["no_shows"] += int(a["no_show"])
        if a["rating"] is not None:
            entry["ratings"].append(a["rating"])
            per_role.setdefault(a["role_name"], []).append(a["rating"])
    members = {
        r["name"] for r in await TeamMember.select(TeamMember.person.name.as_alias("name")).where(
            TeamMember.team.year == year
        )
    }
    counts = sorted(p["count"] for p in per_person.values())
    never = sorted(members - set(per_person))
    spread = {
        "members": len(members), "served": len(per_person), "never": never,
        "min": 0 if never else (counts[0] if counts else 0), "max": counts[-1] if counts else 0,
        "mean": round(sum(counts) / len(members), 2) if members else 0.0,
    }
    sats = [r["satisfaction"] for r in supported if r["satisfaction"] is not None]
    histories = await wf.histories(SUPPORT, [r["id"] for r in rows])
    return {
        "year": year, "q": q, "start": start.date(), "end": (end - dt.timedelta(days=1)).date(),
        "supported": len(supported), "on_time": sum(1 for r in supported if not r["late"]),
        "late": sum(1 for r in supported if r["late"]),
        "cancelled": sum(1 for r in rows if r["state"] == "dibatalkan"),
        "refused": sum(1 for r in rows if r["state"] == "ditolak"),
        "roles_needed": sum(n["count"] for n in needs), "roles_filled": len(assignments),
        "no_shows": sum(1 for a in assignments if a["no_show"]),
        "satisfaction": round(sum(sats) / len(sats), 2) if sats else None,
        "per_role": sorted((k, round(sum(v) / len(v), 2), len(v)) for k, v in per_role.items()),
        "per_person": sorted(
            (k, v["count"], round(sum(v["ratings"]) / len(v["ratings"]), 2) if v["ratings"] else None, v["no_shows"])
            for k, v in per_person.items()
        ),
        "spread": spread,
        "steps": wf.compliance(SUPPORT, histories, cal, now),
    }
