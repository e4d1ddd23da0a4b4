"""TIMEX3 tagging and normalisation: text + document date -> TimeExprs (pure, no spaCy).

:func:`tag` finds time expressions with a set of rules (one per family: explicit
dates, months, weekdays, quarters, seasons, decades, relative units, deictic words,
durations, sets, clock times) and normalises each to a TIMEX3 ``type`` and ``value``
keeping the granularity the text gives ("in 2017" is ``2017``, never a day).

Relative expressions resolve against the document creation time (DCT). When the DCT
is unknown, expressions that need it are handled like this:

* a month and day without a year keep the unknown year: ``XXXX-06-20``;
* a bare month, quarter or season likewise: ``XXXX-06``, ``XXXX-Q3``, ``XXXX-SU``;
* a bare weekday becomes ``XXXX-WXX-4`` (Thursday of an unknown week);
* purely deictic expressions ("yesterday", "last week", "last Tuesday", "next May",
  "two years ago") are left out, since no TIMEX3 value can say "one day before an
  unknown day"; they are left out whole, so no shorter reading inside them ("a year"
  of "a year ago") is tagged either;
* durations, sets and ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF`` need no DCT.

Clock times given in UTC or GMT are written in UTC ("12:00 UTC" is ``...T12:00Z``,
"6:40 p.m. (GMT +8)" is ``...T10:40Z``); a regional zone ("9 a.m. EST") keeps the
local clock, as TimeBank and AQUAINT annotate it. Vague references ("now", "soon",
"in recent history") are ``PRESENT_REF``, ``FUTURE_REF`` or ``PAST_REF``; a bare
"later" is left out, as TempEval-3 annotates it. The word lists these rules read
(zones, vague phrases, verbs of scheduled events) are data in
``kg/resources/lexicon/timex.json``.

News that recounts the past is read as a story: an explicit year (or a full date)
in the same or the previous sentence becomes the reference time for a month, a
month and day, a season or "two years later" written without a year, when the
clause is in the simple past and the year lies before the DCT's ("In 2017 the
department ordered ... In December, the president signed" is December 2017).
"That year", "the same year" and "the following year" count from the last year the
text gave explicitly. A year used as a modifier ("a 2019 order"), a bound ("since
1990") or an expression resolved against the DCT ("last month") ends the story.
The same reference time applies when the DCT is unknown.

Event-anchored durations ("within 30 days of the announcement", "two weeks before
the election") come back as the DURATION itself with ``anchor_text``, a signed
``offset`` and ``relation`` set, so a later stage can date the event from the
anchor event's date with :func:`resolve_offset`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from kg.temporal import _dates, _relative, _spans  # noqa: F401  (registers rules in order)
from kg.temporal._calendar import resolve_offset
from kg.temporal._context import Context, sentence_starts
from kg.temporal._lexicon import parse_number
from kg.temporal._rules import RULES, Norm, scheduled_for
from kg.types import TimeExpr, granularity_of

__all__ = ["infer_dct", "parse_number", "resolve_offset", "scheduled_for", "tag"]

_MOD_PREFIX = re.compile(
    r"(?i)\b(?P<m>early|late|mid|the\s+(?:end|beginning|start|middle|close)\s+of|"
    r"(?:at|by|until|before)?\s*the\s+(?:end|beginning|start)\s+of|around|about|approximately|roughly)"
    r"[\s-]+$"
)
_PREFIX_MOD = {
    "early": "START", "beginning": "START", "start": "START", "late": "END", "end": "END",
    "close": "END", "mid": "MID", "middle": "MID", "around": "APPROX", "about": "APPROX",
    "approximately": "APPROX", "roughly": "APPROX",
}  # fmt: skip
#: Verbs that take "around"/"about" as a particle ("get around Friday's ruling").
_PHRASAL = re.compile(
    r"(?i)\b(?:get|gets|got|getting|go|goes|went|come|comes|came|turn|turned|bring|brought|"
    r"talk|talked|think|thought|work|worked|way|ways)\s+$"
)
_RELATION = (
    (re.compile(r"(?i)\b(?:starting|beginning|from|since|effective|as\s+of|commencing)"
                r"(?:\s+(?:on|in|at))?\s+$"), "from"),
    (re.compile(r"(?i)\b(?:by|until|till|through|thru|up\s+to|no\s+later\s+than|ending)"
                r"(?:\s+(?:on|in))?\s+$"), "until"),
    (re.compile(r"(?i)\bwithin\s+$"), "within"),
    (re.compile(r"(?i)\bbefore\s+$"), "before"),
    (re.compile(r"(?i)\b(?:after|following)\s+$"), "after"),
)  # fmt: skip
_ANCHOR = re.compile(
    r"\s+(?P<p>of|after|before|from|following|prior\s+to|ahead\s+of)\s+"
    r"(?P<np>(?:the|a|an|its|his|her|their|this|that|our|(?:[A-Z]\.){2,}|[A-Z][\w&'-]*)"
    r"(?:\s+(?!(?:and|or|but|that|which|who|when|was|were|is|are|will|would|to|in|on|at|by|for|"
    r"with|as|if|while|because|since|after|before|said|says)\b)(?:(?:[A-Z]\.){2,}|[\w'&-]+)){0,5})"
)
#: An anchor that is a clause, not a noun phrase: "two days after prosecutors charged
#: him", "a week after it ran aground". Only "after", "before" and their kin take one.
_ANCHOR_CLAUSE = re.compile(
    r"\s+(?P<p>after|before|following|prior\s+to|ahead\s+of)\s+"
    r"(?P<np>(?:it|he|she|they|we|you|[a-z][\w-]*)"
    r"(?:\s+(?!(?:and|or|but|that|which|who|when|while|because|if|said|says)\b)[\w'&-]+){1,5})"
)
_STOP_TAIL = re.compile(r"\s+$")
#: What a modifier prefix may start with that is not part of the expression.
_LEAD = re.compile(r"(?i)\s*(?:(?:at|by|until|before)\b\s*)?")


def tag(
    text: str,
    dct: date | None = None,
    *,
    tense_hint: Callable[[int], str | None] | None = None,
) -> list[TimeExpr]:
    """Find and normalise the time expressions in a text.

    Args:
        text: The text to tag.
        dct: The document creation time that relative expressions resolve against;
            None leaves them unresolved as described in the module docstring.
        tense_hint: Optional callable giving "past", "present" or "future" for the
            verb governing the expression that starts at a character offset; it
            decides between the last and the next Thursday. Without it, cue words
            in the same sentence decide (said, was vs will, plans).

    Returns:
        The expressions in text order, with exact offsets (``text[e.start:e.end] ==
        e.text``).

    Examples:
        >>> from datetime import date
        >>> [(e.text, e.value) for e in tag("Sales fell last year.", date(2024, 6, 21))]
        [('last year', '2023')]
        >>> [(e.text, e.type, e.value) for e in tag("It lasts 30 days.")]
        [('30 days', 'DURATION', 'P30D')]
    """
    if not text:
        return []
    cx = Context(text, dct, tense_hint)
    candidates: list[tuple[int, int, int, re.Match[str]]] = []
    for index, rule in enumerate(RULES):
        has_span = "span" in rule.pattern.groupindex
        for m in rule.pattern.finditer(text):
            if rule.check is not None and not rule.check(m, text):
                continue
            start, end = m.span("span") if has_span and m.group("span") else m.span()
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                candidates.append((start, end, index, m))
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken = bytearray(len(text))
    chosen = []
    # A probe without earlier mentions tells whether a rule accepts its match, so a
    # rejected long match leaves room for a shorter one.
    probe = Context(text, dct, tense_hint, probing=True)
    # Without a DCT, an expression that needs one ("a year ago") is left out whole: it
    # still takes its span, so no shorter reading inside it ("a year") is tagged.
    dated = Context(text, _PROBE_DCT, tense_hint, probing=True) if dct is None else None
    for cand in candidates:
        start, end = cand[0], cand[1]
        if taken.find(1, start, end) != -1:
            continue
        if _apply(cand[2], cand[3], probe) is not None:
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(cand)
        elif dated is not None and _apply(cand[2], cand[3], dated) is not None:
            taken[start:end] = b"\x01" * (end - start)
    chosen.sort(key=lambda c: c[0])
    out: list[TimeExpr] = []
    for start, end, index, m in chosen:
        norm = _apply(index, m, cx)
        if norm is None or not _VALUE.match(norm.value):
            continue
        expr = _build(text, start, end, norm)
        if expr.type == "DATE" and norm.remember:
            cx.remember(
                granularity_of(expr.value),
                expr.value,
                expr.end,
                textual=_sets_reference(text, expr, norm),
            )
        out.append(expr)
    return out


#: Any day: tells whether a rule that rejects a match without a DCT would accept it.
_PROBE_DCT = date(2000, 6, 15)


def _sets_reference(text: str, expr: TimeExpr, norm: Norm) -> bool | None:
    """Tell whether a DATE mention becomes the narrative reference time.

    Returns:
        True for a date the text places in a given year ("In 2017", "in May 2018",
        "September of that year"); False for one that hands the story back to the
        DCT: a date resolved against the DCT ("last month", "Thursday"), a bound
        ("since 1990", "until 1974"), background ("founded in 1998", ", which
        opened in 2005"), a year used as a modifier ("a 2019 order", "the Dec. 21,
        1988, bombing") or a year-level anaphor ("the following year"); None for
        values without a year (PRESENT_REF, "199").
    """
    if not _HAS_YEAR.match(expr.value):
        return None
    explicit = _EXPLICIT_YEAR.search(expr.text) is not None
    if norm.anchored and not explicit:
        return granularity_of(expr.value) not in ("year", "decade", "century")
    if not explicit or expr.relation in ("from", "until"):
        return False
    if _BOUND_BEFORE.search(text, max(0, expr.start - 50), expr.start):
        return False
    if _BACKGROUND_BEFORE.search(text, max(0, expr.start - 40), expr.start):
        return False
    comma = text.rfind(",", max(0, expr.start - 80), expr.start)
    if (
        comma != -1
        and not sentence_starts(text[comma : expr.start])
        and _APPOSITIVE_OPEN.match(text, comma + 1)
        and text[expr.end : expr.end + 1] == ","
    ):
        return False  # ", whose products were banned in 2017, said ..."
    return _ATTRIBUTIVE_BEFORE.search(text, max(0, expr.start - 12), expr.start) is None or (
        _ATTRIBUTIVE_AFTER.match(text, expr.end) is None
    )


_BOUND_BEFORE = re.compile(
    r"(?i)\b(?:(?:dating|dates|date|going|goes|back)\s+(?:back\s+)?to|as\s+(?:early|far\s+back)\s+as|"
    r"between|from|to|since\s+(?:(?:the|its|his|her|their|a|an)\s+)?(?:[\w-]+\s+){0,3}in)\s+$"
)
#: Background set off from the story: "founded in 1998", ", which opened in 2005".
_BACKGROUND_BEFORE = re.compile(
    r"(?i)(?:\b(?:founded|established|born|formed|incorporated|created|built|set\s+up)"
    r")\s+(?:in|on)\s+(?:\w+\s+)?$"
)
#: The start of a clause set off by commas: ", which ...", ", passed in ...".
_APPOSITIVE_OPEN = re.compile(r"\s+(?:which|who|whose|where|\w+ed|born|built|set\s+up)\b")
_ATTRIBUTIVE_BEFORE = re.compile(r"(?i)\b(?:the|a|an|its|their|his|her|our|this|that)\s+$")
_ATTRIBUTIVE_AFTER = re.compile(
    r",?\s+(?!(?:and|or|but|to|of|in|on|at|by|for|with|from|when|as|after|before|"
    r"that|which|who|was|were|is|are|had|has|have)\b)[a-z][\w-]*"
)
_HAS_YEAR = re.compile(r"^\d{4}")
#: A year written out in an expression: "2017", "'98", "nineteen ninety-eight".
_EXPLICIT_YEAR = re.compile(
    r"(?<![\d$])(?:1[6-9]|20)\d\d(?!\d)|'\d\d\b|(?i:\b(?:nineteen|eighteen)\s+\w|two\s+thousand)"
)

#: Well-formed TIMEX3 values: dates down to minutes, weeks, quarters, halves, seasons,
#: decades, centuries, durations and the three reference points.
_VALUE = re.compile(
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|(?:\d{4}|XXXX|\d{3}|\d{2})"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?|-Q[1-4X]|-H[12]"
    r"|-(?:SP|SU|FA|WI))?(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?Z?|MO|AF|EV|NI))?"
    r"|P(?:(?:\d+|X)(?:Y|M|W|D|Q|WE|DE|CE))*(?:T(?:(?:\d+|X)[HMS])+)?)$"
)


def _apply(index: int, m: re.Match[str], cx: Context) -> Norm | None:
    """Run one rule's normaliser; arithmetic past year 1 or 9999 yields no value."""
    try:
        return RULES[index].handler(m, cx)
    except (ValueError, OverflowError):
        return None


def _build(text: str, start: int, end: int, norm: Norm) -> TimeExpr:
    mod = norm.mod
    if norm.type in ("DATE", "TIME") and not norm.value.endswith("_REF"):
        pm = _MOD_PREFIX.search(text, max(0, start - 30), start)
        if pm is not None and pm.end() == start:
            key = pm.group("m").lower().split()
            word = next((w for w in reversed(key) if w in _PREFIX_MOD), None)
            if (
                word is not None
                and not (start > 0 and text[start - 1].isalnum())
                and not _PHRASAL.search(text, max(0, pm.start("m") - 12), pm.start("m"))
            ):
                mod = mod or _PREFIX_MOD[word]
                # The span takes "the end of" but not the preposition before it.
                lead = _LEAD.match(text, pm.start("m"))
                start = lead.end() if lead is not None else pm.start("m")
    relation = "on"
    anchor_text = offset = None
    before = text[max(0, start - 40) : start]
    for pattern, name in _RELATION:
        if pattern.search(before):
            relation = name
            break
    if norm.type == "DURATION" and norm.value[1:2] != "X":
        am = _ANCHOR.match(text, end) or _ANCHOR_CLAUSE.match(text, end)
        if am is not None and not _TIME_START.match(am.group("np")):
            prep = re.sub(r"\s+", " ", am.group("p"))
            anchor_text = _STOP_TAIL.sub("", _first_sentence(text, am.start("np"), am.end("np")))
            sign = "-" if prep in ("before", "prior to", "ahead of") else ""
            offset = sign + _days_offset(norm.value)
            if prep == "of":
                relation = "within"
            elif prep in ("after", "following", "from"):
                relation = "within" if relation == "within" else "after"
            else:
                relation = "before"
    return TimeExpr(
        start=start,
        end=end,
        text=text[start:end],
        type=norm.type,
        value=norm.value,
        mod=mod,
        freq=norm.freq,
        quant=norm.quant,
        anchor_text=anchor_text,
        offset=offset,
        relation=relation,
    )


def _first_sentence(text: str, start: int, end: int) -> str:
    """Return ``text[start:end]`` cut where a new sentence begins, if one does."""
    starts = sentence_starts(text[start : end + 40])
    cut = start + starts[0] if starts and starts[0] < end - start else end
    return text[start:cut]


_TIME_START = re.compile(
    r"(?i)(?:the\s+)?(?:\d|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|"
    r"yesterday|tomorrow|last|next|this|that\s+(?:day|week|month|year))"
)


def _days_offset(value: str) -> str:
    """Write a week duration in days ("P2W" -> "P14D"); keep other units."""
    m = re.match(r"^P(\d+)W$", value)
    return f"P{int(m.group(1)) * 7}D" if m else value


_DATELINE_FULL = re.compile(
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<d2>\d{1,2})\s+(?P<mon2>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?P<y2>\d{4})"
)
_DATELINE_SHORT = re.compile(
    r"^[A-Z][A-Za-z .,'-]{1,60},\s+(?P<mon>Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+(?P<d>\d{1,2})\b"
)
_YEAR = re.compile(r"(?<![\d$.,])\b(19[5-9]\d|20\d\d)\b(?![.,]\d)")


def infer_dct(text: str) -> date | None:
    r"""Return the publication date a dateline at the top of an article gives.

    Args:
        text: Article text. A full date on one of the first lines ("March 01, 2008",
            "2008-03-01") is used as is; a short dateline ("WASHINGTON, May 15
            (Reuters) -") takes its year from the first plausible year elsewhere
            in the text.

    Returns:
        The date, or None when no dateline is found or its year cannot be known.

    Examples:
        >>> infer_dct("March 01, 2008\nThe agency said ...")
        datetime.date(2008, 3, 1)
        >>> infer_dct("WASHINGTON, May 15 (Reuters) - The 2017 order ...")
        datetime.date(2017, 5, 15)
        >>> infer_dct("No date here.") is None
        True
    """
    head_lines = [line.strip() for line in text.strip().splitlines()[:3] if line.strip()]
    for line in head_lines:
        m = _DATELINE_FULL.search(line[:120])
        if m is None or m.start() > 60:
            continue
        parsed = _parse_full(m.group(0))
        if parsed is not None:
            return parsed
    for line in head_lines:
        m = _DATELINE_SHORT.match(line)
        if m is None:
            continue
        years = _YEAR.findall(text[m.end() :])
        if not years:
            return None
        from kg.temporal._lexicon import month_number

        try:
            return date(int(years[0]), month_number(m.group("mon")), int(m.group("d")))
        except ValueError:
            return None
    return None


@lru_cache(maxsize=1024)
def _parse_full(s: str) -> date | None:
    """Parse an explicit full date string with dateparser (imported only when needed)."""
    import dateparser

    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past",
        "STRICT_PARSING": True,
        "DATE_ORDER": "MDY",
    }
    parsed = dateparser.parse(s, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed is not None else None
