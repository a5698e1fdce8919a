"""Every text the Zoom module sends to a person, one function per event.

Called inside the transaction of the change they announce (a rolled-back change sends nothing).
Messages never carry account credentials: they say where to look (the request's page).
Everything goes out through :func:`send` (the one seam the tests watch), which hands it to the
notifications service (in-app, e-mail held to office hours unless urgent).
"""

from __future__ import annotations

from typing import Any, Iterable

from pintar.auth.roles import Role
from pintar.i18n import gettext as _
from pintar.notify import notify as _notify


async def send(recipients: Iterable[int | str], message: str, link: str, *, kind: str = "info",
               urgent: bool = False, obj: Any = None) -> None:
    await _notify(list(recipients), message, link, kind=kind, urgent=urgent, obj=obj)


def link(booking_id: int) -> str:
    return f"/zoom/{booking_id}"


def _obj(booking_id: int) -> tuple[str, int]:
    return ("zoom.booking", booking_id)


def _handler(b: dict) -> int | str:
    """The PJK TI the request was passed to, or every PJK TI when none was."""
    return b.get("handler") or Role.PJK_TI


async def submitted(booking_id: int, title: str) -> None:
    """SOP step 2 waits for the PJK TIP."""
    await send([Role.KETUA_TIP],
               _("Permintaan Zoom baru #%(id)s: %(t)s. Mohon disposisi ke PJK TI.", id=booking_id, t=title),
               link(booking_id), kind="action", obj=_obj(booking_id))


async def forwarded(b: dict, handler_id: int) -> None:
    """SOP step 3 waits for the PJK TI it was passed to."""
    await send([handler_id],
               _("Disposisi permintaan Zoom #%(id)s: %(t)s. Mohon cek jadwal dan tetapkan akun.",
                 id=b["id"], t=b["title"]),
               link(b["id"]), kind="action", obj=_obj(b["id"]))


async def approved(b: dict, account_name: str) -> None:
    await send([b["requester"]],
               _("Permintaan Zoom #%(id)s disetujui: akun %(a)s. Detail login tampil di portal "
                 "mulai 1 jam sebelum rapat.", id=b["id"], a=account_name),
               link(b["id"]), obj=_obj(b["id"]))


async def rejected(b: dict, reason: str) -> None:
    await send([b["requester"]],
               _("Permintaan Zoom #%(id)s ditolak: %(r)s. Anda dapat mengubah waktunya.",
                 id=b["id"], r=reason),
               link(b["id"]), obj=_obj(b["id"]))


async def changed(b: dict, to_handler: bool) -> None:
    """The requester changed the times: whoever checks it next is asked to look again."""
    await send([b["handler"]] if to_handler else [Role.KETUA_TIP],
               _("Permintaan Zoom #%(id)s diubah waktunya; mohon dicek ulang.", id=b["id"]),
               link(b["id"]), kind="action", obj=_obj(b["id"]))


async def cancelled(b: dict) -> None:
    """The PJK TI already working on it is told (before that, nobody needs to be)."""
    await send([b["handler"]],
               _("Permintaan Zoom #%(id)s (%(t)s) dibatalkan pemohon.", id=b["id"], t=b["title"]),
               link(b["id"]), obj=_obj(b["id"]))


async def rehomed(b: dict, account_name: str | None) -> None:
    """The booking's account was deactivated or shrunk."""
    message = (
        _("Akun Zoom untuk permintaan #%(id)s diganti menjadi %(a)s dan perlu dicek ulang PJK TI.",
          id=b["id"], a=account_name)
        if account_name
        else _("Akun Zoom untuk permintaan #%(id)s tidak lagi tersedia dan belum ada akun pengganti.",
               id=b["id"])
    )
    await send([b["requester"], _handler(b)], message, link(b["id"]), kind="action",
               obj=_obj(b["id"]))


async def expired(b: dict, reason: str) -> None:
    await send([b["requester"], Role.KETUA_TIP],
               _("Permintaan Zoom #%(id)s (%(t)s) kedaluwarsa: %(n)s Silakan ajukan ulang bila masih perlu.",
                 id=b["id"], t=b["title"], n=reason),
               link(b["id"]), kind="reminder", urgent=True, obj=_obj(b["id"]))


async def login_details(b: dict) -> None:
    """An hour before the start: the login details are on the request's page."""
    await send([b["requester"]],
               _("Detail login akun %(a)s untuk “%(t)s” sudah dapat dilihat di portal.",
                 a=b["account_name"] or "Zoom", t=b["title"]),
               link(b["id"]), kind="reminder", urgent=True, obj=_obj(b["id"]))


async def meeting_ended(b: dict) -> None:
    """SOP step 4 starts: the requester downloads the cloud recording."""
    await send([b["requester"]],
               _("Rapat “%(t)s” sudah selesai. Segera unduh rekaman cloud dari akun Zoom (paling "
                 "lambat 1 jam), lalu tandai sudah diunduh di portal.", t=b["title"]),
               link(b["id"]), kind="reminder", urgent=True, obj=_obj(b["id"]))


async def recording_unconfirmed(b: dict) -> None:
    """Step 4's hour passed without the requester's confirmation."""
    await send([_handler(b)],
               _("Rekaman rapat #%(id)s (%(t)s) belum dikonfirmasi pemohon 1 jam setelah rapat. "
                 "Hubungi pemohon atau lanjutkan manajemen lisensi.", id=b["id"], t=b["title"]),
               link(b["id"]), kind="escalation", obj=_obj(b["id"]))


async def license_task(b: dict) -> None:
    """SOP step 5 waits for the PJK TI."""
    await send([_handler(b)],
               _("Tugas manajemen lisensi: akun %(a)s setelah rapat #%(id)s (%(t)s). Ganti kata "
                 "sandi atau host key, kembalikan pengaturan dasar, lalu tandai selesai.",
                 a=b["account_name"] or "Zoom", id=b["id"], t=b["title"]),
               link(b["id"]), kind="action", obj=_obj(b["id"]))


def done(action: str) -> str:
    """What the person who made a step is told (the flash, or the queue row's note)."""
    texts = {
        "disposisi": _("Diteruskan ke PJK TI."),
        "setujui": _("Akun ditetapkan; pemohon diberi tahu."),
        "tolak": _("Permintaan ditolak; pemohon diberi tahu."),
        "batal": _("Permintaan dibatalkan."),
        "rekaman_diunduh": _("Terima kasih. PJK TI akan mengelola lisensi akun."),
        "lewati_rekaman": _("Lanjut ke manajemen lisensi."),
        "lisensi_beres": _("Lisensi sudah dikelola; permintaan selesai."),
    }
    return texts.get(action, _("Tersimpan."))
