"""The shared web toolkit (pintar/web): redirect targets, the form reader, parsers, ETags."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar.web.caching import entity_tags, etag_matches
from pintar.web.forms import (
    MAX_ID,
    FormInvalid,
    Reader,
    clean_text,
    date_horizon,
    parse_date,
    parse_id,
    parse_int,
)
from pintar.web.urls import is_safe_local_url, safe_local_url

OFF_SITE = [
    "//evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "/\\evil.example/x",
    "\\\\evil.example",
    "\\/evil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/%2Fevil.example",
    "/%5Cevil.example",
    "/%255Cevil.example",  # decoded twice
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/ /evil.example",
    "/x\r\nSet-Cookie: a=b",
    "/x%0d%0aSet-Cookie:%20a=b",
    "/x\x00y",
    "/x%00y",
    "/\u202eelpmaxe.live",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,hi",
    "http://evil.example/",
    "https:evil.example",
    "evil.example",
    "",
    "/" + "a" * 3000,
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_safe_local_url_refuses_every_way_off_the_site(target: str) -> None:
    assert not is_safe_local_url(target)
    assert safe_local_url(target, "/aman") == "/aman"


@pytest.mark.parametrize(
    "target",
    [
        "/",
        "/akun",
        "/zoom/12?tampilan=bulan&tanggal=2026-12-01",
        "/halocik/antrean?filter=semua&q=printer+rusak",
        "/halocik/antrean?q=caf%C3%A9",
        "/notifikasi#n-5",
        "/javascript:alert(1)",  # a path on this site, not a scheme
    ],
)
def test_safe_local_url_keeps_paths_on_this_site(target: str) -> None:
    assert safe_local_url(target, "/lain") == target


@pytest.mark.parametrize("value", [None, 5, b"/akun", ["/akun"], object()])
def test_safe_local_url_refuses_what_is_not_text(value: object) -> None:
    assert safe_local_url(value, "/") == "/"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("-3", -3),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits
        ("１２", None),  # full-width digits
        ("12.5", None),
        ("1e3", None),
        ("", None),
        ("0x10", None),
        (str(2**63), None),
        (str(2**63 - 1), 2**63 - 1),
        ("9" * 100, None),
        (None, None),
    ],
)
def test_parse_int_takes_ascii_integers_in_range(raw: object, expected: int | None) -> None:
    assert parse_int(raw) == expected


def test_parse_id_is_a_positive_32_bit_integer() -> None:
    assert parse_id("1") == 1
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(str(MAX_ID + 1)) is None
    assert parse_id("0") is None
    assert parse_id("-1") is None
    assert parse_id("²") is None


def test_parse_date_refuses_what_the_calendar_cannot_show() -> None:
    assert parse_date("2026-12-01") == dt.date(2026, 12, 1)
    for raw in ["9999-12-31", "0001-01-01", "2026-02-30", "2026-1-1", "٢٠٢٦-١٢-٠١", "x", ""]:
        assert parse_date(raw) is None, raw
    assert parse_date("2026-12-01", latest=dt.date(2026, 11, 30)) is None


def test_date_horizon_is_two_years_unless_the_office_sets_it() -> None:
    today = dt.date(2026, 12, 1)
    assert date_horizon(today) == today + dt.timedelta(days=730)


class _Upload:
    filename = "x.txt"


def test_reader_collects_every_field_error_in_indonesian() -> None:
    r = Reader(
        {
            "judul": "",
            "kursi": "²",
            "jumlah": str(2**64),
            "tanggal": "9999-12-31",
            "catatan": _Upload(),
            "tim": "99999999999",
        }
    )
    r.text("judul", "Judul", limit=100, required=True)
    assert r.integer("kursi", "Kursi") is None
    assert r.integer("jumlah", "Jumlah", maximum=1000) is None
    assert r.date("tanggal", "Tanggal", latest=dt.date(2028, 1, 1)) is None
    assert r.text("catatan", "Catatan", limit=100) == ""
    assert r.id("tim", "Tim") is None
    with pytest.raises(FormInvalid) as caught:
        r.done()
    errors = caught.value.errors
    assert set(errors) == {"judul", "kursi", "jumlah", "tanggal", "catatan", "tim"}
    assert errors["judul"] == "Judul wajib diisi."
    assert errors["kursi"] == "Kursi harus berupa bilangan bulat."
    assert errors["jumlah"] == "Jumlah harus antara 0 dan 1000."
    assert errors["catatan"] == "Isian ini harus berupa teks, bukan berkas."
    assert caught.value.status_code == 422


def test_reader_date_beyond_the_horizon_names_the_last_day() -> None:
    r = Reader({"tanggal": "2030-01-01"})
    assert r.date("tanggal", "Tanggal", latest=dt.date(2028, 12, 1)) is None
    assert r.errors["tanggal"] == "Tanggal paling lambat 2028-12-01."


def test_clean_text_removes_controls_and_bidi_overrides() -> None:
    assert clean_text("Rapat\u202e gnitsoh\x00  tim\n") == "Rapat gnitsoh tim"
    assert clean_text("baris 1\r\nbaris 2\x07", multiline=True) == "baris 1\nbaris 2"


@pytest.mark.parametrize(
    ("header", "tags"),
    [
        ('"a"', ['"a"']),
        ('W/"a", "b"', ['"a"', '"b"']),
        ('"a,b" , W/"c"', ['"a,b"', '"c"']),
        ("*", ["*"]),
        ("", []),
        ("garbage", []),
        ('"a", garbage', []),
    ],
)
def test_if_none_match_is_parsed_as_entity_tags(header: str, tags: list[str]) -> None:
    assert entity_tags(header) == tags


def test_etag_matches_weakly_and_on_star() -> None:
    assert etag_matches('W/"x"', '"x"')
    assert etag_matches('"x"', 'W/"x"')
    assert etag_matches('"y", "x"', '"x"')
    assert etag_matches("*", '"x"')
    assert not etag_matches('"xy"', '"x"')
    assert not etag_matches(None, '"x"')
