"""The features the attributions stage's linear models read (:mod:`.models`): a token as a cue
head in its dependency frame, a candidate part around a cue head, a whole draft, a trailing part
of a content. Features are short strings; scoring is a few dictionary lookups per token."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .models import LinearModel

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Parts of speech a cue head can have: 99.9% of PolNeAR train cue heads (VERB 89%, NOUN 5%,
# AUX, ADP for "according to", PUNCT for colons, PROPN/ADJ for mis-tagged verbs, ADV for the
# sourceless "reportedly").
CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADP", "PUNCT", "PROPN", "ADJ", "ADV"})
# The punctuation that can be a cue: a colon introducing speech, a dash before a speaker's name
# (guidelines pp. 17-18); commas and full stops, a tenth of all tokens, never are.
CUE_PUNCT = frozenset({":", "—", "―", "–", "-", "--"})


def is_cue_candidate(pos: str, text: str) -> bool:
    """Whether a token of this part of speech and text is scored as a possible cue head."""
    return pos in CUE_POS and (pos != "PUNCT" or text in CUE_PUNCT)


# Dependents whose lemma says something about the frame ("called for", "went on to say").
_LEXICAL_DEPS = frozenset({"prep", "xcomp", "dobj", "prt", "acomp", "agent", "dative", "advmod", "ccomp", "attr"})
_VERB_GROUP = frozenset({"aux", "auxpass", "neg", "advmod", "prt"})
_FRAME_DEPS = frozenset({"acomp", "attr", "xcomp", "dobj", "prep", "oprd", "advmod"})
_FRAME_GRAND_DEPS = frozenset({"ccomp", "xcomp", "prep", "mark", "acl", "aux"})
# Relations over which an attribution's content embeds another clause: a cue below one of these
# under another cue is a nested attribution, which PolNeAR does not annotate (guidelines p. 23).
# Dependents that carry a content in PolNeAR train, most often ("said that ...", "mocked Rubio", "call for").
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "attr", "oprd", "advcl", "acomp", "nsubjpass", "dative"})
_EMBEDDING_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "pcomp", "acl", "relcl", "parataxis", "pobj", "dobj"})


def is_scored(view: DocView, i: int, lemmas: frozenset[str]) -> bool:
    """Whether token ``i`` is worth scoring as a cue head: a verb always (the model reads its
    frame even for a lemma never seen as a cue), a word of another part of speech only when its
    lemma has headed a cue in train. Nouns, adjectives and adverbs are cues only in a closed set
    ("claim", "view", "reportedly"); skipping the rest cuts a quarter of the stage's time and no
    dev figure drops (relation/partial 64.8 -> 64.9)."""
    pos = view.pos[i]
    if not is_cue_candidate(pos, view.text[i]):
        return False
    return pos in ("VERB", "AUX") or view.lem[i] in lemmas or not lemmas


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


_QUOTE_PUNCT = frozenset({"\"", "“", "”", "''", ":", "‘", "’"})


class DocView:
    """The token attributes the cue features read, taken out of a Doc once: reading them through
    spaCy's Token objects costs an object per access, several times the cost of the features."""

    __slots__ = ("children", "dep", "ent", "head", "idx", "lem", "low", "n", "pos", "start", "tag", "text")

    def __init__(self, doc: Doc) -> None:
        self.n = n = len(doc)
        # One array of string ids, read back through the vocabulary once per distinct string.
        arr = doc.to_array(["ORTH", "LEMMA", "LOWER", "POS", "TAG", "DEP", "ENT_TYPE", "IDX", "HEAD",
                            "SENT_START"]).tolist() if n else []
        strings = doc.vocab.strings
        memo: dict[int, str] = {0: ""}

        def column(k: int) -> list[str]:
            out = []
            for row in arr:
                h = row[k]
                s = memo.get(h)
                if s is None:
                    s = memo[h] = strings[h]
                out.append(s)
            return out

        self.text, self.low, self.pos, self.tag, self.dep, self.ent = (column(0), column(2), column(3), column(4),
                                                                       column(5), column(6))
        self.lem = [x.lower() for x in column(1)]
        self.idx = [row[7] for row in arr]
        # HEAD is the offset of the head, as an unsigned number: read it back as a signed one.
        self.head = [i + (row[8] if row[8] < 2**63 else row[8] - 2**64) for i, row in enumerate(arr)]
        self.start = [row[9] == 1 for row in arr]
        self.children: list[list[int]] = [[] for _ in range(self.n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)

    def sentence(self, i: int) -> tuple[int, int]:
        """First token and end (exclusive) of the sentence holding token ``i``."""
        a = i
        while a > 0 and not self.start[a]:
            a -= 1
        b = i + 1
        while b < self.n and not self.start[b]:
            b += 1
        return a, b

    def embedding_cue(self, i: int) -> int | None:
        """The nearest governor of token ``i`` reached over clause-embedding relations (a verb, noun
        or preposition), or None at the root."""
        cur = i
        while self.dep[cur] in _EMBEDDING_DEPS and self.head[cur] != cur:
            cur = self.head[cur]
            if self.pos[cur] in ("VERB", "NOUN", "ADP"):
                return cur
        return None


def cue_features(v: DocView, i: int, in_quote: bool) -> list[str]:
    """Features of token ``i`` as a candidate cue head: its lemma in its frame (dependents,
    governor, neighbours), and where it sits (inside a quote, below another verb)."""
    lem = v.lem[i]
    pos, dep = v.pos[i], v.dep[i]
    f = ["bias", "l=" + lem, "w=" + v.low[i], "p=" + pos, "t=" + v.tag[i], "d=" + dep,
         "lp=" + lem + "|" + pos, "ld=" + lem + "|" + dep, "s3=" + lem[-3:] + "|" + pos]
    deps = []
    kids = v.children[i]
    for c in kids:
        cd = v.dep[c]
        deps.append(cd)
        f.append("cd=" + cd)
        f.append("lcd=" + lem + "|" + cd)
        if cd in _LEXICAL_DEPS:
            f.append("lcl=" + lem + "|" + cd + "|" + v.lem[c])
        if cd == "punct" and v.text[c] in _QUOTE_PUNCT:
            f.append("qmark=" + ("L" if c < i else "R"))
            f.append("lqmark=" + lem)
    f.append("frame=" + lem + "|" + "+".join(sorted({d for d in deps if d not in ("punct", "det", "cc", "aux")})))
    for c in kids:
        cd = v.dep[c]
        if cd in ("nsubj", "nsubjpass"):
            st = v.ent[c] or v.tag[c]
            f.append("subj=" + st)
            f.append("lsubj=" + lem + "|" + st)
        elif cd == "ccomp":
            mark = next((v.low[g] for g in v.children[c] if v.dep[g] == "mark"), "-")
            f.append("lccomp=" + lem + "|" + mark)
        if cd in _FRAME_DEPS:
            # The frame one level down: "is confident that ..." (acomp > ccomp), "has made no secret
            # of ..." (dobj > prep), which the lemma of a copula or light verb cannot tell.
            for g in v.children[c]:
                gd = v.dep[g]
                if gd in _FRAME_GRAND_DEPS:
                    word = v.low[g] if gd in ("prep", "mark", "aux") else ""
                    f.append("gc=" + cd + ">" + gd + word)
                    f.append("lgc=" + lem + "|" + cd + ">" + gd + word)
    h = v.head[i]
    if h != i:
        f.append("hl=" + v.lem[h] + "|" + dep)
        f.append("hp=" + v.pos[h] + "|" + dep)
        f.append("lhl=" + lem + "|" + v.lem[h])
    else:
        f.append("root")
    nxt = v.low[i + 1] if i + 1 < v.n else "</s>"
    prv = v.low[i - 1] if i > 0 else "<s>"
    f.append("nx=" + nxt)
    f.append("lnx=" + lem + "|" + nxt)
    f.append("pv=" + prv)
    f.append("lpv=" + lem + "|" + prv)
    if in_quote:
        f.append("inq")
        f.append("linq=" + lem)
    anc = v.embedding_cue(i)
    if anc is not None:
        f.append("anc=" + v.lem[anc])
        f.append("ancd=" + dep + "|" + v.lem[anc])
    if v.start[i]:
        f.append("first")
    return f


def role_features(head: Token, kind: str, cand: Token, depth: int, span_len: int,
                  quote_overlap: bool, first_child: bool) -> list[str]:
    """Features of one candidate part of the attribution headed by ``head``.

    ``kind`` says what the candidate is: a dependent's subtree ("child"), the
    governor's subtree less the cue's ("up"), or the governor's subject
    ("upsubj", for "Trump tweeted, saying ..."). ``depth`` is 1 for the cue
    head's own dependents and 2 for those of a dependent that is part of the cue.
    """
    lem = _lemma(head)
    cd = cand.dep_ if kind == "child" else head.dep_
    side = "L" if cand.i < head.i else "R"
    clem = _lemma(cand)
    key = kind + "|" + cd
    f = ["bias", "k=" + key, "ks=" + key + "|" + side, "kl=" + key + "|" + lem, "kls=" + key + "|" + lem + "|" + side,
         "cp=" + key + "|" + cand.pos_, "cl=" + key + "|" + clem, "klc=" + key + "|" + lem + "|" + clem,
         "hp=" + head.pos_ + "|" + key, "hd=" + head.dep_ + "|" + key, "dep" + str(depth) + "=" + key,
         "len=" + key + "|" + str(min(span_len, 6) if span_len < 6 else (6 if span_len < 12 else 12))]
    if quote_overlap:
        f.append("q=" + key)
    if first_child:
        f.append("first=" + key)
    if cand.tag_ in ("PRP", "PRP$", "WP"):
        f.append("pron=" + key)
    if cand.ent_type_:
        f.append("ent=" + key + "|" + cand.ent_type_)
    doc = cand.doc
    left = cand.left_edge.i
    if left > 0 and doc[left - 1].text in (",", "—", "–", "-", "--", "(", ";"):
        f.append("comma=" + key + "|" + side)
    if kind == "child":
        sib = [c.dep_ for c in head.children if c.i != cand.i and c.dep_ in _CONTENT_DEPS]
        f.append("sib=" + key + "|" + "+".join(sorted(set(sib))))
        prev = [c for c in head.children if c.i < cand.i and c.dep_ in _CONTENT_DEPS]
        if prev:
            f.append("after=" + key + "|" + prev[-1].dep_)
    for c in cand.children:
        if c.dep_ in ("mark", "aux", "case", "det", "prep"):
            f.append("cc=" + key + "|" + c.dep_ + "|" + c.lower_)
    return f


def candidate_roles(model: LinearModel, feats: Sequence[str]) -> dict[str, float]:
    """Role name -> probability for one candidate."""
    return dict(zip(model.classes, model.probs(feats)))


def quote_mask(view: DocView, quotes: Sequence[Any]) -> list[bool]:
    """For each token, whether it lies inside one of ``quotes`` (marks excluded). One pass over
    the tokens and the quotes sorted by start: a page of many quotations stays linear."""
    mask = [False] * view.n
    spans = sorted((q.inner_start, q.inner_end) for q in quotes)
    k = 0
    for i, at in enumerate(view.idx):  # token offsets ascend
        while k < len(spans) and spans[k][1] <= at:
            k += 1
        j = k
        while j < len(spans) and spans[j][0] <= at:
            if at < spans[j][1]:
                mask[i] = True
                break
            j += 1
    return mask


def candidate_features(head: Token, cand: object, in_quote: Sequence[bool]) -> list[str]:
    """Role features of a :class:`~.frames.Candidate` of the attribution at ``head``."""
    tok = cand.token  # type: ignore[attr-defined]
    kind = cand.kind  # type: ignore[attr-defined]
    ids = cand.tokens  # type: ignore[attr-defined]
    gov = tok.head if kind == "child" else head
    q = any(in_quote[i] for i in ids)
    first = kind == "child" and tok.i == min((c.i for c in gov.children), default=-1)
    f = role_features(gov, kind, tok, cand.depth, len(ids), q, first)  # type: ignore[attr-defined]
    if kind == "child":
        # Whether only the verb group lies between the candidate and its governor: adjacent adverbs
        # and particles belong to the cue ("also contended", guidelines p. 16: keep the verb group together).
        doc = tok.doc
        lo, hi = (tok.right_edge.i + 1, gov.i) if tok.i < gov.i else (gov.i + 1, tok.left_edge.i)
        between = [doc[j].dep_ for j in range(lo, hi)]
        adjacent = all(d in _VERB_GROUP for d in between)
        f.append("adj=" + kind + "|" + tok.dep_ + "|" + ("L" if tok.i < gov.i else "R") + "|" + str(adjacent))
        f.append("gap=" + tok.dep_ + "|" + str(min(len(between), 4)))
    if gov.i != head.i:
        # A dependent of a dependent that is part of the cue: what it is depends on the cue head too
        # ("According to X": X is the source; "called for X": X the content).
        key = kind + "|" + tok.dep_
        f.append("cue2=" + key + "|" + _lemma(head) + "|" + _lemma(gov))
        f.append("cue2d=" + key + "|" + head.dep_ + "|" + _lemma(gov))
    return f


class DraftLike(Protocol):
    """What :func:`relation_features` reads of a draft attribution (``draft.Draft``)."""

    head: Token
    p_cue: float
    cue: set[int]
    source: Any
    p_source: float
    content: set[int]
    p_content: float
    quotes: list[Any]
    addressee: Token | None


def _bucket(p: float, n: int) -> str:
    return str(min(n - 1, int(p * n)))


def _size(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else ("8-15" if n < 16 else "16+"))


def relation_features(doc: Doc, d: DraftLike, in_quote: Sequence[bool]) -> list[str]:
    """Features of a whole draft attribution for the relation model: the cue's and the role model's
    probabilities, what kind of source and of content it has, and how they sit around the cue."""
    h = d.head
    lem = _lemma(h)
    f = ["bias", "pc=" + _bucket(d.p_cue, 10), "pcon=" + _bucket(d.p_content, 5), "l=" + lem,
         "hp=" + h.pos_ + "|" + h.dep_, "ht=" + h.tag_]
    src = d.source
    if src is None:
        sk = "none"
        f += ["nosrc", "pc_nosrc=" + _bucket(d.p_cue, 5), "lnosrc=" + lem]
    else:
        t = src.token
        sk = src.kind + "|" + (t.dep_ if src.kind == "child" else h.dep_)
        f += ["ps=" + _bucket(d.p_source, 5), "sk=" + sk, "se=" + (t.ent_type_ or t.tag_),
              "slen=" + _size(len(src.tokens)), "lsk=" + lem + "|" + sk]
    content = d.content
    # The relations by which the content's top words hang off the rest: ccomp, dobj, a quote's punct...
    ck = "+".join(sorted({doc[i].dep_ for i in content if doc[i].head.i not in content})[:3])
    quoted = str(bool(d.quotes))
    f += ["ck=" + ck, "lck=" + lem + "|" + ck, "clen=" + _size(len(content)), "ncue=" + str(min(len(d.cue), 4)),
          "q=" + quoted, "lq=" + lem + "|" + quoted, "inq=" + str(in_quote[h.i]), "skck=" + sk + "|" + ck,
          "pcq=" + _bucket(d.p_cue, 5) + "|" + quoted]
    side = "L" if content and max(content) < h.i else ("R" if content and min(content) > h.i else "M")
    f.append("side=" + side)
    f.append("first=" + str(h.is_sent_start or (h.i > 0 and doc[h.i - 1].is_sent_start)))
    if d.addressee is not None:
        f.append("addr")
    # A passive with no agent has no source to find ("It is said that ...", "are expected to"):
    # sourceless drafts are otherwise mostly cues whose source was missed.
    passive = any(c.dep_ == "auxpass" for c in h.children)
    voice = ("pass" if passive else "act") + "|" + ("nosrc" if src is None else "src")
    f += ["voice=" + voice, "lvoice=" + lem + "|" + voice]
    return f


# Punctuation that sets off a trailing part of a content (", which ...", "-- meddling ...").
_SET_OFF = frozenset({",", "—", "–", "--", "(", ";"})


def trailing_parts(doc: Doc, content: set[int], head: Token) -> list[Token]:
    """The heads of the parts that end a content and are set off from the rest by a comma, dash,
    bracket or semicolon, hanging off a word of the content, the longest first."""
    words = [i for i in content if not doc[i].is_punct]
    if not words:
        return []
    first, last = min(content), max(words)
    out = []
    for i in sorted(content):
        t = doc[i]
        a, b = t.left_edge.i, t.right_edge.i
        if a <= first or doc[a - 1].text not in _SET_OFF or b < last or t.head.i not in content:
            continue
        if a <= head.i <= b:
            continue
        out.append(t)
    return sorted(out, key=lambda t: t.left_edge.i)


def trim_features(doc: Doc, content: set[int], cue_head: Token, part: Token, quoted: bool,
                  in_quote: Sequence[bool]) -> list[str]:
    """Features of a trailing part of a content for the trim model: what it is (its relation and
    first word: ", which", ", including", ", saying"), how long, how deep in the content."""
    a, b = part.left_edge.i, part.right_edge.i
    n = b - a + 1
    depth, u = 0, part
    while u.head.i in content and u.head.i != u.i and depth < 6:
        u = u.head
        depth += 1
    w = doc[a]
    dep = part.dep_
    return ["bias", "d=" + dep, "dh=" + dep + "|" + part.head.pos_, "w=" + w.lower_, "wp=" + w.pos_,
            "dw=" + dep + "|" + w.lower_, "len=" + _size(n), "dlen=" + dep + "|" + _size(n), "p=" + doc[a - 1].text,
            "depth=" + str(depth), "ddepth=" + dep + "|" + str(depth),
            "hv=" + str(any(doc[k].pos_ in ("VERB", "AUX") for k in range(a, b + 1))),
            "share=" + str(min(4, int(4 * n / max(1, len(content))))), "q=" + str(quoted),
            "inq=" + str(in_quote[part.i]), "hd=" + part.head.dep_, "cl=" + _lemma(cue_head) + "|" + dep,
            "tag=" + part.tag_]
