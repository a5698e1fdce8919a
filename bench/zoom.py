"""Zoom booking benchmark: ``.venv/bin/python bench/zoom.py`` (about a minute and a half).

Two fresh SQLite databases, each served by its own uvicorn process on 127.0.0.1 (a temporary
``var/``), each with the demo office and ten Zoom accounts:

* **small**: 100 bookings in the two weeks around today (about seven a day);
* **year**: 20,000 bookings over the 365 days around today (about 55 a day), every slot they hold
  in the slot table (about 300,000 rows), past ones finished or cancelled, future ones approved
  or pending.

For each it measures, over one keep-alive connection (latency, not throughput), the month
calendar (signed in), the week calendar, the kiosk page, the kiosk fragment (a poll that finds
something new: 200) and the kiosk poll when nothing changed (304), and the live availability
check; then prints p50/p95, the bytes of each answer and the ratio year/small. Finally it fires
50 simultaneous requests for one slot at the year database (in one process, through the
service, as the web handlers call it) and prints the outcome and p50/p95.

Both servers run at once and each route is measured on them in alternating short rounds, so a busy
moment of a shared machine falls on both alike; next to the wall-clock latency it prints the
server's own CPU time per request (from /proc), which other load on the machine hardly moves.

Options: ``--seconds 6`` per route and database, ``--bookings 20000``, ``--small 100``,
``--postgres postgresql://...`` to run the burst on PostgreSQL as well (that database is emptied).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = [("Zoom A", 100), ("Zoom B", 300), ("Zoom C", 500)] + [
    (f"Zoom {c}", cap) for c, cap in zip("DEFGHIJ", (100, 100, 300, 300, 500, 1000, 1000), strict=True)
]
TITLES = ["Rapat koordinasi", "Sosialisasi SUSENAS", "Pelatihan petugas", "Rapat evaluasi",
          "Webinar statistik", "Briefing sensus", "Rapat pimpinan", "Diseminasi BRS"]


# --- the server (a subprocess: ``bench/zoom.py --serve PORT BOOKINGS SPAN_DAYS``) ---------------


async def load(bookings: int, span_days: int) -> str:
    """Demo office, ten accounts, ``bookings`` bookings over ``span_days`` around today; returns
    the kiosk token."""
    from pintar.auth.tables import Person
    from pintar.cli import migrate
    from pintar.config import get_settings
    from pintar.demo import create_demo
    from pintar.zoom import feeds, slots
    from pintar.zoom.accounts import AccountForm, create_account
    from pintar.zoom.tables import ZoomAccount, ZoomBooking, ZoomSlot

    await migrate()
    await create_demo(get_settings().demo_password)
    await ZoomBooking.delete(force=True)  # the demo's own requests: the bench lays out its own
    for name, capacity in ACCOUNTS[3:]:
        await create_account(AccountForm(name=name, capacity=capacity, password="bench"))
    accounts = [r["id"] for r in await ZoomAccount.select(ZoomAccount.id).order_by(ZoomAccount.id)]
    people = await Person.select(Person.id, Person.team)
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Jakarta")
    rng = random.Random(45)
    today = dt.datetime.now(tz).date()
    first = today - dt.timedelta(days=span_days // 2)
    per_day = bookings / span_days
    now = dt.datetime.now(dt.timezone.utc)
    rows, made = [], 0
    for d in range(span_days):
        day = first + dt.timedelta(days=d)
        want = int(round(per_day * (d + 1))) - made
        cursor = {a: dt.datetime.combine(day, dt.time(7, 0), tzinfo=tz) for a in accounts}
        for i in range(want):
            account = accounts[i % len(accounts)]
            start = cursor[account] + dt.timedelta(minutes=15 * rng.randint(0, 2))
            end = start + dt.timedelta(minutes=rng.choice((30, 60, 60, 90, 120)))
            cursor[account] = end + dt.timedelta(minutes=15)  # the buffer
            person = rng.choice(people)
            if end <= now:
                state = "selesai" if rng.random() < 0.9 else rng.choice(("dibatalkan", "ditolak"))
            else:
                state = "disetujui" if rng.random() < 0.85 else rng.choice(("diajukan", "didisposisi"))
            rows.append((start, end, account, person, state))
        made += want
    booking_rows, slot_rows = [], []
    for start, end, account, person, state in rows:
        holds = state not in ("dibatalkan", "ditolak")
        booking_rows.append(ZoomBooking(
            title=rng.choice(TITLES), requester=person["id"], team=person["team"],
            starts_at=start.astimezone(dt.timezone.utc), ends_at=end.astimezone(dt.timezone.utc),
            day=start.date(), minutes=int((end - start).total_seconds() // 60),
            participants=rng.choice((20, 50, 80)), mode="online", account=account if holds else None,
            state=state, version=3, created_at=now, state_since=now,
        ))
    for i in range(0, len(booking_rows), 400):
        await ZoomBooking.insert(*booking_rows[i:i + 400])
    ids = [r["id"] for r in await ZoomBooking.select(ZoomBooking.id).order_by(ZoomBooking.id)]
    for booking_id, (start, end, account, _p, state) in zip(ids, rows, strict=True):
        if state not in ("dibatalkan", "ditolak"):
            slot_rows += [ZoomSlot(account=account, slot=s, booking=booking_id)
                          for s in slots.slot_range(start, end)]
    for i in range(0, len(slot_rows), 3000):
        await ZoomSlot.insert(*slot_rows[i:i + 3000])
    from pintar import db

    await db.engine().run_ddl("ANALYZE")
    print(f"loaded {len(ids)} bookings, {len(slot_rows)} slots", flush=True)
    return await feeds.token_for(feeds.KIOSK)


def serve(port: int, bookings: int, span_days: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    token = asyncio.run(load(bookings, span_days))
    (Path(os.environ["PINTAR_VAR_DIR"]) / "kiosk-token").write_text(token)
    import uvicorn

    from pintar.web.app import create_app

    uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- the client -----------------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; counts the bytes of each answer as they came."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict[str, str]) -> tuple[int, int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        match = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
        body = b""
        if match is not None:
            body = await self.reader.readexactly(int(match.group(1)))
        elif status not in (204, 304):
            raise RuntimeError(f"{path}: no Content-Length in {head[:300]!r}")
        return status, len(head) + len(body), head

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(port: int, pid: int, path: str, headers: dict, seconds: float, expect: int) -> dict:
    """Latencies over one keep-alive connection for ``seconds``, and the server's CPU time."""
    conn = Connection(port)
    for _ in range(3):  # warm-up
        await conn.get(path, headers)
    latencies, size = [], 0
    cpu0 = cpu_seconds(pid)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(latencies) < 10:
        t0 = time.perf_counter()
        status, size, _head = await conn.get(path, headers)
        latencies.append(time.perf_counter() - t0)
        if status != expect:
            raise RuntimeError(f"{path}: HTTP {status}, expected {expect}")
    cpu = cpu_seconds(pid) - cpu0
    await conn.close()
    return {"latencies": latencies, "bytes": size, "cpu": cpu}


def summary(parts: list[dict]) -> dict:
    latencies = sorted(x for p in parts for x in p["latencies"])
    n = len(latencies)
    return {"p50": 1000 * latencies[n // 2], "p95": 1000 * latencies[int(n * 0.95)],
            "cpu_ms": 1000 * sum(p["cpu"] for p in parts) / n, "n": n, "bytes": parts[-1]["bytes"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One database, loaded and served by uvicorn in a subprocess."""

    def __init__(self, name: str, bookings: int, span_days: int) -> None:
        self.name = name
        self.var = Path(tempfile.mkdtemp(prefix=f"pintar-bench-zoom-{name}-"))
        self.env = {k: v for k, v in os.environ.items() if k not in {"PINTAR_DATABASE_URL", "PINTAR_REDIS_URL"}}
        self.env.update(PINTAR_VAR_DIR=str(self.var), PICCOLO_CONF="piccolo_conf", PYTHONUNBUFFERED="1")
        self.port = _free_port()
        self.log = self.var / "server.log"
        self.started = time.monotonic()
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--serve", str(self.port), str(bookings), str(span_days)],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    async def ready(self) -> None:
        import httpx

        base = f"http://127.0.0.1:{self.port}"
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            while True:
                if self.proc.poll() is not None:
                    raise SystemExit(f"the {self.name} server stopped:\n{self.log.read_text()}")
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() - self.started > 900:
                    raise SystemExit(f"the {self.name} server did not start:\n{self.log.read_text()}")
                await asyncio.sleep(0.3)
            self.ready_after = time.monotonic() - self.started
            await client.get("/masuk")
            password = self.env.get("PINTAR_DEMO_PASSWORD", "pintar-demo")
            login = await client.post("/masuk", data={"login": "pegawai", "password": password},
                                      headers={"x-csrftoken": client.cookies["pintar_csrf"]})
            assert login.status_code == 303, login.text[:300]
            self.cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        self.token = (self.var / "kiosk-token").read_text()
        conn = Connection(self.port)
        _s, _b, head = await conn.get(f"/kiosk/papan?token={self.token}", {"HX-Request": "true"})
        self.etag = re.search(rb"(?i)\r\netag:\s*(\S+)", head).group(1).decode()
        await conn.close()
        self.loaded = [line for line in self.log.read_text().splitlines() if line.startswith("loaded")]

    def routes(self) -> list[tuple[str, str, dict, int]]:
        today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
        day2 = (today + dt.timedelta(days=2)).isoformat()
        signed = {"Cookie": self.cookie, "Accept-Encoding": "gzip"}
        hx = {"HX-Request": "true", "Accept-Encoding": "gzip"}
        kiosk = f"/kiosk/papan?token={self.token}"
        return [
            ("month", f"/zoom?tampilan=bulan&tanggal={today}", signed, 200),
            ("month (htmx part)", f"/zoom?tampilan=bulan&tanggal={today}", {**signed, "HX-Request": "true"}, 200),
            ("week", f"/zoom?tampilan=minggu&tanggal={today}", signed, 200),
            ("kiosk page", f"/kiosk?token={self.token}", {"Accept-Encoding": "gzip"}, 200),
            ("kiosk poll, changed (200)", kiosk, hx, 200),
            ("kiosk poll, unchanged (304)", kiosk, {**hx, "If-None-Match": self.etag}, 304),
            ("availability (htmx)", f"/zoom/ketersediaan?tanggal={day2}&mulai=10:00&selesai=11:00&peserta=50",
             {**signed, "HX-Request": "true"}, 200),
        ]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def compare(small: Server, year: Server, seconds: float, rounds: int = 6) -> dict:
    """Each route measured on both servers in alternating short rounds, so a busy moment of the
    machine falls on both alike."""
    out: dict = {}
    for (label, *s_route), (_l, *y_route) in zip(small.routes(), year.routes(), strict=True):
        parts: dict[str, list] = {"small": [], "year": []}
        for i in range(rounds):
            order = [("small", small, s_route), ("year", year, y_route)]
            for key, server, (path, headers, expect) in (order if i % 2 == 0 else order[::-1]):
                parts[key].append(await measure(server.port, server.proc.pid, path, headers,
                                                seconds / rounds, expect))
        out[label] = {k: summary(v) for k, v in parts.items()}
    return out


# --- 50 simultaneous requests for one slot (a subprocess on the year database) -----------------


def burst(var: str, database_url: str, n: int) -> None:
    os.environ["PINTAR_VAR_DIR"] = var
    os.environ["PICCOLO_CONF"] = "piccolo_conf"
    if database_url:
        os.environ["PINTAR_DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    async def go() -> None:
        from pintar import db
        from pintar.auth.service import load_user
        from pintar.config import get_settings
        from pintar.demo import create_demo

        if database_url:  # an emptied PostgreSQL database: migrate, the demo office and accounts
            from pintar.cli import migrate

            await migrate()
            await create_demo(get_settings().demo_password)
        from pintar import clock
        from pintar.auth.tables import Person
        from pintar.errors import UserError
        from pintar.zoom import service as zoom
        from pintar.zoom.tables import ZoomAccount

        await db.start_pool()
        from pintar.office.service import load_calendar

        await load_calendar()  # warm, as in a running server
        people = [await load_user(r["id"], 0) for r in await Person.select(Person.id).limit(n)]
        people = (people * (n // len(people) + 1))[:n]
        now = dt.datetime.now(dt.timezone.utc)  # a benchmark reads the clock like a route
        day = (now.astimezone(dt.timezone(dt.timedelta(hours=7))) + dt.timedelta(days=3)).date()
        # A slot where no account is busy: late evening, after the generated meetings.
        form = {"tanggal": day.isoformat(), "mulai": "22:00", "selesai": "23:00", "peserta": "50"}
        fitting = await ZoomAccount.count().where((ZoomAccount.capacity >= 50) & (ZoomAccount.active == True))  # noqa: E712

        async def one(i: int, user) -> tuple[bool, float]:
            t0 = time.perf_counter()
            try:
                await zoom.submit(user, {"judul": f"Serentak {i}", **form}, now=clock.now())
                ok = True
            except UserError:
                ok = False
            return ok, time.perf_counter() - t0

        t0 = time.perf_counter()
        results = await asyncio.gather(*(one(i, u) for i, u in enumerate(people)))
        wall = time.perf_counter() - t0
        times = sorted(t for _ok, t in results)
        wins = sum(ok for ok, _t in results)
        print(f"{n} simultaneous requests for one slot: {wins} accepted (fitting accounts: {fitting}), "
              f"{n - wins} refused; p50 {1000 * times[n // 2]:.0f} ms, p95 {1000 * times[int(n * .95)]:.0f} ms, "
              f"all done in {1000 * wall:.0f} ms")
        await db.close_pool()

    asyncio.run(go())


async def main_async(args: argparse.Namespace) -> None:
    engine = "SQLite"
    print(f"Zoom benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs (load average "
          f"{os.getloadavg()[0]:.1f}), {engine}, 1 uvicorn process per database, one keep-alive "
          f"connection, {args.seconds:g} s per route and database in alternating rounds")
    small = Server("small", args.small, 14)
    year = Server("year", args.bookings, 365)
    try:
        await small.ready()
        await year.ready()
        print(f"small: {small.loaded[0] if small.loaded else '?'} in 14 days (ready in {small.ready_after:.0f} s)")
        print(f"year:  {year.loaded[0] if year.loaded else '?'} in 365 days (ready in {year.ready_after:.0f} s)")
        results = await compare(small, year, args.seconds)
    finally:
        small.stop()
        year.stop()
    print()
    print(f"{'route':<28} {'p50 small':>9} {'p50 year':>9} {'ratio':>6} {'p95 year':>9} "
          f"{'CPU/req small':>13} {'year':>7} {'ratio':>6} {'bytes small/year':>17}")
    for label, r in results.items():
        s_, y = r["small"], r["year"]
        print(f"{label:<28} {s_['p50']:>7.2f}ms {y['p50']:>7.2f}ms {y['p50'] / s_['p50']:>5.2f}x {y['p95']:>7.2f}ms "
              f"{s_['cpu_ms']:>11.2f}ms {y['cpu_ms']:>5.2f}ms {y['cpu_ms'] / max(s_['cpu_ms'], 1e-9):>5.2f}x "
              f"{s_['bytes']:>8} / {y['bytes']:<7}")
    poll = results["kiosk poll, unchanged (304)"]["year"]["bytes"]
    print(f"\nkiosk poll when nothing changed: {poll} bytes on the wire (304, headers only; budget 300)")
    print()
    cmd = [sys.executable, str(Path(__file__).resolve()), "--burst", str(year.var), "", "50"]
    print("SQLite (the year database): ", end="", flush=True)
    subprocess.run(cmd, check=True)
    if args.postgres:
        subprocess.run(["psql", args.postgres, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                       check=True, capture_output=True)
        var = tempfile.mkdtemp(prefix="pintar-bench-zoom-pg-")
        print("PostgreSQL (demo office, 3 accounts): ", end="", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--burst", var, args.postgres, "50"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--bookings", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--postgres", default="", metavar="URL",
                        help="also run the 50-request burst on this PostgreSQL database (emptied first)")
    parser.add_argument("--serve", nargs=3, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--burst", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
    elif args.burst:
        burst(args.burst[0], args.burst[1], int(args.burst[2]))
    else:
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
