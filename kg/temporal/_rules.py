"""The rule registry, the shared pattern fragments and the helpers rules use.

Each rule is one regular expression and one normaliser; the families live in
``_dates`` (calendar dates), ``_relative`` (expressions resolved against the DCT or an
earlier mention) and ``_spans`` (durations and sets). :func:`kg.temporal.tag` keeps
the longest non-overlapping candidates and then calls the normalisers in document
order, so anaphoric expressions ("the following day", "the quarter") see earlier
mentions. A normaliser returns a :class:`Norm`, or None to drop the candidate.
Registration order breaks ties between candidates of equal length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from kg.temporal._calendar import add_months, day_value, week_value
from kg.temporal._context import Context
from kg.temporal._lexicon import (
    ORDINALS,
    SCHEDULE_WORDS,
    parse_number,
    unit_code,
)

__all__ = ["RULES", "Norm", "Rule", "rule", "scheduled_for"]


@dataclass(frozen=True, slots=True)
class Norm:
    """The TIMEX3 reading of one candidate span."""

    type: str
    value: str
    mod: str | None = None
    freq: str | None = None
    quant: str | None = None
    remember: bool = True
    #: True when the year was resolved from an earlier mention rather than the DCT.
    anchored: bool = False


Handler = Callable[[re.Match[str], Context], Norm | None]
Check = Callable[[re.Match[str], str], bool]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern with its normaliser and an optional context-free filter."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    check: Check | None = None


RULES: list[Rule] = []


def rule(name: str, pattern: str, check: Check | None = None) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        RULES.append(Rule(name, re.compile(pattern), fn, check))
        return fn

    return register


# ----------------------------------------------------------------------------- fragments
_FULL_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
#: A month name as a word on its own: capitalised full names or dotted abbreviations.
MON = rf"(?:{_FULL_MONTHS}|{_FULL_MONTHS.upper()}|(?:{_ABBR})\.|Sept\b)"
#: A month name before a day number, where undotted abbreviations are safe.
MON_D = rf"(?:{_FULL_MONTHS}|{_FULL_MONTHS.upper()}|(?:{_ABBR})\.?|(?:{_ABBR.upper()})\.?)"
#: The full stop of an abbreviated month, never a sentence's ("12 Sept. 2013", "12 March.").
ABBR_DOT = "(?:" + "|".join(f"(?<={a})" for a in f"{_ABBR}|{_ABBR.upper()}".split("|")) + r")\."
FULL_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
WDAY = rf"(?:(?:{FULL_DAYS})s?|{FULL_DAYS.upper()}|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat)\.)"
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[6-9]\d\d|20\d\d|2100)"
ORD_WORDS = "|".join(sorted(ORDINALS, key=len, reverse=True))
_SPELLED_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SPELLED_TENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_SPELLED_DECADES = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
SPELLED_YEAR = (
    rf"(?:(?:nineteen|eighteen)(?:[\s-]+hundred(?:\s+and)?)?[\s-]+"
    rf"(?:(?:{_SPELLED_DECADES})(?:[\s-]+(?:{_SPELLED_UNITS}))?|{_SPELLED_TENS}|oh[\s-]+(?:{_SPELLED_UNITS}))"
    rf"|two\s+thousand(?:\s+and)?(?:[\s-]+(?:{_SPELLED_TENS}|{_SPELLED_UNITS}))?)"
)
POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "nights": "NI"}
MODS = {
    "early": "START", "beginning": "START", "start": "START", "dawn": "START",
    "late": "END", "end": "END", "close": "END", "mid": "MID", "middle": "MID",
    "turn": "START",
}  # fmt: skip
AMOUNT_NOUN = re.compile(
    r"^\s*(?:%|percent|per\s*cent|million|billion|trillion|thousand|dollars|euros|pounds|"
    r"yen|shares|people|[a-z]+ers\b|units|votes|tons|barrels|acres|miles|feet|meters|"
    r"employees|workers|jobs|cars|computers|points|members|residents|troops|soldiers|"
    r"cases|deaths|copies|students|seats|homes|companies|-?[a-z]+-(?:cylinder|seat))",
    re.IGNORECASE,
)


#: Ordinal words for quarters.
QNUM = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}
QNUM |= {"4th": 4, "final": 4}


# ----------------------------------------------------------------------------- helpers
def prev_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z']+)[^A-Za-z']*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


def next_text(text: str, pos: int, n: int = 30) -> str:
    return text[pos : pos + n]


_SCHEDULED = re.compile(
    r"(?i)\b(?:" + "|".join(SCHEDULE_WORDS) + r")\b(?:\s+[\w'-]+){0,4}?\s+for\s+"
    r"(?:(?:the\s+)?(?:late|early|mid)\s+|(?:on\s+)?)?$"
)


def scheduled_for(text: str, pos: int) -> bool:
    """Tell whether a time at ``pos`` is the day something is set for ("set for May 2").

    Such a day lies ahead of the setting, whatever the tense of the clause: "the judge
    set sentencing for March 28" written in January names the coming March.
    """
    return _SCHEDULED.search(text, max(0, pos - 60), pos) is not None


def year_for_month(cx: Context, pos: int, month: int, day: int | None = None) -> int | None:
    """Pick the year of a month (and day) written without one, from the DCT and tense."""
    if cx.dct is None:
        return None
    dct = cx.dct
    tense = cx.tense(pos)

    def key(y: int) -> int:
        # Days since an epoch at day granularity, month index times 31 otherwise.
        if day is None:
            return (y * 12 + month) * 31
        return (y * 12 + month) * 31 + day

    ref = (dct.year * 12 + dct.month) * 31 + (dct.day if day is not None else 0)
    gap = key(dct.year) - ref
    prev = prev_word(cx.text, pos)
    if (
        prev in _START_PREPS
        or (tense != "past" and prev in _FORWARD_PREPS)
        or scheduled_for(cx.text, pos)
    ):
        tense = "future"  # "effective September 29", "until July 20", "set for May 2"
    elif prev == "since":
        tense = "past"  # "on patrol since March"
    # The DCT's year unless the tense clearly points a season away.
    if tense == "future":
        return dct.year + 1 if gap < -90 else dct.year
    if tense == "past" and day is None and gap > 31:
        return dct.year - 1  # "grounded the plane in March" written in January
    # News reports mostly look back: a date a season ahead of the DCT is last year's,
    # but a date just after the turn of the year is the coming one.
    if gap > 90 and not (tense in ("present", None) and gap <= 186):
        return dct.year - 1
    if gap < -230 and tense != "past":
        return dct.year + 1
    return dct.year


_START_PREPS = frozenset({"starting", "effective", "beginning"})
_FORWARD_PREPS = frozenset({"until", "till", "by", "through"})


def month_year_value(y: int | None, month: int) -> str:
    return f"{y:04d}-{month:02d}" if y is not None else f"XXXX-{month:02d}"


def day_text_value(y: int | None, month: int, day: int) -> str | None:
    try:
        date(2000 if y is None else y, month, day)
    except ValueError:
        return None
    return f"{y:04d}-{month:02d}-{day:02d}" if y is not None else f"XXXX-{month:02d}-{day:02d}"


def digits(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def rel_shift(rel: str | None) -> int | None:
    """Map "last"/"this"/"next" (and synonyms) to -1/0/+1."""
    if rel is None:
        return 0
    r = re.sub(r"\s+", " ", rel.lower()).removeprefix("the ")
    if r in ("last", "past", "previous", "prior", "this past", "preceding"):
        return -1
    if r in ("next", "coming", "following", "this coming", "ensuing", "upcoming"):
        return 1
    if r in ("this", "current", "present", "same", "that", "that same", "that very", "very"):
        return 0
    return None


def unit_value(d: date, unit: str) -> str:
    """Return the value of the calendar unit holding ``d`` ("year" -> "2024")."""
    if unit == "year":
        return f"{d.year:04d}"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "week":
        return week_value(d)
    if unit == "weekend":
        return week_value(d) + "-WE"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    return day_value(d)


def move(d: date, unit: str, n: int) -> date:
    if unit in ("year", "decade", "century"):
        step = {"year": 1, "decade": 10, "century": 100}[unit]
        try:
            return d.replace(year=d.year + n * step)
        except ValueError:  # 29 February
            return d.replace(year=d.year + n * step, day=28)
    if unit == "quarter":
        return add_months(d, 3 * n)
    if unit == "month":
        return add_months(d, n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    return d + timedelta(days=n)


def from_day_value(value: str) -> date | None:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# ----------------------------------------------------------------------------- amounts
APPROX = (
    r"about|nearly|almost|more\s+than|less\s+than|at\s+least|up\s+to|over|roughly|approximately|"
    r"some|only|just|no\s+more\s+than|no\s+less\s+than|under|fewer\s+than|close\s+to|around|"
    r"at\s+most|upwards\s+of|well\s+over|barely|a\s+full"
)
APPROX_MOD = {
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
    "over": "MORE_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "fewer than": "LESS_THAN", "no less than": "EQUAL_OR_MORE", "close to": "LESS_THAN",
}  # fmt: skip


def unit_and_amount(n_text: str, unit_text: str) -> tuple[float | None, str]:
    code = unit_code(unit_text)
    amount = parse_number(n_text)
    if unit_text.lower().startswith("fortnight") and amount is not None:
        amount *= 2
    if code == "M" and unit_text.lower().startswith("min"):
        code = "TM"
    return amount, code
