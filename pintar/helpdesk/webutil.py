"""Interim: HaloCik's return-path check until the web toolkit's safe local redirect is on main
(then this file goes; see docs/modules.md)."""

from __future__ import annotations


def safe_back(target: object, default: str) -> str:
    """A local URL to go back to (never another site)."""
    if (not isinstance(target, str) or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) < 32 for c in target)):
        return default
    return target
