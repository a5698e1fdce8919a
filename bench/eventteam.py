"""Agenda and Event Team benchmark: ``.venv/bin/python bench/eventteam.py`` (a minute or two).

Two fresh SQLite databases, each built and measured in its own subprocess (a temporary ``var/``):

* **small**: 100 activities in the months around today;
* **large**: two years of activities (5,000 by default) around today, 40 Event Team members in six
  teams, support with 1-3 roles for 60 % of them, every assignment with the person's slots held.

For each it measures, in process through the ASGI app (one signed-in client, latency not
throughput): the rotation ranking of candidates for one role (the service call), the agenda's
month calendar (full page and the HTMX part), the Event Team board, and a board card swap (bytes);
then prints p50/p95, bytes, and the ratio large/small against the budget (p50 <= 20 ms and
<= 1.5x the small set; a card swap <= 3 KB).

Options: ``--activities 5000``, ``--small 100``, ``--rounds 60``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLES = ["Rapat koordinasi", "Sosialisasi survei", "Pelatihan petugas", "Rapat pimpinan", "Diseminasi data"]


async def load(n: int, span_days: int) -> dict:
    from pintar import clock
    from pintar.agenda import service as agenda
    from pintar.agenda.tables import Activity
    from pintar.auth import service as auth
    from pintar.auth.roles import Role
    from pintar.auth.tables import Person
    from pintar.cli import migrate
    from pintar.eventteam import service as et
    from pintar.eventteam.tables import Assignment, PersonSlot, RoleNeed, Support
    from pintar.office.service import ensure_office
    from pintar.office.workdays import load_calendar

    await migrate()
    await ensure_office("BPS Bench", "1700", "Asia/Jakarta")
    people = []
    for i in range(48):
        roles = [Role.ANGGOTA_EVENT] if i < 40 else []
        if i % 7 == 0 and i < 40:
            roles.append(Role.KETUA_EVENT)
        pid = await auth.create_person(auth.PersonForm(username=f"orang{i}", name=f"Orang {i:02d}",
                                                       roles=[str(r) for r in roles]), "bench-pass-123")
        people.append(pid)
    await Person.update({Person.must_change_password: False}).where(Person.id > 0)
    cal = await load_calendar()
    now = clock.now()
    today = now.astimezone(cal.tz).date()
    members = people[:40]
    for y in (today.year - 2, today.year - 1, today.year, today.year + 1):
        for t in range(6):
            team = members[t::6]
            await et.save_team(y, f"Event Team {t + 1}", [t + 2, (t + 8 - 1) % 12 + 1], team[0], team[1:])
    roles = [await et.save_role_type(name, i) for i, name in
             enumerate(["Koordinator", "Moderator", "MC", "Notulen", "Dukungan teknis", "Dokumentasi"])]
    rng = random.Random(321)
    first = today - dt.timedelta(days=span_days // 2)
    acts, supports, needs, assigns, slots = [], [], [], [], []
    aid = sid = asg = 0
    busy: set[tuple[int, int]] = set()
    for k in range(n):
        day = first + dt.timedelta(days=int(k * span_days / n))
        start = dt.datetime.combine(day, dt.time(8 + rng.randrange(8)), tzinfo=cal.tz).astimezone(dt.timezone.utc)
        end = start + dt.timedelta(hours=rng.choice((1, 2, 3)))
        aid += 1
        acts.append(Activity(id=aid, title=rng.choice(TITLES), category="rapat", starts_at=start, ends_at=end,
                             day=day, method=rng.choice(("luring", "daring", "hybrid")), owner=rng.choice(people),
                             participants=20, state="terjadwal", created_at=start - dt.timedelta(days=10)))
        if rng.random() < 0.6:
            sid += 1
            state = "selesai" if end < now else rng.choice(("diajukan", "peran_ditetapkan"))
            supports.append(Support(id=sid, activity=aid, lead=members[0], requested_at=start - dt.timedelta(days=7),
                                    state=state, state_since=start - dt.timedelta(days=6), version=1))
            for role in rng.sample(roles, rng.choice((1, 2, 3))):
                needs.append(RoleNeed(support=sid, role=role, count=1))
                for _try in range(5):
                    person = rng.choice(members)
                    span = agenda.slot_numbers(start, end)
                    if all((person, s) not in busy for s in span):
                        asg += 1
                        assigns.append(Assignment(id=asg, support=sid, role=role, person=person, starts_at=start,
                                                  assigned_at=start - dt.timedelta(days=5)))
                        for s in span:
                            busy.add((person, s))
                            slots.append(PersonSlot(person=person, slot=s, assignment=asg))
                        break
    for table, rows in ((Activity, acts), (Support, supports), (RoleNeed, needs), (Assignment, assigns),
                        (PersonSlot, slots)):
        for i in range(0, len(rows), 400):
            await table.insert(*rows[i:i + 400])
    # The support measured: the next upcoming one waiting for roles, its lead a real member.
    target = await Support.select(Support.id, Support.activity).where(Support.state == "diajukan").order_by(
        Support.activity.starts_at).first()
    await Support.update({Support.lead: members[0]}).where(Support.id == target["id"])
    need = await RoleNeed.select(RoleNeed.role).where(RoleNeed.support == target["id"]).first()
    return {"support": target["id"], "role": need["role"], "lead": "orang0", "rows": {
        "activities": len(acts), "supports": len(supports), "assignments": len(assigns), "person_slots": len(slots)}}


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def measure(n: int, span_days: int, rounds: int) -> dict:
    import httpx

    from pintar import clock
    from pintar.eventteam import service as et
    from pintar.web.app import create_app
    from tests.fixtures import running

    info = await load(n, span_days)
    app = create_app()
    out: dict = {"rows": info["rows"]}
    async with running(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as c:
            await c.get("/masuk")
            token = c.cookies.get("pintar_csrf")
            r = await c.post("/masuk", data={"login": info["lead"], "password": "bench-pass-123"},
                             headers={"x-csrftoken": token})
            assert r.status_code == 303, r.text[:300]

            async def timed(label: str, call) -> None:
                times, size = [], 0
                await call()
                for _ in range(rounds):
                    t0 = time.perf_counter()
                    result = await call()
                    times.append((time.perf_counter() - t0) * 1000)
                    if hasattr(result, "content"):
                        assert result.status_code == 200, (label, result.status_code)
                        size = len(result.content)
                        packed = len(gzip.compress(result.content, 6))
                out[label] = {"p50": pct(times, 50), "p95": pct(times, 95), "bytes": size,
                              "gzip": packed if size else 0}

            await timed("rank candidates", lambda: et.candidates(info["support"], info["role"], now=clock.now()))
            await timed("month calendar", lambda: c.get("/agenda/kalender?tampilan=bulan"))
            await timed("month calendar (htmx)", lambda: c.get("/agenda/kalender?tampilan=bulan",
                                                               headers={"HX-Request": "true"}))
            await timed("board", lambda: c.get("/event-team"))
            # A card swap: the lead's stale action comes back as the fresh card (409), bytes only.
            swap = await c.post(f"/event-team/{info['support']}/aksi",
                                data={"aksi": "tetapkan", "versi": "99999", "dari": "papan"},
                                headers={"x-csrftoken": token, "HX-Request": "true"})
            out["card swap"] = {"p50": 0.0, "p95": 0.0, "bytes": len(swap.content), "status": swap.status_code,
                                "gzip": len(gzip.compress(swap.content, 6))}
    return out


def child(n: int, span: int, rounds: int) -> None:
    var = tempfile.mkdtemp(prefix="pintar-bench-et-")
    os.environ.update(PINTAR_VAR_DIR=var, PINTAR_SECRET_KEY="bench-secret-key-0123456789abcdef",
                      PICCOLO_CONF="piccolo_conf", PINTAR_FAST_PASSWORD_HASH="1")
    os.environ.pop("PINTAR_DATABASE_URL", None)
    os.environ.pop("PINTAR_REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    print(json.dumps(asyncio.run(measure(n, span, rounds))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--child", nargs=3, type=int)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    results = {}
    for label, n, span in (("small", args.small, 90), ("large", args.activities, 730)):
        proc = subprocess.run([sys.executable, __file__, "--child", str(n), str(span), str(args.rounds)],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode:
            sys.exit(proc.stderr[-3000:])
        results[label] = json.loads(proc.stdout.strip().splitlines()[-1])
    small, large = results["small"], results["large"]
    print(f"rows (large): {large['rows']}")
    print(f"{'what':<24}{'small p50':>10}{'large p50':>10}{'p95':>8}{'ratio':>7}{'bytes':>8}{'gzip':>7}  budget")
    for key in ("rank candidates", "month calendar", "month calendar (htmx)", "board", "card swap"):
        s, l = small[key], large[key]
        ratio = l["p50"] / s["p50"] if s["p50"] else 0.0
        if key == "card swap":
            verdict = f"status {l['status']}, {'ok' if l['bytes'] <= 3072 else 'OVER'} (<= 3 KB)"
        else:
            verdict = "ok" if l["p50"] <= 20 and ratio <= 1.5 else "OVER (p50 <= 20 ms, <= 1.5x)"
        print(f"{key:<24}{s['p50']:>9.2f}ms{l['p50']:>8.2f}ms{l['p95']:>7.1f}{ratio:>7.2f}{l['bytes']:>8}"
              f"{l['gzip']:>7}  {verdict}")


if __name__ == "__main__":
    main()
