"""Fuzzing every route the app enumerates: no input may produce a 5xx or a broken response.

Signed in as an admin (with a valid CSRF token) and anonymous, the test sends

- to every POST route: each field the templates and handlers know, all at once, set to each of
  the probe's bad values (digits of other scripts, integers past 2^63, far dates, NUL and
  newlines, bidi overrides, off-site return targets, 100 KB strings), and each as a file part;
- to every GET route: every query parameter name the code reads or the templates submit, set
  to each bad value;
- then hypothesis-generated mixes of the above over random routes.

Path parameters get ids (1, 2^31-1, 2^31, ``²``). A response fails the test when its status is
5xx, when the request raises (the server dropped the connection), or when a header carries a
control character (uvicorn would drop the connection instead of answering). Bounded to about
a minute per engine; the counts are printed (``-s``).
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.routes import HTTPRoute

from pintar.auth.roles import Role
from tests.helpers import PASSWORD, Web, make_person

ROOT = Path(__file__).resolve().parents[2]

BAD_VALUES = [
    "²",
    "١٢",
    "１２",
    str(2**63),
    str(-(2**63) - 1),
    "9" * 40,
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "25:99",
    "a\x00b",
    "a\nb\r\nc",
    "/\\evil.example",
    "/\t/evil.example",
    "//evil.example",
    "javascript:alert(1)",
    "\u202egnp.exe",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00%0a",
    "x" * 100_000,
    "",
]


def _names() -> tuple[list[str], list[str]]:
    """Field names from the templates and the handlers; query names from the handlers too."""
    fields: set[str] = set()
    for path in (ROOT / "templates").rglob("*.html"):
        fields.update(re.findall(r'name="([a-z_]+)"', path.read_text(encoding="utf-8")))
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pintar").rglob("*.py"))
    fields.update(re.findall(r'(?:form|data)\.get\("([a-z_]+)"', code))
    fields.update(re.findall(r'text_value\((?:form|data), "([a-z_]+)"', code))
    fields.update(re.findall(r'\br\.(?:text|integer|number|date|time|id|choice|raw|flag)\("([a-z_]+)"', code))
    queries = set(re.findall(r'query_params\.get\("([a-z_]+)"', code))
    queries.update(re.findall(r'query_(?:int|id|date|text)\(request, "([a-z_]+)"', code))
    queries.update(re.findall(r'params\.get\("([a-z_]+)"', code))
    return sorted(fields - {"_csrf_token"}), sorted(queries | fields)


FIELDS, QUERIES = _names()
PATH_VALUES = ["1", str(2**31 - 1), str(2**31), "²"]


def _routes(app) -> tuple[list[str], list[str]]:
    gets, posts = set(), set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        methods = {m for h in route.route_handlers for m in h.http_methods}
        if route.path.startswith("/static"):
            continue
        if "GET" in methods:
            gets.add(route.path)
        if "POST" in methods:
            posts.add(route.path)
    return sorted(gets), sorted(posts)


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


class Fuzzer:
    def __init__(self, web: Web, admin: bool) -> None:
        self.web = web
        self.admin = admin
        self.requests = 0
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []

    async def ensure_signed_in(self) -> None:
        """A fuzzed POST may sign the admin out (logout, a password reset): sign in again."""
        if not self.admin:
            return
        from pintar.auth.passwords import hash_password
        from pintar.auth.tables import Person

        await Person.update(
            {Person.password_hash: hash_password(PASSWORD), Person.must_change_password: False,
             Person.active: True}
        ).where(Person.username == "fuzzadmin")
        self.web.client.cookies.clear()
        await self.web.login("fuzzadmin")

    async def send(self, method: str, path: str, *, params: Any = None, data: Any = None,
                   files: Any = None) -> None:
        self.requests += 1
        what = f"{method} {path[:80]} params={str(params)[:120]} data={str(data)[:120]}"
        try:
            if method == "GET":
                response = await self.web.client.get(path, params=params, follow_redirects=False)
            else:
                token = await self.web.csrf()
                response = await self.web.client.post(
                    path, data=data, files=files, headers={"x-csrftoken": token},
                    follow_redirects=False,
                )
        except Exception as exc:  # the server did not answer
            self.failures.append(f"{what}: {type(exc).__name__}: {exc}"[:400])
            return
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{what}: {response.status_code}")
        for name, value in response.headers.items():
            if re.search(r"[\x00-\x1f\x7f]", value):
                self.failures.append(f"{what}: control character in header {name}")
        location = response.headers.get("location", "")
        if location and not location.startswith("/"):
            self.failures.append(f"{what}: redirect off the site to {location[:80]}")
        if self.admin and response.status_code in (302, 401) and "/masuk" in location:
            await self.ensure_signed_in()


async def _sweep(fuzzer: Fuzzer, gets: list[str], posts: list[str]) -> None:
    for path in gets:
        for value in BAD_VALUES:
            # Every name, in groups of 100 so the query string stays under httpx's 64 KB limit
            # (the modules' forms together have more names than one URL can carry).
            for first in range(0, len(QUERIES), 100):
                await fuzzer.send("GET", _fill(path, "1"),
                                  params={n: value[:500] for n in QUERIES[first:first + 100]})
        for value in PATH_VALUES:
            await fuzzer.send("GET", _fill(path, value))
    for path in posts:
        if path == "/keluar":
            continue
        for value in BAD_VALUES:
            await fuzzer.send("POST", _fill(path, "1"), data={n: value for n in FIELDS})
        await fuzzer.send("POST", _fill(path, "1"),
                          files={n: (f"{n}.txt", b"isi", "text/plain") for n in FIELDS[:40]})
        await fuzzer.send("POST", _fill(path, str(2**31)), data={})


values = st.one_of(
    st.sampled_from(BAD_VALUES),
    st.text(max_size=40),
    st.integers().map(str),
    st.dates().map(str),
)


async def _random(fuzzer: Fuzzer, gets: list[str], posts: list[str], examples: int) -> None:
    loop = asyncio.get_running_loop()

    def run(coro) -> None:
        asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=60)

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(
        post=st.booleans(),
        route=st.integers(min_value=0, max_value=10_000),
        path_value=st.sampled_from(PATH_VALUES),
        chosen=st.dictionaries(st.sampled_from(sorted(set(FIELDS) | set(QUERIES))), values,
                               max_size=12),
        as_file=st.sets(st.sampled_from(FIELDS), max_size=2),
    )
    def one(post: bool, route: int, path_value: str, chosen: dict, as_file: set) -> None:
        if post and posts:
            path = _fill(posts[route % len(posts)], path_value)
            if path == "/keluar":
                return
            files = {n: (f"{n}.bin", b"\x00\xff", "application/octet-stream") for n in as_file}
            data = {k: v for k, v in chosen.items() if k not in files}
            run(fuzzer.send("POST", path, data=data, files=files or None))
        else:
            path = _fill(gets[route % len(gets)], path_value)
            # (a client cannot send a 100 KB query string: httpx refuses, as browsers cut it)
            run(fuzzer.send("GET", path, params={k: v[:2000] for k, v in chosen.items()}))

    await asyncio.to_thread(one)


@pytest.mark.parametrize("signed_in", [True, False], ids=["admin", "anonymous"])
async def test_no_input_makes_a_server_error(app, web: Web, signed_in: bool) -> None:
    gets, posts = _routes(app)
    assert len(gets) > 30 and len(posts) > 30  # the enumeration found the modules' routes
    fuzzer = Fuzzer(web, admin=signed_in)
    if signed_in:
        await make_person(Role.ADMIN, username="fuzzadmin")
        await fuzzer.ensure_signed_in()
    await _sweep(fuzzer, gets, posts)
    await _random(fuzzer, gets, posts, examples=150)
    print(
        f"\nfuzz ({'admin' if signed_in else 'anonymous'}): {len(gets)} GET and {len(posts)} "
        f"POST routes, {len(FIELDS)} fields, {len(QUERIES)} query names, {fuzzer.requests} "
        f"requests, statuses {dict(sorted(fuzzer.statuses.items()))}"
    )
    assert not fuzzer.failures, "\n".join(fuzzer.failures[:40])
