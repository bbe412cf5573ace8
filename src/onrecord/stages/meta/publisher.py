"""The publisher and the licence: the outlets table (a credit's usual name), the page's site name, a
copyright, syndication or logo line, the URL's site, an outlet a byline or dateline credits."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from types import MappingProxyType
from urllib.parse import urlsplit

from ...model import Line, Publisher, Span
from .spans import _strip, _trim

_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\(c\)\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*,?\s*)?"
    r"(?:by\s+)?(?P<name>[A-Z][^.|;©\n]{1,70}?)\s*(?:[.,;|]|\ball rights\b|\bcopyright\b|$)",
    re.IGNORECASE,
)
_CONTENT_BY = re.compile(r"\bcontent (?:created|produced|published) by (?P<name>[A-Z][^,.;]{1,60}?) is\b", re.IGNORECASE)
_LOGO = re.compile(r"^(?P<name>[A-Z][^|]{1,60}?)\s+logo\.?$", re.IGNORECASE)
_LEGAL_FORM = re.compile(r"(?:,?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|Co|Company|Corp|Corporation|plc|PLC|GmbH|S\.A|AG|Pty)\.?)+$"
                         r"|\s+(?:&|and)\s+(?:Co|Company|Sons)\.?(?:,?\s+(?:Inc|LLC|Ltd)\.?)?$")
_NAME_HEAD = re.compile(r"^(?:(?:all rights reserved|copyright|©|\(c\))[\s.,]*|(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?[\s,]*)+",
                        re.IGNORECASE)
_NAME_TAIL = re.compile(r"\s+[—–|]\s+|\s*\(|\s+is an?\s|\s+is\s+(?:a\s+)?registered\b", re.IGNORECASE)
_TRAILING_YEARS = re.compile(r"\s*,?\s*(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*$")


@cache
def outlets() -> Mapping[str, str]:
    """Credited outlet (case folded, without "The") -> the name the record gives it, loaded once
    (read-only: every caller shares the one cached table)."""
    raw = resources.files("onrecord.resources").joinpath("meta_outlets.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for row in raw.splitlines():
        if row.strip() and not row.startswith("#") and "\t" in row:
            credit, name = row.split("\t", 1)
            out[_outlet_key(credit)] = name.strip()
    return MappingProxyType(out)


def _outlet_key(s: str) -> str:
    s = " ".join(s.split()).casefold().strip(" .,")
    return s.removeprefix("the ")


def parse_outlet(s: str) -> str | None:
    """The outlet a credit names ("AP" -> "Associated Press"), or None when it names none."""
    return outlets().get(_outlet_key(s))


def extract_publisher(text: str, lines: Sequence[Line], *, site: Span | None, outlet: Span | None,
                      wire: Span | None, sitename: str | None = None, url: str | None = None) -> Publisher | None:
    """The publisher, from the strongest evidence at hand (see the module docstring)."""
    if sitename:
        i = text.find(sitename)
        return Publisher(sitename.strip(), Span.of(text, i, i + len(sitename)) if i >= 0 else None)
    if site is not None and len(_publisher_name(site.text)) >= 2:
        return Publisher(_publisher_name(site.text), site)
    for ln in lines:
        if ln.kind not in ("licence", "caption", "boilerplate"):
            continue
        s, e = _strip(text, ln.start, ln.end)
        seg = text[s:e]
        if len(seg) > 400:
            continue
        if "/" in seg:
            continue  # a photo credit ("\u00a9 Reuters / Mara Quint") names the agency, not the publisher
        for rx in (_CONTENT_BY, _COPYRIGHT, _LOGO):
            if rx is _LOGO and ln.kind not in ("caption", "boilerplate"):
                continue
            if rx is not _LOGO and ln.kind != "licence":
                continue
            m = rx.search(seg)
            if m:
                ns, ne = _trim(text, s + m.start("name"), s + m.end("name"), " ,.;:")
                lm = _LEGAL_FORM.search(text, ns, ne)
                if lm:
                    ne = _trim(text, ns, lm.start(), " ,.")[1]
                ym = _TRAILING_YEARS.search(text, ns, ne)
                if ym:
                    ne = _trim(text, ns, ym.start(), " ,.")[1]
                name = _publisher_name(text[ns:ne]) if ne - ns >= 2 else ""
                if len(name) >= 2:
                    return Publisher(name, Span.of(text, ns, ne))
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname
        if host:
            host = host.removeprefix("www.")
            return Publisher(host, None)
    for credit in (outlet, wire):
        if credit is not None:
            return Publisher(parse_outlet(credit.text) or credit.text, credit)
    return None


def _publisher_name(s: str) -> str:
    """A publisher's name as the record gives it: an outlet's usual name, or the text trimmed of
    what copyright lines put around it ("All Rights Reserved", "Copyright 2018", a web address,
    "-- Read our terms of service")."""
    s = " ".join(s.split())
    s = _NAME_TAIL.split(s, 1)[0]
    s = _NAME_HEAD.sub("", s).strip(" .,;:|")
    return parse_outlet(s) or s


def extract_licence(text: str, lines: Sequence[Line]) -> Span | None:
    """The first licence line (copyright, syndication terms)."""
    for ln in lines:
        if ln.kind == "licence":
            s, e = _strip(text, ln.start, ln.end)
            return Span.of(text, s, e)
    return None
