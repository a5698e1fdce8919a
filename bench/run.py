"""First benchmark of Portal Pintar: ``make bench`` (or ``.venv/bin/python bench/run.py``).

It serves the app with uvicorn on 127.0.0.1 (one process, SQLite in a temporary ``var/``, the demo
office), and in one run prints:

* requests per second of ``/healthz`` (a database round trip), of ``/masuk`` (the login page:
  session, CSRF cookie, template), of a hello-world route registered on the portal's own app
  (all of its middleware and guard, no database), and of a hello-world route of a bare Litestar
  app mounted in the same uvicorn process (the framework's floor); and their ratios;
* the bytes transferred (compressed, headers included) for a signed-in first visit to the home
  page with its CSS, JS and icon, and for a repeat visit (static files come from the cache).

The load comes from this process: a bounded loop over concurrent keep-alive connections on
loopback (a minimal HTTP/1.1 client, because httpx itself is slower than the server; httpx is
used for the login and the page weight). The client shares the machine with the server, so the
figures are for comparing routes with each other on one machine, not absolute capacity.
Options: ``--seconds 6`` per route (split in two rounds), ``--concurrency 16``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_BYTES = 40 * 1024


# --- the server (runs in a subprocess: ``bench/run.py --serve PORT``) --------------------------


def serve(port: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from litestar import Litestar, get
    from litestar.enums import MediaType

    from pintar.cli import migrate
    from pintar.config import get_settings
    from pintar.demo import create_demo
    from pintar.web import access
    from pintar.web.app import create_app

    async def prepare() -> None:
        await migrate()
        await create_demo(get_settings().demo_password)

    asyncio.run(prepare())

    @get("/bench/hello", opt=access.public(), media_type=MediaType.TEXT, sync_to_thread=False)
    def portal_hello() -> str:
        return "Hello, world"

    @get("/bare/hello", media_type=MediaType.TEXT, sync_to_thread=False)
    def bare_hello() -> str:
        return "Hello, world"

    portal = create_app()
    portal.register(portal_hello)  # through the portal's middleware, guard and hooks
    bare = Litestar(route_handlers=[bare_hello], openapi_config=None)

    async def dispatch(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http" and scope["path"].startswith("/bare/"):
            await bare(scope, receive, send)
        else:
            await portal(scope, receive, send)  # lifespan goes to the portal

    import uvicorn

    uvicorn.run(dispatch, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- the load ------------------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough HTTP for GET and a 200.

    (httpx itself tops out near 500 requests/s in one process here, which made every route look
    alike; this loop costs a fraction of that, so the server is what gets measured.)
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        match = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
        if match is None:
            raise RuntimeError(f"{path}: no Content-Length in {head[:200]!r}")
        await self.reader.readexactly(int(match.group(1)))
        if re.search(rb"(?i)\r\nconnection:\s*close", head):
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def measure(port: int, path: str, seconds: float, concurrency: int, cap: int) -> dict:
    """Requests per second of GET ``path``: ``concurrency`` keep-alive connections in a bounded
    loop, for ``seconds`` or ``cap`` requests, whichever comes first. Every answer must be 200."""
    connections = [Connection("127.0.0.1", port) for _ in range(concurrency)]
    done = 0
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def loop(conn: Connection) -> None:
        nonlocal done
        while done < cap and time.perf_counter() < deadline:
            done += 1
            t0 = time.perf_counter()
            status = await conn.get(path)
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}")

    for conn in connections:  # warm-up, and the connections are open before the clock starts
        await conn.get(path)
    start = time.perf_counter()
    try:
        await asyncio.gather(*(loop(c) for c in connections))
    finally:
        for conn in connections:
            await conn.close()
    elapsed = time.perf_counter() - start
    return {"requests": len(latencies), "seconds": elapsed, "latencies": latencies}


def summarise(rounds: list[dict]) -> dict:
    latencies = sorted(x for r in rounds for x in r["latencies"])
    requests = sum(r["requests"] for r in rounds)
    return {
        "requests": requests,
        "rps": requests / sum(r["seconds"] for r in rounds),
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)],
    }


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and set(a.get("rel", "").split()) & {"stylesheet", "icon", "preload"}:
            self.urls.append(a.get("href", ""))
        elif tag in {"script", "img"} and a.get("src"):
            self.urls.append(a["src"])


def _wire_bytes(response) -> int:  # type: ignore[no-untyped-def]
    head = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n") + 2
    head += sum(len(k) + len(v) + 4 for k, v in response.headers.raw)
    return head + response.num_bytes_downloaded


async def page_weight(base_url: str, password: str) -> dict:
    import httpx

    gzip = {"Accept-Encoding": "gzip"}
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        await client.get("/masuk")
        token = client.cookies["pintar_csrf"]
        login = await client.post(
            "/masuk",
            data={"login": "pegawai", "password": password},
            headers={"x-csrftoken": token},
        )
        assert login.status_code == 303, login.text[:300]
        rows: list[tuple[str, int, str]] = []
        home = await client.get("/", headers=gzip)
        home.raise_for_status()
        rows.append(("/", _wire_bytes(home), home.headers.get("content-encoding", "-")))
        parser = _Resources()
        parser.feed(home.text)
        cacheable = 0
        for url in parser.urls:
            response = await client.get(url, headers=gzip)
            response.raise_for_status()
            rows.append((url, _wire_bytes(response), response.headers.get("content-encoding", "-")))
            cache = response.headers.get("cache-control", "")
            if "immutable" in cache and re.search(r"max-age=(\d{7,})", cache):
                cacheable += 1
        repeat = await client.get("/", headers=gzip)
        return {
            "rows": rows,
            "first_total": sum(r[1] for r in rows),
            "requests": len(rows),
            "repeat_total": _wire_bytes(repeat) if cacheable == len(parser.urls) else None,
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def run(seconds: float, concurrency: int) -> None:
    import httpx

    var = Path(tempfile.mkdtemp(prefix="pintar-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in {"PINTAR_DATABASE_URL", "PINTAR_REDIS_URL"}}
    env.update(PINTAR_VAR_DIR=str(var), PICCOLO_CONF="piccolo_conf", PYTHONUNBUFFERED="1")
    env.pop("PINTAR_DEBUG", None)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = var / "server.log"
    print(f"Portal Pintar benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"SQLite in {var}, 1 uvicorn process, {concurrency} concurrent keep-alive connections, "
          f"{seconds:g} s per route in two rounds")  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
            deadline = time.monotonic() + 60  # migrations and ~30 demo password hashes
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"the server stopped:\n{log.read_text()}")
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start:\n{log.read_text()}")
                await asyncio.sleep(0.2)

            routes = [
                ("/bare/hello", "hello-world, bare Litestar app"),
                ("/bench/hello", "hello-world, on the portal's app"),
                ("/healthz", "/healthz (database SELECT 1)"),
                ("/masuk", "/masuk (login page)"),
            ]
            # Two rounds, the second in reverse order, so a busy moment of the machine does not
            # land on one route only.
            rounds: dict[str, list[dict]] = {path: [] for path, _ in routes}
            for order in (routes, routes[::-1]):
                for path, _label in order:
                    rounds[path].append(
                        await measure(port, path, seconds / 2, concurrency, cap=100_000)
                    )
            results = {path: summarise(r) for path, r in rounds.items()}
        weight = await page_weight(base_url, env.get("PINTAR_DEMO_PASSWORD") or "pintar-demo")
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()

    floor = results["/bare/hello"]["rps"]
    print()
    print(f"{'route':<36} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'vs bare hello':>14}")
    for path, label in routes:
        r = results[path]
        print(f"{label:<36} {r['rps']:>8.0f} {r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} "
              f"{r['rps'] / floor:>13.2f}x")  # fmt: skip
    hello = results["/bench/hello"]["rps"]
    print(f"\nratios: /healthz / portal hello = {results['/healthz']['rps'] / hello:.2f}, "
          f"/masuk / portal hello = {results['/masuk']['rps'] / hello:.2f}, "
          f"/masuk / /healthz = {results['/masuk']['rps'] / results['/healthz']['rps']:.2f}")  # fmt: skip

    print("\nfirst visit to the home page, signed in (compressed, headers included):")
    for url, size, encoding in weight["rows"]:
        print(f"  {size:>7} B  {encoding:<5} {url}")
    total = weight["first_total"]
    print(f"  {total:>7} B  in {weight['requests']} requests "
          f"({total / 1024:.1f} KB of the {BUDGET_BYTES // 1024} KB budget)")  # fmt: skip
    if weight["repeat_total"] is None:
        print("repeat visit: some static file is not cached immutably (it would be fetched again)")
    else:
        print(f"repeat visit: {weight['repeat_total']} B in 1 request (static files from the cache)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds per route (default 6)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    sys.path.insert(0, str(ROOT))
    asyncio.run(run(args.seconds, args.concurrency))


if __name__ == "__main__":
    main()
