"""Sessions in encrypted cookies (AES-GCM), so they survive restarts and need no shared store.

The cookie holds the person's id and their ``session_epoch``; a request whose epoch no longer
matches (password changed, person deactivated) is treated as signed out.
"""

from __future__ import annotations

import hashlib
import time

from litestar.middleware import ASGIMiddleware
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from pintar import clock, i18n
from pintar.auth.service import CurrentUser, load_user
from pintar.config import Settings, get_settings

SESSION_DAYS = 14


def session_config(settings: Settings) -> CookieBackendConfig:
    key = hashlib.sha256(("session:" + settings.secret_key).encode()).digest()
    return CookieBackendConfig(
        secret=key,
        key="pintar_session",
        max_age=SESSION_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.https,
        exclude=["^/static/", "^/healthz", "^/kiosk"],
    )


def sign_in(scope: Scope, user: CurrentUser) -> None:
    session = scope.get("session")
    flashes = session.get("flashes", []) if isinstance(session, dict) else []
    # A fresh session on sign-in: nothing from before survives into it.
    scope["session"] = {
        "uid": user.id,
        "ep": user.epoch,
        "at": int(clock.now().timestamp()),  # signed in at: the absolute lifetime counts from it
        "flashes": flashes,
    }
    # The rest of this request (the welcome flash) speaks the person's language, not the
    # visitor's; UserMiddleware resets it when the request ends.
    i18n.current_language.set(
        user.language if user.language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    )


def sign_out(scope: Scope) -> None:
    scope["session"] = {}


class UserMiddleware(ASGIMiddleware):
    """Loads the signed-in person (or None) into ``scope["user"]`` and sets the language."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        await _refresh_office_summary(scope)
        user = None
        session = scope.get("session")
        if isinstance(session, dict) and "uid" in session:
            if _expired(session):
                user = None
            else:
                user = await load_user(int(session["uid"]), int(session.get("ep", -1)))
            if user is None:
                session.pop("uid", None)
                session.pop("ep", None)
                session.pop("at", None)
        scope["user"] = user
        lang = user.language if user else _language_from_cookie(scope)
        token = i18n.current_language.set(lang)
        try:
            await next_app(scope, receive, send)
        finally:
            i18n.current_language.reset(token)


def _expired(session: dict) -> bool:
    """A session lives ``SESSION_DAYS`` after its last use (the cookie's sliding expiry) and at
    most ``PINTAR_SESSION_MAX_DAYS`` after sign-in, however active (a copied cookie does not
    live forever)."""
    signed_in_at = session.get("at")
    if not isinstance(signed_in_at, int):
        return True
    age = clock.now().timestamp() - signed_in_at
    return not 0 <= age <= get_settings().session_max_days * 24 * 3600


_OFFICE_REFRESH_SECONDS = 30.0


async def _refresh_office_summary(scope: Scope) -> None:
    """Other web processes see an admin's change to the office name/logo within 30 seconds."""
    from pintar.office.service import office_summary

    state = scope["app"].state
    now = time.monotonic()
    if now - state.get("office_summary_at", 0.0) > _OFFICE_REFRESH_SECONDS:
        state.office_summary_at = now
        state.office_summary = await office_summary()


def _language_from_cookie(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == "pintar_lang" and v in i18n.LANGUAGES:
                    return v
    return i18n.DEFAULT_LANGUAGE
