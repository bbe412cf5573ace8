"""Mention candidates, the first pass of the entities stage: the scan of each parsed paragraph for
named entities (with the titles and role words written before them, and proper-noun runs the
tagger missed), pronouns, relative pronouns and definite descriptions ("the senator", "the
company", appositions such as "Hope Hicks, Trump's spokeswoman"). spaCy stays inside the stage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ...lexicon import people
from ...lexicon.speech import SPEECH_LEMMAS
from ...model import Span
from . import names
from .types import Cand

# spaCy labels kept as entities; FAC ("the White House") and LOC are read as ORG and GPE.
_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "FAC": "ORG", "LOC": "GPE"}
PRONOUN_CLASS: dict[str, str] = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "it": "n", "its": "n", "itself": "n",
    "they": "p", "them": "p", "their": "p", "theirs": "p", "themselves": "p",
    "who": "who", "whom": "who", "whose": "who", "which": "which",
}
# Nouns that, headed by a name, make an organization of it ("the Trump campaign",
# "the Obama administration", "Tulsa police"): PolNeAR sources use these forms.
NAME_ORG_NOUNS = frozenset({"campaign", "administration", "police", "government", "camp"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_OBJ = frozenset({"dobj", "dative", "iobj"})
_DEFINITE = frozenset({"the", "this", "that"})
_PROPER = frozenset({"NNP", "NNPS"})
_COMMON = frozenset({"NN", "NNS"})  # the tagger often takes "Sanders" for a plural common noun
# A quotation: straight or curly double quotes, or the doubled single quotes some
# archives print for them (''...'').
_QUOTATION = re.compile(r"\"[^\"]*\"?|“[^”]*”?|''.*?(?:''|$)", re.DOTALL)


def _premodifiers(doc: Any, start: int, end: int) -> tuple[int, list[str]]:
    """Title and role words written before a name ("Republican presidential nominee Donald Trump",
    "Sen.", "Mr."): the new start of the name's phrase, and the words."""
    region = set(range(start, end))
    words: list[str] = []
    i = start - 1
    while i >= 0:
        t = doc[i]
        if t.head.i not in region or t.dep_ not in ("compound", "amod", "nmod", "npadvmod", "nummod"):
            break
        if t.ent_type_ and t.ent_type_ not in ("NORP", "") and t.lower_ not in people.TITLE_WORDS:
            break  # another name ("Trump lawyer Marc Kasowitz"): not a title of this one
        region.add(i)
        words.append(t.lower_)
        i -= 1
    words.reverse()
    return i + 1, words


def _roles_of(words: Sequence[str]) -> tuple[frozenset[str], str | None, bool]:
    """Roles, gender and whether a person title is among the words before a name."""
    roles: set[str] = set()
    gender = None
    person = False
    for w in words:
        if w in people.HONORIFIC_GENDER:
            gender = people.HONORIFIC_GENDER[w]
            person = True
        if w in people.TITLE_ROLES:
            roles.update(people.TITLE_ROLES[w])
            person = True
        elif w in people.PERSON_ROLES:
            roles.add(w)
            person = True
        else:
            roles.add(w)
        if w in people.FEMALE_ROLES:
            gender = "f"
        elif w in people.MALE_ROLES:
            gender = "m"
    return frozenset(roles), gender, person


_FUNCTION_TAGS = frozenset({"IN", "DT", "WDT", "CC", "TO"})


def _name_cand(text: str, para: Any, pi: int, doc: Any, sents: list[int], start: int, end: int,
               label: str) -> Cand | None:
    """A name candidate for tokens start..end, with titles split off and roles gathered; None for
    page furniture or nothing left."""
    for i in range(end - 1, start, -1):
        if doc[i].text == ":":  # "National Interests: The Human Rights Council": a heading ran in
            start = i + 1
            break
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct
                           or doc[start].tag_.startswith("VB")  # "Say Mexico demanded ..."
                           # a preposition the sentence start capitalizes: "Without Ruiz in the race"
                           or end - start > 1 and doc[start].tag_ in ("IN", "CC", "TO") and doc[start].is_sent_start):
        start += 1
    # a lower-case function word never ends a name: the tagger runs one on into the clause after it
    # ("told the Harbor Ledger that she ...", "the Lakeport council and ...")
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")
                           or doc[end - 1].is_lower and doc[end - 1].tag_ in _FUNCTION_TAGS
                           or end - start > 1 and doc[end - 1].tag_.startswith("VB")
                           and doc[end - 1].lemma_.lower() in SPEECH_LEMMAS):  # "Sanders Said" in title case
        end -= 1
    # an office word that names an organization stays in it ("Justice Department", "Speaker's Office")
    institution = label == "ORG" and (doc[end - 1].lower_ in ORG_HEADS or doc[end - 1].lower_ in people.ORG_ROLES)
    if label == "ORG" and start >= 2 and doc[start - 1].tag_ == "POS" and any(
            t.lower_ in ORG_HEADS or t.lower_ in people.ORG_ROLES for t in doc[start:end]):
        # the country or body that owns an institution is part of its name ("China's commerce
        # ministry", "the California Governor's Office of Emergency Services")
        k = start - 2
        while k >= 0 and doc[k].tag_ in _PROPER and doc[k].is_title:
            k -= 1
        if k < start - 2:
            start = k + 1
    inner: list[str] = []
    while start < end - 1 and not institution and (
            doc[start].lower_ in people.TITLE_WORDS or _office_before_given_name(doc, start, end, label)):
        inner.append(doc[start].lower_)
        start += 1
    if start >= end:
        return None
    # "Eva-Marie Persson": the tokenizer splits a hyphenated given name, and the tagger may start the
    # name after the hyphen
    while start >= 2 and doc[start - 1].text in ("-", "\u2010", "\u2011") and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_title and doc[start - 2].is_alpha:
        start -= 2
    span = doc[start:end]
    surface = span.text
    if names.is_boilerplate_name(surface) or not any(ch.isalpha() for ch in surface):
        return None
    head = span.root
    _, pre = _premodifiers(doc, start, end)
    roles, gender, titled = _roles_of(pre + inner)
    words = names.name_words(surface, titles=not institution)
    if not words:
        return None
    if label == "?" and titled:
        label = "PERSON"
    if label in ("PERSON", "?") and not titled and names.norm(surface) in names.outlet_names():
        label = "ORG"  # a listed outlet the tagger took for a person ("Breitbart")
    if titled and label in ("GPE", "ORG") and len(words) <= 2 and people.HONORIFIC_GENDER.keys() & set(pre + inner):
        label = "PERSON"  # "Mr. Ri" tagged as a place
    elif titled and label in ("GPE", "ORG") and 2 <= len(words) <= 3 and _roles_of((pre + inner)[-1:])[2]:
        label = "PERSON"  # "chief executive Hanna Voss" tagged as an organization
    if label == "PERSON" and gender is None:
        gender = names.name_gender(words)
    s = para.span(text, span.start_char, span.end_char)
    return Cand(
        s.start, s.end, pi, head.i, sents[head.i], "name", label, words, gender, roles,
        subj=head.dep_ in _SUBJ, obj=head.dep_ in _OBJ, pobj=head.dep_ == "pobj",
        speaker=head.dep_ in _SUBJ and head.head.lemma_ in SPEECH_LEMMAS, gov=head.head.i,
        main=head.dep_ in _SUBJ and head.head.dep_ == "ROOT",
        modifier=head.dep_ in ("amod", "compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN"),
        plural=label != "PERSON" and _plural_verb(head),
    )


def _plural_verb(head: Any) -> bool:
    """Whether a name is the subject of a verb that agrees in the plural ("Harbor Freight have
    denied it", "the Rovers are appealing"): British writers give an organization plural verbs
    and then call it "they", so the verb, not a pronoun, says that "they" may stand for it."""
    if head.dep_ not in _SUBJ or any(t.dep_ == "conj" for t in head.children):
        return False  # "Acme and Brightline have ...": the verb agrees with the pair
    verb = head.head
    forms = [verb] + [t for t in verb.children if t.dep_ in ("aux", "auxpass")]
    return any(t.tag_ == "VBP" or t.lower_ == "were" for t in forms)


def _subject_like(t: Any) -> bool:
    """A word parsed as a subject, or as the modifier of a speech verb that has no subject ("Late
    says ...": the surname read as the adverb)."""
    if t.dep_ in _SUBJ:
        return True
    return t.dep_ == "advmod" and t.head.lemma_ in SPEECH_LEMMAS and t.i < t.head.i and not any(
        c.dep_ in _SUBJ for c in t.head.children)


def _office_before_given_name(doc: Any, start: int, end: int, label: str) -> bool:
    """Whether the first word of a tagged person name is an office the title list does not hold,
    seen by the given name after it ("Superintendent Jennifer McCormick", "Coach Dana Reyes"): a
    word that is no given name, followed by one, with a surname still to come."""
    if label != "PERSON" or end - start < 3:
        return False
    given = people.given_names()
    return doc[start].lower_ not in given and doc[start + 1].lower_ in given and doc[start].is_alpha


def _appositive(doc: Any, head: Any) -> Any | None:
    """The noun in apposition to ``head`` ("Hope Hicks, Trump's spokeswoman"; "Another critic,
    Laurence H. Tribe"), or None."""
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        return head.head
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            return c
    return None


def _second_subject(doc: Any, t: Any, by_tok: dict[int, Cand]) -> Cand | None:
    """The name an apposition follows when the parse took the two for two subjects of one verb
    ("Ban Ki-moon, the secretary general of the United Nations, vowed ...")."""
    left = t.left_edge.i
    if t.dep_ not in _SUBJ or left < 2 or doc[left - 1].text != ",":
        return None
    prev = doc[left - 2]
    if prev.dep_ != t.dep_ or prev.head.i != t.head.i:
        return None
    return by_tok.get(prev.i)


def _mark(cands: Sequence[Cand], para: Any, quotes: Sequence[tuple[int, int]]) -> None:
    headline = para.kind == "headline"
    for c in cands:
        c.headline = headline
        if quotes:
            c.quoted = any(a <= c.start < b for a, b in quotes)


def _antecedent(doc: Any, t: Any, names_here: Sequence[Cand]) -> int | None:
    """The token a relative pronoun refers to: a name just before it ("Stevie Wonder, who"), else
    the noun its clause hangs on, through a copula ("Kaine is a lawyer who" -> Kaine)."""
    i = t.i - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    for c in names_here:
        if c.tok == i:
            return i
    verb = t.head.head if t.lower_ == "whose" else t.head
    if verb.dep_ != "relcl":
        return None
    noun = verb.head
    if noun.dep_ == "appos":  # "Heather Samuelson, a campaign staffer who ..."
        noun = noun.head
    if any(x.dep_ == "conj" for x in noun.children):
        return None  # "China and the United States, ..., which": the pair, no one entity
    if noun.dep_ == "attr":
        subj = [x for x in noun.head.children if x.dep_ in _SUBJ]
        if subj:
            return subj[0].i
    return noun.i


@cache
def _hashes() -> tuple[frozenset[int], frozenset[int], frozenset[int], frozenset[int], frozenset[int]]:
    """Hashes of the words the candidate scan looks for (pronouns, role nouns, proper-noun tags).
    The scan reads whole columns with ``Doc.to_array`` and makes token objects only for the hits:
    token objects are what a per-token loop costs, and this stage must stay a few percent of the
    parse. A word's id is the same in every string store (spaCy's symbol for a reserved word such
    as "nsubj", its hash otherwise), so the ids are computed once per process."""
    from spacy.strings import get_string_id

    return (frozenset(get_string_id(w) for w in PRONOUN_CLASS),
            frozenset(get_string_id(w) for w in people.PERSON_ROLES | set(people.ORG_ROLES)),
            frozenset(get_string_id(w) for w in _PROPER), frozenset(get_string_id(w) for w in ("NN", "NNS")),
            frozenset(get_string_id(w) for w in _SUBJ | {"advmod"}))


def _scan(doc: Any, base: int, headline: bool) -> tuple[list[int], list[int], list[int], list[tuple[int, int, str]]]:
    """One pass over the token columns: the sentence number of every token, proper-noun token
    indexes, pronoun and role-noun indexes, and the named entities as (start, end, label) (read from
    the IOB columns: cheaper than ``doc.ents``, which builds a span object for every entity)."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, IS_ALPHA, IS_TITLE, LEMMA, LOWER, POS, SENT_START, TAG
    from spacy.parts_of_speech import NOUN, PROPN

    if not len(doc):
        return [], [], [], []
    pron, role, proper_tags, common_tags, subj = _hashes()
    sents: list[int] = []
    proper: list[int] = []
    hits: list[int] = []
    ents: list[tuple[int, int, str]] = []
    sent = base - 1
    ent_start, ent_type = -1, 0
    cols = doc.to_array([LOWER, TAG, POS, LEMMA, SENT_START, IS_TITLE, ENT_IOB, ENT_TYPE, DEP, IS_ALPHA]).tolist()
    for i, (low, tag, pos, lemma, start, title, iob, etype, dep, alpha) in enumerate(cols):
        if start == 1 or i == 0:
            sent += 1
        sents.append(sent)
        # a capitalized subject of any tag may be a surname ("Late says ...", tagged an adverb and
        # parsed as a subject or as the speech verb's modifier): checked in extract_candidates, and
        # kept only if it matches a person named elsewhere, see resolve_names
        if headline or tag in proper_tags or title == 1 and (tag in common_tags or dep in subj and alpha):
            proper.append(i)
        # a role noun, also one the tagger took for a proper noun in lower case ("foreign ministry")
        if low in pron or (pos == NOUN or pos == PROPN and title == 0) and lemma in role:
            hits.append(i)
        if iob != 1 and ent_start >= 0:  # anything but I(nside) ends the open entity
            ents.append((ent_start, i, doc.vocab.strings[ent_type]))
            ent_start = -1
        if iob == 3:  # B(egin)
            ent_start, ent_type = i, etype
    if ent_start >= 0:
        ents.append((ent_start, len(cols), doc.vocab.strings[ent_type]))
    return sents, proper, hits, _joined_orgs(doc, _joined_over_spaces(doc, ents))


# Words by which the tagger splits one organization's name in two ("the U.S. Court of Appeals" |
# "for" | "the Sixth Circuit"): the court is named by both halves together.
_ORG_JOINS = frozenset({("for",), ("of",), ("for", "the"), ("of", "the")})
# The institutions whose names go on with "for" or "of" ("Court of Appeals for the Ninth Circuit",
# "Commission for the ..."); a firm "for" a client is another organization ("Harbor Partners for
# the Port Authority").
ORG_HEADS = frozenset({"court", "courts", "appeals", "committee", "commission", "council", "center", "centre",
                        "office", "institute", "foundation", "bureau", "agency", "department", "board",
                        "coalition", "association", "alliance", "society", "league", "fund", "campaign"})


def _joined_over_spaces(doc: Any, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The entities with two of one type joined where only a space token stands between them (the
    tokenizer makes a token of a non-breaking space, "Dana\u00a0Whitfield", and the tagger then
    starts a new name after it), and two places with nothing between them."""
    out: list[tuple[int, int, str]] = []
    for e in ents:
        if out and e[2] == out[-1][2] and e[0] == out[-1][1] + 1 and doc[out[-1][1]].is_space \
                and "\n" not in doc[out[-1][1]].text:
            out[-1] = (out[-1][0], e[1], e[2])
            continue
        if out and e[2] == out[-1][2] == "GPE" and e[0] == out[-1][1]:
            # two places with nothing between are one name the tagger cut ("Helka" + "Oslo"):
            # places are written apart ("Paris, Texas"); an apposition may then make it a person's
            out[-1] = (out[-1][0], e[1], e[2])
            continue
        out.append(e)
    return out


def _joined_orgs(doc: Any, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The entities with two organizations joined into one where only "for" or "of" (and "the")
    stands between them and the first ends in an institution's word ("Court of Appeals" + "for the"
    + "Ninth Circuit")."""
    out: list[tuple[int, int, str]] = []
    for e in ents:
        if out and e[2] == "ORG" and out[-1][2] == "ORG" and doc[out[-1][1] - 1].lower_ in ORG_HEADS:
            between = tuple(doc[k].lower_ for k in range(out[-1][1], e[0]))
            if between in _ORG_JOINS:
                out[-1] = (out[-1][0], e[1], "ORG")
                continue
        out.append(e)
    return out


# Words by which an untagged name goes on as one organization's ("Parents for Safe Streets",
# "Friends of the Harbor", "Mothers Against Noise"): people's names have no such words.
_RUN_JOINS = frozenset({("for",), ("of",), ("against",), ("for", "the"), ("of", "the"), ("against", "the")})


def _joined_runs(doc: Any, runs: Sequence[list[int]]) -> list[tuple[int, int, str]]:
    """The proper-noun runs the tagger left out as (start, end, label): two runs that only "for",
    "of" or "against" (and "the") part are one organization's name, label ORG; any other run's
    label is left open ("?"). A common noun that only the start of the sentence capitalizes opens
    no name ("Members of Parents for Quiet Streets met ...": the group is "Parents for Quiet
    Streets")."""
    out: list[tuple[int, int, str]] = []
    for r in runs:
        if out:
            between = tuple(doc[k].lower_ for k in range(out[-1][1], r[0]))
            opener = doc[out[-1][0]]
            if between in _RUN_JOINS and not (opener.is_sent_start and opener.tag_ in _COMMON):
                out[-1] = (out[-1][0], r[-1] + 1, "ORG")
                continue
        out.append((r[0], r[-1] + 1, "?"))
    return out


# A dateline at the head of a paragraph: a place in capitals, a state or country, a news agency's
# credit, then a dash ("PORTLAND, Maine —", "SEOUL, South Korea (AP) --", "LONDON —").
_DATELINE = re.compile(r"[A-Z][A-Z.' -]{1,30}(?:,[^\n—–]{1,30}?)?\s*(?:\([^)\n]{1,20}\))?\s*(?:—|–|--|-)\s")


def extract_candidates(text: str, parsed: Sequence[Any]) -> list[Cand]:
    """Every mention candidate of the document in text order (names, pronouns, descriptions)."""
    out: list[Cand] = []
    base = 0
    for pi, para in enumerate(parsed):
        doc = para.doc
        headline = para.kind == "headline"
        sents, proper_idx, hits, doc_ents = _scan(doc, base, headline)
        if not sents:
            continue
        base = sents[-1] + 1
        last = doc[-1]
        quotes = [(m.start(), m.end()) for m in _QUOTATION.finditer(text, para.start, para.start + last.idx + len(last))]
        first = len(out)
        by_tok: dict[int, Cand] = {}
        taken = [False] * len(doc)
        names_here: list[Cand] = []
        for ent_start, ent_end, ent_label in doc_ents:
            label = _LABELS.get(ent_label)
            if label is None:
                continue
            c = _name_cand(text, para, pi, doc, sents, ent_start, ent_end, label)
            for i in range(ent_start, ent_end):
                taken[i] = True
            if c is not None:
                names_here.append(c)
        # proper-noun runs the tagger left out ("Hope Hicks", "Ri" in "Ri, who fled"); in a
        # title-case headline any capitalized word may be one ("Sanders: Clinton needs ..."):
        # headline names only count where they match a body name, see resolve_names
        run: list[int] = []
        runs: list[list[int]] = []
        for i in proper_idx + [-2]:
            ok = i >= 0 and not taken[i]
            if ok:
                t = doc[i]
                # a capitalized common noun only on its own ("Sanders" tagged NNS): it is kept
                # only if it matches a person named elsewhere, see resolve_names
                ok = t.text[:1].isupper() and t.lower_ not in people.TITLE_WORDS and (
                    t.tag_ in _PROPER or (headline or t.tag_ in _COMMON or _subject_like(t)) and t.is_alpha
                    and not t.is_stop)
            if ok and (not run or run[-1] == i - 1):
                run.append(i)
                continue
            if run:
                runs.append(run)
            run = [i] if ok else []
        for first_tok, end_tok, label in _joined_runs(doc, runs):
            c = _name_cand(text, para, pi, doc, sents, first_tok, end_tok, label)
            if c is not None:
                if label == "?" and len(c.words) >= 2 and c.words[0] in people.given_names():
                    c.label = "PERSON"
                    c.gender = names.name_gender(c.words)
                names_here.append(c)
        dateline = _DATELINE.match(text, para.start, para.start + last.idx + len(last))
        if dateline is not None:  # "PORTLAND, Maine —" opens the story; it names no one who speaks
            names_here = [c for c in names_here if c.start >= dateline.end()]
        names_here.sort(key=lambda c: c.start)
        for c in names_here:
            for k in range(c.tok, c.tok + 1):
                by_tok[k] = c
        out.extend(names_here)
        # organizations made of a name and a noun ("the Trump campaign", "Tulsa police")
        for c in names_here:
            h = doc[c.tok]
            if h.dep_ == "compound" and h.head.i == c.tok + 1 and h.head.lemma_ in NAME_ORG_NOUNS:
                noun = h.head
                s = Span.of(text, c.start, para.start + noun.idx + len(noun.text))
                words = ((c.words[-1],) if c.label in ("PERSON", "?") else c.words) + (noun.lower_,)
                out.append(Cand(s.start, s.end, pi, noun.i, sents[noun.i], "name", "ORG", words,
                                subj=noun.dep_ in _SUBJ, gov=noun.head.i))
        # pronouns, relative pronouns, descriptions
        name_heads = {c.tok for c in names_here}
        for i in hits:
            t = doc[i]
            low = t.lower_
            cls = PRONOUN_CLASS.get(low)
            if cls is not None:
                if t.dep_ == "expl":
                    continue
                s = para.token_span(text, t)
                c = Cand(s.start, s.end, pi, t.i, sents[t.i], "pronoun", pron=cls,
                         subj=t.dep_ in _SUBJ, obj=t.dep_ in _OBJ, pobj=t.dep_ == "pobj", gov=t.head.i,
                         speaker=t.dep_ in _SUBJ and t.head.lemma_ in SPEECH_LEMMAS,
                         main=t.dep_ in _SUBJ and t.head.dep_ == "ROOT")
                if cls in ("who", "which"):
                    ante = _antecedent(doc, t, names_here)
                    if ante is None:
                        continue
                    c.ante = ante
                out.append(c)
                continue
            if t.pos_ not in ("NOUN", "PROPN") or t.tag_ not in ("NN", "NNP"):
                continue
            lemma = t.lemma_.lower()
            if lemma not in people.PERSON_ROLES and lemma not in people.ORG_ROLES:
                continue
            if t.dep_ == "compound" and t.head.i in name_heads:
                continue  # a title of a name ("nominee" in "nominee Donald Trump")
            appos_of = None
            for hc in ([t.head] if t.dep_ == "appos" else []) + [x for x in t.children if x.dep_ == "appos"]:
                if hc.i in by_tok:
                    appos_of = by_tok[hc.i]
            if appos_of is None:
                appos_of = _second_subject(doc, t, by_tok)
            dets = [x for x in t.children if x.dep_ in ("det", "poss")]
            definite = any(x.lower_ in _DEFINITE or x.dep_ == "poss" for x in dets)
            # "A city judge ruled ... Judge Dana Whitfield wrote": a person described before the
            # text names them. Kept only to be linked forward (see coref.introduced_person).
            indefinite = (appos_of is None and not definite and lemma in people.PERSON_ROLES and (t.tag_ == "NN" or t.is_sent_start)
                          and all(x.lower_ in ("a", "an") for x in dets) and t.dep_ in _SUBJ)
            if appos_of is None and not definite and not indefinite:
                continue
            left = t.left_edge.i
            s = para.span(text, doc[left].idx, t.idx + len(t.text))
            mods = frozenset(
                x.lower_ for x in doc[left:t.i] if x.dep_ in ("amod", "compound", "nmod") and x.is_alpha
            )
            gender = "f" if lemma in people.FEMALE_ROLES else "m" if lemma in people.MALE_ROLES else None
            c = Cand(s.start, s.end, pi, t.i, sents[t.i], "description", "", (lemma,), gender,
                     frozenset({lemma}) | mods, mods, subj=t.dep_ in _SUBJ, obj=t.dep_ in _OBJ,
                     pobj=t.dep_ == "pobj", gov=t.head.i,
                     speaker=t.dep_ in _SUBJ and t.head.lemma_ in SPEECH_LEMMAS, link=appos_of,
                     main=t.dep_ in _SUBJ and t.head.dep_ == "ROOT", indefinite=indefinite)
            if appos_of is not None and lemma in people.PERSON_ROLES:
                if appos_of.label in ("ORG", "GPE") and 2 <= len(appos_of.words) <= 3 and appos_of.tok < t.i:
                    appos_of.label = "PERSON"  # "Eswar Prasad, a trade professor,": the tagger said ORG
                appos_of.roles = appos_of.roles | c.roles
                if gender and not appos_of.gender:
                    appos_of.gender = gender
            poss = [x for x in dets if x.dep_ == "poss"]
            if poss:
                c.poss = poss[0].i
            out.append(c)
        _mark(out[first:], para, quotes)
    out.sort(key=lambda c: (c.para, c.tok, c.kind != "name"))
    return out

