"""A record as a person reads it on a terminal: what `onrecord extract` prints when its output is
not piped (the JSON record stays the output for scripts, see :mod:`onrecord.cli`).

    Port Authority Chief Resigns Amid Dredging Inquiry
    By Mara Quint (Senior Business Reporter) · Harbor Ledger · published 2024-05-17
    port-authority · 2 statements

      Dov Arlen — told — "I have done nothing wrong,"
          direct · confidence 0.96
      Dov Arlen — said — that he would cooperate with the inquiry
          indirect · confidence 0.82
"""

from __future__ import annotations

import textwrap

from .model import Attribution, Record

# The kinds a list of statements leaves out: "topic" names what was spoken about and states no claim.
_NOT_STATEMENTS = frozenset({"topic"})


def speaker_of(record: Record, a: Attribution) -> str:
    """Who made the statement, in words: the speaker entity's name, else the source as written
    ("a senior official"), else "(unknown)"."""
    ent = record.entity(a.speaker)
    if ent is not None:
        return ent.name
    if a.source is not None:
        return " ".join(a.source.text.split())
    return "(unknown)"


def byline(record: Record) -> str:
    """"By NAME (ROLE), NAME · PUBLISHER · published DATE", the parts that are known."""
    m = record.meta
    parts = []
    if m.authors:
        parts.append("By " + ", ".join(a.name.text + (f" ({a.role.text})" if a.role else "") for a in m.authors))
    if m.publisher is not None:
        parts.append(m.publisher.name)
    published = record.published or m.published_in_text
    parts.append(f"published {published}" if published else "publication date unknown")
    return " · ".join(parts)


def format_summary(record: Record, *, width: int = 100) -> str:
    """The headline, the byline, then each statement (speaker — cue — content, its kind and
    confidence), wrapped to ``width`` columns; topics, which state nothing, are counted apart."""
    head = " ".join(record.meta.headline.text.split()) if record.meta.headline else f"({record.id}: no headline found)"
    statements = [a for a in record.attributions if a.kind not in _NOT_STATEMENTS]
    topics = len(record.attributions) - len(statements)
    count = f"{len(statements)} statement{'s' if len(statements) != 1 else ''}"
    if topics:
        count += f" (and {topics} topic{'s' if topics != 1 else ''} of speech, in the JSON record)"
    lines = [head, byline(record), f"{record.id} · {count}"]
    lines += [f"warning: {w}" for w in record.warnings]
    width = max(width, 40)
    for a in statements:
        cue = " ".join(a.cue.text.split()) if a.cue is not None else "(no cue)"
        # A quote split around its cue ('"Yes," she said, "and no."') shows its parts with the cut marked.
        said = " … ".join(" ".join(part.text.split()) for part in a.content)
        lines.append("")
        lines += textwrap.wrap(f"{speaker_of(record, a)} — {cue} — {said}", width=width, initial_indent="  ",
                               subsequent_indent="    ")
        details = [a.kind] + (["hedged"] if a.hedged else []) + [f"confidence {a.confidence:.2f}"]
        lines += textwrap.wrap(" · ".join(details), width=width, initial_indent=" " * 6, subsequent_indent=" " * 6)
    return "\n".join(lines) + "\n"


__all__ = ["byline", "format_summary", "speaker_of"]
