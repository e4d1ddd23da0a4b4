"""Resolution context: the document creation time, tense cues and earlier mentions."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta

from kg.temporal._lexicon import FUTURATE_VERBS

__all__ = ["PAST_FORMS", "Context", "sentence_starts"]

#: A full stop, question or exclamation mark (with closing quotes or brackets) and
#: the space after it, or a blank line; :func:`sentence_starts` weeds out abbreviations.
_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n[ \t]*\n\s*")
#: Words after which a full stop does not end a sentence ("Mr. Smith", "Sept. 29").
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt",
        "capt", "st", "rev", "jr", "sr", "vs", "ft", "mt", "adm", "maj", "cmdr", "fig",
        "pp", "approx", "dept", "univ",
    }
)  # fmt: skip
#: Abbreviations that do not end a sentence when a number follows ("No. 3", "Oct. 1").
_BEFORE_NUMBERS = frozenset(
    {
        "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    }
)  # fmt: skip
#: Words that begin a sentence after a dotted acronym ("... in the U.S. The firm").
_STARTERS = frozenset(
    {
        "The", "A", "An", "It", "Its", "He", "She", "They", "We", "I", "This", "That",
        "These", "Those", "There", "But", "And", "In", "On", "At", "From", "Starting",
        "Beginning", "After", "Before", "When", "While", "Since", "By", "As", "If",
        "Then", "Now", "Today", "Yesterday", "Last", "Next", "Earlier", "Later", "Some",
        "Many", "Officials", "However", "Meanwhile", "Also",
    }
)  # fmt: skip
_FORWARD_WORDS = frozenset({"effective", "starting", "beginning", "until", "till", "through"})
_LAST_WORD = re.compile(r"(?:^|[\s(\"'])((?:[A-Za-z]\.)+[A-Za-z]?|[A-Za-z]+)\.?$")
_NEXT_WORD = re.compile(r"[\"'\u201c\u2018(\[]?([A-Za-z]+)")


def sentence_starts(text: str) -> list[int]:
    """Return the offsets where a new sentence begins, after the first one.

    Args:
        text: Any text.

    Returns:
        Sorted offsets of the first character of every sentence but the first. A
        full stop after a title or abbreviation ("Mr.", "Sept. 29") or after an
        initial does not end a sentence; one after a dotted acronym ("U.S.") does
        only when a typical sentence opener follows.

    Examples:
        >>> sentence_starts("It fell. Mr. Lee sold it in the U.S. last year.")
        [9]
    """
    starts: list[int] = []
    for m in _BREAK.finditer(text):
        if text[m.start()] == ".":
            lw = _LAST_WORD.search(text, max(0, m.start() - 20), m.start() + 1)
            word = lw.group(1) if lw else ""
            if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
            if word.lower() in _BEFORE_NUMBERS and text[m.end() : m.end() + 1].isdigit():
                continue
            if "." in word:  # a dotted acronym or initials: "U.S.", "J.P."
                nw = _NEXT_WORD.match(text, m.end())
                if nw is None or nw.group(1) not in _STARTERS:
                    continue
        starts.append(m.end())
    return starts


_FUTURE_EXCEPTIONS = frozenset({"scheduled", "expected", "planned", "slated", "proposed"})
_ADJECTIVE_BEFORE = re.compile(r"(?i)\b(?:the|a|an|its|their|his|her|this|\w+ly)\s+$")
#: A determiner before a participle makes it an adjective ("a still unspecified date").
_DETERMINER_BEFORE = re.compile(
    r"(?i)\b(?:the|a|an|its|their|his|her|this|these|those)\s+"
    r"(?:(?:still|newly|recently|previously|already|once|long|much|well|so)\s+)?$"
)
_NOT_VERBS = frozenset({"hundred", "red", "bed", "united", "limited", "based", "related"})
#: Common irregular past-tense verbs (regular ones are caught by their "-ed").
_IRREGULAR_PAST = (
    "went|came|took|gave|made|began|brought|fought|found|held|kept|left|led|lost|met|paid|"
    "ran|rose|fell|saw|sent|sold|spent|stood|struck|thought|threw|upheld|won|wrote|became|"
    "bought|built|chose|drew|drove|felt|got|grew|heard|knew|laid|meant|sought|shot|spoke|"
    "stole|swore|taught|tore|understood|withdrew|broke|flew|forgot|froze|hid|hung|rang|"
    "sank|shook|stuck|swept|overtook|undertook|withheld|overthrew|oversaw|forbade|sped|"
    "slid|woke|wore|arose|bore|dealt|dug|fled|fed|forgave|lent|lay|lit|overcame|rebuilt|"
    "rewrote|sat|slept|spun|sprang|strove|wept|wound|caught|blew|ate|drank|rode|sang|swam|swung|"
    "clung|stung|bent|crept|knelt|awoke|mistook|misled|bled|bred|shrank|overran|foresaw|strode|"
    "leapt|overrode|outran|dove"
)
#: Present-tense verbs of scheduled events, any whitespace between their words.
_FUTURATE = "|".join(r"\s+".join(v.split()) for v in sorted(FUTURATE_VERBS, key=len, reverse=True))
#: Irregular past-tense forms, as an alternation for other patterns.
PAST_FORMS = _IRREGULAR_PAST
_CUE = re.compile(
    r"(?i)\b(?P<future>(?:was|were|is|are)\s+(?:planning|going|expected|scheduled|set|due|"
    r"slated)\s+to|(?:will|would|shall)\s+(?:not\s+)?(?:be|have(?:\s+been)?)\s+\w+|"
    r"(?:is|are)\s+to\s+\w+|will|would|shall|won't|going\s+to|plans?\s+to|planning\s+to|scheduled|"
    r"expects?\s+to|expected\s+to|slated|due\s+to|intends?\s+to|aims?\s+to|set\s+to|"
    r"upcoming|as\s+(?:soon|early)\s+as|" + _FUTURATE + r")\b|(?P<fut2>'ll)\b|"
    r"\b(?P<perfect>(?:has|have)\s+(?:not\s+|never\s+|already\s+|long\s+)?(?:been|\w+ed|"
    + _IRREGULAR_PAST
    + r"))\b|"
    r"\b(?P<present>(?:is|are|am)\s+(?:being\s+)?(?!(?:scheduled|expected|planned|slated|proposed)\b)(?:\w+ed|"
    + _IRREGULAR_PAST
    + r")|is|are|am|says|has|have)\b|"
    r"\b(?P<past>had\s+(?:not\s+)?(?:been\s+)?(?:due|scheduled|expected|planned|planning|set|slated|going)"
    r"(?:\s+to)?|was|were|had|did|said|told|ago|earlier|last|\w{2,}ed|" + _IRREGULAR_PAST + r")\b"
)


class Context:
    """What relative expressions are resolved against, updated in document order.

    Attributes:
        text: The text being tagged.
        dct: The document creation time, or None when unknown.
        last: The latest DATE value seen for each granularity ("day", "quarter", ...),
            with the character offset where it ended.
    """

    def __init__(
        self,
        text: str,
        dct: date | None,
        tense_hint: Callable[[int], str | None] | None = None,
        *,
        probing: bool = False,
    ) -> None:
        self.text = text
        #: True for the context that only checks whether rules accept their matches:
        #: it has seen no earlier mentions, so anaphora answer optimistically.
        self.probing = probing
        self.dct = dct
        self._hint = tense_hint
        self.last: dict[str, tuple[str, int]] = {}
        #: The latest DATE whose year the text itself gave (an explicit year, or one
        #: resolved from such a year): value and end offset.
        self.textual: tuple[str, int] | None = None
        #: The narrative reference time: the latest DATE mention if its year came
        #: from the text, None after a mention resolved against the DCT.
        self.reference: tuple[str, int] | None = None
        self._starts: list[int] | None = None

    def sentence_index(self, pos: int) -> int:
        """Return the number of the sentence holding ``pos`` (0 for the first)."""
        if self._starts is None:
            self._starts = sentence_starts(self.text)
        return bisect_right(self._starts, pos)

    def narrative_year(self, pos: int) -> int | None:
        """Return the year of a past narrative that an expression at ``pos`` belongs to.

        A news report that recounts the past ("In 2017 the agency ordered ... In
        December, the president signed ...") dates a month or season written
        without a year by the year the text last gave explicitly, not by the DCT.
        That happens only when the explicit year is in the same or the previous
        sentence, lies before the DCT's year, and the expression's clause is in the
        past tense.

        Args:
            pos: Offset of the expression.

        Returns:
            The reference year, or None when the DCT rules apply.
        """
        ref = self.reference
        if self.probing:
            return 1 if self.dct is None else None
        if ref is None or ref[1] > pos:
            return None
        m = re.match(r"^(\d{4})", ref[0])
        if m is None:
            return None
        year = int(m.group(1))
        if self.dct is not None and year >= self.dct.year:
            return None
        if self.sentence_index(pos) - self.sentence_index(ref[1] - 1) > 1:
            return None
        if self.tense_detail(pos) != "past":
            return None
        before = re.search(r"([A-Za-z]+)\W*$", self.text[max(0, pos - 20) : pos])
        if before is not None and before.group(1).lower() in _FORWARD_WORDS:
            return None  # "effective Feb. 1", "through Sept. 29": bounds, not story dates
        return year

    def tense(self, pos: int) -> str | None:
        """Return "past", "present", "future" or None for the expression at ``pos``."""
        got = self.tense_detail(pos)
        return "past" if got == "perfect" else got

    def tense_detail(self, pos: int) -> str | None:
        """Like :meth:`tense`, but tell the present perfect ("perfect") from the past.

        The present perfect ("has been in force since") looks back from the DCT, so
        it counts as past for choosing a year, but it does not continue a story
        told about an earlier year.
        """
        if self._hint is not None:
            try:
                hinted = self._hint(pos)
            except Exception:  # a faulty hint must not break tagging
                hinted = None
            if hinted == "present" and self._cue_tense(pos) == "future":
                return "future"  # "the rule takes effect in March": a schedule's present
            if hinted in ("present", "future"):
                return hinted
            if hinted == "past":
                # A parser says "past" for "has been"; the text tells the perfect apart.
                return "perfect" if self._cue_tense(pos) == "perfect" else "past"
        return self._cue_tense(pos)

    def _cue_tense(self, pos: int) -> str | None:
        """Return the tense the nearest cue word in the sentence of ``pos`` suggests."""
        if self._starts is None:
            self._starts = sentence_starts(self.text)
        i = bisect_right(self._starts, pos)
        start = max(pos - 200, self._starts[i - 1] if i else 0)
        end = min(pos + 200, self._starts[i] if i < len(self._starts) else len(self.text))
        best: tuple[int, str] | None = None
        for m in _CUE.finditer(self.text, start, end):
            kind = m.lastgroup or ""
            word = m.group(0).lower()
            if kind == "past" and word.endswith("ed"):
                if word in _FUTURE_EXCEPTIONS:
                    if _ADJECTIVE_BEFORE.search(self.text, max(0, m.start() - 20), m.start()):
                        continue  # "the hastily planned trip": an adjective
                    kind = "future"
                elif word.endswith("eed") or word in _NOT_VERBS or m.group(0)[0].isupper():
                    continue  # "need", "hundred", "United": not past-tense verbs
                elif _DETERMINER_BEFORE.search(self.text, max(0, m.start() - 30), m.start()):
                    continue  # "the proposed rule": an adjective
            if kind == "fut2":
                kind = "future"
            elif kind == "perfect":
                # "has been searching since": the present perfect looks back, but
                # "has scheduled a meeting Thursday" looks ahead.
                last_word = word.split()[-1]
                kind = "future" if last_word in _FUTURE_EXCEPTIONS else "perfect"
            # The governing verb usually comes first: later cues count from further away.
            dist = pos - m.end() if m.start() < pos else 2 * (m.start() - pos)
            if m.start() > pos and "," in self.text[pos : m.start()]:
                dist *= 3  # a later cue past a comma belongs to another clause
            if best is None or dist < best[0]:
                best = (dist, kind)
        return best[1] if best else None

    def remember(
        self, granularity: str, value: str, end: int, *, textual: bool | None = None
    ) -> None:
        """Record a DATE value as the latest mention of its granularity.

        Args:
            granularity: The value's granularity ("year", "month", "day", ...).
            value: The TIMEX3 value.
            end: Where the mention ends.
            textual: True when the value's year came from the text (which makes it
                the narrative reference), False when it came from the DCT (which
                ends any narrative), None when it says nothing about the year.
        """
        self.last[granularity] = (value, end)
        if textual is True:
            self.textual = (value, end)
            self.reference = (value, end)
        elif textual is False:
            self.reference = None

    def recent(self, granularity: str, pos: int, window: int = 100000) -> str | None:
        """Return the latest value of a granularity mentioned within ``window`` chars."""
        got = self.last.get(granularity)
        if got is None or pos - got[1] > window:
            return None
        return got[0]

    def latest_mention(
        self, granularity: str, pos: int, *, sentences: int = 1
    ) -> tuple[str, int] | None:
        """Return (value, end) of the latest date mentioned, if it has this granularity.

        It must lie in the sentence of ``pos`` or one of the ``sentences`` before;
        None otherwise, or when a date of another granularity came after it.
        """
        got = self.last.get(granularity)
        if got is None or any(other[1] > got[1] for other in self.last.values()):
            return None
        if self.sentence_index(pos) - self.sentence_index(got[1] - 1) > sentences:
            return None
        return got

    def year_in_text(self, pos: int) -> int | None:
        """Return the year "that year" points to at ``pos``.

        The latest year the text gave (explicitly or resolved from an explicit
        one); failing that, the year of the latest dated mention; None when there
        is neither.
        """
        candidates = [self.textual] if self.textual is not None else list(self.last.values())
        best: tuple[int, int] | None = None
        for value, end in candidates:
            m = re.match(r"^(\d{4})", value)
            if m is not None and end <= pos and (best is None or end > best[0]):
                best = (end, int(m.group(1)))
        if best is None:
            return 1 if self.probing else None
        return best[1]

    def recent_finer(self, granularity: str, pos: int, window: int = 3000) -> str | None:
        """Return the latest mention finer than ``granularity`` ("June 1998" for a year)."""
        order = ("year", "half", "quarter", "season", "month", "week", "day", "time")
        if granularity not in order:
            return None
        finer = order[order.index(granularity) + 1 :]
        best: tuple[int, str] | None = None
        for g in finer:
            got = self.last.get(g)
            if got is not None and pos - got[1] <= window and (best is None or got[1] > best[0]):
                best = (got[1], got[0])
        return best[1] if best else None

    def day_on_or_before(self, weekday: int) -> date | None:
        """Return the latest given ISO weekday on or before the DCT."""
        if self.dct is None:
            return None
        return self.dct - timedelta(days=(self.dct.isoweekday() - weekday) % 7)

    def day_on_or_after(self, weekday: int) -> date | None:
        """Return the earliest given ISO weekday on or after the DCT."""
        if self.dct is None:
            return None
        return self.dct + timedelta(days=(weekday - self.dct.isoweekday()) % 7)
