"""Rules for durations ("30 days", "several weeks", "two-year") and sets ("every week")."""

from __future__ import annotations

import re

from kg.temporal._calendar import duration_value
from kg.temporal._context import Context
from kg.temporal._lexicon import NUM_RE, UNIT_RE, month_number, parse_number, unit_code
from kg.temporal._rules import APPROX, APPROX_MOD, MON, POD, Norm, prev_word, rule, unit_and_amount

_SET_PREV = frozenset({"once", "twice", "thrice", "times", "percent", "cents", "dollars", "a"})


@rule(
    "duration",
    rf"(?i:\b(?:(?P<det>the)\s+)?"
    r"(?:(?P<rel>past|last|next|first|coming|previous|following|final|remaining|initial|latest|"
    r"ensuing|preceding|subsequent|same|entire|whole|full|recent)\s+)?"
    rf"(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM_RE})(?:\s*(?:to|or|-|and)\s*(?P<n2>{NUM_RE}))?[\s-]+"
    r"(?:(?:more|additional|consecutive|straight|full|long|successive|trading|business|working)\s+)?"
    rf"(?P<u>{UNIT_RE})\b(?P<half>\s+and\s+a\s+half\b)?(?P<tail>\s+or\s+so|[\s-]+old|\s+long|\s+running)?)",
)
def _duration(m: re.Match[str], cx: Context) -> Norm | None:
    if m["u"][0].isupper() and not m["u"].isupper():
        return None  # a title: "60 Minutes"
    unit_text = m["u"].lower()
    n_text = re.sub(r"\s+", " ", m["n"].lower())
    amount, code = unit_and_amount(n_text, unit_text)
    plural = unit_text.endswith("s")
    if n_text in ("a", "an") and code in ("S", "Q") or (n_text in ("a", "an") and plural):
        return None  # "a second time", "a quarter of the shares"
    if code == "WE" or re.fullmatch(r"1[6-9]\d\d|20\d\d", n_text):
        return None
    if code == "Q" and re.match(r"\s+of\b", cx.text[m.end() : m.end() + 4]):
        return None  # a fraction: "three-quarters of the market"
    if m["tail"] and "old" in m["tail"].lower():
        return None  # an age: "a 6-year-old"
    if _round_the_clock(cx.text, m.start(), m.end()):
        return None  # "24 hours a day, seven days a week": all the time, not a span
    if m["n2"]:
        amount = None
    elif m["half"] and amount is not None:
        amount += 0.5  # "an hour and a half"
    mod = APPROX_MOD.get(re.sub(r"\s+", " ", (m["approx"] or "").lower()))
    if m["tail"] and "or so" in m["tail"].lower():
        mod = "APPROX"
    rel = (m["rel"] or "").lower()
    value = duration_value(amount, code)
    if n_text in ("a", "an", "one", "per") and not m["det"] and not rel and not m["approx"]:
        prev = prev_word(cx.text, m.start())
        before = cx.text[max(0, m.start() - 3) : m.start()]
        if prev in _SET_PREV or re.search(r"[\d%]\s*$", before):
            return Norm("SET", value, freq="1X" if prev == "once" else None)
    if rel == "recent" and amount is None:
        return Norm("DATE", "PAST_REF")
    return Norm("DURATION", value, mod)


#: The idiom "24 hours a day", "seven days a week", "365 days a year" (all the time).
_ROUND_THE_CLOCK = re.compile(
    r"(?i)\b(?:(?:24|twenty-four)\s+hours\s+a\s+day|(?:7|seven)\s+days\s+a\s+week|"
    r"365\s+days\s+a\s+year)\b"
)


def _round_the_clock(text: str, start: int, end: int) -> bool:
    """Tell whether ``text[start:end]`` is part of a "24 hours a day" idiom."""
    return any(
        m.start() <= start and end <= m.end()
        for m in _ROUND_THE_CLOCK.finditer(text, max(0, start - 20), end + 12)
    )


@rule(
    "long_adjective",
    r"(?i:\b(?P<u>second|minute|hour|day|night|week|month|year|decade|century|centurie)(?P<pl>s)?"
    r"-long\b)",
)
def _long_adjective(m: re.Match[str], cx: Context) -> Norm | None:
    """Read "a day-long strike" as P1D and "a decades-long feud" as a vague span."""
    if not m["u"].islower():
        return None
    amount, code = unit_and_amount("several" if m["pl"] else "one", m["u"])
    return Norm("DURATION", duration_value(amount, code))


@rule(
    "vague_duration",
    r"(?i:\b(?:(?P<det>the)\s+)?(?P<rel>past|last|next|coming|recent|first|previous|following)\s+"
    r"(?P<u>years|months|weeks|days|hours|decades|quarters|minutes)\b)",
)
def _vague_duration(m: re.Match[str], cx: Context) -> Norm | None:
    if m["rel"].lower() == "past" and not m["det"]:
        return Norm("DATE", "PAST_REF")
    # "recent years" is a stretch of vague length, as TimeBank annotates it.
    amount, code = unit_and_amount("several", m["u"])
    return Norm("DURATION", duration_value(amount, code))


@rule(
    "bare_plural_duration",
    r"(?i:\b(?P<pre>for|within|in|over|after|take|takes|took|lasted|lasting|spent|spend)\s+"
    r"(?P<span>hours|days|weeks|months|years|decades|centuries)\b(?!\s+(?:of|old|ago|earlier|later|before|after)\b))",
)
def _bare_plural(m: re.Match[str], cx: Context) -> Norm | None:
    amount, code = unit_and_amount("several", m["span"])
    return Norm("DURATION", duration_value(amount, code))


@rule(
    "the_plural_duration",
    r"(?i:\b(?:in|over|during|within|for)\s+(?P<span>the\s+(?:(?:early|following|ensuing|intervening)\s+)?"
    r"(?P<u>days|weeks|months|years|decades)(?:\s+(?:ahead|to\s+come))?)\b"
    r"(?!\s+(?:of|before|after|since|ago|earlier|later|when|between)\b|\s+\d))",
)
def _the_plural(m: re.Match[str], cx: Context) -> Norm | None:
    """Read "over the years", "in the weeks ahead" as a stretch of vague length."""
    amount, code = unit_and_amount("several", m["u"])
    return Norm("DURATION", duration_value(amount, code))


_MONEY_NOUNS = re.compile(
    r"\s+(?:cash\s+)?(?:dividends?|volume|turnover|results|loss|losses|profits?|earnings|payments?|"
    r"payout|rate|sales|revenue|interest|net|of\b|basis\s+points)"
)
_SET_UNITS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "annual": "P1Y", "hourly": "PT1H", "quarterly": "P3M", "nightly": "P1D", "biweekly": "P2W",
    "semiannually": "P6M", "semi-annually": "P6M", "biannually": "P6M", "fortnightly": "P2W",
}  # fmt: skip


def _set_word_ok(m: re.Match[str], text: str) -> bool:
    w = m["w"].lower()
    if w == "annual":
        return False
    after = text[m.end() : m.end() + 12]
    if re.match(_MONEY_NOUNS, after) or prev_word(text, m.start()) in ("average", "initial"):
        return False  # "its quarterly dividend", "average daily volume"
    # "The Daily Telegraph", "a daily newspaper" name things, not frequencies.
    return not (m["w"][0].isupper() and re.match(r"\s+[A-Z]", after))


@rule(
    "set_word",
    r"(?i:\b(?P<w>daily|weekly|monthly|yearly|annually|hourly|quarterly|nightly|biweekly|"
    r"semi-?annually|biannually|fortnightly)\b)",
    _set_word_ok,
)
def _set_word(m: re.Match[str], cx: Context) -> Norm | None:
    return Norm("SET", _SET_UNITS[m["w"].lower()])


@rule(
    "set_every",
    rf"(?i:\b(?:(?P<freq>once|twice|three\s+times|four\s+times|\d+\s+times)\s+)?(?P<q>every|each|per|a)\s+"
    rf"(?:(?P<n>other|{NUM_RE})\s+)?(?P<u>{UNIT_RE}|morning|afternoon|evening)\b)",
)
def _set_every(m: re.Match[str], cx: Context) -> Norm | None:
    q = m["q"].lower()
    if q == "a" and not m["freq"]:
        return None
    unit_text = m["u"].lower()
    if unit_text in ("morning", "afternoon", "evening"):
        return Norm("SET", "XXXX-XX-XXT" + POD[unit_text], quant=q.upper())
    n_text = (m["n"] or "one").lower()
    if q == "a" and m["n"]:
        return None
    amount = 2.0 if n_text == "other" else parse_number(n_text)
    code = unit_code(unit_text)
    if code == "M" and unit_text.startswith("min"):
        code = "TM"
    if code == "WE":
        return Norm("SET", "XXXX-WXX-WE", quant=q.upper())
    freq = None
    if m["freq"]:
        f = m["freq"].lower()
        freq = {"once": "1X", "twice": "2X"}.get(f) or f"{parse_number(f.split()[0]) or 'X'}X"
        freq = freq.replace(".0X", "X")
    quant = q.upper() if q in ("every", "each") else None
    return Norm("SET", duration_value(amount, code), freq=freq, quant=quant)


@rule(
    "set_month",
    rf"\b(?P<q>(?i:every|each))\s+(?P<mon>{MON})\b",
)
def _set_month(m: re.Match[str], cx: Context) -> Norm | None:
    return Norm("SET", f"XXXX-{month_number(m['mon']):02d}", quant=m["q"].upper())
