"""PolNeAR splits read for training: each document parsed by onrecord's own stages (read, then
nlp over the lines labelled from PolNeAR's format: line 1 the headline, the rest body), so that
the features seen in training are those seen at run time; the parse can be kept in a cache
folder (a spaCy DocBin) for the next run."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from ..model import Line
from ..stages import nlp, read
from ..state import Input, Options, State


def parse_split(split_dir: Path, cache: Path | None) -> list[tuple[str, str, list[Any]]]:
    """(doc id, text, paragraphs) for every document of the split, parsed by onrecord's nlp stage."""
    from spacy.tokens import DocBin

    opts = Options()
    vocab = nlp.load(opts.model).vocab
    name = split_dir.name
    if cache is not None and (cache / f"{name}.pkl").exists():
        rows = pickle.loads((cache / f"{name}.pkl").read_bytes())
        docs = iter(DocBin().from_disk(cache / f"{name}.spacy").get_docs(vocab))
        return [(d, rec.text, [nlp.Paragraph(s, next(docs), k) for s, k in paras]) for d, rec, paras in rows]
    states = []
    for p in sorted((split_dir / "text").glob("*.txt")):
        st = read.run(State(Input(p.stem, p.read_bytes())), opts)
        assert st.record is not None
        # PolNeAR's texts are clean articles, line 1 the headline: the lines are labelled from that
        # documented format rather than by the layout stage, so that the training parse does not
        # move when layout's heuristics do.
        st = st.advance("layout", record=st.record.replace(lines=polnear_lines(st.record.text)))
        states.append(st)
    out, rows = [], []
    db = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "MORPH",
                       "SENT_START", "SPACY"])
    for i in range(0, len(states), 32):
        for st in nlp.run_batch(states[i:i + 32], opts):
            assert st.record is not None and st.parsed is not None
            out.append((st.input.id, st.record.text, list(st.parsed)))
            rows.append((st.input.id, st.record, [(p.start, p.kind) for p in st.parsed]))
            for p in st.parsed:
                db.add(p.doc)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / f"{name}.pkl").write_bytes(pickle.dumps(rows))
        db.to_disk(cache / f"{name}.spacy")
    return out


def polnear_lines(text: str) -> tuple[Line, ...]:
    """Every line of a PolNeAR text: the first non-blank one the headline, the others body or blank."""
    lines = []
    seen_headline = False
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        if not body.strip():
            kind = "blank"
        elif not seen_headline:
            kind, seen_headline = "headline", True
        else:
            kind = "body"
        lines.append(Line(pos, pos + len(body), kind))
        pos += len(raw)
    return tuple(lines)
