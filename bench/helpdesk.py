"""HaloCik queue benchmark: 100,000 tickets against 1,000 (DESIGN.md budget: p50 ≤ 20 ms and
≤ 1.5× the time at 1,000).

    .venv/bin/python bench/helpdesk.py                      # SQLite, 1,000 and 100,000 tickets
    .venv/bin/python bench/helpdesk.py --postgres postgresql://postgres@127.0.0.1:5432/bench
                                # PostgreSQL, in schemas bench_hc_<size> (dropped afterwards)

For each size a child process gets a fresh database (SQLite in a temporary folder, or a schema of
the given PostgreSQL database, dropped and migrated from zero) and loads the data in bulk; then
the app is served by uvicorn on loopback and measured over one keep-alive connection (requests
one after another, as one technician's browser would), signed in as a technician:

* the queue page, full HTML (default filter "Semua aktif"; "Semua, termasuk selesai", the one
  that reaches into the whole history; "Terlambat");
* search as you type (the HTMX fragment) over the whole history: a ticket number prefix, a
  requester's name, a software name, a PC's asset code;
* one inline status change ("Ambil tiket" on a fresh ticket each time): time and bytes;
* for comparison, the profile page ``/akun`` (a signed-in page outside HaloCik): what every page
  pays anyway (session, menu, notification bell) on this machine.

Every figure is the median (p50) of ``--requests`` runs after a warm-up; bytes are the body as
sent (gzip when the app compresses it) and uncompressed. Then the ratios 100,000 / 1,000. Both
sizes are served at once (one uvicorn process each, each on its own database) and the requests
alternate between them, so a busy machine slows both alike and the ratio stays meaningful.

The data: about 100 people, 150 PCs, 40 repository entries; tickets spread over five years, all
closed except the newest 200, which are open in every step (some overdue). The number of *open*
tickets is the same at both sizes on purpose: an office of ~100 people does not have more open
tickets because its history is longer. Each closed ticket has its six history events.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc
OPEN = 200
PASSWORD = "bench-password-1"

FIRST = ["Rina", "Budi", "Sari", "Agus", "Dewi", "Eko", "Fitri", "Gilang", "Hana", "Indra",
         "Joko", "Kartika", "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rizky", "Siti", "Tono"]
LAST = ["Marlina", "Santoso", "Wulandari", "Pratama", "Lestari", "Saputra", "Hidayat"]
SOFTWARE = ["SPSS", "Stata", "R", "RStudio", "QGIS", "ArcGIS", "Microsoft Office", "LibreOffice",
            "Adobe Acrobat", "CSPro", "Tableau", "Power BI", "Python", "Anaconda", "Zoom",
            "Visual Studio Code", "7-Zip", "Google Chrome", "Mozilla Firefox", "Notepad++"]
OTHER = ["Blender 4", "Inkscape", "GIMP", "Audacity", "OBS Studio", "Figma Desktop"]
# (state, kind, count) of the open tickets.
OPEN_STATES = [("dibuka", "instalasi", 30), ("dibuka", "bantuan", 10), ("dicek", "instalasi", 30),
               ("menunggu_sarana", "instalasi", 20), ("instalasi", "instalasi", 30),
               ("pengujian", "instalasi", 20), ("konfirmasi", "instalasi", 30),
               ("ditangani", "bantuan", 30)]
STANDARD_MIN = {"dibuka": 5, "dicek": 10, "instalasi": 30, "pengujian": 20}
DONE_PATH = ["dibuka", "dicek", "instalasi", "pengujian", "konfirmasi", "selesai"]
DONE_TRANSITIONS = ["", "ambil", "sesuai", "uji", "serahkan", "konfirmasi"]


# --- the child: one size, one fresh database ---------------------------------------------------


def sqlite_time(value: dt.datetime | None) -> str | None:
    return None if value is None else str(value.astimezone(UTC))


async def load(size: int, seed: int = 7) -> dict:
    from pintar.auth import service as auth
    from pintar.auth.roles import Role
    from pintar.auth.tables import Person
    from pintar.cli import migrate
    from pintar.db import is_sqlite
    from pintar.helpdesk.tables import Pc, Software, TicketCounter
    from pintar.office.service import ensure_office, load_calendar

    rng = random.Random(seed)
    await migrate()
    await ensure_office("BPS Provinsi Bengkulu", "1700", "Asia/Jakarta")
    staff = {}
    for username, role in (("teknisi", Role.TEKNISI), ("teknisi2", Role.TEKNISI), ("pjkti", Role.PJK_TI)):
        staff[username] = await auth.create_person(
            auth.PersonForm(username=username, name=username.title(), email=f"{username}@bps.go.id",
                            roles=[role]), PASSWORD)
    await Person.update({Person.must_change_password: False}).where(Person.id > 0)
    hash_ = (await Person.select(Person.password_hash).first())["password_hash"]
    now = dt.datetime.now(UTC)
    names = [f"{f} {l}" for f in FIRST for l in LAST][:96]
    await Person.insert(*[
        Person(username=f"pegawai{i}", name=n, email=f"p{i}@bps.go.id", password_hash=hash_,
               must_change_password=False, created_at=now) for i, n in enumerate(names)
    ])
    requesters = [r["id"] for r in await Person.select(Person.id).where(Person.username.like("pegawai%"))]
    sw_rows = await Software.insert(*[
        Software(name=SOFTWARE[i % len(SOFTWARE)], version=str(2020 + i // len(SOFTWARE)),
                 licence="berlisensi" if i % 3 == 0 else "gratis", seats=25 if i % 3 == 0 else 0,
                 os_list="Windows 10, Windows 11", min_ram_gb=4.0, min_disk_gb=5.0)
        for i in range(40)
    ]).returning(Software.id, Software.name, Software.version)
    pc_rows = await Pc.insert(*[
        Pc(asset_code=f"3100102001-{i:04d}", holder=requesters[i % len(requesters)],
           location=f"Lantai {1 + i % 3}", os="Windows 11 Pro", cpu="Intel Core i5", ram_gb=8.0,
           disk_total_gb=256.0, disk_free_gb=100.0)
        for i in range(150)
    ]).returning(Pc.id)
    pcs = [r["id"] for r in pc_rows]
    techs = [staff["teknisi"], staff["teknisi2"], staff["pjkti"]]

    tickets, events = [], []
    start = now - dt.timedelta(days=5 * 365)
    span = (now - dt.timedelta(days=1) - start).total_seconds()
    open_plan = [(s, k) for s, k, n in OPEN_STATES for _ in range(n)]
    rng.shuffle(open_plan)
    counters: dict[int, int] = {}
    cal = await load_calendar()
    event_id = 0
    for i in range(size):
        is_open = i >= size - OPEN
        created = (now - dt.timedelta(minutes=rng.randint(30, 600)) if is_open
                   else start + dt.timedelta(seconds=span * i / size))
        year = created.astimezone(cal.tz).year
        counters[year] = counters.get(year, 0) + 1
        seq = counters[year]
        state, kind = open_plan[i - (size - OPEN)] if is_open else (None, "instalasi" if rng.random() < 0.8 else "bantuan")
        software = other = None
        label = ""
        if kind == "instalasi":
            if rng.random() < 0.05:
                other = rng.choice(OTHER)
                label = other
            else:
                sw = rng.choice(sw_rows)
                software, label = sw["id"], f"{sw['name']} {sw['version']}"
        assignee = None if state == "dibuka" else rng.choice(techs)
        if is_open:
            since = now - dt.timedelta(minutes=rng.randint(1, 25))
            due = since + dt.timedelta(minutes=STANDARD_MIN[state]) if state in STANDARD_MIN else None
            closed = None
            path = DONE_PATH[: DONE_PATH.index(state) + 1] if state in DONE_PATH else ["dibuka", "ditangani"]
        else:
            r = rng.random()
            state = "selesai" if r < 0.85 else ("ditolak" if r < 0.95 else "dibatalkan")
            since = closed = created + dt.timedelta(hours=2)
            due = None
            path = (DONE_PATH if state == "selesai" else ["dibuka", "dicek", "ditolak"]
                    if state == "ditolak" else ["dibuka", "dibatalkan"])
            if kind == "bantuan" and state == "selesai":
                path = ["dibuka", "ditangani", "konfirmasi", "selesai"]
        ticket_id = i + 1
        tickets.append((
            ticket_id, f"HC-{year}-{seq:05d}", year, seq, kind, rng.choice(requesters), software,
            other or "", (other or "").lower(), label, rng.choice(pcs) if kind == "instalasi" else None,
            "Keperluan pekerjaan", None, assignee, state, len(path) - 1, since, due, created,
            None, closed, "", 5 if state == "selesai" else None, "",
        ))
        workflow = "halocik" if kind == "instalasi" else "halocik_bantuan"
        for step, to_state in enumerate(path):
            event_id += 1
            at = created + dt.timedelta(minutes=12 * step) if not is_open else (
                created if step == 0 else since - dt.timedelta(minutes=len(path) - step))
            events.append((event_id, workflow, ticket_id, DONE_TRANSITIONS[min(step, 5)] if step else "",
                           path[step - 1] if step else "", to_state,
                           None if step == 0 else assignee, at, ""))
    columns = ("id, number, year, seq, kind, requester, software, software_other, other_key, "
               "software_label, pc, reason, memo, assignee, state, version, state_since, due_at, "
               "created_at, drafted_at, closed_at, check_result, rating, rating_comment")
    ev_columns = "id, workflow, object_id, transition, from_state, to_state, actor, at, note"
    if is_sqlite():
        import sqlite3

        from pintar.config import get_settings

        conn = sqlite3.connect(get_settings().sqlite_path)
        marks = ", ".join("?" * len(tickets[0]))
        conn.executemany(f"INSERT INTO hc_ticket ({columns}) VALUES ({marks})",
                         [tuple(sqlite_time(v) if isinstance(v, dt.datetime) else v for v in t) for t in tickets])
        conn.executemany(f"INSERT INTO workflow_event ({ev_columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [tuple(sqlite_time(v) if isinstance(v, dt.datetime) else v for v in e) for e in events])
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
        conn.close()
    else:
        import asyncpg

        conn = await asyncpg.connect(os.environ["PINTAR_DATABASE_URL"])
        try:
            await conn.copy_records_to_table("hc_ticket", records=tickets,
                                             columns=[c.strip() for c in columns.split(",")])
            await conn.copy_records_to_table("workflow_event", records=events,
                                             columns=[c.strip() for c in ev_columns.split(",")])
            for table in ("hc_ticket", "workflow_event"):
                await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT max(id) FROM {table}))")
            await conn.execute("ANALYZE")
        finally:
            await conn.close()
    for year, last in counters.items():
        await TicketCounter.insert(TicketCounter(year=year, last=last))
    fresh = [t[0] for t in tickets if t[14] == "dibuka"]
    return {"tickets": size, "events": len(events), "open": OPEN, "fresh": fresh,
            "prefix": tickets[0][1][:-2]}  # e.g. HC-2021-000: a number prefix, up to 100 tickets


def child(size: int) -> None:
    """Load one size into the database named by the environment; print the facts as JSON."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    started = time.perf_counter()
    facts = asyncio.run(load(size))
    facts["load_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(facts))


async def _fresh_schema(url: str, schema: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};")
        # Piccolo looks for its migration table by name in any schema; make this schema's own.
        await conn.execute(
            f"CREATE TABLE {schema}.migration (id serial PRIMARY KEY, name varchar(200) NOT NULL "
            "DEFAULT '', app_name varchar(200) NOT NULL DEFAULT '', ran_on timestamp NOT NULL "
            "DEFAULT current_timestamp)")
    finally:
        await conn.close()


async def _drop_schema(url: str, schema: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    finally:
        await conn.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """One size: its own database (SQLite folder or PostgreSQL schema) and its own server."""

    def __init__(self, size: int, postgres: str | None) -> None:
        self.size = size
        self.var = tempfile.mkdtemp(prefix=f"pintar-bench-{size}-")
        self.url = ""
        self.postgres, self.schema = postgres, ""
        self.proc: subprocess.Popen | None = None
        self.base = ""
        if postgres:
            schema = self.schema = f"bench_hc_{size}"
            asyncio.run(_fresh_schema(postgres, schema))
            sep = "&" if "?" in postgres else "?"
            self.url = f"{postgres}{sep}search_path={schema}"  # asyncpg: a server setting

    def env(self) -> dict:
        env = {**os.environ, "PICCOLO_CONF": "piccolo_conf", "PINTAR_VAR_DIR": self.var,
               "PINTAR_SECRET_KEY": "bench-" + "k" * 32}
        for name in ("PINTAR_REDIS_URL", "PINTAR_SMTP_HOST", "PINTAR_DATABASE_URL"):
            env.pop(name, None)
        if self.url:
            env["PINTAR_DATABASE_URL"] = self.url
        return env

    def load(self) -> dict:
        done = subprocess.run([sys.executable, __file__, "--child", str(self.size)],
                              env=self.env(), cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"loading {self.size} tickets failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(Path(self.var) / "server.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port",
             str(port), "--log-level", "warning", "--no-access-log"],
            env=self.env(), cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.var, ignore_errors=True)
        if self.schema:  # leave the database as it was (Piccolo finds migration tables anywhere)
            asyncio.run(_drop_schema(self.postgres, self.schema))


async def _client(site: Site):
    import httpx

    client = httpx.AsyncClient(base_url=site.base, headers={"Accept-Encoding": "gzip"},
                               limits=httpx.Limits(max_connections=1))
    for _ in range(300):
        try:
            if (await client.get("/healthz")).status_code == 200:
                break
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    else:
        sys.exit(f"the server for {site.size} tickets did not start: {Path(site.var) / 'server.log'}")
    await client.get("/masuk")
    token = client.cookies.get("pintar_csrf")
    r = await client.post("/masuk", data={"login": "teknisi", "password": PASSWORD},
                          headers={"x-csrftoken": token})
    assert r.status_code == 303, r.text[:300]
    client.headers["x-csrftoken"] = token
    return client


async def measure(sites: list[Site], facts: list[dict], requests: int, changes: int) -> list[dict]:
    """Each figure: requests alternate between the sizes (small, large, small, ...), so whatever
    else the machine is doing weighs on both alike."""
    clients = [await _client(site) for site in sites]
    results: list[dict] = [{}, {}]

    async def timed(key: str, paths: list[str], htmx: bool = False) -> None:
        headers = {"HX-Request": "true"} if htmx else {}
        times: list[list[float]] = [[], []]
        last = [None, None]
        for n in range(requests + 10):
            for i, client in enumerate(clients):
                t0 = time.perf_counter()
                resp = await client.get(paths[i], headers=headers)
                elapsed = time.perf_counter() - t0
                assert resp.status_code == 200, (paths[i], resp.status_code)
                if n >= 10:
                    times[i].append(elapsed)
                last[i] = resp
        for i in range(2):
            results[i][key] = {"p50_ms": round(statistics.median(times[i]) * 1000, 2),
                               "bytes": last[i].num_bytes_downloaded, "bytes_raw": len(last[i].content)}

    both = lambda path: [path, path]  # noqa: E731
    await timed("baseline", both("/akun"))
    await timed("queue_aktif", both("/halocik/antrean"))
    await timed("queue_semua", both("/halocik/antrean?filter=semua"))
    await timed("queue_terlambat", both("/halocik/antrean?filter=terlambat"))
    await timed("search_number", [f"/halocik/antrean?filter=semua&q={f['prefix']}" for f in facts], True)
    await timed("search_requester", both("/halocik/antrean?filter=semua&q=Rina"), True)
    await timed("search_software", both("/halocik/antrean?filter=semua&q=SPSS"), True)
    await timed("search_pc", both("/halocik/antrean?filter=semua&q=3100102001-0042"), True)
    times: list[list[float]] = [[], []]
    last = [None, None]
    for n in range(changes):
        for i, client in enumerate(clients):
            ticket_id = facts[i]["fresh"][n]
            t0 = time.perf_counter()
            resp = await client.post(f"/halocik/antrean/{ticket_id}/status",
                                     data={"aksi": "ambil", "versi": "0",
                                           "kembali": "/halocik/antrean?filter=aktif"},
                                     headers={"HX-Request": "true"})
            times[i].append(time.perf_counter() - t0)
            assert resp.status_code == 200, resp.text[:300]
            last[i] = resp
    for i in range(2):
        results[i]["inline_change"] = {"p50_ms": round(statistics.median(times[i]) * 1000, 2),
                                       "bytes": last[i].num_bytes_downloaded,
                                       "bytes_raw": len(last[i].content)}
    for client in clients:
        await client.aclose()
    return results


LABELS = [
    ("baseline", "(pembanding: halaman /akun, bukan HaloCik)"),
    ("queue_aktif", "antrean, Semua aktif (halaman penuh)"),
    ("queue_semua", "antrean, Semua termasuk selesai"),
    ("queue_terlambat", "antrean, Terlambat"),
    ("search_number", "cari nomor tiket (fragmen)"),
    ("search_requester", "cari pemohon 'Rina' (fragmen)"),
    ("search_software", "cari perangkat lunak 'SPSS' (fragmen)"),
    ("search_pc", "cari kode aset PC (fragmen)"),
    ("inline_change", "ubah status inline (baris + penghitung)"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--changes", type=int, default=30, help="inline changes per size")
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--postgres", help="PostgreSQL URL of a database to use (schemas "
                        "bench_hc_<size> in it are dropped and recreated)")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"HaloCik queue benchmark on {engine}: p50 of {args.requests} requests per figure over "
          "one keep-alive connection per size; the two sizes are served side by side and "
          "requests alternate between them")
    sites = [Site(args.small, args.postgres), Site(args.large, args.postgres)]
    try:
        facts = [site.load() for site in sites]
        for site in sites:
            site.start()
        small, large = asyncio.run(measure(sites, facts, args.requests, args.changes))
    finally:
        for site in sites:
            site.stop()
    for name, f in (("small", facts[0]), ("large", facts[1])):
        print(f"  {name}: {f['tickets']:,} tickets ({f['open']} open), {f['events']:,} history events, "
              f"loaded in {f['load_seconds']} s")
    print(f"\n{'':44} {args.small:>9,} {args.large:>9,}  ratio   bytes gzip / raw ({args.large:,})")
    for key, label in LABELS:
        a, b = small[key], large[key]
        ratio = b["p50_ms"] / a["p50_ms"] if a["p50_ms"] else float("nan")
        print(f"{label:44} {a['p50_ms']:>7.2f}ms {b['p50_ms']:>7.2f}ms  {ratio:4.2f}x   "
              f"{b['bytes']:>6,} / {b['bytes_raw']:,}")
    judged = [k for k, _ in LABELS if k not in ("baseline", "inline_change")]
    worst = max(large[k]["p50_ms"] / small[k]["p50_ms"] for k in judged)
    slowest = max(large[k]["p50_ms"] for k in judged)
    print(f"\nbudget: queue/search p50 ≤ 20 ms at {args.large:,} (slowest {slowest:.2f} ms) and "
          f"≤ 1.5x the time at {args.small:,} (worst {worst:.2f}x); one inline change "
          f"{large['inline_change']['bytes']:,} B on the wire, {large['inline_change']['bytes_raw']:,} B "
          "uncompressed (partial budget 3 KB)")


if __name__ == "__main__":
    main()
