"""The English catalogue: complete, faithful to its placeholders, in step with the code, in use.

Indonesian is the source language; ``pintar/locale/en/LC_MESSAGES/messages.po`` holds English.
A developer who adds a text and forgets ``make messages`` (or forgets to translate what it
added) gets a failing test here that names every text still missing.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from pintar import i18n
from pintar.config import ROOT

PO_FILE = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]")
HOW_TO_FIX = (
    "run `make messages`, then translate the new entries in "
    "pintar/locale/en/LC_MESSAGES/messages.po"
)


def load_catalogue() -> Catalog:
    with PO_FILE.open("rb") as fh:
        return read_po(fh, locale="en")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def extraction_keywords() -> dict:
    """Babel's default keywords plus the ``-k`` options of the Makefile's ``messages`` rule, so
    this test looks for texts exactly where ``make messages`` does."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lines = [line for line in makefile.splitlines() if "pybabel extract" in line]
    assert lines, "the Makefile has no `pybabel extract` line in its messages rule"
    extra = re.findall(r"(?:-k|--keywords?)[ =](\S+)", lines[0])
    assert "_l" in extra and "lazy_gettext" in extra, extra
    return {**DEFAULT_KEYWORDS, **{name: None for name in extra}}


def extract_from_code() -> dict[str | tuple[str, ...], list[str]]:
    """Every text the code passes through gettext, with where it occurs (as `make messages`)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=extraction_keywords()
    ):
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


# --- (1) every entry translated, with the same placeholders ---------------------------------


def test_header_is_valid_english_utf8_with_plural_forms():
    catalogue = load_catalogue()
    assert str(catalogue.locale) == "en"
    assert catalogue.charset.lower() == "utf-8"
    assert catalogue.num_plurals == 2
    assert catalogue.plural_expr == "(n != 1)"
    header = dict(catalogue.mime_headers)
    assert header["Language"] == "en"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=utf-8" in header["Content-Type"].lower()


def test_every_entry_is_translated_and_keeps_its_placeholders():
    catalogue = load_catalogue()
    problems: list[str] = []
    for message in catalogue:
        if not message.id:
            continue  # the header
        singular = message.id[0] if message.pluralizable else message.id
        if message.fuzzy:
            problems.append(f"fuzzy (check it, then drop the flag): {singular!r}")
        if message.pluralizable:
            forms = list(message.string) if isinstance(message.string, (list, tuple)) else []
            if len(forms) != catalogue.num_plurals or not all(forms):
                problems.append(f"plural forms missing: {singular!r}")
                continue
            wanted = placeholders(message.id[0]) | placeholders(message.id[1])
            for form in forms:
                if placeholders(form) != wanted:
                    problems.append(f"placeholders differ: {singular!r} -> {form!r}")
            continue
        if not message.string:
            problems.append(f"not translated: {singular!r}")
            continue
        if placeholders(message.string) != placeholders(message.id):
            problems.append(f"placeholders differ: {message.id!r} -> {message.string!r}")
    if problems:
        pytest.fail(f"{len(problems)} catalogue entries need work; {HOW_TO_FIX}:\n"
                    + "\n".join(problems), pytrace=False)


def test_translations_format_like_the_originals():
    """``gettext(text, **values)`` applies ``%`` to the translation: a stray ``%`` or a
    ``%(name)d`` where the code passes a string would fail only in English, at run time."""
    catalogue = load_catalogue()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        names = set().union(*(placeholders(i) for i in ids))
        if not names:
            continue
        values = {name: "7" for name in names}
        for text in (*ids, *strings):
            assert text % values, text  # raises on a broken format


def test_the_app_loads_the_english_catalogue():
    i18n._translations.cache_clear()
    translations = i18n._translations("en")
    assert isinstance(translations, _gettext.GNUTranslations)
    assert translations.gettext("Masuk") == "Sign in"
    assert translations.ngettext("%(num)s pegawai", "%(num)s pegawai", 1) == "%(num)s employee"
    token = i18n.current_language.set("en")
    try:
        assert i18n.gettext("Selamat datang, %(name)s", name="Ana") == "Welcome, Ana"
        assert i18n.ngettext("%(num)s pegawai", "%(num)s pegawai", 3) == "3 employees"
        assert i18n.format_duration(dt.timedelta(days=1, hours=2)) == "1 day 2 hours"
        assert i18n.format_duration(dt.timedelta(minutes=45)) == "45 minutes"
        # Texts kept in constants (marked with N_) are translated where they are shown.
        from pintar.office import holidays, workdays
        from pintar.office import service as office

        assert office.weekday_name(0) == "Monday"
        assert holidays.kind_label(workdays.KIND_CUTI_BERSAMA) == "Collective leave"
    finally:
        i18n.current_language.reset(token)
    assert i18n.gettext("Masuk") == "Masuk"  # Indonesian stays the default


# --- (2) the catalogue is up to date with the code --------------------------------------------


def test_catalogue_holds_every_text_in_the_code():
    catalogue = load_catalogue()
    found = extract_from_code()
    assert len(found) > 300, "extraction found almost nothing: is babel.cfg still right?"
    missing = []
    for message, places in sorted(found.items(), key=lambda kv: str(kv[0])):
        singular = message[0] if isinstance(message, tuple) else message
        entry = catalogue.get(singular)
        if entry is None or (isinstance(message, tuple) and entry.id != message):
            missing.append(f"{singular!r}  ({', '.join(places[:3])})")
    if missing:
        pytest.fail(
            f"{len(missing)} text(s) in the code are not in the English catalogue; {HOW_TO_FIX}:\n"
            + "\n".join(missing),
            pytrace=False,
        )


# --- (3) people see English ---------------------------------------------------------------


async def _english_person(*roles, **kw):
    from pintar.auth import service
    from tests.helpers import make_person

    user = await make_person(*roles, **kw)
    await service.update_preferences(user.id, language="en", email_notifications=True)
    return user


async def test_a_person_whose_language_is_english_sees_english(web):
    await _english_person(username="ana", name="Ana Lestari")
    await web.login("ana")

    home = await web.get("/")
    assert home.status_code == 200
    assert '<html lang="en">' in home.text
    assert "Welcome, Ana Lestari" in home.text
    assert "Sign out" in home.text and "Skip to content" in home.text
    assert "Selamat datang" not in home.text and "Keluar" not in home.text

    profile = await web.get("/akun")
    assert profile.status_code == 200
    for text in ("My account", "Username", "Language", "Send me notifications by email",
                 "Change password", "Save", "Roles", "Staff"):
        assert text in profile.text, text
    for text in ("Akun saya", "Nama pengguna", "Ganti kata sandi", "Simpan"):
        assert text not in profile.text, text


async def test_admin_pages_and_their_errors_in_english(web):
    from pintar.auth.roles import Role

    await _english_person(Role.ADMIN, username="dewi")
    await web.login("dewi")
    settings = await web.get("/admin/kantor")
    assert settings.status_code == 200
    # Weekday names live in a constant (N_-marked) and are translated where they are shown.
    for text in ("Office settings", "Working hours", "Monday", "Friday", "Sunday",
                 "Monday opening time", "Save settings"):
        assert text in settings.text, text
    assert "Senin" not in settings.text and "Jam kerja" not in settings.text

    holidays = await web.get("/admin/hari-libur?tahun=2026")
    assert "Holidays and closures 2026" in holidays.text
    assert "National holiday" in holidays.text and "Libur nasional" not in holidays.text

    missing = await web.get("/admin/ruang/999")
    assert missing.status_code == 404
    assert "Room not found." in missing.text


async def test_english_from_the_first_page_after_signing_in(web):
    """A new person who chose English is greeted in English on the password page."""
    await _english_person(username="budi", must_change_password=True)
    response = await web.login("budi")
    assert response.headers["location"] == "/akun/kata-sandi"
    page = await web.get("/akun/kata-sandi")
    assert "Welcome. Please change your temporary password." in page.text
    assert "Current password" in page.text and "Repeat the new password" in page.text


async def test_choosing_english_in_the_profile_switches_at_once(web):
    from tests.helpers import make_person

    await make_person(username="citra")
    await web.login("citra")
    assert "Akun saya" in (await web.get("/akun")).text
    response = await web.post("/akun", {"language": "en", "email_notifications": "on"})
    assert response.status_code == 303
    page = await web.get("/akun")
    assert "My account" in page.text and "Settings updated." in page.text


async def test_an_anonymous_visitor_chooses_english_on_the_login_page(web):
    page = await web.get("/masuk")
    assert "Masuk ke Portal Pintar" in page.text and 'lang="id"' in page.text

    response = await web.post("/bahasa", {"lang": "en", "next": "/masuk"})
    assert response.status_code == 303
    assert response.headers["location"] == "/masuk"

    page = await web.get("/masuk")
    assert '<html lang="en">' in page.text
    for text in ("Sign in to Portal Pintar", "NIP or username", "Password", "Sign in"):
        assert text in page.text, text
    assert "Kata sandi" not in page.text and "Masuk ke Portal Pintar" not in page.text

    wrong = await web.post("/masuk", {"login": "nobody", "password": "salah-sekali"})
    assert wrong.status_code == 400
    assert "Wrong NIP/username or password." in wrong.text

    missing = await web.get("/tidak-ada")
    assert missing.status_code == 404
    assert "Page not found" in missing.text

    await web.post("/bahasa", {"lang": "id", "next": "/masuk"})
    assert "Masuk ke Portal Pintar" in (await web.get("/masuk")).text


@pytest.mark.parametrize("lang", ["xx", "", "../en"])
async def test_an_unknown_language_falls_back_to_indonesian(web, lang):
    await web.post("/bahasa", {"lang": lang, "next": "/masuk"})
    page = await web.get("/masuk")
    assert 'lang="id"' in page.text and "Masuk ke Portal Pintar" in page.text


def test_no_text_is_defined_twice():
    """gettext tools refuse a catalogue with one msgid twice (a merge can leave one, active or
    obsolete ``#~``); babel would silently keep the last."""
    found = re.findall(r'^(?:#~ )?msgid ((?:"[^\n]*"\n(?:#~ )?)+)', PO_FILE.read_text("utf-8"), flags=re.M)
    ids = [re.sub(r'"\n(?:#~ )?"?|^"|"\n(?:#~ )?$', "", i) for i in found]
    seen: set[str] = set()
    twice = [i for i in ids if i in seen or seen.add(i)]
    assert not twice, f"defined more than once in {PO_FILE.name}: {twice[:5]}"
