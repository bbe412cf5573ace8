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

The package's files: ``headline``, ``bylines`` (one byline line), ``authors``, ``publisher`` (and
the licence, and the outlets table), ``dateline``, ``dates``, ``spans`` (small helpers); this
``__init__`` is the stage's face (:func:`extract_meta`, :func:`run`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ...model import Line, Meta
from ...state import Options, State
from .authors import _html_author, extract_authors
from .bylines import Byline, parse_byline
from .dateline import extract_dateline
from .dates import extract_published, parse_date
from .headline import extract_headline
from .publisher import extract_licence, extract_publisher, outlets, parse_outlet

__all__ = [
    "ADDS", "NAME", "NEEDS", "Byline", "extract_authors", "extract_dateline", "extract_headline", "extract_licence",
    "extract_meta", "extract_published", "extract_publisher", "outlets", "parse_byline", "parse_date",
    "parse_outlet", "run",
]

log = logging.getLogger(__name__)


NAME = "meta"
NEEDS: tuple[str, ...] = ("text", "lines")
ADDS: tuple[str, ...] = ("meta",)


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
