from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Team(Table):
    """A work team. Its Ketua Tim is the member who holds the ``ketua_tim`` role."""

    id = Serial(primary_key=True)
    name = Varchar(length=150, unique=True)
    active = Boolean(default=True)


class Person(Table):
    id = Serial(primary_key=True)
    username = Varchar(length=60, unique=True)
    nip = Varchar(length=18, unique=True, null=True, default=None)
    name = Varchar(length=150)
    email = Varchar(length=200, default="")
    whatsapp = Varchar(length=20, default="")
    team = ForeignKey(references=Team, null=True, on_delete=OnDelete.set_null)
    password_hash = Varchar(length=200, default="")
    must_change_password = Boolean(default=True)
    active = Boolean(default=True)
    # Bumped to end every session of the person (deactivation, password change).
    session_epoch = Integer(default=0)
    language = Varchar(length=5, default="id")
    email_notifications = Boolean(default=True)
    created_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)


class PersonRole(Table):
    """A role held by a person; (person, role) is unique by an index in the migration."""

    id = Serial(primary_key=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade)
    role = Varchar(length=30, index=True)


class LoginFailure(Table):
    """A failed login for an account name, kept for the throttling window."""

    id = Serial(primary_key=True)
    account = Varchar(length=60, index=True)
    at = Timestamptz()
