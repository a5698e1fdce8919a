"""Page-weight budget (bytes, not time) of DESIGN.md: a first visit to a working page, HTML + CSS +
JS + icons as served (compressed), is at most 40 KB in at most 5 requests; a repeat visit
downloads no static file again (long-lived, immutable, content-versioned URLs).

``first_visit(web, path)`` is reusable: later modules can hold their own pages to the budget.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from pintar.web import templating
from tests.helpers import Web, make_person

BUDGET_BYTES = 40 * 1024
BUDGET_REQUESTS = 5
ONE_YEAR = 365 * 24 * 3600
GZIP = {"Accept-Encoding": "gzip"}


class _Resources(HTMLParser):
    """Everything a browser fetches to show the page: stylesheets, scripts, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}:
                self.urls.append(a.get("href", ""))
        elif tag in {"script", "img"} and a.get("src"):
            self.urls.append(a["src"])


def referenced_resources(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    return [u for u in parser.urls if u]


def transferred_bytes(response: httpx.Response) -> int:
    """Bytes on the wire for one HTTP/1.1 response: status line, headers, body as sent."""
    head = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n")
    head += sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 2
    return head + response.num_bytes_downloaded


@dataclass
class Visit:
    responses: dict[str, httpx.Response] = field(default_factory=dict)

    @property
    def total_bytes(self) -> int:
        return sum(transferred_bytes(r) for r in self.responses.values())

    @property
    def requests(self) -> int:
        return len(self.responses)

    def report(self) -> str:
        lines = [
            f"  {transferred_bytes(r):>7} B  {r.headers.get('content-encoding', '-'):<5} {url}"
            for url, r in self.responses.items()
        ]
        return "\n".join(lines + [f"  {self.total_bytes:>7} B in {self.requests} requests"])


async def first_visit(web: Web, path: str = "/") -> Visit:
    """GET ``path`` like a browser with an empty cache, then everything it references
    (and ``url(...)`` inside stylesheets); every response is checked to be a 200."""
    visit = Visit()
    page = await web.client.get(path, headers=GZIP)
    assert page.status_code == 200, page.text[:300]
    visit.responses[path] = page
    queue = referenced_resources(page.text)
    while queue:
        url = queue.pop(0)
        if url in visit.responses:
            continue
        assert url.startswith("/"), f"the page loads {url} from another site"
        response = await web.client.get(url, headers=GZIP)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        visit.responses[url] = response
        if "text/css" in response.headers.get("content-type", ""):
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", response.text):
                if not ref.startswith("data:"):
                    queue.append(ref)
    return visit


@pytest.fixture
async def signed_in(web: Web) -> Web:
    await make_person("pjk_ti", "admin", username="budget")
    await web.login("budget")
    return web


async def test_first_visit_to_home_is_within_budget(signed_in: Web):
    visit = await first_visit(signed_in, "/")
    assert visit.requests <= BUDGET_REQUESTS, visit.report()
    assert visit.total_bytes <= BUDGET_BYTES, visit.report()
    # htmx and the stylesheet are really part of it (the budget is not met by leaving them out)
    kinds = {r.headers["content-type"].split(";")[0] for r in visit.responses.values()}
    assert {"text/html", "text/css", "text/javascript"} <= kinds, visit.report()


async def test_text_is_served_compressed(signed_in: Web):
    visit = await first_visit(signed_in, "/")
    for url, response in visit.responses.items():
        kind = response.headers["content-type"]
        if kind.startswith(("text/", "application/javascript")) and len(response.content) > 1000:
            assert response.headers.get("content-encoding") == "gzip", url
            assert response.num_bytes_downloaded < len(response.content), url


async def test_repeat_visit_downloads_no_static_file(signed_in: Web):
    first = await first_visit(signed_in, "/")
    statics = [u for u in first.responses if u != "/"]
    assert statics, "the home page references no static files?"
    for url in statics:
        cache = first.responses[url].headers.get("cache-control", "")
        directives = {d.strip().split("=")[0]: d.strip() for d in cache.split(",")}
        assert "immutable" in directives, f"{url}: Cache-Control {cache!r}"
        max_age = int(directives.get("max-age", "max-age=0").split("=")[1])
        assert max_age >= ONE_YEAR, f"{url}: Cache-Control {cache!r}"
        assert "no-cache" not in directives and "no-store" not in directives, url
        # versioned by content: ?v= is the hash of exactly the bytes served
        split = urlsplit(url)
        version = parse_qs(split.query).get("v", [""])[0]
        assert re.fullmatch(r"[0-9a-f]{8,}", version), f"{url} is not versioned"
        assert hashlib.sha256(first.responses[url].content).hexdigest().startswith(version), url
    # The second visit's page names the very same URLs, so a browser holding the first
    # visit's immutable, fresh copies requests none of them.
    again = await signed_in.client.get("/", headers=GZIP)
    assert again.status_code == 200
    assert referenced_resources(again.text) == referenced_resources(first.responses["/"].text)


def test_unchanged_file_keeps_its_url_changed_file_gets_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(templating, "STATIC_DIR", tmp_path)
    sheet = tmp_path / "contoh.css"
    edits = iter(range(1, 10))

    def write(text: str) -> None:  # an edit a second later (file times can be coarse)
        sheet.write_text(text)
        stamp = 1_800_000_000_000_000_000 + next(edits) * 1_000_000_000
        os.utime(sheet, ns=(stamp, stamp))

    write("body{color:#000}")
    first = templating.asset("contoh.css")
    assert first == f"/static/contoh.css?v={hashlib.sha256(b'body{color:#000}').hexdigest()[:10]}"
    assert templating.asset("contoh.css") == first
    write("body{color:#000}")  # saved again, same bytes: same URL
    assert templating.asset("contoh.css") == first
    write("body{color:#111}")
    changed = templating.asset("contoh.css")
    assert changed != first and changed.startswith("/static/contoh.css?v=")
    write("body{color:#000}")  # back to the old bytes: back to the old URL
    assert templating.asset("contoh.css") == first


def test_every_static_file_referenced_by_the_layout_exists():
    base = (templating.TEMPLATE_DIR / "base.html").read_text()
    names = re.findall(r"asset\('([^']+)'\)", base)
    assert names
    for name in names:
        assert (templating.STATIC_DIR / name).is_file(), name
