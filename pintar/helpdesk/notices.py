"""Who hears about each step of a ticket, and what they read (recorded in the same transaction
as the change itself).

- a new ticket: every Teknisi and PJK TI;
- assigned by PJK TI: the technician;
- taken, held (waiting for a licence/hardware), resumed, rejected, installed and waiting for the
  requester's confirmation: the requester;
- confirmed (with the rating) or sent back by the requester: the technician;
- a comment: the other side (the requester, or the technician; technicians as a group while the
  ticket is still unassigned).
"""

from __future__ import annotations

from typing import Any, Mapping

from pintar.auth.roles import Role
from pintar.i18n import gettext as _
from pintar.notify import service as notify
from pintar.workflow import Transition

TECHNICIANS = [Role.TEKNISI, Role.PJK_TI]
OBJ_TYPE = "helpdesk.ticket"  # what the notifications are about


async def _send(recipients: list, message: str, ticket_id: int, **kw: Any) -> None:
    await notify.notify([r for r in recipients if r], message, link(ticket_id),
                        obj=(OBJ_TYPE, ticket_id), **kw)


def link(ticket_id: int) -> str:
    return f"/halocik/tiket/{ticket_id}"


async def opened(ticket_id: int, number: str, values: Mapping[str, Any], user: Any) -> None:
    what = values.get("software_label") or _("bantuan TI")
    await _send(
        TECHNICIANS,
        _("Tiket baru %(n)s dari %(who)s: %(what)s.", n=number, who=user.name, what=what),
        ticket_id, subject=_("Tiket HaloCik baru %(n)s", n=number), kind="action",
    )


async def stepped(ticket: Mapping[str, Any], t: Transition, actor: Any, note: str) -> None:
    n, tid = ticket["number"], ticket["id"]
    requester, assignee = ticket["requester"], ticket["assignee"]
    reason = f" {_('Alasan')}: {note}" if note else ""
    # action: the recipient has to do something next; info: for their knowledge.
    messages: dict[str, tuple[list, str, str]] = {
        "ambil": ([requester], _("Tiket %(n)s diambil oleh %(who)s.", n=n, who=actor.name), "info"),
        "tugaskan": ([assignee], _("Anda ditugaskan menangani tiket %(n)s.", n=n), "action"),
        "tunggu_lisensi": ([requester], _("Tiket %(n)s ditunda: menunggu lisensi.", n=n) + reason, "info"),
        "tunggu_perangkat": ([requester], _("Tiket %(n)s ditunda: menunggu peningkatan perangkat keras.", n=n) + reason, "info"),
        "lanjutkan": ([requester], _("Tiket %(n)s dilanjutkan: sarana sudah tersedia.", n=n), "info"),
        "tolak": ([requester], _("Tiket %(n)s ditolak.", n=n) + reason, "info"),
        "tolak_awal": ([requester], _("Tiket %(n)s ditolak.", n=n) + reason, "info"),
        "serahkan": ([requester], _("Tiket %(n)s sudah selesai dikerjakan. Mohon periksa lalu konfirmasi.", n=n), "action"),
        "tangani": ([requester], _("Tiket %(n)s sudah ditangani. Mohon periksa lalu konfirmasi.", n=n), "action"),
        "konfirmasi": ([assignee], _("Pemohon mengonfirmasi tiket %(n)s (nilai %(r)s).", n=n, r=ticket.get("rating")), "info"),
        "tolak_hasil": ([assignee], _("Pemohon mengembalikan tiket %(n)s.", n=n) + reason, "action"),
    }
    entry = messages.get(t.name)
    if entry is None:
        return
    recipients, message, kind = entry
    recipients = [r for r in recipients if r and r != actor.id]
    await _send(recipients, message, tid, kind=kind)


async def commented(ticket: Mapping[str, Any], author: Any, body: str) -> None:
    short = body if len(body) <= 120 else body[:117] + "..."
    message = _("Komentar baru pada tiket %(n)s dari %(who)s: %(text)s", n=ticket["number"],
                who=author.name, text=short)
    if author.id == ticket["requester"]:
        recipients: list = [ticket["assignee"]] if ticket["assignee"] else list(TECHNICIANS)
    else:
        recipients = [ticket["requester"]]
    await _send([r for r in recipients if r != author.id], message, ticket["id"])


async def overdue(ticket: Mapping[str, Any], step: Any) -> None:
    """A step passed its standard: its technician and PJK TI, or every technician while
    nobody has taken the ticket."""
    recipients = [ticket["assignee"], Role.PJK_TI] if ticket["assignee"] else [*TECHNICIANS]
    await _send(
        recipients,
        _("Tiket %(n)s melewati standar waktu langkah “%(step)s” (%(std)s).",
          n=ticket["number"], step=str(step.label),
          std=step.standard.label if step.standard else "-"),
        ticket["id"], kind="escalation",
    )


async def confirm_reminder(ticket: Mapping[str, Any]) -> None:
    """The requester has not confirmed within their own standard (SOP-052 step 6)."""
    await _send(
        [ticket["requester"]],
        _("Pengingat: tiket %(n)s menunggu konfirmasi Anda. Periksa perangkat lunaknya, "
          "lalu konfirmasi atau kembalikan ke teknisi.", n=ticket["number"]),
        ticket["id"], kind="reminder",
    )


async def seen(person_id: int, ticket_id: int) -> None:
    """The person opened the ticket: its notifications to them count as read."""
    await notify.mark_object_read(person_id, (OBJ_TYPE, ticket_id))
