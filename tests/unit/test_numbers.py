"""Numbers in the person's language, through Babel (issue 11, "Numbers in Indonesian")."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal

from pintar import i18n
from pintar.files.service import format_size
from pintar.web.templating import environment


@contextmanager
def language(lang: str):
    token = i18n.current_language.set(lang)
    try:
        yield
    finally:
        i18n.current_language.reset(token)


def test_indonesian_decimals_and_thousands():
    assert i18n.format_number(16, 1) + " GB" == "16,0 GB"
    assert i18n.format_number(1.1, 1) + " jam" == "1,1 jam"
    assert i18n.format_number(1234) == "1.234"
    assert i18n.format_number(1234567.891, 2) == "1.234.567,89"
    assert i18n.format_number(Decimal("0.5"), 1) == "0,5"
    assert i18n.format_number(-1500) == "-1.500"


def test_english_conventions():
    with language("en"):
        assert i18n.format_number(16, 1) + " GB" == "16.0 GB"
        assert i18n.format_number(1.1, 1) == "1.1"
        assert i18n.format_number(1234) == "1,234"
        assert i18n.format_number(1234567.891, 2) == "1,234,567.89"


def test_template_filter_in_both_languages():
    tmpl = environment().from_string("{{ 1234|number }} · {{ 16|number(1) }} GB")
    assert tmpl.render() == "1.234 · 16,0 GB"
    with language("en"):
        assert tmpl.render() == "1,234 · 16.0 GB"


def test_file_sizes_follow_the_language():
    assert format_size(1536 * 1024) == "1,5 MB"
    assert format_size(1023 * 1024 + 1) == "1.023 KB"
    with language("en"):
        assert format_size(1536 * 1024) == "1.5 MB"
        assert format_size(10 * 1024 * 1024) == "10 MB"
