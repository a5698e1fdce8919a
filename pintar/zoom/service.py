"""The Zoom module's rules, without HTTP — the API other modules and the routes use.

    from pintar.zoom import service as zoom

    booking_id = await zoom.submit(user, zoom.RequestForm(title=..., day="2026-11-23",
                                   start="09:00", end="10:30", participants="80"))
    await zoom.forward(tip, booking_id, pjk_ti_id)        # SOP step 2
    await zoom.assign(pjk_ti, booking_id)                 # step 3: the held (smallest) account
    await zoom.availability(start, end, participants)     # "2 dari 3 akun tersedia"
    await zoom.busy_between(start, end)                   # for other modules' conflict checks
    await zoom.sweeps.run_all()                           # reminders, expiry, licence tasks

The pieces live in small modules: ``accounts`` (accounts and secrets), ``slots`` (the database
guarantee), ``booking`` (the requester's side), ``handling`` (IT's side), ``sweeps``,
``queries``, ``schedule`` (calendars), ``kiosk``, ``feeds`` (tokens, iCal), ``usage``.
"""

from __future__ import annotations

import datetime as dt

from pintar.zoom import accounts, feeds, kiosk, queries, schedule, slots, sweeps, usage
from pintar.zoom.accounts import (
    AccountForm,
    account_secrets_for,
    create_account,
    credentials_for_booking,
    get_account,
    list_accounts,
    may_see_credentials,
    set_active,
    update_account,
)
from pintar.zoom.booking import RequestForm, cancel, change, recording_downloaded, row, submit
from pintar.zoom.flow import APPROVED, HOLDING, PENDING, ZOOM
from pintar.zoom.handling import assign, forward, it_officers, license_managed, reject, skip_recording
from pintar.zoom.tables import ZoomBooking


async def availability(
    start: dt.datetime, end: dt.datetime, participants: int, exclude_booking: int | None = None
) -> dict:
    """Which active accounts are free and fit: ``{"free": n, "total": m, "accounts": [...],
    "proposed": {...} | None}`` (``free`` counts free accounts that fit)."""
    rows = await slots.accounts_for(start, end, participants, exclude_booking)
    return {
        "accounts": rows,
        "total": len(rows),
        "free": sum(1 for a in rows if a["free"] and a["fits"]),
        "proposed": slots.choose(rows),
    }


async def busy_between(start: dt.datetime, end: dt.datetime) -> list[dict]:
    """Approved or pending bookings overlapping ``[start, end)`` (for other modules, e.g. the
    Event Team's conflict checks): id, title, times, requester, account id. No credentials."""
    return await (
        ZoomBooking.select(
            ZoomBooking.id, ZoomBooking.title, ZoomBooking.starts_at, ZoomBooking.ends_at,
            ZoomBooking.requester, ZoomBooking.account, ZoomBooking.state,
        )
        .where((ZoomBooking.starts_at < end) & (ZoomBooking.ends_at > start)
               & ZoomBooking.state.is_in(list(HOLDING)))
        .order_by(ZoomBooking.starts_at)
    )


__all__ = [
    "APPROVED", "HOLDING", "PENDING", "ZOOM",
    "AccountForm", "RequestForm",
    "account_secrets_for", "assign", "availability", "busy_between", "cancel", "change",
    "create_account", "credentials_for_booking", "forward", "get_account", "it_officers",
    "license_managed", "list_accounts", "may_see_credentials", "recording_downloaded", "reject",
    "row", "set_active", "skip_recording", "submit", "update_account",
    "accounts", "feeds", "kiosk", "queries", "schedule", "slots", "sweeps", "usage",
]
