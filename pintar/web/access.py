"""Who may call each route, declared on the route and enforced by one app-level guard.

Every handler carries ``opt=access.<rule>``; a handler without one is refused (and the access
matrix test fails), so no route can be forgotten:

    @get("/admin/pegawai", opt=access.roles(Role.ADMIN))
    @get("/tiket/{ticket_id:int}", opt=access.object_level("pemohon atau teknisi"))

``object_level`` means "any signed-in person gets past the guard; the handler checks the object"
(use :func:`require` there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import (
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.handlers.base import BaseRouteHandler

from pintar.errors import Forbidden
from pintar.i18n import gettext as _

PUBLIC = "public"
SIGNED_IN = "signed_in"
ROLES = "roles"
OBJECT = "object"


@dataclass(frozen=True)
class Rule:
    kind: str
    roles: tuple[str, ...] = ()
    note: str = ""

    def describe(self) -> str:
        if self.kind == ROLES:
            return "roles: " + ", ".join(self.roles)
        return self.kind + (f" ({self.note})" if self.note else "")


def _opt(rule: Rule, **extra: Any) -> dict[str, Any]:
    return {"access": rule, **extra}


def public(**extra: Any) -> dict[str, Any]:
    return _opt(Rule(PUBLIC), **extra)


def signed_in(**extra: Any) -> dict[str, Any]:
    return _opt(Rule(SIGNED_IN), **extra)


def roles(*names: str, **extra: Any) -> dict[str, Any]:
    if not names:
        raise ValueError("roles() needs at least one role")
    return _opt(Rule(ROLES, tuple(str(n) for n in names)), **extra)


def object_level(note: str, **extra: Any) -> dict[str, Any]:
    return _opt(Rule(OBJECT, note=note), **extra)


class PasswordChangeRequired(NotAuthorizedException):
    """The person signed in with a temporary password and must choose their own first."""


# Ids are 32-bit integers in both engines; a larger one in a URL names nothing (PostgreSQL would
# otherwise refuse the query itself).
MAX_ID = 2**31 - 1


# No address of ours holds a control character; one in a path (a NUL, a newline) names nothing,
# and must reach neither the file system (the static files) nor a log line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def access_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    if _CONTROL.search(connection.scope.get("path", "")):
        raise NotFoundException()
    for value in connection.path_params.values():
        if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
            raise NotFoundException()
    rule = handler.opt.get("access")
    if not isinstance(rule, Rule):
        # A route that forgot to say who may call it is closed, never open.
        raise PermissionDeniedException(detail="route has no access rule")
    if rule.kind == PUBLIC:
        return
    user = connection.scope.get("user")
    if user is None:
        raise NotAuthorizedException()
    if user.must_change_password and not handler.opt.get("during_password_change"):
        raise PasswordChangeRequired()
    if rule.kind == ROLES and not user.has_role(*rule.roles):
        raise PermissionDeniedException()


def require(allowed: bool, message: str | None = None) -> None:
    """Object-level check inside a handler or service: refuse with 403 unless ``allowed``."""
    if not allowed:
        raise Forbidden(message or _("Anda tidak berhak membuka halaman ini."))
