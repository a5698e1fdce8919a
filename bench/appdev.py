"""Application development portfolio benchmark: 2,000 requests against 20 (issue 13 budget:
p50 ≤ 20 ms and ≤ 1.5× the time with 20).

    .venv/bin/python bench/appdev.py                 # SQLite, 20 and 2,000 requests

For each size a child process gets a fresh SQLite database (a temporary folder), migrated from
zero, and loads the data in bulk; then the app is served by uvicorn on loopback and measured over
one keep-alive connection (requests one after another, as one person's browser would), signed in
as the Ketua TIP:

* the portfolio, full HTML: the default "Semua yang berjalan" (table + Gantt), "Semua" (reaching
  into the finished history), one stage, one person's requests;
* the portfolio's filter as an HTMX fragment;
* one request page (stage chart, timeline, documents, notes);
* the catalogue, and the compliance page (which reads every history of the year: it grows with
  the data by design, and is shown for information);
* for comparison, ``/akun`` (what every signed-in page pays anyway).

Each figure is the median (p50) of ``--requests`` runs after a warm-up; bytes are the body as
sent (gzip) and uncompressed. The sizes are served side by side and the requests alternate
between them, so a busy machine slows both alike.

The data: 30 people (team leads, the Ketua TIP, two PJK, four programmers), requests spread over
four years with their whole history (every stage visited, some SRS sent back), one in five of the
large set still running, every stage represented; the small set is all running. Each released
request has its catalogue entry.
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
PASSWORD = "bench-password-1"
PATH = ["nota", "diajukan", "srs", "telaah", "bangun", "uji_awal", "perbaikan", "uji_akhir",
        "laporan", "pemeliharaan"]
VIA = ["", "ajukan", "disposisi", "kirim_srs", "setujui_srs", "serahkan_uji", "hasil_uji",
       "selesai_perbaikan", "rilis", "lapor"]
DAYS = [0, 2, 9, 14, 60, 5, 15, 5, 2]  # calendar days spent in each stage of PATH


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else str(value.astimezone(UTC))


async def load(size: int, seed: int = 11) -> dict:
    import sqlite3

    from pintar.auth import service as auth
    from pintar.auth.directory import save_team
    from pintar.auth.roles import Role
    from pintar.auth.tables import Person
    from pintar.cli import migrate
    from pintar.config import get_settings
    from pintar.office.service import ensure_office

    rng = random.Random(seed)
    await migrate()
    await ensure_office("BPS Provinsi Bengkulu", "1700", "Asia/Jakarta")
    teams = [await save_team(None, f"Tim {n}") for n in
             ("Umum", "Sosial", "Produksi", "Distribusi", "Nerwil", "IPDS", "Humas")]
    people: dict[str, int] = {}
    plan = [("ketuatip", Role.KETUA_TIP), ("pjk1", Role.PJK_APLIKASI), ("pjk2", Role.PJK_APLIKASI)]
    plan += [(f"prog{i}", Role.PROGRAMMER) for i in range(4)]
    plan += [(f"katim{i}", Role.KETUA_TIM) for i in range(14)]
    for username, role in plan:
        people[username] = await auth.create_person(auth.PersonForm(
            username=username, name=username.title(), email=f"{username}@bps.go.id",
            team_id=teams[len(people) % len(teams)], roles=[role]), PASSWORD)
    await Person.update({Person.must_change_password: False}).where(Person.id > 0)
    katims = [people[f"katim{i}"] for i in range(14)]
    pjks = [people["pjk1"], people["pjk2"]]
    progs = [people[f"prog{i}"] for i in range(4)]
    now = dt.datetime.now(UTC)
    running = size if size <= 50 else size // 5
    requests, events, programmers, apps = [], [], [], []
    event_id = 0
    for i in range(size):
        rid = i + 1
        is_running = i >= size - running
        if is_running:
            stop = 1 + (i % 8)  # every running stage: diajukan .. laporan
            created = now - dt.timedelta(days=sum(DAYS[:stop]) + rng.randint(0, 6), hours=2)
        else:
            stop = 9 if rng.random() < 0.85 else 1
            created = now - dt.timedelta(days=1460 * (size - i) / size + 200)
        state = PATH[stop] if stop < 9 or not is_running else PATH[8]
        final_state = None
        if not is_running and stop == 1:
            final_state = rng.choice(["ditolak", "dibatalkan"])
        at = created
        visited = []
        for k in range(stop + 1):
            if k:
                at = at + dt.timedelta(days=DAYS[k - 1], hours=rng.randint(0, 5))
            visited.append((PATH[k], VIA[k], at))
        if final_state:
            at = at + dt.timedelta(days=1)
            visited.append((final_state, "tolak" if final_state == "ditolak" else "batal", at))
            state = final_state
        else:
            state = visited[-1][0]
        pjk = rng.choice(pjks) if len(visited) > 2 else None
        requester = rng.choice(katims)
        last_event = 0
        for k, (to_state, via, when) in enumerate(visited):
            event_id += 1
            last_event = event_id
            events.append((event_id, "appdev", rid, via, visited[k - 1][0] if k else "", to_state,
                           requester if k in (0, 1, 3) else pjk, iso(when), ""))
        closed = iso(visited[-1][2]) if state in ("pemeliharaan", "ditolak", "dibatalkan") else None
        due = None
        if closed is None:
            from pintar.appdev.flow import DEFAULT_DAYS

            days = DEFAULT_DAYS.get(state, (None, 5))[1]
            due = iso(visited[-1][2] + dt.timedelta(days=days * 7 / 5))
        released = len(visited) > 9 or state in ("laporan", "pemeliharaan")
        app_id = None
        if released:
            app_id = len(apps) + 1
            apps.append((app_id, f"Aplikasi {rid}", f"aplikasi {rid} tim", teams[rid % 7],
                         f"https://app{rid}.example.go.id", "1.0", pjk, rid, 1, 0))
        requests.append((rid, f"Aplikasi {rid}", "Tujuan aplikasi", "Pengguna", teams[rid % 7],
                         requester, pjk, state, len(visited), iso(visited[-1][2]), due,
                         last_event, iso(created), closed, app_id))
        if len(visited) > 4:
            for p in rng.sample(progs, 2):
                programmers.append((len(programmers) + 1, rid, p))
    conn = sqlite3.connect(get_settings().sqlite_path)
    conn.executemany(
        "INSERT INTO ad_application (id, name, search_key, team, url, release, maintainer, "
        "request, active, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", apps)
    conn.executemany(
        "INSERT INTO ad_request (id, title, purpose, users, team, requester, pjk, state, version, "
        "state_since, due_at, state_event, created_at, closed_at, application) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", requests)
    conn.executemany(
        "INSERT INTO workflow_event (id, workflow, object_id, transition, from_state, to_state, "
        "actor, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
    conn.executemany("INSERT INTO ad_programmer (id, request, person) VALUES (?, ?, ?)", programmers)
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    sample = requests[-1][0]
    return {"requests": size, "running": running, "events": len(events), "sample": sample,
            "person": progs[0]}


def child(size: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    started = time.perf_counter()
    facts = asyncio.run(load(size))
    facts["load_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(facts))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    def __init__(self, size: int) -> None:
        self.size = size
        self.var = tempfile.mkdtemp(prefix=f"pintar-bench-ad-{size}-")
        self.proc: subprocess.Popen | None = None
        self.base = ""

    def env(self) -> dict:
        env = {**os.environ, "PICCOLO_CONF": "piccolo_conf", "PINTAR_VAR_DIR": self.var,
               "PINTAR_SECRET_KEY": "bench-" + "k" * 32}
        for name in ("PINTAR_REDIS_URL", "PINTAR_SMTP_HOST", "PINTAR_DATABASE_URL"):
            env.pop(name, None)
        return env

    def load(self) -> dict:
        done = subprocess.run([sys.executable, __file__, "--child", str(self.size)],
                              env=self.env(), cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"loading {self.size} requests failed:\n{done.stderr[-4000:]}")
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
        sys.exit(f"the server for {site.size} requests did not start: {Path(site.var) / 'server.log'}")
    await client.get("/masuk")
    token = client.cookies.get("pintar_csrf")
    r = await client.post("/masuk", data={"login": "ketuatip", "password": PASSWORD},
                          headers={"x-csrftoken": token})
    assert r.status_code == 303, r.text[:300]
    client.headers["x-csrftoken"] = token
    return client


async def measure(sites: list[Site], facts: list[dict], requests: int) -> list[dict]:
    clients = [await _client(site) for site in sites]
    results: list[dict] = [{}, {}]

    async def timed(key: str, paths: list[str], htmx: bool = False, runs: int = requests) -> None:
        headers = {"HX-Request": "true"} if htmx else {}
        times: list[list[float]] = [[], []]
        last = [None, None]
        for n in range(runs + 5):
            for i, client in enumerate(clients):
                t0 = time.perf_counter()
                resp = await client.get(paths[i], headers=headers)
                elapsed = time.perf_counter() - t0
                assert resp.status_code == 200, (paths[i], resp.status_code, resp.text[:300])
                if n >= 5:
                    times[i].append(elapsed)
                last[i] = resp
        for i in range(2):
            results[i][key] = {"p50_ms": round(statistics.median(times[i]) * 1000, 2),
                               "bytes": last[i].num_bytes_downloaded, "bytes_raw": len(last[i].content)}

    both = lambda path: [path, path]  # noqa: E731
    await timed("baseline", both("/akun"))
    await timed("portfolio", both("/aplikasi/portofolio"))
    await timed("portfolio_all", both("/aplikasi/portofolio?tahap=semua"))
    await timed("portfolio_stage", both("/aplikasi/portofolio?tahap=bangun"))
    await timed("portfolio_person", [f"/aplikasi/portofolio?orang={f['person']}" for f in facts])
    await timed("portfolio_fragment", both("/aplikasi/portofolio?tahap=telaah"), htmx=True)
    await timed("request_page", [f"/aplikasi/permintaan/{f['sample']}" for f in facts])
    await timed("catalogue", both("/aplikasi"))
    await timed("compliance", both("/aplikasi/kepatuhan"), runs=max(5, requests // 10))
    for client in clients:
        await client.aclose()
    return results


LABELS = [
    ("baseline", "(pembanding: halaman /akun)"),
    ("portfolio", "portofolio, Semua yang berjalan (tabel + Gantt)"),
    ("portfolio_all", "portofolio, Semua (termasuk selesai)"),
    ("portfolio_stage", "portofolio, satu tahap"),
    ("portfolio_person", "portofolio, satu orang"),
    ("portfolio_fragment", "portofolio, saringan (fragmen HTMX)"),
    ("request_page", "halaman permintaan"),
    ("catalogue", "katalog aplikasi"),
    ("compliance", "kepatuhan SOP (membaca semua riwayat tahun ini)"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--large", type=int, default=2_000)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"Application development benchmark on SQLite: p50 of {args.requests} requests per "
          "figure over one keep-alive connection per size; the sizes are served side by side")
    sites = [Site(args.small), Site(args.large)]
    try:
        facts = [site.load() for site in sites]
        for site in sites:
            site.start()
        small, large = asyncio.run(measure(sites, facts, args.requests))
    finally:
        for site in sites:
            site.stop()
    for f in facts:
        print(f"  {f['requests']:>6} requests ({f['running']} running, {f['events']} history "
              f"events), loaded in {f['load_seconds']} s")
    print(f"\n{'':52} {'p50 ms':>16} {'bytes (gzip/raw)':>26}  ratio")
    print(f"{'':52} {args.small:>7} {args.large:>8} {args.small:>12} {args.large:>13}")
    for key, label in LABELS:
        a, b = small[key], large[key]
        ratio = b["p50_ms"] / a["p50_ms"] if a["p50_ms"] else float("nan")
        print(f"{label:52} {a['p50_ms']:>7} {b['p50_ms']:>8} "
              f"{a['bytes']:>5}/{a['bytes_raw']:<6} {b['bytes']:>5}/{b['bytes_raw']:<7} {ratio:5.2f}×")
    p = large["portfolio"]["p50_ms"]
    ratio = p / small["portfolio"]["p50_ms"]
    print(f"\nbudget (portfolio, {args.large}): p50 {p} ms ≤ 20 ms: "
          f"{'yes' if p <= 20 else 'NO'}; {ratio:.2f}× the {args.small} ≤ 1.5×: "
          f"{'yes' if ratio <= 1.5 else 'NO'}")


if __name__ == "__main__":
    main()
