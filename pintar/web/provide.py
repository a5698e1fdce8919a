"""Dependencies every module's Controllers share (``dependencies=provide.COMMON``).

    class TicketPages(Controller):
        path = "/halocik/tiket"
        opt = access.signed_in()
        dependencies = provide.COMMON

        @get("/{ticket_id:int}")
        async def page(self, request: Request, user: provide.User, now: provide.Now,
                       calendar: provide.Calendar, ticket_id: int) -> Response: ...

- ``user``: the signed-in person (``request.scope["user"]``; the access rule has run before);
- ``now``: the moment of this request, asked of the clock once (rules take it as an argument);
- ``calendar``: the office's working-day calendar (cached by the office module).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide

from pintar import clock
from pintar.office.calendar import WorkCalendar
from pintar.office.workdays import load_calendar


async def _user(request: Request) -> Any:
    return request.scope.get("user")


async def _now() -> dt.datetime:
    return clock.now()


async def _calendar() -> WorkCalendar:
    return await load_calendar()


# The annotations a handler uses to ask for them (Litestar injects by name).
User = NamedDependency[Any]
Now = NamedDependency[dt.datetime]
Calendar = NamedDependency[WorkCalendar]

COMMON: dict[str, Provide] = {
    "user": Provide(_user),
    "now": Provide(_now),
    "calendar": Provide(_calendar),
}


def client_ip(request: Request) -> str:
    """The address the request came from (recorded with signatures)."""
    return request.client.host if request.client else ""
