"""The layout stage's patterns and keyword sets: what bylines, datelines, captions, page
furniture (boilerplate), licence lines, authors' notes and end-of-article headings look like.

Names with a leading underscore are the layout package's own (its other modules import them);
the public ones are shared with the meta stage, which reads the same lines:

* ``MONTH_PATTERN``: a month's name or abbreviation, "Sept." (regex source, not compiled);
* ``DATE_PATTERN``: a written date, "March 7, 2017", "7 March 2017", "2017-03-07" (regex source);
* ``ROLE_PATTERN``: a job title or beat on a byline, "Senior Business Reporter" (compiled);
* ``CLOSING_BIO``: an op-ed's closing line about its author (compiled, with the groups ``name``,
  ``apposition`` and ``role``).
"""

from __future__ import annotations

import re

from ...lexicon.calendar import MONTH_WRITTEN, WEEKDAY_WRITTEN

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TAG = re.compile(r"<[^<>]*>")
_WORD = re.compile(r"\w+")

#: A month's name or abbreviation (regex source, not compiled); shared with the meta stage.
MONTH_PATTERN = MONTH_WRITTEN
_WEEKDAY = WEEKDAY_WRITTEN
#: A written date, "March 7, 2017", "7 March 2017", "2017-03-07", "07/03/2017" (regex source);
#: shared with the meta stage.
DATE_PATTERN = (rf"(?:{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
                rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN},?\s+\d{{4}}"
                rf"|{MONTH_PATTERN}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.+Z-]+)?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})")
_TIME = r"(?:\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)(?:\s+[A-Z]{2,4})?"
_DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
# What may surround a date on a line that gives only the date: "Published 3:14 PM ET, Tue March 7, 2017".
_DATE_FILLER = re.compile(
    rf"{DATE_PATTERN}|{_TIME}|{_WEEKDAY}|\b(?:published|updated|posted|last|first|modified|on|at|am|pm|"
    r"et|est|edt|ct|cst|cdt|pt|pst|pdt|gmt|bst|utc|ist|cet|local|time|today|yesterday|\d+\s+(?:min(?:ute)?s?|hours?|"
    r"hrs?|days?)\s+ago|\d+\s+min(?:ute)?s?\s+read|(?:reading|read)\s+time)\b|[\s,.|:·•/()\-–—]+",
    re.IGNORECASE,
)
# A dateline standing on its own line: "BUFFALO, N.Y. (AP) --", "BRUSSELS, December 2 (Xinhua) --".
_PLACE_DATELINE = re.compile(
    rf"^[A-Z][A-Z.'’\- ]+(?:,\s*[A-Z][\w.'’ ]*?)*(?:,\s*{MONTH_PATTERN}\s+\d{{1,2}})?\s*(?:\([A-Za-z][\w .&-]{{1,30}}\))?"
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
_NAME_DATE = re.compile(rf"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{1,3}}\s*[-–—|,·•]\s*(?:{_WEEKDAY},?\s*)?{DATE_PATTERN}")
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
#: Job titles and beats that follow a name on a byline ("Senior Business Reporter", "Opinion Columnist");
#: shared with the meta stage.
ROLE_PATTERN = re.compile(
    r"\b(?:reporter|writer|correspondent|columnist|editor|contributor|producer|journalist|analyst|"
    r"critic|chief|staff|bureau|desk|freelance|contributing|senior|news|associate|intern|blogger|"
    r"photographer|author|anchor|host|fellow)s?\b",
    re.IGNORECASE,
)


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


# Words one of which a line must hold for the matching pattern to be tried at all: the patterns are
# long alternations (a hundred microseconds a line), and most lines of a page hold none of these
# words, which a set intersection finds at once (keeps layout cheap: see the evaluation's timing).
_LICENCE_KEYS = frozenset(["copyright", "c", "rights", "reserved", "may", "without", "republish", "republished", "republishing", "reproduce", "non", "commercial", "personal", "presentation", "order", "reproduced", "reproduction", "creative", "licence", "license", "licensed", "licenced", "reprint", "reprints", "syndication", "free", "include", "broadcast", "publish"])
_CAPTION_KEYS = frozenset(["gallery", "slide", "photo", "photos", "photograph", "image", "images", "credit", "getty", "ap", "afp", "reuters", "epa", "shutterstock", "logo", "illustration", "picture", "caption", "video", "graphic", "courtesy", "pic", "source", "media", "file", "via"])
_STRONG_KEYS = frozenset(["follow", "like", "find", "join", "connect", "sign", "subscribe", "newsletter", "newsletters", "inbox", "cookie", "cookies", "update", "upgrade", "switch", "support", "donate", "become", "choices", "adchoices", "sell", "font", "text", "skip", "back", "click", "tap", "tips", "share", "sharing", "copy", "comment", "comments", "affiliate", "commission", "download", "javascript", "browser", "blocker", "adblocker", "report", "print", "thanks", "watching", "playback", "delivered", "opt", "send", "opens", "get", "receive", "earn", "buy", "purchase", "moderate", "moderated", "moderating", "moderation", "moderator", "moderators", "remove", "delete", "edit", "community", "related", "see", "read", "also", "more", "video", "insight", "reaction", "picture", "pictures", "photo", "photos", "gallery", "poll", "live", "analysis", "latest", "watch"])
_WEAK_KEYS = frozenset(["read", "continue", "more", "related", "may", "might", "popular", "most", "editor", "editors", "top", "latest", "contact", "about", "site", "sitemap", "work", "advertise", "privacy", "terms", "posted", "filed", "previous", "next", "see", "also", "recommended", "watch", "listen", "tag", "tags", "topic", "topics", "categories", "says", "rating", "vote", "votes", "app", "google", "newsletter", "newsletters"])
_END_KEYS = frozenset(["comment", "comments", "response", "responses", "replies", "reactions", "discussion", "rated", "more", "most", "top", "latest", "related", "recommended", "trending", "popular", "also", "further", "other", "around", "up", "read", "what", "you", "don", "miss", "editor", "editors", "sponsored", "promoted", "from", "in", "recent", "previous", "next"])

# A social-media handle on a line of its own, under a byline: "@maraquint".
_HANDLE = re.compile(r"^@\w{2,30}$")
# The start of a list item: "3) ...", "3. ...", "• ...", a tour's "June 9 -- ..." (see lines._item_kind).
_ITEM = re.compile(rf"^(?:\(?(\d{{1,3}})[.)]\s|([•·▪►*–-])\s|({MONTH_PATTERN})\s+\d{{1,2}}\b|\d{{1,2}}(?:st|nd|rd|th)?\s+({MONTH_PATTERN}))")
# A line that is only a web address (a list item's link).
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
