"""Integrity under load: ``.venv/bin/python bench/integrity.py`` (about four minutes).

Prints three sets of figures (issue 8), each from fresh databases in temporary folders:

1. **Write waits.** 20 writers in one process write for ``--seconds`` (alternating single
   INSERTs and read-then-write transactions), on SQLite with the write turn (this process's
   writers queue first come, first served) and, for comparison, without it (SQLite's busy
   handler arbitrates, as before), and on PostgreSQL when ``--postgres URL`` is given. For each:
   writes per second and the p50/p95/p99/max of each write's latency (asked → committed) and of
   its wait for the turn.
2. **HTTP booking bursts under load.** The app served by uvicorn (one process) with the demo
   office; 20 signed-in clients keep writing (the admin's test notification: a notification and
   an outbox row each) while 50 signed-in clients request the same Zoom slot at once, five times
   over (different days). Prints the outcome of each burst (successes must equal the accounts
   that fit: 3) and p50/p95 of the burst requests, on SQLite and on PostgreSQL (``--postgres``).
   Afterwards the schedule's invariants are checked in SQL (``pintar.zoom.integrity``).
3. **E-mail once-ness across kills.** ``--mails`` urgent e-mails in the outbox; a sender process
   (the body of the ``notify.send_emails`` sweep, in a loop) is killed with SIGKILL ``--kills``
   times at random moments and started again, against a real SMTP server on loopback (aiosmtpd,
   in this process, which counts what it accepted). Then it waits for every lease to run out and
   prints: e-mails, arrived, arrived more than once (same Message-ID: a client shows one),
   missing, and the latest arrival after the kills ended.

Options: ``--seconds 10``, ``--writers 20``, ``--postgres postgresql://…`` (that database is
emptied), ``--mails 300``, ``--kills 25``, ``--skip-http``, ``--skip-mail``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(values: list[float]) -> str:
    return " ".join(f"{name} {pct(values, p) * 1000:7.1f}" for name, p in
                    (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))) + " ms"


def child_env(var: Path, database_url: str = "", **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PINTAR_") or k in {"PINTAR_DEMO_PASSWORD"}}
    env.update(PINTAR_VAR_DIR=str(var), PICCOLO_CONF="piccolo_conf", PYTHONUNBUFFERED="1",
               PINTAR_FAST_PASSWORD_HASH="1", PINTAR_SECRET_KEY="bench-secret-key-0123456789abcdef")
    if database_url:
        env["PINTAR_DATABASE_URL"] = database_url
    env.update(extra)
    return env


def run_child(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"child {args} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return json.loads(lines[-1])


async def fresh_database() -> None:
    """Migrate an empty database (PostgreSQL: its tables dropped first)."""
    from pintar import db
    from pintar.cli import migrate

    if not db.is_sqlite():
        rows = await db.engine().run_ddl(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
        if rows:
            names = ", ".join(f'"{r["table_name"]}"' for r in rows)
            await db.engine().run_ddl(f"DROP TABLE IF EXISTS {names} CASCADE")
    await migrate()


# --- 1. write waits (child: --writes TURN SECONDS WRITERS) --------------------------------------


async def writes_child(turn: bool, seconds: float, writers: int) -> dict:
    from contextlib import asynccontextmanager

    from pintar import clock, db
    from pintar.auth.tables import Person
    from pintar.notify.tables import Notification
    from pintar.office.service import ensure_office

    await fresh_database()
    await ensure_office("BPS Bench", "9999", "Asia/Jakarta")
    person = (await Person.insert(Person(username="penulis", name="Penulis", email="",
                                         password_hash="x")).returning(Person.id))[0]["id"]
    if not turn:
        @asynccontextmanager
        async def no_turn():
            yield

        db.write_turn = no_turn  # as before: SQLite's busy handler decides who writes next
    await db.start_pool()
    db.measure_write_waits(True)
    latencies: list[float] = []
    errors = 0
    end = time.perf_counter() + seconds

    async def writer(i: int) -> None:
        nonlocal errors
        n = 0
        while time.perf_counter() < end:
            n += 1
            asked = time.perf_counter()
            try:
                if n % 2:
                    async with db.write_transaction():
                        seen = await Notification.count().where(Notification.person == person)
                        await Notification.insert(Notification(person=person, message=f"{i}:{seen}",
                                                               created_at=clock.now()))
                else:
                    await Notification.insert(Notification(person=person, message=f"{i}",
                                                           created_at=clock.now()))
            except Exception:
                errors += 1
            latencies.append(time.perf_counter() - asked)

    began = time.perf_counter()
    await asyncio.gather(*[writer(i) for i in range(writers)])
    took = time.perf_counter() - began
    stored = await Notification.count()
    await db.close_pool()
    return {"writes": len(latencies), "stored": stored, "errors": errors, "per_s": len(latencies) / took,
            "latency": latencies, "waits": list(db.WRITE_WAITS)}


def report_writes(label: str, r: dict) -> None:
    print(f"  {label:<34} {r['writes']:6d} writes ({r['per_s']:6.0f}/s), errors {r['errors']}, "
          f"lost {r['writes'] - r['errors'] - r['stored']}")
    print(f"  {'':<34} latency {ms(r['latency'])}")
    if r["waits"]:
        print(f"  {'':<34} turn wait {ms(r['waits'])}")


# --- 2. HTTP bursts under load (child: --serve PORT) ---------------------------------------------


def serve(port: int) -> None:
    sys.path.insert(0, str(ROOT))
    from pintar.config import get_settings
    from pintar.demo import create_demo

    async def prepare() -> None:
        await fresh_database()
        await create_demo(get_settings().demo_password)
        from pintar.auth.roles import Role
        from pintar.auth.service import PersonForm, create_person

        for i in range(50):  # the burst's requesters
            await create_person(PersonForm(username=f"peminta{i}", name=f"Peminta {i}",
                                           email=f"peminta{i}@bench.example", roles=[str(Role.PEGAWAI)]),
                                get_settings().demo_password)
        from pintar.auth.tables import Person

        await Person.update({Person.must_change_password: False}).where(Person.id > 0)

    asyncio.run(prepare())
    import uvicorn

    from pintar.web.app import create_app

    print("ready", flush=True)
    uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def signed_in(base: str, username: str):
    import httpx

    client = httpx.AsyncClient(base_url=base, timeout=60)
    await client.get("/masuk")
    password = os.environ.get("PINTAR_DEMO_PASSWORD", "pintar-demo")
    r = await client.post("/masuk", data={"login": username, "password": password},
                          headers={"x-csrftoken": client.cookies["pintar_csrf"]})
    assert r.status_code == 303, (username, r.status_code, r.text[:200])
    return client


async def http_bursts(database_url: str, writers: int, bursts: int = 5, size: int = 50) -> dict:
    import datetime as dt

    var = Path(tempfile.mkdtemp(prefix="pintar-bench-integrity-http-"))
    port = free_port()
    log = (var / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve", str(port)],
                            cwd=ROOT, env=child_env(var, database_url), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        async with httpx.AsyncClient(base_url=base, timeout=5) as probe:
            for _ in range(600):
                if proc.poll() is not None:
                    raise SystemExit((var / "server.log").read_text())
                try:
                    if (await probe.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.5)
        admins = [await signed_in(base, "admin") for _ in range(writers)]
        page = await admins[0].get("/admin/uji-notifikasi")
        recipient = re.search(r'value="(p:\d+)"', page.text).group(1)
        requesters = [await signed_in(base, f"peminta{i}") for i in range(size)]
        stop = asyncio.Event()
        load_writes: list[float] = []

        async def background(client) -> None:
            while not stop.is_set():
                t0 = time.perf_counter()
                r = await client.post("/admin/uji-notifikasi",
                                      data={"recipient": recipient, "message": "Beban uji", "kind": "info"},
                                      headers={"x-csrftoken": client.cookies["pintar_csrf"]})
                if r.status_code == 303:
                    load_writes.append(time.perf_counter() - t0)

        load = [asyncio.create_task(background(c)) for c in admins]
        await asyncio.sleep(2)  # the load is on
        outcomes, latencies = [], []
        day = dt.date.today() + dt.timedelta(days=3)
        for _b in range(bursts):
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)

            async def book(client, i: int, day=day) -> tuple[int, float]:
                t0 = time.perf_counter()
                r = await client.post(
                    "/zoom/baru",
                    data={"title": f"Rapat {i}", "day": day.isoformat(), "start": "10:00", "end": "11:00",
                          "participants": "50", "mode": "online"},
                    files={"dokumen": ("nota.pdf", PDF, "application/pdf")},
                    headers={"x-csrftoken": client.cookies["pintar_csrf"]},
                )
                return r.status_code, time.perf_counter() - t0

            results = await asyncio.gather(*[book(c, i) for i, c in enumerate(requesters)])
            outcomes.append({s: sum(1 for x, _ in results if x == s) for s in {x for x, _ in results}})
            latencies += [t for _, t in results]
            day += dt.timedelta(days=1)
        stop.set()
        await asyncio.gather(*load)
        for c in admins + requesters:
            await c.aclose()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    check = run_child(["--invariants"], child_env(var, database_url))
    return {"outcomes": outcomes, "latency": latencies, "load_writes": load_writes,
            "violations": check["violations"]}


async def invariants_child() -> dict:
    from pintar import db
    from pintar.zoom.integrity import violations

    await db.start_pool()
    found = await violations()
    await db.close_pool()
    return {"violations": found}


# --- 3. e-mail once-ness across kills (children: --mail-prepare N, --sender) --------------------


async def mail_prepare(n: int) -> dict:
    from pintar.auth.service import PersonForm, create_person
    from pintar.notify import notify
    from pintar.office.service import ensure_office

    await fresh_database()
    await ensure_office("BPS Bench", "9999", "Asia/Jakarta")
    ids = []
    for i in range(20):
        ids.append(await create_person(PersonForm(username=f"surel{i}", name=f"Surel {i}",
                                                  email=f"surel{i}@bench.example", roles=[]), "rahasia-123"))
    for k in range(n):
        await notify(ids[k % len(ids)], f"Pesan {k}", "/notifikasi", urgent=True)
    from pintar.notify.tables import OutgoingEmail

    return {"outbox": await OutgoingEmail.count()}


async def sender_child() -> None:
    from pintar import clock, db
    from pintar.notify import mail

    await db.start_pool()
    while True:
        await mail.send_due_emails(clock.now())
        await asyncio.sleep(0.05)


async def mail_onceness(mails: int, kills: int) -> dict:
    from aiosmtpd.controller import Controller

    class Counter:
        def __init__(self) -> None:
            self.ids: list[str] = []
            self.last = 0.0

        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(0.01)  # a server that takes a moment, as real ones do
            found = re.search(rb"(?im)^message-id:\s*(\S+)", envelope.content)
            self.ids.append(found.group(1).decode() if found else "?")
            self.last = time.monotonic()
            return "250 OK"

    counter = Counter()
    smtp_port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    var = Path(tempfile.mkdtemp(prefix="pintar-bench-integrity-mail-"))
    env = child_env(var, "", PINTAR_SMTP_HOST="127.0.0.1", PINTAR_SMTP_PORT=str(smtp_port),
                    PINTAR_SMTP_SENDER="portal@bench.example")
    try:
        prepared = run_child(["--mail-prepare", str(mails)], env)
        errors = (var / "sender.log").open("w")
        rng = random.Random(8)
        done_kills = 0
        while done_kills < kills and len(set(counter.ids)) < mails:
            proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--sender"], cwd=ROOT,
                                    env=env, stdout=subprocess.DEVNULL, stderr=errors)
            await asyncio.sleep(rng.uniform(0.8, 2.0))  # start-up is about half of it
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            done_kills += 1
        kills_ended = time.monotonic()
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--sender"], cwd=ROOT,
                                env=env, stdout=subprocess.DEVNULL, stderr=errors)
        from pintar.notify.mail import LEASE

        deadline = time.monotonic() + LEASE.total_seconds() + 30
        while time.monotonic() < deadline and len(set(counter.ids)) < mails:
            await asyncio.sleep(0.5)
        await asyncio.sleep(2)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        controller.stop()
    if not counter.ids:
        raise SystemExit(f"no e-mail arrived; the sender said:\n{(var / 'sender.log').read_text()[-3000:]}")
    from collections import Counter as Tally

    seen = Tally(counter.ids)
    return {"mails": prepared["outbox"], "kills": done_kills, "arrived": len(seen),
            "twice": sum(1 for n in seen.values() if n > 1), "extra_copies": sum(n - 1 for n in seen.values()),
            "missing": prepared["outbox"] - len(seen),
            "last_after_kills": max(0.0, counter.last - kills_ended), "lease": LEASE.total_seconds()}


# --- main -------------------------------------------------------------------------------------


async def main_async(args: argparse.Namespace) -> None:
    import platform

    print(f"Portal Pintar integrity bench — {platform.node()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    print(f"\n1. Write waits: {args.writers} writers in one process for {args.seconds:.0f} s")
    for label, engine_url, turn in (("SQLite, writers take turns", "", "1"),
                                    ("SQLite, busy handler only (before)", "", "0"),
                                    *((("PostgreSQL", args.postgres, "1"),) if args.postgres else ())):
        var = Path(tempfile.mkdtemp(prefix="pintar-bench-integrity-writes-"))
        r = run_child(["--writes", turn, str(args.seconds), str(args.writers)], child_env(var, engine_url))
        report_writes(label, r)
    if not args.skip_http:
        print(f"\n2. HTTP: 5 bursts of 50 simultaneous requests for one Zoom slot (3 accounts fit), "
              f"while {args.writers} clients keep writing; one web process")
        for label, url in (("SQLite", ""), *((("PostgreSQL", args.postgres),) if args.postgres else ())):
            r = await http_bursts(url, args.writers)
            print(f"  {label:<11} outcomes {r['outcomes']}")
            print(f"  {'':<11} burst requests: p50 {pct(r['latency'], 50) * 1000:.0f} ms, "
                  f"p95 {pct(r['latency'], 95) * 1000:.0f} ms, max {max(r['latency']) * 1000:.0f} ms; "
                  f"background writes {len(r['load_writes'])}, p95 {pct(r['load_writes'], 95) * 1000:.0f} ms")
            print(f"  {'':<11} schedule invariants: {'hold' if not r['violations'] else r['violations']}")
    if not args.skip_mail:
        print(f"\n3. E-mail once-ness: {args.mails} e-mails, sender killed (SIGKILL) up to {args.kills} "
              "times, counted at an SMTP server on loopback")
        r = await mail_onceness(args.mails, args.kills)
        print(f"  kills {r['kills']}, e-mails {r['mails']}, arrived {r['arrived']}, missing {r['missing']}, "
              f"arrived twice {r['twice']} (extra copies {r['extra_copies']}, same Message-ID each)")
        print(f"  lease {r['lease']:.0f} s; last arrival {r['last_after_kills']:.1f} s after the kills ended")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--postgres", default="", metavar="URL")
    parser.add_argument("--mails", type=int, default=300)
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-mail", action="store_true")
    parser.add_argument("--writes", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--invariants", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mail-prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sender", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writes or args.serve or args.invariants or args.mail_prepare or args.sender:
        sys.path.insert(0, str(ROOT))
        os.chdir(ROOT)
    if args.writes:
        turn, seconds, writers = args.writes
        print(json.dumps(asyncio.run(writes_child(turn == "1", float(seconds), int(writers)))))
    elif args.serve:
        serve(args.serve)
    elif args.invariants:
        print(json.dumps(asyncio.run(invariants_child())))
    elif args.mail_prepare:
        print(json.dumps(asyncio.run(mail_prepare(args.mail_prepare))))
    elif args.sender:
        asyncio.run(sender_child())
    else:
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
