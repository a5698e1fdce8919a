"""People, teams, roles, passwords and login: the rules, without HTTP."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pintar import clock
from pintar.auth.passwords import (
    MIN_LENGTH,
    hash_password,
    verify_password,
    verify_password_async,
)
from pintar.auth.roles import Role
from pintar.auth.tables import LoginFailure, Person, PersonRole, Team
from pintar.config import get_settings
from pintar.db import (
    is_foreign_key_violation,
    is_sqlite,
    is_unique_violation,
    write_transaction,
)
from pintar.errors import NotFound, TooManyAttempts, UserError
from pintar.i18n import gettext as _


@dataclass(frozen=True)
class CurrentUser:
    """The signed-in person as every request sees it."""

    id: int
    username: str
    name: str
    roles: frozenset[str]
    team_id: int | None
    language: str
    must_change_password: bool
    epoch: int
    email: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def has_role(self, *roles: str) -> bool:
        return self.is_admin or any(r in self.roles for r in roles)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles


async def roles_of(person_id: int) -> frozenset[str]:
    rows = await PersonRole.select(PersonRole.role).where(PersonRole.person == person_id)
    # Everyone with an account is a Pegawai.
    return frozenset({Role.PEGAWAI, *(r["role"] for r in rows)})


async def load_user(person_id: int, epoch: int) -> CurrentUser | None:
    """The person behind a session, or None when the session no longer counts."""
    row = await Person.select().where(Person.id == person_id).first()
    if row is None or not row["active"] or row["session_epoch"] != epoch:
        return None
    return CurrentUser(
        id=row["id"],
        username=row["username"],
        name=row["name"],
        roles=await roles_of(row["id"]),
        team_id=row["team"],
        language=row["language"],
        must_change_password=row["must_change_password"],
        epoch=row["session_epoch"],
        email=row["email"],
    )


# --- login and throttling ---------------------------------------------------------------------


def _account_key(login: str) -> str:
    return re.sub(r"\s+", "", login).lower()[:60]


async def _throttle_wait(account: str, now: dt.datetime, limit: int | None = None) -> int:
    """Seconds ``account`` (an account or a client key) must wait before another attempt (0
    when it may try now): it waits once ``limit`` failures fall within the window."""
    settings = get_settings()
    limit = limit or settings.login_max_failures
    window = dt.timedelta(minutes=settings.login_window_minutes)
    rows = await (
        LoginFailure.select(LoginFailure.at)
        .where((LoginFailure.account == account) & (LoginFailure.at > now - window))
        .order_by(LoginFailure.at)
    )
    if len(rows) < limit:
        return 0
    # Free again once the oldest failure that still counts leaves the window.
    oldest = rows[-limit]["at"]
    return max(1, int((oldest + window - now).total_seconds()) + 1)


async def _failures(key: str, now: dt.datetime) -> int:
    window = dt.timedelta(minutes=get_settings().login_window_minutes)
    return await LoginFailure.count().where(
        (LoginFailure.account == key) & (LoginFailure.at > now - window)
    )


async def _lock_account(account: str) -> None:
    """Serialise attempts on one account inside the current write transaction. SQLite's
    ``BEGIN IMMEDIATE`` already serialises every writer; PostgreSQL needs an advisory lock."""
    if not is_sqlite():
        await LoginFailure.raw("SELECT pg_advisory_xact_lock(hashtext({}))", "login:" + account)


def _client_key(client: str) -> str:
    # A space: no typed account name has one, so no login can count against a client.
    return ("ip " + re.sub(r"[^0-9A-Za-z.:_-]", "", client))[:60]


def _too_many(wait: int) -> TooManyAttempts:
    minutes = max(1, (wait + 59) // 60)
    return TooManyAttempts(
        _(
            "Terlalu banyak percobaan masuk yang gagal untuk akun ini. "
            "Demi keamanan, tunggu %(m)s menit lalu coba lagi.",
            m=minutes,
        ),
        retry_after=wait,
    )


async def authenticate(
    login: str, password: str, now: dt.datetime | None = None, *, client: str = ""
) -> CurrentUser:
    """Sign in by NIP or username, from ``client`` (the IP address; "" when unknown).

    Guessing is limited two ways, each counted over ``login_window_minutes``:

    - per account (per person when the name is known, so typing the NIP instead of the
      username gives no extra tries; else per typed name): after ``login_max_failures``
      failures the account takes no attempt *from a client that has failed*; a client with no
      recent failure (the owner at their own desk) still gets in with the right password, so
      five wrong passwords from a stranger are not a button that locks anyone out;
    - per client: a client with ``login_max_failures`` failures is refused with the same
      words for every wrong password, whatever account it tries (so the answer never tells
      which NIP belongs to a locked username); at ``login_client_max_failures`` it is refused
      before any password is checked.

    Each attempt is recorded as a failure of both keys *before* the password is checked (and
    forgotten on success), so parallel guesses cannot slip past the limits. The password is
    checked off the event loop, and an unknown, wrong or deactivated account takes as long.
    """
    now = now or clock.now()
    settings = get_settings()
    typed = _account_key(login)
    if not typed or not password:
        raise UserError(_("Isi NIP atau nama pengguna, dan kata sandi."))
    row = await (
        Person.select(Person.id, Person.password_hash, Person.active, Person.session_epoch)
        .where((Person.username == typed) | (Person.nip == typed))
        .first()
    )
    account = _person_key(row["id"]) if row else typed
    client_key = _client_key(client)
    async with write_transaction():
        await _lock_account(account)
        await _lock_account(client_key)
        client_failed = await _failures(client_key, now)
        client_wait = await _throttle_wait(client_key, now, settings.login_client_max_failures)
        account_wait = await _throttle_wait(account, now) if client_failed else 0
        wait = client_wait or account_wait
        if not wait:
            await LoginFailure.insert(
                LoginFailure(account=account, at=now), LoginFailure(account=client_key, at=now)
            )
    if wait:
        await verify_password_async(None, password)
        raise _too_many(max(wait, await _throttle_wait(client_key, now)))
    right = await verify_password_async(row["password_hash"] if row else None, password)
    if row is None or not row["active"] or not right:
        if client_failed >= settings.login_max_failures:
            raise _too_many(await _throttle_wait(client_key, now) or 60)
        raise UserError(_("NIP/nama pengguna atau kata sandi salah."))
    await LoginFailure.delete().where(LoginFailure.account.is_in([account, typed, client_key]))
    await Person.update({Person.last_login_at: now}).where(Person.id == row["id"])
    user = await load_user(row["id"], row["session_epoch"])
    assert user is not None
    return user


def _person_key(person_id: int) -> str:
    return f"#{person_id}"


async def prune_login_failures(now: dt.datetime | None = None) -> int:
    """Forget failures older than the window (a housekeeping sweep)."""
    now = now or clock.now()
    cutoff = now - dt.timedelta(minutes=get_settings().login_window_minutes)
    gone = await LoginFailure.delete().where(LoginFailure.at < cutoff).returning(LoginFailure.id)
    return len(gone)


# --- passwords --------------------------------------------------------------------------------


def check_new_password(password: str, confirm: str | None = None) -> None:
    if len(password) < MIN_LENGTH:
        raise UserError(
            _("Kata sandi minimal %(n)s karakter.", n=MIN_LENGTH), field="password"
        )
    if confirm is not None and password != confirm:
        raise UserError(_("Konfirmasi kata sandi tidak sama."), field="confirm")


async def change_password(user_id: int, current: str, new: str, confirm: str) -> int:
    """Change one's own password; ends every other session. Returns the new session epoch."""
    row = await Person.select(Person.password_hash).where(Person.id == user_id).first()
    if row is None:
        raise NotFound(_("Pengguna tidak ditemukan."))
    if not verify_password(row["password_hash"], current):
        raise UserError(_("Kata sandi saat ini salah."), field="current")
    check_new_password(new, confirm)
    if new == current:
        raise UserError(_("Kata sandi baru harus berbeda dari yang lama."), field="password")
    async with write_transaction():
        await Person.update(
            {
                Person.password_hash: hash_password(new),
                Person.must_change_password: False,
                Person.session_epoch: Person.session_epoch + 1,
            }
        ).where(Person.id == user_id)
        fresh = await Person.select(Person.session_epoch).where(Person.id == user_id).first()
    return fresh["session_epoch"]


async def set_temporary_password(person_id: int, password: str) -> None:
    """An admin's reset: the person must choose a new one at next login; sessions end."""
    check_new_password(password)
    updated = await Person.update(
        {
            Person.password_hash: hash_password(password),
            Person.must_change_password: True,
            Person.session_epoch: Person.session_epoch + 1,
        }
    ).where(Person.id == person_id).returning(Person.id)
    if not updated:
        raise NotFound(_("Pegawai tidak ditemukan."))
    await LoginFailure.delete().where(
        LoginFailure.account.is_in(await _account_keys_of(person_id))
    )


async def _account_keys_of(person_id: int) -> list[str]:
    row = await Person.select(Person.username, Person.nip).where(Person.id == person_id).first()
    if row is None:
        return ["-"]
    return [_person_key(person_id), *(k for k in (row["username"], row["nip"]) if k)]


# --- people -----------------------------------------------------------------------------------

NIP_RE = re.compile(r"^\d{18}$")
USERNAME_RE = re.compile(r"^[a-z0-9._-]{3,60}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WHATSAPP_RE = re.compile(r"^(\+?62|0)8\d{7,12}$")
# Ids of the database's 32-bit integer columns; larger ones cannot exist (and PostgreSQL would
# refuse to compare with them), so callers treat them as "not found".
MAX_ID = 2**31 - 1


@dataclass
class PersonForm:
    username: str = ""
    nip: str = ""
    name: str = ""
    email: str = ""
    whatsapp: str = ""
    team_id: int | None = None
    roles: list[str] = field(default_factory=list)
    # The person's own preference; None leaves it as it is (an admin's edit does not touch it).
    language: str | None = None


def normalise_whatsapp(number: str) -> str:
    """``0812-3456-7890``, ``+62 812 3456 7890`` and ``62812…`` all become ``628123456…``
    (the form wa.me links want); an empty number stays empty."""
    digits = re.sub(r"[\s().-]", "", number)
    if not digits:
        return ""
    if not WHATSAPP_RE.match(digits):
        raise UserError(
            _("Nomor WhatsApp tidak valid (contoh: 081234567890)."), field="whatsapp"
        )
    return "62" + re.sub(r"^(\+?62|0)", "", digits)


def validate_person(form: PersonForm) -> dict:
    """Clean a person's fields; raises UserError naming the first bad field."""
    username = form.username.strip().lower()
    nip = re.sub(r"\s+", "", form.nip)
    name = " ".join(form.name.split())
    email = form.email.strip()
    if not USERNAME_RE.match(username):
        raise UserError(
            _("Nama pengguna 3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip."),
            field="username",
        )
    if nip and not NIP_RE.match(nip):
        raise UserError(_("NIP harus 18 digit angka."), field="nip")
    if not name:
        raise UserError(_("Nama wajib diisi."), field="name")
    if len(name) > 150:
        raise UserError(_("Nama paling panjang 150 karakter."), field="name")
    if email and (not EMAIL_RE.match(email) or len(email) > 200):
        raise UserError(_("Alamat e-mail tidak valid."), field="email")
    whatsapp = normalise_whatsapp(form.whatsapp)
    if form.team_id is not None and not 0 < form.team_id <= MAX_ID:
        raise UserError(_("Tim yang dipilih tidak ada."), field="team_id")
    unknown = [r for r in form.roles if r not in Role._value2member_map_]
    if unknown:
        raise UserError(_("Peran tidak dikenal: %(r)s", r=", ".join(unknown)), field="roles")
    values = {
        "username": username,
        "nip": nip or None,
        "name": name,
        "email": email,
        "whatsapp": whatsapp,
        "team": form.team_id,
    }
    if form.language is not None:
        values["language"] = form.language if form.language in ("id", "en") else "id"
    return values


async def _check_references(values: dict, person_id: int | None) -> None:
    """The team exists; username and NIP belong to nobody else (either may be typed to log in,
    so one person's username may not be another's NIP either). Runs inside the write
    transaction; the unique indexes stay the last word under races."""
    if values["team"] is not None and not await Team.exists().where(Team.id == values["team"]):
        raise UserError(_("Tim yang dipilih tidak ada."), field="team_id")
    keys = [values["username"]] + ([values["nip"]] if values["nip"] else [])
    others = await Person.select(Person.id, Person.username, Person.nip).where(
        Person.username.is_in(keys) | Person.nip.is_in(keys)
    )
    others = [o for o in others if o["id"] != person_id]
    for other in others:
        if other["username"] == values["username"]:
            raise UserError(_("Nama pengguna ini sudah dipakai pegawai lain."), field="username")
        if other["nip"] == values["username"]:
            raise UserError(
                _("Nama pengguna ini sama dengan NIP pegawai lain."), field="username"
            )
    for other in others:
        if values["nip"] and other["nip"] == values["nip"]:
            raise UserError(_("NIP ini sudah dipakai pegawai lain."), field="nip")
        if values["nip"] and other["username"] == values["nip"]:
            raise UserError(
                _("NIP ini sudah dipakai sebagai nama pengguna pegawai lain."), field="nip"
            )


async def _save_roles(person_id: int, roles: list[str]) -> None:
    await PersonRole.delete().where(PersonRole.person == person_id)
    wanted = sorted({r for r in roles if r != Role.PEGAWAI})
    if wanted:
        await PersonRole.insert(*[PersonRole(person=person_id, role=r) for r in wanted])


def _duplicate_message(exc: BaseException) -> UserError:
    text = str(exc).lower()
    if "nip" in text:
        return UserError(_("NIP ini sudah dipakai pegawai lain."), field="nip")
    return UserError(_("Nama pengguna ini sudah dipakai pegawai lain."), field="username")


async def _other_active_admins(person_id: int) -> int:
    admins = await PersonRole.select(PersonRole.person).where(PersonRole.role == Role.ADMIN)
    ids = [a["person"] for a in admins if a["person"] != person_id]
    if not ids:
        return 0
    return await Person.count().where(Person.id.is_in(ids) & (Person.active == True))  # noqa: E712


async def _is_active_admin(person_id: int) -> bool:
    row = await Person.select(Person.active).where(Person.id == person_id).first()
    if row is None or not row["active"]:
        return False
    return await PersonRole.exists().where(
        (PersonRole.person == person_id) & (PersonRole.role == Role.ADMIN)
    )


def _last_admin_error() -> UserError:
    return UserError(
        _("Harus tetap ada setidaknya satu Admin aktif. Jadikan pegawai lain Admin terlebih dahulu."),
        field="roles",
    )


async def create_person(form: PersonForm, temporary_password: str) -> int:
    """A new active person who must replace ``temporary_password`` at first login."""
    values = validate_person(form)
    check_new_password(temporary_password)
    try:
        async with write_transaction():
            await _check_references(values, None)
            rows = await Person.insert(
                Person(
                    **values,
                    password_hash=hash_password(temporary_password),
                    must_change_password=True,
                    created_at=clock.now(),
                )
            ).returning(Person.id)
            person_id = rows[0]["id"]
            await _save_roles(person_id, form.roles)
    except Exception as exc:
        if is_unique_violation(exc):
            raise _duplicate_message(exc) from exc
        if is_foreign_key_violation(exc):  # the team went away after it was checked
            raise UserError(_("Tim yang dipilih tidak ada."), field="team_id") from exc
        raise
    return person_id


async def update_person(person_id: int, form: PersonForm) -> None:
    """Save an admin's edit. Role changes count from the person's next request; the last
    active Admin cannot lose the Admin role."""
    values = validate_person(form)
    if not 0 < person_id <= MAX_ID:
        raise NotFound(_("Pegawai tidak ditemukan."))
    try:
        async with write_transaction():
            if not await Person.exists().where(Person.id == person_id):
                raise NotFound(_("Pegawai tidak ditemukan."))
            await _check_references(values, person_id)
            if (
                Role.ADMIN not in form.roles
                and await _is_active_admin(person_id)
                and not await _other_active_admins(person_id)
            ):
                raise _last_admin_error()
            await Person.update(values).where(Person.id == person_id)
            await _save_roles(person_id, form.roles)
    except Exception as exc:
        if is_unique_violation(exc):
            raise _duplicate_message(exc) from exc
        if is_foreign_key_violation(exc):  # the team went away after it was checked
            raise UserError(_("Tim yang dipilih tidak ada."), field="team_id") from exc
        raise


async def set_active(person_id: int, active: bool, *, by: int | None = None) -> None:
    """Activate or deactivate a person. Either way every session of theirs ends at once (the
    epoch changes), and a deactivated person cannot log in. ``by`` is the admin doing it: one
    cannot deactivate oneself, and the last active Admin cannot be deactivated."""
    if not 0 < person_id <= MAX_ID:
        raise NotFound(_("Pegawai tidak ditemukan."))
    async with write_transaction():
        if not await Person.exists().where(Person.id == person_id):
            raise NotFound(_("Pegawai tidak ditemukan."))
        if not active:
            if by == person_id:
                raise UserError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
            if await _is_active_admin(person_id) and not await _other_active_admins(person_id):
                raise _last_admin_error()
        # Only a change ends sessions: "Aktifkan" on someone already active signs nobody out.
        await Person.update(
            {Person.active: active, Person.session_epoch: Person.session_epoch + 1}
        ).where((Person.id == person_id) & (Person.active != active))


async def end_sessions(person_id: int) -> None:
    """Every session of the person ends (sign-out): their session epoch moves on."""
    await Person.update({Person.session_epoch: Person.session_epoch + 1}).where(
        Person.id == person_id
    )


async def update_preferences(person_id: int, *, language: str, email_notifications: bool) -> None:
    await Person.update(
        {
            Person.language: language if language in ("id", "en") else "id",
            Person.email_notifications: email_notifications,
        }
    ).where(Person.id == person_id)


async def people_with_role(*roles: str) -> list[dict]:
    """Active people holding any of ``roles`` (admins are not implied here)."""
    ids = await PersonRole.select(PersonRole.person).where(PersonRole.role.is_in(list(roles)))
    if not ids:
        return []
    return await (
        Person.select(Person.id, Person.name, Person.email, Person.whatsapp)
        .where(Person.id.is_in([r["person"] for r in ids]) & (Person.active == True))  # noqa: E712
        .order_by(Person.name)
    )


async def team_lead(team_id: int) -> dict | None:
    """The Ketua Tim of a team: its active member holding the ``ketua_tim`` role."""
    leads = await PersonRole.select(PersonRole.person).where(PersonRole.role == Role.KETUA_TIM)
    if not leads:
        return None
    return await (
        Person.select(Person.id, Person.name, Person.email)
        .where(
            (Person.team == team_id)
            & (Person.active == True)  # noqa: E712
            & Person.id.is_in([r["person"] for r in leads])
        )
        .order_by(Person.id)
        .first()
    )
