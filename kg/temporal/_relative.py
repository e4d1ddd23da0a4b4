"""Rules for expressions resolved against the DCT or an earlier mention.

Deictic words, relative units, weekdays, parts of the day, clock times and
"two years ago".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from kg.temporal._calendar import day_value, duration_value, shift_value, week_value
from kg.temporal._context import PAST_FORMS, Context
from kg.temporal._lexicon import (
    LATER_NOUNS,
    NUM_RE,
    PREVIOUS_WORDS,
    REGIONAL_ZONES,
    UNIT_RE,
    UTC_ZONES,
    VAGUE_REFERENCES,
    month_number,
    parse_number,
    unit_code,
    weekday_number,
)
from kg.temporal._rules import (
    ABBR_DOT,
    APPROX,
    APPROX_MOD,
    DAYNUM,
    MODS,
    MON_D,
    POD,
    QNUM,
    RULES,
    WDAY,
    YEAR4,
    Norm,
    day_text_value,
    digits,
    from_day_value,
    move,
    prev_word,
    rel_shift,
    rule,
    scheduled_for,
    unit_and_amount,
    unit_value,
    year_for_month,
)
from kg.types import granularity_of

_DEICTIC = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "current": "PRESENT_REF", "the present": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF",
    "the past": "PAST_REF", "formerly": "PAST_REF", "recent": "PAST_REF",
    "more recently": "PAST_REF", "most recently": "PAST_REF", "the other day": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "the short term": "FUTURE_REF", "future": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF", "later": "FUTURE_REF", "someday": "FUTURE_REF",
}  # fmt: skip


#: The start of a text or sentence, where "Now," opens a new turn of the argument.
_CLAUSE_START = re.compile(r"(?:^|[.!?:;][\"'\u201d\u2019)]*\s+|\n\s*|``\s*|[\"\u201c]\s*)$")


def _deictic_ok(m: re.Match[str], text: str) -> bool:
    w = m["w"].lower()
    after = text[m.end() : m.end() + 20]
    if w == "now" and prev_word(text, m.start()) in ("from", "by"):
        return False
    if w == "now" and after.startswith("-"):
        return False  # "the now-cancelled deal": a modifier of the noun, not a time
    if (
        w == "now"
        and after.startswith(",")
        and _CLAUSE_START.search(text, max(0, m.start() - 8), m.start())
    ):
        return False  # "Now, he says, ...": a discourse marker, not a time
    if w.endswith("recently") and _DATE_AFTER.match(text, m.end()):
        return False  # "most recently last October": the date says when
    if w == "today" and _GENERIC_TODAY.match(text, m.end()):
        return False  # "today's youth": the present age, not the day
    if (
        w == "current"
        and _CURRENT_NOUN.match(after)
        and not _CURRENT_NOT_TIME.search(text, max(0, m.start() - 20), m.start())
    ):
        return True  # "current market conditions": the present state of things
    if w == "future" and _POSSESSIVE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
        return _NOUN_END.match(after) is not None  # "the boy's future", not "its future plans"
    if w in ("current", "recent", "future"):
        # Only as a time: "the current period", "recent years" belong to other rules.
        return bool(re.match(r"\s+(?:quarters?|years?|months?|weeks?|days?|periods?)\b", after))
    return True


#: A date right after an adverb like "recently" ("most recently in 1998", ", last October").
_DATE_AFTER = re.compile(
    r",?\s+(?:(?:in|on|during|last|this|early|late)\s+)+(?:the\s+)?(?:(?:1[89]|20)\d\d\b|"
    rf"(?:{MON_D}|{WDAY})(?!\w)|(?:week|month|year|spring|summer|fall|winter)\b)"
)
_POSSESSIVE_BEFORE = re.compile(r"(?i)\b(?:my|your|his|her|its|our|their|\w+(?:'s|s'|\u2019s))\s+$")
#: What follows a noun phrase that has ended: punctuation or a function word.
_NOUN_END = re.compile(
    r"\s*(?:[.,;:!?)\"'\u201d]|$)|\s+(?:is|was|are|were|will|would|has|had|and|or|but|of|in|on|at|"
    r"for|from|with|to|away|as|remains|looks|lies|depends|hangs|rests|that|which)\b"
)
#: "today's" before a noun of people or things of an age rather than a day.
_GENERIC_TODAY = re.compile(
    r"(?:'s|\u2019s)\s+(?:[a-z]+\s+)?(?:world|society|youth|young|generations?|children|kids|"
    r"teenagers|consumers|economy|culture|standards|technology|dollars|terms|computers|families|"
    r"women|men|students|workers|parents|politics)\b"
)
#: A noun after "current" that makes it an adjective of time, not finance or physics.
_CURRENT_NOUN = re.compile(
    r"\s+(?!(?:account|accounts|assets|liabilities|liability|ratio|yield|coupon|affairs|events|"
    r"of|and|or|to|in|on|at|by|for|from|with|is|was|are|were|has|had|that|which)\b)[a-z][a-z-]+\b"
)
_CURRENT_NOT_TIME = re.compile(r"(?i)\b(?:then|electric|electrical|alternating|direct|ocean)\s+$")


@rule(
    "deictic",
    r"(?i:\b(?P<w>today|tonight|yesterday|tomorrow|right\s+now|now|nowadays|currently|presently|"
    r"at\s+present|these\s+days|the\s+present|(?:more|most)\s+recently|recently|lately|"
    r"the\s+past|the\s+other\s+day|as\s+soon\s+as\s+possible|the\s+(?:near\s+|distant\s+)?future|"
    r"the\s+(?:near|long|short)\s+term|current|recent|future)\b)",
    _deictic_ok,
)
def _deictic(m: re.Match[str], cx: Context) -> Norm | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    if w in _DEICTIC:
        return Norm("DATE", _DEICTIC[w])
    if cx.dct is None:
        return None
    if w == "today":
        return Norm("DATE", day_value(cx.dct))
    if w == "tonight":
        return Norm("TIME", day_value(cx.dct) + "TNI")
    if w == "yesterday":
        return Norm("DATE", day_value(cx.dct - timedelta(days=1)))
    return Norm("DATE", day_value(cx.dct + timedelta(days=1)))


def _phrase_re(phrases: Iterable[str]) -> str:
    """Return an alternation of phrases, longest first, any whitespace between words."""
    words = sorted((p.split() for p in phrases), key=lambda w: -len(" ".join(w)))
    return "|".join(r"\s+".join(re.escape(x) for x in w) for w in words)


#: What makes "soon" part of a conjunction or a relative time, not a time of its own.
_SOON_BEFORE = re.compile(r"(?i)\b(?:as|how|so|too)\s+$")
_SOON_AFTER = re.compile(r"(?i)(?:-|\s+(?:after|afterwards?|before|as|thereafter|enough)\b)")


def _vague_ok(m: re.Match[str], text: str) -> bool:
    if m["w"].lower() != "soon":
        return True
    if _SOON_BEFORE.search(text, max(0, m.start() - 6), m.start()):
        return False  # "as soon as Tuesday", "how soon"
    if _SOON_AFTER.match(text, m.end()):
        return False  # "soon after the vote", "soon-to-open"
    # "was soon released", "soon became": soon after a past event, not after the DCT.
    return not (
        _PAST_VERB_BEFORE.search(text, max(0, m.start() - 12), m.start())
        or _PAST_VERB_AFTER.match(text, m.end())
    )


_PAST_VERB_BEFORE = re.compile(r"(?i)\b(?:was|were|had|did)\s+$")
_PAST_VERB_AFTER = re.compile(rf"\s+(?:[a-z]{{2,}}(?<!e)ed|{PAST_FORMS})\b")  # not "need"


@rule("vague_reference", rf"(?i:\b(?P<w>{_phrase_re(VAGUE_REFERENCES)})\b)", _vague_ok)
def _vague_reference(m: re.Match[str], cx: Context) -> Norm | None:
    """Read "soon" and "in recent history" as the reference points they name."""
    return Norm("DATE", VAGUE_REFERENCES[re.sub(r"\s+", " ", m["w"].lower())])


@rule(
    "later_date",
    rf"(?i:\b(?:a|some|an\s+unspecified|an\s+undetermined)\s+(?:(?:unspecified|undetermined|future)\s+)?"
    rf"later\s+(?:{'|'.join(LATER_NOUNS)})\b)",
)
def _later_date(m: re.Match[str], cx: Context) -> Norm | None:
    """Read "at a later date" as after the DCT, or as an unknown day in a past story.

    A plan or a promise ("will be decided at a later date") looks past the DCT; in a
    past-tense report ("asked callers to try again at a later time") the time comes
    after a past event, which places it nowhere relative to the DCT.
    """
    if cx.tense(m.start()) == "past":
        return Norm("DATE", "XXXX-XX-XX", remember=False)
    return Norm("DATE", "FUTURE_REF")


@rule(
    "some_day",
    r"(?i:\b(?:will|would|could|might|may|can|shall|should|must|to)\s+(?P<span>one\s+day)\s+"
    r"(?!(?:of|and|or|in|on|at|for|with|to|a|an|the|per|after|before|later|earlier|ago)\b)(?=[a-z]+\b))",
)
def _some_day(m: re.Match[str], cx: Context) -> Norm | None:
    """Read "will one day be" as an unspecified future time, not a day's length."""
    return Norm("DATE", "FUTURE_REF")


_REL_WORDS = (
    r"this\s+coming|this\s+past|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|"
    r"the\s+preceding|the\s+following|the\s+current|the\s+same|the\s+prior|the\s+ensuing|"
    r"that\s+same|that\s+very|the\s+very|"
    r"this|last|next|past|coming|previous|prior|following|current|that|upcoming"
)


@rule(
    "relative_unit",
    rf"(?i:\b(?:(?P<pre>early|late|mid|earlier|later)[\s-]+)?(?P<rel>{_REL_WORDS})\s+"
    r"(?:(?:fiscal|calendar)\s+)?(?P<u>week|weekend|month|quarter|year|decade|century|day|"
    r"morning|afternoon|evening|night)\b(?P<tail>\s+or\s+so)?)",
)
def _relative_unit(m: re.Match[str], cx: Context) -> Norm | None:
    if m["u"][0].isupper() and not m["u"].isupper():
        return None  # a title: "This Week", "Next Year's Model"
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["u"].lower()
    pre = (m["pre"] or "").lower()
    mod = {"earlier": "START", "later": "END"}.get(pre) or MODS.get(pre)
    if m["tail"]:
        mod = "APPROX"
    shift = rel_shift(rel)
    if shift is None:
        return None
    anaphoric = rel.startswith("the ") and rel not in (
        "the past",
        "the last",
        "the next",
        "the coming",
        "the current",
    )
    anaphoric = anaphoric or rel.startswith("that")
    if rel == "the next" and unit == "day" and cx.tense(m.start()) == "past":
        anaphoric = True  # "The next day, it sued": the day after the story's day
    if anaphoric and unit == "day" and shift and cx.recent("day", m.start()) is None:
        coarse = _coarse_past_reference(cx, m.start())
        if coarse is not None:
            return Norm("DATE", unit_value(coarse[0], coarse[1]), mod, anchored=True)
    if unit in ("morning", "afternoon", "evening", "night"):
        if cx.dct is None:
            return None
        if rel in ("that", "the same", "the following", "the next", "the previous"):
            base = from_day_value(cx.recent("day", m.start()) or "") or cx.dct
        else:
            base = cx.dct
        if unit == "night" and rel in ("last", "the past") or rel in ("the previous", "previous"):
            base = base - timedelta(days=1)
        elif shift == 1 and rel != "this":
            base = base + timedelta(days=1)
        return Norm("TIME", day_value(base) + "T" + POD[unit], mod)
    granularity = "week" if unit == "weekend" else unit
    base_date = cx.dct
    if anaphoric and unit == "year":
        # "that year", "the following year": the year the text last gave.
        year = cx.year_in_text(m.start())
        if year is not None:
            return Norm("DATE", f"{year + shift:04d}", mod, anchored=True)
    month = cx.latest_mention("month", m.start()) if anaphoric and unit == "day" else None
    if shift == 0 and month is not None and re.fullmatch(r"\d{4}-\d{2}", month[0]):
        # "most recently last October ... crossed out that same day": a day of that month.
        return Norm("DATE", f"{month[0]}-XX", mod)
    if anaphoric:
        prev = cx.recent(granularity, m.start()) or cx.recent_finer(granularity, m.start())
        if prev is not None and granularity == "quarter":
            value = shift_value(prev, shift, "Q")
            return Norm("DATE", value, mod) if value else None
        if prev is not None:
            anchor = from_day_value(prev) or from_day_value(_pad(prev))
            if anchor is not None:
                base_date = anchor
    if base_date is None:
        return None
    if rel == "the past" and unit in ("day",):
        return None
    if rel == "the past" and unit in ("decade", "century"):
        # "over the past decade": the ten years up to now, not the calendar 1980s.
        return Norm("DURATION", "P10Y" if unit == "decade" else "P100Y", mod)
    d = move(base_date, unit, shift)
    if unit == "weekend" and shift == 0 and rel == "this":
        pass
    return Norm("DATE", unit_value(d, unit), mod)


def _pad(value: str) -> str:
    """Turn "2024" or "2024-06" into the first day it covers, for anchoring."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?$", value)
    if not m:
        return value
    return f"{m.group(1)}-{m.group(2) or '01'}-01"


@rule(
    "weekend",
    r"(?i:\b(?P<pre>over|during|on|at|for|ahead\s+of|by|until|through|this)\s+(?P<span>the\s+weekend)\b)",
)
def _weekend(m: re.Match[str], cx: Context) -> Norm | None:
    if cx.dct is None:
        return None
    tense = cx.tense(m.start("span"))
    pre = m["pre"].lower()
    if pre in ("ahead of", "by", "until") or tense == "future":
        d = cx.day_on_or_after(6)
    else:
        d = cx.day_on_or_before(7)
        if d is not None and cx.dct.isoweekday() == 6:
            d = cx.dct
    if d is None:
        return None
    return Norm("DATE", week_value(d) + "-WE")


#: A delay up to a day: the day is still ahead ("postponed the vote until Tuesday").
_PUT_OFF = re.compile(
    r"(?i)\b(?:postpone|delay|extend|adjourn|defer|put\s+off|push|suspend|recess)\w*\b"
    r"[^.;]{0,60}?\b(?:until|till|to)\s+(?:(?:late|early)\s+)?$"
)


def _weekday_date(cx: Context, pos: int, wd: int, rel: str | None) -> date | None:
    if cx.dct is None:
        return None
    r = re.sub(r"\s+", " ", rel.lower()) if rel else ""
    if r in ("the following", "the next", "the previous", "that"):
        anchor = from_day_value(cx.recent("day", pos) or "") or cx.dct
        if r == "the previous":
            return anchor - timedelta(days=(anchor.isoweekday() - wd - 1) % 7 + 1)
        if r == "that":
            return anchor + timedelta(days=(wd - anchor.isoweekday()) % 7)
        return anchor + timedelta(days=(wd - anchor.isoweekday() - 1) % 7 + 1)
    dct = cx.dct
    if r in ("last", "this past", "past"):
        return dct - timedelta(days=(dct.isoweekday() - wd - 1) % 7 + 1)
    if r in ("next", "this coming", "coming"):
        return dct + timedelta(days=(wd - dct.isoweekday() - 1) % 7 + 1)
    prev = prev_word(cx.text, pos)
    tense = "past" if prev == "since" else cx.tense(pos)
    if (
        prev in ("starting", "effective", "beginning")
        or _PUT_OFF.search(cx.text, max(0, pos - 80), pos)
        or scheduled_for(cx.text, pos)
    ):
        tense = "future"  # "effective Monday", "postponed the vote until Tuesday"
    if r == "this":
        return date.fromisocalendar(*dct.isocalendar()[:2], wd)
    if tense == "future":
        return cx.day_on_or_after(wd)
    if tense in ("present", None):
        before, after = cx.day_on_or_before(wd), cx.day_on_or_after(wd)
        assert before is not None and after is not None
        return before if dct - before <= after - dct else after
    return cx.day_on_or_before(wd)


@rule(
    "weekday",
    rf"\b(?:(?P<pre>(?i:early|late|earlier|later))\s+)?(?:(?P<rel>(?i:last|this\s+past|this\s+coming|this|next|past|coming|"
    rf"the\s+previous|the\s+following|the\s+next|that|each|every))\s+)?(?P<wd>{WDAY})(?![\w-])"
    r"(?:\s+(?P<pod>(?i:morning|afternoon|evening|night|nights))\b)?",
)
def _weekday(m: re.Match[str], cx: Context) -> Norm | None:
    word = m["wd"]
    wd = weekday_number(word)
    pod = (m["pod"] or "").lower()
    rel = (m["rel"] or "").lower()
    plural = word.endswith("s") and word.lower().rstrip("s") != word.lower()
    if rel in ("each", "every") or plural or pod == "nights":
        return Norm(
            "SET", f"XXXX-WXX-{wd}" + (f"T{POD[pod]}" if pod else ""), quant=rel.upper() or None
        )
    if rel and cx.dct is None:
        return None  # "last Tuesday" names a day only relative to an unknown DCT
    mod = MODS.get((m["pre"] or "").lower()) or {"earlier": "START", "later": "END"}.get(
        (m["pre"] or "").lower()
    )
    if not m["rel"] and not pod and cx.text.startswith(("'s", "\u2019s"), m.end()):
        # "Friday's ruling": a possessive weekday names a day already reported on.
        d = cx.day_on_or_before(wd)
    else:
        d = _weekday_date(cx, m.start(), wd, m["rel"])
    value = day_value(d) if d else f"XXXX-WXX-{wd}"
    if pod:  # "Friday night": a part of that day, as TimeBank annotates it
        return Norm("TIME", value + "T" + POD[pod], mod)
    return Norm("DATE", value, mod)


@rule(
    "day_beside",
    rf"(?i:\b(?:the\s+)?day\s+(?P<dir>before|after)\s+(?:(?P<deictic>yesterday|tomorrow)\b|"
    rf"(?:(?P<rel>last|next|this)\s+)?(?P<wd>{WDAY})(?![\w-])|(?P<mon>{MON_D})\s*(?P<d>{DAYNUM})\b))",
)
def _day_beside(m: re.Match[str], cx: Context) -> Norm | None:
    """Date "the day before yesterday", "the day after last Tuesday", "the day before May 5"."""
    if m["deictic"]:
        shift = -1 if m["deictic"].lower() == "yesterday" else 1
        base = cx.dct + timedelta(days=shift) if cx.dct else None
    elif m["wd"]:
        base = _weekday_date(cx, m.start("wd"), weekday_number(m["wd"]), m["rel"])
    else:
        month, day = month_number(m["mon"]), digits(m["d"])
        year = year_for_month(cx, m.start("mon"), month, day)
        base = from_day_value(day_text_value(year, month, day) or "") if year else None
    return _day_next_to(base, m["dir"])


@rule(
    "day_beside_event",
    r"(?i:\b(?P<span>the\s+day)\s+(?P<dir>before|after)\s+"
    r"(?:the|his|her|its|their|this|that)\s+(?!(?:day|week|month|year|morning|night)\b)[a-z])",
)
def _day_beside_event(m: re.Match[str], cx: Context) -> Norm | None:
    """Date "the day after his death" by the day the story just gave for that event.

    The day must be the latest date mentioned, in this sentence or one of the three
    before it, with no other date since (the event's own date, as in "the Oct. 23
    killing ... the day after his death").
    """
    if cx.probing:
        return Norm("DATE", "XXXX-XX-XX")
    got = cx.latest_mention("day", m.start(), sentences=3)
    if got is None or re.search(r",\s*$", cx.text[got[1] : m.start()]):
        return None  # "Oct. 12, the day before the plunge": the day itself, apposed
    return _day_next_to(from_day_value(got[0]), m["dir"])


def _day_next_to(base: date | None, direction: str) -> Norm | None:
    """Return the day before or after ``base``."""
    if base is None:
        return None
    step = -1 if direction.lower() == "before" else 1
    return Norm("DATE", day_value(base + timedelta(days=step)))


@rule(
    "day_part",
    r"(?i:\b(?:(?P<pre>early|late|mid)[\s-]*)?(?:(?P<rel>yesterday|tomorrow|today)\s+(?P<pod>morning|afternoon|evening|night)"
    r"|(?P<pod2>morning|afternoon|evening|night)\s+(?P<rel2>yesterday|today|tomorrow))\b)",
)
def _day_part(m: re.Match[str], cx: Context) -> Norm | None:
    if cx.dct is None:
        return None
    rel = (m["rel"] or m["rel2"]).lower()
    pod = (m["pod"] or m["pod2"]).lower()
    d = cx.dct + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[rel])
    return Norm("TIME", day_value(d) + "T" + POD[pod], MODS.get((m["pre"] or "").lower()))


@rule(
    "part_of_that_day",
    r"(?i:\b(?:in|during)\s+(?P<span>the\s+(?P<pod>morning|afternoon|evening))\b(?!\s+of\b))",
)
def _part_of_that_day(m: re.Match[str], cx: Context) -> Norm | None:
    """Date "in the morning" by the day mentioned in this or the previous sentence."""
    if cx.probing:
        return Norm("TIME", "XXXX-XX-XXTMO")
    day = cx.recent("day", m.start(), window=200)
    if day is None or cx.sentence_index(m.start()) - cx.sentence_index(cx.last["day"][1] - 1) > 1:
        return None
    return Norm("TIME", day + "T" + POD[m["pod"].lower()])


#: The rules that read the day in "the morning of June 3", "the evening of Friday".
#: "The night of Oct. 23" is left to the day alone: the night runs into the next day,
#: and TimeBank and AQUAINT annotate only the date.
_DAY_RULES = ("month_day", "day_month", "weekday", "deictic")


@rule(
    "part_of_a_day",
    r"(?i:\b(?:the\s+)?(?:(?P<pre>early|late)\s+)?(?P<pod>morning|afternoon|evening)\s+of\s+)"
    rf"(?P<day>(?:(?i:last|this|next|that)\s+)?{WDAY}(?![\w-])(?:,?\s+{MON_D}\s*{DAYNUM}\b(?:,?\s*{YEAR4}\b)?)?"
    rf"|{MON_D}\s*{DAYNUM}\b(?:,?\s*{YEAR4}\b)?|(?:(?i:the)\s+)?{DAYNUM}\s+(?:(?i:of)\s+)?{MON_D}\b(?:,?\s+{YEAR4}\b)?"
    r"|(?i:yesterday|today|tomorrow)\b|(?i:(?:that|the\s+same)\s+day)\b)",
)
def _part_of_a_day(m: re.Match[str], cx: Context) -> Norm | None:
    """Date "the morning of June 3", "the evening of Tuesday" as that part of that day."""
    day = m["day"]
    start, end = m.span("day")
    value: str | None = None
    if re.fullmatch(r"(?i)(?:that|the\s+same)\s+day", day):
        if cx.probing:
            return Norm("TIME", "XXXX-XX-XXT" + POD[m["pod"].lower()])
        value = cx.recent("day", m.start())
    else:
        for found in RULES:
            if found.name not in _DAY_RULES:
                continue
            inner = found.pattern.match(cx.text, start)
            if inner is None or inner.end() != end:
                continue
            if found.check is not None and not found.check(inner, cx.text):
                continue
            norm = found.handler(inner, cx)
            if norm is not None and norm.type == "DATE":
                value = norm.value
                break
    if value is None or not _DAY_VALUE.fullmatch(value):
        return None
    if not cx.probing and value[0].isdigit():
        cx.remember("day", value, m.end())  # "the next day" counts from this one
    return Norm("TIME", value + "T" + POD[m["pod"].lower()], MODS.get((m["pre"] or "").lower()))


_DAY_VALUE = re.compile(r"(?:\d{4}|XXXX)-(?:\d{2}|XX)-(?:\d{2}|XX)|XXXX-WXX-[1-7]")


@rule(
    "pod_words",
    r"(?i:\b(?:(?P<pre>early|late|mid)[\s-]*)?(?P<w>this\s+morning|this\s+afternoon|this\s+evening|overnight|"
    r"later\s+today|earlier\s+today|(?:mid|late|early)[\s-]*(?:afternoon|morning|evening))\b)",
)
def _pod_words(m: re.Match[str], cx: Context) -> Norm | None:
    if cx.dct is None:
        return None
    w = re.sub(r"[\s-]+", " ", m["w"].lower())
    if w in ("later today", "earlier today"):
        return Norm("DATE", day_value(cx.dct))
    if w == "overnight":
        return Norm("TIME", day_value(cx.dct) + "TNI")
    pod = w.split()[-1]
    pre = (m["pre"] or w.split()[0]).lower()
    return Norm("TIME", day_value(cx.dct) + "T" + POD[pod], MODS.get(pre))


_HOUR_WORDS = r"1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


def _spoken_hour(word: str, part: str) -> int:
    """Return the 24-hour clock hour of "4 in the morning", "ten at night", "6 o'clock"."""
    hour = int(parse_number(word) or 0) % 12
    if part in ("afternoon", "evening") or (part.startswith("at") and hour >= 6):
        hour += 12
    return hour


#: Zone names, case-sensitive ("EST", never "est"), longest first.
_ZONE_RE = "(?-i:" + "|".join(sorted(UTC_ZONES | REGIONAL_ZONES, key=len, reverse=True)) + ")"
#: A clock time just before "(": the parenthesis restates it in another zone.
_CLOCK_BEFORE_PAREN = re.compile(
    rf"(?i)(?:\d(?:[:.]\d\d)?\s*(?:[ap]\.?\s?m\.?)?|\b(?:noon|midnight)|\b{_ZONE_RE}|\blocal\s+time)"
    r"\s*\(\s*$"
)


def _clock_ok(m: re.Match[str], text: str) -> bool:
    """Leave out "(0735 GMT)" after "10:35 a.m.": the same time in another zone."""
    return not _CLOCK_BEFORE_PAREN.search(text, max(0, m.start() - 20), m.start())


@rule(
    "clock",
    r"(?i:\b(?:(?P<approx>about|around|approximately|shortly\s+after|shortly\s+before)\s+)?"
    r"(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.|[ap]m\b)|"
    r"(?P<h24>[01]\d|2[0-3]):(?P<mi24>[0-5]\d)(?!:?\d)(?:\s*(?:hours|hrs)\b)?|(?P<nm>noon|midday|midnight)|"
    r"(?<![\d.,$])(?P<hmil>[01]\d|2[0-3])(?P<mimil>[0-5]\d)(?=\s*(?-i:GMT|UTC)\b)|"
    rf"(?P<hw>{_HOUR_WORDS})(?=\s+(?:o['\u2019]clock|in\s+the\s+(?:morning|afternoon|evening)|at\s+night))"
    r"(?:\s+(?P<oc>o['\u2019]clock))?(?:\s+(?:in\s+the\s+(?P<pod>morning|afternoon|evening)|(?P<night>at\s+night)))?)"
    rf"(?P<zone>\s*(?P<paren>\(\s*)?(?P<tz>{_ZONE_RE})\b"
    r"(?:\s*(?P<off>[+-]\s*(?:1[0-4]|0?\d))(?::?(?P<offm>[0-5]\d))?\b)?(?(paren)\s*\)))?"
    r"(?:\s+local\s+time\b)?"  # "3 a.m. local time on Sunday": the place's own clock
    rf"(?:,?\s+(?:on\s+)?(?P<wd>{WDAY})|\s+(?P<rel>today|yesterday|tomorrow|tonight)|"
    rf",?\s+(?:on\s+)?(?:(?P<mon>{MON_D})\s*(?P<d>{DAYNUM})\b|(?:the\s+)?(?P<d2>{DAYNUM})\s+(?:of\s+)?"
    rf"(?P<mon2>(?-i:{MON_D}))\b(?:{ABBR_DOT})?)(?:,?\s*(?P<y>{YEAR4})\b(?![,.]\d))?)?)",
    _clock_ok,
)
def _clock(m: re.Match[str], cx: Context) -> Norm | None:
    if m["nm"]:
        hh, mm = (24, 0) if m["nm"].lower() == "midnight" else (12, 0)
    elif m["hw"]:
        hh, mm = _spoken_hour(m["hw"], (m["pod"] or m["night"] or "").lower()), 0
    elif m["h24"]:
        hh, mm = int(m["h24"]), int(m["mi24"])
    elif m["hmil"]:
        hh, mm = int(m["hmil"]), int(m["mimil"])
    else:
        hh, mm = int(m["h"]) % 12, int(m["mi"] or 0)
        if m["ap"].lower().startswith("p"):
            hh += 12
    if m["wd"]:
        d = _weekday_date(cx, m.start(), weekday_number(m["wd"]), None)
    elif m["mon"] or m["mon2"]:
        # "5 p.m. EST, Nov. 6", "14:30 GMT on 20 March 2013": the time on that day.
        month, day = month_number(m["mon"] or m["mon2"]), digits(m["d"] or m["d2"])
        y = int(m["y"]) if m["y"] else year_for_month(cx, m.start(), month, day)
        d = date(y, month, day) if y and day_text_value(y, month, day) else None
    elif m["rel"]:
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["rel"].lower()]
        d = cx.dct + timedelta(days=off) if cx.dct else None
    elif (later := _LATER_WEEKDAY.match(cx.text, m.end())) is not None:
        # "10:35 a.m. (0735 GMT) Friday": the weekday tagged next dates the time.
        d = _weekday_date(cx, m.start(), weekday_number(later["wd"]), None)
    else:
        # A bare clock time belongs to the day just mentioned, if any.
        d = from_day_value(cx.recent("day", m.start(), window=300) or "") or cx.dct
    if m["nm"] and not (m["wd"] or m["rel"] or m["mon"] or m["mon2"]):
        prev = prev_word(cx.text, m.start())
        if prev not in ("at", "by", "until", "before", "after", "around", "about", "since", "from"):
            return None
    mod = "APPROX" if m["approx"] else None
    if hh == 24 and not m["tz"]:
        return Norm("TIME", f"{day_value(d) if d else 'XXXX-XX-XX'}T24:00", mod)
    return Norm("TIME", _clock_value(d, hh, mm, m["tz"], m["off"], m["offm"]), mod)


def _clock_value(
    d: date | None, hh: int, mm: int, zone: str | None, off: str | None, off_min: str | None
) -> str:
    """Write a clock time on a day, in UTC ("Z") when the text gives it in UTC.

    A time in UTC or GMT, or at a stated offset from it ("6:40 p.m. (GMT +8)"), is
    written in UTC with the "Z" suffix. A regional zone ("9 a.m. EST") keeps the
    local clock without an offset, as TimeBank and AQUAINT annotate it.
    """
    stamp = day_value(d) if d else "XXXX-XX-XX"
    if zone is None or zone not in UTC_ZONES:
        return f"{stamp}T{hh:02d}:{mm:02d}"
    if off is None:
        return f"{stamp}T{hh:02d}:{mm:02d}Z"
    sign = -1 if off.lstrip().startswith("-") else 1
    shift = sign * (int(off.lstrip("+- \t")) * 60 + int(off_min or 0))
    minutes = hh * 60 + mm - shift
    days, minutes = divmod(minutes, 24 * 60)
    if d is None and days:
        return f"{stamp}T{hh:02d}:{mm:02d}"  # the UTC day is unknown: keep the local clock
    when = day_value(d + timedelta(days=days)) if d else stamp
    return f"{when}T{minutes // 60:02d}:{minutes % 60:02d}Z"


_LATER_WEEKDAY = re.compile(rf"\s*\([^()]{{1,20}}\)\s*,?\s*(?:on\s+)?(?P<wd>{WDAY})\b")


@rule(
    "ago",
    rf"(?i:\b(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM_RE})\s+(?P<u>{UNIT_RE})(?:\s+or\s+(?:so|two|more))?"
    r"\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously|back|since)\b)",
)
def _ago(m: re.Match[str], cx: Context) -> Norm | None:
    direction = m["dir"].lower()
    after = cx.text[m.end() : m.end() + 40]
    if direction in ("before", "after", "since") and re.match(r"\s+[\w$]", after):
        return None  # event-anchored: left to the duration rule
    amount, code = unit_and_amount(m["n"], m["u"])
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    mod = APPROX_MOD.get(re.sub(r"\s+", " ", (m["approx"] or "").lower()))
    story_span = direction in ("later", "earlier") and code in ("D", "W", "H", "TM", "S")
    if story_span and (amount is None or code in ("H", "TM", "S")):
        # "an hour later", "a few days later": the span of time is the value.
        return Norm("DURATION", duration_value(amount, code), mod)
    if amount is None:
        return Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    n = int(amount) if amount == int(amount) else None
    if n is None or code in ("H", "TM", "S") and cx.dct is None:
        return None
    if code in ("H", "TM", "S"):
        return Norm("TIME", day_value(cx.dct), mod) if cx.dct else None
    unit = {"D": "day", "W": "day", "M": "month", "Q": "quarter", "Y": "year", "DE": "decade"}
    unit |= {"CE": "century", "WE": "week"}
    name = unit[code]
    steps = n * (7 if code == "W" else 1)
    if cx.dct is None:
        # Without a DCT only a story date the text gave can anchor "two years later".
        ref = _narrative_anchor(cx, m.start(), name) if direction != "ago" else None
        if ref is None:
            return Norm("DATE", "XXXX") if cx.probing and direction != "ago" else None
        return Norm("DATE", unit_value(move(ref, name, sign * steps), name), mod, anchored=True)
    dct = cx.dct
    if code == "Y" and direction in ("earlier", "ago") and n == 1:
        q = cx.recent("quarter", m.start(), window=600)
        if q is not None:
            return Norm("DATE", shift_value(q, -1, "Y") or q, mod, remember=False)
    if direction in ("later", "earlier", "after", "before", "previously"):
        # "Two years later" in a story about the past counts from the story's date.
        ref = _narrative_anchor(cx, m.start(), name)
        if ref is not None:
            moved = move(ref, name, sign * steps)
            return Norm("DATE", unit_value(moved, name), mod, anchored=True)
        recent = _past_reference(cx, m.start(), name) if direction in ("later", "earlier") else None
        counted = move(recent, name, sign * steps) if recent is not None else None
        if counted is not None and counted <= dct:
            # "last March ... two months later": the story's time this year, not the DCT.
            return Norm("DATE", unit_value(counted, name), mod, anchored=True)
        coarse = None
        if direction in ("later", "earlier"):
            coarse = _coarse_narrative(cx, m.start()) or _coarse_past_reference(cx, m.start())
        if coarse is not None:
            # "In December 2021 ... a week later": as fine as the story's time allows.
            middle, granularity = coarse
            moved = move(middle, name, sign * steps)
            return Norm("DATE", unit_value(moved, granularity), mod, anchored=True)
    d = move(dct, name, sign * steps)
    return Norm("DATE", unit_value(d, name), mod)


@rule("vague_later", r"(?i:\b(?P<u>hours|days|weeks|months|years)\s+(?P<dir>later|earlier)\b)")
def _vague_later(m: re.Match[str], cx: Context) -> Norm | None:
    """Read "days later", "weeks earlier": the story moves by a span of no stated length.

    The value is the span (``PXD``), as for "a few days later"; an event it dates is
    placed after (or before) the story's time by :mod:`kg.anchoring`.
    """
    return Norm("DURATION", duration_value(None, unit_code(m["u"])))


_FINENESS = {"century": 0, "decade": 1, "year": 2, "quarter": 3, "month": 4, "week": 5, "day": 6}


def _narrative_anchor(cx: Context, pos: int, unit: str) -> date | None:
    """Return the narrative reference as a date when it is at least as fine as ``unit``."""
    if cx.probing or cx.reference is None or cx.narrative_year(pos) is None:
        return None
    value = cx.reference[0]
    granularity = granularity_of(value)
    if _FINENESS.get(granularity, -1) < _FINENESS.get(unit, 99):
        return None
    return from_day_value(value) or from_day_value(_pad(value))


def _story_mention(cx: Context, pos: int, grains: Callable[[str], bool]) -> str | None:
    """Return the latest date value the text gave, of a granularity ``grains`` accepts.

    It must be in this or the previous sentence, with the expression at ``pos`` in a
    past-tense clause: the story's time that a later "two months later" counts from.
    """
    if cx.probing or cx.dct is None:
        return None
    found = [(end, v) for grain, (v, end) in cx.last.items() if end <= pos and grains(grain)]
    if not found:
        return None
    end, value = max(found)
    if cx.sentence_index(pos) - cx.sentence_index(end - 1) > 1 or cx.tense(pos) != "past":
        return None
    return value


def _past_reference(cx: Context, pos: int, unit: str) -> date | None:
    """Return a story date of the DCT's year that "two months later" counts from.

    The date must be the latest one the text gave, in this or the previous sentence, at
    least as fine as the unit counted, before the DCT, with the expression in a
    past-tense clause ("opened an inquiry last March. Two months later they ...").
    """
    value = _story_mention(cx, pos, lambda g: _FINENESS.get(g, -1) >= _FINENESS.get(unit, 99))
    if value is None or cx.dct is None:
        return None
    start = from_day_value(value) or from_day_value(_pad(value))
    if start is None or start.year != cx.dct.year or start >= cx.dct:
        return None
    return start


def _coarse_past_reference(cx: Context, pos: int) -> tuple[date, str] | None:
    """Return the middle of a month of the DCT's year that "a week later" counts from.

    As :func:`_past_reference`, for a story date coarser than the unit counted ("In
    March the regulator opened an inquiry. A week later it fined the bank": March).
    """
    value = _story_mention(cx, pos, lambda g: g == "month")
    month = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if month is None or cx.dct is None:
        return None
    middle = date(int(month.group(1)), int(month.group(2)), 15)
    if middle.year != cx.dct.year or middle >= cx.dct.replace(day=1):
        return None
    return middle, "month"


def _coarse_narrative(cx: Context, pos: int) -> tuple[date, str] | None:
    """Return the middle of a month or year a past narrative is in, with its unit."""
    if cx.probing or cx.reference is None or cx.narrative_year(pos) is None:
        return None
    value = cx.reference[0]
    found = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value)
    if found is None:
        return None
    year = int(found.group(1))
    if found.group(2) is None:
        return date(year, 7, 1), "year"
    return date(year, int(found.group(2)), 15), "month"


#: What may follow "the year before" when nothing anchors it ("the year before, ...").
_UNANCHORED_END = (
    r"(?=\s*(?:[.,;:!?)\"'\u201d\u2019]|$)|\s+(?:and|or|but|when|while|as|in|on|at|for|with|"
    r"from|by|than|had|was|were|is|are|said|says)\b)"
)


@rule(
    "unit_previous",
    r"(?i:\b(?:the|that)\s+(?P<u>year|month|week|day|quarter)\s+"
    rf"(?:(?P<w>{'|'.join(PREVIOUS_WORDS)}){_UNANCHORED_END}|(?P<last>before\s+last)\b))",
)
def _unit_previous(m: re.Match[str], cx: Context) -> Norm | None:
    """Date "the year previous", "the month before" one unit before the unit just named.

    The unit counts back from the latest mention of that unit (or of a finer one) in
    this or the previous sentence ("down from $450 million last year and $600 million
    the year before"), else from the DCT; "the year before last" is two years back.
    """
    unit = m["u"].lower()
    if m["last"]:
        return Norm("DATE", unit_value(move(cx.dct, unit, -2), unit)) if cx.dct else None
    base = _recent_in_passage(cx, unit, m.start())
    if base is None:
        if cx.dct is None:
            return None
        base = cx.dct
    return Norm("DATE", unit_value(move(base, unit, -1), unit))


def _recent_in_passage(cx: Context, unit: str, pos: int) -> date | None:
    """Return the first day of the latest mention of ``unit`` or finer, this sentence or last."""
    fineness = _FINENESS["week" if unit == "weekend" else unit]
    candidates = [(g, v) for g, v in cx.last.items() if _FINENESS.get(g, -1) >= fineness]
    if not candidates:
        return None
    g, (value, end) = max(candidates, key=lambda c: c[1][1])
    if end > pos or cx.sentence_index(pos) - cx.sentence_index(end - 1) > 1:
        return None
    if g == "week":
        wm = re.match(r"^(\d{4})-W(\d{2})", value)
        return date.fromisocalendar(int(wm.group(1)), int(wm.group(2)), 1) if wm else None
    if g == "quarter":
        qm = re.match(r"^(\d{4})-Q([1-4])$", value)
        return date(int(qm.group(1)), 3 * int(qm.group(2)) - 2, 1) if qm else None
    return from_day_value(value) or from_day_value(_pad(value))


@rule(
    "same_unit_year_ago",
    r"(?i:\bthe\s+same\s+(?P<u>month|week|day|quarter)\s+(?:a\s+year\s+(?:ago|earlier|before)|"
    r"(?:of\s+)?last\s+year|(?:of|in)\s+the\s+(?:previous|prior|last|preceding)\s+year)\b)",
)
def _same_unit_year_ago(m: re.Match[str], cx: Context) -> Norm | None:
    """Date "the same month a year ago" as the month just named (or the DCT's), a year back."""
    return _unit_a_year_back(cx, m["u"].lower(), m.start())


def _unit_a_year_back(cx: Context, unit: str, pos: int) -> Norm | None:
    """Return the month, week or day just named (else the DCT's), one year back."""
    base = _recent_in_passage(cx, unit, pos) or cx.dct
    if base is None:
        return None
    if unit == "week":  # the same ISO week number, a year back
        year, week, _ = base.isocalendar()
        week = min(week, date(year - 1, 12, 28).isocalendar()[1])
        return Norm("DATE", f"{year - 1:04d}-W{week:02d}", remember=False)
    return Norm("DATE", unit_value(move(base, "year", -1), unit), remember=False)


@rule(
    "year_ago",
    r"(?i:\b(?:the\s+)?(?:(?:comparable|same|corresponding)\s+)?(?P<rel>year[\s-]+ago|year[\s-]+earlier|"
    r"prior[\s-]+year|previous[\s-]+year)(?:\s+(?P<what>(?:(?:first|second|third|fourth)\s+)?quarter|"
    r"period|nine\s+months|six\s+months|three\s+months|month|week|day|year))?)",
)
def _year_ago(m: re.Match[str], cx: Context) -> Norm | None:
    what = (m["what"] or "").lower()
    if "months" in what:
        amount = parse_number(what.split()[0])
        return Norm("DURATION", duration_value(amount, "M"))
    q = cx.recent("quarter", m.start(), window=1500)
    if "quarter" in what:
        qword = what.split()[0]
        if qword in QNUM and cx.dct is not None:
            return Norm("DATE", f"{cx.dct.year - 1:04d}-Q{QNUM[qword]}")
    if ("quarter" in what or "period" in what or not what) and q is not None:
        return Norm("DATE", shift_value(q, -1, "Y") or q, remember=False)
    if what in ("month", "week", "day"):  # "the year-earlier month"
        return _unit_a_year_back(cx, what, m.start())
    if cx.dct is None:
        return None
    return Norm("DATE", f"{cx.dct.year - 1:04d}")


@rule(
    "the_year",
    r"(?i:\b(?:the|its|their)\s+(?:(?P<adj>fiscal|calendar|full|entire|whole)\s+)?year\b"
    r"(?P<ended>\s+(?:ended|ending|through|to\s+date|that\s+ended|which\s+ended))?)",
)
def _the_year(m: re.Match[str], cx: Context) -> Norm | None:
    if m["ended"]:
        return Norm("DURATION", "P1Y")
    if cx.dct is None or _EVENT_AFTER.match(cx.text, m.end()):
        return None  # "the year before the merger" is dated by the merger, not the DCT
    return Norm("DATE", f"{cx.dct.year:04d}")


_EVENT_AFTER = re.compile(r"(?i)\s+(?:before|after|following|preceding|prior\s+to)\s+[\w$]")


@rule(
    "unit_edge",
    r"(?i:\b(?:the\s+)?(?P<pos>end|beginning|start|middle|close|turn)\s+of\s+(?P<rel>the|this|next|last)\s+"
    r"(?P<u>week|month|year|quarter|decade|century|day)\b|(?P<ye>year[\s-]end|month[\s-]end)\b)",
)
def _unit_edge(m: re.Match[str], cx: Context) -> Norm | None:
    if cx.dct is None:
        return None
    if m["ye"]:
        unit = "year" if m["ye"].lower().startswith("year") else "month"
        return Norm("DATE", unit_value(cx.dct, unit), "END")
    unit = m["u"].lower()
    rel = m["rel"].lower()
    shift = {"the": 0, "this": 0, "next": 1, "last": -1}[rel]
    base = cx.dct
    if rel == "the":
        # "the end of the year": the year of the date just mentioned, else the DCT's.
        latest = _recent_in_passage(cx, unit, m.start())
        if latest is not None:
            return Norm("DATE", unit_value(latest, unit), MODS[m["pos"].lower()])
    return Norm("DATE", unit_value(move(base, unit, shift), unit), MODS[m["pos"].lower()])
