"""Small helpers the HaloCik pages share."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from litestar import Request

from pintar import clock
from pintar.helpdesk.flows import STAFF_ROLES
from pintar.web import access
from pintar.web.forms import MAX_ID, parse_int
from pintar.web.templating import redirect as redirect  # re-exported for the HaloCik pages
from pintar.web.urls import safe_local_url

STAFF = access.roles(*STAFF_ROLES)
STAFF_RULE = STAFF["access"]




def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def safe_back(target: object, default: str) -> str:
    """A local URL to go back to (never another site): the shared check of pintar.web.urls."""
    return safe_local_url(target, default)


def queue_url(filter_name: str, q: str = "", cursor: str | None = None) -> str:
    params = {"filter": filter_name}
    if q:
        params["q"] = q
    if cursor:
        params["c"] = cursor
    return "/halocik/antrean?" + urlencode(params)


def int_or_none(value: object) -> int | None:
    return parse_int(value, minimum=0, maximum=MAX_ID)


def now() -> dt.datetime:
    return clock.now()
