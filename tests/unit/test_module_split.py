"""auth/service.py and office/service.py were split by subject; the names that moved stay
reachable from the old modules (other modules and older tests use them), as the same objects."""

from __future__ import annotations

import pytest

from pintar.auth import directory
from pintar.auth import service as auth_service
from pintar.office import holidays, hours, logo, rooms, workdays
from pintar.office import service as office_service


def test_moved_auth_names_resolve_to_the_directory():
    for name in auth_service._MOVED_TO_DIRECTORY:
        assert getattr(auth_service, name) is getattr(directory, name), name
    from pintar.auth.service import save_team  # a from-import goes through the same path

    assert save_team is directory.save_team
    with pytest.raises(AttributeError):
        auth_service.no_such_name  # noqa: B018


def test_moved_office_names_resolve_to_their_modules():
    modules = {"holidays": holidays, "hours": hours, "rooms": rooms, "logo": logo,
               "workdays": workdays}
    for module, names in office_service._MOVED.items():
        for name in names:
            assert getattr(office_service, name) is getattr(modules[module], name), name
    from pintar.office.service import load_calendar, national_holidays

    assert national_holidays is workdays.national_holidays
    assert load_calendar is workdays.load_calendar
    with pytest.raises(AttributeError):
        office_service.no_such_name  # noqa: B018
