"""Small helpers the HaloCik pages share."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from litestar import Request, Response

from pintar import clock
from pintar.helpdesk.flows import STAFF_ROLES
from pintar.web import access
from pintar.web.templating import redirect

STAFF = access.roles(*STAFF_ROLES)
STAFF_RULE = STAFF["access"]




def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def safe_back(target: object, default: str) -> str:
    """A local URL to go back to (never another site)."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def queue_url(filter_name: str, q: str = "", cursor: str | None = None) -> str:
    params = {"filter": filter_name}
    if q:
        params["q"] = q
    if cursor:
        params["c"] = cursor
    return "/halocik/antrean?" + urlencode(params)


def int_or_none(value: object) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def now() -> dt.datetime:
    return clock.now()
