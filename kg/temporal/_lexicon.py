"""Words and regular-expression fragments the temporal rules are built from."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

__all__ = [
    "FUTURATE_VERBS",
    "LATER_NOUNS",
    "MONTHS",
    "NUM_RE",
    "ORDINALS",
    "PREVIOUS_WORDS",
    "REGIONAL_ZONES",
    "SCHEDULE_WORDS",
    "SEASONS",
    "UNITS",
    "UNIT_RE",
    "UTC_ZONES",
    "VAGUE_REFERENCES",
    "WEEKDAYS",
    "month_number",
    "parse_number",
    "parse_spelled_year",
    "unit_code",
    "weekday_number",
]


def _load(name: str) -> Any:
    return json.loads(resources.files("kg").joinpath("resources/lexicon", name).read_text("utf-8"))


_TIMEX = _load("timex.json")
#: Zone names whose clock times are written in UTC ("12:00 UTC" -> "T12:00Z").
UTC_ZONES: frozenset[str] = frozenset(_TIMEX["utc_zones"])
#: Zone names whose clock times keep the local clock ("9 a.m. EST" -> "T09:00").
REGIONAL_ZONES: frozenset[str] = frozenset(_TIMEX["regional_zones"])
#: Phrase (lowercase, single spaces) -> PRESENT_REF, PAST_REF or FUTURE_REF.
VAGUE_REFERENCES: dict[str, str] = dict(_TIMEX["vague_references"])
#: Nouns of an unanchored later time ("at a later date").
LATER_NOUNS: tuple[str, ...] = tuple(_TIMEX["later_nouns"])
#: Words after a unit that point one unit back ("the year previous").
PREVIOUS_WORDS: tuple[str, ...] = tuple(_TIMEX["previous_words"])
#: Present-tense verbs of scheduled events ("the strike begins Monday").
FUTURATE_VERBS: tuple[str, ...] = tuple(_TIMEX["futurate_verbs"])
#: Words that put a day ahead when it follows them with "for" ("set sentencing for
#: March 28", "scheduled for Monday").
SCHEDULE_WORDS: tuple[str, ...] = tuple(_TIMEX["schedule_words"])

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5,
    "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

_SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23,
    "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27,
    "twenty-eighth": 28, "twenty-ninth": 29, "thirty-first": 31,
}  # fmt: skip

#: Vague quantities: the count is unknown, so the TIMEX3 value uses ``X``.
_VAGUE = ("several", "a few", "few", "many", "some", "a number of", "numerous", "recent")

#: Time units and their TIMEX3 duration letters; time-of-day units go after ``T``.
UNITS: dict[str, str] = {
    "second": "S", "sec": "S", "minute": "M", "min": "M", "hour": "H", "hr": "H",
    "day": "D", "night": "D", "week": "W", "fortnight": "W", "month": "M", "quarter": "Q",
    "year": "Y", "yr": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
    "weekend": "WE",
}  # fmt: skip

_NUMBER_WORDS = sorted([*_SMALL, *_TENS, "hundred", "thousand", "dozen"], key=len, reverse=True)
_WORD = "|".join(_NUMBER_WORDS)
#: A cardinal: digits, "twenty-four", "a hundred", "two and a half", or a vague quantity.
NUM_RE = (
    r"(?:\d+(?:\.\d+)?(?:\s+1/2)?"
    rf"|(?:(?:a|one)\s+(?=hundred|thousand|dozen))?(?:{_WORD})(?:[-\s](?:{_WORD}))*(?:\s+and\s+a\s+half)?"
    r"|a\s+couple\s+of|a\s+couple|a\s+few|a\s+number\s+of|several|few|many|some|numerous"
    r"|an?(?:\s+(?:full|additional|extra|further))?"
    r"|dozens\s+of|hundreds\s+of|thousands\s+of)"
)
#: A time unit, singular or plural ("trading days", "business days" included).
UNIT_RE = (
    r"(?:(?:trading|business|working|calendar)\s+)?"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?"
    r"|years?|decades?|century|centuries|weekends?)"
)

_SPACE_HYPHEN = re.compile(r"[\s-]+")


def month_number(word: str) -> int:
    """Return 1..12 for a month name or abbreviation ("Sept." -> 9)."""
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """Return the ISO weekday 1..7 for a weekday name or abbreviation."""
    w = word.lower().rstrip(".")
    if w.endswith("s") and w[:-1] in WEEKDAYS:
        w = w[:-1]
    return WEEKDAYS[w]


def unit_code(word: str) -> str:
    """Return the TIMEX3 letter(s) of a unit word ("months" -> "M", "hours" -> "H")."""
    w = _SPACE_HYPHEN.split(word.lower())[-1]
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s") and w[:-1] in UNITS:
        w = w[:-1]
    return UNITS[w]


def parse_number(text: str) -> float | None:
    """Return the value of a cardinal written in digits or words; None when vague.

    Args:
        text: "30", "twenty-four", "a", "two and a half", "a couple of", "several".

    Returns:
        The number, or None for vague quantities ("several", "a few").
    """
    t = text.lower().strip()
    half = 0.0
    if t.endswith("and a half"):
        t = t[: -len("and a half")].strip()
        half = 0.5
    if t.endswith(" 1/2"):
        t = t[:-4].strip()
        half = 0.5
    t = re.sub(r"\s+(?:full|additional|extra|further)$", "", t)
    if t in ("a", "an", "one", "a single", "single"):
        return 1 + half
    if t.startswith(("a couple", "couple")):
        return 2 + half
    if t in _VAGUE or t.endswith(" of") or t == "a number of":
        return None
    try:
        return float(t) + half
    except ValueError:
        pass
    total = 0
    current = 0
    seen = False
    for part in _SPACE_HYPHEN.split(t):
        if part in ("a", "and"):
            continue
        if part in _SMALL:
            current += _SMALL[part]
        elif part in _TENS:
            current += _TENS[part]
        elif part == "dozen":
            current = max(current, 1) * 12
        elif part == "hundred":
            current = max(current, 1) * 100
        elif part == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + current + half


def parse_spelled_year(text: str) -> int | None:
    """Return the year named by words ("nineteen ninety-six" -> 1996), else None."""
    t = text.lower().replace("-", " ").split()
    if not t:
        return None
    if t[:2] == ["two", "thousand"]:
        rest = [w for w in t[2:] if w != "and"]
        n = parse_number(" ".join(rest)) if rest else 0
        return None if n is None else 2000 + int(n)
    if t[0] in ("nineteen", "eighteen", "twenty") and len(t) >= 2:
        head = 19 if t[0] == "nineteen" else 18 if t[0] == "eighteen" else 20
        rest = [w for w in t[1:] if w != "hundred"]
        n = parse_number(" ".join(rest)) if rest else 0
        if n is None or n >= 100:
            return None
        return head * 100 + int(n)
    return None
