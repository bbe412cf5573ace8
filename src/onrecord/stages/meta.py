"""meta: headline, authors and their roles, publisher, dateline place, licence and a publication
date written in the text, read from the lines that layout labelled.

Where each comes from, first found first:

* **headline**: the headline line(s) layout found (a headline that runs on after ";" or ":" spans
  both lines); a page title's site suffix ("Port Chief Resigns - Harbor Ledger") is left out and
  taken as the publisher.
* **authors**: the byline lines above the article ("By Mara Quint and Dov Arlen", "Mara Quint
  Senior Business Reporter", "By Mara Quint | Reuters", a lone name and the role line under it);
  else the wire credit of the dateline ("WASHINGTON (AP) --" credits the AP); else the author's
  notes below it ("Mara Quint is a senior reporter ...", "Follow Mara Quint on Twitter", "-- Mara
  Quint", "Mara Quint reported from Lakeport", an op-ed's closing "Rep. Mara Quint, D-Ore., was an
  early backer of ..." that layout labelled byline); else the columnist a first-person opinion
  piece's headline names ("Mara Quint: Why the Port Needs a New Chief"); else the outlet a
  syndicated piece "first appeared on"; else, for HTML, the page's author when the text names them.
  A byline's possessive outlet ("By Harbor Ledger's Mara Quint") is the outlet's credit, not part
  of the name.
* **publisher**: the page's site name (HTML), the page title's suffix, a copyright or syndication
  line ("© 2019 Harbor Ledger", "All content created by Harbor Ledger is available ..."), a logo
  caption ("Harbor Ledger logo"), the URL's site, an outlet credited in the byline, the dateline's
  wire.
* **dateline**: the place of "WASHINGTON (Reuters) --" or "MEXICO CITY, Feb. 8 (UPI) --" at the
  start of the article or on a line of its own.
* **published_in_text**: the date of a "Published ..." / "Posted ..." line above the article, else
  of the first date line there, else of an "Updated ..." line, as ISO ``YYYY-MM-DD``; the record's
  ``published`` takes it (or the HTML page's date) when the caller gave none.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from ..model import Author, Line, Meta, Publisher, Span
from ..state import Options, State
from ._names import given_names
from .layout import CLOSING_BIO as _CLOSING_BIO
from .layout import DATE_PATTERN as _DATE
from .layout import MONTH_PATTERN as _MONTH
from .layout import ROLE_PATTERN as _ROLE
from .layout import title_core

log = logging.getLogger(__name__)

NAME = "meta"
NEEDS: tuple[str, ...] = ("text", "lines")
ADDS: tuple[str, ...] = ("meta",)

_MONTHS = {m: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for m in names}
_MDY = re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_DMY = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH}),?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)")
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d\d)\b")
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|released|date)\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|last updated)\b", re.IGNORECASE)

# Used with .match(text, pos): no "^", which would only match at the start of the whole text.
# "WASHINGTON (AP) --", "HEMPSTEAD, N.Y., Sept. 26 (UPI) --", "New York (AFP) --", "TALLAHASSEE --".
_DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*(?:,\s*[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*)*)*?)"
    rf"(?:,\s*{_MONTH}\s+\d{{1,2}})?\s*(?:\((?P<wire>[A-Za-z][\w .&-]{{0,30}})\))?\s*(?:--|—|–|-|_|:)(?:\s|$)"
)
_DATELINE_TITLE = re.compile(
    rf"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}(?:,\s*[A-Z][A-Za-z.]+)?)(?:,\s*{_MONTH}\s+\d{{1,2}})?\s*"
    r"\((?P<wire>[A-Za-z][\w .&-]{0,30})\)\s*(?:--|—|–|-|_)(?:\s|$)"
)

# "Dec 29 (Reuters) - ": a wire's dateline with a date and no place.
_DATELINE_DATE = re.compile(rf"{_MONTH}\s+\d{{1,2}}\s*\((?P<wire>[A-Za-z][\w .&-]{{0,30}})\)\s*(?:--|—|–|-|_)(?:\s|$)")
_BY_PREFIX = re.compile(
    r"^(?:(?:written|story|reported|words|text|posted|compiled|reporting|photos?\s+and\s+text)\s+)?by\s*:?\s+",
    re.IGNORECASE,
)
# Where a byline's names end: a date, "on Monday", "Published", "Updated", "|" before a date.
_BYLINE_TAIL = re.compile(
    rf"(?:\s+(?:on|at)\s+(?={_MONTH}|\d|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)))|(?:[\s,|·•\-–—]*\b(?:published|updated|posted)\b)"
    rf"|(?:[\s,|·•\-–—]*(?:{_DATE}|\d{{1,2}}:\d\d))",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|\||&|\s/\s|·|•|\s-\s|\s–\s|\s—\s|\band\b|\bwith\b)\s*", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
# "By Harbor Ledger's Mara Quint", "Reuters' Mara Quint": the outlet's possessive before its
# reporter's name credits the outlet (the publisher) and leaves the person as the author; "By the
# Harbor Ledger's staff" credits the outlet alone.
_OUTLET_OWNS = re.compile(
    r"(?:[Tt]he\s+)?(?P<outlet>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})(?:['’]s|(?<=s)['’])\s+(?=\w)"
)
_PARTICLES = frozenset(["de", "van", "von", "der", "da", "del", "la", "le", "di", "bin", "al", "el", "du", "dos", "das", "ter", "ten"])
_NOT_NAMES = frozenset(
    ["the", "a", "an", "and", "staff", "news", "editor", "editors", "reporter", "reporters", "writer", "correspondent", "contributor", "opinion", "columnist", "by", "from", "with", "in", "on", "at", "of", "for", "follow", "twitter", "facebook", "share", "updated", "published", "posted", "press", "wire", "wires", "report", "reports", "team", "desk", "bureau", "agency", "agencies", "read", "more", "learn", "view", "biography", "bio", "profile", "courtesy", "sharing", "buttons", "skip", "navigation", "menu", "search", "home", "subscribe", "login", "sign", "business", "archive", "photo", "photos", "image", "video", "getty"]
)
_ROLE_NOUN = re.compile(
    r"\b(?:reporter|writer|correspondent|columnist|editor|contributor|producer|journalist|analyst|critic|"
    r"chief|photographer|author|anchor|host|fellow|intern|blogger|staff|director)s?\b",
    re.IGNORECASE,
)
_INITIAL = re.compile(r"^[A-Z]\.$")
_POSSESSIVE = re.compile(r"['’]s$")
# "Follow Mara Quint on Twitter", "Follow Ledger investigative reporter Mara Quint on Twitter".
_FOLLOW = re.compile(
    r"\b[Ff]ollow\s+(?:[^.@]{0,120}?\s)?(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,2})\s+(?:[Oo]n|[Aa]t)\s+"
    r"(?:[Tt]witter|[Ff]acebook|[Ii]nstagram|X\b)"
)
# "Send tips to Mara Quint", "Send tips/quips/scoops to Mara Quint mara.quint@ledger.com".
_TIPS = re.compile(r"\btips(?:/\w+)*\s+to\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})")
# A multimedia story's credits: "Story by Mara Quint. Video produced by Lee Chen". A credit opens the
# line or follows a sentence or a separator; inside a sentence ("its letter, written by Dov Arlen, a
# vice president") the phrase names whoever wrote something the story reports.
_STORY_BY = re.compile(
    r"(?:^|(?<=[.!?|•·:]\s)|(?<=[|•·]))(?:[Ss]tory|[Ww]ords|[Tt]ext|[Ww]ritten) by\s+(?P<name>[A-Z][\w-]+(?:\s+(?!(?:Video|Photos?|Produced|Production|"
    r"Graphics|Edit\w*|Design\w*|Cinematography|Illustrations?)\b)(?:[A-Z]\.|[A-Z][a-z][\w-]*)){1,2})(?![\w'’])"
)
# A wire's credit at the foot of its story: "(Reporting by Mara Quint in Lakeport; Editing by Dov Arlen)".
_REPORTING_BY = re.compile(r"\((?:reporting|writing)\s+by\s+(?P<names>[^;)]+)", re.IGNORECASE)
_BIO = re.compile(
    r"(?:^|(?<=\.\s))(?:(?:Mr|Ms|Mrs|Dr|Rep|Sen|Gov)\.\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3})"
    r"(?:,.{3,160}?,)?\s+(?:is\s+(?=a\b|an\b|the\b|now\b|currently\b|also\b|former\b|[A-Z]|(?:\S+\s+){0,2}(?:editor|director|president|professor|founder|co-founder|author|chair|member|executive|lecturer|fellow|correspondent|columnist|reporter|writer|host|co-host)s?\b|[\w-]+\s+(?:at|of|for|with)\s\b)|writes|covers|edits|co-hosts|hosts|teaches|chairs)\s*(?P<role>[^.]{3,160})"
)
# Where a syndicated piece came from, under it: "This piece first appeared on Harbor Ledger.", "This
# article was originally published by Harbor Ledger." With no person credited anywhere, the source
# outlet is the piece's author, as a wire is for a story that carries only its credit ("(AP)").
_FIRST_APPEARED = re.compile(
    r"^(?:This|The)\s+(?:piece|article|story|post|essay|column|op-ed|commentary|analysis)\s+(?:was\s+)?"
    r"(?:first|originally)\s+(?:appeared|published|posted|ran)\s+(?:on|in|at|by)\s+"
    r"(?P<name>(?:The\s+)?[A-Z][\w.&'’-]*(?:\s+(?:of|for|and|&|[A-Z][\w.&'’-]*)){0,5}?)"
    r"(?:'s\s+website)?\s*(?:[.,;:(]|\s+(?:on|in)\s+(?:19|20|[A-Z][a-z]+\s+\d)|$)"
)
_SIGNOFF = re.compile(r"^[-–—]+\s*(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3})\.?$")
# An opinion column's headline led by its writer's name: "Mara Quint: Why the Port Needs a New
# Chief". A quoted speaker's headline ("Dov Arlen: I Did Nothing Wrong") has the same form, so the
# name counts as the writer's only when it starts with a given name, the article never mentions the
# surname again (a report on a speaker names them in its body) and speaks in the first person
# outside its quotes, as a column does.
_COLUMN_HEAD = re.compile(r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,2}):\s+\S")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|[Mm]y|me)\b")
# "Mara Quint reported from Lakeport, and Dov Arlen and Lee Chen from Harbor City." (contributors,
# "Dov Arlen contributed reporting", are not authors).
_REPORTED_FROM = re.compile(
    r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3})"
    r"(?=\s+(?:reported\s+from|from)\b|\s+and\s+[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3}\s+(?:reported\s+)?from\b)"
)
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
_SITE_SUFFIX = re.compile(r"\s+(?:[|\-–—•·»]|::)\s+(?P<site>[^|\-–—•·»]{2,50})$")


@cache
def outlets() -> dict[str, str]:
    """Credited outlet (case folded, without "The") -> the name the record gives it, loaded once."""
    raw = resources.files("onrecord.resources").joinpath("meta_outlets.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for row in raw.splitlines():
        if row.strip() and not row.startswith("#") and "\t" in row:
            credit, name = row.split("\t", 1)
            out[_outlet_key(credit)] = name.strip()
    return out


def _outlet_key(s: str) -> str:
    s = " ".join(s.split()).casefold().strip(" .,")
    return s.removeprefix("the ")


def parse_outlet(s: str) -> str | None:
    """The outlet a credit names ("AP" -> "Associated Press"), or None when it names none."""
    return outlets().get(_outlet_key(s))


def parse_date(s: str) -> str | None:
    """The first full date written in ``s`` as ISO ``YYYY-MM-DD`` ("Tue March 7, 2017",
    "20 November 2019", "2019-11-20", "20/11/2019"), or None. A numeric date whose day and month
    could be swapped (03/04/2019) is not one."""
    found: list[tuple[int, str]] = []
    for rx in (_MDY, _DMY):
        m = rx.search(s)
        if m:
            month = _MONTHS.get(m.group("m").lower().rstrip("."))
            if month:
                iso = _iso(int(m.group("y")), month, int(m.group("d")))
                if iso:
                    found.append((m.start(), iso))
    m = _ISO.search(s)
    if m:
        iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if iso:
            found.append((m.start(), iso))
    m = _NUMERIC.search(s)
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        iso = _iso(y, b, a) if a > 12 >= b else _iso(y, a, b) if b > 12 >= a else None
        if iso:
            found.append((m.start(), iso))
    return min(found)[1] if found else None


def _iso(y: int, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    if d > (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim(text: str, start: int, end: int, chars: str = " \t,;:|-–—·•.") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars and not (text[end - 1] == "." and _ends_with_initial(text, end)):
        end -= 1
    return start, end


def _ends_with_initial(text: str, end: int) -> bool:
    """True when the full stop at ``end - 1`` closes an initial or "Jr." rather than the line."""
    word = text[max(0, end - 4):end].split()[-1] if text[max(0, end - 4):end].split() else ""
    return bool(re.fullmatch(r"(?:[A-Z]\.|Jr\.|Sr\.)", word))


def _is_name(tokens: Sequence[str], *, alone: bool = False) -> bool:
    """Whether ``tokens`` read as a person's name: capitalized words (or initials, particles),
    two to five of them, or one when ``alone`` (a "By Regan" byline)."""
    if not tokens or len(tokens) > 5 or (len(tokens) < 2 and not alone):
        return False
    for t in tokens:
        if t.lower() in _PARTICLES or _INITIAL.match(t):
            continue
        if not t[0].isupper() or any(c.isdigit() for c in t) or t.lower().strip(".,") in _NOT_NAMES \
                or _POSSESSIVE.search(t):
            return False  # "Howl's Moving Castle is the follow-up to ...": a possessive names a thing
    return True


@dataclass(frozen=True, slots=True)
class Byline:
    """What one byline line says: its authors and the outlet it credits."""

    authors: tuple[Author, ...]
    outlet: Span | None = None


def parse_byline(text: str, start: int, end: int) -> Byline | None:
    """The authors (with roles) and credited outlet of the byline ``text[start:end]``, or None.

    Handles "By Mara Quint and Dov Arlen", "By Mara Quint, Dov Arlen, Lee Chen", "By Mara Quint |
    Reuters", "Mara Quint, Associated Press", "By Meg James Staff Writer", "Mara Quint Senior
    Business Reporter", "Posted by Mara Quint on November 19, 2019", "By Regan December 6, 2017",
    "By Harbor Ledger's Mara Quint" (outlet and author).
    """
    start, end = _strip(text, start, end)
    line = text[start:end]
    m = _BY_PREFIX.match(line)
    by = m is not None
    s0 = start + (m.end() if m else 0)
    tail = _BYLINE_TAIL.search(text, s0, end)
    stop = tail.start() if tail else end
    s0, stop = _trim(text, s0, stop)
    if s0 >= stop:
        return None
    authors: list[Author] = []
    outlet: Span | None = None
    pos = s0
    parts: list[tuple[int, int]] = []
    for sep in _SPLIT.finditer(text, s0, stop):
        parts.append((pos, sep.start()))
        pos = sep.end()
    parts.append((pos, stop))
    for ps, pe in parts:
        ps, pe = _trim(text, ps, pe)
        if ps >= pe:
            continue
        part = text[ps:pe]
        if parse_outlet(part):
            outlet = outlet or Span.of(text, ps, pe)
            continue
        own = _OUTLET_OWNS.match(text, ps, pe)
        if own:
            rest = text[own.end():pe]
            person = _is_name(rest.split()[:2])
            if person or _ROLE_NOUN.match(rest):
                outlet = outlet or Span.of(text, own.start("outlet"), own.end("outlet"))
                if not person:
                    continue  # "By Harbor Ledger's staff": the outlet's credit, no person
                ps, part = own.end(), rest
        toks = [(t.start() + ps, t.end() + ps) for t in _TOKEN.finditer(part)]
        words = [text[a:b] for a, b in toks]
        if authors and authors[-1].role is None and _ROLE_NOUN.search(part) and not _is_name(words):
            authors[-1] = Author(authors[-1].name, Span.of(text, ps, pe))
            continue
        name_n = len(words)
        if _ROLE_NOUN.search(part) and len(words) >= 3:
            name_n = _name_length(words, by=by)
        if not _is_name(words[:name_n], alone=by and len(parts) == 1):
            continue
        name = Span.of(text, *_trim(text, toks[0][0], toks[name_n - 1][1], " ,;:|"))
        role = Span.of(text, toks[name_n][0], toks[-1][1]) if name_n < len(words) else None
        authors.append(Author(name, role))
    if not authors and outlet is None:
        return None
    return Byline(tuple(authors), outlet)


def _name_length(words: Sequence[str], *, by: bool) -> int:
    """How many of ``words`` are the name when a role follows it on the same line: up to the first
    role word after a "By" ("By Meg James Staff Writer"), else a first and a last name and the
    initials between ("Ryan Pickrell China/Asia Pacific Reporter", "Heidi M. Przybyla Reporter")."""
    if by:
        for i in range(2, len(words)):
            if _ROLE.search(words[i]):
                return i
    n = 2
    while n < len(words) - 1 and _INITIAL.match(words[n - 1]):
        n += 1
    return n


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


def extract_dateline(text: str, lines: Sequence[Line]) -> tuple[Span | None, Span | None]:
    """(place, wire) of the article's dateline: "WASHINGTON (AP) --" gives ("WASHINGTON", "AP")."""
    first_body = next((ln for ln in lines if ln.kind == "body"), None)
    cands = [ln for ln in lines if ln.kind == "dateline"][:3]
    if first_body is not None:
        cands.append(first_body)
    for ln in cands:
        s, e = _strip(text, ln.start, ln.end)
        e = min(e, s + 200)
        for rx in (_DATELINE, _DATELINE_TITLE):
            m = rx.match(text, s, e)
            if m is None:
                continue
            place = m.group("place")
            wire = m.group("wire")
            if rx is _DATELINE and not wire and not re.search(r"[A-Z]{3,}", place):
                continue
            if wire and not parse_outlet(wire) and rx is _DATELINE_TITLE:
                continue
            ps, pe = _trim(text, m.start("place"), m.end("place"), " ,")
            wire_span = Span.of(text, m.start("wire"), m.end("wire")) if wire and parse_outlet(wire) else None
            return Span.of(text, ps, pe), wire_span
        m = _DATELINE_DATE.match(text, s, e)
        if m and parse_outlet(m.group("wire")):
            return None, Span.of(text, m.start("wire"), m.end("wire"))
    return None, None


def extract_published(text: str, lines: Sequence[Line]) -> str | None:
    """The publication date written above the article (see the module docstring), ISO, or None."""
    head: list[Line] = []
    for ln in lines:
        if ln.kind == "body":
            break
        if ln.kind in ("dateline", "byline", "boilerplate", "headline", "caption"):
            head.append(ln)
    published = first = updated = None
    for ln in head:
        seg = text[ln.start:ln.end]
        if len(seg) > 200:
            continue
        iso = parse_date(seg)
        if iso is None:
            continue
        if _UPDATED.search(seg) and not _PUBLISHED.search(seg):
            updated = updated or iso
        elif _PUBLISHED.search(seg):
            published = published or iso
        elif ln.kind in ("dateline", "byline"):
            first = first or iso
    return published or first or updated


def extract_authors(text: str, lines: Sequence[Line], wire: Span | None) -> tuple[list[Author], Span | None]:
    """(authors, outlet credited in a byline): see the module docstring for the order of sources."""
    authors: list[Author] = []
    outlet: Span | None = None
    body_at = next((n for n, ln in enumerate(lines) if ln.kind == "body"), len(lines))
    last_role_ok = False
    for n, ln in enumerate(lines[:body_at]):
        if ln.kind != "byline":
            last_role_ok = ln.kind == "blank" and last_role_ok
            continue
        s, e = _strip(text, ln.start, ln.end)
        seg = text[s:e]
        if authors and last_role_ok and authors[-1].role is None and _ROLE_NOUN.search(seg) and len(seg.split()) <= 6 \
                and not _BY_PREFIX.match(seg):
            authors[-1] = Author(authors[-1].name, Span.of(text, s, e))
            last_role_ok = False
            continue
        b = parse_byline(text, s, e)
        if b is None:
            continue
        for a in b.authors:
            if not any(_same(a.name.text, x.name.text) for x in authors):
                authors.append(a)
        outlet = outlet or b.outlet
        last_role_ok = bool(b.authors)
    if authors:
        return authors, outlet
    credited = _reporting_by(text, lines)
    if credited:
        return credited, outlet
    if wire is not None:
        return [Author(wire)], outlet
    below = _authors_below(text, lines, body_at) or _columnist(text, lines) or _first_appeared(text, lines)
    return below, outlet


def _reporting_by(text: str, lines: Sequence[Line]) -> list[Author]:
    """The reporters a wire story credits at its foot: "(Reporting by Mara Quint in Lakeport and
    Dov Arlen; Editing by Lee Chen)" gives Mara Quint and Dov Arlen (editors are not authors)."""
    tail = [ln for ln in lines if ln.kind in ("body", "byline")][-3:]
    out: list[Author] = []
    for ln in tail:
        for m in _REPORTING_BY.finditer(text, ln.start, ln.end):
            pos = m.start("names")
            for part in re.split(r"(\s*(?:,|\band\b|&)\s*)", m.group("names")):
                ps, pe = pos, pos + len(part)
                pos = pe
                place = re.search(r"\s+in\s+[A-Z]", part)
                if place:
                    pe = ps + place.start()
                ps, pe = _trim(text, ps, pe, " ,.")
                if ps < pe and _is_name(text[ps:pe].split()):
                    out.append(Author(Span.of(text, ps, pe)))
    return out


def _authors_below(text: str, lines: Sequence[Line], body_at: int) -> list[Author]:
    """Authors named by the notes under an article: bios, sign-offs, "reported from", follow lines."""
    found: list[Author] = []
    tail = [ln for ln in lines[body_at:] if ln.kind in ("byline", "boilerplate", "body")]
    # Notes sit at the very end; follow lines may come a little earlier.
    for ln in tail[-12:]:
        s, e = _strip(text, ln.start, ln.end)
        seg = text[s:e]
        if len(seg) > 400:
            continue
        cands: list[Author] = []
        if ln.kind in ("byline", "boilerplate"):
            for rx in ((_BIO, _CLOSING_BIO, _SIGNOFF, _REPORTED_FROM) if ln.kind == "byline" else (_BIO,)):
                for m in rx.finditer(seg):
                    ns, ne = _trim(text, s + m.start("name"), s + m.end("name"), " ,.")
                    role = None
                    key = "role"
                    if m.groupdict().get("apposition") and re.match(r"(?:a|an|the|former)\s", m.group("apposition")):
                        key = "apposition"  # "Dov Arlen, a retired officer, taught ..."
                    if m.groupdict().get(key):
                        role = Span.of(text, *_trim(text, s + m.start(key), s + m.end(key), " ,."))
                    cands.append(Author(Span.of(text, ns, ne), role))
                if cands:
                    break
        if not cands:
            hit = _STORY_BY.search(seg)
            if hit:
                cands.append(Author(Span.of(text, s + hit.start("name"), s + hit.end("name"))))
        if not cands and ln.kind in ("boilerplate", "byline"):
            for rx in (_FOLLOW, _TIPS):
                hit = rx.search(seg)
                if hit:
                    cands.append(Author(Span.of(text, s + hit.start("name"), s + hit.end("name"))))
                    break
        for a in cands:
            if _is_name(a.name.text.split()) and not any(_same(a.name.text, x.name.text) for x in found):
                found.append(a)
    return found


def _columnist(text: str, lines: Sequence[Line]) -> list[Author]:
    """The writer an opinion column's headline names before a colon (see _COLUMN_HEAD)."""
    head = next((ln for ln in lines if ln.kind == "headline"), None)
    if head is None:
        return []
    s, e = _strip(text, head.start, head.end)
    m = _COLUMN_HEAD.match(text, s, e)
    if m is None:
        return []
    words = m.group("name").split()
    if words[0].casefold() not in given_names() or not _is_name(words):
        return []
    rest = text[e:]
    if re.search(rf"(?<!\w){re.escape(words[-1])}(?!\w)", rest):
        return []
    if len(_FIRST_PERSON.findall(_QUOTED.sub(" ", rest))) < 2:
        return []
    return [Author(Span.of(text, m.start("name"), m.end("name")))]


def _first_appeared(text: str, lines: Sequence[Line]) -> list[Author]:
    """The outlet a syndicated piece first appeared in, from a note among its last lines (see
    _FIRST_APPEARED); the note may be the article's own last paragraph."""
    for ln in [ln for ln in lines if ln.kind in ("body", "byline", "boilerplate", "licence")][-3:]:
        s, e = _strip(text, ln.start, ln.end)
        m = _FIRST_APPEARED.match(text[s:e]) if e - s <= 200 else None
        if m:
            return [Author(Span.of(text, *_trim(text, s + m.start("name"), s + m.end("name"), " ,.")))]
    return []


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


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


def _html_author(text: str, name: str | None) -> list[Author]:
    """The HTML page's author, when the text names them (a record's names are spans of its text)."""
    if not name:
        return []
    out: list[Author] = []
    for part in re.split(r"\s*(?:,|;|\band\b|&)\s*", name):
        part = part.strip()
        i = text.find(part) if len(part) >= 3 else -1
        if i >= 0 and not any(_same(part, a.name.text) for a in out):
            out.append(Author(Span.of(text, i, i + len(part))))
    return out


def extract_meta(text: str, lines: Sequence[Line], *, source: object = None, url: str | None = None) -> Meta:
    """The record's :class:`Meta` from its text and labelled lines (and, for HTML, the page's metadata)."""
    headline, site = extract_headline(text, lines)
    place, wire = extract_dateline(text, lines)
    authors, outlet = extract_authors(text, lines, wire)
    if not authors:
        authors = _html_author(text, getattr(source, "author", None))
    url = url or getattr(source, "url", None)
    publisher = extract_publisher(text, lines, site=site, outlet=outlet, wire=wire,
                                  sitename=getattr(source, "sitename", None), url=url)
    if publisher is not None and len(authors) > 1:
        # The outlet's name on a line of its own near a person's byline is the masthead, not a
        # second author; it stays an author only where it is the sole credit ("By Breitbart News").
        own = publisher.name.casefold()
        authors = [a for a in authors if a.name.text.casefold() != own] or authors
    return Meta(
        headline=headline, authors=tuple(authors), publisher=publisher, dateline=place,
        licence=extract_licence(text, lines), published_in_text=extract_published(text, lines), url=url,
    )


def run(state: State, options: Options) -> State:
    assert state.record is not None
    rec = state.record
    meta = extract_meta(rec.text, rec.lines, source=state.source, url=state.input.url)
    published = rec.published
    if published is None:
        published = meta.published_in_text or parse_date(getattr(state.source, "date", None) or "")
    return state.advance(NAME, record=rec.replace(meta=meta, published=published))
