"""What the admin pages read and save about people and teams: the people list with its search
and filters, one person with their roles, the teams with their leads and members.

The rules for changing a person (validation, roles, the last Admin, passwords) stay in
:mod:`pintar.auth.service`; this module only lists, shows and shapes them, and saves teams.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from pintar.auth.roles import Role
from pintar.auth.service import MAX_ID, PersonForm
from pintar.auth.tables import Person, PersonRole, Team
from pintar.db import is_sqlite, is_unique_violation, write_transaction
from pintar.errors import NotFound, UserError
from pintar.i18n import gettext as _

PAGE_SIZE = 50

_ROLE_ORDER = {role.value: i for i, role in enumerate(Role)}


def sort_roles(codes: Iterable[str]) -> list[str]:
    """Role codes in the order of :class:`Role` (Pegawai first, Admin last)."""
    return sorted(set(codes), key=lambda c: _ROLE_ORDER.get(c, 99))


@dataclass
class PeopleQuery:
    q: str = ""
    role: str = ""
    team_id: int | None = None
    status: str = ""  # "" (all), "aktif", "nonaktif"
    page: int = 1


@dataclass
class PeoplePage:
    rows: list[dict]
    total: int
    page: int
    pages: int
    page_size: int = PAGE_SIZE


async def _roles_by_person(person_ids: list[int]) -> dict[int, list[str]]:
    held: dict[int, list[str]] = {pid: [Role.PEGAWAI.value] for pid in person_ids}
    if person_ids:
        rows = await PersonRole.select(PersonRole.person, PersonRole.role).where(
            PersonRole.person.is_in(person_ids)
        )
        for row in rows:
            held[row["person"]].append(row["role"])
    return {pid: sort_roles(codes) for pid, codes in held.items()}


async def list_people(query: PeopleQuery) -> PeoplePage:
    """One page (``PAGE_SIZE`` rows, by name) of the people matching the search and filters.
    ``q`` is looked for in the name, username, NIP and e-mail; each row carries its
    ``roles`` (codes) and ``team_name``."""
    select = Person.select(
        Person.id,
        Person.username,
        Person.nip,
        Person.name,
        Person.email,
        Person.whatsapp,
        Person.active,
        Person.last_login_at,
        Person.team,
        Person.team.name.as_alias("team_name"),
    )
    count = Person.count()
    conditions = []
    q = " ".join(query.q.split())[:100]
    if q:
        pattern = f"%{q}%"
        # SQLite's LIKE already ignores case (for ASCII); PostgreSQL needs ILIKE.
        op = "like" if is_sqlite() else "ilike"
        conditions.append(
            getattr(Person.name, op)(pattern)
            | getattr(Person.username, op)(pattern)
            | getattr(Person.nip, op)(pattern)
            | getattr(Person.email, op)(pattern)
        )
    if query.role and query.role != Role.PEGAWAI:
        holders = await PersonRole.select(PersonRole.person).where(PersonRole.role == query.role)
        if not holders:
            return PeoplePage(rows=[], total=0, page=1, pages=1)
        conditions.append(Person.id.is_in([h["person"] for h in holders]))
    if query.team_id is not None:
        conditions.append(Person.team == query.team_id)
    if query.status in ("aktif", "nonaktif"):
        conditions.append(Person.active == (query.status == "aktif"))
    for condition in conditions:
        select = select.where(condition)
        count = count.where(condition)
    total = await count
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, query.page), pages)
    rows = await select.order_by(Person.name).order_by(Person.id).limit(PAGE_SIZE).offset(
        (page - 1) * PAGE_SIZE
    )
    roles = await _roles_by_person([r["id"] for r in rows])
    for row in rows:
        row["roles"] = roles[row["id"]]
    return PeoplePage(rows=rows, total=total, page=page, pages=pages)


async def get_person(person_id: int) -> dict:
    """A person's row with ``roles`` (codes) and ``team_name``; NotFound when there is none."""
    if not 0 < person_id <= MAX_ID:
        raise NotFound(_("Pegawai tidak ditemukan."))
    row = await (
        Person.select(
            *Person.all_columns(exclude=[Person.password_hash]),
            Person.team.name.as_alias("team_name"),
        )
        .where(Person.id == person_id)
        .first()
    )
    if row is None:
        raise NotFound(_("Pegawai tidak ditemukan."))
    row["roles"] = (await _roles_by_person([person_id]))[person_id]
    return row


def person_form(row: dict) -> PersonForm:
    """The edit form's values for a person as :func:`get_person` returns them."""
    return PersonForm(
        username=row["username"],
        nip=row["nip"] or "",
        name=row["name"],
        email=row["email"],
        whatsapp=row["whatsapp"],
        team_id=row["team"],
        roles=[r for r in row["roles"] if r != Role.PEGAWAI],
    )


# --- teams ------------------------------------------------------------------------------------


async def save_team(team_id: int | None, name: str, active: bool = True) -> int:
    """Create (``team_id`` None) or rename/(de)activate a team; returns its id."""
    name = " ".join(name.split())
    if not name:
        raise UserError(_("Nama tim wajib diisi."), field="name")
    if len(name) > 150:
        raise UserError(_("Nama tim paling panjang 150 karakter."), field="name")
    if team_id is not None and not 0 < team_id <= MAX_ID:
        raise NotFound(_("Tim tidak ditemukan."))
    try:
        async with write_transaction():
            # Few teams: compare case-insensitively here rather than with LIKE's wildcards.
            for twin in await Team.select(Team.id, Team.name):
                if twin["name"].casefold() == name.casefold() and twin["id"] != team_id:
                    raise UserError(_("Nama tim ini sudah ada."), field="name")
            if team_id is None:
                rows = await Team.insert(Team(name=name, active=active)).returning(Team.id)
                return rows[0]["id"]
            done = await Team.update({Team.name: name, Team.active: active}).where(
                Team.id == team_id
            ).returning(Team.id)
            if not done:
                raise NotFound(_("Tim tidak ditemukan."))
            return team_id
    except Exception as exc:
        if is_unique_violation(exc):
            raise UserError(_("Nama tim ini sudah ada."), field="name") from exc
        raise


async def list_teams() -> list[dict]:
    """Every team by name, each with ``members`` (active members counted) and ``leads``
    (its active members holding ``ketua_tim``: normally one, listed by id)."""
    teams = await Team.select().order_by(Team.name)
    members = await Person.select(Person.id, Person.name, Person.team).where(
        Person.team.is_not_null() & (Person.active == True)  # noqa: E712
    ).order_by(Person.id)
    lead_ids = {
        r["person"]
        for r in await PersonRole.select(PersonRole.person).where(
            PersonRole.role == Role.KETUA_TIM
        )
    }
    by_team: dict[int, dict] = {t["id"]: {**t, "members": 0, "leads": []} for t in teams}
    for person in members:
        team = by_team.get(person["team"])
        if team is None:
            continue
        team["members"] += 1
        if person["id"] in lead_ids:
            team["leads"].append({"id": person["id"], "name": person["name"]})
    return list(by_team.values())


async def get_team(team_id: int) -> dict:
    """A team with its ``members`` (all, active first, each with ``roles``) and ``leads``."""
    if not 0 < team_id <= MAX_ID:
        raise NotFound(_("Tim tidak ditemukan."))
    team = await Team.select().where(Team.id == team_id).first()
    if team is None:
        raise NotFound(_("Tim tidak ditemukan."))
    members = await (
        Person.select(Person.id, Person.name, Person.username, Person.active)
        .where(Person.team == team_id)
        .order_by(Person.active, ascending=False)
        .order_by(Person.name)
    )
    roles = await _roles_by_person([m["id"] for m in members])
    for member in members:
        member["roles"] = roles[member["id"]]
    team["members"] = members
    team["leads"] = [m for m in members if m["active"] and Role.KETUA_TIM in m["roles"]]
    return team


async def team_choices() -> list[dict]:
    """Teams for a select: id, name, active; by name."""
    return await Team.select(Team.id, Team.name, Team.active).order_by(Team.name)
