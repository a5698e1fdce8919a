"""The probe's findings over HTTP: open redirects, bad input that was a 500, security headers."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from pintar.auth.roles import Role
from tests.helpers import make_person

OFF_SITE = [
    "/\\evil.example",
    "/\\evil.example/x",
    "//evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/x\r\nSet-Cookie: a=b",
    "/x\nLocation: //evil.example",
]


def _stays_home(response, default: str = "/") -> None:
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"] == default


@pytest.mark.parametrize("target", OFF_SITE)
async def test_login_next_never_leaves_the_site(web, target: str) -> None:
    await make_person(username="rina")
    signed_out = await web.post("/masuk", {"login": "rina", "password": "rahasia-123",
                                           "next": target})
    _stays_home(signed_out)
    signed_in = await web.get("/masuk", params={"next": target}, follow_redirects=False)
    _stays_home(signed_in)


@pytest.mark.parametrize("target", OFF_SITE)
async def test_language_switch_never_leaves_the_site(web, target: str) -> None:
    response = await web.post("/bahasa", {"lang": "en", "next": target})
    _stays_home(response)


async def test_local_targets_still_work(web) -> None:
    await make_person(username="rina")
    response = await web.post("/masuk", {"login": "rina", "password": "rahasia-123",
                                         "next": "/akun?tab=1"})
    assert response.headers["location"] == "/akun?tab=1"
    response = await web.post("/bahasa", {"lang": "en", "next": "/masuk"})
    assert response.headers["location"] == "/masuk"


async def test_notification_link_off_site_is_refused_when_stored() -> None:
    from pintar.errors import UserError
    from pintar.notify.service import clean_link

    for target in OFF_SITE:
        with pytest.raises(UserError):
            clean_link(target)
    assert clean_link("/zoom/12") == "/zoom/12"


async def test_a_field_sent_as_a_file_is_a_4xx_not_a_500(web) -> None:
    await make_person(username="rina")
    token = await web.csrf()
    files = {"next": ("next.txt", b"/akun", "text/plain")}
    login = await web.client.post(
        "/masuk", data={"login": "rina", "password": "rahasia-123"}, files=files,
        headers={"x-csrftoken": token}, follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == "/"
    token = await web.csrf()  # a new one: sign-in rotates it
    lang = await web.client.post("/bahasa", data={"lang": "en"}, files=files,
                                 headers={"x-csrftoken": token}, follow_redirects=False)
    assert lang.status_code == 303 and lang.headers["location"] == "/"


async def test_csrf_token_sent_as_a_file_is_refused_in_indonesian(web) -> None:
    await web.csrf()
    response = await web.client.post(
        "/masuk", data={"login": "x", "password": "y"},
        files={"_csrf_token": ("t.txt", b"abc", "text/plain")},
    )
    assert response.status_code == 403
    assert "kedaluwarsa" in response.text


async def test_broken_multipart_body_is_refused_in_indonesian(web) -> None:
    token = await web.csrf()
    response = await web.client.post(
        "/bahasa", content=b"--x\r\nbroken",
        headers={"x-csrftoken": token, "content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 400
    assert "Invalid multipart" not in response.text
    assert "tidak dapat dibaca" in response.text


async def test_long_file_name_is_not_called_too_large(web) -> None:
    await make_person(username="rina")
    await web.login("rina")
    token = await web.csrf()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = await web.client.post(
        "/akun/dokumen", data={"keterangan": "SK"},
        files={"berkas": ("a" * 5000 + ".pdf", pdf, "application/pdf")},
        headers={"x-csrftoken": token},
    )
    assert 400 <= response.status_code < 500
    assert "terlalu besar" not in response.text
    assert "nama berkas" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/notifikasi?halaman=²",
        "/notifikasi?halaman=99999999999999999999999",
        "/admin/pegawai?team=9223372036854775808",
        "/admin/pegawai?page=²",
        "/zoom?tanggal=0001-01-01",
        "/zoom?tanggal=9999-12-31",
        "/zoom/ketersediaan?day=0001-01-01&start=09:00&end=10:00",
        "/zoom/ketersediaan?day=9999-12-31&start=09:00&end=10:00&kecuali=9223372036854775808",
        "/zoom/baru?participants=9223372036854775808",
    ],
)
async def test_odd_query_values_answer_without_a_server_error(web, path: str) -> None:
    await make_person(Role.ADMIN, username="admin1")
    await web.login("admin1")
    response = await web.get(path)
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert "tidak valid" in response.text


async def test_far_dates_on_the_calendar_are_a_clear_400(web) -> None:
    await make_person(username="rina")
    await web.login("rina")
    response = await web.get("/zoom?tanggal=9999-12-31")
    assert response.status_code == 400
    assert "di luar jangkauan" in response.text


async def test_nul_and_newline_in_a_static_path_are_404(web) -> None:
    for path in ["/static/x%00", "/static/x%0aERROR", "/static/a%00b.css", "/zoom/%0d%0a"]:
        response = await web.get(path)
        assert response.status_code == 404, path


async def test_security_headers_on_pages_errors_and_the_kiosk(web) -> None:
    for path in ["/masuk", "/tidak-ada"]:
        response = await web.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-eval" not in csp and "script-src 'self'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in response.headers  # plain HTTP here
    css = await web.get("/static/app.css")
    assert css.headers["x-content-type-options"] == "nosniff"


async def test_personal_pages_are_not_stored_by_caches(web) -> None:
    await make_person(username="rina")
    await web.login("rina")
    for path in ["/akun", "/", "/notifikasi"]:
        response = await web.get(path)
        assert response.headers["cache-control"] == "private, no-store", path
    bell = await web.get("/notifikasi/lonceng")
    assert bell.headers["cache-control"] == "private, no-cache"  # keeps its ETag and 304s


async def test_inline_scripts_and_styles_are_allowed_by_their_hash(web) -> None:
    from pintar.web.security import content_security_policy

    csp = content_security_policy()
    from pintar.web.templating import TEMPLATE_DIR

    kiosk = (TEMPLATE_DIR / "zoom" / "kiosk.html").read_text()
    for tag in ("script", "style"):
        for body in re.findall(rf"<{tag}>(.*?)</{tag}>", kiosk, re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp
    assert "frame-ancestors *" in content_security_policy(framable=True)


async def test_sign_in_rotates_the_csrf_token(web) -> None:
    await make_person(username="rina")
    before = await web.csrf()
    await web.login("rina")
    after = await web.csrf()
    assert after != before


async def test_logout_ends_the_session_on_the_server(web) -> None:
    await make_person(username="rina")
    await web.login("rina")
    saved = dict(web.client.cookies)
    assert (await web.get("/akun")).status_code == 200
    await web.logout()
    for name, value in saved.items():
        web.client.cookies.set(name, value)
    replay = await web.get("/akun", follow_redirects=False)
    assert replay.status_code == 302 and replay.headers["location"].startswith("/masuk")
    posted = await web.post("/akun", {"language": "en"})
    assert posted.status_code == 302


async def test_a_session_has_an_absolute_lifetime(web, monkeypatch) -> None:
    import datetime as dt

    from pintar import clock

    await make_person(username="rina")
    await web.login("rina")
    assert (await web.get("/akun")).status_code == 200
    later = clock.now() + dt.timedelta(days=31)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = await web.get("/akun", follow_redirects=False)
    assert response.status_code == 302


async def test_activating_an_active_person_keeps_their_session(web) -> None:
    admin = await make_person(Role.ADMIN, username="admin1")
    await web.login("admin1")
    response = await web.post(f"/admin/pegawai/{admin.id}/aktif")
    assert response.status_code in (200, 303), response.text[:300]
    assert (await web.get("/akun")).status_code == 200


async def test_healthz_answers_while_a_password_is_being_checked(web, monkeypatch) -> None:
    """argon2 runs in a thread: the event loop keeps answering during a slow verification."""
    import asyncio
    import time

    from pintar.auth import passwords

    await make_person(username="rina")
    real = passwords.verify_password

    def slow(password_hash: str, password: str) -> bool:
        time.sleep(0.8)
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", slow)
    login = asyncio.create_task(web.post("/masuk", {"login": "rina", "password": "salah-sekali"}))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    health = await web.get("/healthz")
    took = time.monotonic() - started
    assert health.status_code == 200
    assert not login.done()  # the health check came back while the login was still verifying
    assert took < 0.7
    assert (await login).status_code == 400


async def test_deactivated_accounts_are_checked_like_any_other(monkeypatch) -> None:
    """Unknown, wrong and deactivated: each runs one password verification (the same time)."""
    from pintar.auth import passwords, service
    from pintar.errors import UserError

    rina = await make_person(username="rina")
    await service.set_active(rina.id, False)
    calls: list[str] = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password",
                        lambda h, p: calls.append(p) or real(h, p))
    for login, password in [("tidakada", "x-123456"), ("rina", "rahasia-123"),
                            ("rina", "salah-123")]:
        with pytest.raises(UserError) as err:
            await service.authenticate(login, password, client="10.0.0.9")
        assert err.value.message == "NIP/nama pengguna atau kata sandi salah."
    assert len(calls) == 3


async def test_a_stranger_cannot_lock_the_owner_out(web) -> None:
    """Five wrong passwords from one client lock the account for that client only: the owner,
    from a client that has not been failing, still gets in with the right password."""
    from pintar.auth import service
    from pintar.errors import TooManyAttempts, UserError

    await make_person(username="rina")
    for _ in range(5):
        with pytest.raises(UserError):
            await service.authenticate("rina", "tebak-123", client="203.0.113.7")
    with pytest.raises(TooManyAttempts):
        await service.authenticate("rina", "rahasia-123", client="203.0.113.7")
    user = await service.authenticate("rina", "rahasia-123", client="10.1.2.3")
    assert user.username == "rina"


async def test_a_failing_client_learns_nothing_about_which_nip_is_whose() -> None:
    from pintar.auth import service
    from pintar.auth.tables import Person
    from pintar.errors import TooManyAttempts, UserError

    rina = await make_person(username="rina")
    await Person.update({Person.nip: "198001012006041001"}).where(Person.id == rina.id)
    for _ in range(5):
        with pytest.raises(UserError):
            await service.authenticate("rina", "tebak-123", client="203.0.113.7")
    answers = []
    for nip in ("198001012006041001", "199912312020121999"):
        with pytest.raises(UserError) as err:
            await service.authenticate(nip, "tebak-456", client="203.0.113.7")
        answers.append((type(err.value), err.value.message))
    assert answers[0] == answers[1] and answers[0][0] is TooManyAttempts


async def test_a_client_failing_everywhere_is_stopped(monkeypatch) -> None:
    from pintar.auth import service
    from pintar.config import get_settings
    from pintar.errors import TooManyAttempts, UserError

    limit = get_settings().login_client_max_failures
    for n in range(limit):
        with pytest.raises(UserError):
            await service.authenticate(f"orang-{n}", "tebak-123", client="198.51.100.1")
    await make_person(username="rina")
    with pytest.raises(TooManyAttempts):
        await service.authenticate("rina", "rahasia-123", client="198.51.100.1")
    assert (await service.authenticate("rina", "rahasia-123", client="10.0.0.1")).username == "rina"


def test_log_lines_cannot_be_forged_and_hide_url_tokens() -> None:
    import logging

    from pintar.web.app import create_app

    create_app()
    factory = logging.getLogRecordFactory()

    def message(*args: str) -> str:
        return factory("pintar", logging.INFO, "", 0, "GET %s", args, None).getMessage()

    first = message("/static/x\nERROR - 2026-12-01 FORGED admin login")
    second = message("/kiosk?token=rahasia123&x=1 and /kiosk/ical/abc123.ics")
    assert "\n" not in first and "\\nERROR" in first
    assert "rahasia123" not in second and "abc123" not in second
    assert "/kiosk?token=…&x=1" in second

    access = logging.getLogger("uvicorn.access")
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s"',
                               ("1.2.3.4", "GET", "/kiosk/papan?token=rahasia"), None)
    for f in access.filters:
        f.filter(record)
    assert "rahasia" not in str(record.args)


async def test_the_var_folder_is_the_owners_only(client) -> None:
    """After start (the client fixture runs the app's lifespan): folders 0700, files 0600."""
    from pintar.config import get_settings

    settings = get_settings()
    assert settings.var_dir.stat().st_mode & 0o777 == 0o700
    assert settings.upload_dir.stat().st_mode & 0o777 == 0o700
    if not settings.is_postgres:
        assert settings.sqlite_path.stat().st_mode & 0o777 == 0o600


async def test_a_nul_character_is_refused_before_the_database_sees_it(web) -> None:
    """PostgreSQL cannot hold a NUL in text: every route refuses it with a clear 400."""
    await make_person(Role.ADMIN, username="admin1")
    login = await web.post("/masuk", {"login": "admin1\x00", "password": "rahasia-123"})
    assert login.status_code == 400 and "karakter yang tidak sah" in login.text
    await web.login("admin1")
    for path in ["/admin/pegawai?q=a%00b", "/kiosk?token=a%00b", "/halocik/antrean?q=%00"]:
        response = await web.get(path)
        assert response.status_code == 400, path
        assert "karakter yang tidak sah" in response.text
    team = await web.post("/admin/tim", {"name": "Tim\x00A"})
    assert team.status_code == 400 and "karakter yang tidak sah" in team.text
