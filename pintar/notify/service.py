"""Notifications: one call writes the in-app notice and queues the e-mail; the rules, no HTTP.

    from pintar.notify import notify

    await notify([requester_id, Role.PJK_TI], "Permintaan Zoom #12 disetujui.", "/zoom/12",
                 kind="info", obj=("zoom.booking", 12))
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from piccolo.query.functions.aggregate import Count, Max
from piccolo.table import Table

from pintar import clock
from pintar.auth.roles import Role
from pintar.auth.service import people_with_role
from pintar.auth.tables import Person
from pintar.config import get_settings
from pintar.db import write_transaction
from pintar.errors import Forbidden, NotFound, UserError
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.notify import mail
from pintar.notify.hours import next_office_moment
from pintar.notify.tables import Notification, OutgoingEmail
from pintar.web.urls import is_safe_local_url

KINDS = {
    "info": _l("Info"),
    "action": _l("Perlu tindakan"),
    "reminder": _l("Pengingat"),
    "escalation": _l("Eskalasi"),
}
HELD_KINDS = frozenset({"reminder", "escalation"})  # wait for office hours unless urgent
PAGE_SIZE = 20
MAX_MESSAGE = 2000

Recipient = Any  # a person id, a role code (Role), or anything with an ``id``



def clean_link(link: str | None) -> str:
    """A path inside the portal (``/zoom/12``); an absolute URL of this portal is shortened."""
    link = (link or "").strip()
    base = get_settings().base_url
    if link == base or link.startswith(base + "/"):
        link = link[len(base) :]
    if not link:
        return "/notifikasi"
    if len(link) > 500 or not is_safe_local_url(link):
        raise UserError(
            _("Tautan harus berupa alamat di dalam portal, misalnya /zoom/12."), field="link"
        )
    return link


def absolute_url(link: str) -> str:
    return get_settings().base_url + (link or "/")


def _object_ref(obj: Any) -> tuple[str, int | None]:
    if obj is None:
        return "", None
    if isinstance(obj, Table):
        return obj._meta.tablename, int(getattr(obj, obj._meta.primary_key._meta.name))
    kind, ident = obj
    return str(kind)[:60], int(ident)


async def resolve_recipients(recipients: Recipient | Iterable[Recipient]) -> list[dict]:
    """Active people named by ids and/or role codes, each once (``Role.PEGAWAI`` = everyone)."""
    if isinstance(recipients, (int, str)) or hasattr(recipients, "id"):
        recipients = [recipients]
    ids: set[int] = set()
    roles: set[str] = set()
    for r in recipients:
        if isinstance(r, bool):
            raise TypeError("a recipient is a person id or a role code")
        if isinstance(r, int):
            ids.add(r)
        elif isinstance(r, str):
            if r not in Role._value2member_map_:
                raise ValueError(f"unknown role {r!r}")
            roles.add(str(r))
        elif isinstance(r, dict) and "id" in r:
            ids.add(int(r["id"]))
        elif hasattr(r, "id"):
            ids.add(int(r.id))
        else:
            raise TypeError(f"cannot notify {r!r}")
    everyone = Role.PEGAWAI in roles
    roles.discard(Role.PEGAWAI)
    if roles:
        ids |= {p["id"] for p in await people_with_role(*roles)}
    query = Person.select(
        Person.id, Person.name, Person.email, Person.email_notifications, Person.language
    ).where(Person.active == True)  # noqa: E712
    if not everyone:
        if not ids:
            return []
        query = query.where(Person.id.is_in(sorted(ids)))
    return await query.order_by(Person.id)


async def notify(
    recipients: Recipient | Iterable[Recipient],
    message: str,
    link: str = "",
    *,
    subject: str | None = None,
    kind: str = "info",
    urgent: bool = False,
    obj: Any = None,
    now: dt.datetime | None = None,
) -> list[int]:
    """Notify people in the portal and by e-mail; returns the new notification ids.

    ``recipients``: person ids and/or role codes (``Role.PJK_TI`` = all its active holders).
    ``link``: the object's page (``/zoom/12``). ``kind``: info | action | reminder | escalation;
    reminders and escalations are e-mailed at the next office hour unless ``urgent``.
    ``obj``: what it is about, ``("zoom.booking", 12)`` or a table row. Joins the caller's
    transaction, so a sweep can claim and notify atomically. People who turned e-mail off (or
    have no address) get the in-app notice only.
    """
    message = (message or "").strip()
    if not message:
        raise UserError(_("Pesan notifikasi wajib diisi."), field="message")
    if len(message) > MAX_MESSAGE:
        raise UserError(_("Pesan terlalu panjang (maks. %(n)s karakter).", n=MAX_MESSAGE))
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    link = clean_link(link)
    obj_type, obj_id = _object_ref(obj)
    now = (now or clock.now()).astimezone(dt.timezone.utc)
    people = await resolve_recipients(recipients)
    if not people:
        return []
    mailable = {p["id"] for p in people if p["email"] and p["email_notifications"]}
    send_at = now
    if mailable and kind in HELD_KINDS and not urgent:
        send_at = await next_office_moment(now)
    office_name = await mail.office_name() if mailable else ""
    ids: list[int] = []
    async with write_transaction():
        for person in people:
            rows = await Notification.insert(
                Notification(
                    person=person["id"],
                    message=message,
                    link=link,
                    kind=kind,
                    urgent=urgent,
                    obj_type=obj_type,
                    obj_id=obj_id,
                    created_at=now,
                )
            ).returning(Notification.id)
            ids.append(rows[0]["id"])
            if person["id"] in mailable:
                subj, text, html = mail.compose(
                    person, message, absolute_url(link), subject, office_name, urgent
                )
                await OutgoingEmail.insert(
                    OutgoingEmail(
                        notification=rows[0]["id"],
                        person=person["id"],
                        to=person["email"],
                        subject=subj,
                        text=text,
                        html=html,
                        created_at=now,
                        not_before=send_at,
                    )
                )
    return ids


# --- reading them -----------------------------------------------------------------------------


async def bell_state(person_id: int) -> dict:
    """Unread count and newest unread id: what the bell shows and its ETag is made of."""
    row = await (
        Notification.select(Count(alias="n"), Max(Notification.id, alias="latest"))
        .where((Notification.person == person_id) & Notification.read_at.is_null())
        .first()
    )
    return {"count": (row or {}).get("n") or 0, "latest": (row or {}).get("latest") or 0}


async def list_for(person_id: int, page: int = 1) -> dict:
    total = await Notification.count().where(Notification.person == person_id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    items = await (
        Notification.select()
        .where(Notification.person == person_id)
        .order_by(Notification.id, ascending=False)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    for item in items:
        item["url"] = absolute_url(item["link"])
        item["kind_label"] = KINDS.get(item["kind"], item["kind"])
    return {"items": items, "page": page, "pages": pages, "total": total}


async def mark_read(person_id: int, notification_id: int, now: dt.datetime | None = None) -> str:
    """Mark one of the person's notifications read; returns its link (where to go next)."""
    row = await Notification.select(Notification.person, Notification.link).where(
        Notification.id == notification_id
    ).first()
    if row is None:
        raise NotFound(_("Notifikasi tidak ditemukan."))
    if row["person"] != person_id:
        raise Forbidden(_("Notifikasi ini bukan untuk Anda."))
    await Notification.update({Notification.read_at: now or clock.now()}).where(
        (Notification.id == notification_id) & Notification.read_at.is_null()
    )
    return row["link"] or "/notifikasi"


async def mark_all_read(person_id: int, now: dt.datetime | None = None) -> int:
    done = await Notification.update({Notification.read_at: now or clock.now()}).where(
        (Notification.person == person_id) & Notification.read_at.is_null()
    ).returning(Notification.id)
    return len(done)


async def mark_object_read(person_id: int, obj: Any, now: dt.datetime | None = None) -> int:
    """A module calls this when the person opens the object: its notices count as read."""
    obj_type, obj_id = _object_ref(obj)
    done = await Notification.update({Notification.read_at: now or clock.now()}).where(
        (Notification.person == person_id)
        & (Notification.obj_type == obj_type)
        & (Notification.obj_id == obj_id)
        & Notification.read_at.is_null()
    ).returning(Notification.id)
    return len(done)
