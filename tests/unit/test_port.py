"""Issue 11, "the port": choosing where ``pintar run`` listens, and the absolute links that follow it."""

from __future__ import annotations

import socket

import pytest

from pintar import cli, config
from pintar.notify import service as notify_service
from pintar.web.urls import absolute_url


class FakeRequest:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url


@pytest.fixture(autouse=True)
def _plain_address(monkeypatch: pytest.MonkeyPatch):
    for name in ("PINTAR_HOST", "PINTAR_PORT", "PINTAR_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    config.reset_settings()
    yield
    config.reset_settings()


def test_defaults_are_localhost_8000() -> None:
    settings = config.get_settings()
    assert (settings.host, settings.port, settings.base_url_set) == ("127.0.0.1", 8000, False)
    assert settings.base_url == "http://127.0.0.1:8000"


def test_pintar_port_moves_the_base_url(setting) -> None:
    setting("PORT", "8101")
    settings = config.get_settings()
    assert settings.port == 8101 and settings.base_url == "http://127.0.0.1:8101"
    # Links built without a request (e-mails, jobs) follow the real port.
    assert absolute_url("/akun") == "http://127.0.0.1:8101/akun"
    assert notify_service.absolute_url("/zoom/3") == "http://127.0.0.1:8101/zoom/3"


def test_listening_on_every_interface_links_to_localhost(setting) -> None:
    setting("HOST", "0.0.0.0")
    setting("PORT", "8102")
    assert config.get_settings().base_url == "http://127.0.0.1:8102"


def test_a_port_out_of_range_is_refused(setting) -> None:
    setting("PORT", "70000")
    with pytest.raises(SystemExit, match="PINTAR_PORT"):
        config.get_settings()


def test_links_come_from_the_request_unless_a_base_url_is_set(setting) -> None:
    request = FakeRequest("http://10.0.0.5:8101/")
    assert absolute_url("/kiosk?token=abc", request) == "http://10.0.0.5:8101/kiosk?token=abc"
    assert absolute_url("akun", request) == "http://10.0.0.5:8101/akun"
    setting("BASE_URL", "https://pintar.example.go.id/")
    assert config.get_settings().base_url_set
    assert absolute_url("/kiosk?token=abc", request) == "https://pintar.example.go.id/kiosk?token=abc"
    assert absolute_url("/akun") == "https://pintar.example.go.id/akun"


def test_template_global_uses_the_request() -> None:
    from pintar.web.templating import environment

    tmpl = environment().from_string("{{ absolute_url('/kiosk/ical/x.ics') }}")
    html = tmpl.render(request=FakeRequest("http://portal.lan:8101/"))
    assert html == "http://portal.lan:8101/kiosk/ical/x.ics"


def test_run_port_flag_wins_and_banner_prints_it(setting, monkeypatch, capsys) -> None:
    setting("PORT", "8101")
    served: list[tuple[str, int]] = []
    monkeypatch.setattr(cli, "_prepare", lambda: None)
    monkeypatch.setattr(cli, "_serve", lambda host, port: served.append((host, port)))
    cli.main(["run", "--port", "8123"])
    assert served == [("127.0.0.1", 8123)]
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123" in out and ":8000" not in out
    assert config.get_settings().base_url == "http://127.0.0.1:8123"


def test_run_uses_pintar_port_without_a_flag(setting, monkeypatch, capsys) -> None:
    setting("PORT", "8101")
    served: list[tuple[str, int]] = []
    monkeypatch.setattr(cli, "_prepare", lambda: None)
    monkeypatch.setattr(cli, "_serve", lambda host, port: served.append((host, port)))
    cli.main(["run"])
    assert served == [("127.0.0.1", 8101)]
    assert "Portal Pintar siap di http://127.0.0.1:8101" in capsys.readouterr().out


def test_a_taken_port_says_how_to_choose_another() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit, match="make run PORT="):
            cli.check_port_free("127.0.0.1", port)
