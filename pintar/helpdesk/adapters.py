"""The shared services HaloCik uses (documents from ``pintar.files``, notifications from
``pintar.notify``), reached through one small seam.

If a service has not landed in this checkout yet, the seam degrades visibly instead of breaking:
notifications are logged, and uploads are refused with an Indonesian message. Everything else in
the module calls these functions only.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Iterable

from pintar.errors import UserError
from pintar.i18n import gettext as _

log = logging.getLogger("pintar.helpdesk")

OWNER_KIND = "helpdesk_ticket"
OBJ_TYPE = "helpdesk.ticket"  # what notifications are about


def _files() -> Any | None:
    try:
        from pintar.files import service
    except ImportError:
        return None
    return service


def files_available() -> bool:
    return _files() is not None


def has_file(upload: Any) -> bool:
    files = _files()
    if files is not None:
        return bool(files.has_file(upload))
    return bool(getattr(upload, "filename", ""))


async def check_upload(upload: Any) -> None:
    files = _files()
    if files is None:
        raise UserError(_("Layanan unggah berkas belum tersedia di instalasi ini."), field="memo")
    await files.check_upload(upload)


async def save_upload(upload: Any, *, owner_id: int, uploaded_by: int, label: str = "",
                      required: bool = False) -> int | None:
    files = _files()
    if files is None:
        if required:
            raise UserError(_("Layanan unggah berkas belum tersedia di instalasi ini."), field="memo")
        return None
    return await files.save_upload(upload, owner_kind=OWNER_KIND, owner_id=owner_id,
                                   uploaded_by=uploaded_by, label=label, required=required)


async def documents_of(owner_id: int) -> list[dict]:
    files = _files()
    if files is None:
        return []
    return await files.documents_of(OWNER_KIND, owner_id)


def register_owner(can_view: Callable[[Any, int], Awaitable[bool]]) -> None:
    files = _files()
    if files is not None:
        files.register_owner(OWNER_KIND, can_view)


async def read_form(request: Any) -> Any:
    """``request.form()`` with the files module's friendly errors for oversize bodies."""
    try:
        from pintar.files.routes import read_form as _read
    except ImportError:
        return await request.form()
    return await _read(request)


async def notify(recipients: Iterable[int | str], message: str, link: str, *,
                 subject: str | None = None, kind: str = "info", urgent: bool = False,
                 obj: Any = None) -> None:
    """Send a notification (in-app, e-mail, WhatsApp link) through ``pintar.notify``."""
    targets = [r for r in recipients if r]
    if not targets:
        return
    try:
        from pintar.notify import notify as _notify
    except ImportError:
        log.info("notify (service not installed) to %s: %s %s", targets, message, link)
        return
    await _notify(targets, message, link, subject=subject, kind=kind, urgent=urgent, obj=obj)


async def mark_seen(person_id: int, ticket_id: int) -> None:
    """The person opened the ticket: its notifications to them count as read."""
    try:
        from pintar.notify.service import mark_object_read
    except ImportError:
        return
    await mark_object_read(person_id, (OBJ_TYPE, ticket_id))
