"""What the screens show: my requests, IT's queue with step ages, one request's detail."""

from __future__ import annotations

import datetime as dt

from pintar import clock
from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.errors import Forbidden
from pintar.files import service as files
from pintar.i18n import gettext as _
from pintar.zoom import accounts, deps, slots
from pintar.zoom.booking import row
from pintar.zoom.flow import CHANGEABLE, ZOOM, is_it, relations
from pintar.zoom.tables import ZoomBooking

OWNER_KIND = "zoom_booking"  # documents (the memo/invitation) attached to a request
QUEUE_STATES = ("diajukan", "didisposisi", "rekaman", "lisensi")
_COLUMNS = (
    ZoomBooking.all_columns(),
    ZoomBooking.account.name.as_alias("account_name"),
    ZoomBooking.requester.name.as_alias("requester_name"),
    ZoomBooking.team.name.as_alias("team_name"),
    ZoomBooking.handler.name.as_alias("handler_name"),
)


def may_view(user, booking: dict) -> bool:
    """The requester and IT (PJK TIP, PJK TI, admins) see a request in full."""
    return user is not None and (booking["requester"] == user.id or is_it(user))


async def can_view_document(user, booking_id: int) -> bool:
    """For the files service: who may download a request's memo/invitation."""
    found = await ZoomBooking.select(ZoomBooking.requester).where(ZoomBooking.id == booking_id).first()
    return found is not None and may_view(user, found)


files.register_owner(OWNER_KIND, can_view_document)


def _actions(booking: dict, user, now: dt.datetime) -> list[str]:
    """Transition names this person may offer on this booking now."""
    names = [t.name for t in ZOOM.available(booking["state"], user, relations(booking, user))]
    if booking["starts_at"] <= now:
        names = [n for n in names if n not in ("setujui", "ubah", "ubah_dicek", "batal", "disposisi")
                 or (n == "batal" and booking["state"] == "ditolak")]
    if booking["state"] == "rekaman" and "lewati_rekaman" in names and booking["requester"] == user.id \
            and not user.has_role(Role.PJK_TI):
        names.remove("lewati_rekaman")
    return [n for n in names if n not in ("ubah", "ubah_dicek")]


def current_step(events: list[dict], cal, now: dt.datetime) -> wf.Step | None:
    return wf.current(wf.steps(ZOOM, events, cal, now))


async def mine(user, now: dt.datetime | None = None, limit: int = 100) -> list[dict]:
    now = now or clock.now()
    rows = await (
        ZoomBooking.select(*_COLUMNS)
        .where(ZoomBooking.requester == user.id)
        .order_by(ZoomBooking.starts_at, ascending=False)
        .limit(limit)
    )
    for b in rows:
        _decorate(b, user, now)
    upcoming = sorted((b for b in rows if b["ends_at"] > now), key=lambda b: b["starts_at"])
    past = [b for b in rows if b["ends_at"] <= now]
    return upcoming + past


def _decorate(b: dict, user, now: dt.datetime) -> dict:
    state = ZOOM.state(b["state"])
    b["state_label"] = str(state.label)
    b["state_words"] = str(state.description)
    b["actions"] = _actions(b, user, now)
    b["changeable"] = (
        b["state"] in CHANGEABLE and b["starts_at"] > now and b["requester"] == getattr(user, "id", None)
    )
    b["running"] = b["starts_at"] <= now < b["ends_at"]
    return b


async def queue(user, *, only_mine: bool = False, now: dt.datetime | None = None) -> list[dict]:
    """Requests waiting for IT (and for the recording), oldest step first, with step ages."""
    now = now or clock.now()
    query = ZoomBooking.select(*_COLUMNS).where(ZoomBooking.state.is_in(list(QUEUE_STATES)))
    if only_mine:
        mine_states = []
        if user.has_role(Role.KETUA_TIP):
            mine_states.append(ZoomBooking.state == "diajukan")
        if user.has_role(Role.PJK_TI):
            mine_states.append(
                ZoomBooking.state.is_in(["didisposisi", "rekaman", "lisensi"])
                & ((ZoomBooking.handler == user.id) | ZoomBooking.handler.is_null())
            )
        if not mine_states:
            return []
        cond = mine_states[0]
        for extra in mine_states[1:]:
            cond = cond | extra
        query = query.where(cond)
    rows = await query.order_by(ZoomBooking.state_since).limit(300)
    return await decorate_rows(rows, user, now)


async def decorate_rows(rows: list[dict], user, now: dt.datetime) -> list[dict]:
    cal = await deps.load_calendar()
    histories = await wf.histories(ZOOM, [b["id"] for b in rows])
    officers = None
    for b in rows:
        _decorate(b, user, now)
        b["step"] = current_step(histories[b["id"]], cal, now)
        if "setujui" in b["actions"]:
            b["options"] = await slots.accounts_for(b["starts_at"], b["ends_at"], b["participants"], b["id"])
            b["proposed"] = next(
                (a["id"] for a in b["options"] if a["id"] == b["account"] and a["free"] and a["fits"]),
                (slots.choose(b["options"]) or {}).get("id"),
            )
        if "disposisi" in b["actions"]:
            if officers is None:
                from pintar.zoom.handling import it_officers

                officers = await it_officers()
            b["officers"] = officers
    return rows


async def queue_row(user, booking_id: int, now: dt.datetime | None = None) -> dict:
    b = await row(booking_id)
    if not is_it(user):
        raise Forbidden(_("Anda tidak berhak membuka halaman ini."))
    return (await decorate_rows([b], user, now or clock.now()))[0]


async def detail(user, booking_id: int, now: dt.datetime | None = None) -> dict:
    """Everything the request page shows to this person (credentials only when allowed)."""
    now = now or clock.now()
    b = await row(booking_id)
    full = may_view(user, b)
    view = {"booking": _decorate(b, user, now), "full": full, "steps": [], "credentials": None,
            "documents": [], "credentials_from": b["starts_at"] - accounts.CREDENTIALS_LEAD}
    if not full:
        b["actions"] = []
        b["changeable"] = False
        return view
    cal = await deps.load_calendar()
    view["steps"] = wf.steps(ZOOM, await wf.history(ZOOM, booking_id), cal, now)
    view["credentials"] = await accounts.credentials_for_booking(user, b, now)
    if {"setujui", "disposisi"} & set(b["actions"]):
        await decorate_rows([b], user, now)
    view["documents"] = await files.documents_of(OWNER_KIND, booking_id)
    return view
