"""The access matrix: every route of the app says who may call it, and that is what happens.

Data-driven from ``create_app()``: a module's routes are covered as soon as it is enabled, with
nothing to add here. For every HTTP handler and method (path parameters filled with ids that do
not exist):

- the handler declares ``opt["access"]``, a :class:`pintar.web.access.Rule`;
- anonymous: public routes are not refused (no 401/403, no redirect to the login page); every
  other route redirects to ``/masuk?next=<the path>`` (302);
- ``roles(...)``: a person holding one of the roles, and an admin, get past the guard (no 403);
  a person holding none of them (one person per other role) gets 403;
- ``signed_in``: a plain Pegawai is not refused; ``object``: not refused at the guard (the
  handler may answer 404 for the nonexistent object; 403 only where there is no object id);
- a person still on a temporary password is sent to ``/akun/kata-sandi`` unless the route is
  marked ``during_password_change``;
- an int id beyond the database's integer range answers like a missing one, not 5xx;
- no request at all answers 5xx.

And the menu: each registered menu entry is shown to exactly the people its page lets in.

POSTs carry the CSRF header as a browser would; every request is sent with an empty form. A
signed-in client's cookies are put back after each request (a logout or a language switch must
not leak into the next probe), and a client whose session a probe ended signs in again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import httpx
from litestar import Litestar
from litestar.routes import HTTPRoute

from pintar.auth.roles import Role
from pintar.web import nav
from pintar.web.access import OBJECT, PUBLIC, ROLES, SIGNED_IN, Rule
from tests.helpers import Web, make_person

# A value for each path parameter type that names nothing that exists.
MISSING = {
    "int": "999999",
    "str": "x",
    "path": "x",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "date": "1999-01-01",
    "datetime": "1999-01-01T00:00:00",
    "time": "00:00:00",
    "float": "999999.5",
    "decimal": "999999.5",
    "timedelta": "1",
}
HUGE_INT = str(2**40)  # beyond PostgreSQL's integer: must be "not found", not a crash
PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")


def _is_framework_options(handler: Any) -> bool:
    """Litestar adds an OPTIONS handler to every path (for CORS pre-flight). Unless its router
    gave it one (the static files router does), it carries no rule of ours, so the access guard
    refuses it (403): closed, as a forgotten route would be."""
    return getattr(handler.fn, "__qualname__", "").startswith(
        "HTTPRoute.create_options_handler."
    )


@dataclass(frozen=True)
class Endpoint:
    method: str
    template: str  # the path as declared, e.g. /admin/pegawai/{person_id:int}
    rule: Rule
    handler: str
    during_password_change: bool

    def path(self, int_value: str = MISSING["int"]) -> str:
        def fill(match: re.Match) -> str:
            kind = match.group(2) or "str"
            return int_value if kind == "int" else MISSING.get(kind, "x")

        return PARAM.sub(fill, self.template)

    @property
    def has_params(self) -> bool:
        return bool(PARAM.search(self.template))

    @property
    def has_int_param(self) -> bool:
        return any(m.group(2) == "int" for m in PARAM.finditer(self.template))

    def __str__(self) -> str:
        return f"{self.method} {self.template} [{self.rule.describe()}] ({self.handler})"


def collect(app: Litestar) -> tuple[list[Endpoint], list[str], list[tuple[str, str]]]:
    """(endpoints with a rule, handlers lacking one, framework OPTIONS (method, path))."""
    endpoints: list[Endpoint] = []
    missing: list[str] = []
    options: list[tuple[str, str]] = []
    for route in app.routes:
        for handler in route.route_handlers:  # type: ignore[attr-defined]
            methods = sorted(getattr(handler, "http_methods", None) or {"*"})
            rule = handler.opt.get("access")
            if not isinstance(rule, Rule) and _is_framework_options(handler):
                options.append(("OPTIONS", route.path))
                continue
            name = getattr(handler, "handler_name", None) or str(handler)
            if not isinstance(rule, Rule):
                missing.append(f"{','.join(methods)} {route.path} ({name})")
                continue
            if not isinstance(route, HTTPRoute):
                continue  # websockets/mounts: declared, not probed here
            for method in methods:
                endpoints.append(
                    Endpoint(
                        method=method,
                        template=route.path,
                        rule=rule,
                        handler=name,
                        during_password_change=bool(handler.opt.get("during_password_change")),
                    )
                )
    return endpoints, missing, options


def test_every_route_declares_who_may_call_it(app):
    endpoints, missing, options = collect(app)
    assert not missing, "routes without opt=access.<rule>:\n" + "\n".join(missing)
    # The harness really sees the app: the foundation's own pages are there.
    seen = {(e.method, e.template) for e in endpoints}
    assert {("GET", "/"), ("POST", "/masuk"), ("GET", "/admin/pegawai")} <= seen
    assert any(e.template.startswith("/static") for e in endpoints)
    assert options


# --- the probes ---------------------------------------------------------------------------------


class Browser:
    """One identity's client; its cookies are put back after every probe."""

    def __init__(self, app: Litestar, username: str | None) -> None:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.client = httpx.AsyncClient(transport=transport, base_url="http://testserver.local")
        self.web = Web(self.client)
        self.username = username

    async def start(self) -> None:
        await self.web.csrf()
        if self.username:
            await self.web.login(self.username)

    async def send(self, method: str, path: str) -> httpx.Response:
        saved = httpx.Cookies(self.client.cookies)
        headers = {"x-csrftoken": await self.web.csrf()}
        try:
            return await self.client.request(
                method, path, data={}, headers=headers, follow_redirects=False
            )
        finally:
            self.client.cookies = saved

    async def signed_in(self) -> bool:
        probe = await self.client.get("/akun/kata-sandi", follow_redirects=False)
        return probe.status_code == 200

    async def close(self) -> None:
        await self.client.aclose()


def _is_login_redirect(response: httpx.Response) -> bool:
    """The guard's answer to someone not signed in (a logout's 303 to /masuk is not one)."""
    return response.status_code == 302 and response.headers.get("location", "").startswith(
        "/masuk?next="
    )


class Matrix:
    def __init__(self, app: Litestar) -> None:
        self.app = app
        self.failures: list[str] = []
        self.requests = 0
        self.anonymous = Browser(app, None)
        self.by_role: dict[str, Browser] = {}
        self.temporary: Browser | None = None

    async def setup(self) -> None:
        await self.anonymous.start()
        for role in Role:
            username = f"akses_{role.value}"
            await make_person(*([role] if role != Role.PEGAWAI else []), username=username)
            self.by_role[role.value] = Browser(self.app, username)
            await self.by_role[role.value].start()
        await make_person(username="akses_sementara", must_change_password=True)
        self.temporary = Browser(self.app, "akses_sementara")
        await self.temporary.start()

    async def close(self) -> None:
        for browser in [self.anonymous, self.temporary, *self.by_role.values()]:
            if browser is not None:
                await browser.close()

    def fail(self, endpoint: Endpoint, who: str, message: str, response: httpx.Response) -> None:
        location = response.headers.get("location", "")
        self.failures.append(
            f"{endpoint} as {who}: {message}; got {response.status_code}"
            + (f" -> {location}" if location else "")
        )

    async def request(
        self, endpoint: Endpoint, browser: Browser, who: str, path: str | None = None
    ) -> httpx.Response:
        path = path or endpoint.path()
        self.requests += 1
        response = await browser.send(endpoint.method, path)
        if browser.username and _is_login_redirect(response) and not await browser.signed_in():
            # An earlier probe ended this session (a logout, a password change): sign in again.
            await browser.start()
            response = await browser.send(endpoint.method, path)
        if response.status_code >= 500:
            self.fail(endpoint, who, "server error", response)
        return response

    async def check(self, endpoint: Endpoint) -> None:
        rule = endpoint.rule
        path = endpoint.path()

        # Anonymous.
        response = await self.request(endpoint, self.anonymous, "anonymous")
        if rule.kind == PUBLIC:
            if response.status_code in (401, 403) or _is_login_redirect(response):
                self.fail(endpoint, "anonymous", "a public route refused", response)
        else:
            location = response.headers.get("location", "")
            expected = "/masuk?next=" + quote(path, safe="")
            if response.status_code != 302 or unquote(location) != unquote(expected):
                self.fail(endpoint, "anonymous", f"expected 302 to {expected}", response)

        # Signed in, by role.
        if rule.kind == PUBLIC:
            await self.request(endpoint, self.by_role[Role.PEGAWAI], "pegawai")
        elif rule.kind == SIGNED_IN:
            for who in (Role.PEGAWAI, Role.ADMIN):
                response = await self.request(endpoint, self.by_role[who], who)
                if response.status_code in (401, 403) or _is_login_redirect(response):
                    self.fail(endpoint, who, "a signed-in person refused", response)
        elif rule.kind == OBJECT:
            for who in (Role.PEGAWAI, Role.ADMIN):
                response = await self.request(endpoint, self.by_role[who], who)
                refused = response.status_code == 401 or _is_login_redirect(response)
                if response.status_code == 403 and endpoint.has_params:
                    refused = True  # a nonexistent object is "not found", not "forbidden"
                if refused:
                    self.fail(endpoint, who, "refused at the guard (404 expected if anything)", response)
        elif rule.kind == ROLES:
            everyone = Role.PEGAWAI in rule.roles
            for role, browser in self.by_role.items():
                allowed = everyone or role in rule.roles or role == Role.ADMIN
                response = await self.request(endpoint, browser, role)
                if allowed and (response.status_code == 403 or _is_login_redirect(response)):
                    self.fail(endpoint, role, "a holder of the role refused", response)
                if not allowed and response.status_code != 403:
                    self.fail(endpoint, role, "expected 403 for a person without the role", response)
        else:
            self.failures.append(f"{endpoint}: unknown rule kind {rule.kind!r}")

        # A person still on a temporary password.
        if rule.kind != PUBLIC and self.temporary is not None:
            response = await self.request(endpoint, self.temporary, "temporary password")
            to_change = response.status_code == 302 and response.headers.get(
                "location"
            ) == "/akun/kata-sandi"
            if endpoint.during_password_change and to_change:
                self.fail(endpoint, "temporary password", "the password page sent back to itself", response)
            if not endpoint.during_password_change and not to_change:
                self.fail(endpoint, "temporary password", "expected 302 to /akun/kata-sandi", response)

        # An id beyond the integer range, by someone who passes every guard.
        if endpoint.has_int_param and rule.kind != PUBLIC:
            await self.request(
                endpoint, self.by_role[Role.ADMIN], "admin (huge id)", endpoint.path(HUGE_INT)
            )
        elif endpoint.has_int_param:
            await self.request(endpoint, self.anonymous, "anonymous (huge id)", endpoint.path(HUGE_INT))

    async def check_options(self, method: str, path: str) -> None:
        endpoint = Endpoint(method, path, Rule("framework"), "litestar options", False)
        response = await self.request(endpoint, self.anonymous, "anonymous", endpoint.path())
        if response.status_code != 403:
            self.fail(endpoint, "anonymous", "an OPTIONS handler without a rule must stay closed", response)

    async def check_menu(self) -> None:
        """Each menu entry is shown to exactly those its page lets in; admin entries sit in
        the admin section."""
        items = [i for section in nav.visible_items(_Everyone()).values() for i in section]
        for role, browser in self.by_role.items():
            home = await browser.client.get("/")
            html = home.text
            header = html[html.index("<header") : html.index("</header>")]
            admin_menu = '<details class="menu"'  # the Admin submenu inside the main menu
            admin_part = (
                header[header.index(admin_menu) : header.index("</details>", header.index(admin_menu))]
                if admin_menu in header
                else ""
            )
            tiles = html[html.index("<main") : html.index("</main>")]
            for item in items:
                if item.url != "/" and (f'href="{item.url}"' in tiles) != _allowed(
                    await browser.client.get(item.url, follow_redirects=False)
                ):
                    self.failures.append(f"home tile {item.url} as {role}: shown to the wrong people")
                if item.group and item not in nav.bar_items([i for i in items if i.group == item.group]):
                    continue  # a group's other entries are its pages' tabs, not in the bar
                shown = f'href="{item.url}"' in header
                response = await browser.client.get(item.url, follow_redirects=False)
                allowed = response.status_code not in (401, 403) and not _is_login_redirect(response)
                if shown != allowed:
                    self.failures.append(
                        f"menu {item.url} ({item.rule.describe()}) as {role}: "
                        f"shown={shown} but the page answers {response.status_code}"
                    )
                if shown and (item.section == "admin") != (f'href="{item.url}"' in admin_part):
                    self.failures.append(f"menu {item.url} as {role}: not in its {item.section} section")


def _allowed(response) -> bool:
    return response.status_code not in (401, 403) and not _is_login_redirect(response)


class _Everyone:
    """A stand-in user who sees every menu entry (to list them all)."""

    def has_role(self, *roles: str) -> bool:
        return True


async def test_access_matrix(app, client):
    endpoints, missing, options = collect(app)
    assert not missing
    matrix = Matrix(app)
    try:
        await matrix.setup()
        for endpoint in endpoints:
            await matrix.check(endpoint)
        for method, path in options:
            await matrix.check_options(method, path)
        await matrix.check_menu()
    finally:
        await matrix.close()
    assert not matrix.failures, (
        f"{len(matrix.failures)} access-matrix failure(s) in {matrix.requests} requests:\n"
        + "\n".join(matrix.failures)
    )
    assert matrix.requests > len(endpoints) * 2


async def test_the_matrix_catches_a_wrong_rule(app, client):
    """The harness is not vacuous: an admin page declared as merely signed-in, or a rule-less
    route, is reported."""
    from litestar import get

    from pintar.web import access

    @get("/uji/terbuka", opt=access.signed_in(), name="uji_terbuka")
    async def too_open() -> str:
        return "ok"

    @get("/uji/lupa", name="uji_lupa")
    async def forgotten() -> str:
        return "ok"

    app.register(too_open)
    app.register(forgotten)
    endpoints, missing, _ = collect(app)
    assert any("/uji/lupa" in m for m in missing)

    matrix = Matrix(app)
    try:
        await matrix.setup()
        wrong = Endpoint("GET", "/uji/terbuka", Rule(ROLES, (Role.ADMIN,)), "too_open", False)
        await matrix.check(wrong)
    finally:
        await matrix.close()
    assert any("expected 403 for a person without the role" in f for f in matrix.failures)
    assert (await client.get("/uji/lupa")).status_code in (302, 403)
