"""What every stage of event reading shares: the draft of an event and its arguments.

Reading an article's events runs in stages over one parsed Doc, each a module of its own:
:mod:`kg.arguments` finds who is who (names, descriptions, pronouns) and the arguments of
a predicate, :mod:`kg.modality` tells asserted from planned, reported, negated and
conditional, :mod:`kg.anchoring` places each event in time, and :mod:`kg.extract` picks
the triggers and composes the stages. They pass :class:`Draft` values along; only
:func:`kg.extract.doc_events` turns them into plain :class:`kg.types.Event` values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from kg.lexicon import EVENT_VERBS, SMALL_CLAUSE_VERBS
from kg.types import Entity, EventDate, TimeExpr

if TYPE_CHECKING:
    from kg.arguments import ArticleReader

__all__ = [
    "CREDIT",
    "NAME_LABELS",
    "PASS_SUBJ",
    "PLACE_TYPES",
    "SPEECH",
    "SUBJ",
    "Arg",
    "Draft",
    "arguments_of",
    "in_headline",
    "lemma_of",
    "small_clause_participle",
]

#: A dateline with a news agency's credit ("WASHINGTON (Reuters) -", "(AP) -") or a byline
#: ("By Jane Doe") at the start of a line.
CREDIT = re.compile(
    r"^[ \t]*(?:(?:[A-Z][\w.,' ]{0,60}?)?\([^()\n]{2,40}\)[ \t]*[-\u2013\u2014:]"
    # "LUXEMBOURG, Sept 10, 2024 -", "THE HAGUE -": a capitalised place, maybe a date
    r"|[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}(?:, [A-Z][\w.']+)?"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)?[ \t]+[-\u2013\u2014][ \t]"
    r"|By [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}"
    r"(?: and [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})?[ \t]*$)",
    re.MULTILINE,
)

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PLACE_TYPES = frozenset({"Place", "Country"})
SUBJ = frozenset({"nsubj", "csubj"})
PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
SPEECH = ("Statement", "Announcement", "Denial", "Accusation")


#: A line of the body: it ends with a full stop (or a closing quote after one).
_BODY_LINE = re.compile(r"[.!?][\"'”)\]]*[ \t]*\n")


def small_clause_participle(verb: Token) -> bool:
    """Tell whether a participle with a subject but no auxiliary is a passive small clause.

    "see it banned", "had its licence revoked": the subject is what the participle's
    deed is done to, and the clause is as sure as the verb it completes.
    """
    return (
        (
            verb.tag_ == "VBN"
            or (verb.tag_ == "VBD" and verb.head.lemma_.lower() in SMALL_CLAUSE_VERBS)
        )
        and verb.dep_ in ("ccomp", "xcomp", "oprd")
        and verb.head.pos_ in ("VERB", "AUX")
        # "saw the company posted losses" tells a deed: a past with an object of its own
        and not any(c.dep_ in ("aux", "auxpass", "dobj", "obj") for c in verb.children)
        and any(c.dep_ in SUBJ for c in verb.children)
    )


def in_headline(sent: Span) -> bool:
    """Tell whether a sentence is a headline: a line of its own, unstopped, before the body.

    A date or time line may come first ("May 2, 2013, 1:12 PM" then the headline); the
    first line that ends with a full stop starts the body.
    """
    text = sent.doc.text
    start = sent.start_char
    end = start + len(sent.text.rstrip())
    if start > 0 and text[start - 1] != "\n":
        return False
    if end < len(text) and not text[end:].lstrip(" \t").startswith("\n"):
        return False
    if sent.text.rstrip().endswith((".", "!", "?")):
        return False
    return _BODY_LINE.search(text, 0, start) is None


@dataclass
class Arg:
    """An entity as the argument of an event, with how sure the link is."""

    entity: Entity
    confidence: float


@dataclass
class Draft:
    """An event while it is being read: its trigger token, arguments, modality and date.

    ``anchor`` holds a bound time ("within 30 days of the announcement") until it is
    resolved; ``weak`` lowers the confidence of intentions and purposes, and of states,
    things' doings and generic rules (kept below the listing).
    """

    trigger: Token
    trigger_text: str
    trigger_start: int
    trigger_end: int
    action: str
    type: str
    agents: list[Arg]
    patients: list[Arg]
    places: list[Arg]
    modality: str
    nominal: bool = False
    standalone: bool = False  # a happening of its own ("the earthquake"), doer or not
    state: bool = False  # a state ("has an order"), dated only by a time no happening takes
    date: EventDate | None = None
    anchor: TimeExpr | None = None
    confidence: float = 0.9
    weak: float = 0.0


def lemma_of(token: Token) -> str:
    """Return the lemma, mended where the small model's lemmatizer is known to slip."""
    lemma = token.lemma_.lower()
    if lemma.endswith(("ise", "yse")) and lemma not in EVENT_VERBS:
        # British spelling: "penalised", "criticises", "analyse" read as their -ize form.
        american = lemma[:-3] + ("ize" if lemma.endswith("ise") else "yze")
        if american in EVENT_VERBS:
            return american
    if lemma in EVENT_VERBS or token.tag_ not in ("VBD", "VBN") or not token.lower_.endswith("ed"):
        return lemma
    # "fined" -> "fin" in en_core_web_sm: try the regular -ed spellings.
    for candidate in (lemma + "e", token.lower_[:-1], token.lower_[:-2]):
        if candidate in EVENT_VERBS:
            return candidate
    return lemma


def arguments_of(reader: ArticleReader, head: Token | None, **kw: Any) -> list[Arg]:
    """Return the entities a phrase is about (none when there is no phrase)."""
    return reader.entities_in(head, **kw) if head is not None else []
