"""The headline, from the lines layout labelled headline, and the site a page title names after it
("Port Chief Resigns - Harbor Ledger")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Line, Span
from ..layout.headline import title_core
from .publisher import parse_outlet
from .spans import _strip

_SITE_SUFFIX = re.compile(r"\s+(?:[|\-–—•·»]|::)\s+(?P<site>[^|\-–—•·»]{2,50})$")


def extract_headline(text: str, lines: Sequence[Line]) -> tuple[Span | None, Span | None]:
    """(headline, site) from the first run of headline lines: the site is a page title's suffix
    ("Port Chief Resigns - Harbor Ledger") when the headline line is such a title."""
    first = next((n for n, ln in enumerate(lines) if ln.kind == "headline"), None)
    if first is None:
        return None, None
    last = first
    while last + 1 < len(lines) and lines[last + 1].kind == "headline" and text[lines[first].end:lines[last + 1].start].count("\n") <= 1 \
            and text[lines[last].start:lines[last].end].rstrip().endswith((";", ":")):
        last += 1
    s, e = _strip(text, lines[first].start, lines[last].end)
    if s >= e:
        return None, None
    site = None
    if first == _first_nonblank(text, lines) and last == first:
        m = _SITE_SUFFIX.search(text, s, e)
        core = title_core(text[s:e])
        if m and len(m.group("site").split()) <= 5 and len(core) >= 15 and _is_site(text, m.group("site"), e):
            site = Span.of(text, *_strip(text, m.start("site"), m.end("site")))
            cs = text.find(core, s, e)
            if cs >= 0:
                s, e = cs, cs + len(core)
    return Span.of(text, s, e), site


def _is_site(text: str, site: str, after: int) -> bool:
    """Whether a title's last part names the site rather than ending the headline ("... - It Might
    Surprise You"): a known outlet, a domain, or a name the page repeats further down (in its
    copyright line, logo caption or menus)."""
    site = site.strip()
    if parse_outlet(site) or re.search(r"\w\.(?:com|org|net|co|uk|de|fr|in|au|ca|io|news)\b", site, re.IGNORECASE):
        return True
    return len(site) >= 2 and site.casefold() in text[after:].casefold()


def _first_nonblank(text: str, lines: Sequence[Line]) -> int:
    return next((n for n, ln in enumerate(lines) if text[ln.start:ln.end].strip()), -1)
