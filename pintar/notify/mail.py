"""E-mail: composing the Indonesian text/HTML, and the outbox sweep that sends through SMTP.

The sweep connects to the SMTP server first, then takes each due e-mail with a short lease
(``claimed_until``), sends it and marks it sent at once, one by one. Two sweeps never send the
same e-mail at the same time; a sweep that dies part-way leaves the rest for the next one.

Delivery is **at least once**, not exactly once: SMTP cannot be, across a crash between the
server's "250 accepted" and our "sent" mark. Such an e-mail is sent again when its lease runs
out, with the same ``Message-ID`` (one per outbox row), so mail clients show one message. The
lease is as short as is still safe: one message costs at most ``SMTP_STEPS`` exchanges with the
server, each bounded by ``SMTP_TIMEOUT``, and the lease outlasts that (a lease that ran out while
a slow send still went on could let a second sweep send the same e-mail in parallel).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from pintar import i18n
from pintar.config import Settings, get_settings
from pintar.i18n import gettext as _
from pintar.notify.tables import OutgoingEmail
from pintar.office.tables import Office

log = logging.getLogger("pintar.notify")

MAX_ATTEMPTS = 8
SMTP_TIMEOUT = 15  # seconds, for each exchange with the server (connect, MAIL, RCPT, DATA …)
# One run stops claiming after this long (the rest wait a minute for the next run), so a run
# ends well within the job timeout and is never cancelled between "accepted" and "sent".
RUN_BUDGET = 30.0
SMTP_STEPS = 5  # exchanges to send one message on an open connection (MAIL, RCPT, DATA, body, RSET)
# A claimed e-mail whose sweep died is sent again after this (e.g. after a worker kill).
LEASE = dt.timedelta(seconds=SMTP_TIMEOUT * SMTP_STEPS + 20)
BATCH = 50
# Errors about one message (its address, its content): skip it, go on with the next.
# Anything else from the server (refused connection, lost connection, bad login) stops the batch.
_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)



def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after each failed attempt, at most 2 hours."""
    return dt.timedelta(minutes=min(2 ** max(0, attempts - 1), 120))


async def office_name() -> str:
    row = await Office.select(Office.name).order_by(Office.id).first()
    return row["name"] if row else "Portal Pintar"


def compose(
    person: dict,
    message: str,
    url: str,
    subject: str | None,
    office: str,
    urgent: bool,
) -> tuple[str, str, str]:
    """(subject, plain text, html) for one person, in their language (Indonesian by default)."""
    from pintar.web.templating import environment

    lang = person.get("language") or i18n.DEFAULT_LANGUAGE
    token = i18n.current_language.set(lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)
    try:
        first_line = " ".join((subject or message).split())
        if len(first_line) > 120:
            first_line = first_line[:119].rstrip() + "…"
        prefix = _("PENTING") + ": " if urgent else ""
        subj = f"[{_('Portal Pintar')}] {prefix}{first_line}"
        ctx = {
            "name": person.get("name", ""),
            "message": message,
            "url": url,
            "office": office,
            "urgent": urgent,
            "lang": i18n.current_language.get(),
            "settings_url": get_settings().base_url + "/akun",
        }
        env = environment()
        text = env.get_template("notify/email.txt").render(ctx)
        html = env.get_template("notify/email.html").render(ctx)
    finally:
        i18n.current_language.reset(token)
    return subj, text, html


def build_message(row: dict, settings: Settings) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.smtp_sender
    msg["To"] = row["to"]
    msg["Subject"] = row["subject"]
    msg["Date"] = format_datetime(row["created_at"])
    domain = urlsplit(settings.base_url).hostname or "localhost"
    # The same id on every attempt, so a repeated delivery is recognisable as one message.
    msg["Message-ID"] = f"<pintar.{row['id']}.{int(row['created_at'].timestamp())}@{domain}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(row["text"])
    if row["html"]:
        msg.add_alternative(row["html"], subtype="html")
    return msg


def connect(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT,
            context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
    if settings.smtp_user:
        smtp.login(settings.smtp_user, settings.smtp_password)
    return smtp


async def _claim(email_id: int, now: dt.datetime) -> dict | None:
    won = await OutgoingEmail.update(
        {
            OutgoingEmail.claimed_until: now + LEASE,
            OutgoingEmail.attempts: OutgoingEmail.attempts + 1,
        }
    ).where(
        (OutgoingEmail.id == email_id)
        & OutgoingEmail.sent_at.is_null()
        & OutgoingEmail.failed_at.is_null()
        & (OutgoingEmail.claimed_until.is_null() | (OutgoingEmail.claimed_until < now))
    ).returning(OutgoingEmail.id)
    if not won:
        return None
    return await OutgoingEmail.select().where(OutgoingEmail.id == email_id).first()


async def _mark_sent(email_id: int, now: dt.datetime) -> None:
    await OutgoingEmail.update(
        {OutgoingEmail.sent_at: now, OutgoingEmail.claimed_until: None, OutgoingEmail.last_error: ""}
    ).where(OutgoingEmail.id == email_id)


async def _mark_failure(row: dict, exc: BaseException, now: dt.datetime) -> None:
    attempts = row["attempts"]
    error = f"{type(exc).__name__}: {exc}"[:1000]
    values = {
        OutgoingEmail.claimed_until: None,
        OutgoingEmail.last_error: error,
        OutgoingEmail.not_before: now + backoff(attempts),
    }
    if attempts >= MAX_ATTEMPTS:
        values[OutgoingEmail.failed_at] = now
        log.error("e-mail %s to %s given up after %s attempts: %s", row["id"], row["to"], attempts, error)
    else:
        log.warning("e-mail %s to %s failed (attempt %s): %s", row["id"], row["to"], attempts, error)
    await OutgoingEmail.update(values).where(OutgoingEmail.id == row["id"])


_warned_unconfigured = False


async def waiting_count() -> int:
    return await OutgoingEmail.count().where(
        OutgoingEmail.sent_at.is_null() & OutgoingEmail.failed_at.is_null()
    )


async def send_due_emails(
    now: dt.datetime, *, limit: int = BATCH, settings: Settings | None = None
) -> dict:
    """Send the e-mails that are due; returns counts. Safe to run anywhere, any number of times."""
    global _warned_unconfigured
    settings = settings or get_settings()
    now = now.astimezone(dt.timezone.utc)
    if not settings.smtp_host:
        if not _warned_unconfigured:
            _warned_unconfigured = True
            log.warning(
                "PINTAR_SMTP_HOST is not set: %s e-mail(s) stay queued until it is",
                await waiting_count(),
            )
        return {"sent": 0, "failed": 0, "configured": False}
    due = await (
        OutgoingEmail.select(OutgoingEmail.id)
        .where(
            OutgoingEmail.sent_at.is_null()
            & OutgoingEmail.failed_at.is_null()
            & (OutgoingEmail.not_before <= now)
            & (OutgoingEmail.claimed_until.is_null() | (OutgoingEmail.claimed_until < now))
        )
        .order_by(OutgoingEmail.not_before)
        .order_by(OutgoingEmail.id)
        .limit(limit)
    )
    sent = failed = 0
    if not due:
        return {"sent": 0, "failed": 0, "configured": True}
    smtp: smtplib.SMTP | None = None
    try:
        try:
            # Connect before claiming anything: the lease then only has to cover one send.
            smtp = await asyncio.to_thread(connect, settings)
        except Exception as exc:
            log.warning("SMTP server %s:%s unreachable: %s; %s e-mail(s) wait for the next run",
                        settings.smtp_host, settings.smtp_port, exc, len(due))
            first = await _claim(due[0]["id"], now)
            if first is not None:  # counts as an attempt of the oldest one (backoff, give up)
                await _mark_failure(first, exc, now)
            return {"sent": 0, "failed": 1 if first is not None else 0, "configured": True}
        began = time.monotonic()
        for item in due:
            if time.monotonic() - began > RUN_BUDGET:
                break
            row = await _claim(item["id"], now)
            if row is None:
                continue  # another sweep has it
            try:
                await asyncio.to_thread(smtp.send_message, build_message(row, settings))
            except Exception as exc:
                failed += 1
                await _mark_failure(row, exc, now)
                if isinstance(exc, OSError) and not isinstance(exc, _MESSAGE_ERRORS):
                    break  # the connection is no good (SMTP errors are OSErrors too)
                continue
            await _mark_sent(row["id"], now)
            sent += 1
    finally:
        if smtp is not None:
            try:
                await asyncio.to_thread(smtp.quit)
            except Exception:  # the server went away; nothing left to tell it
                pass
    return {"sent": sent, "failed": failed, "configured": True}


async def outbox(now: dt.datetime, *, limit: int = 50) -> dict:
    """What the admin's outbox page shows: counts, the next office opening (when non-urgent
    mail held outside office hours goes), and the unsent e-mails, oldest first."""
    from pintar.notify.hours import next_office_moment

    unsent = OutgoingEmail.sent_at.is_null() & OutgoingEmail.failed_at.is_null()
    return {
        "due": await OutgoingEmail.count().where(unsent & (OutgoingEmail.not_before <= now)),
        "later": await OutgoingEmail.count().where(unsent & (OutgoingEmail.not_before > now)),
        "failed": await OutgoingEmail.count().where(OutgoingEmail.failed_at.is_not_null()),
        "sent_day": await OutgoingEmail.count().where(
            OutgoingEmail.sent_at >= now - dt.timedelta(days=1)
        ),
        "next_open": await next_office_moment(now),
        "rows": await (
            OutgoingEmail.select(
                OutgoingEmail.id, OutgoingEmail.to, OutgoingEmail.subject, OutgoingEmail.not_before,
                OutgoingEmail.attempts, OutgoingEmail.last_error, OutgoingEmail.failed_at,
            )
            .where(OutgoingEmail.sent_at.is_null())
            .order_by(OutgoingEmail.not_before)
            .order_by(OutgoingEmail.id)
            .limit(limit)
        ),
        "lease_seconds": int(LEASE.total_seconds()),
    }
