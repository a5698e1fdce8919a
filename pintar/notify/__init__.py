"""In-app notifications and e-mail. Modules call :func:`notify`; see docs/services.md."""

from pintar.notify.service import notify

__all__ = ["notify"]
