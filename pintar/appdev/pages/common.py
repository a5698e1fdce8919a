"""What the application development pages share: who may open each screen, typed values."""

from __future__ import annotations

from typing import Any, Mapping

from pintar.appdev.service import CATALOGUE_EDITORS, OVERSEERS, REQUESTERS, STANDARD_EDITORS
from pintar.auth.roles import Role
from pintar.web import access
from pintar.web.forms import form_values

OVERSEE = access.roles(*OVERSEERS)
REQUEST = access.roles(*REQUESTERS)
CATALOGUE_EDIT = access.roles(*CATALOGUE_EDITORS)
STANDARDS = access.roles(*STANDARD_EDITORS)
TASKS = access.roles(Role.PROGRAMMER, Role.PJK_APLIKASI)
ADMIN = access.roles(Role.ADMIN)
INVOLVED = access.object_level("pemohon, PJK/programmer yang ditugasi, Ketua TIP, PJK LA, Kepala")


def typed(form: Mapping[str, Any], names: list[str]) -> dict[str, Any]:
    """What the person typed, to put back into a re-rendered form (with the programmers ticked)."""
    out: dict[str, Any] = form_values(form, names)
    getall = getattr(form, "getall", None)
    out["programmer_list"] = [v for v in getall("programmer", []) if isinstance(v, str)] if getall else []
    return out
