"""Property tests: any text and any DCT give well-formed expressions."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.temporal import tag

_DATE = (
    r"(?:\d{4}|XXXX|\d{3}|\d{2})"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?|-Q[1-4X]|-H[12]"
    r"|-(?:SP|SU|FA|WI))?"
    r"(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?Z?|MO|AF|EV|NI))?"
)
_DURATION = r"P(?:(?:\d+|X)(?:Y|M|W|D|Q|WE|DE|CE))*(?:T(?:(?:\d+|X)[HMS])+)?"
TIMEX3_VALUE = re.compile(rf"^(?:PRESENT_REF|PAST_REF|FUTURE_REF|{_DATE}|{_DURATION})$")

# Text built from pieces that trigger the rules, mixed with arbitrary characters.
_PIECES = st.sampled_from(
    [
        "on ", "Thursday", " Sept. 29", ", 2024", "last ", "next ", "week", "the ", "first ",
        "quarter", "1990s", " 30 days", " ago", "May ", "may", "March", "fall", "every ",
        "10 a.m.", "tonight", "within ", " of the ruling", "two-year", "recently", "now",
        "2017", "$30 million", "6/20/2024", "2024-06-20", "a year earlier", "-", ".", "\n",
        "twenty-four", " hours", "nineteen ninety-six", "the following day", "mid-",
    ]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join),
)
DCTS = st.one_of(
    st.none(),
    st.sampled_from([date.min, date.max, date(2000, 2, 29)]),
    st.dates(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, dct=DCTS)
def test_tag_is_total_and_well_formed(text: str, dct: date | None) -> None:
    exprs = tag(text, dct)
    previous_end = 0
    for e in exprs:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.start >= previous_end  # sorted, not overlapping
        previous_end = e.end
        assert e.type in ("DATE", "TIME", "DURATION", "SET")
        assert TIMEX3_VALUE.match(e.value), e.value
        assert e.relation in ("on", "before", "after", "from", "until", "within")


@settings(max_examples=100, deadline=None)
@given(text=TEXTS, dct=DCTS, tense=st.sampled_from(["past", "present", "future", None]))
def test_any_tense_hint_is_accepted(text: str, dct: date | None, tense: str | None) -> None:
    for e in tag(text, dct, tense_hint=lambda offset: tense):
        assert text[e.start : e.end] == e.text
