"""E-mail: composing the Indonesian text/HTML, and the outbox sweep that sends through SMTP.

The sweep is idempotent: it takes each due e-mail with a short lease (``claimed_until``), sends
it and marks it sent at once, one by one. Two sweeps never send the same e-mail; a sweep that
dies part-way leaves the rest for the next one. (An e-mail the SMTP server accepted in the
instant before the process died would be sent again; its Message-ID stays the same.)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from pintar import clock
from pintar import i18n
from pintar.config import Settings, get_settings
from pintar.i18n import gettext as _
from pintar.notify.tables import OutgoingEmail
from pintar.office.tables import Office

log = logging.getLogger("pintar.notify")

MAX_ATTEMPTS = 8
LEASE = dt.timedelta(minutes=10)
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
            settings.smtp_host, settings.smtp_port, timeout=30, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
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
    now: dt.datetime | None = None, *, limit: int = BATCH, settings: Settings | None = None
) -> dict:
    """Send the e-mails that are due; returns counts. Safe to run anywhere, any number of times."""
    global _warned_unconfigured
    settings = settings or get_settings()
    now = (now or clock.now()).astimezone(dt.timezone.utc)
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
    smtp: smtplib.SMTP | None = None
    try:
        for item in due:
            row = await _claim(item["id"], now)
            if row is None:
                continue  # another sweep has it
            try:
                if smtp is None:
                    smtp = await asyncio.to_thread(connect, settings)
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
