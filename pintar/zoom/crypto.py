"""Account secrets encrypted at rest with AES-GCM, keyed from the installation's secret key.

The key is derived with HKDF from ``settings.secret_key`` and a purpose label, so it differs from
the session cookie key. Each value gets a fresh 96-bit nonce; the stored text is
``v1:<base64(nonce + ciphertext + tag)>``. The account's id is bound in as associated data, so a
value copied onto another account does not decrypt.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from pintar.config import get_settings

_PREFIX = "v1:"


@lru_cache(maxsize=4)
def _aead(secret_key: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"pintar:zoom:account-secrets"
    ).derive(secret_key.encode())
    return AESGCM(key)


def encrypt(plain: str, context: str) -> str:
    """Encrypt ``plain`` (empty stays empty) bound to ``context`` (e.g. ``"account:3:password"``)."""
    if not plain:
        return ""
    nonce = os.urandom(12)
    sealed = _aead(get_settings().secret_key).encrypt(nonce, plain.encode(), context.encode())
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


class SecretUnreadable(Exception):
    """The stored value cannot be decrypted (a different secret key, or tampering)."""


def decrypt(stored: str, context: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(_PREFIX):
        raise SecretUnreadable("unknown format")
    raw = base64.urlsafe_b64decode(stored[len(_PREFIX):].encode())
    try:
        plain = _aead(get_settings().secret_key).decrypt(raw[:12], raw[12:], context.encode())
    except InvalidTag as exc:
        raise SecretUnreadable("cannot decrypt") from exc
    return plain.decode()
