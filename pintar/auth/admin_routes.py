"""Admin pages for people, their roles, and teams. Admin only.

    GET  /admin/pegawai                      list: search ``q`` (as you type), ``role``, ``team``,
                                             ``status`` (aktif|nonaktif), ``page`` (50 a page)
    GET  /admin/pegawai/baru                 form;  POST creates (303 to the person's page)
    GET  /admin/pegawai/{id}                 edit;  POST saves
    POST /admin/pegawai/{id}/kata-sandi      a new temporary password (field ``password``)
    POST /admin/pegawai/{id}/nonaktif|aktif  (de)activate; either ends the person's sessions
    GET  /admin/tim                          teams with their Ketua Tim and member count;
                                             POST creates (``name``, ``active``)
    GET  /admin/tim/{id}                     edit and members;  POST saves

Person form fields: username, nip, name, email, whatsapp, team_id, roles (one checkbox per
:class:`~pintar.auth.roles.Role` code), password (creation only).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath

from pintar.auth import directory, service
from pintar.auth.roles import ROLE_LABELS, Role
from pintar.errors import NotFound, UserError
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.office.service import office_timezone
from pintar.web import access
from pintar.web.forms import Reader, clean_text, parse_id, query_id, query_int, read_form, text_value
from pintar.web.nav import NavItem
from pintar.web.templating import flash, redirect, render, wants_fragment

STATUSES = {"aktif": _l("Aktif"), "nonaktif": _l("Nonaktif")}


def _admin() -> dict[str, Any]:
    return access.roles(Role.ADMIN)




def _checked(form: FormMultiDict, name: str) -> bool:
    return Reader(form).flag(name)


def _role_choices() -> list[tuple[str, Any]]:
    return [(role.value, ROLE_LABELS[role]) for role in Role]


# --- people -----------------------------------------------------------------------------------


@get("/admin/pegawai", opt=_admin(), name="admin_people")
async def people_list(request: Request) -> Response:
    params = request.query_params
    role = str(params.get("role") or "")
    query = directory.PeopleQuery(
        q=str(params.get("q") or ""),
        role=role if role in Role._value2member_map_ else "",
        team_id=query_id(request, "team"),
        status=str(params.get("status") or "") if params.get("status") in STATUSES else "",
        page=query_int(request, "page", 1, minimum=1, maximum=100_000) or 1,
    )
    result = await directory.list_people(query)
    return render(
        request,
        "auth/admin/people.html",
        {
            "query": query,
            "result": result,
            "teams": await directory.team_choices(),
            "role_choices": _role_choices(),
            "role_labels": ROLE_LABELS,
            "statuses": STATUSES,
            "oob": wants_fragment(request),
        },
        block=["rows", "pager"],
    )


def _parse_person(form: FormMultiDict) -> tuple[service.PersonForm, UserError | None]:
    team_raw = text_value(form, "team_id").strip()
    team_id = parse_id(team_raw) if team_raw else None
    error = None
    if team_raw and team_id is None:
        error = UserError(_("Tim yang dipilih tidak ada."), field="team_id")
    values = service.PersonForm(
        username=text_value(form, "username"),
        nip=text_value(form, "nip"),
        name=clean_text(text_value(form, "name")),
        email=text_value(form, "email"),
        whatsapp=text_value(form, "whatsapp"),
        team_id=team_id,
        roles=[r for r in form.getall("roles", []) if isinstance(r, str)],
    )
    return values, error


async def _person_page(
    request: Request,
    values: service.PersonForm,
    *,
    person: dict | None = None,
    error: UserError | None = None,
    section: str = "data",
    status_code: int = 200,
) -> Response:
    """The new-person form (``person`` None) or a person's edit page. ``error`` is shown next
    to its field in ``section`` (data | password | status)."""
    teams = await directory.team_choices()
    return render(
        request,
        "auth/admin/person.html",
        {
            "person": person,
            "values": values,
            "tz": await office_timezone(),
            "teams": teams,
            "role_choices": _role_choices(),
            "role_labels": ROLE_LABELS,
            "errors": {error.field or "_": error.message} if error and section == "data" else {},
            "password_error": error.message if error and section == "password" else None,
            "status_error": error.message if error and section == "status" else None,
        },
        status_code=status_code,
    )


@get("/admin/pegawai/baru", opt=_admin(), name="admin_person_new")
async def person_new(request: Request) -> Response:
    return await _person_page(request, service.PersonForm())


@post("/admin/pegawai/baru", opt=_admin(), name="admin_person_create")
async def person_create(request: Request) -> Response:
    form = await read_form(request)
    values, error = _parse_person(form)
    if error is None:
        try:
            person_id = await service.create_person(values, text_value(form, "password"))
        except UserError as exc:
            error = exc
    if error is not None:
        return await _person_page(request, values, error=error, status_code=400)
    flash(request, _("Pegawai %(name)s dibuat.", name=" ".join(values.name.split())))
    return redirect(request, f"/admin/pegawai/{person_id}")


@get("/admin/pegawai/{person_id:int}", opt=_admin(), name="admin_person")
async def person_edit(request: Request, person_id: FromPath[int]) -> Response:
    person = await directory.get_person(person_id)
    return await _person_page(request, directory.person_form(person), person=person)


@post("/admin/pegawai/{person_id:int}", opt=_admin(), name="admin_person_save")
async def person_save(request: Request, person_id: FromPath[int]) -> Response:
    person = await directory.get_person(person_id)
    form = await read_form(request)
    values, error = _parse_person(form)
    if error is None:
        try:
            await service.update_person(person_id, values)
        except NotFound:
            raise
        except UserError as exc:
            error = exc
    if error is not None:
        return await _person_page(request, values, person=person, error=error, status_code=400)
    flash(request, _("Data %(name)s diperbarui.", name=" ".join(values.name.split())))
    return redirect(request, f"/admin/pegawai/{person_id}")


@post("/admin/pegawai/{person_id:int}/kata-sandi", opt=_admin(), name="admin_person_password")
async def person_password(request: Request, person_id: FromPath[int]) -> Response:
    person = await directory.get_person(person_id)
    form = await read_form(request)
    try:
        await service.set_temporary_password(person_id, text_value(form, "password"))
    except NotFound:
        raise
    except UserError as exc:
        return await _person_page(
            request,
            directory.person_form(person),
            person=person,
            error=exc,
            section="password",
            status_code=400,
        )
    flash(
        request,
        _(
            "Kata sandi sementara %(name)s sudah disetel. Sampaikan kepadanya; ia harus menggantinya "
            "saat masuk. Semua sesinya sudah diakhiri.",
            name=person["name"],
        ),
    )
    return redirect(request, f"/admin/pegawai/{person_id}")


async def _set_active(request: Request, person_id: int, active: bool) -> Response:
    person = await directory.get_person(person_id)
    try:
        await service.set_active(person_id, active, by=request.scope["user"].id)
    except NotFound:
        raise
    except UserError as exc:
        return await _person_page(
            request,
            directory.person_form(person),
            person=person,
            error=exc,
            section="status",
            status_code=400,
        )
    if active:
        flash(request, _("%(name)s diaktifkan kembali.", name=person["name"]))
    else:
        flash(request, _("%(name)s dinonaktifkan; semua sesinya berakhir.", name=person["name"]))
    return redirect(request, f"/admin/pegawai/{person_id}")


@post("/admin/pegawai/{person_id:int}/nonaktif", opt=_admin(), name="admin_person_deactivate")
async def person_deactivate(request: Request, person_id: FromPath[int]) -> Response:
    return await _set_active(request, person_id, False)


@post("/admin/pegawai/{person_id:int}/aktif", opt=_admin(), name="admin_person_activate")
async def person_activate(request: Request, person_id: FromPath[int]) -> Response:
    return await _set_active(request, person_id, True)


# --- teams ------------------------------------------------------------------------------------


async def _teams_page(
    request: Request, values: dict, error: UserError | None = None, status_code: int = 200
) -> Response:
    return render(
        request,
        "auth/admin/teams.html",
        {
            "teams": await directory.list_teams(),
            "values": values,
            "errors": {error.field or "_": error.message} if error else {},
        },
        status_code=status_code,
    )


@get("/admin/tim", opt=_admin(), name="admin_teams")
async def teams_list(request: Request) -> Response:
    return await _teams_page(request, {"name": "", "active": True})


@post("/admin/tim", opt=_admin(), name="admin_team_create")
async def team_create(request: Request) -> Response:
    form = await read_form(request)
    values = {"name": text_value(form, "name"), "active": _checked(form, "active")}
    try:
        await directory.save_team(None, values["name"], values["active"])
    except UserError as exc:
        return await _teams_page(request, values, exc, status_code=400)
    flash(request, _("Tim %(name)s dibuat.", name=" ".join(values["name"].split())))
    return redirect(request, "/admin/tim")


async def _team_page(
    request: Request,
    team: dict,
    values: dict,
    error: UserError | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "auth/admin/team.html",
        {
            "team": team,
            "values": values,
            "role_labels": ROLE_LABELS,
            "errors": {error.field or "_": error.message} if error else {},
        },
        status_code=status_code,
    )


@get("/admin/tim/{team_id:int}", opt=_admin(), name="admin_team")
async def team_edit(request: Request, team_id: FromPath[int]) -> Response:
    team = await directory.get_team(team_id)
    return await _team_page(request, team, {"name": team["name"], "active": team["active"]})


@post("/admin/tim/{team_id:int}", opt=_admin(), name="admin_team_save")
async def team_save(request: Request, team_id: FromPath[int]) -> Response:
    team = await directory.get_team(team_id)
    form = await read_form(request)
    values = {"name": text_value(form, "name"), "active": _checked(form, "active")}
    try:
        await directory.save_team(team_id, values["name"], values["active"])
    except NotFound:
        raise
    except UserError as exc:
        return await _team_page(request, team, values, exc, status_code=400)
    flash(request, _("Tim %(name)s diperbarui.", name=" ".join(values["name"].split())))
    return redirect(request, f"/admin/tim/{team_id}")


ROUTES = [
    people_list,
    person_new,
    person_create,
    person_edit,
    person_save,
    person_password,
    person_deactivate,
    person_activate,
    teams_list,
    team_create,
    team_edit,
    team_save,
]

NAV = [
    NavItem(
        _l("Pegawai"),
        "/admin/pegawai",
        _admin()["access"],
        section="admin",
        order=10,
        description=_l("Tambah pegawai, atur peran dan tim, setel kata sandi sementara."),
    ),
    NavItem(
        _l("Tim"),
        "/admin/tim",
        _admin()["access"],
        section="admin",
        order=20,
        description=_l("Tim kerja, Ketua Tim dan anggotanya."),
    ),
]
