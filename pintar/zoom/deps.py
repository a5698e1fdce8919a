"""The shared services this module uses, in one place (one seam for tests to watch).

- notifications: :func:`pintar.notify.notify` (in-app, e-mail held to office hours unless urgent).
  Messages of this module never carry account credentials.
- the working-day calendar: :func:`pintar.office.service.load_calendar`.
"""

from __future__ import annotations

from typing import Any, Iterable

from pintar.notify import notify as _notify
from pintar.office.service import load_calendar as _load_calendar


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
    await _notify(list(recipients), message, link, subject=subject, kind=kind, urgent=urgent, obj=obj)


async def load_calendar():
    return await _load_calendar()
