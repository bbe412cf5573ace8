"""layout: one kind for every line of the input, and the clean body built from the body lines.

Kinds (``model.LINE_KINDS``): headline, byline, dateline, body, caption,
boilerplate, licence, blank. ``record.lines`` covers every line of the text
exactly once, in order, its offsets excluding the line break; ``record.body``
is the text of the body lines, one paragraph (a run of body lines) per block,
blocks separated by one blank line.

How a line is judged, from the evidence a reader of a scraped page uses:

* **Where the article is.** A scraped page is navigation, the article, then
  more navigation. Prose lines (long, ending like sentences, dense in function
  words: jusText's cues, Pomikálek 2011) count for the article, short lines,
  menu items and cue lines count against it; the article is the stretch of
  lines with the highest total (a maximum-sum segment, as in Kohlschütter et
  al. 2010's observation that main text comes in one dense run). Everything
  outside that stretch is page furniture, unless it is the headline, a byline,
  a dateline, a caption or a licence. The stretch ends before a footer heavy
  enough that the prose below it (a disclaimer, a mission statement, teaser
  summaries) does not outweigh it twice over (``_barrier``), and does not open
  with a run of other stories' headlines (``_teaser_runs``); a teaser card set
  into the article (a headline printed twice, its summary) is furniture
  (``_teaser_cards``).
* **Line shape.** A headline is short, has no sentence-final full stop on a
  web page, and repeats the page title (the first line of a scraped page is
  the HTML ``<title>``, "Headline - Site"); a byline starts with "By" or is a
  lone name next to the headline; a dateline is a date or "PLACE (AP) --".
* **Lexical cues.** share/follow/subscribe/cookie/copyright/font size/
  advertisement/read more/logo, photo credits: such a line is never body.
* **Repetition.** A short line that recurs within one page is a menu item; one
  that recurs across a corpus is a publisher's furniture, when the caller passes
  such lines (``Options.repeated_lines``, learnt by :func:`repeated_lines` in a
  separate pass: ``onrecord boilerplate learn``). The other documents of a batch
  are never evidence, so a record does not depend on its batch.

An already clean article (a headline line, then paragraphs) comes out as
headline + body; a clean body with no headline comes out all body unless its
first line is shaped like a headline (short, one sentence, no reporting verb
such as "said"): such a line is labelled headline, which the nlp stage still
parses, so no attribution or time in it is lost.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import Line
from ..state import Options, State

log = logging.getLogger(__name__)

NAME = "layout"
NEEDS: tuple[str, ...] = ("text",)
ADDS: tuple[str, ...] = ("lines", "body")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TAG = re.compile(r"<[^<>]*>")
_WORD = re.compile(r"\w+")

# Lines longer than this are prose whatever words they contain: the cue lists below are for page
# furniture, which is short ("Follow Ryan on Twitter", "Font Size:"), while an article paragraph
# may well say "subscribe" or "copyright".
_CUE_MAX_WORDS = 40

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?"
_DATE = (rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
         rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.+Z-]+)?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})")
_TIME = r"(?:\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)(?:\s+[A-Z]{2,4})?"
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
#: Patterns the meta stage shares: a month name, a written date.
MONTH_PATTERN = _MONTH
DATE_PATTERN = _DATE
_HAS_DIGIT = re.compile(r"\d")
# What may surround a date on a line that gives only the date: "Published 3:14 PM ET, Tue March 7, 2017".
_DATE_FILLER = re.compile(
    rf"{_DATE}|{_TIME}|{_WEEKDAY}|\b(?:published|updated|posted|last|first|modified|on|at|am|pm|"
    r"et|est|edt|ct|cst|cdt|pt|pst|pdt|gmt|bst|utc|ist|cet|local|time|today|yesterday|\d+\s+(?:min(?:ute)?s?|hours?|"
    r"hrs?|days?)\s+ago|\d+\s+min(?:ute)?s?\s+read|(?:reading|read)\s+time)\b|[\s,.|:·•/()\-–—]+",
    re.IGNORECASE,
)
# A dateline standing on its own line: "BUFFALO, N.Y. (AP) --", "BRUSSELS, December 2 (Xinhua) --".
_PLACE_DATELINE = re.compile(
    rf"^[A-Z][A-Z.'’\- ]+(?:,\s*[A-Z][\w.'’ ]*?)*(?:,\s*{_MONTH}\s+\d{{1,2}})?\s*(?:\([A-Za-z][\w .&-]{{1,30}}\))?"
    r"\s*(?:--|—|–|_|-)?\s*$"
)

# Bylines: "By Mara Quint", "BY MARA QUINT AND DOV ARLEN", "Story by ...", "Reuters, Washington,".
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|reported by|text by|posted by|compiled by|reporting by|"
    r"von|par|por)\s+\S",
    re.IGNORECASE,
)
# A name and a wire or desk credit: "Mara Quint, Associated Press", "Mara Quint | Reuters".
_NAME_CREDIT = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s*(?:,|\||—|–|-)\s*(?:The\s+)?"
    r"(?:Associated Press|AP|Reuters|AFP|Agence France-Presse|UPI|Bloomberg|CNN|Xinhua|[A-Z][A-Za-z]+ (?:News|Times|Post))\.?$"
)
_NAME_DATE = re.compile(rf"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{1,3}}\s*[-–—|,·•]\s*(?:{_WEEKDAY},?\s*)?{_DATE}")
# Notes under an article about who wrote it: "-- Mara Quint", "Mara Quint reported from Lakeport.",
# "Dov Arlen contributed reporting." (the author's bio is _BIO below).
_SIGNOFF = re.compile(r"^[-–—]+\s*[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3}\.?$")
_CREDIT_NOTE = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s+){1,4}(?:(?:and|,)\s+(?:[A-Z][\w.'’-]+\s+){1,4})*(?:contributed|reported)\b"
    r"(?:\s+(?:reporting|to this (?:report|story|article)|from)\b)"
)
_NAME = re.compile(r"^(?:[A-Z][a-z’'\-]+|[A-Z]\.|[A-Z][a-z]*[A-Z][a-z]+)(?:\s+(?:[A-Z][a-z’'\-]+|[A-Z]\.|de|van|von|da|del|la|"
                   r"[A-Z][a-z]*[A-Z][a-z]+|[A-Z][a-z]+-[A-Z][a-z]+|Jr\.?|III?)){1,3}$")
# A name run into its beat or title: "Ryan Pickrell China/Asia Pacific Reporter", "Mara Quint Senior
# Business Reporter" (every word capitalized, the last a job title).
_NAME_ROLE = re.compile(
    r"^[A-Z][\w'’-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w/&'’.-]*){0,5}\s+"
    r"(?:Reporter|Writer|Correspondent|Columnist|Editor|Contributor|Producer|Journalist|Analyst|Critic|"
    r"Photographer|Anchor|Host|Blogger|Intern|Chief)s?$"
)
# An author's address under the article: "Write to Mara Quint at mara.quint@ledger.example".
_WRITE_TO = re.compile(r"^(?:write to|contact|e-?mail|reach)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:at|via|:)\s+\S+@\S+",
                       re.IGNORECASE)
# Job titles and beats that follow a name on a byline ("Senior Business Reporter", "Opinion Columnist").
_ROLE = re.compile(
    r"\b(?:reporter|writer|correspondent|columnist|editor|contributor|producer|journalist|analyst|"
    r"critic|chief|staff|bureau|desk|freelance|contributing|senior|news|associate|intern|blogger|"
    r"photographer|author|anchor|host|fellow)s?\b",
    re.IGNORECASE,
)
ROLE_PATTERN = _ROLE
# A closing line about the author: "Mara Quint is a senior reporter for the Ledger." (op-ed taglines).
_BIO = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Dr|Rep|Sen|Gov)\.\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}|[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3})"
    # an aside after the name: ", a former Marine," or the author's address "(mara@ledger.example)"
    r"(?:,.{3,160}?,|\s+\((?:@\w+|[\w.+-]+@[\w.-]+)\))?\s+(?:is\s+(?:a|an|the|now|currently|also|former|(?=[A-Z])|(?:\S+\s+){0,2}(?:editor|director|president|professor|founder|co-founder|author|chair|member|executive|lecturer|fellow|correspondent|columnist|reporter|writer|host|co-host)s?|[\w-]+\s+(?:at|of|for|with)\s)|writes|covers|edits|co-hosts|hosts|teaches|chairs)\b",
)
# An op-ed's closing tagline that _BIO's "is a ..." misses: "Rep. Mara Quint, D-Ariz., was an early
# backer of the bill.", "M. Dov Arlen, a retired Army officer, taught history at the academy." Its
# shape alone is a plain sentence too, so _is_closing_bio also asks that it be the article's last
# paragraph, one short sentence, about someone the article has not named before (a story's own
# people are named before its last line; an author's note introduces its writer). On PolNeAR
# train+dev, BBC News, TimeBank/AQUAINT and the article-extraction pages it takes two lines, both
# op-ed taglines.
CLOSING_BIO = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Dr|Rep|Sen|Gov|Prof)\.\s+)?"
    r"(?P<name>(?:[A-Z]\.\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3})"
    r"(?:,\s(?P<apposition>.{2,160}?),)?\s+"
    r"(?:(?:is|was)\s+(?P<role>(?:a|an|the)\s.+)|taught|teaches|(?:has\s+)?(?:served|serves|worked|works)\s+as\b)"
)
# A sentence's end inside a line: a word of two or more letters (not an abbreviation such as
# "U.S." or "Sen.") closed by a stop, then a capital.
_SENTENCE_END = re.compile(r"(?P<word>\b\w{2,})[.!?][\"”’)]*\s+[\"“‘(]?[A-Z]")
_ABBREVIATIONS = frozenset(["Mr", "Ms", "Mrs", "Dr", "Rep", "Sen", "Gov", "Prof", "Gen", "Lt", "Col", "Sgt", "St",
                            "Jr", "Sr", "Inc", "Co", "Corp", "Ltd", "No", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec"])
_NOT_NAME = frozenset(["The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "If", "When", "While", "Whoever", "What", "But", "And", "So"])
_BIO_ROLE = re.compile(
    r"\b(?:author|columnist|contributor|correspondent|editor|reporter|writer|professor|lecturer|fellow|"
    r"director|president|founder|co-founder|member|chair|historian|economist|analyst|journalist|"
    r"podcast|host|co-host|executive|governor|mayor|senator|officer|researcher|scholar|attorney|"
    r"board of contributors|retired|former|covers|writes|chairs|leads|represents)s?\b",
    re.IGNORECASE,
)

# Page furniture, by its wording. STRONG cues hold in any short line, prose-shaped or not
# ("Follow Mara on Twitter", "Sign up for our newsletter", "We use cookies to ..."); WEAK cues
# ("Read more", "More from the Ledger", "Related stories") only in a line too short to be a
# sentence of the article, which may well say "more on that in a moment".
_STRONG = re.compile(
    r"""
      \bfollow\s+(?:[^.@]{0,100}?\s)?(?:us|me|him|her|them|[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3})\s+(?:on|at)\s+(?:twitter|facebook|instagram|linkedin|x\b)
    | \b(?:like|find|join|follow)\ us\ (?:on|at)\b|\bconnect\ with\ us\b
    | \bsign\ up\ (?:for|to|here|now|today)\b|\bsubscribe\ (?:to\ (?:our|the|a)|now|today|here|for\ (?:free|just|only|\$))
    | \b(?:our|daily|weekly|free|email)\ newsletters?\b|\bnewsletter\ sign|\bin\ your\ inbox\b
    | \b(?:we|this\ (?:web)?site|our\ (?:web)?site)\ uses?\ cookies|\baccept\ (?:all\ )?cookies|\bcookie\ (?:policy|settings|preferences|notice)
    | \bad\ ?choices\b|\bdo\ not\ sell\ my\b|\bfont\ size\b|\btext\ size\b|\bskip\ to\ (?:main\ )?content\b|\bback\ to\ top\b
    | \b(?:click|tap)\ here\b|\b(?:send|email)\ (?:us\ )?(?:your\ )?(?:news\ )?tips\b|\bgot\ a\ (?:news\ )?tip\b|\btips(?:/\w+)+\ to\b
    | \bshare\ (?:on|via)\ (?:facebook|twitter|email|whatsapp|linkedin)|\bshare\ this\ (?:article|story|page|post)\b|\bsharing\ is\ caring\b|\bcopy\ link\b
    | \bleave\ a\ (?:comment|reply)\b|\bpost\ a\ comment\b|\bcomments\ (?:are|have\ been)\ closed\b|\bjoin\ the\ (?:conversation|discussion)\b
    | \baffiliate\ (?:links?|commission)|\b(?:may|might)\ (?:receive|earn)\ a\ (?:small\ )?commission\b
    | \bdownload\ (?:the|our)\ (?:free\ )?app\b|\benable\ javascript\b|\byour\ browser\ (?:does\ not|doesn'?’?t)\b|\bad\ ?blocker\b
    | \breport\ (?:an\ )?(?:error|typo)\b|\bprint\ this\ (?:article|page|story)\b
    | \b(?:update|upgrade|switch)\ (?:to\ )?(?:a\ |your\ )?(?:modern|newer|latest|supported)\ browser\b
    | \bsupport\ (?:us|our\ (?:journalism|work|reporting|newsroom))\b|\bdonate\ (?:now|today|here)\b|\bbecome\ a\ (?:member|patron|subscriber)\b
    | \bthanks\ for\ (?:signing\ up|subscribing)\b|\bopt-?in\b|\bon\ your\ inbox\b
    | \bsend\ me\b[^.]{0,60}\b(?:newsletters?|emails?)\b
    | \bshare\ (?:it|this)\ with\ (?:a|your)\ friends?\b|\(opens\ in\ (?:a\ )?new\ window\)
    | \bshare\ to\ (?:facebook|twitter|email|whatsapp|linkedin)
    # newsletter boxes: "Join the Harbor Deals Newsletter.", "... delivered every weekday."
    | \bjoin\ (?:the|our)\ [^.!?]{0,40}newsletter|\bdelivered\ (?:to\ your\ inbox|(?:every\ )?(?:weekday|daily|each\ (?:day|week)))
    | \bthanks\ for\ watching\b|\bplayback\ (?:is\ )?(?:not\ supported|unsupported)\b
    | \b(?:may|might|will)\ (?:get|receive|earn)\ a\ (?:small\ )?(?:share|commission|cut)\b
    | \bif\ you\ (?:buy|purchase)\ (?:something\ |anything\ )?(?:through|via|from)
      \ (?:our|this|these|a|one\ of)\b
    # comment policies: "We moderate all comments ...", "we reserve the right to remove any comment"
    | \bmoderat\w*\b.{0,50}\bcomments?\b|\bcomments?\b.{0,80}\bmoderat\w*
    | \b(?:right\ to|may|will)\ (?:remove|delete|edit)\b.{0,30}\bcomments?\b
    | \bcommunity\ (?:guidelines|standards|rules)\b
    # teasers of other stories: "Related: ...", "SEE MORE: ...", "Also on example.com ..."
    | ^\W*(?:related|see\ (?:also|more)|read\ (?:also|more|next)|also\ read|more\ on\ this(?:\ story)?)\s*:
    | ^also\ on\ \S+\.(?:com|org|net|co\.uk)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WEAK = re.compile(
    r"""
      ^(?:advertisement|advertising|ad|ads|sponsored(?:\ content)?|promoted(?:\ content)?|paid\ content|paid\ post
         |share|shares|\d+\ shares|tweet|email|e-mail|print|pin|save|comment|comments|reply|like|likes|embed
         |facebook|twitter|linkedin|whatsapp|pinterest|reddit|instagram|youtube|flipboard|tumblr|snapchat|rss|google\+?
         |menu|search|home|close|next|previous|back|more|show\ more|load\ more|see\ more|read\ more|view\ all
         |sign\ in|log\ in|log\ out|login|sign\ up|register|subscribe|subscribe\ now|subscriber|subscriptions?
         |loading|video|audio|listen|watch|photos?|gallery|image|skip|top|topics|tags?|options|polls?
         |x|a\ ?a|aa|a-|a\+|share\ this|sections?|navigation|breadcrumbs?|contact|about|help|faq|feedback
         |copied|(?:view|see)\ all\ \(\d+\)
         |\W*)[\s:.!…»›>|]*$
    | \bread\ (?:more|next|full\ (?:story|article))\b|\bcontinue\ reading\b|\bmore\ (?:from|on|about|stories|news|videos)\b
    | \brelated\ (?:articles?|stories|posts?|content|coverage|topics|links|news|roundup)\b|\byou\ (?:may|might)\ (?:also\ )?like\b
    | \b(?:most|more)\ (?:popular|read|viewed|shared|watched)\b|\beditor'?’?s?\ picks?\b|\btop\ stories\b|\blatest\ (?:news|stories|videos)\b
    | \bcontact\ us\b|\babout\ us\b|\bsite\ ?map\b|\bwork\ with\ us\b|\badvertise\ with\b|\bprivacy\ (?:policy|notice|settings)\b
    | \bterms\ (?:of|and)\ (?:use|service|sale|conditions)\b|\bposted\ in\b|\bfiled\ under\b|\b(?:previous|next)\ (?:post|article|story)\b
    | ^(?:related|see\ also|read\ also|also\ read|recommended|watch|listen|more|tags?|topics?|categories|filed\ under)\s*:
    | ^\S+\ says:$|\brating:\ \d+|\bvotes?\)?$|\bapp\ store\b|\bgoogle\ play\b|\bnewsletters?\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Copyright and syndication lines: "© 2019 ...", "All content created by ... is available without charge".
_LICENCE = re.compile(
    r"(?:(?:^|\s)©|©\s*\d{4}|\(c\)\s*\d{4}|\bcopyright\s*(?:©|\(c\)|\d{4}|by\b)|\ball rights reserved\b|"
    r"\bmay not be (?:re)?(?:published|reproduced|redistributed|rewritten|broadcast)|\bavailable without charge\b|"
    r"\b(?:republish|reproduce)\w* (?:with|without) (?:permission|charge)|\bcreative commons\b|\blicen[cs]ed under\b|"
    r"\breprints?\s*(?:and|&)\s*permissions\b|\bsyndication\b|\bnon-commercial use\b|\bpersonal use only\b|"
    r"\bpresentation-ready copies\b|\border reprints\b|"
    # A newswire's republishing terms ("free to republish ... include our logo and byline") and the
    # wire's own ban ("may not be published, broadcast, rewritten or redistributed"):
    r"\bfree to (?:re)?publish\b|\binclude (?:our|the) (?:logo|byline)\b|"
    r"\bpublished, broadcast, rewritten\b)",
    re.IGNORECASE,
)
# Photo captions and credits: "(Reed Saxon / Associated Press)", "Credit... Doug Mills/The New York Times",
# "Photo: AFP", "AP Photo/Evan Vucci", "Harbor Ledger logo".
_CAPTION = re.compile(
    r"(?:^\s*\((?:[^()]*/[^()]*|(?:AP|AFP|Reuters|Getty|EPA|Photo|Image|Credit)[^()]*)\)\s*$"
    r"|^(?:photo|photograph|image|picture|illustration|credit|caption|video|graphic)s?\s*(?:by\b|:|\.\.\.|…)"
    r"|\b(?:photo|image|illustration)\s+(?:by|credit|courtesy)\b|\bcredit\s*(?::|\.\.\.|…)"
    r"|(?:AP|AFP|Reuters|EPA|Getty)\s+(?:Photo|Images)|/\s*(?:Getty Images|AP|AFP|Reuters|EPA|Shutterstock)\b"
    r"|\bGetty Images\b|\bShutterstock\b|\(\s*(?:AP|AFP|Reuters)\s+Photo[^)]*\)|\blogo\s*$"
    # A credit closing a caption ("... in June (Image: Harbor Ledger)", "... via AP"), a player's or
    # a picture's label ("Image caption ...", "Media caption ..."), a wire's archive caption
    # ("This March 3, 2019, file photo shows ...").
    r"|\((?:image|photo|picture|pic|credit|source|video)s?\s*:[^()]{1,60}\)\W*$"
    r"|^(?:image|media|video)\s+(?:copyright|caption|credit)\b"
    r"|\bfile photo\b|\bvia (?:AP|AFP|Reuters|EPA)\s*$"
    # A gallery's own labels: its counter ("Image 2 of 5", "2 / 5"), "Caption", "Back to gallery".
    r"|^(?:(?:image|photo|picture|slide)\s*)?\d{1,3}\s*(?:of|/)\s*/?\s*\d{1,3}\W*$|^caption\W*$|^back to (?:the )?gallery\W*$)",
    re.IGNORECASE,
)
# A caption closed by its picture's credit, after the caption's last sentence: "... the outer
# harbor on Friday. Credit: Harbor Ledger", "... at the pier. Photo: Mara Quint/Harbor Ledger".
# Article prose does not end with a "Credit:" label; a caption may be long (a diagram's legend).
_CLOSING_CREDIT = re.compile(
    r"[.!?)\]\"”’]\s+(?:(?:photo|image|picture|photograph|illustration|graphic)s?\s*(?:credit)?|credits?)\s*:"
    r"\s*[^\s.:!?][^.:!?]{0,58}\.?$",
    re.IGNORECASE,
)
# A caption closed by a bare credit, a name of one or two words with no full stop after the
# caption's last sentence: "... outside the depot on Monday. Reuters", "... a kayak. Getty Images".
# Prose ends with its stop; an abbreviation's stop ("Mr. Ruiz") does not follow a lower-case word.
_BARE_CREDIT = re.compile(r"[a-z0-9]{2}[.!?][\"”’]?\s+[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)?$")
# Section labels of a news digest or database export that carry no content: "ABSTRACT.", "FULL TEXT.".
# Headings of what follows an article on a page: comments, related and popular stories ("34
# responses to ...", "Top Rated Comments", "More From the Los Angeles Times", "You may also like").
# They end the article, so they weigh more than other furniture.
_END = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|reactions|discussion)\W*(?:\(\d+\)\W*)?$"
    r"|\b\d+\s+(?:comments?|responses?|replies)\s+(?:to|on)\b|^\W*(?:top|most|highest)[\s-]rated\b"
    r"|^(?:more|most|top|latest|related|recommended|trending|popular|also|further|other|around|up next|read next|"
    r"what to read|you may|you might|don'?t miss|editors'?’?s?|sponsored|promoted|from the web|more stories|"
    r"in case you missed|recent|previous|next)\b(?!.*[.!?;,]$)",
    re.IGNORECASE,
)
# The heading of a comment section ("34 responses to ...", "2 comments", "Comments"): what follows
# is readers' prose. Related-story boxes, by contrast, sit inside articles too ("Related articles").
_COMMENTS_HEAD = re.compile(r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|reactions)\b(?:\W*$|\s+(?:to|on)\b)",
                            re.IGNORECASE)
_END_RESPONSES = re.compile(r"\b\d+\s+(?:comments?|responses?|replies)\s+(?:to|on)\b", re.IGNORECASE)
# Cookie notices are prose, long and all about cookies: no article paragraph starts like them.
_COOKIES = re.compile(r"\b(?:we|this (?:web)?site|our (?:web)?site|(?:necessary|these|the) cookies)\b.{0,40}\bcookies?\b",
                      re.IGNORECASE)
_LABEL = re.compile(r"^(?:abstract|full text|correction appended|summary|highlights?|key points|editor'?s note)[.:]?$",
                    re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:said|told|reported|announced|added|according to)\b")
_TWO_SENTENCES = re.compile(r"[a-z0-9][.!?][\"”’]?\s+[A-Z][a-z]")
_SITE_SEP = re.compile(r"\s+(?:[|\-–—•·»:]|::)\s+")
_NORM = re.compile(r"[\W_]+")
_TERMINAL = frozenset(".!?…\"”’'):;。！？」")
_TRUNCATED = ("…", "...", "[…]", "[...]", "…]", "(...)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@cache
def stopwords() -> frozenset[str]:
    """The function words of ``resources/layout_stopwords.txt``, loaded once per process."""
    raw = resources.files("onrecord.resources").joinpath("layout_stopwords.txt").read_text("utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


@dataclass(frozen=True, slots=True)
class LineInfo:
    """What layout knows of one line before labelling it."""

    start: int
    end: int
    text: str  # stripped
    words: int
    stops: int  # function words (``stopwords()``)
    lowers: int  # words that start with a lower-case letter or a digit
    caps_head: int  # capitalized words among the first ten
    first_stop: int  # index of the first lower-case function word (99 when none in the first ten)
    cue: str | None  # boilerplate | licence | caption | byline | dateline | label | end | None

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def prose(self) -> bool:
        """Shaped like running text: enough words, ending like a sentence or dense in function words."""
        if self.words < 8:
            return False
        return self.text[-1] in _TERMINAL or self.stops >= 0.3 * self.words

    @property
    def truncated(self) -> bool:
        """A teaser cut short: "Hillary Clinton on Monday called for […]", "Read the story..."."""
        return self.text.endswith(_TRUNCATED)

    @property
    def teaser(self) -> bool:
        """A linked headline run into its summary ("Police: 2 In Custody After Death Of ... A 24-year-old
        woman ..."): eight or more of its first ten words capitalized and no lower-case function word
        among the first eight, which prose seldom has (even "New York (AFP) -- Vice President Joe
        Biden on Monday ..." has its "on")."""
        return self.words >= 12 and self.caps_head >= 8 and self.first_stop >= 8

    @property
    def navlike(self) -> bool:
        """A menu item: a few words, none of them lower case ("Business", "Real Estate Video")."""
        return self.words <= 6 and self.lowers == 0 and self.text[-1] not in ".!?"


def split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, the line break excluded; an empty text has one empty line."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and out:
            break
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in "\r\n":
            e -= 1
        out.append((s, e))
    return out


def norm_line(s: str) -> str:
    """A line's identity for repetition: case, spacing and punctuation ignored."""
    return _NORM.sub(" ", s.casefold()).strip()


def is_date_line(s: str) -> bool:
    """True for a line that gives a date (and maybe a time) and little else: "Nov. 19, 2019 8:03 am ET",
    "Published 3:14 PM ET, Tue March 7, 2017", "Updated: Nov 20 2019, 15:24pm IST"."""
    if len(s) > 90 or not _HAS_DIGIT.search(s) or not _DATE_RE.search(s):
        return False
    rest = _DATE_FILLER.sub(" ", s).split()
    return len(rest) <= 1


# Words one of which a line must hold for the matching pattern to be tried at all: the patterns are
# long alternations (a hundred microseconds a line), and most lines of a page hold none of these
# words, which a set intersection finds at once (keeps layout cheap: see the evaluation's timing).
_LICENCE_KEYS = frozenset(["copyright", "c", "rights", "reserved", "may", "without", "republish", "republished", "republishing", "reproduce", "non", "commercial", "personal", "presentation", "order", "reproduced", "reproduction", "creative", "licence", "license", "licensed", "licenced", "reprint", "reprints", "syndication", "free", "include", "broadcast", "publish"])
_CAPTION_KEYS = frozenset(["gallery", "slide", "photo", "photos", "photograph", "image", "images", "credit", "getty", "ap", "afp", "reuters", "epa", "shutterstock", "logo", "illustration", "picture", "caption", "video", "graphic", "courtesy", "pic", "source", "media", "file", "via"])
_STRONG_KEYS = frozenset(["follow", "like", "find", "join", "connect", "sign", "subscribe", "newsletter", "newsletters", "inbox", "cookie", "cookies", "update", "upgrade", "switch", "support", "donate", "become", "choices", "adchoices", "sell", "font", "text", "skip", "back", "click", "tap", "tips", "share", "sharing", "copy", "comment", "comments", "affiliate", "commission", "download", "javascript", "browser", "blocker", "adblocker", "report", "print", "thanks", "watching", "playback", "delivered", "opt", "send", "opens", "get", "receive", "earn", "buy", "purchase", "moderate", "moderated", "moderating", "moderation", "moderator", "moderators", "remove", "delete", "edit", "community", "related", "see", "read", "also", "more", "video", "insight", "reaction", "picture", "pictures", "photo", "photos", "gallery", "poll", "live", "analysis", "latest", "watch"])
_WEAK_KEYS = frozenset(["read", "continue", "more", "related", "may", "might", "popular", "most", "editor", "editors", "top", "latest", "contact", "about", "site", "sitemap", "work", "advertise", "privacy", "terms", "posted", "filed", "previous", "next", "see", "also", "recommended", "watch", "listen", "tag", "tags", "topic", "topics", "categories", "says", "rating", "vote", "votes", "app", "google", "newsletter", "newsletters"])
_END_KEYS = frozenset(["comment", "comments", "response", "responses", "replies", "reactions", "discussion", "rated", "more", "most", "top", "latest", "related", "recommended", "trending", "popular", "also", "further", "other", "around", "up", "read", "what", "you", "don", "miss", "editor", "editors", "sponsored", "promoted", "from", "in", "recent", "previous", "next"])


def classify_cue(s: str, words: int, lows: frozenset[str] | None = None) -> str | None:
    """The kind a line's own wording gives it, or None: boilerplate, licence, caption, byline,
    dateline, label or end (a heading that ends the article). Only short lines are judged (see
    ``_CUE_MAX_WORDS``). ``lows`` is the set of the line's words in lower case, when known."""
    if s[:1] == "<" and s[-1:] == ">" and not any(c.isalnum() for c in _TAG.sub("", s)):
        return "boilerplate"  # markup left in a page's text ('<img src="data:...">'), no words of its own
    if ":" in s[-80:] and _CLOSING_CREDIT.search(s[-80:]):
        return "caption"  # of any length: the credit closes it
    if s[-1:].isalpha() and _BARE_CREDIT.search(s[-60:]):
        return "caption"
    if words > _CUE_MAX_WORDS:
        return "boilerplate" if "cookie" in s[:200].lower() and _COOKIES.search(s[:200]) else None
    if lows is None:
        lows = frozenset(w.lower() for w in _WORD.findall(s))
    if ("©" in s or not lows.isdisjoint(_LICENCE_KEYS)) and _LICENCE.search(s):
        return "licence"
    if is_byline(s) or _NAME_CREDIT.match(s) or (words <= 10 and _NAME_ROLE.match(s)) or _WRITE_TO.match(s):
        return "byline"
    if is_date_line(s) or (words <= 10 and s[-1:] in "-—–_)" and _PLACE_DATELINE.match(s)
                           and not any(c.islower() for c in s) and not s.isdigit()):
        return "dateline"
    if _LABEL.match(s):
        return "label"
    if words <= 16 and not lows.isdisjoint(_END_KEYS) and (words <= 6 or _END_RESPONSES.search(s)) and _END.search(s):
        return "end"
    if words <= 30 and ("/" in s or "(" in s or not lows.isdisjoint(_CAPTION_KEYS)) and _CAPTION.search(s):
        return "caption"
    if not lows.isdisjoint(_STRONG_KEYS) and _STRONG.search(s):
        return "boilerplate"
    too_short_for_a_sentence = (words <= 12 and s[-1] not in ".!?\"”") or words <= 4
    if too_short_for_a_sentence and (words <= 4 or not lows.isdisjoint(_WEAK_KEYS)) and _WEAK.search(s):
        return "boilerplate"
    return None


def is_byline(s: str) -> bool:
    """A "By ..." line: "By Mara Quint", "BY MARA QUINT AND DOV ARLEN", "By Matthew Digby, Minh Do on
    Monday, November 18th, 2019 at 11:08 a.m.", a name and a date ("Mara Quint - Nov 19, 2019, 10:31
    pm CST"), but not the sentence "By Monday, the board had left."."""
    m = _BYLINE.match(s)
    if m is None:
        return _NAME_DATE.match(s) is not None and len(s) <= 80
    if not s[m.end() - 1].isupper():
        return False
    d = _DATE_RE.search(s)
    head = s[:d.start()] if d else s
    n = len(_WORD.findall(head))
    return n <= 12 and (d is not None or n <= 6 or not s.endswith((".", "?", "!")))


def describe(text: str, start: int, end: int) -> LineInfo:
    """The features of the line ``text[start:end]``."""
    seg = text[start:end].strip()
    if not seg:
        return LineInfo(start, end, "", 0, 0, 0, 0, 99, None)
    toks = _WORD.findall(seg)
    n = len(toks)
    cjk = len(_CJK.findall(seg)) if not seg.isascii() else 0
    if cjk:
        # Chinese and Japanese write no spaces: about two characters make a word.
        n = max(n, cjk // 2)
    stop = stopwords()
    n_stop = sum(1 for t in toks if t.lower() in stop)
    lowers = sum(1 for t in toks if not t[0].isupper())
    caps_head = sum(1 for t in toks[:10] if t[0].isupper())
    first_stop = next((i for i, t in enumerate(toks[:10]) if t in stop), 99)
    if cjk and seg[-1] in "。！？」":
        n_stop = max(n_stop, n // 3)  # a sentence of Chinese or Japanese prose
    lows = frozenset(t.lower() for t in toks)
    return LineInfo(start, end, seg, n, n_stop, lowers, caps_head, first_stop, classify_cue(seg, n, lows))


def repeated_lines(texts: Iterable[str], *, min_docs: int = 3, max_words: int = 15) -> frozenset[str]:
    """Short lines (normalized by :func:`norm_line`) found in at least ``min_docs`` different
    stories among ``texts``.

    A line that several articles of a corpus share is a publisher's furniture ("Follow us on ...",
    a section name, a newsletter prompt). Long lines are left out: two papers printing the same wire
    story share whole paragraphs, and those are article text. For the same reason copies of one
    story (documents that share a paragraph of 20 words or more) count once: three outlets
    printing one wire story share its headline and subheads too, which are not furniture.

    This is a separate pass over a corpus (``onrecord boilerplate learn``); its result is passed to
    each document as ``Options.repeated_lines``, never taken from the batch a document is
    processed in. The result does not depend on the order of ``texts``.
    """
    parent: list[int] = []  # union-find over documents: copies of one story end in one set

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}  # a long line and the first document that had it
    shorts: list[set[str]] = []
    for text in texts:
        doc = len(parent)
        parent.append(doc)
        keys: set[str] = set()
        for s, e in split_lines(text):
            seg = text[s:e].strip()
            if not seg:
                continue
            n = len(_WORD.findall(seg))
            if len(seg) < 200 and n <= max_words:
                keys.add(norm_line(seg))
            elif n >= _COPY_WORDS:
                key = norm_line(seg)
                other = owner.setdefault(key, doc)
                if other != doc:
                    parent[find(doc)] = find(other)
        shorts.append(keys)
    stories: dict[str, set[int]] = {}
    for doc, keys in enumerate(shorts):
        for k in keys:
            if k:
                stories.setdefault(k, set()).add(find(doc))
    return frozenset(k for k, groups in stories.items() if len(groups) >= min_docs)


# A paragraph this long found in two documents makes them copies of one story (see repeated_lines).
_COPY_WORDS = 20


# Line weights (see line_weight). Set on the article-extraction pages, checked on both halves of
# them (pages whose key starts with an even or an odd hex digit) so as not to fit one half.
W_END = 25.0  # an end-of-article heading: "Related stories", "Comments"
W_FURNITURE = 8.0  # a cue or repeated line, plus its words
W_MARK = 2.0  # a caption, byline, dateline or label line inside the text
W_TEASER = 2.0  # a linked headline run into its summary
W_MENU = 4.0  # a menu item
W_SHORT = 2.0  # a subhead or list item
W_LONG = 0.6  # per word, a long line that is not prose (a title, a table row)
W_POOR = 0.5  # per word, prose poor in function words


def line_weight(info: LineInfo, *, repeated: bool) -> float:
    """How much a line speaks for (positive) or against (negative) being inside the article.

    Prose counts by its words (half when it is poor in function words, as tag lists are); cue
    lines, repeated lines, teasers and menu items cost; other short lines (subheads, list items
    such as "Eat every 2-3 hours") cost a little, so that a few inside an article are bridged
    while a menu is not.
    """
    if info.blank:
        return 0.0
    if info.cue == "end":
        return -(W_END + info.words)
    if info.cue in ("boilerplate", "licence") or repeated:
        return -(W_FURNITURE + info.words)
    if info.cue in ("caption", "byline", "dateline", "label"):
        return -W_MARK
    if info.truncated:
        return -(W_MARK + W_POOR * info.words)
    if info.prose:
        return float(info.words) if info.stops >= 0.2 * info.words else W_POOR * info.words
    if info.navlike:
        return -W_MENU
    if info.words >= 8:
        return -W_LONG * info.words
    return -W_SHORT


def best_region(weights: Sequence[float], lo: int = 0, last_start: int | None = None) -> tuple[float, int, int] | None:
    """(sum, first, last) of the maximum-sum run of ``weights`` that starts between ``lo`` and
    ``last_start`` (default: anywhere from ``lo``), or None when no such run is positive.

    With prefix sums P, the best run from s ends where P is largest after s: one pass from the end.
    """
    n = len(weights)
    if last_start is None or last_start >= n:
        last_start = n - 1
    if lo > last_start:
        return None
    prefix = [0.0] * (n + 1)
    for i, w in enumerate(weights):
        prefix[i + 1] = prefix[i] + w
    best: tuple[float, int, int] | None = None
    top, top_at = float("-inf"), n
    for s in range(n - 1, lo - 1, -1):
        if prefix[s + 1] > top:
            top, top_at = prefix[s + 1], s
        if s <= last_start:
            gain = top - prefix[s]
            if gain > 0 and (best is None or gain >= best[0]):
                best = (gain, s, top_at)
    return best


def title_core(title: str) -> str:
    """The headline inside a page title: "Opinion | Port Chief Resigns - Harbor Ledger" gives
    "Port Chief Resigns" (the longest part between site separators)."""
    parts = [p for p in _SITE_SEP.split(title) if p.strip()]
    return max(parts, key=len).strip() if parts else title.strip()


def looks_like_headline(info: LineInfo) -> bool:
    """A line shaped like a headline: a few words, one sentence, no reporting verb.

    News headlines run 5 to 22 words (PolNeAR's 924 headlines: median 9, max 22; BBC: median 5)
    while an article's first sentence runs 29 words at the median (TimeBank/AQUAINT) and reports
    in the past tense ("said"), which headlines avoid ("says").
    """
    s = info.text
    if not (1 <= info.words <= 25) or len(s) > 220 or info.cue is not None:
        return False
    if _REPORTING.search(s):
        return False
    # Two sentences of some length ("... fell to a 14-year low. Analysts expect more cuts.") are a
    # lead paragraph; a headline may have two short ones ("Game over. Will Sanders come down?").
    title_case = info.caps_head >= min(8, info.words)  # "... Isn’t True. Not Yet, At Least."
    return info.words <= 16 or title_case or _TWO_SENTENCES.search(s) is None


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 20 and short in long_ and len(short) >= 0.6 * len(long_)


def title_hits(infos: Sequence[LineInfo], first: int) -> list[int]:
    """Lines after the first that repeat the headline part of the first (the page title)."""
    title = infos[first].text
    if infos[first].words > 30 or infos[first].cue is not None or not (
            looks_like_headline(infos[first]) or _SITE_SEP.search(title)):
        return []  # a paragraph, not a page title
    core = norm_line(title_core(title))
    whole = norm_line(title)
    hits = []
    begin = first + 1
    if title.endswith((";", ":")):
        begin += 1  # the next line completes the headline (see with_continuation), even if it repeats it
    for i in range(begin, len(infos)):
        info = infos[i]
        if info.blank or info.words > 40:
            continue
        n = norm_line(info.text)
        if _similar(n, core) or _similar(n, whole):
            hits.append(i)
    return hits


def with_continuation(infos: Sequence[LineInfo], head: int) -> list[int]:
    """The headline line and, when it ends in ";" or ":", the next line that completes it (PolNeAR's
    two-deck headlines: "Council backs new ferry line; \nMember of harbor board says ...")."""
    out = [head]
    nxt = head + 1
    text = infos[head].text
    if (nxt < len(infos) and not infos[nxt].blank and text.endswith((";", ":"))
            and infos[nxt].words <= (80 if text.endswith(";") else 25)):
        out.append(nxt)
    return out


def _is_role_line(info: LineInfo) -> bool:
    return 1 <= info.words <= 6 and _ROLE.search(info.text) is not None and not info.prose


def _is_bio(info: LineInfo) -> bool:
    """An author's note: "Mara Quint is a senior reporter at the Ledger." (a name, "is", a role)."""
    if info.words > 60 or _BIO.match(info.text) is None or _BIO_ROLE.search(info.text) is None:
        return False
    return info.text.split(None, 1)[0] not in _NOT_NAME


def _is_closing_bio(infos: Sequence[LineInfo], n: int) -> bool:
    """Whether line ``n``, the article's last body line, is its author's note in a form _BIO misses
    (see CLOSING_BIO)."""
    info = infos[n]
    m = CLOSING_BIO.match(info.text)
    if m is None or info.words > 50 or info.text[-1] not in ".!?" or info.text.split(None, 1)[0] in _NOT_NAME:
        return False
    if any(e.group("word") not in _ABBREVIATIONS for e in _SENTENCE_END.finditer(info.text, m.end("name"))):
        return False  # one sentence only
    surname = re.compile(r"(?<![\w'’-])" + re.escape(m.group("name").split()[-1]) + r"(?![\w'’-])")
    return not any(surname.search(infos[k].text) for k in range(n))


def label_lines(text: str, *, repeated: frozenset[str] = frozenset(), html: bool = False,
                title: str | None = None) -> tuple[Line, ...]:
    """One :class:`Line` for every line of ``text``, each with its kind (see the module docstring).

    ``repeated`` holds normalized lines (:func:`norm_line`) known to recur across documents;
    ``html`` says the text is already a page's extracted article (trafilatura), so that only
    its cue lines are taken out and the rest is body; ``title`` is then the page's title, which
    the read stage puts first.
    """
    spans = split_lines(text)
    infos = [describe(text, s, e) for s, e in spans]
    kinds = label_infos(infos, repeated=repeated, html=html, title=title)
    return tuple(Line(i.start, i.end, k) for i, k in zip(infos, kinds))


def label_infos(infos: Sequence[LineInfo], *, repeated: frozenset[str] = frozenset(),
                html: bool = False, title: str | None = None) -> list[str]:
    """The kind of each line described by ``infos`` (see :func:`label_lines`)."""
    kinds = ["blank" if i.blank else "boilerplate" for i in infos]
    nonblank = [n for n, i in enumerate(infos) if not i.blank]
    if not nonblank:
        return kinds
    first = nonblank[0]
    in_doc: Counter[str] = Counter()
    norms: dict[int, str] = {}
    for n in nonblank:
        if infos[n].words <= 12:
            norms[n] = norm_line(infos[n].text)
            in_doc[norms[n]] += 1
    in_batch = {n for n, key in norms.items() if key in repeated}
    menu = {n for n, key in norms.items() if in_doc[key] > 1 and infos[n].navlike} | in_batch

    heads: list[int] = []
    if html:
        start, end = nonblank[0], nonblank[-1]
        if (title and norm_line(title) == norm_line(infos[first].text)) or looks_like_headline(infos[first]):
            heads = [first]
    else:
        start, end, heads = _find_article(infos, nonblank, menu)
    for h in heads:
        kinds[h] = "headline"
    if heads:
        start = max(start, heads[-1] + 1)
        start = _skip_head_zone(infos, heads, start, end)
    head_at = heads[-1] if heads else -1

    # Inside the article: body unless the line's own wording says otherwise.
    own = [norm_line(" ".join(infos[h].text for h in heads)), norm_line(title_core(infos[first].text))]
    # Only on a scraped page: a clean article may print a paragraph twice.
    cards = _teaser_cards(infos, nonblank, own) if _is_page(infos, nonblank) and not html else set()
    for n in range(start, end + 1):
        info = infos[n]
        if info.blank or n in heads:
            continue
        cue = info.cue
        if cue in ("label", "end") or n in cards:
            kinds[n] = "boilerplate"
        elif cue == "dateline" and info.prose:
            kinds[n] = "body"
        elif cue is not None:
            kinds[n] = cue
        elif n in menu and not info.prose:
            kinds[n] = "boilerplate"
        else:
            kinds[n] = "body"

    # rank[i]: how many non-blank lines come before line i (so that distances cost nothing).
    rank = [0] * (len(infos) + 1)
    for i, info in enumerate(infos):
        rank[i + 1] = rank[i] + (not info.blank)
    # Above the article: the headline's company (deck, byline, role, date) and the page's furniture.
    prev = None
    for n in range(start):
        info = infos[n]
        if info.blank or n in heads:
            continue
        near = head_at >= 0 and head_at < n and rank[n] - rank[head_at] - 1 <= 8
        if info.cue in ("byline", "dateline", "caption", "licence"):
            kinds[n] = info.cue
        elif near and prev in ("byline",) and (_NAME.match(info.text) or _is_role_line(info)):
            kinds[n] = "byline"
        elif (near and (_NAME.match(info.text) or _HANDLE.match(info.text)) and n not in menu
              and rank[start] - rank[n] - 1 <= 6):
            kinds[n] = "byline"  # a lone name just above the text (a menu under a page title is not)
        elif near and prev == "headline" and info.prose and info.words <= 60:
            kinds[n] = "headline"  # the deck under a headline
        else:
            kinds[n] = "boilerplate"
        prev = kinds[n]

    # Below the article: author notes, licences and the page's furniture.
    for n in range(end + 1, len(infos)):
        info = infos[n]
        if info.blank:
            continue
        if info.cue in ("licence", "caption"):
            kinds[n] = info.cue
        elif _is_bio(info) or _SIGNOFF.match(info.text) or _CREDIT_NOTE.match(info.text):
            kinds[n] = "byline"
        else:
            kinds[n] = "boilerplate"
    # The article's own last lines may be notes on its authors: "Mara Quint is a senior reporter
    # ...", "-- Mara Quint", "Dov Arlen contributed reporting."
    tail = [n for n in range(start, end + 1) if kinds[n] == "body"][-3:]
    for n in tail:
        info = infos[n]
        if info.words <= 60 and (_is_bio(info) or _SIGNOFF.match(info.text) or _CREDIT_NOTE.match(info.text)):
            kinds[n] = "byline"
    body = [n for n in range(start, end + 1) if kinds[n] == "body"]
    if body and _is_closing_bio(infos, body[-1]):
        kinds[body[-1]] = "byline"
    return kinds


# How far below the repeated headline the article may start: bylines, dates, share buttons,
# a picture and its caption lie between (up to 60 lines on the article-extraction pages).
_ANCHOR_WINDOW = 80
# An anchored run wins unless the best run anywhere is this many times heavier.
ANCHOR_SHARE = 0.3


def _find_article(infos: Sequence[LineInfo], nonblank: Sequence[int],
                  menu: set[int]) -> tuple[int, int, list[int]]:
    """(first line, last line, headline lines) of the article on a page.

    The article is the maximum-sum run of line weights; where the page title's headline is
    repeated further down, the run must start within ``_ANCHOR_WINDOW`` lines below a repetition
    (the headline a reader sees above the text), and the best-scoring repetition is the headline.
    """
    weights = [line_weight(infos[n], repeated=n in menu) for n in nonblank]
    page = _is_page(infos, nonblank)
    _weigh_context(infos, nonblank, weights, page=page)
    teasers = set(_teaser_runs(infos, nonblank)) if page else set()
    pos = {n: k for k, n in enumerate(nonblank)}
    first = nonblank[0]
    free = best_region(weights)
    anchored = None
    for h in title_hits(infos, first)[:20]:
        k = pos[h]
        r = best_region(weights, lo=k + 1, last_start=k + _ANCHOR_WINDOW)
        if r is not None and (anchored is None or r[0] > anchored[0][0]):
            anchored = (r, h)
    if anchored is not None and (free is None or anchored[0][0] >= ANCHOR_SHARE * free[0]):
        (_, s, e), h = anchored
        e = _cut_at_end(infos, nonblank, weights, s, e, teasers)
        s = _extend_back(infos, nonblank, _past_teasers(s, e, teasers), pos[h], menu)
        return nonblank[s], nonblank[_extend(infos, nonblank, e, menu)], with_continuation(infos, h)
    if free is None:
        s, e = 0, len(nonblank) - 1
    else:
        _, s, e = free
    e = _cut_at_end(infos, nonblank, weights, s, e, teasers)
    s = _past_teasers(s, e, teasers)
    start, end = nonblank[s], nonblank[_extend(infos, nonblank, e, menu)]
    heads: list[int] = []
    head = _first_unmarked(infos, nonblank)
    if looks_like_headline(infos[head]) or (head < start and infos[head].words <= 40 and infos[head].cue is None):
        heads = with_continuation(infos, head)
    return start, end, heads


def _teaser_cards(infos: Sequence[LineInfo], nonblank: Sequence[int], own: Sequence[str]) -> set[int]:
    """Lines of teaser cards set into an article: another story's headline printed twice in a row
    (its link and its picture's text, maybe with a section name between: "Ferry fares to rise in
    spring" / "Business" / "Ferry fares to rise in spring"), and the summary under it. An article
    never prints one of its lines twice in a row; the headline has no full stop (a caption
    printed twice has one, and the text under it is the article's). The article's ``own``
    headline (normalized), printed twice above its first paragraph, is no teaser."""
    out: set[int] = set()
    # Words as a headline has them: a table's header row printed twice is no headline.
    norms = [norm_line(infos[n].text) if 3 <= infos[n].words <= 30 and (infos[n].stops or infos[n].lowers >= 2)
             else "" for n in nonblank]
    for k, key in enumerate(norms):
        if not key or any(_similar(key, o) for o in own):
            continue
        if infos[nonblank[k]].text[-1] in ".!?)":
            # A caption (or a paragraph) printed again at once: the copy is furniture, the text
            # under it the article's.
            if k + 1 < len(norms) and norms[k + 1] == key:
                out.add(nonblank[k + 1])
            continue
        for gap in (1, 2):
            j = k + gap
            if j >= len(norms) or norms[j] != key or (gap == 2 and infos[nonblank[k + 1]].words > 3):
                continue
            out.update(nonblank[k:j + 1])
            if j + 1 < len(nonblank):
                summary = infos[nonblank[j + 1]]
                if summary.prose and summary.words <= 50 and summary.cue is None:
                    out.add(nonblank[j + 1])
            break
    return out


def _is_page(infos: Sequence[LineInfo], nonblank: Sequence[int]) -> bool:
    """Whether the text is a scraped page (five or more menu items or furniture lines) rather than
    an already clean article, where context rules about teasers and repeats do not apply."""
    return sum(1 for n in nonblank if infos[n].navlike or infos[n].cue in ("boilerplate", "end")) >= 5


def _past_teasers(s: int, e: int, teasers: set[int]) -> int:
    """The run's first index moved past the headline teasers it opens with (see _teaser_runs)."""
    while s < e and s in teasers:
        s += 1
    return s


def _first_unmarked(infos: Sequence[LineInfo], nonblank: Sequence[int], *, within: int = 3) -> int:
    """The first line that could be the headline: a page may open with a share button or a logo
    caption above it ("Share this article", "Harbor Ledger logo"), which its cue marks."""
    for n in nonblank[:within]:
        if infos[n].cue not in ("boilerplate", "caption"):
            return n
    return nonblank[0]


_HANDLE = re.compile(r"^@\w{2,30}$")


def _skip_head_zone(infos: Sequence[LineInfo], heads: Sequence[int], start: int, end: int) -> int:
    """The first line of the article proper, past what sits between a headline and its text: the
    headline again, a deck, bylines, roles, handles, dates, captions and share buttons."""
    head_norm = norm_line(" ".join(infos[h].text for h in heads))
    n = start
    seen_deck = False
    while n <= end:
        info = infos[n]
        if info.blank:
            n += 1
            continue
        if (info.cue is not None or _HANDLE.match(info.text) or _NAME.match(info.text) or _is_role_line(info)
                or _similar(norm_line(info.text), head_norm)):
            n += 1
            continue
        if not seen_deck and info.prose and info.words <= 60 and _byline_follows(infos, n, end):
            seen_deck = True
            n += 1
            continue
        break
    return n if n <= end else start


def _byline_follows(infos: Sequence[LineInfo], n: int, end: int) -> bool:
    """Whether a byline, dateline or lone name comes within the next three lines (a deck precedes them)."""
    seen = 0
    for i in range(n + 1, end + 1):
        info = infos[i]
        if info.blank:
            continue
        if info.cue in ("byline", "dateline") or _NAME.match(info.text) or _HANDLE.match(info.text):
            return True
        seen += 1
        if seen >= 3:
            break
    return False


def _weigh_context(infos: Sequence[LineInfo], nonblank: Sequence[int], weights: list[float], *,
                   page: bool) -> None:
    """Weights that a line's neighbours change, in place:

    * on a scraped ``page`` (one with menus and furniture), a teaser (a linked headline run into
      its summary) weighs against the article; in a clean article the same shape is a lead
      ("Billionaire Donald Trump praised ...");
    * on a page, a paragraph printed again (a print
      copy, an AMP copy) counts once: its later copies weigh as furniture, so that the run ends
      with the first copy (a clean article that repeats a paragraph keeps both);
    * on a page, a summary under a title that the page shows twice (a linked title and its
      picture's caption) is a teaser;
    * a teaser block of related stories, a title, its writer's name and a summary ("Joker killed
      at the box office." under "What made Joker so popular?" / "Madeline Fry"), weighs its
      summary as a teaser: such a name line never stands between two parts of an article.
    """
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    keys: dict[int, str] = {}
    if page:
        for k, n in enumerate(nonblank):
            if 3 <= infos[n].words <= 25:
                keys[k] = norm_line(infos[n].text)
                counts[keys[k]] += 1
    for k, n in enumerate(nonblank):
        info = infos[n]
        if page and info.teaser and info.prose:
            weights[k] = -W_TEASER
        if page and k >= 1 and info.prose and weights[k] > 0:
            title = infos[nonblank[k - 1]]
            if not title.prose and k - 1 in keys and counts[keys[k - 1]] > 1:
                weights[k] = -W_TEASER  # a summary under a linked title the page shows twice
        if page and info.words >= 10:
            key = norm_line(info.text)
            if key in seen:
                weights[k] = -(W_FURNITURE + info.words)
            seen.add(key)
        if k >= 2 and info.prose and weights[k] > 0:
            name, title = infos[nonblank[k - 1]], infos[nonblank[k - 2]]
            # A byline ("By Ana Brill") is the article's own, under its headline: the paragraph
            # after it is the lede, never a teaser's summary.
            if (name.words <= 4 and _NAME.match(name.text) and name.cue is None and not title.prose
                    and title.words >= 3 and title.cue is None):
                weights[k] = -W_TEASER


# A run of this many headline-shaped lines in a row is a list of links to other stories.
_TEASER_RUN = 3
_HEADLINE_END = frozenset(".!\"”’'):;…")


def _teaser_runs(infos: Sequence[LineInfo], nonblank: Sequence[int]) -> list[int]:
    """Indices (into ``nonblank``) of lines in runs of headline teasers: ``_TEASER_RUN`` or more
    lines in a row, each of 3 to 20 words and none ending like a sentence ("Ferry fares to rise
    in spring", "Council backs new harbor wall", "Why the pier closed early").

    A page lists other stories as their headlines, one a line, under or above the article ("Most
    read", "More from the Ledger", a video playlist); an article's own short lines come one at a
    time (a subhead, then its paragraphs) or as a list whose items end like sentences or start
    with a marker (see ``_extend_list``). Such a headline may be dense in function words ("Why
    you can't trust the board on the harbor"), so alone it would weigh as prose.
    """
    out: list[int] = []
    run: list[int] = []
    for k, n in enumerate([*nonblank, -1]):
        info = infos[n] if n >= 0 else None
        if (info is not None and 5 <= info.words <= 20 and not _ends_like_sentence(info.text)
                and info.cue is None and _item_kind(info.text) is None):
            run.append(k)
            continue
        if len(run) >= _TEASER_RUN and not _lead_in(infos, nonblank, run[0]):
            out.extend(run)
        run = []
    return out


def _ends_like_sentence(text: str) -> bool:
    """Whether a line ends as a sentence does: a stop, a colon, or a closing quotation mark or
    bracket after a stop ('... he said.', '"We will reopen."'). A headline may end with a quoted
    phrase ("Mayor on the pier: 'We will reopen'"), which has no stop before its mark."""
    stripped = text.rstrip("\"”’')]")
    if len(stripped) < len(text):
        return bool(stripped) and stripped[-1] in ".!?…,;:"
    return text[-1] in _HEADLINE_END


def _lead_in(infos: Sequence[LineInfo], nonblank: Sequence[int], k: int) -> bool:
    """Whether the line before ``nonblank[k]`` introduces a list of the article's own ("The new
    version adds:", "Three things to know:"): a line of text, not a heading cue, ending in a colon."""
    if k == 0:
        return False
    prev = infos[nonblank[k - 1]]
    return prev.cue is None and prev.text.endswith(":")


# Words of article a run must have before a heading such as "Comments" or "Related stories" ends it.
_END_AFTER = 50.0
# A stretch of furniture this heavy inside the run ends the article, whatever prose follows it.
W_BARRIER = 40.0
BARRIER_RATIO = 2.0


def _cut_at_end(infos: Sequence[LineInfo], nonblank: Sequence[int], weights: Sequence[float],
                s: int, e: int, teasers: set[int]) -> int:
    """The run's last index, cut before the first end-of-article heading ("34 responses to ...",
    "More from the Ledger") met once the run holds an article's worth of text: comments and
    teasers below it are prose too, and enough of them would otherwise pull the run along.
    Then cut before a barrier (see :func:`_barrier`) that the rest of the run does not outweigh."""
    total = 0.0
    last_good = s
    for k in range(s, e + 1):
        info = infos[nonblank[k]]
        if total >= _END_AFTER and (info.cue == "end" and _COMMENTS_HEAD.search(info.text)
                                    or _author_box(infos, nonblank, k)):
            e = last_good
            break
        if weights[k] > 0:
            total += weights[k]
            last_good = k
    cut = _barrier(infos, nonblank, weights, s, e, teasers)
    return e if cut is None else cut


def _barrier(infos: Sequence[LineInfo], nonblank: Sequence[int], weights: Sequence[float],
             s: int, e: int, teasers: set[int]) -> int | None:
    """The last index of the article before the heaviest stretch of furniture inside the run
    ``s..e`` (a footer's menus, social buttons, link lists), or None when none ends it.

    A maximum-sum run crosses any stretch of furniture that the prose beyond it outweighs, and a
    page's footer is often followed by prose that is no article: a disclaimer, a mission
    statement, the summaries of related stories. A widget inside an article (a photo gallery, a
    box of related links) is followed by the rest of the article, which weighs several times
    more. So the stretch ends the article when it weighs at least ``W_BARRIER`` and the rest of
    the run less than ``BARRIER_RATIO`` times as much.
    """
    total = 0.0
    last_good = s
    low, low_from, low_at = 0.0, s, s  # the current minimum-sum stretch (Kadane), ending at k
    worst = (0.0, s, s)  # the heaviest stretch: (sum, article's last index before it, its last index)
    for k in range(s, e + 1):
        info = infos[nonblank[k]]
        if low >= 0:
            low, low_from = 0.0, last_good
        # Prose that its context marks down (a gallery's caption printed twice, a teaser's
        # summary) counts as little here: the stretch is made of menus, link lists and cue lines.
        # Headline teasers count as menu items, however dense in function words.
        if k in teasers:
            low += min(weights[k], -W_MENU)
        else:
            low += weights[k] if weights[k] > 0 or not info.prose else -W_TEASER
        low_at = k
        if total >= _END_AFTER and low < worst[0]:
            worst = (low, low_from, low_at)
        if weights[k] > 0:
            total += weights[k]
            last_good = k
    weight, before, at = worst
    if weight > -W_BARRIER:
        return None
    rest = sum(weights[at + 1:e + 1])
    if rest >= BARRIER_RATIO * -weight:
        return None
    return before


def _author_box(infos: Sequence[LineInfo], nonblank: Sequence[int], k: int) -> bool:
    """Whether line ``k`` opens an author box: a lone name, then (within two lines) a note on the
    same person ("Mara Quint" / "Follow" / "Mara Quint is a senior reporter ..."). The box ends
    the article."""
    name = infos[nonblank[k]]
    if name.words > 4 or not _NAME.match(name.text):
        return False
    for j in range(k + 1, min(k + 3, len(nonblank))):
        note = infos[nonblank[j]]
        if note.text.startswith(name.text) and _is_bio(note):
            return True
    return False


def _extend(infos: Sequence[LineInfo], nonblank: Sequence[int], e: int, menu: set[int]) -> int:
    """The article's last line, moved past up to two short closing sentences ("“You tell me,” he
    said.") that a maximum-sum run leaves out because short lines weigh against it."""
    for _ in range(2):
        if e + 1 >= len(nonblank):
            break
        n = nonblank[e + 1]
        info = infos[n]
        if (info.cue is not None or n in menu or info.navlike or info.truncated or info.words < 3
                or info.text[-1] not in ".!?\"”’" or info.lowers < 2):
            break
        e += 1
    return _extend_list(infos, nonblank, e)


_ITEM = re.compile(rf"^(?:\(?(\d{{1,3}})[.)]\s|([•·▪►*–-])\s|({_MONTH})\s+\d{{1,2}}\b|\d{{1,2}}(?:st|nd|rd|th)?\s+({_MONTH}))")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")


def _item_kind(s: str) -> str | None:
    """The kind of list item a line starts: "num" ("3) ...", "3. ..."), "bullet" or "date" ("June 9 -- ...")."""
    m = _ITEM.match(s)
    if m is None:
        return None
    return "num" if m.group(1) else "bullet" if m.group(2) else "date"


def _extend_list(infos: Sequence[LineInfo], nonblank: Sequence[int], e: int) -> int:
    """The article's last line, moved past a list that continues it: items of one kind (numbered,
    bulleted or dated, such as a tour's dates), maybe each followed by its link. Items are short
    and not prose, so the maximum-sum run stops at the first of them."""
    kind = None
    k = e + 1
    items = 0
    last = e
    if k + 1 < len(nonblank):
        intro = infos[nonblank[k]]
        if intro.cue is None and intro.text.endswith(":") and intro.words <= 25 and _item_kind(infos[nonblank[k + 1]].text):
            k += 1  # "The new stops are:"
    while k < len(nonblank):
        info = infos[nonblank[k]]
        if info.cue in ("boilerplate", "licence", "end") or info.words > 60:
            break
        if _URL_LINE.match(info.text) and items:
            k += 1
            continue
        this = _item_kind(info.text)
        if this is None or (kind is not None and this != kind):
            break
        kind = this
        items += 1
        last = k
        k += 1
    return last if items >= 2 else e


def _extend_back(infos: Sequence[LineInfo], nonblank: Sequence[int], s: int, lo: int, menu: set[int]) -> int:
    """The article's first line, moved back over up to eight lines of text between the headline and
    the run (a short opening paragraph, lines of code or a list) that a maximum-sum run leaves out."""
    for _ in range(8):
        if s - 1 <= lo:
            break
        n = nonblank[s - 1]
        info = infos[n]
        if (info.cue is not None or n in menu or info.navlike or info.truncated or info.teaser
                or info.words < 3 or info.lowers < 2 or info.text[-1] not in _TERMINAL):
            break
        s -= 1
    return s


def build_body(text: str, lines: Sequence[Line]) -> str:
    """Body lines, paragraphs (runs of body lines) separated by one blank line."""
    paras: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        if line.kind == "body":
            cur.append(text[line.start:line.end].strip())
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return "\n\n".join("\n".join(p) for p in paras)


def _layout(state: State, repeated: frozenset[str]) -> State:
    assert state.record is not None
    text = state.record.text
    html = bool(getattr(state.source, "html", False))
    lines = label_lines(text, repeated=repeated, html=html, title=getattr(state.source, "title", None))
    body = build_body(text, lines)
    return state.advance(NAME, record=state.record.replace(lines=lines, body=body))


def run(state: State, options: Options) -> State:
    """Label the lines of one document, with ``options.repeated_lines`` as repetition evidence.

    There is no ``run_batch``: a record depends on its document and on the options given, never
    on the other documents that happen to share its batch (one article gives the same record
    alone, with its syndicated copies, with ``--workers 2`` or through Ray). Lines repeated
    across a corpus are evidence only when learnt in a separate pass (:func:`repeated_lines`,
    ``onrecord boilerplate learn``) and passed in (``--boilerplate FILE``).
    """
    return _layout(state, options.repeated_lines)


# The file `onrecord boilerplate learn` writes and `--boilerplate` reads: a comment header, then
# one normalized line (norm_line) a line, sorted, so that the same corpus gives the same bytes.
BOILERPLATE_HEADER = "# onrecord boilerplate lines"


def format_repeated_lines(lines: Iterable[str], *, docs: int, min_docs: int) -> str:
    """The text of a boilerplate file: a header that says how it was learnt, then the lines."""
    body = sorted(set(lines))
    head = (f"{BOILERPLATE_HEADER}: {len(body)} short lines found in at least {min_docs} stories "
            f"of {docs} documents\n"
            "# (case, spacing and punctuation ignored; lines starting with # are comments)\n")
    return head + "".join(f"{ln}\n" for ln in body)


def parse_repeated_lines(text: str) -> frozenset[str]:
    """The lines of a boilerplate file (comments and blank lines skipped), normalized as
    :func:`norm_line` normalizes a page's lines, so that a hand-written file works too."""
    out = (norm_line(ln) for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))
    return frozenset(ln for ln in out if ln)
