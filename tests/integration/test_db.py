"""The database layer's fences: which integrity failures count as "already taken"."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar import db
from pintar.auth import service
from pintar.auth.tables import Person, Team
from pintar.errors import UserError

AT = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)


async def _failure(coro) -> BaseException:
    with pytest.raises(Exception) as caught:
        await coro
    return caught.value


async def test_a_duplicate_unique_value_is_a_unique_violation() -> None:
    await Person.insert(Person(username="rina", name="Rina", created_at=AT))
    exc = await _failure(Person.insert(Person(username="rina", name="Rina Lain", created_at=AT)))
    assert db.is_unique_violation(exc)
    assert not db.is_foreign_key_violation(exc)


async def test_a_duplicate_primary_key_is_a_unique_violation() -> None:
    rows = await Team.insert(Team(name="Tim IPDS")).returning(Team.id)
    exc = await _failure(Team.insert(Team(id=rows[0]["id"], name="Tim Lain")))
    assert db.is_unique_violation(exc)


async def test_a_foreign_key_failure_is_not_a_unique_violation() -> None:
    exc = await _failure(Person.insert(Person(username="budi", name="Budi", team=987654, created_at=AT)))
    assert not db.is_unique_violation(exc)
    assert db.is_foreign_key_violation(exc)


async def test_a_not_null_failure_is_neither() -> None:
    table = Person._meta.tablename
    exc = await _failure(Person.raw(
        f"INSERT INTO {table} (username, name, email, whatsapp, password_hash, must_change_password, "
        "active, session_epoch, language, email_notifications, created_at) "
        "VALUES ({}, NULL, '', '', '', TRUE, TRUE, 0, 'id', TRUE, {})", "citra", AT))
    assert not db.is_unique_violation(exc)
    assert not db.is_foreign_key_violation(exc)


async def test_other_errors_are_neither() -> None:
    for exc in (ValueError("UNIQUE constraint failed"), RuntimeError("constraint")):
        assert not db.is_unique_violation(exc)
        assert not db.is_foreign_key_violation(exc)


async def test_a_team_gone_after_its_check_reads_as_a_missing_team_not_a_taken_name(monkeypatch) -> None:
    """The reference check runs first; should the team vanish anyway, the admin is told the team
    is missing (the old broad check said "Nama pengguna ini sudah dipakai")."""

    async def no_check(values, person_id):
        return None

    monkeypatch.setattr(service, "_check_references", no_check)
    form = service.PersonForm(username="dodi", name="Dodi", team_id=987654)
    with pytest.raises(UserError) as caught:
        await service.create_person(form, "sandi-sementara-123")
    assert caught.value.field == "team_id"
    assert str(caught.value) == "Tim yang dipilih tidak ada."
    assert await Person.count().where(Person.username == "dodi") == 0
