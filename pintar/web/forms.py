"""Reading what people send: forms and query strings, every problem at once, in Indonesian.

One reader for every module (it began as HaloCik's)::

    r = Reader(await read_form(request))
    title = r.text("judul", _("Judul"), limit=200, required=True)
    seats = r.integer("kursi", _("Jumlah kursi"), minimum=1, maximum=500)
    day = r.date("tanggal", _("Tanggal"), latest=date_horizon(today))
    r.done()          # raises FormInvalid with every field's message (422)

and the same parsers for single values (:func:`parse_int`, :func:`parse_id`,
:func:`parse_date`) and for query strings (:func:`query_int`, :func:`query_id`,
:func:`query_date`), which answer a clear 400 instead of a 500 for anything a person or a
fuzzer can type: digits of other scripts (``²`` passes ``str.isdigit`` but not ``int``),
integers past what a database column holds, dates the calendar cannot show, a file sent where
text was expected, NUL bytes and other control characters.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Mapping

from litestar import Request
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.exceptions import HTTPException

from pintar.errors import UserError
from pintar.i18n import gettext as _

# Ids are 32-bit integers in both engines: a larger one names nothing.
MAX_ID = 2**31 - 1
# Whatever a number field says, nothing we store goes beyond a signed 64-bit integer.
MAX_INT = 2**63 - 1
# Dates the portal can show and compute with (a day's end, a week around it) without leaving
# Python's calendar: anything outside is refused as a typing mistake.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)

_INT = re.compile(r"[+-]?[0-9]{1,40}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_TIME = re.compile(r"[0-9]{2}[:.][0-9]{2}")
# Control characters (except tab and newline, which multi-line text keeps) and the invisible
# characters that reorder or hide text (bidi overrides and isolates, zero-width marks).
_BIDI = "\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_UNSAFE_LINE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}]")
_UNSAFE_TEXT = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")


class FormInvalid(UserError):
    """Several fields are wrong; ``errors`` maps each field to its message (status 422)."""

    status_code = 422

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first, field=next(iter(errors)))
        self.errors = errors


class BadQuery(UserError):
    """A query-string value that cannot mean anything (status 400)."""

    status_code = 400


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` without control and bidi-override characters; one line unless ``multiline``
    (then ``\\r\\n`` becomes ``\\n``). Names and titles pass through here so a right-to-left
    override cannot disguise them."""
    value = value.replace("\r\n", "\n")
    if multiline:
        return _UNSAFE_TEXT.sub("", value).strip()
    return " ".join(_UNSAFE_LINE.sub(" ", value).split())


def parse_int(value: object, *, minimum: int = -MAX_INT, maximum: int = MAX_INT) -> int | None:
    """An integer written with ASCII digits within [minimum, maximum], else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _INT.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A row id (1 … 2^31-1) from a form or query value, else None."""
    return parse_int(value, minimum=1, maximum=MAX_ID)


def parse_date(
    value: object, *, earliest: dt.date = MIN_DATE, latest: dt.date = MAX_DATE
) -> dt.date | None:
    """A ``YYYY-MM-DD`` date within [earliest, latest], else None."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if earliest <= day <= latest else None


def date_horizon(today: dt.date) -> dt.date:
    """The last day the office lets anyone plan for (``PINTAR_DATE_HORIZON_DAYS`` after today,
    two years unless set): a booking for 9999 is a typing mistake, not a plan."""
    from pintar.config import get_settings

    return min(MAX_DATE, today + dt.timedelta(days=get_settings().date_horizon_days))


class Reader:
    """Collects cleaned values and field errors from a submitted form (or any mapping)."""

    def __init__(self, data: Mapping[str, Any] | None) -> None:
        self.data: Mapping[str, Any] = data if data is not None else {}
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        """The field's text as sent ("" when absent). A file sent where text belongs is an
        error on that field, not a crash and not silently nothing."""
        value = self.data.get(name, "")
        if isinstance(value, list):  # the same name twice: the first counts
            value = value[0] if value else ""
        if isinstance(value, str):
            return value
        if value is not None:
            self.errors.setdefault(name, _("Isian ini harus berupa teks, bukan berkas."))
        return ""

    def text(self, name: str, label: str, *, limit: int, required: bool = False,
             multiline: bool = False) -> str:
        value = clean_text(self.raw(name), multiline=multiline)
        if name in self.errors:
            return value
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
            if required and name not in self.errors:
                self.errors[name] = _("%(label)s wajib diisi.", label=label)
            return None
        if not value.isascii() or len(value) > 40:
            self.errors[name] = _("%(label)s harus berupa angka.", label=label)
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
            if required and name not in self.errors:
                self.errors[name] = _("%(label)s wajib diisi.", label=label)
            return None
        if not _INT.fullmatch(value):
            self.errors[name] = _("%(label)s harus berupa bilangan bulat.", label=label)
            return None
        number = parse_int(value, minimum=minimum, maximum=maximum)
        if number is None:
            self.errors[name] = _("%(label)s harus antara %(lo)s dan %(hi)s.", label=label,
                                  lo=minimum, hi=maximum)
        return number

    def id(self, name: str, label: str, *, required: bool = False) -> int | None:
        """A choice of a row (a team, a PC, an account) by its id: None when left empty."""
        value = self.raw(name).strip()
        if not value:
            if required and name not in self.errors:
                self.errors[name] = _("Pilih %(label)s.", label=label.lower())
            return None
        number = parse_id(value)
        if number is None:
            self.errors[name] = _("%(label)s yang dipilih tidak ada.", label=label)
        return number

    def date(self, name: str, label: str, *, required: bool = False,
             earliest: dt.date | None = None, latest: dt.date | None = None) -> dt.date | None:
        value = self.raw(name).strip()
        if not value:
            if required and name not in self.errors:
                self.errors[name] = _("%(label)s wajib diisi.", label=label)
            return None
        day = parse_date(value)
        if day is None:
            self.errors[name] = _("%(label)s tidak valid (format TTTT-BB-HH).", label=label)
            return None
        if earliest is not None and day < earliest:
            self.errors[name] = _("%(label)s paling awal %(d)s.", label=label,
                                  d=earliest.isoformat())
            return None
        if latest is not None and day > latest:
            self.errors[name] = _("%(label)s paling lambat %(d)s.", label=label,
                                  d=latest.isoformat())
            return None
        return day

    def time(self, name: str, label: str, *, required: bool = False) -> dt.time | None:
        value = self.raw(name).strip()
        if not value:
            if required and name not in self.errors:
                self.errors[name] = _("%(label)s wajib diisi.", label=label)
            return None
        try:
            if not _ISO_TIME.fullmatch(value[:5]):
                raise ValueError(value)
            return dt.time(int(value[:2]), int(value[3:5]))
        except ValueError:
            self.errors[name] = _("%(label)s tidak valid (format JJ.MM).", label=label)
            return None

    def choice(self, name: str, label: str, options: tuple[str, ...] | list[str]) -> str:
        value = self.raw(name).strip()
        if value not in options:
            self.errors.setdefault(name, _("Pilih %(label)s.", label=label.lower()))
        return value

    def flag(self, name: str) -> bool:
        """A checkbox: ticked when sent as on/1/true/ya."""
        return self.raw(name).strip().lower() in {"on", "1", "true", "ya"}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def done(self) -> None:
        if self.errors:
            raise FormInvalid(self.errors)


def _plain(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def text_value(data: Mapping[str, Any] | None, name: str, default: str = "") -> str:
    """One field's text as typed, or ``default`` when absent or sent as a file."""
    value = data.get(name, default) if data is not None else default
    if isinstance(value, list):
        value = value[0] if value else default
    return value if isinstance(value, str) else default


def form_values(data: Mapping[str, Any], names: list[str]) -> dict[str, str]:
    """What the person typed, to put back into a re-rendered form."""
    return {n: text_value(data, n) for n in names}


# --- the request body -------------------------------------------------------------------------


async def read_form(request: Request) -> FormMultiDict:
    """``await request.form()``, with a broken or oversize body refused in Indonesian: 413 when
    the body really is larger than the upload limit, else 400 (a malformed multipart body, or
    one part's headers too long, such as a 5,000-character file name)."""
    try:
        form = await request.form()
    except HTTPException as exc:
        raise body_error(request, exc) from None
    for name, value in form.multi_items():
        if "\x00" in name or (isinstance(value, str) and "\x00" in value):
            raise UserError(_("Alamat atau isian berisi karakter yang tidak sah. Periksa kembali "
                              "lalu kirim ulang."))
    return form


def body_error(request: Request, exc: HTTPException) -> UserError:
    """The Indonesian refusal for a body Litestar could not read (see :func:`read_form`)."""
    from pintar.config import get_settings

    detail = str(exc.detail or "").lower()
    limit = get_settings().upload_max_bytes
    length = parse_int(request.headers.get("content-length", ""), minimum=0) or 0
    if exc.status_code == 413 or ("too large" in detail and length > limit):
        from pintar.files.service import too_large_error

        return too_large_error()
    if "too large" in detail:
        return UserError(
            _("Kiriman tidak dapat dibaca: nama berkas atau salah satu isian terlalu panjang. "
              "Ganti nama berkas dengan yang lebih pendek lalu coba lagi.")
        )
    return UserError(_("Kiriman formulir tidak dapat dibaca. Muat ulang halaman lalu coba lagi."))


async def close_uploads(form: FormMultiDict | None) -> None:
    """Free the temporary files of a parsed form (call when the handler is done with them)."""
    if form is None:
        return
    for _key, value in form.multi_items():
        if isinstance(value, UploadFile):
            await value.close()


# --- query strings ----------------------------------------------------------------------------


def _query_value(request: Request, name: str) -> str:
    value = request.query_params.get(name)
    return value.strip() if isinstance(value, str) else ""


def _bad_query(name: str) -> BadQuery:
    return BadQuery(
        _("Alamat halaman ini berisi nilai %(name)s yang tidak valid. Periksa tautannya lalu "
          "coba lagi.", name=name)
    )


def query_int(request: Request, name: str, default: int | None = None, *, minimum: int = 0,
              maximum: int = MAX_INT, strict: bool = False) -> int | None:
    """An integer query parameter within [minimum, maximum]. ``default`` when absent or empty,
    and when malformed (a filter or page number from a mangled link shows the page unfiltered);
    with ``strict`` a malformed value is a 400 instead."""
    raw = _query_value(request, name)
    if not raw:
        return default
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        if strict:
            raise _bad_query(name)
        return default
    return number


def query_id(request: Request, name: str, *, strict: bool = False) -> int | None:
    """A row id in the query string: None when absent or (unless ``strict``) not an id."""
    return query_int(request, name, None, minimum=1, maximum=MAX_ID, strict=strict)


def query_date(request: Request, name: str, default: dt.date, *, earliest: dt.date = MIN_DATE,
               latest: dt.date = MAX_DATE) -> dt.date:
    """A ``YYYY-MM-DD`` query parameter: ``default`` when absent, empty or not a date (a
    mangled link shows today), 400 when it is a date outside [earliest, latest] (``9999-12-31``
    is not a mistake the page can guess its way around)."""
    return date_param(_query_value(request, name), default, earliest=earliest, latest=latest)


def date_param(value: object, default: dt.date, *, earliest: dt.date = MIN_DATE,
               latest: dt.date = MAX_DATE) -> dt.date:
    """:func:`query_date` for a value already taken from the query string."""
    day = parse_date(value, earliest=dt.date.min, latest=dt.date.max)
    if day is None:
        return default
    if not earliest <= day <= latest:
        raise BadQuery(
            _("Tanggal pada alamat halaman ini tidak valid atau di luar jangkauan "
              "(%(lo)s sampai %(hi)s).", lo=earliest.isoformat(), hi=latest.isoformat())
        )
    return day


def query_text(request: Request, name: str, default: str = "", *, limit: int = 200) -> str:
    """A free-text query parameter (a search), cleaned of control characters and cut to
    ``limit`` characters."""
    raw = request.query_params.get(name)
    if not isinstance(raw, str):
        return default
    return clean_text(unicodedata.normalize("NFC", raw))[:limit]


__all__ = [
    "MAX_ID",
    "MAX_INT",
    "BadQuery",
    "FormInvalid",
    "Reader",
    "body_error",
    "clean_text",
    "close_uploads",
    "date_horizon",
    "date_param",
    "form_values",
    "parse_date",
    "parse_id",
    "parse_int",
    "query_date",
    "query_id",
    "query_int",
    "query_text",
    "read_form",
    "text_value",
]
