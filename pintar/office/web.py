"""What the office's admin pages share: the Admin rule, a redirect that works with and without
HTMX, form text, and the helpers their templates use."""

from __future__ import annotations

from typing import Any

from pintar.auth.roles import Role
from pintar.office.holidays import kind_label
from pintar.office.service import weekday_name
from pintar.web import access
from pintar.web.forms import text_value
from pintar.web.templating import redirect as redirect  # re-exported for the pages


def admin() -> dict[str, Any]:
    return access.roles(Role.ADMIN)




def text(form: Any, name: str) -> str:
    return text_value(form, name)


def common() -> dict[str, Any]:
    return {"weekday_name": weekday_name, "kind_label": kind_label}
