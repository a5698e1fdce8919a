"""Reading and checking form input for HaloCik: every problem at once, in Indonesian."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from pintar.errors import UserError
from pintar.i18n import gettext as _


class FormInvalid(UserError):
    """Several fields are wrong; ``errors`` maps each field to its message (status 422)."""

    status_code = 422

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first, field=next(iter(errors)))
        self.errors = errors


class Reader:
    """Collects cleaned values and field errors from a submitted form."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        value = self.data.get(name, "")
        return value if isinstance(value, str) else ""

    def text(self, name: str, label: str, *, limit: int, required: bool = False,
             multiline: bool = False) -> str:
        value = self.raw(name).replace("\r\n", "\n").strip()
        if not multiline:
            value = " ".join(value.split())
        if required and not value:
            self.errors[name] = _("%(label)s wajib diisi.", label=label)
        elif len(value) > limit:
            self.errors[name] = _("%(label)s terlalu panjang: paling banyak %(n)s karakter.",
                                  label=label, n=limit)
        return value

    def number(self, name: str, label: str, *, minimum: float = 0, maximum: float = 100_000,
               required: bool = False) -> float | None:
        value = self.raw(name).strip().replace(",", ".")
        if not value:
            if required:
                self.errors[name] = _("%(label)s wajib diisi.", label=label)
            return None
        try:
            number = float(value)
        except ValueError:
            self.errors[name] = _("%(label)s harus berupa angka.", label=label)
            return None
        if not (minimum <= number <= maximum) or number != number:
            self.errors[name] = _("%(label)s harus antara %(lo)s dan %(hi)s.", label=label,
                                  lo=_plain(minimum), hi=_plain(maximum))
            return None
        return number

    def integer(self, name: str, label: str, *, minimum: int = 0, maximum: int = 1_000_000,
                required: bool = False) -> int | None:
        value = self.raw(name).strip()
        if not value:
            if required:
                self.errors[name] = _("%(label)s wajib diisi.", label=label)
            return None
        if not value.lstrip("-").isdigit():
            self.errors[name] = _("%(label)s harus berupa bilangan bulat.", label=label)
            return None
        number = int(value)
        if not (minimum <= number <= maximum):
            self.errors[name] = _("%(label)s harus antara %(lo)s dan %(hi)s.", label=label,
                                  lo=minimum, hi=maximum)
            return None
        return number

    def date(self, name: str, label: str) -> dt.date | None:
        value = self.raw(name).strip()
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.errors[name] = _("%(label)s tidak valid (format TTTT-BB-HH).", label=label)
            return None

    def choice(self, name: str, label: str, options: tuple[str, ...] | list[str]) -> str:
        value = self.raw(name).strip()
        if value not in options:
            self.errors[name] = _("Pilih %(label)s.", label=label.lower())
        return value

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def done(self) -> None:
        if self.errors:
            raise FormInvalid(self.errors)


def _plain(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def form_values(data: Mapping[str, Any], names: list[str]) -> dict[str, str]:
    """What the person typed, to put back into a re-rendered form."""
    return {n: (data.get(n) if isinstance(data.get(n), str) else "") for n in names}


def parse_id(value: object) -> int | None:  # TODO web toolkit: pintar.web.forms.parse_id
    """A positive database id typed in a form or a query, or None."""
    text = value.strip() if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= 2**31 - 1 else None
