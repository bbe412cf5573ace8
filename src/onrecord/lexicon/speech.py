"""Speech verbs by role: which words attribute a belief rather than a statement, which report,
hedge, address someone or introduce a quotation, as the attributions stage reads them."""

from __future__ import annotations

# Cue words that attribute a belief, a perception, an attitude or an intention rather than a
# statement (guidelines pp. 3-6: "thinks", "felt", "knows", "saw that", "plans", "hopes to",
# "intends", "dislikes", "was shocked that", support and opposition; issue #8 adds "wants",
# "pledged", "fears"). Declining and refusing express an intention (guidelines p. 27).
BELIEF_LEMMAS = frozenset({
    # beliefs, knowledge, perception
    "think", "believe", "feel", "know", "doubt", "suspect", "assume", "consider", "understand", "realize",
    "remember", "recall", "imagine", "envision", "see", "view", "regard", "expect", "trust", "belief",
    "opinion", "aware", "sure", "certain", "confident", "convinced", "skeptical",
    # how things look to someone: "They seem intent on ...", "he appears to be right" (PolNeAR marks
    # them, with no source more often than not; a reader's list of statements does not)
    "seem", "appear",
    # feelings about a fact, attitudes, support
    "fear", "worry", "hope", "wish", "like", "dislike", "love", "hate", "dread", "enjoy", "welcome", "prefer",
    "afraid", "happy", "glad", "concerned", "concern", "agree", "disagree", "support", "oppose", "favor",
    "back", "endorse", "reject", "opposition", "endorsement",
    # intentions and commitments
    "want", "plan", "intend", "seek", "aim", "decide", "determine", "vow", "pledge", "promise", "desire",
    "intention", "determined", "eager", "ready", "willing", "refuse", "decline",
    # commitments to act, like "promise" and "pledge": "offered to run the clinic", "threatened to strike"
    "offer", "threaten",
})
# Cues of reporting: with no source of their own they make the attribution a report ("Reports
# emerged that", "it was reported"), as an outlet or a document for a source does.
REPORT_CUES = frozenset({"report", "reportedly", "publish", "poll", "survey", "show", "find", "reveal"})
# Hedges that put the attribution at a distance (issue #8: "reportedly", "allegedly", "is said to").
HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "reputedly",
                    "ostensibly", "rumored", "rumoured"})
# Verbs whose object is whom the speaker addresses, not what is said ("told reporters that ...").
ADDRESSING = frozenset({"tell", "inform", "assure", "remind", "warn", "ask", "urge", "advise", "notify",
                        "brief", "caution", "promise", "convince", "persuade", "write", "email", "text"})
# Verbs whose object after "to" is whom the speaker addresses ("said to CNN", "wrote to the board").
SAID_TO = frozenset({"say", "speak", "explain", "write", "complain", "admit", "announce", "confide", "tweet"})
# Report verbs that, passive and with no agent, keep the attribution at a distance ("is said to",
# "was reported", "is believed to be").
HEDGED_PASSIVES = frozenset({"say", "report", "believe", "think", "rumor", "understand"})
# The saying verbs of "X was quoted as saying Y".
SAYING_LEMMAS = frozenset({"say", "call", "describe", "tell", "add", "warn", "claim", "state", "insist", "write"})
# Cues whose object is the message itself, not what the message is about: to report a loss is to
# state that there was one, to deny the charges is to state that they are false ("announced the
# deal", "criticized the plan" name a topic).
MESSAGE_OBJECT_CUES = frozenset({"report", "deny"})
# Cues that take a clause and never a noun phrase as what is said: a verb in the content is the
# clause's, even where the parse made it a modifier of its subject ("people signed up" read as
# "people who signed up").
CLAUSE_CUES = frozenset({"say"})

# Verbs whose subject the entities stage counts as a speaker when it ranks a pronoun's candidates
# (Lappin & Leass's weights, see stages/entities/coref.py), and which end a run of capitalized
# words in a title-case headline ("Sanders Said ..."): a wider net than a cue's, beliefs included.
SPEECH_LEMMAS = frozenset({
    "say", "tell", "add", "ask", "write", "state", "explain", "claim", "insist", "note", "argue",
    "announce", "warn", "suggest", "continue", "respond", "reply", "acknowledge", "admit", "deny",
    "believe", "think", "report", "tweet", "contend", "maintain", "declare", "testify", "recall",
})
