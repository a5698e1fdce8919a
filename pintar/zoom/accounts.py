"""Zoom accounts: add, edit, deactivate; their secrets and who may read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from pintar import clock
from pintar.db import is_unique_violation, write_transaction
from pintar.errors import Forbidden, NotFound, UserError
from pintar.i18n import gettext as _
from pintar.web.forms import Reader
from pintar.zoom import crypto
from pintar.zoom.flow import ZOOM, sees_credentials_always
from pintar.zoom.tables import ZoomAccount

SECRET_FIELDS = ("login_email", "password", "host_key")
# The requester sees the login details from this long before the start until the booking closes.
CREDENTIALS_LEAD = dt.timedelta(hours=1)
MAX_CAPACITY = 100_000


# The account form's fields (Indonesian names, as sent by the page).
ACCOUNT_FIELDS = ("nama", "kapasitas", "email_login", "kata_sandi", "host_key", "catatan", "aktif")


@dataclass
class AccountForm:
    """An account as typed (Python callers build it; the page's form is read by
    :func:`read_account`)."""

    name: str
    capacity: int | str
    login_email: str = ""
    password: str = ""  # empty on edit: keep the stored one
    host_key: str = ""  # empty on edit: keep the stored one
    note: str = ""
    active: bool = True

    def fields(self) -> dict[str, str]:
        return {"nama": self.name, "kapasitas": str(self.capacity), "email_login": self.login_email,
                "kata_sandi": self.password, "host_key": self.host_key, "catatan": self.note,
                "aktif": "1" if self.active else ""}

    def cleaned(self) -> "AccountForm":
        return read_account(self.fields())


def read_account(data: Mapping[str, Any]) -> AccountForm:
    """The account form, every field's problem at once (``FormInvalid``, 422)."""
    r = Reader(data)
    name = r.text("nama", _("Nama akun"), limit=100, required=True)
    capacity = r.integer("kapasitas", _("Kapasitas"), minimum=1, maximum=MAX_CAPACITY,
                         required=True)
    email = r.text("email_login", _("E-mail login"), limit=200)
    if email and ("@" not in email or " " in email):
        r.fail("email_login", _("E-mail login tidak valid."))
    note = r.text("catatan", _("Catatan"), limit=300)
    r.done()
    return AccountForm(name=name, capacity=capacity or 0, login_email=email,
                       password=r.raw("kata_sandi").strip(), host_key=r.raw("host_key").strip(),
                       note=note, active=r.raw("aktif").strip() == "1")


def _context(account_id: int, field: str) -> str:
    return f"zoom-account:{account_id}:{field}"


def _sealed(account_id: int, form: AccountForm, keep_empty: bool) -> dict:
    values: dict = {ZoomAccount.login_email_enc: crypto.encrypt(form.login_email, _context(account_id, "login_email"))}
    for field, column in (("password", ZoomAccount.password_enc), ("host_key", ZoomAccount.host_key_enc)):
        plain = getattr(form, field)
        if plain or not keep_empty:
            values[column] = crypto.encrypt(plain, _context(account_id, field))
    return values


async def list_accounts(include_inactive: bool = True) -> list[dict]:
    """Accounts without their secrets (safe for any page)."""
    query = ZoomAccount.select(
        ZoomAccount.id, ZoomAccount.name, ZoomAccount.capacity, ZoomAccount.note, ZoomAccount.active
    ).order_by(ZoomAccount.capacity).order_by(ZoomAccount.name)
    if not include_inactive:
        query = query.where(ZoomAccount.active == True)  # noqa: E712
    return await query


async def get_account(account_id: int) -> dict:
    row = await ZoomAccount.select(
        ZoomAccount.id, ZoomAccount.name, ZoomAccount.capacity, ZoomAccount.note, ZoomAccount.active
    ).where(ZoomAccount.id == account_id).first()
    if row is None:
        raise NotFound(_("Akun Zoom tidak ditemukan."))
    return row


async def create_account(form: AccountForm, *, now: dt.datetime | None = None) -> int:
    form = form.cleaned()
    now = now or clock.now()  # only the moment stamped on the row; routes pass theirs
    try:
        async with write_transaction():
            rows = await ZoomAccount.insert(
                ZoomAccount(name=form.name, capacity=form.capacity, note=form.note,
                            active=form.active, updated_at=now)
            ).returning(ZoomAccount.id)
            account_id = rows[0]["id"]
            await ZoomAccount.update(_sealed(account_id, form, keep_empty=False)).where(
                ZoomAccount.id == account_id
            )
    except Exception as exc:
        if is_unique_violation(exc):
            raise UserError(_("Nama akun sudah dipakai."), field="nama") from None
        raise
    return account_id


async def store_account(account_id: int, form: AccountForm,
                        now: dt.datetime) -> tuple[dict, AccountForm]:
    """Save an account's fields (empty secrets keep the stored ones); returns the account as it
    was and the cleaned form. ``service.update_account`` moves the bookings that lose it."""
    form = form.cleaned()
    try:
        async with write_transaction():
            before = await get_account(account_id)
            await ZoomAccount.update({
                ZoomAccount.name: form.name,
                ZoomAccount.capacity: form.capacity,
                ZoomAccount.note: form.note,
                ZoomAccount.active: form.active,
                ZoomAccount.updated_at: now,
                **_sealed(account_id, form, keep_empty=True),
            }).where(ZoomAccount.id == account_id)
    except Exception as exc:
        if is_unique_violation(exc):
            raise UserError(_("Nama akun sudah dipakai."), field="nama") from None
        raise
    return before, form


async def store_active(account_id: int, active: bool, now: dt.datetime) -> dict:
    """Switch an account on or off; returns the account as it was."""
    async with write_transaction():
        before = await get_account(account_id)
        await ZoomAccount.update(
            {ZoomAccount.active: active, ZoomAccount.updated_at: now}
        ).where(ZoomAccount.id == account_id)
    return before


async def secrets_of(account_id: int) -> dict[str, str]:
    """The decrypted login details. Callers must have checked :func:`may_see_credentials`."""
    row = await ZoomAccount.select(
        ZoomAccount.login_email_enc, ZoomAccount.password_enc, ZoomAccount.host_key_enc
    ).where(ZoomAccount.id == account_id).first()
    if row is None:
        raise NotFound(_("Akun Zoom tidak ditemukan."))
    out = {}
    for field in SECRET_FIELDS:
        try:
            out[field] = crypto.decrypt(row[f"{field}_enc"], _context(account_id, field))
        except crypto.SecretUnreadable:
            out[field] = _("(tidak dapat dibaca; isi ulang di halaman akun)")
    return out


async def account_secrets_for(user, account_id: int) -> dict[str, str]:
    """Login details for the account pages: PJK TI and admins only."""
    if not sees_credentials_always(user):
        raise Forbidden(_("Hanya PJK TI dan admin yang dapat melihat detail login akun."))
    return await secrets_of(account_id)


def may_see_credentials(user, booking: dict, now: dt.datetime) -> bool:
    """PJK TI/admins always; the requester of an approved booking from an hour before its start
    until it is closed; nobody else (not the kiosk, calendars, feeds or logs)."""
    if user is None or booking.get("account") is None:
        return False
    if sees_credentials_always(user):
        return True
    if booking.get("requester") != user.id or booking.get("state") not in ZOOM.codes(tag="credentials"):
        return False
    return now >= booking["starts_at"] - CREDENTIALS_LEAD


async def credentials_for_booking(user, booking: dict, now: dt.datetime) -> dict | None:
    """The login details of the booking's account when this person may see them, else None."""
    if not may_see_credentials(user, booking, now):
        return None
    return await secrets_of(booking["account"])
