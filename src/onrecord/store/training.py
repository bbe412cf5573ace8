"""Corrections as training data: out as JSON Lines or brat standoff, and JSON Lines back in.

JSON Lines (``onrecord-correction/1``), one correction a line, in the record's span terms (every
span ``{"start", "end", "text"}`` into the document's text): the correction as the store holds it
(:meth:`onrecord.store.corrections.Correction.to_dict`: document, change, anchor, new spans, who,
when, why, status) and ``result``, the attribution it gave in the corrected record (null for one
marked wrong or that does not apply). :func:`import_corrections` reads these lines back into a store.

brat standoff (https://brat.nlplab.org/standoff.html): for each document with a correction,
``<name>.txt`` (its text, as the offsets count it) and ``<name>.ann`` with every attribution of the
corrected view: ``Content``, ``Cue`` and ``Source`` text-bound annotations (a span that crosses a
line break is written as fragments, as brat wants), ``Cue``/``Source`` relations to the content,
``Corrected`` on those a reviewer changed or added, ``Wrong`` on those marked wrong (kept, so
negatives are not lost), and the speaker's name as an ``AnnotatorNotes`` comment. An
``annotation.conf`` beside them declares these types.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from ..model import Attribution, Record, Span
from .core import Store
from .corrections import Correction, apply_corrections
from .exporting import _text_out

SCHEMA = "onrecord-correction/1"
TRAINING_FORMATS: tuple[str, ...] = ("jsonl", "brat")

ANNOTATION_CONF = """[entities]
Content
Cue
Source

[relations]
CueOf Arg1:Cue, Arg2:Content
SourceOf Arg1:Source, Arg2:Content

[events]

[attributes]
Corrected Arg:Content
Wrong Arg:Content
Kind Arg:Content, Value:direct|indirect|mixed|according_to|report|belief|topic
"""


def export_corrections(store: Store, format: str, out: str | Path | IO[str]) -> int:
    """Write the store's corrections as ``jsonl`` (to a file, a stream or "-") or ``brat`` (into the
    folder ``out``); returns the corrections written (jsonl) or documents written (brat)."""
    if format not in TRAINING_FORMATS:
        raise UsageError(f"unknown training format {format!r}; use one of {', '.join(TRAINING_FORMATS)}")
    if format == "jsonl":
        n = 0
        with _text_out(out) as fh:
            for line in correction_lines(store):
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
                n += 1
        return n
    if not isinstance(out, (str, Path)) or str(out) == "-":
        raise UsageError("brat export needs a folder for --out")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")
    n = 0
    for name, record, wrong, corrected in _documents(store):
        (folder / f"{name}.txt").write_text(record.text, encoding="utf-8", newline="")
        (folder / f"{name}.ann").write_text(brat_ann(record, wrong, corrected), encoding="utf-8", newline="")
        n += 1
    return n


def _by_document(store: Store) -> dict[str, list[Correction]]:
    out: dict[str, list[Correction]] = {}
    for c in store.corrections():
        out.setdefault(c.doc, []).append(c)
    return out


def correction_lines(store: Store) -> Iterator[dict[str, Any]]:
    """Each correction as one JSON Lines object (module docs), oldest first within its document."""
    for sha, corrs in _by_document(store).items():
        raw = store.record(sha, raw=True)
        if raw is None:
            continue
        done = apply_corrections(raw, corrs)
        attrs = {a.id: a for a in done.record.attributions}
        for c in corrs:
            out = done.outcomes.get(c.id)
            result = attrs.get(out.aid) if out and out.aid and c.change != "wrong" and out.status != "not_applied" \
                else None
            yield {"schema": SCHEMA, **c.to_dict(), "result": result.to_dict() if result else None}


def _documents(store: Store) -> Iterator[tuple[str, Record, list[Attribution], set[str]]]:
    """(file name, corrected record, attributions marked wrong, ids of corrected ones) per corrected document."""
    used: set[str] = set()
    for sha, corrs in _by_document(store).items():
        raw = store.record(sha, raw=True)
        if raw is None:
            continue
        done = apply_corrections(raw, corrs)
        kept = {a.id for a in done.record.attributions}
        wrong = [a for a in raw.attributions if a.id not in kept]
        name = re.sub(r"[^\w.-]+", "_", raw.id).strip("._") or sha[:12]
        if name in used:
            name = f"{name}-{sha[:12]}"
        used.add(name)
        yield name, done.record, wrong, set(done.by_attribution)


def _fragments(text: str, span: Span) -> str:
    """brat's offsets of ``span``: one ``start end`` per line it covers (brat refuses a line break
    inside a fragment), blank lines skipped."""
    parts, pos = [], span.start
    for piece in text[span.start:span.end].split("\n"):
        end = pos + len(piece)
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            parts.append(f"{pos + lead} {end - trail}")
        pos = end + 1
    return ";".join(parts) or f"{span.start} {span.end}"


def brat_ann(record: Record, wrong: list[Attribution], corrected: set[str]) -> str:
    """The .ann of ``record``'s attributions (module docs)."""
    lines: list[str] = []
    t = r = a = n = 0

    def bound(kind: str, span: Span) -> str:
        nonlocal t
        t += 1
        frag = _fragments(record.text, span)
        shown = " ".join(record.text[int(x.split()[0]):int(x.split()[1])] for x in frag.split(";"))
        lines.append(f"T{t}\t{kind} {frag}\t{shown}")
        return f"T{t}"

    for attr, is_wrong in [(x, False) for x in record.attributions] + [(x, True) for x in wrong]:
        contents = [bound("Content", s) for s in attr.content]
        if not contents:
            continue
        head = contents[0]
        for label, on in (("Corrected", attr.id in corrected and not is_wrong), ("Wrong", is_wrong)):
            if on:
                a += 1
                lines.append(f"A{a}\t{label} {head}")
        a += 1
        lines.append(f"A{a}\tKind {head} {attr.kind}")
        for kind, span in (("Cue", attr.cue), ("Source", attr.source)):
            if span is not None:
                arg = bound(kind, span)
                r += 1
                lines.append(f"R{r}\t{kind}Of Arg1:{arg} Arg2:{head}")
        speaker = record.entity(attr.speaker)
        n += 1
        note = f"{attr.id}" + (f" speaker: {speaker.name}" if speaker else "")
        lines.append(f"#{n}\tAnnotatorNotes {head}\t{note}")
    return "".join(line + "\n" for line in lines)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What :func:`import_corrections` did: corrections added, already held, and lines refused
    (with the line number and why)."""

    added: int = 0
    duplicates: int = 0
    refused: tuple[str, ...] = ()
    not_applied: tuple[Correction, ...] = ()


def import_corrections(store: Store, path: str | Path) -> ImportResult:
    """Read corrections written by :func:`export_corrections` (JSON Lines) into ``store``: each is
    anchored by its spans and their text, so it lands on the same attribution in a store made by
    another run or model; a line that cannot be read, or whose document the store lacks, is refused
    and the others go on."""
    added = dup = 0
    refused: list[str] = []
    missed: list[Correction] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"cannot read {path}: {e}; give a file written by `onrecord correct export "
                         f"--format jsonl`") from e
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            c = parse_line(json.loads(line))
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            refused.append(f"{path}:{i}: not a correction line ({type(e).__name__}: {e}); lines come from "
                           f"`onrecord correct export --format jsonl`")
            continue
        try:
            got = store.import_correction(c)
        except UsageError as e:
            refused.append(f"{path}:{i}: {e}")
            continue
        if got is None:
            dup += 1
        else:
            added += 1
            if got.status == "not_applied":
                missed.append(got)
    return ImportResult(added, dup, tuple(refused), tuple(missed))


def parse_line(d: dict[str, Any]) -> Correction:
    """A correction from one exported JSON Lines object."""
    if d.get("schema", SCHEMA) != SCHEMA:
        raise ValueError(f"schema {d.get('schema')!r}, not {SCHEMA!r}")
    doc = d["document"]
    return Correction(
        id=0, doc=str(doc.get("sha256") or ""), doc_id=str(doc.get("id") or ""), change=str(d["change"]),
        aid=d.get("attribution"), anchor=tuple(Span.from_dict(s) for s in d.get("anchor") or ()),
        **Correction.value_fields(d), who=str(d.get("who") or ""), at=str(d.get("at") or ""),
        reason=d.get("reason"), undone=d.get("undone"))
