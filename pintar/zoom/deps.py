"""The shared services this module uses, in one place (an adapter until all have landed).

- notifications: ``pintar.notify.notify`` (h/notify); until it is there, the message is logged.
  Messages of this module never carry account credentials, so logging them is safe.
- documents: ``pintar.files`` (h/files) for the memo/invitation.
- the working-day calendar: ``pintar.office.service.load_calendar``.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable

log = logging.getLogger("pintar.zoom")


async def notify(
    recipients: Iterable[int | str],
    message: str,
    link: str,
    *,
    subject: str | None = None,
    kind: str = "info",
    urgent: bool = False,
    obj: Any = None,
) -> None:
    try:
        from pintar.notify import notify as _notify
    except ImportError:  # the notifications service has not landed in this checkout
        log.info("notify %s: %s (%s)", list(recipients), message, link)
        return
    await _notify(list(recipients), message, link, subject=subject, kind=kind, urgent=urgent, obj=obj)


def files_available() -> bool:
    try:
        import pintar.files  # noqa: F401
    except ImportError:
        return False
    return True


async def load_calendar():
    from pintar.office.service import load_calendar as _load

    return await _load()
