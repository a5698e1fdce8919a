"""Every setting is read once, in pintar.config."""

from __future__ import annotations

import re
from pathlib import Path

from pintar import config


def test_only_config_reads_the_environment() -> None:
    root = Path(config.__file__).parent
    reads = re.compile(r"os\.environ\b|os\.getenv\(|getenv\(")
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if path.name != "config.py" and path.name != "cli.py"  # cli only sets PICCOLO_CONF for Piccolo
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if reads.search(line)
    ]
    assert offenders == []


def test_zoom_settings_come_from_the_environment_once(setting) -> None:
    from pintar.zoom import slots

    assert (slots.buffer_minutes(), slots.pending_hours()) == (15, 4)
    setting("ZOOM_BUFFER_MINUTES", "-5")  # never negative
    setting("ZOOM_PENDING_HOURS", "0")  # at least an hour
    assert (slots.buffer_minutes(), slots.pending_hours()) == (0, 1)
    setting("ZOOM_BUFFER_MINUTES", "30")
    assert config.get_settings().zoom_buffer_minutes == slots.buffer_minutes() == 30
