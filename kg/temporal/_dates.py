"""Rules for calendar dates.

Explicit dates, months, years, decades, centuries, quarters, halves, seasons and
holidays.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.temporal._calendar import add_months, day_value, easter_sunday, shift_value, week_value
from kg.temporal._context import Context
from kg.temporal._lexicon import ORDINALS, SEASONS, month_number, parse_spelled_year
from kg.temporal._rules import (
    ABBR_DOT,
    AMOUNT_NOUN,
    DAYNUM,
    FULL_DAYS,
    MODS,
    MON,
    MON_D,
    ORD_WORDS,
    QNUM,
    SPELLED_YEAR,
    WDAY,
    YEAR4,
    Norm,
    day_text_value,
    digits,
    month_year_value,
    move,
    next_text,
    prev_word,
    rel_shift,
    rule,
    unit_value,
    year_for_month,
)


@rule(
    "iso_date",
    r"\b(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)"
    r"(?:T(?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?)?\b",
)
def _iso(m: re.Match[str], cx: Context) -> Norm | None:
    value = day_text_value(int(m["y"]), int(m["m"]), int(m["d"]))
    if value is None:
        return None
    if m["h"]:
        return Norm("TIME", f"{value}T{m['h']}:{m['mi']}" + (f":{m['s']}" if m["s"] else ""))
    return Norm("DATE", value)


@rule(
    "numeric_date",
    r"(?<![\d/.$])\b(?P<a>[01]?\d|3[01])/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d{2})\b(?![/\d])",
)
def _numeric(m: re.Match[str], cx: Context) -> Norm | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if len(m["y"]) == 2:
        y += 1900 if y >= 30 else 2000
    month, day = (a, b) if a <= 12 else (b, a)
    value = day_text_value(y, month, day)
    return Norm("DATE", value) if value else None


@rule(
    "month_day",
    rf"\b(?:(?P<wd>{WDAY}),?\s+(?:the\s+)?)?(?:(?P<rel>(?i:this\s+coming|this\s+past|this|last|next))\s+)?"
    rf"(?P<mon>{MON_D})\s*(?:(?P<d>{DAYNUM})|(?P<dw>(?i:{ORD_WORDS})))\b"
    rf"(?!\s*(?:%|percent)|[,.]\d|:\d)(?:,?\s*(?P<y>{YEAR4})\b(?![,.]\d)|,?\s+(?P<sy>(?i:{SPELLED_YEAR}))\b)?",
)
def _month_day(m: re.Match[str], cx: Context) -> Norm | None:
    month = month_number(m["mon"])
    day = digits(m["d"]) if m["d"] else ORDINALS[m["dw"].lower()]
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["sy"]:
        year = parse_spelled_year(m["sy"])
    elif m["rel"] and cx.dct is None:
        return None  # "last Dec. 5" counts from an unknown DCT
    else:
        year = None if m["rel"] else cx.narrative_year(m.start())
        if year is not None and not _days_before_dct(cx, month, day):
            value = day_text_value(year, month, day)
            return Norm("DATE", value, anchored=True) if value else None
        year = year_for_month(cx, m.start(), month, day)
    value = day_text_value(year, month, day)
    return Norm("DATE", value) if value else None


def _days_before_dct(cx: Context, month: int, day: int) -> bool:
    """Tell whether a month and day fall in the fortnight before the DCT.

    News reports what happened in the days before it was written: "an April 2
    report" in an article of April 9 is that April's, even in a story about 2007.
    """
    if cx.dct is None or day_text_value(cx.dct.year, month, day) is None:
        return False
    return 0 <= (cx.dct - date(cx.dct.year, month, day)).days <= 14


#: Words that may follow a day of the month; any other lowercase word makes it a count.
_AFTER_DAY = re.compile(
    r"\s+(?!(?:in|at|on|to|and|or|but|for|with|when|while|as|after|before|the|a|an|is|was|are|"
    r"were|will|would|from|respectively|this|next|last)\b)[a-z]"
)


def _continuation_ok(m: re.Match[str], text: str) -> bool:
    """Tell "April 24 and 25." from "April 24 and 25 delegates"."""
    after = text[m.end() : m.end() + 30]
    return AMOUNT_NOUN.match(after) is None and _AFTER_DAY.match(after) is None


@rule(
    "day_continuation",
    rf"\b(?P<mon>{MON_D})\s*(?:{DAYNUM})\s*(?:and|or|to|through|-)\s*(?P<span>(?P<d>{DAYNUM}))\b"
    r"(?!\s*(?:%|percent)|[,.:]\d|\s+(?:[A-Z][a-z]|\d))",
    _continuation_ok,
)
def _day_continuation(m: re.Match[str], cx: Context) -> Norm | None:
    """Date the second day of "April 24 and 25" in the month and year of the first."""
    if cx.probing:
        return Norm("DATE", "XXXX-XX-XX")
    first = cx.recent("day", m.start("span"), window=20)
    if first is None or first[5:7] != f"{month_number(m['mon']):02d}":
        return None
    year = None if first.startswith("X") else int(first[:4])
    value = day_text_value(year, int(first[5:7]), digits(m["d"]))
    return Norm("DATE", value) if value else None


@rule(
    "week_of",
    rf"\b(?:(?i:the)\s+)?(?i:week)\s+of\s+(?P<mon>{MON_D})\s*(?P<d>{DAYNUM})\b(?:,?\s*(?P<y>{YEAR4})\b)?",
)
def _week_of(m: re.Match[str], cx: Context) -> Norm | None:
    """Date "the week of March 6" as the ISO week holding that day."""
    month, day = month_number(m["mon"]), digits(m["d"])
    year = int(m["y"]) if m["y"] else year_for_month(cx, m.start("mon"), month, day)
    if year is None:
        return Norm("DATE", "XXXX-WXX")
    value = day_text_value(year, month, day)
    return Norm("DATE", week_value(date.fromisoformat(value))) if value else None


@rule(
    "day_month",
    rf"\b(?:(?P<wd>{WDAY}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MON_D})\b(?:{ABBR_DOT})?"
    rf"(?:,?\s+(?P<y>{YEAR4})\b)?",
)
def _day_month(m: re.Match[str], cx: Context) -> Norm | None:
    month, day = month_number(m["mon"]), digits(m["d"])
    anchored = False
    if m["y"]:
        year: int | None = int(m["y"])
    else:
        year = cx.narrative_year(m.start())
        anchored = year is not None
        if year is None:
            year = year_for_month(cx, m.start(), month, day)
    value = day_text_value(year, month, day)
    return Norm("DATE", value, anchored=anchored) if value else None


@rule(
    "month_year",
    rf"\b(?P<mon>{MON})(?:,?\s+(?:of\s+)?)(?:(?P<y>{YEAR4})\b(?![,.]\d)|'(?P<y2>\d\d)\b|(?P<sy>(?i:{SPELLED_YEAR}))\b)",
)
def _month_year(m: re.Match[str], cx: Context) -> Norm | None:
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["y2"]:
        year = 1900 + int(m["y2"]) if int(m["y2"]) >= 30 else 2000 + int(m["y2"])
    else:
        year = parse_spelled_year(m["sy"])
    if year is None:
        return None
    return Norm("DATE", month_year_value(year, month_number(m["mon"])))


def _month_ok(m: re.Match[str], text: str) -> bool:
    word = m["mon"]
    if m["rel"] or m["rel2"]:
        return True
    after = next_text(text, m.end(), 25)
    if re.match(r"\s+[A-Z][a-z]", after) and not re.match(rf"\s+(?:{FULL_DAYS})", after):
        return False  # a name: "April Smith"
    prev = prev_word(text, m.start())
    preps = {
        "in", "since", "until", "till", "by", "of", "early", "late", "mid", "during", "from",
        "through", "to", "before", "after", "last", "this", "next", "between", "and", "or",
        "for", "on", "end", "beginning", "start", "middle", "each", "every", "around",
        "the", "its", "their", "his", "her", "that", "a",
    }  # fmt: skip
    if word in ("May", "MAY", "March", "MARCH"):
        if prev not in preps or re.match(r"\s+(?:be|have|not|also|well|of|[a-z]+ed)\b", after):
            return False
    return not re.match(r"\s*'s?\s", after) or word not in ("May", "March")


@rule(
    "month",
    rf"\b(?:(?P<pre>(?i:early|late|mid))[\s-]+)?(?:(?P<rel>(?i:this\s+coming|this\s+past|last|this|next|past|coming))\s+)?"
    rf"(?P<mon>{MON})(?![\w-])(?:\s+(?:(?i:of)\s+)?(?P<rel2>(?i:this|last|next|that|the\s+same|"
    r"the\s+following|the\s+next|the\s+previous|the\s+prior))\s+(?i:year)\b)?",
    _month_ok,
)
def _month(m: re.Match[str], cx: Context) -> Norm | None:
    month = month_number(m["mon"])
    mod = MODS.get((m["pre"] or "").lower())
    rel2 = re.sub(r"\s+", " ", (m["rel2"] or "").lower())
    step = rel_shift(rel2) or 0
    if rel2 == "that" or rel2.startswith("the "):  # "September of that year"
        base = cx.year_in_text(m.start())
        if base is not None:
            return Norm("DATE", month_year_value(base + step, month), mod, anchored=True)
    if cx.dct is None:
        if m["rel"] or m["rel2"]:
            return None  # "last March", "May of next year" count from an unknown DCT
        narrative = cx.narrative_year(m.start())
        return Norm("DATE", month_year_value(narrative, month), mod, anchored=narrative is not None)
    dct = cx.dct
    if m["rel2"]:
        year = dct.year + step
    elif m["rel"]:
        shift = rel_shift(m["rel"])
        if shift == -1:
            year = dct.year if month < dct.month else dct.year - 1
        elif shift == 1:
            year = dct.year if month > dct.month else dct.year + 1
        else:
            year = dct.year
    else:
        narrative = cx.narrative_year(m.start())
        if narrative is not None:
            ref = cx.reference[0] if cx.reference is not None else ""
            ref_month = int(ref[5:7]) if re.match(r"^\d{4}-\d{2}", ref) else None
            if (
                ref_month is not None
                and month < ref_month
                and (narrative + 1, month) < (dct.year, dct.month)
                and _fronted(cx.text, m.start())
            ):
                # "sued in December 2022. In July, a judge ruled": a month that opens a
                # sentence moves the story on, to the next July; one inside a clause
                # ("It was announced in January") may look back.
                narrative += 1
            return Norm("DATE", month_year_value(narrative, month), mod, anchored=True)
        year = year_for_month(cx, m.start(), month) or dct.year
    return Norm("DATE", month_year_value(year, month), mod)


def _fronted(text: str, pos: int) -> bool:
    """Tell whether a time at ``pos`` opens its sentence ("In July, ...", "By March, ...")."""
    start = max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos)) + 1
    return (
        re.fullmatch(r"\s*(?:(?:In|By|Then,?\s+in|But\s+in|And\s+in)\s+)?", text[start:pos])
        is not None
    )


def _year_ok(m: re.Match[str], text: str) -> bool:
    if AMOUNT_NOUN.match(text[m.end() : m.end() + 30]):
        return False
    before = text[max(0, m.start() - 12) : m.start()]
    if re.search(r"[$#£€]\s*$|\bNo\.\s*$|\bnumber\s+$|[-/]$", before):
        return False
    if _MODEL_YEAR_BEFORE.search(before) and _MODEL_YEAR_AFTER.match(text, m.end()):
        return False  # "her 1994 Buick": a car's model year, not a time
    y = int(m["y"])
    if y < 1900 and not (m["pre"] or m["side"]):
        return prev_word(text, m.start()) in ("in", "since", "of", "by", "until", "from", "year")
    return True


#: A determiner or possessive before a model year ("a 1965 Mustang", "her 1994 Buick").
_MODEL_YEAR_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|his|her|their|its|my|our|your)|\w(?:'s|s'|\u2019s))\s+$"
)
#: A car make, model or body style after a year.
_MODEL_YEAR_AFTER = re.compile(
    r"\s+(?:Chevrolet|Chevy|Toyota|Honda|Buick|Cadillac|Chrysler|Dodge|Pontiac|Oldsmobile|"
    r"Mercedes|BMW|Volkswagen|VW|Nissan|Datsun|Mazda|Jeep|Plymouth|Volvo|Porsche|Subaru|Hyundai|"
    r"Mitsubishi|Saab|Audi|Lexus|Acura|Peugeot|Renault|Ferrari|Mustang|Cavalier|Camaro|Corvette|"
    r"Thunderbird|Impala|Camry|Corolla|Civic|Pinto|Taurus|Bronco|"
    r"Ford\s+(?:[A-Z]\w+\s+)?(?:pickup|truck|van|sedan)|sedan|coupe|convertible|pickup|minivan|"
    r"hatchback|station\s+wagon)\b"
)


@rule(
    "year",
    rf"(?<![\d.,$])\b(?:(?P<pre>(?i:fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|FY|mid|early|late)"
    r"|(?P<side>(?i:pre|post))-)[\s-]*)?"
    rf"(?P<y>{YEAR4})\b(?![.,]\d|-\d)",
    _year_ok,
)
def _year(m: re.Match[str], cx: Context) -> Norm | None:
    pre = (m["pre"] or "").lower()
    if m["side"]:  # "post-1959 politics"
        return Norm("DATE", m["y"], "AFTER" if m["side"].lower() == "post" else "BEFORE")
    return Norm("DATE", m["y"], MODS.get(pre))


@rule(
    "spelled_year",
    rf"\b(?:(?P<pre>(?i:the\s+year|in|since|by|until))\s+)?(?P<sy>(?i:{SPELLED_YEAR}))\b",
)
def _spelled_year(m: re.Match[str], cx: Context) -> Norm | None:
    year = parse_spelled_year(m["sy"])
    if year is None:
        return None
    if m["sy"].lower().startswith("two thousand") and not m["pre"]:
        return None
    after = cx.text[m.end() : m.end() + 30]
    if AMOUNT_NOUN.match(after):
        return None
    return Norm("DATE", f"{year:04d}")


@rule(
    "decade",
    r"(?<![\d$])\b(?:(?i:the)\s+)?(?:(?P<pre>(?i:early|late|mid))[\s-]+)?"
    r"(?:(?P<dec>1[5-9]\d|20\d)0'?s|'(?P<short>\d)0'?s|(?P<word>(?i:twenties|thirties|forties|fifties|"
    r"sixties|seventies|eighties|nineties)))\b",
)
def _decade(m: re.Match[str], cx: Context) -> Norm | None:
    mod = MODS.get((m["pre"] or "").lower())
    if m["dec"]:
        return Norm("DATE", m["dec"], mod)
    if m["short"]:
        later = 2000 + 10 * int(m["short"])
        century = 20 if cx.dct is not None and later <= cx.dct.year else 19
        return Norm("DATE", f"{century}{m['short']}", mod)
    words = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties"]
    words.append("nineties")
    return Norm("DATE", f"19{words.index(m['word'].lower()) + 2}", mod)


@rule(
    "century",
    rf"\b(?:(?i:the)\s+)?(?:(?P<pre>(?i:early|late|mid))[\s-]+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>(?i:{ORD_WORDS})))"
    r"[\s-]+(?i:century)\b",
)
def _century(m: re.Match[str], cx: Context) -> Norm | None:
    n = int(m["n"]) if m["n"] else ORDINALS[m["w"].lower()]
    if not 1 <= n <= 22:
        return None
    return Norm("DATE", f"{n - 1:02d}", MODS.get((m["pre"] or "").lower()))


@rule(
    "quarter",
    # "a third-quarter loss", "its fourth quarter": the determiner is not part of the
    # time, as TimeBank annotates it; before an adjective it is ("a flat second quarter").
    r"(?i:\b(?:(?:a|an|its|their|his|her)\s+(?=(?:(?:fiscal|calendar)\s+)?"
    r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]))?"
    rf"(?P<span>(?:(?P<poss>this|last|next)\s+year's\s+|(?P<yposs>{YEAR4})'s\s+|the\s+|a\s+|its\s+|their\s+)?"
    rf"(?:(?P<adj>fiscal|calendar|year-ago|year-earlier|comparable|flat|latest|same)\s+)*"
    rf"(?:(?P<y1>{YEAR4})\s+)?(?:(?:fiscal|calendar)\s+)?"
    r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+(?:fiscal[\s-]+)?quarter\b"
    rf"(?:(?:\s+of|,)?\s+(?:(?:fiscal|calendar)\s+)?(?:(?P<y2>{YEAR4})\b|(?P<rel>this|last|next)\s+year\b))?))",
)
def _quarter(m: re.Match[str], cx: Context) -> Norm | None:
    q = QNUM[m["q"].lower()]
    adj = (m["adj"] or "").lower()
    if m["y2"] or m["y1"] or m["yposs"]:
        year: int | None = int(m["y2"] or m["y1"] or m["yposs"])
    elif cx.dct is None:
        year = None
    else:
        rel = m["poss"] or m["rel"]
        if rel:
            year = cx.dct.year + (rel_shift(rel) or 0)
        else:
            year = cx.dct.year
            # An unstarted quarter in a past-tense report is last year's.
            if (q - 1) * 3 + 1 > cx.dct.month and cx.tense(m.start()) != "future":
                year -= 1
        if "year-" in adj:
            year -= 1
    return Norm("DATE", f"{year:04d}-Q{q}" if year is not None else f"XXXX-Q{q}")


@rule(
    "quarter_code",
    rf"\b(?:(?P<y1>{YEAR4})\s*)?Q(?P<q>[1-4])\b(?:\s*(?P<y2>{YEAR4})\b|\s+'(?P<y3>\d\d)\b)?",
)
def _quarter_code(m: re.Match[str], cx: Context) -> Norm | None:
    y = m["y1"] or m["y2"] or (f"20{m['y3']}" if m["y3"] else None)
    if y is None:
        y = f"{cx.dct.year:04d}" if cx.dct else "XXXX"
    return Norm("DATE", f"{y}-Q{m['q']}")


@rule(
    "half_code",
    rf"\b(?:(?P<y1>{YEAR4})\s*H(?P<h1>[12])|H(?P<h2>[12])\s*(?P<y2>{YEAR4}))\b",
)
def _half_code(m: re.Match[str], cx: Context) -> Norm | None:
    """Read "H1 2013" and "2013 H2" as halves of that year (a year is required: "H1-B")."""
    return Norm("DATE", f"{m['y1'] or m['y2']}-H{m['h1'] or m['h2']}")


@rule(
    "quarter_anaphor",
    r"(?i:\b(?P<det>the|this|that|its|their|last|next|this\s+year's|last\s+year's)\s+"
    r"(?:(?P<adj>latest|most\s+recent|recent|current|same|previous|prior|year-ago|year-earlier|"
    r"comparable|corresponding|just-ended|just\s+ended|fiscal)\s+)*(?:(?P<y>(?:19|20)\d\d)\s+)?(?P<u>quarter|period)\b(?!-)"
    r"(?P<ago>\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier)))?)",
)
def _quarter_anaphor(m: re.Match[str], cx: Context) -> Norm | None:
    det = m["det"].lower()
    adjs = (m["adj"] or "").lower()
    if m["y"]:
        prev_q = cx.recent("quarter", m.start(), window=1500)
        if prev_q is not None:
            return Norm("DATE", m["y"] + prev_q[4:], remember=False)
        return Norm("DATE", m["y"])
    if m["u"].lower() == "period" and not adjs:
        return None
    if det in ("last", "next") and not adjs:
        if cx.dct is None:
            return None
        return Norm(
            "DATE", unit_value(move(cx.dct, "quarter", 1 if det == "next" else -1), "quarter")
        )
    prev = cx.recent("quarter", m.start())
    if det == "this" or "current" in adjs:
        if cx.dct is None:
            return None
        return Norm("DATE", unit_value(cx.dct, "quarter"))
    if prev is None:
        if cx.dct is None:
            return None
        if cx.probing:
            return Norm("DATE", "XXXX-QX")  # "the latest period" needs a quarter seen earlier
        if m["u"].lower() == "period" and "year-" not in adjs and "comparable" not in adjs:
            return None
        prev = unit_value(move(cx.dct, "quarter", -1), "quarter")
    if cx.dct is not None and re.search(r"latest|recent|just", adjs):
        # "the latest quarter" has ended: a quarter still under way is named for its outlook.
        prev = min(prev, unit_value(move(cx.dct, "quarter", -1), "quarter"))
    if m["ago"] or "year-" in adjs or "comparable" in adjs or "corresponding" in adjs:
        return Norm("DATE", shift_value(prev, -1, "Y") or prev, remember=False)
    if "previous" in adjs or "prior" in adjs:
        return Norm("DATE", shift_value(prev, -1, "Q") or prev)
    return Norm("DATE", prev)


@rule(
    "half",
    rf"(?i:\b(?:the\s+)?(?P<h>first|second|1st|2nd|latter|last)\s+half\b"
    rf"(?:\s+of\s+(?:(?:the|this)\s+year|(?P<y>{YEAR4})|(?P<rel>last|next|this)\s+year|fiscal\s+(?P<y2>{YEAR4})))?)",
)
def _half(m: re.Match[str], cx: Context) -> Norm | None:
    h = 1 if m["h"].lower() in ("first", "1st") else 2
    if m["y"] or m["y2"]:
        return Norm("DATE", f"{m['y'] or m['y2']}-H{h}")
    if cx.dct is None:
        return Norm("DATE", f"XXXX-H{h}")
    year = cx.dct.year + (rel_shift(m["rel"]) or 0)
    if not m["rel"] and h == 2 and cx.dct.month <= 6 and cx.tense(m.start()) == "past":
        year -= 1
    return Norm("DATE", f"{year:04d}-H{h}")


def _season_ok(m: re.Match[str], text: str) -> bool:
    if m["rel"] or m["y"] or m["sy"] or m["ry"] or m["pre"]:
        return True  # "last fall", "summer 2019", "the early summer"
    if re.match(r"\s+of\b", text[m.end() : m.end() + 5]):
        return False
    return prev_word(text, m.start()) in (
        "in",
        "during",
        "over",
        "since",
        "until",
        "by",
        "through",
    )


@rule(
    "season",
    rf"(?i:\b(?:(?:the\s+)?(?P<pre>early|late|mid)[\s-]+)?(?:(?P<rel>this\s+past|this\s+coming|last|this|next|past|coming)\s+|the\s+)?"
    rf"(?P<s>spring|summer|fall|autumn|winter)\b(?:,?\s+(?:of\s+)?(?:(?P<y>{YEAR4})\b|(?P<sy>{SPELLED_YEAR})\b|"
    r"(?P<ry>last|this|next)\s+year\b))?)",
    _season_ok,
)
def _season(m: re.Match[str], cx: Context) -> Norm | None:
    code = SEASONS[m["s"].lower()]
    mod = MODS.get((m["pre"] or "").lower())
    if m["y"] or m["sy"]:
        year = int(m["y"]) if m["y"] else parse_spelled_year(m["sy"])
        return Norm("DATE", f"{year:04d}-{code}", mod) if year else None
    if m["ry"]:  # "the spring of last year"
        if cx.dct is None:
            return None
        return Norm("DATE", f"{cx.dct.year + (rel_shift(m['ry']) or 0):04d}-{code}", mod)
    if not m["rel"]:
        narrative = cx.narrative_year(m.start())
        if narrative is not None:
            return Norm("DATE", f"{narrative:04d}-{code}", mod, anchored=True)
    if cx.dct is None:
        return None if m["rel"] else Norm("DATE", f"XXXX-{code}", mod)
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    dct = cx.dct
    shift = rel_shift(m["rel"]) if m["rel"] else None
    in_season = start <= dct.month < start + 3 or (code == "WI" and dct.month <= 2)
    if shift is None:
        tense = cx.tense(m.start())
        shift = -1 if tense == "past" and not in_season else 1 if tense == "future" else 0
        if shift == -1 and start > dct.month:
            return Norm("DATE", f"{dct.year - 1:04d}-{code}", mod)
        if shift == 1 and (start < dct.month and not in_season):
            return Norm("DATE", f"{dct.year + 1:04d}-{code}", mod)
        return Norm("DATE", f"{dct.year:04d}-{code}", mod)
    if shift == -1:
        year = dct.year if start + 3 <= dct.month else dct.year - 1
    elif shift == 1:
        year = dct.year if start > dct.month else dct.year + 1
    else:
        year = dct.year - 1 if code == "WI" and dct.month <= 2 else dct.year
    return Norm("DATE", f"{year:04d}-{code}", mod)


_HOLIDAYS: dict[str, tuple[int, int] | tuple[int, int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
    "christmas day": (12, 25), "christmas eve": (12, 24), "valentine's day": (2, 14),
    "independence day": (7, 4), "the fourth of july": (7, 4), "halloween": (10, 31),
    "veterans day": (11, 11), "boxing day": (12, 26),
    "thanksgiving": (11, 4, 4), "thanksgiving day": (11, 4, 4), "labor day": (9, 1, 1),
    "memorial day": (5, 1, -1), "election day": (11, 2, 1),
}  # fmt: skip


#: Movable feasts, in days from Easter Sunday.
_EASTER_OFFSETS = {
    "easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2,
    "palm sunday": -7, "ash wednesday": -46,
}  # fmt: skip


@rule(
    "holiday",
    r"\b(?P<h>New\s+Year's\s+(?:Day|Eve)|Christmas(?:\s+(?:Day|Eve))?|Valentine's\s+Day|"
    r"Independence\s+Day|the\s+Fourth\s+of\s+July|Halloween|Veterans\s+Day|Boxing\s+Day|"
    r"Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+Day|Election\s+Day|"
    r"Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|Palm\s+Sunday|Ash\s+Wednesday)\b"
    r"(?:\s+(?P<week>week|weekend)\b)?"
    rf"(?:,?\s+(?P<y>{YEAR4})\b)?",
)
def _holiday(m: re.Match[str], cx: Context) -> Norm | None:
    name = re.sub(r"\s+", " ", m["h"].lower())
    easter = _EASTER_OFFSETS.get(name)
    month = 4 if easter is not None else _HOLIDAYS[name][0]
    if m["y"]:
        year: int | None = int(m["y"])
    else:
        year = year_for_month(cx, m.start(), month, 15)
    if year is None:
        if m["week"]:
            return Norm("DATE", "XXXX-WXX" + ("-WE" if m["week"] == "weekend" else ""))
        if easter is not None or len(_HOLIDAYS[name]) == 3:
            return Norm("DATE", f"XXXX-{month:02d}")
        return Norm("DATE", f"XXXX-{month:02d}-{_HOLIDAYS[name][1]:02d}")
    if easter is not None:
        d = easter_sunday(year) + timedelta(days=easter)
    else:
        d = _fixed_holiday(_HOLIDAYS[name], year)
    if m["week"]:  # "Easter week", "Thanksgiving weekend": the week holding the day
        return Norm("DATE", week_value(d) + ("-WE" if m["week"] == "weekend" else ""))
    return Norm("DATE", day_value(d))


def _fixed_holiday(spec: tuple[int, int] | tuple[int, int, int], year: int) -> date:
    """Return the day of a holiday given by date or by the nth weekday of its month."""
    month = spec[0]
    if len(spec) == 2:
        return date(year, month, spec[1])
    weekday, nth = spec[1], spec[2]
    if nth > 0:
        first = date(year, month, 1)
        d = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
        if spec == (11, 2, 1):  # the Tuesday after the first Monday
            monday = first + timedelta(days=(1 - first.isoweekday()) % 7)
            d = monday + timedelta(days=1)
        return d
    last = add_months(date(year, month, 1), 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)
