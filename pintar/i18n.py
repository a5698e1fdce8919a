"""Translation and Indonesian formatting.

Indonesian is the source language: every text in code and templates is written in Indonesian and
passed through :func:`gettext`. ``pintar/locale/<lang>/LC_MESSAGES/messages.po`` holds the other
languages (English now); the catalogues are compiled in memory at start, so there is no build step.
Update the catalogue with ``make messages`` after adding texts.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _babel_decimal

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


@lru_cache(maxsize=None)
def _translations(lang: str) -> _gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT_LANGUAGE or not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def gettext(message: str, **variables: object) -> str:
    text = _translations(current_language.get()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = _translations(current_language.get()).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


_ = gettext


def N_(message: str) -> str:
    """Marks a text for the catalogue without translating it now, for a constant translated
    where it is shown (``_(WEEKDAY_NAMES[d])``): ``make messages`` finds it only through a
    marker, since it cannot see through ``_(variable)``."""
    return message


class LazyString:
    """A text translated when it is shown, for module-level constants (labels, menus)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __html__(self) -> str:  # Jinja escapes it like any string
        from markupsafe import escape

        return str(escape(str(self)))

    def __repr__(self) -> str:
        return f"LazyString({self.message!r})"


def lazy_gettext(message: str) -> LazyString:
    return LazyString(message)


# --- dates as people write them: "Senin, 23 November 2026, 09.00 WIB" -------------------------

_ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


def zone_abbreviation(moment: dt.datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        return ""
    hours = offset.total_seconds() / 3600
    if hours in _ZONE_NAMES:
        return _ZONE_NAMES[int(hours)]
    return moment.tzname() or ""


def _babel_locale() -> str:
    return "id" if current_language.get() == "id" else "en_GB"


def format_number(value: float | int | Decimal, digits: int = 0) -> str:
    """A number in the person's language, with exactly ``digits`` decimals: "1.234" and "16,0"
    in Indonesian, "1,234" and "16.0" in English (Babel's conventions for each)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return _babel_decimal(value, format=pattern, locale=_babel_locale())


def format_day(day: dt.date, with_weekday: bool = True) -> str:
    pattern = "EEEE, d MMMM y" if with_weekday else "d MMMM y"
    return _babel_date(day, pattern, locale=_babel_locale())


def format_day_short(day: dt.date) -> str:
    return _babel_date(day, "d MMM y", locale=_babel_locale())


def format_time(moment: dt.datetime | dt.time, tz: ZoneInfo | None = None) -> str:
    if isinstance(moment, dt.datetime):
        if tz is not None and moment.tzinfo is not None:
            moment = moment.astimezone(tz)
        return f"{moment:%H.%M} {zone_abbreviation(moment)}".strip()
    return f"{moment:%H.%M}"


def format_datetime(moment: dt.datetime, tz: ZoneInfo | None = None) -> str:
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return f"{format_day(moment.date())}, {format_time(moment)}"


def format_duration(delta: dt.timedelta) -> str:
    """A duration in words: "2 hari 3 jam", "45 menit", "kurang dari 1 menit"."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return gettext("kurang dari 1 menit")
    days, rem = divmod(minutes, 24 * 60)
    hours, mins = divmod(rem, 60)
    parts = []
    if days:
        parts.append(ngettext("%(num)s hari", "%(num)s hari", days))
    if hours:
        parts.append(ngettext("%(num)s jam", "%(num)s jam", hours))
    if mins and not days:
        parts.append(ngettext("%(num)s menit", "%(num)s menit", mins))
    return " ".join(parts)
