"""The article's authors, from the strongest evidence at hand: its bylines, a wire's credit at its
foot, the dateline's wire, authors' notes below it, a column's headline, the outlet a syndicated
piece first appeared in, the HTML page's author (see the stage's docstring for the order)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...lexicon.people import given_names
from ...model import Author, Line, Span
from ..layout.patterns import CLOSING_BIO
from .bylines import _BY_PREFIX, _ROLE_NOUN, parse_byline
from .spans import _is_name, _same, _strip, _trim

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
            for rx in ((_BIO, CLOSING_BIO, _SIGNOFF, _REPORTED_FROM) if ln.kind == "byline" else (_BIO,)):
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
