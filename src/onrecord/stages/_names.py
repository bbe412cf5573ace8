"""Names, titles and the word lists the entities stage reads them with.

Everything here is a pure function over strings (no spaCy), so it can be
tested on its own and shared by :mod:`onrecord.stages.entities` and the
speaker resolution that the attributions stage calls. Word lists load once per
process (``functools.cache``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# Honorifics and titles written before a name ("Sen. Sanders", "President Obama",
# "Mr. Trump"): the role they give and, for honorifics, the gender. AP style
# abbreviates the legislative and military titles, so both forms are here.
HONORIFIC_GENDER: dict[str, str] = {
    "mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
    "sir": "m", "dame": "f", "lady": "f", "lord": "m", "king": "m", "queen": "f",
    "prince": "m", "princess": "f", "congressman": "m", "congresswoman": "f",
    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f",
    "businessman": "m", "businesswoman": "f", "madam": "f",
}
# Title word -> the role nouns a later description may use for the same person
# ("Rep. Adam Schiff" ... "the California congressman").
TITLE_ROLES: dict[str, tuple[str, ...]] = {
    "sen.": ("senator", "lawmaker"), "sen": ("senator", "lawmaker"), "senator": ("senator", "lawmaker"),
    "rep.": ("representative", "congressman", "congresswoman", "lawmaker"),
    "rep": ("representative", "congressman", "congresswoman", "lawmaker"),
    "representative": ("representative", "congressman", "congresswoman", "lawmaker"),
    "congressman": ("congressman", "lawmaker"), "congresswoman": ("congresswoman", "lawmaker"),
    "gov.": ("governor",), "gov": ("governor",), "governor": ("governor",),
    "president": ("president",), "vice": ("vice",), "secretary": ("secretary",),
    "judge": ("judge",), "justice": ("justice", "judge"), "chief": ("chief",),
    "gen.": ("general",), "general": ("general",), "lt.": ("lieutenant",), "col.": ("colonel",),
    "adm.": ("admiral",), "capt.": ("captain",), "sgt.": ("sergeant",), "mayor": ("mayor",),
    "speaker": ("speaker",), "leader": ("leader",), "minister": ("minister",), "premier": ("premier",),
    "chairman": ("chairman", "chair"), "chairwoman": ("chairwoman", "chair"), "ambassador": ("ambassador",),
    "attorney": ("attorney", "lawyer"), "prof.": ("professor",), "professor": ("professor",),
    "dr.": ("doctor",), "dr": ("doctor",), "rev.": ("reverend",), "pope": ("pope",),
    "sheriff": ("sheriff",), "commissioner": ("commissioner",), "director": ("director",),
    "spokesman": ("spokesman", "spokesperson"), "spokeswoman": ("spokeswoman", "spokesperson"),
    "nominee": ("nominee", "candidate"), "candidate": ("candidate", "nominee"),
    "prime": ("prime",), "chancellor": ("chancellor",), "king": ("king",), "queen": ("queen",),
}
TITLE_WORDS = frozenset(HONORIFIC_GENDER) | frozenset(TITLE_ROLES)

# Role nouns that make a definite description of a person ("the senator", "the
# defector", "the Republican nominee"), as PolNeAR's source mentions use them.
PERSON_ROLES = frozenset(["president", "senator", "congressman", "congresswoman", "representative", "lawmaker", "governor", "secretary", "nominee", "candidate", "hopeful", "frontrunner", "front-runner", "contender", "challenger", "incumbent", "rival", "opponent", "spokesman", "spokeswoman", "spokesperson", "judge", "justice", "director", "chairman", "chairwoman", "chair", "leader", "speaker", "mayor", "minister", "ambassador", "official", "aide", "adviser", "advisor", "lawyer", "attorney", "businessman", "businesswoman", "billionaire", "defector", "reporter", "host", "anchor", "chief", "executive", "founder", "professor", "economist", "analyst", "strategist", "pollster", "author", "actor", "actress", "star", "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "widow", "commissioner", "general", "doctor", "physician", "historian", "filmmaker", "activist", "critic", "veteran", "officer", "detective", "prosecutor", "head", "boss", "owner", "manager", "producer", "writer", "columnist", "editor", "commentator", "pundit", "researcher", "scientist", "expert", "governor-elect", "president-elect", "chancellor", "premier", "king", "queen", "prince", "princess", "pope", "sheriff", "chief-of-staff", "tycoon", "mogul", "magnate", "mogul", "entrepreneur", "investor", "banker", "surgeon", "dean", "principal", "coach", "player", "singer", "rapper", "comedian", "woman", "man", "candidate", "ex-wife", "ex-husband", "girlfriend", "boyfriend", "fiancee", "fiance", "diplomat", "envoy", "negotiator", "campaigner", "organizer", "volunteer", "counselor", "consultant", "adviser"])
FEMALE_ROLES = frozenset(["congresswoman", "spokeswoman", "chairwoman", "businesswoman", "actress", "wife", "mother", "daughter", "sister", "widow", "woman", "queen", "princess", "ex-wife", "girlfriend", "fiancee", "grandmother", "aunt", "niece"])
MALE_ROLES = frozenset(["congressman", "spokesman", "chairman", "businessman", "actor", "husband", "father", "son", "brother", "widower", "man", "king", "prince", "ex-husband", "boyfriend", "fiance", "grandfather", "uncle", "nephew"])

# Organization nouns for definite descriptions ("the company", "the newspaper")
# and what kind of named entity each may stand for.
ORG_ROLES: dict[str, str] = {
    "company": "ORG", "firm": "ORG", "corporation": "ORG", "group": "ORG", "organization": "ORG",
    "agency": "ORG", "department": "ORG", "bureau": "ORG", "office": "ORG", "committee": "ORG",
    "council": "ORG", "court": "ORG", "panel": "ORG", "campaign": "ORG", "administration": "ORG",
    "party": "ORG", "foundation": "ORG", "institute": "ORG", "center": "ORG", "university": "ORG",
    "bank": "ORG", "union": "ORG", "association": "ORG", "commission": "ORG", "board": "ORG",
    "ministry": "ORG", "network": "OUTLET", "newspaper": "OUTLET", "paper": "OUTLET",
    "magazine": "OUTLET", "outlet": "OUTLET", "broadcaster": "OUTLET", "channel": "OUTLET",
    "station": "OUTLET", "site": "OUTLET", "website": "OUTLET", "publication": "OUTLET",
    "government": "GPE", "country": "GPE", "state": "GPE", "nation": "GPE", "city": "GPE",
    "kingdom": "GPE", "regime": "GPE",
    # what a business is called by its trade ("the Swedish carmaker" after "Volvo")
    "carmaker": "ORG", "automaker": "ORG", "utility": "ORG", "retailer": "ORG", "airline": "ORG",
    "insurer": "ORG", "manufacturer": "ORG", "chipmaker": "ORG", "lender": "ORG", "startup": "ORG",
    "conglomerate": "ORG", "studio": "ORG", "label": "ORG", "publisher": "ORG", "developer": "ORG",
    "supplier": "ORG", "operator": "ORG", "provider": "ORG", "chain": "ORG", "giant": "ORG",
}

# Heads of source phrases that are documents, not speakers (PolNeAR sources such as
# "the report", "a new poll", "the ad", "a statement").
DOCUMENT_HEADS = frozenset(["report", "reports", "statement", "statements", "poll", "polls", "survey", "surveys", "study", "studies", "analysis", "analyses", "ad", "ads", "advert", "advertisement", "video", "videos", "clip", "clips", "film", "films", "documentary", "memo", "memos", "letter", "letters", "email", "emails", "e-mail", "e-mails", "tweet", "tweets", "post", "document", "documents", "data", "ruling", "rulings", "filing", "filings", "complaint", "complaints", "brief", "briefs", "slide", "slides", "book", "books", "article", "articles", "story", "stories", "record", "records", "returns", "research", "spot", "spots", "average", "averages", "rules", "rule", "law", "laws", "bill", "bills", "proposal", "proposals", "plan", "plans", "release", "releases", "transcript", "transcripts", "program", "programs", "programme", "episode", "broadcast", "message", "messages", "note", "notes", "order", "orders", "decision", "decisions", "opinion", "opinions", "verdict", "lawsuit", "lawsuit", "suit", "petition", "motion", "indictment", "affidavit", "testimony", "findings", "finding", "results", "result", "figures", "figure", "numbers", "estimate", "estimates", "projection", "projections", "forecast", "forecasts", "model", "models", "review", "audit", "assessment", "investigation", "inquiry", "probe", "paper", "papers", "guidelines", "guidance", "policy", "policies", "agreement", "accord", "treaty", "convention", "resolution", "constitution", "amendment", "act", "regulation", "regulations", "website", "page", "headline", "headlines", "caption", "text", "script", "speech", "remarks", "advisory", "notice", "bulletin", "update", "editorial", "column", "op-ed", "blog", "podcast", "interview", "documents", "cable", "cables", "dossier", "questionnaire", "index", "tally", "count"])
# Heads that mark an unnamed source (anonymous in the record).
ANONYMOUS_HEADS = frozenset(["source", "sources", "official", "officials", "aide", "aides", "insider", "insiders", "person", "people", "spokesman", "spokeswoman", "spokesperson", "someone", "somebody", "witness", "witnesses", "staffer", "staffers", "adviser", "advisers", "advisor", "advisors", "diplomat", "diplomats", "observer", "insider", "employee", "employees", "representative", "representatives"])
# Quantifier-like heads of group sources ("63 percent", "a majority of voters", "some").
GROUP_HEADS = frozenset(["percent", "percentage", "majority", "minority", "many", "most", "some", "few", "several", "all", "both", "others", "everyone", "everybody", "none", "half", "third", "quarter", "dozens", "hundreds", "thousands", "millions", "number", "plurality", "share"])
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves"})

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
def given_names() -> dict[str, str]:
    """Given name -> 'm' or 'f' (resources/entities_given_names.txt), read once per process."""
    text = resources.files("onrecord.resources").joinpath("entities_given_names.txt").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, g = line.partition("\t")
            out[name.strip()] = g.strip()
    return out


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
