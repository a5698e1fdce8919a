"""Secret tokens (kiosk, office feed, personal feeds) and the iCal feeds (RFC 5545).

Feeds carry titles, times, team and account names — never login details.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from pintar import clock
from pintar.config import get_settings
from pintar.db import is_unique_violation, write_transaction
from pintar.zoom.flow import ZOOM
from pintar.zoom.tables import ZoomBooking, ZoomToken

_TOKEN = re.compile(r"[A-Za-z0-9_-]+")

KIOSK = "kiosk"
OFFICE_FEED = "office_feed"
PERSON_FEED = "person_feed"
KINDS = (KIOSK, OFFICE_FEED, PERSON_FEED)
FEED_PAST = dt.timedelta(days=90)
FEED_FUTURE = dt.timedelta(days=366)


def _where(kind: str, person_id: int | None):
    cond = ZoomToken.kind == kind
    if kind == PERSON_FEED:
        cond = cond & (ZoomToken.person == person_id)
    return cond


async def token_for(kind: str, person_id: int | None = None) -> str:
    """The current token of a kind (made on first use)."""
    if kind not in KINDS:
        raise ValueError(kind)
    found = await ZoomToken.select(ZoomToken.token).where(_where(kind, person_id)).first()
    if found:
        return found["token"]
    return await rotate(kind, person_id)


async def rotate(kind: str, person_id: int | None = None) -> str:
    """Replace the token: the old address stops working at once."""
    if kind not in KINDS:
        raise ValueError(kind)
    for _attempt in range(3):
        token = secrets.token_urlsafe(24)
        try:
            async with write_transaction():
                await ZoomToken.delete().where(_where(kind, person_id))
                await ZoomToken.insert(
                    ZoomToken(kind=kind, person=person_id if kind == PERSON_FEED else None,
                              token=token, created_at=clock.now())
                )
            return token
        except Exception as exc:
            if not is_unique_violation(exc):
                raise
    raise RuntimeError("could not make a unique token")


async def resolve(token: str | None, kinds: tuple[str, ...]) -> dict | None:
    """The token's row when it exists and is of one of ``kinds``."""
    # Tokens are secrets.token_urlsafe: anything else (a NUL byte, which PostgreSQL refuses in
    # text, or any other character) names no token and never reaches the database.
    if not token or len(token) > 64 or not _TOKEN.fullmatch(token):
        return None
    found = await ZoomToken.select(ZoomToken.kind, ZoomToken.person, ZoomToken.token).where(
        ZoomToken.token == token
    ).first()
    if found is None or found["kind"] not in kinds or not secrets.compare_digest(found["token"], token):
        return None
    return found


# --- iCalendar ---------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF + space (RFC 5545 3.1)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode())
        if size + n > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


async def ical(token_row: dict, now: dt.datetime) -> str:
    settings = get_settings()
    host = settings.base_url.split("://", 1)[-1].split("/", 1)[0] or "pintar"
    query = ZoomBooking.select(
        ZoomBooking.id, ZoomBooking.title, ZoomBooking.starts_at, ZoomBooking.ends_at,
        ZoomBooking.state, ZoomBooking.version, ZoomBooking.created_at, ZoomBooking.mode,
        ZoomBooking.account.name.as_alias("account_name"), ZoomBooking.team.name.as_alias("team_name"),
    ).where((ZoomBooking.starts_at >= now - FEED_PAST) & (ZoomBooking.starts_at <= now + FEED_FUTURE))
    if token_row["kind"] == PERSON_FEED:
        query = query.where((ZoomBooking.requester == token_row["person"]) & ZoomBooking.state.is_in(list(ZOOM.codes(tag="holding"))))
        name = "Zoom saya"
    else:
        query = query.where(ZoomBooking.state.is_in(list(ZOOM.codes(tag="approved"))))
        name = "Jadwal Zoom kantor"
    rows = await query.order_by(ZoomBooking.starts_at)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Portal Pintar//Zoom//ID", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}",
    ]
    for r in rows:
        account = r["account_name"] or "-"
        description = f"Akun: {account}" + (f" · Tim: {r['team_name']}" if r["team_name"] else "")
        description += f"\n{settings.base_url}/zoom/{r['id']}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:zoom-{r['id']}@{host}",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(r['starts_at'])}",
            f"DTEND:{_stamp(r['ends_at'])}",
            f"SEQUENCE:{r['version']}",
            f"SUMMARY:{_escape(r['title'])}",
            f"LOCATION:{_escape('Zoom · ' + account)}",
            f"DESCRIPTION:{_escape(description)}",
            "STATUS:" + ("CONFIRMED" if r["state"] in ZOOM.codes(tag="approved") else "TENTATIVE"),
            "END:VEVENT",
        ]
    if token_row["kind"] == PERSON_FEED:
        # The person's activities on the office agenda (owner, leader or participant).
        from pintar.agenda import service as agenda

        for a in await agenda.activities_of_person(token_row["person"], now - FEED_PAST, now + FEED_FUTURE):
            place = a["room_name"] or agenda.method_label(a["method"])
            lines += [
                "BEGIN:VEVENT",
                f"UID:agenda-{a['id']}@{host}",
                f"DTSTAMP:{_stamp(now)}",
                f"DTSTART:{_stamp(a['starts_at'])}",
                f"DTEND:{_stamp(a['ends_at'])}",
                f"SEQUENCE:{a['version']}",
                f"SUMMARY:{_escape(a['title'])}",
                f"LOCATION:{_escape(place)}",
                f"DESCRIPTION:{_escape(settings.base_url + '/agenda/' + str(a['id']))}",
                "STATUS:" + ("CANCELLED" if a["state"] == "dibatalkan" else "CONFIRMED"),
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
