"""Zoom accounts: add, edit, deactivate; their secrets and who may read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pintar import clock
from pintar.db import is_unique_violation, write_transaction
from pintar.errors import Forbidden, NotFound, UserError
from pintar.i18n import gettext as _
from pintar.zoom import crypto
from pintar.zoom.flow import CREDENTIAL_STATES, sees_credentials_always
from pintar.zoom.tables import ZoomAccount

SECRET_FIELDS = ("login_email", "password", "host_key")
# The requester sees the login details from this long before the start until the booking closes.
CREDENTIALS_LEAD = dt.timedelta(hours=1)
MAX_CAPACITY = 100_000



@dataclass
class AccountForm:
    name: str
    capacity: int | str
    login_email: str = ""
    password: str = ""  # empty on edit: keep the stored one
    host_key: str = ""  # empty on edit: keep the stored one
    note: str = ""
    active: bool = True

    def cleaned(self) -> "AccountForm":
        name = " ".join(self.name.split())
        if not name:
            raise UserError(_("Nama akun wajib diisi."), field="name")
        if len(name) > 100:
            raise UserError(_("Nama akun paling panjang 100 karakter."), field="name")
        try:
            capacity = int(str(self.capacity).strip())
        except ValueError:
            raise UserError(_("Kapasitas harus berupa angka."), field="capacity") from None
        if not 1 <= capacity <= MAX_CAPACITY:
            raise UserError(_("Kapasitas harus antara 1 dan 100.000 peserta."), field="capacity")
        email = self.login_email.strip()
        if email and ("@" not in email or len(email) > 200 or " " in email):
            raise UserError(_("E-mail login tidak valid."), field="login_email")
        return AccountForm(
            name=name,
            capacity=capacity,
            login_email=email,
            password=self.password.strip(),
            host_key=self.host_key.strip(),
            note=self.note.strip()[:300],
            active=bool(self.active),
        )


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


async def create_account(form: AccountForm) -> int:
    form = form.cleaned()
    try:
        async with write_transaction():
            rows = await ZoomAccount.insert(
                ZoomAccount(name=form.name, capacity=form.capacity, note=form.note,
                            active=form.active, updated_at=clock.now())
            ).returning(ZoomAccount.id)
            account_id = rows[0]["id"]
            await ZoomAccount.update(_sealed(account_id, form, keep_empty=False)).where(
                ZoomAccount.id == account_id
            )
    except Exception as exc:
        if is_unique_violation(exc):
            raise UserError(_("Nama akun sudah dipakai."), field="name") from None
        raise
    return account_id


async def update_account(account_id: int, form: AccountForm, now: dt.datetime | None = None) -> list[int]:
    """Save an account; returns the bookings that lost it when it was deactivated."""
    form = form.cleaned()
    now = now or clock.now()
    from pintar.zoom import handling as booking  # bookings that lose their account

    moved: list[int] = []
    try:
        async with write_transaction():
            current = await get_account(account_id)
            values = {
                ZoomAccount.name: form.name,
                ZoomAccount.capacity: form.capacity,
                ZoomAccount.note: form.note,
                ZoomAccount.active: form.active,
                ZoomAccount.updated_at: now,
                **_sealed(account_id, form, keep_empty=True),
            }
            await ZoomAccount.update(values).where(ZoomAccount.id == account_id)
    except Exception as exc:
        if is_unique_violation(exc):
            raise UserError(_("Nama akun sudah dipakai."), field="name") from None
        raise
    if current["active"] and not form.active:
        moved = await booking.account_deactivated(account_id, now)
    elif form.capacity < current["capacity"]:
        moved = await booking.account_shrunk(account_id, form.capacity, now)
    return moved


async def set_active(account_id: int, active: bool, now: dt.datetime | None = None) -> list[int]:
    from pintar.zoom import handling as booking

    now = now or clock.now()
    async with write_transaction():
        current = await get_account(account_id)
        await ZoomAccount.update(
            {ZoomAccount.active: active, ZoomAccount.updated_at: now}
        ).where(ZoomAccount.id == account_id)
    if current["active"] and not active:
        return await booking.account_deactivated(account_id, now)
    return []


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


def may_see_credentials(user, booking: dict, now: dt.datetime | None = None) -> bool:
    """PJK TI/admins always; the requester of an approved booking from an hour before its start
    until it is closed; nobody else (not the kiosk, calendars, feeds or logs)."""
    if user is None or booking.get("account") is None:
        return False
    if sees_credentials_always(user):
        return True
    if booking.get("requester") != user.id or booking.get("state") not in CREDENTIAL_STATES:
        return False
    now = now or clock.now()
    return now >= booking["starts_at"] - CREDENTIALS_LEAD


async def credentials_for_booking(user, booking: dict, now: dt.datetime | None = None) -> dict | None:
    """The login details of the booking's account when this person may see them, else None."""
    if not may_see_credentials(user, booking, now):
        return None
    return await secrets_of(booking["account"])
