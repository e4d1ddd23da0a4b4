"""Resolution context: the document creation time, tense cues and earlier mentions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

__all__ = ["Context"]

_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n")
_FUTURE_EXCEPTIONS = frozenset({"scheduled", "expected", "planned", "slated", "proposed"})
_NOT_VERBS = frozenset({"hundred", "red", "bed", "united", "limited", "based", "related"})
_CUE = re.compile(
    r"(?i)\b(?P<future>will|shall|won't|going\s+to|plans?\s+to|planning\s+to|scheduled|"
    r"expects?\s+to|expected\s+to|slated|due\s+to|intends?\s+to|aims?\s+to|set\s+to|"
    r"upcoming|as\s+(?:soon|early)\s+as)\b|(?P<fut2>'ll)\b|"
    r"\b(?P<present>(?:is|are|am)\s+(?:being\s+)?\w+ed|is|are|am|says|has|have)\b|"
    r"\b(?P<past>was|were|had|did|said|told|ago|earlier|last|\w{3,}ed)\b"
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
    ) -> None:
        self.text = text
        self.dct = dct
        self._hint = tense_hint
        self.last: dict[str, tuple[str, int]] = {}

    def tense(self, pos: int) -> str | None:
        """Return "past", "present", "future" or None for the expression at ``pos``."""
        if self._hint is not None:
            try:
                hinted = self._hint(pos)
            except Exception:  # a faulty hint must not break tagging
                hinted = None
            if hinted in ("past", "present", "future"):
                return hinted
        lo = max(0, pos - 200)
        before = self.text[lo:pos]
        ends = list(_SENTENCE_END.finditer(before))
        start = lo + ends[-1].end() if ends else lo
        after = self.text[pos : pos + 200]
        m_end = _SENTENCE_END.search(after)
        end = pos + (m_end.start() if m_end else len(after))
        best: tuple[int, str] | None = None
        for m in _CUE.finditer(self.text, start, end):
            kind = m.lastgroup or ""
            word = m.group(0).lower()
            if kind == "past" and word.endswith("ed"):
                if word in _FUTURE_EXCEPTIONS:
                    kind = "future"
                elif word.endswith("eed") or word in _NOT_VERBS or m.group(0)[0].isupper():
                    continue  # "need", "hundred", "United": not past-tense verbs
            if kind == "fut2":
                kind = "future"
            # The governing verb usually comes first: later cues count from further away.
            dist = pos - m.end() if m.start() < pos else 2 * (m.start() - pos)
            if best is None or dist < best[0]:
                best = (dist, kind)
        return best[1] if best else None

    def remember(self, granularity: str, value: str, end: int) -> None:
        """Record a DATE value as the latest mention of its granularity."""
        self.last[granularity] = (value, end)

    def recent(self, granularity: str, pos: int, window: int = 100000) -> str | None:
        """Return the latest value of a granularity mentioned within ``window`` chars."""
        got = self.last.get(granularity)
        if got is None or pos - got[1] > window:
            return None
        return got[0]

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
