"""Sweeps of the notifications module: the e-mail outbox, and forgetting old mail."""

from __future__ import annotations

import datetime as dt

from pintar import clock, jobs
from pintar.notify import mail
from pintar.notify.tables import OutgoingEmail


@jobs.sweep(every_minutes=1)
async def send_emails(ctx: dict) -> dict:
    """Send the e-mails that are due (held ones wait for office hours; failures back off)."""
    return await mail.send_due_emails(clock.now())


@jobs.sweep(minute=23, hour=19)
async def prune_emails(ctx: dict) -> int:
    """Sent e-mails are kept 30 days (their text is in the notification anyway)."""
    cutoff = clock.now() - dt.timedelta(days=30)
    gone = await OutgoingEmail.delete().where(
        OutgoingEmail.sent_at.is_not_null() & (OutgoingEmail.sent_at < cutoff)
    ).returning(OutgoingEmail.id)
    return len(gone)
