"""HaloCik's form reader is the portal's: :mod:`pintar.web.forms` (kept importable here)."""

from __future__ import annotations

from pintar.web.forms import FormInvalid, Reader, form_values

__all__ = ["FormInvalid", "Reader", "form_values"]
