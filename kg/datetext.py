"""TIMEX3 date values written for people: ``2017-12-12TEV`` -> "12 Dec 2017, evening".

The page and the ``kg events`` table show dates this way; TIMEX3 codes stay in JSON
Lines and RDF, where programs read them. Pure functions, no I/O.

Examples:
    >>> timex_to_text("2017-12-12TEV")
    '12 Dec 2017, evening'
    >>> timex_to_text("2024-06")
    'June 2024'
    >>> timex_to_text("2024-W25")
    'week of 17 Jun 2024'
    >>> describe_date("2017-12-12", relation="until")
    'until 12 Dec 2017'
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["describe_date", "timex_to_text"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PARTS_OF_DAY = {
    "MO": "morning",
    "MI": "midday",
    "AF": "afternoon",
    "EV": "evening",
    "NI": "night",
    "DT": "daytime",
}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_HALVES = {"1": "first half", "2": "second half"}
_REFS = {"PRESENT_REF": "now", "PAST_REF": "the past", "FUTURE_REF": "the future"}
_UNITS = {
    "Y": "year",
    "M": "month",
    "W": "week",
    "D": "day",
    "DE": "decade",
    "CE": "century",
    "H": "hour",
    "MIN": "minute",
    "S": "second",
    "Q": "quarter",
}


def _day(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1][:3]} {d.year}"


def _clock(text: str) -> str | None:
    """Return "14:30" for ``14:30``, ``14:30:00`` or ``14``; a part of the day by name."""
    if text in _PARTS_OF_DAY:
        return _PARTS_OF_DAY[text]
    m = re.fullmatch(r"(\d{2})(?::(\d{2}))?(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", text)
    if m is None:
        return None
    return f"{m[1]}:{m[2] or '00'}"


def _duration(value: str) -> str | None:
    m = re.fullmatch(r"PT?(\d+|X)(DE|CE|MIN|[YMWDHSQ])", value)
    if m is None:
        return None
    count, unit = m[1], m[2]
    if value.startswith("PT") and unit == "M":
        unit = "MIN"
    name = _UNITS[unit]
    if count == "X":
        return "centuries" if unit == "CE" else f"{name}s"
    return f"{count} {name}" + ("" if count == "1" else "s")


def _calendar(value: str) -> str | None:  # noqa: C901 - one branch per TIMEX3 form
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T(.+))?", value):
        text = _day(date(int(m[1]), int(m[2]), int(m[3])))
        if m[4]:
            clock = _clock(m[4])
            if clock is None:
                return None
            text += f", {clock}"
        return text
    if m := re.fullmatch(r"(\d{4})-(\d{2})(?:-XX)?", value):
        return f"{_MONTHS[int(m[2]) - 1]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})(?:-XX(?:-XX)?)?", value):
        return m[1]
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return f"Q{m[2]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        return f"{_HALVES[m[2]]} of {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return f"{_SEASONS[m[2]]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return f"weekend of {_day(monday + timedelta(days=5))}"
        return f"week of {_day(monday)}"
    if m := re.fullmatch(r"(\d{3})X?", value):
        return f"the {m[1]}0s"
    if m := re.fullmatch(r"(\d{2})", value):
        return f"the {m[1]}00s"
    if m := re.fullmatch(r"XXXX-(\d{2})-(\d{2})", value):
        return f"{int(m[2])} {_MONTHS[int(m[1]) - 1][:3]} (year unknown)"
    if m := re.fullmatch(r"XXXX-(\d{2})", value):
        return f"{_MONTHS[int(m[1]) - 1]} (year unknown)"
    if m := re.fullmatch(r"XXXX-WXX-([1-7])", value):
        return f"a {_WEEKDAYS[int(m[1]) - 1]}"
    return None


def timex_to_text(value: str | None) -> str:
    """Write a TIMEX3 value as people read it.

    Args:
        value: A TIMEX3 value: a day (with a time or a part of the day), month, year,
            quarter, half, season, week, decade, century, weekday, duration or a
            ``*_REF``.

    Returns:
        The date for people ("12 Dec 2017, evening", "June 2024", "week of 17 Jun
        2024", "30 days"); "undated" for no value; the value itself when it is not a
        TIMEX3 form (so nothing is lost).
    """
    if not value:
        return "undated"
    value = value.strip()
    if value in _REFS:
        return _REFS[value]
    try:
        text = _calendar(value) if not value.startswith("P") else _duration(value)
    except ValueError:  # a day that is not on the calendar: 2023-02-30, week 54
        text = None
    return text if text is not None else value


def describe_date(value: str | None, *, relation: str | None = None, inferred: bool = False) -> str:
    """Write an event's date for people, with how the event relates to it.

    Args:
        value: The TIMEX3 value, or None for an undated event.
        relation: ``on`` (left unsaid), ``before``, ``after``, ``from``, ``until`` or
            ``within``.
        inferred: The date was inferred (from the article's date or context): the
            text starts with "≈".

    Returns:
        Text such as "until 12 Dec 2017", "≈ June 2024" or "undated".
    """
    if not value:
        return "undated"
    text = timex_to_text(value)
    if relation and relation != "on":
        text = f"{relation} {text}"
    return f"≈ {text}" if inferred else text
