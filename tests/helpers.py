"""Helpers tests share: people with roles, and a client that behaves like a browser."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

PASSWORD = "rahasia-123"
_counter = itertools.count(1)


async def make_person(
    *roles: str,
    username: str | None = None,
    name: str | None = None,
    password: str = PASSWORD,
    team_id: int | None = None,
    must_change_password: bool = False,
    email: str = "",
) -> Any:
    """Create an active person holding ``roles``; returns their CurrentUser."""
    from pintar.auth import service
    from pintar.auth.tables import Person

    n = next(_counter)
    username = username or f"orang{n}"
    person_id = await service.create_person(
        service.PersonForm(
            username=username,
            name=name or f"Orang Uji {n}",
            email=email or f"{username}@contoh.go.id",
            team_id=team_id,
            roles=[str(r) for r in roles],
        ),
        password,
    )
    if not must_change_password:
        await Person.update({Person.must_change_password: False}).where(Person.id == person_id)
    user = await service.load_user(person_id, 0)
    assert user is not None
    return user


class Web:
    """Wraps the test client: fetches the CSRF cookie, sends it back like the layout does."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def csrf(self) -> str:
        token = self.client.cookies.get("pintar_csrf")
        if not token:
            await self.client.get("/masuk")
            token = self.client.cookies.get("pintar_csrf")
        assert token, "no CSRF cookie was set"
        return token

    async def get(self, path: str, *, htmx: bool = False, **kw: Any):
        headers = kw.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        return await self.client.get(path, headers=headers, **kw)

    async def post(self, path: str, data: Any = None, *, htmx: bool = False, **kw: Any):
        headers = kw.pop("headers", {})
        headers["x-csrftoken"] = await self.csrf()
        if htmx:
            headers["HX-Request"] = "true"
        kw.setdefault("follow_redirects", False)
        return await self.client.post(path, data=data, headers=headers, **kw)

    async def login(self, username: str, password: str = PASSWORD):
        response = await self.post("/masuk", {"login": username, "password": password})
        assert response.status_code == 303, response.text[:500]
        return response

    async def logout(self):
        return await self.post("/keluar")
