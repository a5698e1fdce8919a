"""The rules of people, roles and teams, tested through the service without HTTP."""

from __future__ import annotations

import pytest

from pintar import clock
from pintar.auth import directory, service
from pintar.auth.roles import Role
from pintar.auth.tables import Person, PersonRole
from pintar.errors import NotFound, UserError
from tests.helpers import PASSWORD, make_person

NIP = "198501012010011001"


def form(**kw) -> service.PersonForm:
    values = {"username": "budi", "name": "Budi Santoso", "email": "budi@bps.go.id"}
    values.update(kw)
    return service.PersonForm(**values)


async def test_create_person_keeps_everything_and_needs_a_new_password():
    team = await directory.save_team(None, "Teknologi Informasi")
    person_id = await service.create_person(
        form(
            username=" Budi ",
            nip="19850101 201001 1 001",
            name="  Budi   Santoso ",
            whatsapp="0812-3456-7890",
            team_id=team,
            roles=[Role.PJK_TI, Role.TEKNISI],
        ),
        "sementara-1",
    )
    row = await Person.select().where(Person.id == person_id).first()
    assert row["username"] == "budi"
    assert row["nip"] == NIP
    assert row["name"] == "Budi Santoso"
    assert row["whatsapp"] == "6281234567890"
    assert row["team"] == team
    assert row["must_change_password"] is True
    assert row["active"] is True
    assert await service.roles_of(person_id) == {Role.PEGAWAI, Role.PJK_TI, Role.TEKNISI}
    user = await service.authenticate("budi", "sementara-1")
    assert user.must_change_password


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "6281234567890"),
        ("0812 3456 7890", "6281234567890"),
        ("+62 812-3456-7890", "6281234567890"),
        ("62812.3456.7890", "6281234567890"),
        ("(0812) 3456-7890", "6281234567890"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_whatsapp_numbers_are_normalised(typed, stored):
    assert service.normalise_whatsapp(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "0211234567", "+1 555 123 4567", "08abc", "0812"])
def test_bad_whatsapp_numbers_are_refused_in_indonesian(typed):
    with pytest.raises(UserError) as err:
        service.normalise_whatsapp(typed)
    assert err.value.field == "whatsapp"
    assert "Nomor WhatsApp tidak valid" in err.value.message


@pytest.mark.parametrize("nip", ["12345", "1985010120100110012", "19850101201001100a", "NIP"])
async def test_nip_must_be_18_digits(nip):
    with pytest.raises(UserError) as err:
        await service.create_person(form(nip=nip), "sementara-1")
    assert err.value.field == "nip"
    assert err.value.message == "NIP harus 18 digit angka."
    assert await Person.count() == 0


async def test_nip_may_be_left_empty():
    person_id = await service.create_person(form(nip=""), "sementara-1")
    row = await Person.select(Person.nip).where(Person.id == person_id).first()
    assert row["nip"] is None
    # Several people without NIP do not collide.
    await service.create_person(form(username="sari", nip=" "), "sementara-1")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "x"}, "username", "Nama pengguna 3–60 karakter"),
        ({"username": "budi santoso"}, "username", "Nama pengguna 3–60 karakter"),
        ({"name": "   "}, "name", "Nama wajib diisi."),
        ({"email": "budi@"}, "email", "Alamat e-mail tidak valid."),
        ({"roles": ["raja"]}, "roles", "Peran tidak dikenal: raja"),
        ({"team_id": 4242}, "team_id", "Tim yang dipilih tidak ada."),
        ({"team_id": 2**40}, "team_id", "Tim yang dipilih tidak ada."),
    ],
)
async def test_bad_fields_name_the_field(changes, field, message):
    with pytest.raises(UserError) as err:
        await service.create_person(form(**changes), "sementara-1")
    assert err.value.field == field
    assert err.value.message.startswith(message)


async def test_temporary_password_must_be_long_enough():
    with pytest.raises(UserError) as err:
        await service.create_person(form(), "pendek")
    assert err.value.field == "password"
    assert "minimal 8 karakter" in err.value.message


async def test_username_and_nip_are_unique_with_clear_messages():
    await service.create_person(form(nip=NIP), "sementara-1")
    with pytest.raises(UserError) as err:
        await service.create_person(form(username="BUDI", nip=""), "sementara-1")
    assert (err.value.field, err.value.message) == (
        "username",
        "Nama pengguna ini sudah dipakai pegawai lain.",
    )
    with pytest.raises(UserError) as err:
        await service.create_person(form(username="budi2", nip=NIP), "sementara-1")
    assert (err.value.field, err.value.message) == ("nip", "NIP ini sudah dipakai pegawai lain.")
    assert await Person.count() == 1


async def test_a_username_cannot_be_someone_elses_nip_and_back():
    # Login takes either, so they must not point at two people.
    await service.create_person(form(nip=NIP), "sementara-1")
    with pytest.raises(UserError) as err:
        await service.create_person(form(username=NIP, nip=""), "sementara-1")
    assert err.value.field == "username"
    assert "NIP pegawai lain" in err.value.message
    await service.create_person(form(username="198501012010011002"), "sementara-1")
    with pytest.raises(UserError) as err:
        await service.create_person(
            form(username="rina", nip="198501012010011002"), "sementara-1"
        )
    assert err.value.field == "nip"
    # One's own NIP as one's username is fine.
    await service.create_person(
        form(username="199001012015022003", nip="199001012015022003"), "sementara-1"
    )


async def test_update_person_changes_fields_and_roles_but_not_the_language():
    person_id = await service.create_person(form(roles=[Role.TEKNISI]), "sementara-1")
    await Person.update({Person.language: "en"}).where(Person.id == person_id)
    await service.update_person(
        person_id, form(name="Budi S.", whatsapp="081299990000", roles=[Role.PJK_TI])
    )
    row = await directory.get_person(person_id)
    assert row["name"] == "Budi S."
    assert row["whatsapp"] == "6281299990000"
    assert row["language"] == "en"
    assert row["roles"] == [Role.PEGAWAI, Role.PJK_TI]
    assert "password_hash" not in row


async def test_update_keeps_own_username_and_refuses_anothers():
    await service.create_person(form(username="sari", nip=NIP), "sementara-1")
    person_id = await service.create_person(form(), "sementara-1")
    await service.update_person(person_id, form(name="Budi Baru"))  # same username: fine
    with pytest.raises(UserError) as err:
        await service.update_person(person_id, form(username="sari"))
    assert err.value.field == "username"
    with pytest.raises(UserError) as err:
        await service.update_person(person_id, form(nip=NIP))
    assert err.value.field == "nip"


async def test_update_or_deactivate_a_missing_person_is_not_found():
    with pytest.raises(NotFound):
        await service.update_person(999999, form())
    with pytest.raises(NotFound):
        await service.set_active(999999, False)
    with pytest.raises(NotFound):
        await directory.get_person(2**40)
    with pytest.raises(NotFound):
        await service.set_temporary_password(999999, "sementara-1")


async def test_deactivation_ends_sessions_and_login():
    user = await make_person(Role.PJK_TI, username="dedi")
    assert await service.load_user(user.id, user.epoch) is not None
    await service.set_active(user.id, False)
    assert await service.load_user(user.id, user.epoch) is None
    with pytest.raises(UserError):
        await service.authenticate("dedi", PASSWORD)
    await service.set_active(user.id, True)
    again = await service.authenticate("dedi", PASSWORD)
    assert again.epoch > user.epoch


async def test_the_last_active_admin_stays():
    admin = await make_person(Role.ADMIN, username="admin")
    with pytest.raises(UserError) as err:
        await service.update_person(admin.id, form(username="admin", roles=[]))
    assert err.value.field == "roles"
    assert "setidaknya satu Admin aktif" in err.value.message
    other = await make_person(Role.ADMIN, username="admin2")
    with pytest.raises(UserError) as err:
        await service.set_active(other.id, False, by=other.id)
    assert "sendiri" in err.value.message
    await service.set_active(other.id, False, by=admin.id)
    # admin2 is inactive: admin is again the last active one.
    with pytest.raises(UserError):
        await service.set_active(admin.id, False, by=other.id)
    await service.set_active(other.id, True, by=admin.id)
    await service.update_person(admin.id, form(username="admin", roles=[Role.PJK_TI]))
    assert await service.roles_of(admin.id) == {Role.PEGAWAI, Role.PJK_TI}


async def test_temporary_password_forces_a_change_and_ends_sessions():
    user = await make_person(username="rina")
    await service.set_temporary_password(user.id, "sementara-2")
    assert await service.load_user(user.id, user.epoch) is None
    fresh = await service.authenticate("rina", "sementara-2")
    assert fresh.must_change_password
    with pytest.raises(UserError) as err:
        await service.set_temporary_password(user.id, "pendek")
    assert err.value.field == "password"


# --- reading people -----------------------------------------------------------------------------


async def _bulk_people(n: int, **kw) -> None:
    """Many people at once without hashing a password for each."""
    await Person.insert(
        *[
            Person(
                username=f"massal{i:03d}",
                name=f"Pegawai Massal {i:03d}",
                email=f"massal{i:03d}@bps.go.id",
                created_at=clock.now(),
                **kw,
            )
            for i in range(n)
        ]
    )


async def test_list_people_pages_by_fifty():
    await _bulk_people(120)
    first = await directory.list_people(directory.PeopleQuery())
    assert (first.total, first.pages, first.page, len(first.rows)) == (120, 3, 1, 50)
    assert first.rows[0]["name"] == "Pegawai Massal 000"
    last = await directory.list_people(directory.PeopleQuery(page=3))
    assert len(last.rows) == 20
    assert last.rows[-1]["name"] == "Pegawai Massal 119"
    beyond = await directory.list_people(directory.PeopleQuery(page=99))
    assert beyond.page == 3
    names = [r["name"] for p in (1, 2, 3) for r in (await directory.list_people(directory.PeopleQuery(page=p))).rows]
    assert len(set(names)) == 120


async def test_list_people_searches_and_filters():
    tip = await directory.save_team(None, "TIP")
    sosial = await directory.save_team(None, "Sosial")
    dedi = await make_person(Role.PJK_TI, username="dedi", name="Dedi Kurniawan", team_id=tip)
    await service.update_person(
        dedi.id,
        form(username="dedi", name="Dedi Kurniawan", nip=NIP, team_id=tip, roles=[Role.PJK_TI]),
    )
    rina = await make_person(username="rina", name="Rina Marlina", team_id=sosial)
    gone = await make_person(Role.PJK_TI, username="lama", name="Pegawai Lama", team_id=tip)
    await service.set_active(gone.id, False)

    async def names(**kw) -> list[str]:
        return [r["name"] for r in (await directory.list_people(directory.PeopleQuery(**kw))).rows]

    assert await names(q="kurni") == ["Dedi Kurniawan"]
    assert await names(q="DEDI") == ["Dedi Kurniawan"]
    assert await names(q="20100110") == ["Dedi Kurniawan"]  # part of the NIP
    assert await names(q="rina@") == ["Rina Marlina"]  # e-mail
    assert await names(q="tidak ada") == []
    assert await names(role=Role.PJK_TI) == ["Dedi Kurniawan", "Pegawai Lama"]
    assert await names(role=Role.KEPALA) == []
    assert len(await names(role=Role.PEGAWAI)) == 3
    assert await names(team_id=sosial) == ["Rina Marlina"]
    assert await names(status="nonaktif") == ["Pegawai Lama"]
    assert await names(status="aktif", team_id=tip) == ["Dedi Kurniawan"]
    page = await directory.list_people(directory.PeopleQuery(q="dedi"))
    assert page.rows[0]["team_name"] == "TIP"
    assert page.rows[0]["roles"] == [Role.PEGAWAI, Role.PJK_TI]
    assert rina.id in [r["id"] for r in (await directory.list_people(directory.PeopleQuery())).rows]


# --- teams ------------------------------------------------------------------------------------


async def test_team_names_are_required_and_unique_ignoring_case():
    team = await directory.save_team(None, "Statistik Sosial")
    with pytest.raises(UserError) as err:
        await directory.save_team(None, "statistik  sosial")
    assert (err.value.field, err.value.message) == ("name", "Nama tim ini sudah ada.")
    with pytest.raises(UserError) as err:
        await directory.save_team(None, "  ")
    assert err.value.field == "name"
    assert await directory.save_team(team, "Statistik Sosial", active=False) == team
    with pytest.raises(NotFound):
        await directory.save_team(999999, "Apa saja")


async def test_teams_show_their_lead_and_active_members():
    tip = await directory.save_team(None, "TIP")
    empty = await directory.save_team(None, "Kosong")
    lead = await make_person(Role.KETUA_TIM, username="ketua", name="Ketua TIP", team_id=tip)
    await make_person(Role.PJK_TI, username="anggota", team_id=tip)
    old_lead = await make_person(Role.KETUA_TIM, username="mantan", team_id=tip)
    await service.set_active(old_lead.id, False)
    await make_person(Role.KETUA_TIM, username="lain")  # a Ketua Tim without a team

    teams = {t["name"]: t for t in await directory.list_teams()}
    assert teams["TIP"]["members"] == 2
    assert teams["TIP"]["leads"] == [{"id": lead.id, "name": "Ketua TIP"}]
    assert teams["Kosong"]["members"] == 0 and teams["Kosong"]["leads"] == []
    assert (await service.team_lead(tip))["id"] == lead.id
    assert await service.team_lead(empty) is None

    detail = await directory.get_team(tip)
    assert [m["active"] for m in detail["members"]] == [True, True, False]
    assert [m["id"] for m in detail["leads"]] == [lead.id]


async def test_roles_rows_are_unique_per_person():
    person_id = await service.create_person(
        form(roles=[Role.PJK_TI, Role.PJK_TI, Role.PEGAWAI]), "sementara-1"
    )
    rows = await PersonRole.select(PersonRole.role).where(PersonRole.person == person_id)
    assert [r["role"] for r in rows] == [Role.PJK_TI]
