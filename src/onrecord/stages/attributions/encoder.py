"""The attributions stage's encoder tagger: a fine-tuned MiniLM encoder that tags cues, and for
each cue its source and content, straight on the word pieces of the text.

How it reads a document:

1. The text is cut into word pieces by the encoder's own tokenizer; every piece keeps the
   character offsets it came from, so every span it outputs maps back to the text exactly.
2. Long texts are read in overlapping windows (``WINDOW`` pieces, a new one every ``STRIDE``);
   each piece takes its tags from the window in which it sits most centrally.
3. The token head tags every piece as the beginning or inside of a source, a cue, or a content
   (or none of them). Cue spans are read from these tags.
4. The role head reads, for one cue at a time, every piece of the window together with the
   cue's vector and the piece's distance from the cue, and tags the cue's own source and
   content ("Ms Okafor said on Monday that the vote was rigged": for "said", "Ms Okafor" and
   "the vote was rigged"). One relation per cue; a cue whose role head finds no content is
   dropped. A content may come in several parts (a quote split around its cue).

The encoder runs in ONNX Runtime (int8, per channel) and the two small heads in NumPy; the
weights are trained by ``scripts/train_encoder.py`` on PolNeAR's train split and exported by
``scripts/export_encoder.py`` into a folder that :class:`EncoderTagger` loads. Nothing is
downloaded; the word-piece vocabulary (the pretrained encoder's ``tokenizer.json``) is shipped in
``resources/encoder/``.

Not yet part of the attributions stage: the first model (the lower four layers kept as
pretrained, two epochs on two CPU cores) scores far under the parse-based models on PolNeAR dev
(relation/partial 40.1, content/exact 20.1, source/exact 57.3, cue/exact 52.3, against 69.4,
61.0, 78.9, 72.7), and neither its spans nor its extra relations improve theirs (issue 17's
closing note has the table). ``scripts/eval_encoder.py`` scores an exported tagger.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import numpy as np

from ...errors import OnrecordError

TOKEN_LABELS: tuple[str, ...] = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
ROLE_LABELS: tuple[str, ...] = ("O", "B-SRC", "I-SRC", "B-CON", "I-CON")
WINDOW = 254  # word pieces per window, before [CLS] and [SEP]
STRIDE = 190  # a new window every STRIDE pieces: windows overlap by 64
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
# Distance buckets of a piece from its cue: exact up to 8 pieces either side, then by powers of
# two up to 256 (a source three sentences before a quote is still far from it, but not lost).
_NEAR = 8
_FAR_BUCKETS = 6
N_BUCKETS = 1 + 2 * (_NEAR + _FAR_BUCKETS)


@dataclass(frozen=True, slots=True)
class Pieces:
    """A text's word pieces: their vocabulary ids and character offsets, and the word each
    belongs to (pieces of one word share a number)."""

    ids: np.ndarray  # int64 [n]
    starts: np.ndarray  # int64 [n]
    ends: np.ndarray  # int64 [n]
    words: np.ndarray  # int64 [n]


def load_tokenizer(path: str) -> Any:
    """The encoder's tokenizer from its ``tokenizer.json``, with the file's own truncation and
    padding (128 pieces, for sentence embeddings) switched off: windows are cut here."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(path)
    tok.no_truncation()
    tok.no_padding()
    return tok


def pieces(tokenizer: object, text: str) -> Pieces:
    """The word pieces of ``text`` (no [CLS]/[SEP]); ``tokenizer`` is a ``tokenizers.Tokenizer``."""
    enc = tokenizer.encode(text, add_special_tokens=False)  # type: ignore[attr-defined]
    offsets = enc.offsets
    words = [w if w is not None else -1 for w in enc.word_ids]
    return Pieces(
        ids=np.asarray(enc.ids, dtype=np.int64),
        starts=np.asarray([o[0] for o in offsets], dtype=np.int64),
        ends=np.asarray([o[1] for o in offsets], dtype=np.int64),
        words=np.asarray(words, dtype=np.int64),
    )


def windows(n: int, size: int = WINDOW, stride: int = STRIDE) -> list[tuple[int, int]]:
    """Piece ranges ``[a, b)`` covering ``0..n``: ``size`` pieces, a new one every ``stride``."""
    if n <= size:
        return [(0, n)]
    out = []
    a = 0
    while True:
        b = min(a + size, n)
        out.append((a, b))
        if b == n:
            return out
        a += stride


def best_window(spans: Sequence[tuple[int, int]], at: float) -> int:
    """The index of the window in which position ``at`` sits most centrally."""
    return max(range(len(spans)), key=lambda i: min(at - spans[i][0], spans[i][1] - at))


def owners(spans: Sequence[tuple[int, int]], n: int) -> np.ndarray:
    """For each of ``n`` pieces, the index of the window in which it sits most centrally."""
    out = np.zeros(n, dtype=np.int64)
    for i in range(n):
        out[i] = best_window(spans, i + 0.5)
    return out


def bucket(offset: int) -> int:
    """The distance bucket of a piece ``offset`` pieces after (negative: before) its cue; 0 is in
    the cue itself."""
    if offset == 0:
        return 0
    d = abs(offset)
    b = d if d <= _NEAR else min(_NEAR + _FAR_BUCKETS, _NEAR + int(math.log2(d / _NEAR)) + 1)
    return b if offset > 0 else _NEAR + _FAR_BUCKETS + b


def cue_offsets(length: int, a: int, b: int) -> np.ndarray:
    """Distance buckets of the ``length`` pieces of a window from a cue over pieces ``[a, b)``."""
    idx = np.arange(length)
    offs = np.where(idx < a, idx - a, np.where(idx >= b, idx - b + 1, 0))
    return np.asarray([bucket(int(o)) for o in offs], dtype=np.int64)


def bio_spans(tags: Sequence[int] | np.ndarray, labels: Sequence[str], kind: str) -> list[tuple[int, int]]:
    """Piece ranges ``[a, b)`` tagged as ``kind`` (an I without a B opens a span too)."""
    out: list[tuple[int, int]] = []
    start = -1
    for i, t in enumerate(tags):
        name = labels[t]
        if name == "B-" + kind or (name == "I-" + kind and start < 0):
            if start >= 0:
                out.append((start, i))
            start = i
        elif name != "I-" + kind and start >= 0:
            out.append((start, i))
            start = -1
    if start >= 0:
        out.append((start, len(tags)))
    return out


def whole_words(p: Pieces, a: int, b: int) -> tuple[int, int]:
    """Pieces ``[a, b)`` widened to whole words (a tag on "report" carries "##edly" with it)."""
    n = len(p.words)
    while a > 0 and p.words[a - 1] == p.words[a] and p.words[a] >= 0:
        a -= 1
    while b < n and p.words[b] == p.words[b - 1] and p.words[b] >= 0:
        b += 1
    return a, b


def _chars(p: Pieces, a: int, b: int) -> dict[str, int]:
    return {"start": int(p.starts[a]), "end": int(p.ends[b - 1])}


def best_run(score: np.ndarray, lo: int = 0, hi: int | None = None) -> tuple[int, int, float]:
    """The run ``[a, b)`` of ``score[lo:hi]`` with the largest sum (Kadane's algorithm), and the sum;
    ``(lo, lo, 0.0)`` when every score is negative."""
    hi = len(score) if hi is None else hi
    best = (lo, lo, 0.0)
    run_start, total = lo, 0.0
    for i in range(lo, hi):
        if total <= 0.0:
            run_start, total = i, 0.0
        total += float(score[i])
        if total > best[2]:
            best = (run_start, i + 1, total)
    return best


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p) - np.log1p(-p)


def decode(p: Pieces, tags: np.ndarray, spans: Sequence[tuple[int, int]],
           role_probs: Callable[[int, int, int], np.ndarray]) -> list[dict[str, Any]]:
    """Relations from the token head's tags: each cue span, with the source and content the role
    head gives it. ``role_probs(window, a, b)`` gives the role probabilities of every piece of
    window ``window`` for the cue over its pieces ``[a, b)`` (window offsets).

    A role is read as the run of pieces whose summed log-odds of being in it is largest, not piece
    by piece: piecewise tags leave holes ("the vote was | rigged") that the annotators never make.
    A content may have a second run on the other side of its cue, as a quote split around
    its cue has ("'We will appeal,' she said, 'and we will win.'")."""
    out: list[dict[str, Any]] = []
    for a, b in bio_spans(tags, TOKEN_LABELS, "CUE"):
        a, b = whole_words(p, a, b)
        w = best_window(spans, (a + b) / 2)
        wa, wb = spans[w]
        a0, b0 = max(a, wa) - wa, min(b, wb) - wa
        probs = role_probs(w, a0, b0)
        con = _log_odds(probs[:, 3] + probs[:, 4])
        con[a0:b0] = -50.0  # a cue is never its own content
        x, y, total = best_run(con)
        if total <= 0.0:
            continue
        runs = [(x, y)]
        other = best_run(con, b0, len(con)) if y <= a0 else best_run(con, 0, a0)
        if other[2] > 0.0:
            runs.append(other[:2])
        src = _log_odds(probs[:, 1] + probs[:, 2])
        src[a0:b0] = -50.0
        sx, sy, stotal = best_run(src)
        source = [_chars(p, *whole_words(p, sx + wa, sy + wa))] if stotal > 0.0 else None
        parts = sorted(whole_words(p, x + wa, y + wa) for x, y in runs)
        inside = np.concatenate([probs[x:y, 3:5].sum(-1) for x, y in runs])
        out.append({"source": source, "cue": [_chars(p, a, b)], "content": [_chars(p, x, y) for x, y in parts],
                    "score": float(inside.mean())})
    return out


TOKENIZER = "tokenizer.json"
_FILES = ("encoder.onnx", "roles.npz", TOKENIZER)


class EncoderMissing(OnrecordError):
    """The encoder tagger's files are missing or unreadable."""

    def __init__(self, folder: str, reason: str) -> None:
        super().__init__(
            f"the attribution encoder in {folder} cannot be loaded ({reason}); build the folder with "
            f"`python scripts/train_encoder.py` then `python scripts/export_encoder.py WEIGHTS --out {folder}`, "
            f"and install the runtime with `pip install 'onrecord[encoder]'`")


def shipped_tokenizer() -> Any:
    """The pretrained encoder's word-piece tokenizer, shipped in the package."""
    return load_tokenizer(str(resources.files("onrecord.resources") / "encoder" / TOKENIZER))


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26 (error under 1.5e-7): NumPy has no erf, and the encoder was
    # trained with the exact GELU.
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t \
        * np.exp(-a * a)
    return s * y


class EncoderTagger:
    """The encoder and its heads, loaded from a folder made by ``scripts/export_encoder.py``."""

    def __init__(self, folder: str | os.PathLike[str], *, threads: int = 1) -> None:
        folder = str(folder)
        self.folder = folder
        missing = [f for f in _FILES if not os.path.isfile(os.path.join(folder, f))]
        if missing:
            raise EncoderMissing(folder, "missing " + ", ".join(missing))
        try:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            # One thread: onrecord runs one process per core (--workers), and one thread per
            # process keeps their figures predictable.
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
            self.session = ort.InferenceSession(os.path.join(folder, "encoder.onnx"), opts,
                                                providers=["CPUExecutionProvider"])
            with np.load(os.path.join(folder, "roles.npz")) as z:
                self.roles = {k: z[k] for k in z.files}
            self.tokenizer = load_tokenizer(os.path.join(folder, TOKENIZER))
        except Exception as e:  # a truncated or foreign file, or no runtime: each library raises its own
            first = str(e).splitlines()[0][:200] if str(e) else ""
            raise EncoderMissing(folder, f"{type(e).__name__}: {first}") from e

    def relations(self, text: str, start: int = 0, end: int | None = None) -> list[dict[str, Any]]:
        """The relations in ``text[start:end]``: ``{"source", "cue", "content", "score"}``, spans as
        lists of ``{"start", "end"}`` character offsets into ``text`` (source None when none is
        tagged)."""
        p = pieces(self.tokenizer, text[start:end])
        p = replace(p, starts=p.starts + start, ends=p.ends + start)
        if not len(p.ids):
            return []
        spans = windows(len(p.ids))
        width = max(b - a for a, b in spans) + 2
        ids = np.zeros((len(spans), width), dtype=np.int64)
        mask = np.zeros((len(spans), width), dtype=np.int64)
        for w, (a, b) in enumerate(spans):
            ids[w, 0], ids[w, 1:b - a + 1], ids[w, b - a + 1] = CLS_ID, p.ids[a:b], SEP_ID
            mask[w, :b - a + 2] = 1
        hidden, logits = self.session.run(None, {"ids": ids, "mask": mask})
        own = owners(spans, len(p.ids))
        starts = np.asarray([a for a, _ in spans])
        tags = logits[own, np.arange(len(p.ids)) - starts[own] + 1].argmax(-1)
        return decode(p, tags, spans, lambda w, a, b: self._role_probs(hidden[w, 1:spans[w][1] - spans[w][0] + 1], a, b))

    def _role_probs(self, h: np.ndarray, a: int, b: int) -> np.ndarray:
        r = self.roles
        cue = h[a:b].mean(0)
        z = h @ r["role_h.weight"].T + r["role_h.bias"] + cue @ r["role_c.weight"].T \
            + (h * cue) @ r["role_m.weight"].T + r["role_d.weight"][cue_offsets(len(h), a, b)]
        mu = z.mean(-1, keepdims=True)
        var = z.var(-1, keepdims=True)
        z = (z - mu) / np.sqrt(var + 1e-5) * r["role_ln.weight"] + r["role_ln.bias"]
        z = 0.5 * z * (1.0 + _erf(z / math.sqrt(2.0)))
        out = z @ r["role_out.weight"].T + r["role_out.bias"]
        out = np.exp(out - out.max(-1, keepdims=True))
        return out / out.sum(-1, keepdims=True)
