"""Conditional GETs: one ETag/304 helper for the kiosk, the bell, documents and the logo.

``If-None-Match`` is a comma-separated list of entity tags, each possibly weak (``W/"x"``), or
``*``; RFC 9110 compares them weakly for GET and HEAD. Tags are parsed, not split on commas
alone (a tag may itself contain a comma inside its quotes)::

    if (unchanged := not_modified(request, etag, headers)) is not None:
        return unchanged
"""

from __future__ import annotations

import re
from typing import Mapping

from litestar import Request, Response

_TAG = re.compile(r'\s*(\*|(?:W/)?"[^"]*")\s*(?:,|$)')


def entity_tags(header: str | None) -> list[str]:
    """The entity tags of an ``If-None-Match`` header, ``W/`` dropped (weak comparison);
    an unparsable header gives none (the full answer is sent)."""
    if not header:
        return []
    tags: list[str] = []
    pos = 0
    header = header.strip()
    while pos < len(header):
        match = _TAG.match(header, pos)
        if match is None:
            return []
        tags.append(match.group(1).removeprefix("W/"))
        pos = match.end()
    return tags


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether ``etag`` (``"x"`` or ``W/"x"``) is among the header's tags (or the header is ``*``)."""
    tags = entity_tags(header)
    return "*" in tags or etag.removeprefix("W/") in tags


def not_modified(
    request: Request, etag: str, headers: Mapping[str, str] | None = None
) -> Response | None:
    """A bodiless 304 carrying ``etag`` and ``headers`` when the client already has this
    version, else None (build the full response, with the same ETag)."""
    if request.method not in ("GET", "HEAD"):
        return None
    if not etag_matches(request.headers.get("if-none-match"), etag):
        return None
    return Response(content=b"", status_code=304, headers={**(headers or {}), "ETag": etag})


__all__ = ["entity_tags", "etag_matches", "not_modified"]
