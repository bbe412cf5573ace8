"""Name functions: the normalization, word matching, acronyms and outlet test the entities stage
groups names with and speaker resolution reads sources with.

Everything here is a pure function over strings (no spaCy), so it can be tested on its own. The
outlet list loads once per process (``functools.cache``); the word lists are
:mod:`onrecord.lexicon.people`'s.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from ...lexicon.people import PERSON_ROLES, TITLE_WORDS, given_names

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_BOILER_WORDS = frozenset({
    "follow", "font", "size", "share", "tweet", "email", "print", "subscribe", "comment", "comments",
    "click", "advertisement", "related", "photo", "image", "getty", "reuters/", "ap/", "read",
})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "&", "de", "to", "at"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_OUTLET_WORD = re.compile(
    r"\b(?:times|post|journal|news|tribune|herald|gazette|globe|magazine|daily|press|chronicle|observer|"
    r"inquirer|radio|television|tv|telegraph|guardian|review|monitor|dispatch|examiner|courier|"
    r"newsweek|wire|network|broadcasting|ledger|sentinel|register|"
    r"bulletin|courant|recorder)\b"
)


@cache
def outlet_names() -> frozenset[str]:
    """Normalized names of news outlets (resources/entities_outlets.txt), read once per process."""
    text = resources.files("onrecord.resources").joinpath("entities_outlets.txt").read_text("utf-8")
    return frozenset(norm(x) for x in text.splitlines() if x.strip() and not x.startswith("#"))


def norm(name: str) -> str:
    """Lower case, curly apostrophes straightened, no leading "the", no trailing "'s", single spaces:
    the same normalization as the reference speaker scorer, so a name we print matches its aliases."""
    n = name.replace("\u2019", "'").lower().strip()
    if n.endswith("'s"):
        n = n[:-2]
    elif n.endswith("'"):
        n = n[:-1]
    n = n.removeprefix("the ")
    return " ".join(n.split()).strip(" .,")


def name_words(text: str, *, titles: bool = True) -> tuple[str, ...]:
    """The words of a name for matching: lower case, leading titles dropped (unless ``titles`` is
    false: "Justice Department" is no title and a name)."""
    words = norm(text).replace(",", " ").split()
    while titles and len(words) > 1 and words[0] in TITLE_WORDS:
        words.pop(0)  # but "Mr. King" keeps "king"
    return tuple(words)


def core(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name without its generational suffix, for surname matching: "Bozell" is "Brent Bozell
    III"; the suffix stays in the name itself, so "Donald Trump Jr." is not "Donald Trump"."""
    return words[:-1] if len(words) > 1 and words[-1] in _SUFFIXES else words


def is_initial(word: str) -> bool:
    """A middle initial ("E.", "J") that a shorter form of the name may leave out."""
    w = word.rstrip(".")
    return len(w) == 1 or (len(w) <= 4 and "." in word)


def name_gender(words: tuple[str, ...]) -> str | None:
    """The gender the first given name suggests, or None when unknown or ambiguous; a person the
    text names by one word only may be named by a given name ("their daughter, Nora")."""
    if not words:
        return None
    return given_names().get(words[0])


def same_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` can be a shorter (or equal) form of the person name ``full``.

    Same first and last word with the middle left out ("Loretta Lynch" of
    "Loretta E. Lynch"), or a final part ("Jong Un" of "Kim Jong Un"). Never
    on a shared first part alone: "Kim Jong Un" is not "Kim Jong Il".
    """
    if not short or len(short) > len(full):
        return False
    if short == full:
        return True
    if len(short) == 1:
        return False  # single words are matched by the caller, with salience
    if short[0] == full[0] and short[-1] == full[-1]:
        it = iter(full)
        return all(w in it for w in short)
    return full[-len(short):] == short


@cache
def acronyms(words: tuple[str, ...]) -> frozenset[str]:
    """The initials a name may be shortened to, with and without its function words:
    ("federal", "bureau", "of", "investigation") -> {"fbi", "fboi"}; ("voice", "of", "america") ->
    {"va", "voa"}. Never a single letter."""
    content = "".join(w[0] for w in words if w not in _ACRONYM_SKIP and w[0].isalnum())
    every = "".join(w[0] for w in words if w[0].isalnum())
    return frozenset(a for a in (content, every) if len(a) > 1)


def compact(name: str) -> str:
    """A name with dots and spaces removed, for acronym comparison ("U.N." -> "un")."""
    return _NON_ALNUM.sub("", name.lower())


def is_outlet(name: str) -> bool:
    """Whether an organization name is a news outlet (a known outlet, or a masthead word)."""
    n = norm(name)
    return n in outlet_names() or bool(_OUTLET_WORD.search(n))


def is_boilerplate_name(text: str) -> bool:
    """Page furniture the tagger takes for a name ("Font Size", "Follow Ryan", "Share this")."""
    first = norm(text).split(" ", 1)[0] if text.strip() else ""
    return first in _BOILER_WORDS or "@" in text or "http" in text.lower()


def looks_plural(word: str) -> bool:
    """A crude plural test for heads that no parse is available for ("critics", "experts",
    "Republicans"); a capitalized word counts only with a group-name ending, so that "Sanders"
    stays one person."""
    w = word.lower()
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is", "'s")):
        return False
    # "Lawmakers", "DOCTORS" in a headline's capitals: a role's plural is no one's name
    return not word[:1].isupper() or w.endswith(("ans", "ists", "ats", "ites", "ives")) or w[:-1] in PERSON_ROLES

