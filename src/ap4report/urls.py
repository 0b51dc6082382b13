"""Inert URLs: every URL that reaches the report from the data, the bibliography or the
content is parsed and limited to http(s) (and mailto: for links where it is meant), and is
written only through an HTML attribute escaper.

The old check was a pattern (`https?://[^\\s<>()]+`) that let a `"` through; a `"` then
closed the `href` attribute and opened a `ping=` or `style=` of the attacker's choosing.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB = ("https", "http")
LINK = ("https", "http", "mailto")
# Characters that never belong in a URL we publish (RFC 3986 excludes them; browsers
# "repair" them): quotes, angle brackets, backslash, backtick, braces, spaces, controls.
_FORBIDDEN = re.compile(r"[\"'<>\\`{}|^\s\x00-\x1f\x7f]")


class UnsafeURL(ValueError):
    """A URL that is not a plain http(s) (or mailto) address."""


def shown(text: str, limit: int = 80) -> str:
    """A short, escaped excerpt for an error message."""
    text = str(text)
    excerpt = text[:limit].encode("unicode_escape").decode("ascii")
    return repr(excerpt) + (f"… ({len(text)} characters)" if len(text) > limit else "")


def safe_url(url: str, schemes=WEB) -> str:
    """`url` if it is an absolute URL with one of `schemes` (a host for http and https)
    and no character that could leave an HTML attribute; else raise UnsafeURL."""
    if not isinstance(url, str) or _FORBIDDEN.search(url) or not url.isascii():
        raise UnsafeURL(f"a plain ASCII URL without quotes, spaces or brackets: {shown(url)}")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise UnsafeURL(f"a well-formed URL: {shown(url)}") from None
    if parts.scheme.lower() not in schemes:
        raise UnsafeURL(f"a URL starting with {' or '.join(schemes)}: {shown(url)}")
    if parts.scheme.lower() in WEB and not parts.hostname:
        raise UnsafeURL(f"a URL with a host name: {shown(url)}")
    return url


def is_safe_url(url: str, schemes=WEB) -> bool:
    try:
        safe_url(url, schemes)
    except UnsafeURL:
        return False
    return True


# CSS that loads something: url(), image-set(), image(), src(), @import; checked after
# CSS escapes are decoded (`u\72l(` is `url(` to a browser).
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
_CSS_LOADS = re.compile(r"url\s*\(|image-set\s*\(|\bimage\s*\(|\bsrc\s*\(|@import", re.I)


def css_unescaped(text: str) -> str:
    """CSS text with its escapes decoded, as a browser reads it."""

    def decode(match: re.Match) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)

    return _CSS_ESCAPE.sub(decode, text)


def css_loads(text: str) -> bool:
    """Whether CSS text would load anything (even a data: URL)."""
    return bool(_CSS_LOADS.search(css_unescaped(text)))
