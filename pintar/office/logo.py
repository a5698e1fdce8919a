"""The office's logo: PNG or JPEG, at most 1 MB, checked by its first bytes and stored under a
random name in the upload folder (never under ``static/``)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from pintar import clock
from pintar.db import write_transaction
from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.office.tables import Office

LOGO_MAX_BYTES = 1024 * 1024
LOGO_DIR = "kantor"
LOGO_NAME_RE = re.compile(r"^kantor/logo-[0-9a-f]{32}\.(png|jpg)$")
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def logo_version(stored: str) -> str:
    """A short token that changes with every new logo (it is part of the random name)."""
    match = LOGO_NAME_RE.match(stored or "")
    return stored[len(LOGO_DIR) + 6 : len(LOGO_DIR) + 18] if match else ""


def logo_url(stored: str) -> str:
    """A cache-forever URL of the current logo, or "" when there is none."""
    version = logo_version(stored)
    return f"/kantor/logo?v={version}" if version else ""


def logo_kind(data: bytes) -> str | None:
    """'png' or 'jpg' by the file's first bytes (never by its name), else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def _upload_dir() -> Path:
    from pintar.config import get_settings

    return get_settings().upload_dir


def logo_path(stored: str) -> Path | None:
    """The file of a stored logo name, or None when the name is not one we made."""
    if not LOGO_NAME_RE.match(stored or ""):
        return None
    path = _upload_dir() / stored
    return path if path.is_file() else None


async def save_logo(data: bytes) -> str:
    """Check and store a new logo, replacing the old one; returns its stored name."""
    if not data:
        raise UserError(_("Pilih berkas logo terlebih dahulu."), field="logo")
    if len(data) > LOGO_MAX_BYTES:
        raise UserError(_("Logo paling besar 1 MB."), field="logo")
    kind = logo_kind(data)
    if kind is None:
        raise UserError(_("Logo harus berupa gambar PNG atau JPEG."), field="logo")
    folder = _upload_dir() / LOGO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{LOGO_DIR}/logo-{secrets.token_hex(16)}.{kind}"
    tmp = folder / (stored.rsplit("/", 1)[1] + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(_upload_dir() / stored)
    old = await _set_logo(stored)
    _remove_logo_file(old)
    return stored


async def remove_logo() -> None:
    _remove_logo_file(await _set_logo(""))


async def _set_logo(stored: str) -> str:
    async with write_transaction():
        office = await Office.select(Office.id, Office.logo_file).order_by(Office.id).first()
        if office is None:
            raise UserError(_("Kantor belum dibuat."))
        now = clock.now()
        await Office.update({Office.logo_file: stored, Office.updated_at: now}).where(
            Office.id == office["id"]
        )
    return office["logo_file"]


def _remove_logo_file(stored: str) -> None:
    path = logo_path(stored)
    if path is not None:
        path.unlink(missing_ok=True)
