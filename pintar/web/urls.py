"""Where a redirect may go: one check for every return target a request carries.

``next`` after signing in, ``kembali`` on HaloCik's pages, the language switch's return address,
a notification's read-and-go link, the Zoom pages' return paths: each comes from the request (a
query string, a form field, a stored link), so each can be bent to send the person to another
site. :func:`safe_local_url` lets through only a path on this site and answers ``default`` for
anything else:

- ``//host``, ``/\\host``, ``\\\\host`` and ``/<TAB>/host`` (browsers read each as another host:
  they treat ``\\`` as ``/`` and drop tabs and newlines from URLs);
- the same written with percent escapes (``/%2F%2Fhost``, ``%5C``), which some servers and
  proxies decode before the browser sees them;
- ``javascript:``, ``data:`` or any scheme, and any absolute URL;
- control characters (newlines would split the response's headers), and over-long targets.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2000

# C0 and C1 controls, DEL, and the invisible characters browsers strip or reorder (bidi
# overrides, zero-width spaces, the BOM): none belongs in a path we redirect to.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _is_local(target: str) -> bool:
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def is_safe_local_url(target: object) -> bool:
    """True when ``target`` is a path on this site that a browser cannot read as another host."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return False
    # Check the target and every decoding of it: "%2F%2Fhost" decodes to "//host".
    if "\\" in target or _UNSAFE.search(target):
        return False
    seen = target
    for _ in range(3):
        if not _is_local(seen) or _CONTROL.search(seen):
            return False
        decoded = unquote(seen)
        if decoded == seen:
            return True
        seen = decoded
    return False  # still changing after three decodings: nobody writes links like that


def safe_local_url(target: object, default: str = "/") -> str:
    """``target`` when it is a safe local path (see the module's docstring), else ``default``."""
    return target if is_safe_local_url(target) else default  # type: ignore[return-value]


__all__ = ["MAX_LENGTH", "is_safe_local_url", "safe_local_url"]
