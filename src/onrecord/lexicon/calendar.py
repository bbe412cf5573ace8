"""Calendar words: months, weekdays, seasons, parts of the day and holidays, with what each stands for.

The one place these words are written; the times stage reads dates with them and the quantities stage
tells a day of the month ("March 7") from a count.
"""

from __future__ import annotations

from datetime import date, timedelta

#: Month names and their abbreviations -> the month's number.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
#: The twelve month names written out, in order.
MONTH_NAMES: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july", "august",
                                "september", "october", "november", "december")
#: A month name or abbreviation, with its full stop ("Sept."), as regex text to compile with IGNORECASE.
MONTH_PATTERN = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
                 r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
#: A month as a page prints it above an article, capitalized ("March", "Sept."): regex text that
#: matches case-sensitively (layout and meta read datelines and bylines with it).
MONTH_WRITTEN = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                 r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
#: A weekday as a page prints it, capitalized, in full or cut ("Tues.", "Thursday").
WEEKDAY_WRITTEN = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?"
#: Weekday names and their abbreviations -> the ISO weekday (1 Monday .. 7 Sunday).
WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3, "thursday": 4,
    "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}
#: Seasons -> their TIMEX3 code.
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
#: Parts of the day -> their TIMEX3 code (or the clock time they name).
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "daytime": "DT", "midday": "12:00", "noon": "12:00", "midnight": "24",
}


def easter(year: int) -> date:
    """Easter Sunday of ``year`` (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (1 Monday .. 7 Sunday) of a month; ``n == -1`` for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


# Holidays that news dates events by: name -> the day in a given year.
HOLIDAYS = {
    "christmas": lambda y: date(y, 12, 25),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24),
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "thanksgiving": lambda y: nth_weekday(y, 11, 4, 4),
    "thanksgiving day": lambda y: nth_weekday(y, 11, 4, 4),
    "easter": easter,
    "easter sunday": easter,
    "good friday": lambda y: easter(y) - timedelta(days=2),
    "independence day": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "memorial day": lambda y: nth_weekday(y, 5, 1, -1),
    "labor day": lambda y: nth_weekday(y, 9, 1, 1),
    "veterans day": lambda y: date(y, 11, 11),
    "boxing day": lambda y: date(y, 12, 26),
    "may day": lambda y: date(y, 5, 1),
    # US federal elections: the Tuesday after the first Monday of November
    "election day": lambda y: nth_weekday(y, 11, 1, 1) + timedelta(days=1),
}
