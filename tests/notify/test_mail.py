"""E-mail through a real SMTP server on loopback (aiosmtpd): content, retries, office hours,
opt-out, urgent mail, and a sweep that neither loses nor repeats."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest

from pintar.auth.roles import Role
from pintar.auth.service import update_preferences
from pintar.config import get_settings
from pintar.notify import mail, notify
from pintar.notify.tables import OutgoingEmail
from tests.helpers import make_person
from tests.notify.conftest import free_port

WIB = ZoneInfo("Asia/Jakarta")


def wib(y, mo, d, h, mi=0):
    return dt.datetime(y, mo, d, h, mi, tzinfo=WIB)


MONDAY_10 = wib(2026, 11, 23, 10)


async def test_email_arrives_in_indonesian_with_absolute_link(smtp_settings, inbox):
    p = await make_person(username="rina", name="Rina Marlina")
    await notify(p.id, "Permintaan Zoom Anda disetujui: Zoom B.", "/zoom/12", now=MONDAY_10)
    result = await mail.send_due_emails(MONDAY_10, settings=smtp_settings)
    assert result == {"sent": 1, "failed": 0, "configured": True}
    [msg] = inbox.messages
    assert msg["To"] == "rina@contoh.go.id"
    assert msg["From"] == smtp_settings.smtp_sender
    assert msg["Subject"] == "[Portal Pintar] Permintaan Zoom Anda disetujui: Zoom B."
    assert msg["Message-ID"].startswith("<pintar.1.")
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    link = get_settings().base_url + "/zoom/12"
    assert "Yth. Rina Marlina," in text
    assert "Permintaan Zoom Anda disetujui" in text
    assert link in text and "Buka di Portal Pintar" in text
    assert "BPS Provinsi Bengkulu" in text and "/akun" in text
    assert f'href="{link}"' in html and "Yth. Rina Marlina," in html
    row = await OutgoingEmail.select().first()
    assert row["sent_at"] is not None and row["attempts"] == 1 and row["claimed_until"] is None


async def test_html_part_escapes_the_message(smtp_settings, inbox):
    p = await make_person(username="aman")
    await notify(p.id, "<script>alert(1)</script> & teman", "/x", now=MONDAY_10)
    await mail.send_due_emails(MONDAY_10, settings=smtp_settings)
    html = inbox.messages[0].get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html


async def test_refused_connection_is_retried_with_backoff(smtp_settings, inbox):
    p = await make_person(username="coba")
    await notify(p.id, "Coba lagi nanti", "/x", now=MONDAY_10)
    nobody = dataclasses.replace(smtp_settings, smtp_port=free_port())
    result = await mail.send_due_emails(MONDAY_10, settings=nobody)
    assert result["sent"] == 0 and result["failed"] == 1
    row = await OutgoingEmail.select().first()
    assert row["attempts"] == 1 and row["sent_at"] is None
    assert "Connection" in row["last_error"] or "refused" in row["last_error"].lower()
    assert row["not_before"] == MONDAY_10 + dt.timedelta(minutes=1)
    # Not due again before the backoff has passed …
    assert (await mail.send_due_emails(MONDAY_10, settings=smtp_settings))["sent"] == 0
    # … a second failure doubles it …
    later = MONDAY_10 + dt.timedelta(minutes=1)
    await mail.send_due_emails(later, settings=nobody)
    row = await OutgoingEmail.select().first()
    assert row["attempts"] == 2 and row["not_before"] == later + dt.timedelta(minutes=2)
    # … and once the server is back it goes, once.
    back = later + dt.timedelta(minutes=2)
    assert (await mail.send_due_emails(back, settings=smtp_settings))["sent"] == 1
    assert (await mail.send_due_emails(back, settings=smtp_settings))["sent"] == 0
    assert len(inbox.messages) == 1
    row = await OutgoingEmail.select().first()
    assert row["attempts"] == 3 and row["last_error"] == "" and row["sent_at"] == back


async def test_gives_up_after_max_attempts(smtp_settings):
    p = await make_person(username="menyerah")
    await notify(p.id, "Tak terkirim", "/x", now=MONDAY_10)
    nobody = dataclasses.replace(smtp_settings, smtp_port=free_port())
    moment = MONDAY_10
    for _ in range(mail.MAX_ATTEMPTS):
        await mail.send_due_emails(moment, settings=nobody)
        moment += dt.timedelta(hours=3)
    row = await OutgoingEmail.select().first()
    assert row["attempts"] == mail.MAX_ATTEMPTS and row["failed_at"] is not None
    assert (await mail.send_due_emails(moment, settings=smtp_settings))["sent"] == 0


async def test_reminder_at_night_waits_for_office_hours(smtp_settings, inbox):
    p = await make_person(username="malam")
    night = wib(2026, 11, 23, 23)
    await notify(p.id, "Jangan lupa unduh rekaman", "/zoom/5", kind="reminder", now=night)
    for moment in (night, wib(2026, 11, 24, 3), wib(2026, 11, 24, 7, 29)):
        assert (await mail.send_due_emails(moment, settings=smtp_settings))["sent"] == 0
    assert inbox.messages == []
    assert (await mail.send_due_emails(wib(2026, 11, 24, 7, 30), settings=smtp_settings))["sent"] == 1
    assert len(inbox.messages) == 1


async def test_urgent_goes_at_once_even_at_night(smtp_settings, inbox):
    p = await make_person(username="darurat")
    night = wib(2026, 11, 27, 23)  # Friday night
    await notify(p.id, "Server mati", "/x", kind="escalation", urgent=True, now=night)
    assert (await mail.send_due_emails(night, settings=smtp_settings))["sent"] == 1
    assert inbox.messages[0]["Subject"] == "[Portal Pintar] PENTING: Server mati"
    assert "PENTING" in inbox.messages[0].get_body(preferencelist=("plain",)).get_content()


async def test_opt_out_gets_no_email_but_the_notice(smtp_settings, inbox):
    await make_person(Role.PJK_TI, username="mau")
    quiet = await make_person(Role.PJK_TI, username="tidakmau")
    await update_preferences(quiet.id, language="id", email_notifications=False)
    ids = await notify(Role.PJK_TI, "Ada tiket baru", "/tiket/9", now=MONDAY_10)
    assert len(ids) == 2
    await mail.send_due_emails(MONDAY_10, settings=smtp_settings)
    assert [m["To"] for m in inbox.messages] == ["mau@contoh.go.id"]


async def test_mail_is_composed_in_the_recipients_language(smtp_settings, inbox):
    p = await make_person(username="bule")
    await update_preferences(p.id, language="en", email_notifications=True)
    await notify(p.id, "Pesan", "/x", now=MONDAY_10)
    await mail.send_due_emails(MONDAY_10, settings=smtp_settings)
    html = inbox.messages[0].get_body(preferencelist=("html",)).get_content()
    assert 'lang="en"' in html


async def test_no_smtp_configured_keeps_mail_queued_and_logs_once(caplog, monkeypatch):
    monkeypatch.setattr(mail, "_warned_unconfigured", False)
    p = await make_person(username="antre")
    await notify(p.id, "Menunggu SMTP", "/x", now=MONDAY_10)
    unconfigured = dataclasses.replace(get_settings(), smtp_host="")
    with caplog.at_level(logging.WARNING, logger="pintar.notify"):
        for _ in range(3):
            result = await mail.send_due_emails(MONDAY_10, settings=unconfigured)
            assert result["configured"] is False
    warnings = [r for r in caplog.records if "SMTP" in r.getMessage()]
    assert len(warnings) == 1 and "1 e-mail" in warnings[0].getMessage()
    row = await OutgoingEmail.select().first()
    assert row["sent_at"] is None and row["attempts"] == 0


# --- the outbox sweep is idempotent -------------------------------------------------------------


async def _three_mails():
    people = [await make_person(username=f"tiga{i}") for i in range(3)]
    for person in people:
        await notify(person.id, f"Untuk {person.username}", "/x", now=MONDAY_10)
    return people


async def test_sweep_run_twice_sends_nothing_twice(smtp_settings, inbox):
    await _three_mails()
    assert (await mail.send_due_emails(MONDAY_10, settings=smtp_settings))["sent"] == 3
    assert (await mail.send_due_emails(MONDAY_10, settings=smtp_settings))["sent"] == 0
    assert sorted(m["To"] for m in inbox.messages) == [f"tiga{i}@contoh.go.id" for i in range(3)]


async def test_sweep_killed_after_two_sends_loses_and_repeats_nothing(
    smtp_settings, inbox, monkeypatch
):
    await _three_mails()
    real_mark = mail._mark_sent
    marked = []

    async def mark_then_die(email_id, now):
        await real_mark(email_id, now)
        marked.append(email_id)
        if len(marked) == 2:
            raise SystemExit("worker killed")

    monkeypatch.setattr(mail, "_mark_sent", mark_then_die)
    with pytest.raises(SystemExit):
        await mail.send_due_emails(MONDAY_10, settings=smtp_settings)
    assert len(inbox.messages) == 2
    monkeypatch.setattr(mail, "_mark_sent", real_mark)
    later = MONDAY_10 + dt.timedelta(minutes=1)
    assert (await mail.send_due_emails(later, settings=smtp_settings))["sent"] == 1
    assert sorted(m["To"] for m in inbox.messages) == [f"tiga{i}@contoh.go.id" for i in range(3)]


async def test_sweep_killed_while_connecting_leaves_nothing_leased(smtp_settings, inbox, monkeypatch):
    await _three_mails()

    def die(settings):
        raise SystemExit("worker killed while connecting")

    monkeypatch.setattr(mail, "connect", die)
    with pytest.raises(SystemExit):
        await mail.send_due_emails(MONDAY_10, settings=smtp_settings)
    monkeypatch.undo()
    # It connects before claiming, so nothing waits for a lease: all three go at the next run.
    assert await OutgoingEmail.count().where(OutgoingEmail.claimed_until.is_not_null()) == 0
    soon = MONDAY_10 + dt.timedelta(minutes=1)
    assert (await mail.send_due_emails(soon, settings=smtp_settings))["sent"] == 3
    assert sorted(m["To"] for m in inbox.messages) == [f"tiga{i}@contoh.go.id" for i in range(3)]


async def test_sweep_killed_after_claiming_sends_later_not_never(smtp_settings, inbox, monkeypatch):
    await _three_mails()

    def die(msg):
        raise SystemExit("worker killed while sending")

    real_connect = mail.connect

    def connect_then_die(settings):
        smtp = real_connect(settings)
        smtp.send_message = die
        return smtp

    monkeypatch.setattr(mail, "connect", connect_then_die)
    with pytest.raises(SystemExit):
        await mail.send_due_emails(MONDAY_10, settings=smtp_settings)
    monkeypatch.undo()
    # The first e-mail is leased to the dead sweep; the others go at once …
    soon = MONDAY_10 + dt.timedelta(minutes=1)
    assert (await mail.send_due_emails(soon, settings=smtp_settings))["sent"] == 2
    # … and it goes when the (short) lease runs out: within about two minutes, not ten.
    assert mail.LEASE <= dt.timedelta(minutes=2)
    assert mail.LEASE.total_seconds() > mail.SMTP_TIMEOUT * mail.SMTP_STEPS
    after_lease = MONDAY_10 + mail.LEASE + dt.timedelta(seconds=1)
    assert (await mail.send_due_emails(after_lease, settings=smtp_settings))["sent"] == 1
    assert sorted(m["To"] for m in inbox.messages) == [f"tiga{i}@contoh.go.id" for i in range(3)]


async def test_accepted_then_killed_is_sent_again_with_the_same_message_id(
    smtp_settings, inbox, monkeypatch
):
    """At least once: the server accepted it, the worker died before marking it sent. The copy
    sent after the lease carries the same Message-ID, so mail clients show one message."""
    p = await make_person(username="sekali")
    await notify(p.id, "Hanya sekali", "/x", now=MONDAY_10)

    async def die(email_id, now):
        raise SystemExit("worker killed after the server accepted")

    monkeypatch.setattr(mail, "_mark_sent", die)
    with pytest.raises(SystemExit):
        await mail.send_due_emails(MONDAY_10, settings=smtp_settings)
    monkeypatch.undo()
    assert len(inbox.messages) == 1
    assert (await mail.send_due_emails(MONDAY_10 + dt.timedelta(seconds=30), settings=smtp_settings))["sent"] == 0
    after_lease = MONDAY_10 + mail.LEASE + dt.timedelta(seconds=1)
    assert (await mail.send_due_emails(after_lease, settings=smtp_settings))["sent"] == 1
    assert len(inbox.messages) == 2
    first, again = inbox.messages
    assert first["Message-ID"] == again["Message-ID"] and first["Message-ID"].startswith("<pintar.")
    assert first["Date"] == again["Date"] and first["Subject"] == again["Subject"]


async def test_concurrent_sweeps_send_each_mail_once(smtp_settings, inbox):
    await _three_mails()
    results = await asyncio.gather(
        *[mail.send_due_emails(MONDAY_10, settings=smtp_settings) for _ in range(4)]
    )
    assert sum(r["sent"] for r in results) == 3
    assert len(inbox.messages) == 3
