"""A faster drop-in for spaCy's ``attribute_ruler``: the same rules, the same result, array at a time.

Why: profiling the nlp stage on BBC News paragraphs (bench/bench.py; cProfile
of the component alone) put the stock ``attribute_ruler`` of
en_core_web_sm at about 17 % of the whole spaCy parse, as much as the
parser. Its rules are simple (179 one- or two-token patterns on TAG, LOWER,
DEP, IS_SPACE mapping tags to POS/MORPH, plus lemma and morph exceptions),
but spaCy's Matcher evaluates every ``{"IN": [...]}`` predicate as a Python
call per token (~900k calls for 55k tokens). Here each pattern is one numpy
comparison over the token columns of a whole batch of Docs, and the result
is written back with ``Doc.from_array``: about 20x less time for the
component.

Faithful by construction: the rules are read from the loaded pipeline's own
``attribute_ruler`` (any model, not a copy of en_core_web_sm's), matched on
the annotations as they were before the component ran, as spaCy's Matcher
does, and applied in pattern order so that a later rule wins, as spaCy's
``AttributeRuler.match`` sorts them. A pattern this module cannot
reproduce exactly (quantifiers, comparisons, fuzzy or subset predicates,
extension attributes)
leaves the stock component in place. Tests compare both on every token.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

FACTORY = "onrecord_fast_attribute_ruler"
COMPONENT = "attribute_ruler"
# Token-pattern keys whose value is one attribute of the token, read with Doc.to_array.
_KEYS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "SHAPE", "ENT_TYPE",
                   "IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE",
                   "LIKE_NUM", "IS_STOP"})
_FLAGS = frozenset(k for k in _KEYS if k.startswith(("IS_", "LIKE_")))


class Unsupported(ValueError):
    """A rule the fast ruler cannot reproduce exactly; the stock component stays."""


@dataclass(frozen=True, slots=True)
class _Test:
    """One predicate on one token column: equality, {"IN": [...]}, {"NOT_IN": [...]} or {"REGEX": "..."}."""

    column: int  # index into the token columns read for matching
    op: str  # "==" | "IN" | "NOT_IN" | "REGEX"
    values: np.ndarray  # uint64 ids (empty for REGEX)
    regex: re.Pattern[str] | None = None

    def mask(self, col: np.ndarray, strings: Any, seen: dict[tuple[str, int], bool]) -> np.ndarray:
        if self.op == "==":
            return col == self.values[0]
        if self.op == "IN":
            return np.isin(col, self.values)
        if self.op == "NOT_IN":
            return ~np.isin(col, self.values)
        # REGEX: searched in the attribute's string, as spaCy's _RegexPredicate does; each distinct
        # value is tested once (per process: ``seen`` caches across batches).
        assert self.regex is not None
        hits = []
        for v in np.unique(col).tolist():
            key = (self.regex.pattern, v)
            if key not in seen:
                seen[key] = bool(self.regex.search(strings[v]))
            if seen[key]:
                hits.append(v)
        return np.isin(col, np.array(hits, dtype=np.uint64))


@dataclass(frozen=True, slots=True)
class _Rule:
    alternatives: tuple[tuple[tuple[_Test, ...], ...], ...]  # per alternative, per token: its tests
    attrs: tuple[tuple[int, int], ...]  # (attribute id, value id) to set, as normalized by spaCy
    index: int  # the token of the match to set them on (may be negative)


def _tests(nlp: Language, key: str, column: int, value: Any) -> list[_Test]:
    """The tests of one ``key: value`` of a token pattern, values as the Matcher turns them into ids."""
    def one(v: Any) -> int:
        if isinstance(v, bool):
            return int(v)
        if isinstance(v, int):
            return v
        if isinstance(v, str):
            return int(nlp.vocab.strings.add(v))  # the hash spaCy's get_string_id gives ("" is 0)
        raise Unsupported(f"{key} value {v!r}")

    if not isinstance(value, dict):
        return [_Test(column, "==", np.array([one(value)], dtype=np.uint64))]
    tests = []
    for op, arg in value.items():
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            tests.append(_Test(column, op, np.array(sorted({one(v) for v in arg}), dtype=np.uint64)))
        elif op == "REGEX" and isinstance(arg, str) and key not in _FLAGS:
            tests.append(_Test(column, op, np.array([], dtype=np.uint64), re.compile(arg)))
        else:
            raise Unsupported(f"{key} predicate {op}")
    return tests


def compile_rules(nlp: Language, ruler: Any) -> tuple[list[int], list[int], list[_Rule]]:
    """(columns to match on, attributes set, rules in order) from a stock AttributeRuler.

    Raises :class:`Unsupported` for anything it cannot reproduce exactly.
    """
    from spacy.attrs import IDS

    columns: list[int] = []
    out_attrs: list[int] = []
    rules: list[_Rule] = []
    for i, pat in enumerate(ruler.patterns):
        alts = []
        for alt in pat["patterns"]:
            toks = []
            for spec in alt:
                tests = []
                for key, value in spec.items():
                    key = key.upper()
                    if key not in _KEYS:
                        raise Unsupported(f"pattern key {key}")
                    attr = IDS["ORTH" if key == "TEXT" else key]
                    if attr not in columns:
                        columns.append(attr)
                    tests += _tests(nlp, key, columns.index(attr), value)
                toks.append(tuple(tests))
            if not toks:
                raise Unsupported("empty pattern")
            alts.append(tuple(toks))
        attrs = ruler.attrs[i]
        if "_" in attrs or not all(isinstance(k, int) and isinstance(v, int) for k, v in attrs.items()):
            raise Unsupported(f"attributes {pat['attrs']}")
        for k in attrs:
            if k not in out_attrs:
                out_attrs.append(k)
        index = int(ruler.indices[i])
        if any(not -len(a) <= index < len(a) for a in alts):
            raise Unsupported(f"index {index} outside the pattern")
        rules.append(_Rule(tuple(alts), tuple(attrs.items()), index))
    return columns, out_attrs, rules


class FastAttributeRuler:
    """Sets what the stock attribute_ruler sets, for a batch of Docs at a time."""

    def __init__(self, columns: list[int], out_attrs: list[int], rules: list[_Rule], strings: Any) -> None:
        self.columns: list[int | str] = list(columns)
        self.out_attrs: list[int | str] = list(out_attrs)
        self.rules = rules
        self._strings = strings
        self._seen: dict[tuple[str, int], bool] = {}
        self._out_col = {a: n for n, a in enumerate(out_attrs)}

    def __call__(self, doc: Doc) -> Doc:
        self._apply([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self._apply(batch)
                yield from batch
                batch = []
        if batch:
            self._apply(batch)
            yield from batch

    def _apply(self, docs: list[Doc]) -> None:
        docs = [d for d in docs if len(d)]
        if not docs:
            return
        lengths = np.array([len(d) for d in docs])
        tokens = np.concatenate([d.to_array(self.columns) for d in docs]).reshape(-1, len(self.columns))
        out = np.concatenate([d.to_array(self.out_attrs) for d in docs]).reshape(-1, len(self.out_attrs))
        n = len(tokens)
        doc_of = np.repeat(np.arange(len(docs)), lengths)
        for rule in self.rules:
            for alt in rule.alternatives:
                width = len(alt)
                starts = n - width + 1
                if starts <= 0:
                    continue
                hit = np.ones(starts, dtype=bool)
                for offset, tests in enumerate(alt):
                    for t in tests:
                        hit &= t.mask(tokens[offset:offset + starts, t.column], self._strings, self._seen)
                if width > 1:  # a match never spans two Docs of the batch
                    hit &= doc_of[:starts] == doc_of[width - 1:]
                where = np.flatnonzero(hit)
                if not len(where):
                    continue
                target = where + (rule.index if rule.index >= 0 else width + rule.index)
                for attr, value in rule.attrs:
                    out[target, self._out_col[attr]] = value
        bounds = np.concatenate([[0], np.cumsum(lengths)])
        for k, doc in enumerate(docs):
            part: Any = np.ascontiguousarray(out[bounds[k]:bounds[k + 1]])
            doc.from_array(self.out_attrs, part)


def install(nlp: Language) -> bool:
    """Swap the pipeline's ``attribute_ruler`` for the fast one when every rule is supported.

    Returns True when swapped. The name stays ``attribute_ruler`` and the
    position too, so pipe_names, ``disable`` and ``exclude`` work as before.
    """
    if COMPONENT not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe(COMPONENT)
    if isinstance(stock, FastAttributeRuler):
        return True
    try:
        columns, out_attrs, rules = compile_rules(nlp, stock)
    except Unsupported as e:
        log.info("keeping spaCy's attribute_ruler: %s", e)
        return False
    fast = FastAttributeRuler(columns, out_attrs, rules, nlp.vocab.strings)
    # Direct swap of the component object: a spaCy factory would need a config round trip
    # for rules that are already loaded; the name, position and meta stay as they are.
    components = nlp._components
    for n, (name, _) in enumerate(components):
        if name == COMPONENT:
            components[n] = (name, fast)
            break
    return True
