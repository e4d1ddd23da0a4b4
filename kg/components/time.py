"""The ``kg_time`` spaCy component: TIMEX3 expressions on a Doc.

It runs :func:`kg.temporal.tag` over ``doc.text`` against the document creation
time in ``doc._.kg_dct`` and writes the result twice:

- ``doc._.kg_timexes``: the :class:`~kg.types.TimeExpr` list, exact character offsets;
- ``doc.spans["kg_time"]``: one span per expression (label = TIMEX3 type, ``kb_id_`` =
  TIMEX3 value), widened to token boundaries.

The parser's view of the governing verb is passed as the tense hint, so "on Thursday"
under "said" is last Thursday and under "will meet" the next one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.temporal import tag
from kg.types import TimeExpr

__all__ = ["TimeTagger", "make_time_tagger", "tense_of"]

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "going"})
_PAST_AUX = frozenset({"did", "was", "were", "had"})


def _register_extensions() -> None:
    if not Doc.has_extension("kg_dct"):
        Doc.set_extension("kg_dct", default=None)
    if not Doc.has_extension("kg_timexes"):
        Doc.set_extension("kg_timexes", default=None)


_register_extensions()


def tense_of(token: Token) -> str | None:
    """Return "past", "present" or "future" for the verb governing ``token``.

    Args:
        token: A token of a parsed Doc.

    Returns:
        The tense of the nearest verb at or above the token, read from its tag
        and auxiliaries (VBD/VBN or did/was -> past, will/shall -> future,
        VBZ/VBP -> present), or None when no verb is found.
    """
    verb: Token | None = token
    for _ in range(6):
        if verb is None:
            break
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head if verb.head is not verb else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    for _ in range(3):
        # An infinitive or participle has no tense of its own: "sued to block the deal
        # in December" takes the tense of "sued".
        finite = any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)
        if (
            finite
            or verb.tag_ not in ("VB", "VBG")
            or verb.dep_ not in ("xcomp", "advcl", "conj", "acl")
        ):
            break
        if verb.head.pos_ not in ("VERB", "AUX"):
            break
        verb = verb.head
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    for aux in auxes:
        word = aux.lower_
        if word in _FUTURE_AUX or (aux.tag_ == "MD" and word in ("will", "shall", "'ll")):
            return "future"
        if word in _PAST_AUX or aux.tag_ == "VBD":
            return "past"
    if any(aux.lower_ in ("is", "are", "am", "'s", "'re") for aux in auxes):
        return "present"  # "when the case is heard in May"
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None


def _hint_for(doc: Doc) -> Callable[[int], str | None] | None:
    if not doc.has_annotation("DEP"):
        return None
    starts = [t.idx for t in doc]

    def hint(offset: int) -> str | None:
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return None
        return tense_of(doc[i])

    return hint


def _dct_of(doc: Doc) -> date | None:
    """Read ``doc._.kg_dct``, accepting a date, a datetime or an ISO string."""
    value = doc._.kg_dct
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


class TimeTagger:
    """Tag time expressions on a Doc (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "kg_time", *, spans_key: str = "kg_time"):
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        """Tag ``doc`` and return it."""
        matches = self.match(doc)
        self.set_annotations(doc, matches)
        return doc

    def match(self, doc: Doc) -> list[TimeExpr]:
        """Return the time expressions of ``doc``'s text."""
        return tag(doc.text, _dct_of(doc), tense_hint=_hint_for(doc))

    def set_annotations(self, doc: Doc, timexes: list[TimeExpr]) -> None:
        """Write ``doc._.kg_timexes`` and ``doc.spans[spans_key]``."""
        doc._.kg_timexes = timexes
        spans: list[Span] = []
        for expr in timexes:
            span = doc.char_span(
                expr.start, expr.end, label=expr.type, kb_id=expr.value, alignment_mode="expand"
            )
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans


@Language.factory(
    "kg_time",
    assigns=["doc._.kg_timexes", "doc.spans"],
    default_config={"spans_key": "kg_time"},
)
def make_time_tagger(nlp: Language, name: str, spans_key: str) -> Any:
    """Build the ``kg_time`` component."""
    return TimeTagger(nlp, name, spans_key=spans_key)
