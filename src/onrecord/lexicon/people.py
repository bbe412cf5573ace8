"""People's titles, roles and given names, and the heads that make a source a document, an
unnamed person or a group: the word lists the entities stage and speaker resolution read names
and descriptions with. Pure data; the resource file loads once per process (``functools.cache``).
"""

from __future__ import annotations

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


