"""Login throttling: five wrong passwords for one account within 15 minutes make that account
wait (the right password too), with a clear Indonesian message and 429 + Retry-After; nobody
else is locked out; the wait ends when the window has passed."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from pintar import clock
from pintar.auth import service
from pintar.auth.roles import Role
from pintar.config import get_settings
from pintar.errors import TooManyAttempts, UserError
from tests.helpers import PASSWORD, make_person

NIP = "198501012010011001"
WRONG = "salah-sekali"


async def _rina_with_nip() -> int:
    user = await make_person(Role.PJK_TI, username="rina", name="Rina")
    await service.update_person(
        user.id, service.PersonForm(username="rina", nip=NIP, name="Rina", roles=[Role.PJK_TI])
    )
    return user.id


async def fail_five_times(web, login: str = "rina") -> None:
    for attempt in range(5):
        response = await web.post("/masuk", {"login": login, "password": WRONG})
        assert response.status_code == 400, attempt
        assert "NIP/nama pengguna atau kata sandi salah." in response.text


def test_the_limits_are_the_issues():
    settings = get_settings()
    assert (settings.login_max_failures, settings.login_window_minutes) == (5, 15)


async def test_five_failures_make_that_account_wait_and_only_that_one(web):
    await _rina_with_nip()
    await make_person(username="sari")
    await fail_five_times(web)

    locked = await web.post("/masuk", {"login": "rina", "password": PASSWORD})
    assert locked.status_code == 429
    retry_after = int(locked.headers["retry-after"])
    assert 0 < retry_after <= 15 * 60
    assert "Terlalu banyak percobaan masuk yang gagal untuk akun ini." in locked.text
    assert "tunggu 15 menit" in locked.text
    assert 'value="rina"' in locked.text  # the form keeps what was typed
    # The same account by its NIP, or typed differently, waits too.
    for login in (NIP, " RINA "):
        again = await web.post("/masuk", {"login": login, "password": PASSWORD})
        assert again.status_code == 429, login
    # Nobody else is affected, from the same browser.
    other = await web.post("/masuk", {"login": "sari", "password": PASSWORD})
    assert other.status_code == 303
    assert (await web.get("/")).status_code == 200


async def test_the_wait_ends_after_the_window():
    await _rina_with_nip()
    start = clock.now()
    for minute in range(5):
        with pytest.raises(UserError) as err:
            await service.authenticate("rina", WRONG, now=start + dt.timedelta(minutes=minute))
        assert not isinstance(err.value, TooManyAttempts)
    # Until the first failure is 15 minutes old, even the right password is refused.
    with pytest.raises(TooManyAttempts) as err:
        await service.authenticate("rina", PASSWORD, now=start + dt.timedelta(minutes=14))
    assert 0 < err.value.retry_after <= 61
    # Then the account may try again (one failure left the window).
    user = await service.authenticate(
        "rina", PASSWORD, now=start + dt.timedelta(minutes=15, seconds=1)
    )
    assert user.username == "rina"


async def test_after_the_window_the_login_page_works_again(web):
    await _rina_with_nip()
    await fail_five_times(web)
    assert (await web.post("/masuk", {"login": "rina", "password": PASSWORD})).status_code == 429
    later = clock.now() + dt.timedelta(minutes=16)
    await service.authenticate("rina", PASSWORD, now=later)
    # A successful login clears the account's failures, so the page lets her in now too.
    assert (await web.post("/masuk", {"login": "rina", "password": PASSWORD})).status_code == 303


async def test_old_failures_do_not_count_and_a_success_starts_afresh():
    await make_person(username="rina")
    now = clock.now()
    for minutes_ago in (40, 30, 20, 16):
        with pytest.raises(UserError):
            await service.authenticate("rina", WRONG, now=now - dt.timedelta(minutes=minutes_ago))
    for _ in range(4):
        with pytest.raises(UserError):
            await service.authenticate("rina", WRONG, now=now)
    await service.authenticate("rina", PASSWORD, now=now)  # 4 recent failures: still allowed
    for _ in range(4):
        with pytest.raises(UserError) as err:
            await service.authenticate("rina", WRONG, now=now)
        assert not isinstance(err.value, TooManyAttempts)


async def test_unknown_accounts_are_throttled_with_the_same_words():
    now = clock.now()
    for _ in range(5):
        with pytest.raises(UserError) as err:
            await service.authenticate("tidakada", WRONG, now=now)
        assert err.value.message == "NIP/nama pengguna atau kata sandi salah."
    with pytest.raises(TooManyAttempts):
        await service.authenticate("tidakada", WRONG, now=now)


async def test_an_admin_reset_lifts_the_wait():
    person_id = await _rina_with_nip()
    now = clock.now()
    for _ in range(5):
        with pytest.raises(UserError):
            await service.authenticate(NIP, WRONG, now=now)
    with pytest.raises(TooManyAttempts):
        await service.authenticate("rina", PASSWORD, now=now)
    await service.set_temporary_password(person_id, "sementara-9")
    user = await service.authenticate("rina", "sementara-9", now=now)
    assert user.must_change_password


async def test_parallel_guesses_do_not_slip_past_the_limit():
    await make_person(username="rina")
    now = clock.now()
    results = await asyncio.gather(
        *[service.authenticate("rina", f"tebakan-{i}", now=now) for i in range(12)],
        return_exceptions=True,
    )
    throttled = [r for r in results if isinstance(r, TooManyAttempts)]
    wrong = [r for r in results if isinstance(r, UserError) and not isinstance(r, TooManyAttempts)]
    assert (len(wrong), len(throttled)) == (5, 7)
