"""What one time expression means (:class:`Reading`) and where it lies (:class:`Candidate`): the
currency between the grammar, which finds and reads expressions, and the resolution to values."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reading:
    """What one expression means.

    ``kind`` says how to get its value:

    * ``abs``: ``value`` is the value ("2013", "P3Y", "PRESENT_REF", "XXXX-WXX-2");
    * ``shift``: the anchor moved by ``n`` units of ``unit`` (Y, Q, M, W, D, E for
      decades, C for centuries), written at that granularity, then ``fill`` appended
      ("December last year": unit Y, n -1, fill "-12");
    * ``nearest``: the occurrence of a month, month and day, weekday, season, quarter,
      half or holiday (``unit``; number ``n``, ``day``) nearest the anchor in
      ``direction`` (-1 on or before, +1 on or after, 0 left to the verb's tense);
      ``strict`` excludes the anchor's own period ("last Friday");
    * ``focus``: the quarter the document is talking about ("the quarter", "the
      year-ago quarter": ``n`` -1 years back);
    * ``ref``: PRESENT_REF, PAST_REF or FUTURE_REF in ``value``.

    ``part`` narrows the interval (START, MID, END for early/mid/late; EARLIER,
    LATER for "earlier this year"); ``span_dir`` places a duration before (-1,
    "the past three years") or after (+1, "the next two weeks") the anchor.
    """

    type: str
    value: str = ""
    kind: str = "abs"
    unit: str = ""
    n: int = 0
    day: int = 0
    fill: str = ""
    direction: int = 0
    strict: bool = False
    approx: bool = False
    part: str = ""
    span_dir: int = 0
    name: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    reading: Reading



# A rule's reader: a match (and the text) to a reading, optionally with the extent it covers when that
# is not the whole match; None when the match is no time expression.
Reader = Callable[[re.Match[str], str], "Reading | tuple[Reading, int, int] | None"]
