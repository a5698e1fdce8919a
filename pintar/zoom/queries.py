"""What the screens read: my requests, IT's queue with step ages, one request's page — each
row with its view model (state label and tone, what the viewer may do now). Read-only."""

from __future__ import annotations

import datetime as dt

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.errors import Forbidden
from pintar.files import service as files
from pintar.i18n import gettext as _
from pintar.office.calendar import WorkCalendar
from pintar.zoom import accounts, service, slots
from pintar.zoom.flow import ACTIONS, CHANGES, ZOOM, is_it, relations
from pintar.zoom.tables import ZoomBooking

_COLUMNS = (
    ZoomBooking.all_columns(),
    ZoomBooking.account.name.as_alias("account_name"),
    ZoomBooking.requester.name.as_alias("requester_name"),
    ZoomBooking.team.name.as_alias("team_name"),
    ZoomBooking.handler.name.as_alias("handler_name"),
)


def _decorate(b: dict, user, now: dt.datetime) -> dict:
    """The row's view model: its state (label, words, tone), what this person may do now (the
    workflow's transitions whose preconditions hold), whether they may change the times."""
    state = ZOOM.state(b["state"])
    b["state_label"] = str(state.label)
    b["state_words"] = str(state.description)
    b["state_tone"] = state.tone
    b["pending"] = "pending" in state.tags
    available = ZOOM.available(b, user, relations(b, user), now=now) if user is not None else []
    b["actions"] = [t for t in available if t.name in ACTIONS]
    b["changeable"] = any(t.name in CHANGES for t in available)
    b["running"] = b["starts_at"] <= now < b["ends_at"]
    return b


async def _action_inputs(rows: list[dict]) -> None:
    """What the actions' extra fields offer: the PJK TI to pass to, the accounts to assign."""
    officers = None
    for b in rows:
        names = {t.name for t in b["actions"]}
        if "setujui" in names:
            b["options"] = await slots.accounts_for(b["starts_at"], b["ends_at"], b["participants"], b["id"])
            b["proposed"] = next(
                (a["id"] for a in b["options"] if a["id"] == b["account"] and a["free"] and a["fits"]),
                (slots.choose(b["options"]) or {}).get("id"),
            )
        if "disposisi" in names:
            if officers is None:
                officers = await service.it_officers()
            b["officers"] = officers


async def mine(user, now: dt.datetime, limit: int = 100) -> list[dict]:
    """The person's requests: upcoming ones first (soonest first), then the past."""
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


async def queue(user, calendar: WorkCalendar, now: dt.datetime, *, only_mine: bool = False) -> list[dict]:
    """Requests waiting for IT (and for the recording), oldest step first, with step ages."""
    query = ZoomBooking.select(*_COLUMNS).where(
        ZoomBooking.state.is_in(list(ZOOM.codes(tag="queue"))))
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
    return await _queue_rows(rows, user, calendar, now)


async def _queue_rows(rows: list[dict], user, calendar: WorkCalendar, now: dt.datetime) -> list[dict]:
    histories = await wf.histories(ZOOM, [b["id"] for b in rows])
    for b in rows:
        _decorate(b, user, now)
        lines = wf.timeline(ZOOM, histories[b["id"]], calendar, now)
        b["step"] = lines[-1] if lines and lines[-1].running else None
    await _action_inputs(rows)
    return rows


async def queue_row(user, booking_id: int, calendar: WorkCalendar, now: dt.datetime) -> dict:
    """One row of IT's queue (what an in-place action answers with)."""
    if not is_it(user):
        raise Forbidden(_("Anda tidak berhak membuka halaman ini."))
    b = await service.row(booking_id)
    return (await _queue_rows([b], user, calendar, now))[0]


async def detail(user, booking_id: int, calendar: WorkCalendar, now: dt.datetime) -> dict:
    """Everything the request page shows to this person: in full to the requester and IT (the
    timeline, the documents, the login details when allowed), a summary to everyone else."""
    b = await service.row(booking_id)
    full = service.may_view(user, b)
    view = {"booking": _decorate(b, user, now), "full": full, "lines": [], "credentials": None,
            "documents": [], "credentials_from": b["starts_at"] - accounts.CREDENTIALS_LEAD,
            "credentials_later": False}
    if not full:
        b["actions"] = []
        b["changeable"] = False
        return view
    view["lines"] = wf.timeline(ZOOM, await wf.history(ZOOM, booking_id), calendar, now)
    view["credentials"] = await accounts.credentials_for_booking(user, b, now)
    # The requester of an approved meeting is told when the login details will show.
    view["credentials_later"] = (view["credentials"] is None and b["requester"] == user.id
                                 and "credentials" in ZOOM.state(b["state"]).tags)
    await _action_inputs([b])
    view["documents"] = await files.documents_of(service.OWNER_KIND, booking_id)
    return view
