"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's advice)."""

from __future__ import annotations

import asyncio
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pintar.config import get_settings

# Tests create hundreds of people; they may ask for a cheap hash (never set in production).
if get_settings().fast_password_hash:
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
else:
    _hasher = PasswordHasher()

# A real hash of a random password: verifying against it when the account does not exist makes
# "no such user" take as long as "wrong password".
_DUMMY_HASH = _hasher.hash("no-such-user-placeholder")

MIN_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False


def burn_time(password: str) -> None:
    verify_password(_DUMMY_HASH, password)


# argon2 takes 0.3-1 s of CPU and 64 MB: it runs in a worker thread so the event loop keeps
# answering other requests, and at most this many at once so a burst of logins cannot exhaust
# memory.
_SLOTS = asyncio.Semaphore(max(1, min(4, os.cpu_count() or 1)))


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """:func:`verify_password` off the event loop; an empty hash (no such person) is checked
    against a dummy hash, so every answer takes as long."""
    async with _SLOTS:
        return await asyncio.to_thread(verify_password, password_hash or _DUMMY_HASH, password)


async def hash_password_async(password: str) -> str:
    async with _SLOTS:
        return await asyncio.to_thread(hash_password, password)
