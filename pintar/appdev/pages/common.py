"""What the application development pages share: access rules, "now", typed values."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from pintar.appdev.service import CATALOGUE_EDITORS, OVERSEERS, REQUESTERS, STANDARD_EDITORS
from pintar.auth.roles import Role
from pintar.web import access

OVERSEE = access.roles(*OVERSEERS)
REQUEST = access.roles(*REQUESTERS)
CATALOGUE_EDIT = access.roles(*CATALOGUE_EDITORS)
STANDARDS = access.roles(*STANDARD_EDITORS)
TASKS = access.roles(Role.PROGRAMMER, Role.PJK_APLIKASI)
ADMIN = access.roles(Role.ADMIN)
INVOLVED = access.object_level("pemohon, PJK/programmer yang ditugasi, Ketua TIP, Kepala")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)  # TODO clock: pintar.clock.now() once it lands


def typed(form: Mapping[str, Any], names: list[str]) -> dict[str, Any]:
    """What the person typed, to put back into a re-rendered form (lists for multi-selects)."""
    out: dict[str, Any] = {}
    getall = getattr(form, "getall", None)
    for name in names:
        value = form.get(name)
        out[name] = value if isinstance(value, str) else ""
    if getall:
        out["programmer_list"] = [v for v in getall("programmer", []) if isinstance(v, str)]
    return out


def int_param(value: Any) -> int | None:
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    return None
