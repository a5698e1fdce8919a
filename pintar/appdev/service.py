"""Application development (SOP-057): the public API and its rules. No HTTP here.

    req = await create_request(form, user, memo_upload, now=now)   # SOP step 1
    await act(req["id"], "disposisi", ketua_tip, form, now=now)     # any step of flow.REQUEST
    await add_note(req["id"], programmer, "Modul login selesai", now=now)
    await save_application(app_id, pjk, form, now=now)               # the catalogue entry
    await open_ticket(app_id, user, form, now=now)                  # maintenance ticket

Every change goes through ``pintar.workflow`` (permission, legality, history, compare-and-set on
the state and the version) inside one write transaction, together with its documents and its
notices: a refused step saves nothing and tells nobody. Refusals are Indonesian ``UserError``s
(``FormInvalid`` lists every wrong field at once).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping
from urllib.parse import urlsplit

from pintar import workflow as wf
from pintar.appdev import flow, notices
from pintar.appdev.tables import (
    Application,
    Note,
    Programmer,
    Request,
    StageDocument,
    StageStandard,
    Ticket,
)
from pintar.auth.roles import Role
from pintar.auth.tables import Person, PersonRole, Team
from pintar.db import write_transaction
from pintar.errors import Conflict, Forbidden, NotFound, UserError
from pintar.files import service as files
from pintar.i18n import gettext as _
from pintar.notify.service import mark_object_read
from pintar.office.workdays import load_calendar
from pintar.web.forms import FormInvalid, Reader

OWNER_KIND = "appdev_request"
TEMPLATE_KIND = "appdev_srs_template"
TEMPLATE_OWNER = 1  # the one SRS template; the newest upload wins
OVERSEERS = (Role.KETUA_TIP, Role.PJK_APLIKASI, Role.KEPALA)  # see every request (Admin too)
REQUESTERS = (Role.KETUA_TIM,)
STANDARD_EDITORS = (Role.KETUA_TIP,)
MAX_DAYS = 260  # a year of working days: no stage standard is longer

REQUEST_FIELDS = ["judul", "tujuan", "pengguna", "tim", "dibuka"]
ACTION_FIELDS = ["aksi", "catatan", "pjk", "programmer", "prototipe_url", "rilis_versi",
                 "rilis_alamat", "rilis_fungsi", "versi"]
APP_FIELDS = ["nama", "tim", "alamat", "rilis", "dirilis", "pengelola", "deskripsi", "cara_ubah",
              "aktif"]
TICKET_FIELDS = ["jenis", "judul", "isi"]


# --- standards (the office may set its own per stage) ------------------------------------------

_flows: dict[tuple, wf.Workflow] = {}


async def request_flow() -> wf.Workflow:
    """The request workflow with the office's standards (the SOP's where it set none)."""
    rows = await StageStandard.select()
    days = {r["stage"]: (r["min_days"], r["max_days"]) for r in rows
            if r["stage"] in flow.DEFAULT_DAYS}
    key = tuple(sorted(days.items()))
    if key not in _flows:
        _flows[key] = flow.build(days)
    return _flows[key]


def read_standards(data: Mapping[str, Any]) -> dict[str, tuple[int | None, int]]:
    """Each stage's ``min_<stage>``/``max_<stage>`` in working days; every error at once."""
    r = Reader(data)
    out: dict[str, tuple[int | None, int]] = {}
    for code, label, _step, _words in flow.STAGES:
        low = r.integer(f"min_{code}", _("Minimum “%(s)s”", s=str(label)), minimum=1,
                        maximum=MAX_DAYS)
        high = r.integer(f"max_{code}", _("Maksimum “%(s)s”", s=str(label)), minimum=1,
                         maximum=MAX_DAYS, required=True)
        if low is not None and high is not None and low > high:
            r.fail(f"min_{code}", _("Minimum “%(s)s” tidak boleh melebihi maksimumnya.",
                                    s=str(label)))
        if high is not None:
            out[code] = (low, high)
    r.done()
    return out


async def set_standards(user: Any, data: Mapping[str, Any], *, now: dt.datetime) -> None:
    """Save the office's standards and re-date the running stages against them."""
    if not user.has_role(*STANDARD_EDITORS):
        raise Forbidden(_("Hanya Ketua TIP yang dapat mengubah standar waktu."))
    days = read_standards(data)
    cal = await load_calendar()
    async with write_transaction():
        await StageStandard.delete(force=True)
        own = [StageStandard(stage=code, min_days=low, max_days=high)
               for code, (low, high) in days.items() if (low, high) != flow.DEFAULT_DAYS[code]]
        if own:
            await StageStandard.insert(*own)
        fl = flow.build(days)
        rows = await Request.select(Request.id).where(Request.closed_at.is_null())
        histories = await wf.histories(fl, [r["id"] for r in rows])
        for request_id, events in histories.items():
            running = wf.current(wf.steps(fl, events, cal, now))
            await Request.update({Request.due_at: running.due_at if running else None}).where(
                Request.id == request_id)


# --- who may see and do what ------------------------------------------------------------------


def may_view(req: Mapping[str, Any], user: Any) -> bool:
    """The people on the request (``flow.relations``), and those who oversee every request."""
    return user is not None and (user.has_role(*OVERSEERS) or bool(flow.relations(req, user)))


async def programmer_ids(request_id: int) -> list[int]:
    rows = await Programmer.select(Programmer.person).where(Programmer.request == request_id)
    return [r["person"] for r in rows]


async def can_view(user: Any, request_id: int) -> bool:
    """For ``/berkas/<id>``: documents of a request are seen by whoever may see the request."""
    row = await Request.select(Request.requester, Request.pjk).where(Request.id == request_id).first()
    if row is None:
        return False
    row["programmers"] = await programmer_ids(request_id)
    return may_view(row, user)


async def _template_visible(user: Any, owner_id: int) -> bool:
    return user is not None  # the SRS template is for every signed-in person


files.register_owner(OWNER_KIND, can_view)
files.register_owner(TEMPLATE_KIND, _template_visible)

_COLUMNS = (
    Request.all_columns(),
    Request.requester.name.as_alias("requester_name"),
    Request.pjk.name.as_alias("pjk_name"),
    Request.team.name.as_alias("team_name"),
)


async def get_request(request_id: int) -> dict | None:
    row = await Request.select(*_COLUMNS).where(Request.id == request_id).first()
    if row is not None:
        row["number"] = notices.number(row)
        row["programmers"] = await programmer_ids(request_id)
    return row


async def load_for(request_id: int, user: Any) -> dict:
    """The request if ``user`` may see it; NotFound / Forbidden (Indonesian) otherwise."""
    req = await get_request(request_id)
    if req is None:
        raise NotFound(_("Permintaan aplikasi tidak ditemukan."))
    if not may_view(req, user):
        raise Forbidden(_("Anda tidak terlibat dalam permintaan aplikasi ini."))
    return req


async def people_with(role: str) -> list[dict]:
    """Active holders of a role, for the choice lists."""
    ids = await PersonRole.select(PersonRole.person).where(PersonRole.role == role)
    if not ids:
        return []
    return await Person.select(Person.id, Person.name).where(
        Person.id.is_in([r["person"] for r in ids]) & (Person.active == True)  # noqa: E712
    ).order_by(Person.name)


async def teams() -> list[dict]:
    return await Team.select(Team.id, Team.name).where(Team.active == True).order_by(Team.name)  # noqa: E712


def available(req: Mapping[str, Any], user: Any, fl: wf.Workflow,
              now: dt.datetime) -> list[wf.Transition]:
    """What this person may do with the request now (the page loops over these)."""
    return fl.available(req, user, flow.relations(req, user), now=now)


async def mark_seen(person_id: int, request_id: int, now: dt.datetime) -> None:
    """The person opened the request: its notifications to them count as read."""
    await mark_object_read(person_id, (notices.OBJ, request_id), now)


# --- SOP step 1: the request memo ------------------------------------------------------------


def _drafted(raw: str, now: dt.datetime) -> dt.datetime | None:
    """When the form was opened (a hidden field), if plausible: within a day before now."""
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    if value.tzinfo is None or not now - dt.timedelta(days=1) <= value <= now:
        return None
    return value


async def create_request(data: Mapping[str, Any], user: Any, memo: Any, *, now: dt.datetime) -> dict:
    """A Ketua Tim asks the Ketua TIP for an application, with the memo as a document."""
    if not user.has_role(*REQUESTERS):
        raise Forbidden(_("Permintaan aplikasi diajukan oleh Ketua Tim."))
    r = Reader(data)
    title = r.text("judul", _("Nama aplikasi"), limit=150, required=True)
    purpose = r.text("tujuan", _("Tujuan"), limit=4000, required=True, multiline=True)
    users = r.text("pengguna", _("Pengguna"), limit=2000, required=True, multiline=True)
    team_ids = {t["id"] for t in await teams()}
    team = r.id("tim", _("Tim"))
    if team is None:
        team = user.team_id
    if team not in team_ids and "tim" not in r.errors:
        r.fail("tim", _("Pilih tim yang meminta aplikasi."))
    if not files.has_file(memo):
        r.fail("memo", _("Unggah nota dinas permintaan (PDF, DOCX atau gambar)."))
    else:
        try:
            await files.check_upload(memo)
        except UserError as exc:
            r.fail("memo", exc.message)
    r.done()
    fl = await request_flow()
    cal = await load_calendar()
    async with write_transaction():
        rows = await Request.insert(Request(
            title=title, purpose=purpose, users=users, team=team, requester=user.id,
            state=fl.initial, created_at=now,
        )).returning(Request.id)
        request_id = int(rows[0]["id"])
        memo_id = await files.save_upload(memo, owner_kind=OWNER_KIND, owner_id=request_id,
                                          uploaded_by=user.id, label=_("Nota dinas"), required=True)
        await Request.update({Request.memo: memo_id}).where(Request.id == request_id)
        await StageDocument.insert(StageDocument(request=request_id, document=memo_id,
                                                 stage=fl.initial, kind="memo"))
        await wf.start(fl, request_id, user.id, document_id=memo_id, at=now,
                       drafted_at=_drafted(r.raw("dibuka"), now), calendar=cal)
        req = await get_request(request_id)
        assert req is not None
        await notices.created(req, user, now=now)
    return req


# --- every later step --------------------------------------------------------------------------


def _url(r: Reader, name: str, label: str, *, required: bool) -> str:
    value = r.text(name, label, limit=300, required=required)
    if value and name not in r.errors:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            r.fail(name, _("%(label)s harus alamat web lengkap (diawali http:// atau https://).",
                           label=label))
    return value


def _ids(data: Mapping[str, Any], name: str) -> list[int]:
    getall = getattr(data, "getall", None)
    values = getall(name, []) if getall else [data.get(name)]
    out = []
    for v in values:
        if isinstance(v, str) and v.strip().isdigit() and len(v.strip()) < 10:
            out.append(int(v.strip()))
        elif v not in (None, ""):
            out.append(-1)
    return out


async def act(request_id: int, action: str, user: Any, data: Mapping[str, Any], *,
              uploads: Mapping[str, Any] | None = None, expected_version: int | None = None,
              now: dt.datetime) -> dict:
    """Make one step of a request; returns the fresh request.

    Order: who may (403), from this stage (409, so a stage cannot be skipped by posting),
    then every field and document (422 with every error), then the step with its documents
    and notices in one transaction.
    """
    uploads = uploads or {}
    fl = await request_flow()
    cal = await load_calendar()
    async with write_transaction():
        req = await load_for(request_id, user)
        progs = req["programmers"]
        t = fl.by_name.get(action)
        if t is None or t.system:
            raise UserError(_("Aksi tidak dikenal."), field="aksi")
        if not t.permits(user, flow.relations(req, user)):
            raise Forbidden(_("Anda tidak berhak melakukan aksi “%(a)s”.", a=str(t.label)))
        if req["state"] not in t.source:
            raise Conflict(_("Aksi “%(a)s” tidak dapat dilakukan: tahap saat ini “%(s)s”.",
                             a=str(t.label), s=fl.label(req["state"])))
        r = Reader(data)
        note = r.text("catatan", _("Catatan"), limit=2000, required=t.needs_note, multiline=True)
        values: dict = {}
        new_programmers: list[int] = []
        if action in flow.NEEDS_PJK:
            choices = {p["id"] for p in await people_with(Role.PJK_APLIKASI)}
            pjk = r.id("pjk", _("PJK Layanan Aplikasi"))
            if pjk not in choices and "pjk" not in r.errors:
                r.fail("pjk", _("Pilih PJK Layanan Aplikasi yang ditugasi."))
            values[Request.pjk] = pjk
        if action in flow.NEEDS_PROGRAMMERS:
            choices = {p["id"] for p in await people_with(Role.PROGRAMMER)}
            new_programmers = list(dict.fromkeys(_ids(data, "programmer")))
            if not new_programmers or any(p not in choices for p in new_programmers):
                r.fail("programmer", _("Pilih sedikitnya satu programmer yang ditugasi."))
        if action in flow.NEEDS_PROTOTYPE:
            url = _url(r, "prototipe_url", _("Alamat prototipe"), required=False)
            if not url and not files.has_file(uploads.get("prototipe")) and "prototipe_url" not in r.errors:
                r.fail("prototipe_url", _("Isi alamat prototipe atau unggah berkas prototipe."))
            values[Request.prototype_url] = url
        if action in flow.NEEDS_RELEASE:
            version = r.text("rilis_versi", _("Versi rilis"), limit=40, required=True)
            address = _url(r, "rilis_alamat", _("Alamat aplikasi"), required=True)
            notes_ = r.text("rilis_fungsi", _("Kegunaan aplikasi"), limit=4000, required=True,
                            multiline=True)
            values.update({Request.release: version, Request.release_url: address,
                           Request.release_notes: notes_, Request.released_at: now})
        for up in flow.UPLOADS.get(action, ()):
            upload = uploads.get(up.field)
            if not files.has_file(upload):
                if up.required:
                    r.fail(up.field, _("Unggah %(doc)s.", doc=str(up.label)))
                continue
            try:
                await files.check_upload(upload)
            except UserError as exc:
                r.fail(up.field, exc.message)
        r.done()

        # Everything checked: the documents, then the step (a failure rolls all of it back).
        first_doc = None
        for up in flow.UPLOADS.get(action, ()):
            upload = uploads.get(up.field)
            if not files.has_file(upload):
                continue
            doc = await files.save_upload(upload, owner_kind=OWNER_KIND, owner_id=request_id,
                                          uploaded_by=user.id, label=str(up.label))
            assert doc is not None
            first_doc = first_doc or doc
            await StageDocument.insert(StageDocument(request=request_id, document=doc,
                                                     stage=req["state"], kind=up.kind))

        async def apply(done: wf.Transition) -> None:
            extra = dict(values)
            if done.target in flow.FINAL_STATES:
                extra[Request.closed_at] = now
            if new_programmers:
                await Programmer.insert(*[Programmer(request=request_id, person=p)
                                          for p in new_programmers if p not in progs])
            if done.name == "rilis":
                extra[Request.application] = await _release(req, values, now, cal)
            # The engine dates a stage from its entry; a review resumed after a revision carries
            # its earlier time, so its deadline comes from the whole history.
            running = wf.current(wf.steps(fl, await wf.history(fl, request_id), cal, now))
            extra[Request.due_at] = running.due_at if running else None
            await Request.update(extra).where(Request.id == request_id)

        await wf.transition(fl, request_id, action, user,
                            relations=flow.relations(req, user), note=note,
                            document_id=first_doc, expected_version=expected_version, apply=apply,
                            at=now, calendar=cal)
        fresh = await get_request(request_id)
        assert fresh is not None
        await notices.stepped(fresh, t, user, note, fresh["programmers"], now=now)
    return fresh


async def _release(req: Mapping[str, Any], values: dict, now: dt.datetime, cal: Any) -> int:
    """The release notice enters the catalogue: a new entry, or the request's existing one."""
    fields = {
        Application.name: req["title"], Application.team: req["team"],
        Application.url: values[Request.release_url], Application.release: values[Request.release],
        Application.released_on: now.astimezone(cal.tz).date(),
        Application.maintainer: req["pjk"], Application.description: values[Request.release_notes],
        Application.updated_at: now,
    }
    fields[Application.search_key] = _search_key(req["title"], req.get("team_name") or "",
                                                 values[Request.release_notes])
    if req["application"]:
        await Application.update({**fields, Application.version: Application.version + 1}).where(
            Application.id == req["application"])
        return int(req["application"])
    rows = await Application.insert(Application(
        **{c._meta.name: v for c, v in fields.items()}, request=req["id"],
        how_to_change=_("Ajukan permintaan perubahan atau laporan masalah dari halaman aplikasi "
                        "ini di Portal Pintar."),
    )).returning(Application.id)
    return int(rows[0]["id"])


def _search_key(*parts: str) -> str:
    return " ".join(" ".join(parts).lower().split())[:600]


# --- progress notes and extra documents ----------------------------------------------------------


def may_write(req: Mapping[str, Any], user: Any) -> bool:
    """Notes and documents come from the people working on it, the requester and the Ketua TIP."""
    return bool(flow.relations(req, user)) or user.has_role(Role.KETUA_TIP)


async def add_note(request_id: int, user: Any, body: str, *, now: dt.datetime) -> int:
    async with write_transaction():
        req = await load_for(request_id, user)
        progs = req["programmers"]
        if not may_write(req, user):
            raise Forbidden(_("Catatan kemajuan ditulis oleh pemohon, PJK atau programmer."))
        if req["state"] in flow.FINAL_STATES:
            raise UserError(_("Permintaan sudah ditutup; catatan tidak dapat ditambahkan."),
                            field="isi")
        r = Reader({"isi": body})
        text = r.text("isi", _("Catatan"), limit=4000, required=True, multiline=True)
        r.done()
        rows = await Note.insert(Note(request=request_id, author=user.id, stage=req["state"],
                                      body=text, at=now)).returning(Note.id)
        await notices.noted(req, user, progs, now=now)
    return int(rows[0]["id"])


async def add_document(request_id: int, user: Any, upload: Any, label: str = "") -> int:
    async with write_transaction():
        req = await load_for(request_id, user)
        if not may_write(req, user):
            raise Forbidden(_("Dokumen ditambahkan oleh pemohon, PJK atau programmer."))
        if req["state"] in flow.FINAL_STATES:
            raise UserError(_("Permintaan sudah ditutup; dokumen tidak dapat ditambahkan."),
                            field="berkas")
        doc = await files.save_upload(upload, owner_kind=OWNER_KIND, owner_id=request_id,
                                      uploaded_by=user.id, label=label, required=True)
        assert doc is not None
        await StageDocument.insert(StageDocument(request=request_id, document=doc,
                                                 stage=req["state"], kind="lain"))
    return doc


async def notes(request_id: int) -> list[dict]:
    return await Note.select(Note.all_columns(), Note.author.name.as_alias("author_name")).where(
        Note.request == request_id).order_by(Note.at).order_by(Note.id)


async def stage_documents(request_id: int) -> dict[str, list[dict]]:
    """The request's documents grouped by the stage they belong to."""
    links = await StageDocument.select().where(StageDocument.request == request_id)
    by_doc = {d["id"]: d for d in await files.documents_of(OWNER_KIND, request_id)}
    out: dict[str, list[dict]] = {}
    for link_ in links:
        doc = by_doc.get(link_["document"])
        if doc is not None:
            out.setdefault(link_["stage"], []).append(
                {**doc, "kind": link_["kind"], "kind_label": str(flow.DOC_KINDS.get(link_["kind"], ""))})
    return out


# --- the SRS template ----------------------------------------------------------------------------


async def srs_template() -> dict | None:
    """The office's uploaded SRS template (None: the built-in one is offered)."""
    docs = await files.documents_of(TEMPLATE_KIND, TEMPLATE_OWNER)
    return docs[-1] if docs else None


async def replace_template(user: Any, upload: Any) -> int:
    if not user.has_role(Role.ADMIN):
        raise Forbidden(_("Hanya Admin yang dapat mengganti templat SRS."))
    async with write_transaction():
        old = await files.documents_of(TEMPLATE_KIND, TEMPLATE_OWNER)
        doc = await files.save_upload(upload, owner_kind=TEMPLATE_KIND, owner_id=TEMPLATE_OWNER,
                                      uploaded_by=user.id, label=_("Templat SRS"), required=True)
        assert doc is not None
    for d in old:  # after the commit: the new one is in place before the old bytes go
        await files.delete_document(d["id"])
    return doc


# --- the application catalogue ------------------------------------------------------------------

CATALOGUE_EDITORS = (Role.PJK_APLIKASI,)


async def get_application(app_id: int) -> dict | None:
    return await Application.select(
        Application.all_columns(), Application.team.name.as_alias("team_name"),
        Application.maintainer.name.as_alias("maintainer_name"),
    ).where(Application.id == app_id).first()


async def save_application(app_id: int | None, user: Any, data: Mapping[str, Any], *,
                           expected_version: int | None = None, now: dt.datetime) -> int:
    """Create or edit a catalogue entry (PJK Layanan Aplikasi); a stale form is a Conflict."""
    if not user.has_role(*CATALOGUE_EDITORS):
        raise Forbidden(_("Katalog aplikasi diubah oleh PJK Layanan Aplikasi."))
    r = Reader(data)
    name = r.text("nama", _("Nama aplikasi"), limit=150, required=True)
    url = _url(r, "alamat", _("Alamat aplikasi"), required=True)
    release = r.text("rilis", _("Versi"), limit=40)
    released_on = r.date("dirilis", _("Tanggal rilis"))
    description = r.text("deskripsi", _("Kegunaan"), limit=4000, multiline=True)
    how = r.text("cara_ubah", _("Cara meminta perubahan"), limit=2000, multiline=True)
    team = r.id("tim", _("Tim"))
    if team is not None and team not in {t["id"] for t in await teams()}:
        r.fail("tim", _("Pilih tim pemilik aplikasi."))
    maintainer = r.id("pengelola", _("Pengelola"))
    if maintainer is not None and not await Person.exists().where(Person.id == maintainer):
        r.fail("pengelola", _("Pilih pengelola aplikasi."))
    r.done()
    fields = {
        Application.name: name, Application.url: url, Application.release: release,
        Application.released_on: released_on, Application.description: description,
        Application.how_to_change: how, Application.team: team,
        Application.maintainer: maintainer, Application.active: r.raw("aktif") == "on",
        Application.updated_at: now,
    }
    team_name = next((t["name"] for t in await teams() if t["id"] == team), "")
    fields[Application.search_key] = _search_key(name, team_name, description)
    async with write_transaction():
        if app_id is None:
            rows = await Application.insert(Application(
                **{c._meta.name: v for c, v in fields.items()})).returning(Application.id)
            return int(rows[0]["id"])
        if expected_version is not None and expected_version < 0:
            raise UserError(_("Formulir ini tidak membawa versi data, jadi perubahan tidak "
                              "disimpan. Muat ulang halaman lalu coba lagi."), field="form")
        where = Application.id == app_id
        if expected_version is not None:
            where &= Application.version == expected_version
        changed = await Application.update({**fields, Application.version: Application.version + 1}
                                           ).where(where).returning(Application.id)
        if not changed:
            if not await Application.exists().where(Application.id == app_id):
                raise NotFound(_("Aplikasi tidak ditemukan."))
            raise Conflict(_("Data aplikasi ini sudah diubah orang lain. Tampilan sudah "
                             "diperbarui; periksa lalu simpan lagi."))
    return app_id


# --- maintenance tickets ---------------------------------------------------------------------------


def ticket_relations(ticket: Mapping[str, Any], app: Mapping[str, Any], user: Any) -> set[str]:
    rels = set()
    if ticket["requester"] == user.id:
        rels.add(wf.REQUESTER)
    if app.get("maintainer") == user.id or ticket.get("assignee") == user.id:
        rels.add(wf.ASSIGNEE)
    return rels


async def open_ticket(app_id: int, user: Any, data: Mapping[str, Any], *, now: dt.datetime) -> int:
    """Anyone may ask for a change or report a problem on an application in the catalogue."""
    app = await get_application(app_id)
    if app is None:
        raise NotFound(_("Aplikasi tidak ditemukan."))
    r = Reader(data)
    kind = r.choice("jenis", _("Jenis"), list(flow.TICKET_KINDS))
    title = r.text("judul", _("Judul"), limit=150, required=True)
    body = r.text("isi", _("Uraian"), limit=4000, required=True, multiline=True)
    r.done()
    async with write_transaction():
        rows = await Ticket.insert(Ticket(
            application=app_id, kind=kind, title=title, body=body, requester=user.id,
            state=flow.TICKET.initial, created_at=now,
        )).returning(Ticket.id)
        ticket_id = int(rows[0]["id"])
        await wf.start(flow.TICKET, ticket_id, user.id, at=now)
        await notices.ticket_opened({"id": ticket_id, "title": title,
                                     "kind_label": str(flow.TICKET_KINDS[kind])}, app, user,
                                    now=now)
    return ticket_id


async def tickets_of(app_id: int) -> list[dict]:
    rows = await Ticket.select(
        Ticket.all_columns(), Ticket.requester.name.as_alias("requester_name"),
        Ticket.assignee.name.as_alias("assignee_name"),
    ).where(Ticket.application == app_id).order_by(Ticket.id, ascending=False)
    for row in rows:
        row["kind_label"] = str(flow.TICKET_KINDS.get(row["kind"], row["kind"]))
        row["state_label"] = flow.TICKET.label(row["state"])
        row["final"] = row["state"] in flow.TICKET_FINAL
    return rows


async def act_ticket(ticket_id: int, action: str, user: Any, data: Mapping[str, Any], *,
                     expected_version: int | None = None, now: dt.datetime) -> dict:
    async with write_transaction():
        ticket = await Ticket.select(
            Ticket.all_columns(), Ticket.application.name.as_alias("application_name"),
        ).where(Ticket.id == ticket_id).first()
        if ticket is None:
            raise NotFound(_("Tiket tidak ditemukan."))
        app = await get_application(ticket["application"])
        assert app is not None
        t = flow.TICKET.by_name.get(action)
        if t is None:
            raise UserError(_("Aksi tidak dikenal."), field="aksi")
        rels = ticket_relations(ticket, app, user)
        if not t.permits(user, rels):
            raise Forbidden(_("Anda tidak berhak melakukan aksi “%(a)s”.", a=str(t.label)))
        r = Reader(data)
        note = r.text("catatan", _("Catatan"), limit=2000, required=t.needs_note, multiline=True)
        r.done()

        async def apply(done: wf.Transition) -> None:
            extra: dict = {}
            if done.name == "proses":
                extra[Ticket.assignee] = user.id
            if done.target in flow.TICKET_FINAL:
                extra[Ticket.closed_at] = now
            if extra:
                await Ticket.update(extra).where(Ticket.id == ticket_id)

        await wf.transition(flow.TICKET, ticket_id, action, user, relations=rels, note=note,
                            expected_version=expected_version, apply=apply, at=now)
        await notices.ticket_stepped(ticket, flow.TICKET.label(t.target), user, now=now)
    return ticket


def ticket_actions(ticket: Mapping[str, Any], app: Mapping[str, Any], user: Any,
                   now: dt.datetime) -> list[wf.Transition]:
    return flow.TICKET.available(ticket, user, ticket_relations(ticket, app, user), now=now)


async def ticket_application(ticket_id: int) -> int:
    row = await Ticket.select(Ticket.application).where(Ticket.id == ticket_id).first()
    if row is None:
        raise NotFound(_("Tiket tidak ditemukan."))
    return int(row["application"])


__all__ = [
    "FormInvalid", "act", "act_ticket", "add_document", "add_note", "available", "can_view",
    "create_request", "get_application", "get_request", "load_for", "may_view", "notes",
    "mark_seen", "open_ticket", "people_with", "programmer_ids", "replace_template",
    "request_flow", "save_application", "set_standards", "srs_template", "stage_documents",
    "teams", "tickets_of",
]
