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
from pintar.helpdesk import adapters
from pintar.i18n import gettext as _
from pintar.workflow import Transition

TECHNICIANS = [Role.TEKNISI, Role.PJK_TI]


def link(ticket_id: int) -> str:
    return f"/halocik/tiket/{ticket_id}"


async def opened(ticket_id: int, number: str, values: Mapping[str, Any], user: Any) -> None:
    what = values.get("software_label") or _("bantuan TI")
    await adapters.notify(
        TECHNICIANS,
        _("Tiket baru %(n)s dari %(who)s: %(what)s.", n=number, who=user.name, what=what),
        link(ticket_id), subject=_("Tiket HaloCik baru %(n)s", n=number), kind="action",
        obj=(adapters.OBJ_TYPE, ticket_id),
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
    await adapters.notify(recipients, message, link(tid), kind=kind, obj=(adapters.OBJ_TYPE, tid))


async def commented(ticket: Mapping[str, Any], author: Any, body: str) -> None:
    short = body if len(body) <= 120 else body[:117] + "..."
    message = _("Komentar baru pada tiket %(n)s dari %(who)s: %(text)s", n=ticket["number"],
                who=author.name, text=short)
    if author.id == ticket["requester"]:
        recipients: list = [ticket["assignee"]] if ticket["assignee"] else list(TECHNICIANS)
    else:
        recipients = [ticket["requester"]]
    await adapters.notify([r for r in recipients if r != author.id], message, link(ticket["id"]),
                          obj=(adapters.OBJ_TYPE, ticket["id"]))
