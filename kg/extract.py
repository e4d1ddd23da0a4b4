"""Read events out of a parsed Doc; the last place where spaCy types appear.

An event is a verbal trigger ("banned", "will list") or a nominal one ("the ban on
Kaspersky", "fines from the Commerce Department") with its arguments found in the
dependency parse:

- agent: the active subject, the "by" phrase of a passive (none when the text gives
  none), the subject a participle or conjunct shares with its head, the noun a
  relative clause modifies; for nominals a possessor, "by" or "from" phrase;
- patient: the entity the object phrase is about, searched inside it ("licensing of
  Kaspersky products" -> Kaspersky), or the addressee of a statement ("told Reuters");
- place: a place named in an "in"/"at"/"within" phrase of the trigger;
- date: the time expression whose syntactic head is the trigger (never merely the first
  date in the sentence), resolved against the article's publication date; a deadline
  relative to another event ("within 30 days of the announcement") is computed from
  that event's date; an undated report inherits the date of the statement it continues,
  with lower confidence.

Which clauses are events, and with what modality, follows the syntax: infinitives that
modify nouns ("plans to ban", "the intention to pursue") are not separate happenings,
the complement of "plan"/"seek"/"vow" is planned, "will" is planned, "would"/"if" are
conditional, negation makes it negated, and what a statement reports is reported.
Verbs outside the event lexicon are kept only when they link two known actors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.lexicon import (
    ATTRIBUTION_VERBS,
    CHANGE_OF_STATE_VERBS,
    COMMITMENT_VERBS,
    EVENT_NOUNS,
    EVENT_VERBS,
    LAW_NOUNS,
    LAW_VERBS,
    LIGHT_VERBS,
    NOMINAL_TRIGGERS,
    PHRASAL_VERBS,
    PLAN_VERBS,
    RECEIVE_VERBS,
    RULE_NOUNS,
    STATE_VERBS,
    SUPPORT_VERBS,
    TEMPORAL_VERBS,
    is_actor_noun,
)
from kg.namespace import EVENT_TYPES
from kg.resolve import NameMention, Resolver
from kg.temporal import resolve_offset
from kg.types import Article, Entity, Event, EventDate, Mention, TimeExpr, granularity_of

__all__ = ["EventIRI", "doc_events", "doc_mentions", "find_mentions"]

EventIRI = Callable[[str, int, int, str], str]

_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_PLACE_TYPES = frozenset({"Place", "Country"})
_SUBJ = frozenset({"nsubj", "csubj"})
_PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
_CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "parataxis", "csubj", "punct", "mark"})
_PRONOUNS = {
    "it": "org",
    "its": "org",
    "itself": "org",
    "they": "any",
    "their": "any",
    "them": "any",
    "he": "person",
    "his": "person",
    "him": "person",
    "she": "person",
    "her": "person",
    "we": "speaker",
    "our": "speaker",
    "us": "speaker",
}
_GOVERNMENT_NOUNS = frozenset(
    "government authorities regime military leadership state officials administration".split()
)
_NOMINAL_ANAPHORS = {
    "company": "company",
    "firm": "company",
    "group": "company",
    "business": "company",
    "corporation": "company",
    "vendor": "company",
    "maker": "company",
    "agency": "agency",
    "department": "agency",
    "ministry": "agency",
    "regulator": "agency",
    "administration": "agency",
    "government": "country",
    "country": "country",
    "nation": "country",
}
#: Where a common noun stands as an argument (not as a modifier, "court ruling").
_ARG_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "obj", "pobj", "poss", "conj", "appos", "dative", "attr"}
)
#: Prepositions whose gerund shares the subject of the clause they modify.
_SHARED_SUBJECT_PREPS = frozenset({"after", "before", "by", "while", "since", "without", "upon"})
#: Determiners that make a noun no particular actor ("no company", "every user").
_QUANTIFIERS = frozenset({"no", "every", "each", "any", "all", "many", "most", "few", "some"})
#: Event types whose verbs act on an earlier event named as their object.
_ACTS_ON_EVENTS = frozenset({"Easing", "LegalAction", "Denial", "Accusation", "Investigation"})
_SPEECH = ("Statement", "Announcement", "Denial", "Accusation")
_ORG_TYPES = {"Organization", "Company", "GovernmentAgency"}
_CONDITIONAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_RELATION_WORDS = {
    "by": "until",
    "until": "until",
    "till": "until",
    "through": "until",
    "before": "before",
    "after": "after",
    "since": "from",
    "from": "from",
    "starting": "from",
    "beginning": "from",
    "effective": "from",
    "within": "within",
    "on": "on",
    "in": "on",
    "at": "on",
}
#: A year or a month name makes a time expression a written date, not a deictic one.
_WRITTEN_DATE = re.compile(
    r"\b(1[5-9]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d",
    re.IGNORECASE,
)
_VALID_EVENT_DATE = ("year", "month", "day", "time", "quarter", "half", "season", "week", "decade")


@dataclass
class _Arg:
    entity: Entity
    confidence: float


@dataclass
class _Draft:
    trigger: Token
    trigger_text: str
    trigger_start: int
    trigger_end: int
    action: str
    type: str
    agents: list[_Arg]
    patients: list[_Arg]
    places: list[_Arg]
    modality: str
    nominal: bool = False
    date: EventDate | None = None
    anchor: TimeExpr | None = None
    confidence: float = 0.9
    weak: float = 0.0


def find_mentions(doc: Doc) -> list[tuple[Span, NameMention]]:
    """Return the name mentions of a Doc (its entities of name-like labels), in order."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in _NAME_LABELS:
            continue
        if ent.label_ == "NORP" and not ent.id_:
            continue  # "Russian" modifies, it does not name an actor
        role = None
        if ent.label_ == "PERSON":
            before = [
                t
                for t in doc[ent.sent.start : ent.start]
                if t.head.i in range(ent.start, ent.end) and t.dep_ in ("compound", "nmod", "amod")
            ]
            if before:
                role = doc[before[0].i : ent.start].text
        out.append(
            (
                ent,
                NameMention(
                    text=ent.text,
                    label=ent.label_,
                    canonical=ent.id_ or None,
                    start=ent.start_char,
                    end=ent.end_char,
                    role=role,
                    actor=ent.root.dep_ in ("nsubj", "nsubjpass", "poss")
                    or (ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("by", "from")),
                ),
            )
        )
    return out


class _ArticleReader:
    """Holds one article's Doc, resolved mentions and drafts while events are read."""

    def __init__(self, doc: Doc, article: Article, resolver: Resolver) -> None:
        self.doc = doc
        self.article = article
        self.resolver = resolver
        self.token_entity: dict[int, _Arg] = {}
        self.mention_heads: set[int] = set()
        pairs = find_mentions(doc)
        resolved = resolver.resolve([m for _, m in pairs])
        self.order: list[tuple[int, Entity]] = []
        self.roles: list[tuple[int, str, Entity]] = []
        credits = _credit_spans(doc.text)
        for (span, mention), (entity, conf) in zip(pairs, resolved, strict=True):
            if any(a <= span.start_char < b for a, b in credits):
                continue  # "WASHINGTON (Reuters) -": who reports, not who acts
            for tok in span:
                self.token_entity[tok.i] = _Arg(entity, conf)
            self.mention_heads.add(span.root.i)
            self.order.append((span.start, entity))
            if mention.role:
                self.roles.append((span.start, mention.role, entity))
        self.sents = list(doc.sents)
        self._sent_of = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = n
        self._governments()
        self._resolve_anaphora()
        self.described: set[int] = set()
        self._describe_actors()

    def _governments(self) -> None:
        """Let "the Chinese government" and "Russian authorities" stand for the country."""
        for tok in self.doc:
            if tok.lemma_.lower() not in _GOVERNMENT_NOUNS or tok.i in self.token_entity:
                continue
            for child in tok.children:
                arg = self.token_entity.get(child.i)
                if (
                    child.dep_ in ("amod", "compound", "poss")
                    and arg is not None
                    and (arg.entity.type == "Country")
                ):
                    self.token_entity[tok.i] = _Arg(arg.entity, min(arg.confidence, 0.9))
                    break

    def _describe_actors(self) -> None:
        """Let common nouns that name actors stand for one ("regulators", "the court").

        A description whose own modifiers name the actor ("Commerce Department
        officials", "officials of the agency") is left to that name.
        """
        for tok in self.doc:
            if (
                tok.pos_ not in ("NOUN", "PROPN")
                or tok.i in self.token_entity
                or tok.dep_ not in _ARG_DEPS
            ):
                continue
            kind = is_actor_noun(tok.lemma_) if tok.pos_ == "NOUN" else None
            confidence = 0.7
            if kind is None and tok.dep_ == "nsubj" and tok.lemma_.lower() not in NOMINAL_TRIGGERS:
                # "The new aircraft made its first flight": a thing can act in its clause.
                kind, confidence = "Other", 0.6
            if kind is None or any(c.lower_ in _QUANTIFIERS for c in tok.children):
                continue
            named_inside = any(
                t.i in self.token_entity
                for c in tok.children
                if c.dep_ in ("compound", "poss", "nmod", "amod", "prep", "appos")
                and not (c.dep_ == "amod" and self._origin(c))
                for t in c.subtree
            )
            titled = self._titled_person(tok) if kind == "Person" else None
            if titled is not None:
                # "The chairwoman added ...": the person the text gave that title.
                self.token_entity[tok.i] = _Arg(titled, 0.8)
                continue
            if named_inside:
                continue
            self.token_entity[tok.i] = self.describe(tok, kind, confidence)
            self.described.add(tok.i)

    def _titled_person(self, tok: Token) -> Entity | None:
        """Return the latest person named earlier with this title ("Chairwoman Lina Khan")."""
        word = tok.lower_
        found = [e for i, role, e in self.roles if i < tok.i and word in role.lower().split()]
        return found[-1] if found else None

    def describe(self, tok: Token, kind: str, confidence: float) -> _Arg:
        """Return the entity a common-noun phrase describes, labelled by its head and modifiers."""
        words = [
            self.doc[t.left_edge.i : t.right_edge.i + 1].text
            for t in tok.lefts
            if t.dep_ in ("compound", "amod") and t.pos_ != "PRON"
        ]
        label = " ".join([*words, tok.text])
        if tok.pos_ != "PROPN":
            label = label.lower()
        return _Arg(self.resolver.describe(label, kind, self.article.id), confidence)

    def thing(self, tok: Token) -> _Arg | None:
        """Return the thing an object phrase names ("a $40 billion contract"), if a noun."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() in NOMINAL_TRIGGERS:
            return None
        if tok.like_num or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"):
            return None
        if tok.lemma_.lower() in EVENT_NOUNS:
            # "banned the sale of Russian-based software": what is sold is the patient.
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((p for p in of.children if p.dep_ == "pobj"), None) if of else None
            return self.thing(pobj) if pobj is not None else None
        return self.describe(tok, "Other", 0.6)

    # -- coreference ---------------------------------------------------------------------
    def sentence_distance(self, a: Token, b: Token) -> int:
        """Return how many sentences lie between two tokens (0 in the same sentence)."""
        return self._sent_of[b.i] - self._sent_of[a.i]

    def previous_sentences(self, tok: Token, n: int) -> list[Span]:
        """Return up to ``n`` sentences before the token's own, nearest last."""
        here = self._sent_of[tok.i]
        return self.sents[max(0, here - n) : here]

    def _candidates(self, before: int, kind: str) -> list[tuple[int, Entity]]:
        tok = self.doc[before]
        window = self.previous_sentences(tok, 3)
        lo = window[0].start if window else self.sents[self._sent_of[before]].start
        found = [(i, e) for i, e in self.order if lo <= i < before]
        return [(i, e) for i, e in found if _compatible(e, kind)]

    def _anaphor_kind(self, tok: Token) -> str | None:
        if tok.lower_ in _PRONOUNS and tok.pos_ == "PRON":
            return _PRONOUNS[tok.lower_]
        if (
            tok.pos_ == "NOUN"
            and tok.lemma_.lower() in _NOMINAL_ANAPHORS
            and any(c.lower_ in ("the", "this", "that") for c in tok.children)
            and not any(c.dep_ in ("prep", "poss") for c in tok.children)
            and not any(c.dep_ == "compound" and c.i in self.token_entity for c in tok.children)
            and tok.tag_ == "NN"
            and tok.i not in self.token_entity
        ):
            return _NOMINAL_ANAPHORS[tok.lemma_.lower()]
        return None

    def _resolve_anaphora(self) -> None:
        """Link descriptions and pronouns: subjects first, then speakers, then objects."""
        pending = [(tok, kind) for tok in self.doc if (kind := self._anaphor_kind(tok))]

        def is_object(tok: Token) -> bool:
            return tok.lower_ in ("it", "them") and tok.dep_ in ("dobj", "pobj", "obj")

        for stage in ("subject", "speaker", "object"):
            for tok, kind in pending:
                if kind == "speaker":
                    if stage != "speaker":
                        continue
                    entity = self._speaker(tok)
                elif is_object(tok):
                    if stage != "object":
                        continue
                    # An object "it" mostly names a thing ("challenge it in court"): link it
                    # only to the previous sentence's topic, and never to its own subject.
                    prev = self.previous_sentences(tok, 1)
                    topic = self._subject_entity(prev[-1]) if prev else None
                    own = _clause_subject(_verb_of(tok), self.token_entity)
                    entity = (
                        topic
                        if topic is not None
                        and _compatible(topic, kind)
                        and (own is None or own.id != topic.id)
                        else None
                    )
                else:
                    if stage != "subject":
                        continue
                    entity = self._antecedent(tok, kind)
                if entity is None:
                    continue
                conf = 0.8 if tok.pos_ == "NOUN" else 0.75
                self.token_entity[tok.i] = _Arg(entity, conf)
                for child in tok.children:
                    if child.dep_ in ("amod", "compound"):
                        for t in child.subtree:
                            self.token_entity.pop(t.i, None)

    def _subject_entity(self, sent: Span) -> Entity | None:
        """Return the entity the main subject of a sentence names (its topic)."""
        for c in sent.root.children:
            if c.dep_ in _SUBJ or c.dep_ in _PASS_SUBJ:
                found = self.entities_in(c, allow_acl=False, max_rank=1)
                return found[0].entity if found else None
        return None

    def _speaker(self, tok: Token) -> Entity | None:
        """Return who speaks a quote ("we will appeal," the company said)."""
        root = tok.sent.root
        if EVENT_VERBS.get(_lemma(root)) not in _SPEECH:
            return None
        return _clause_subject(root, self.token_entity)

    def _antecedent(self, tok: Token, kind: str) -> Entity | None:
        """Pick the most salient compatible entity for an anaphor.

        Salience adds the previous sentence's topic, frequency so far and recency; an
        entity that is another argument of the pronoun's own verb is never chosen.
        """
        cands = self._candidates(tok.i, kind)
        if not cands:
            return None
        own = _clause_entities(tok, self.token_entity)
        prev_sents = self.previous_sentences(tok, 1)
        topic = self._subject_entity(prev_sents[-1]) if prev_sents else None
        if (
            tok.lower_ in ("its", "their")
            and tok.head.i + 1 < len(self.doc)
            and any(c.lower_ == "own" for c in tok.head.children)
        ):
            # "closed its own investigation": the owner is the clause's subject.
            own_subject = _clause_subject(_verb_of(tok), self.token_entity)
            if own_subject is not None and _compatible(own_subject, kind):
                return own_subject
        speaker = None
        clause = _verb_of(tok)
        if clause.dep_ == "ccomp" and EVENT_VERBS.get(_lemma(clause.head)) in _SPEECH:
            # "DHS said it would ...", "FNV said its members ...": usually the speaker.
            speaker = _clause_subject(clause.head, self.token_entity)
        counts: dict[str, int] = {}
        for i, e in self.order:
            if i < tok.i:
                counts[e.id] = counts.get(e.id, 0) + 1
        scores: dict[str, tuple[float, Entity]] = {}
        n = len(cands)
        for rank, (i, e) in enumerate(cands):
            if e.id in own:
                continue
            score = min(counts.get(e.id, 0), 5) * 0.5 + (rank + 1) / n
            if topic is not None and topic.id == e.id:
                score += 2.0
            if speaker is not None and speaker.id == e.id:
                score += 3.0
            if i >= tok.sent.start:
                score += 0.5
            scores[e.id] = (score, e)
        if not scores:
            return None
        return max(scores.values(), key=lambda x: x[0])[1]

    # -- arguments -----------------------------------------------------------------------
    def entities_in(
        self,
        head: Token,
        *,
        allow_acl: bool = True,
        max_rank: int = 99,
        exclude: frozenset[str] = frozenset(),
    ) -> list[_Arg]:
        """Entities a phrase is about: its head, else the closest named one inside it."""
        best: list[tuple[int, int, int, _Arg]] = []
        seen: set[str] = set()
        stack: list[tuple[Token, int, int]] = [(head, 0, 0)]
        while stack:
            tok, depth, rank = stack.pop()
            arg = self.token_entity.get(tok.i)
            named = arg is not None
            if arg is not None and arg.entity.id not in seen and arg.entity.id not in exclude:
                seen.add(arg.entity.id)
                best.append((rank, depth, tok.i, arg))
            for child in tok.children:
                if named and child.dep_ != "conj":
                    continue  # the name's own tokens belong to it; only its conjuncts count
                dep = child.dep_
                if dep in _CLAUSE_DEPS or (dep == "acl" and not allow_acl):
                    continue
                if dep in ("prep",) and child.lower_ not in (
                    "of",
                    "on",
                    "against",
                    "for",
                    "from",
                    "with",
                    "in",
                    "over",
                    "including",
                ):
                    continue
                if dep == "det" or dep == "cc":
                    continue
                if dep == "amod" and self._origin(child):
                    continue  # "Russian-based software", "American companies": not Russia
                child_rank = rank
                if dep in ("amod", "npadvmod", "nummod", "acl", "advmod"):
                    child_rank = rank + 2
                elif dep in ("compound", "poss", "nmod"):
                    child_rank = rank + 1
                elif dep == "prep" and child.lower_ not in ("of", "including"):
                    child_rank = rank + 1  # "troubles in the United States" are not the US
                if child_rank > max_rank:
                    continue
                # Coordinated names ("Ukraine and Turkey") stand at the same level.
                stack.append((child, depth if dep == "conj" else depth + 1, child_rank))
        if not best:
            return []
        best.sort(key=lambda x: (x[0], x[1], x[2]))
        top_rank, top_depth = best[0][0], best[0][1]
        chosen = [b[3] for b in best if (b[0], b[1]) == (top_rank, top_depth)]
        return chosen

    def _origin(self, tok: Token) -> bool:
        """Tell whether an adjective names only a place of origin ("Luxembourg-based")."""
        found = [self.token_entity[t.i] for t in tok.subtree if t.i in self.token_entity]
        return bool(found) and all(a.entity.type in _PLACE_TYPES for a in found)

    def subject_of(self, verb: Token) -> tuple[Token | None, bool]:
        """Return the verb's subject phrase head and whether the verb is passive."""
        passive = any(c.dep_ in _PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)
        for c in verb.children:
            if c.dep_ in _SUBJ or c.dep_ in _PASS_SUBJ:
                if c.dep_ in _PASS_SUBJ:
                    passive = True
                if verb.dep_ == "relcl" and c.tag_ in ("WDT", "WP"):
                    return verb.head, passive  # "AirTanker, who retains the rights"
                return c, passive
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            subj, _ = self.subject_of(verb.head)
            return subj, passive
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.pos_ == "VERB":
            controller = next(
                (c for c in verb.head.children if c.dep_ in ("dobj", "obj") and c.i < verb.i),
                None,
            )
            if controller is not None:
                return controller, passive  # "ordered agencies to remove": agencies remove
        if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
            head = verb.head
            if head.pos_ == "ADJ" and head.head.pos_ in ("VERB", "AUX"):
                head = head.head
            subj, head_passive = self.subject_of(head)
            if head_passive and subj is not None and verb.dep_ == "xcomp":
                return None, passive
            return subj, passive
        if verb.dep_ == "relcl":
            if any(c.dep_ in _SUBJ and c.tag_ in ("WDT", "WP") for c in verb.children):
                return verb.head, passive
        if (
            verb.dep_ == "pcomp"
            and verb.tag_ == "VBG"
            and verb.head.lower_ in _SHARED_SUBJECT_PREPS
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            # "was suspended after violating the law", "replied by saying": the clause's
            # subject does the gerund; "listed for cooperating" names someone else's deed.
            return self.subject_of(verb.head.head)[0], passive
        if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            # "Boeing's plan to build", "signed a contract to supply": the owner, else
            # whoever took up the plan or contract.
            noun = verb.head
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner, passive
            if noun.dep_ in ("dobj", "obj") and noun.head.pos_ in ("VERB", "AUX"):
                return self.subject_of(noun.head)[0], passive
            return None, passive
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return verb.head, True
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            prev = verb.doc[verb.i - 1] if verb.i > 0 else None
            if prev is not None and prev.text == ",":
                # ", denying any involvement": an adjunct of the clause, not of the noun.
                clause = verb.head
                while clause.pos_ not in ("VERB", "AUX") and clause.dep_ != "ROOT":
                    clause = clause.head
                if clause.pos_ in ("VERB", "AUX"):
                    return self.subject_of(clause)[0], passive
            return verb.head, passive
        return None, passive

    def by_agent(self, verb: Token) -> Token | None:
        """Return the object of a passive's "by" phrase."""
        for c in verb.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None


#: A dateline with a news agency's credit ("WASHINGTON (Reuters) -") or a byline
#: ("By Jane Doe") at the start of a line.
_CREDIT = re.compile(
    r"^[ \t]*(?:[A-Z][\w.,' ]{0,60}?\([^()\n]{2,40}\)[ \t]*[-\u2013\u2014:]"
    r"|By [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?: and [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})?[ \t]*$)",
    re.MULTILINE,
)


def _credit_spans(text: str) -> list[tuple[int, int]]:
    """Return the character spans of datelines with credits and of bylines."""
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text)]


def _compatible(entity: Entity, kind: str) -> bool:
    if kind == "person":
        return entity.type == "Person"
    if kind == "org":
        return entity.type in _ORG_TYPES or entity.type == "Country"
    if kind == "company":
        return entity.type in ("Company", "Organization")
    if kind == "agency":
        return entity.type == "GovernmentAgency"
    if kind == "country":
        return entity.type == "Country"
    return entity.type != "Place"


def _verb_of(tok: Token) -> Token:
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
        head = head.head
    return head


def _clause_subject(verb: Token, token_entity: dict[int, _Arg]) -> Entity | None:
    """Return the entity named by a verb's subject: its head first, then its modifiers."""
    for c in verb.children:
        if c.dep_ in _SUBJ or c.dep_ in _PASS_SUBJ:
            ordered = [c, *(t for t in c.children if t.dep_ in ("appos", "compound", "poss"))]
            ordered += list(c.subtree)
            for t in ordered:
                if t.i in token_entity:
                    return token_entity[t.i].entity
    return None


def _clause_entities(tok: Token, token_entity: dict[int, _Arg]) -> set[str]:
    """Entities named as other arguments of the pronoun's own verb (binding: not "it")."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
        head = head.head
    out: set[str] = set()
    if tok.lower_ in ("its", "their", "his", "her"):
        return out  # a possessive may refer to its own clause's subject
    for c in head.children:
        if c.dep_ in ("dobj", "dative", "nsubj", "nsubjpass", "attr") and tok.i not in {
            t.i for t in c.subtree
        }:
            for t in c.subtree:
                if t.i in token_entity:
                    out.add(token_entity[t.i].entity.id)
    return out


# -- modality ------------------------------------------------------------------------------
def _modality(verb: Token, reported: bool) -> str:
    children = list(verb.children)
    lowers = {c.lower_ for c in children}
    if any(c.dep_ == "neg" for c in children) or (
        "longer" in lowers and any(c.lower_ == "no" for c in verb.subtree)
    ):
        return "negated"
    head = verb
    # "will be able to sell": modality words sit on the adjective or matrix verb.
    chain = [verb]
    while head.dep_ in ("xcomp", "conj", "acomp") and head.head.i != head.i:
        head = head.head
        chain.append(head)
    for tok in chain:
        for c in tok.children:
            if c.dep_ == "neg" or (
                c.lower_ == "longer" and any(x.lower_ == "no" for x in c.children)
            ):
                return "negated"
    auxes = {c.lower_ for tok in chain for c in tok.children if c.dep_ in ("aux", "auxpass")}
    marks = {c.lower_ for c in children if c.dep_ == "mark"}
    if reported and "would" in auxes and not marks & {"if", "unless"}:
        auxes = auxes - {"would"} | {"will"}  # "said it would appeal": future in the past
    alternative = verb.dep_ == "conj" and any(
        c.dep_ == "cc" and c.lower_ == "or" for c in verb.head.children
    )
    if marks & {"if", "unless"} or auxes & _CONDITIONAL_AUX or alternative:
        return "conditional"  # "comply by March or face penalties": only if not
    if auxes & _FUTURE_AUX or any(t.lemma_ in PLAN_VERBS and t.i != verb.i for t in chain):
        return "planned"
    if "to" in auxes and verb.dep_ == "ROOT":
        return "planned"  # headline "US to ban ..."
    if reported:
        return "reported"
    return "asserted"


def _is_reported(verb: Token) -> bool:
    tok = verb
    while tok.head.i != tok.i:
        if tok.dep_ == "ccomp" and EVENT_VERBS.get(tok.head.lemma_.lower()) in _SPEECH:
            return True
        tok = tok.head
    return False


def _past(verb: Token) -> bool:
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN" and any(
        c.lower_ in ("has", "have", "had", "was", "were") for c in verb.children
    ):
        return True  # "has banned", "was issued"
    return False


# -- event selection ------------------------------------------------------------------------
def _lemma(token: Token) -> str:
    """Return the lemma, mended where the small model's lemmatizer is known to slip."""
    lemma = token.lemma_.lower()
    if lemma in EVENT_VERBS or token.tag_ not in ("VBD", "VBN") or not token.lower_.endswith("ed"):
        return lemma
    # "fined" -> "fin" in en_core_web_sm: try the regular -ed spellings.
    for candidate in (lemma + "e", token.lower_[:-1], token.lower_[:-2]):
        if candidate in EVENT_VERBS:
            return candidate
    return lemma


def _verb_event(verb: Token) -> tuple[str, str] | None:
    """Return (action, type) when this verb is an event trigger, else None."""
    lemma = _lemma(verb)
    if verb.pos_ != "VERB" or lemma in STATE_VERBS or lemma in ATTRIBUTION_VERBS:
        return None
    if verb.dep_ in ("aux", "auxpass", "amod", "compound"):
        return None
    if (
        lemma in PLAN_VERBS
        and lemma not in COMMITMENT_VERBS
        and any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in verb.children)
    ):
        return None  # "plans to ban": the complement is the (planned) event
    if lemma in TEMPORAL_VERBS and verb.tag_ == "VBG":
        return None
    aux_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if aux_to and verb.dep_ != "ROOT" and not _licensed_infinitive(verb):
        # "plans to ban", "the intention to pursue", "powers ... to restrict", purpose
        # clauses: infinitives that modify or explain are not happenings of their own.
        return None
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    if particle is not None:
        phrasal = f"{lemma} {particle}"
        return phrasal, PHRASAL_VERBS.get(phrasal, "Other")
    event_type = EVENT_VERBS.get(lemma, "Other")
    if verb.dep_ == "acl" and event_type == "Other":
        return None  # "software developed by ...": a description
    noun = _event_noun(verb)
    if noun is not None and lemma in RECEIVE_VERBS:
        return None  # "will face fines from X": the fine is the event, X its agent
    if noun is not None and (lemma in LIGHT_VERBS or lemma in SUPPORT_VERBS):
        return lemma, NOMINAL_TRIGGERS[noun.lemma_.lower()][1]  # "issued a directive"
    if lemma in LIGHT_VERBS and lemma not in ("place", "put") and event_type == "Other":
        return None  # "took effect", "made progress": no happening of their own
    if lemma in LAW_VERBS and any(
        c.dep_ in ("dobj", "obj", "nsubjpass") and c.lemma_.lower() in LAW_NOUNS
        for c in verb.children
    ):
        return lemma, "Law"
    if lemma in ("add", "place", "put"):
        if any(
            p.lower_ == "to" and any("list" in t.lower_ for t in p.subtree) for p in verb.children
        ):
            return "list", "EntityListing"
        if any(c.dep_ in ("dobj", "obj") for c in verb.children):
            return lemma, "Other"
    return lemma, event_type


def _infinitive_event(verb: Token) -> tuple[str, str] | None:
    """Return (action, type) of a to-infinitive that names what someone means to do."""
    if verb.pos_ != "VERB" or verb.dep_ not in ("xcomp", "acl", "advcl", "relcl", "ccomp"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    lemma = _lemma(verb)
    if lemma in STATE_VERBS or lemma in ATTRIBUTION_VERBS or lemma in LIGHT_VERBS:
        return None
    if lemma in PLAN_VERBS and any(c.dep_ == "xcomp" for c in verb.children):
        return None  # "to try to sell": the sale is the event
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    if particle is not None:
        phrasal = f"{lemma} {particle}"
        return phrasal, PHRASAL_VERBS.get(phrasal, "Other")
    return lemma, EVENT_VERBS.get(lemma, "Other")


def _event_noun(verb: Token) -> Token | None:
    """Return the nominal trigger a light verb takes as its object ("imposed sanctions")."""
    for c in verb.children:
        if c.dep_ in ("dobj", "obj", "nsubjpass") and c.lemma_.lower() in NOMINAL_TRIGGERS:
            return c
    return None


def _licensed_infinitive(verb: Token) -> bool:
    """Tell whether a to-infinitive is an event: planned, ordered or made (im)possible."""
    head = verb.head
    if head.pos_ == "ADJ":
        return head.lower_ in ("able", "unable", "allowed", "permitted", "forced", "required")
    if head.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("xcomp", "ccomp", "conj"):
        return False
    if verb.dep_ == "conj":
        return (
            _licensed_infinitive(head)
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
            else False
        )
    lemma = head.lemma_.lower()
    return (
        lemma in PLAN_VERBS
        or EVENT_VERBS.get(lemma) in ("Order", "Ban")
        or lemma in ("force", "compel", "ask", "urge", "push", "press")
    )


def _governor(doc: Doc, span: Span, triggers: set[int]) -> tuple[Token | None, str]:
    """Return the trigger a time expression attaches to, and how ("on", "from", ...)."""
    tok = span.root
    relation = "on"
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in _RELATION_WORDS:
        relation = _RELATION_WORDS[prev.lower_]
    steps = 0
    while steps < 8:
        steps += 1
        head = tok.head
        if head.i == tok.i:
            return (tok if tok.i in triggers else None), relation
        if head.i in triggers and not (head.i >= span.start and head.i < span.end):
            return head, relation
        if (
            steps == 1
            and head.pos_ in ("NOUN", "PROPN")
            and tok.dep_ in ("compound", "nummod", "amod", "poss", "nmod")
        ):
            # "upheld the Commission's 2017 decision": the year dates the decision, an
            # argument, never the upholding.
            return None, relation
        if head.lemma_.lower() in TEMPORAL_VERBS and head.tag_ in ("VBG", "JJ", "VBN"):
            relation = "from" if head.lemma_.lower() in ("start", "begin", "effective") else "until"
        elif head.pos_ == "ADP" and head.lower_ in _RELATION_WORDS and relation == "on":
            relation = _RELATION_WORDS[head.lower_]
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in TEMPORAL_VERBS:
            if head.i in triggers:
                return head, relation
            # "The ban on Huawei took effect in May": the time belongs to the nominal event.
            subject = next(
                (c for c in head.children if c.dep_ in _SUBJ | _PASS_SUBJ and c.i in triggers),
                None,
            )
            if subject is None and head.dep_ in ("xcomp", "advcl") and head.head.i in triggers:
                # "sued to block the deal in December": the purpose shares the time.
                subject = head.head
            return subject, relation
        tok = head
    return None, relation


def doc_mentions(doc: Doc, resolver: Resolver) -> list[Mention]:
    """Return every mention of an entity in a Doc: names, pronouns and descriptions.

    Args:
        doc: The parsed article.
        resolver: Entity resolver shared by the articles of a build.

    Returns:
        Mentions in text order, each linked to its entity's IRI.
    """
    reader = _ArticleReader(doc, Article(id="", text=doc.text), resolver)
    out: list[Mention] = []
    seen: set[int] = set()
    for i in sorted(reader.token_entity):
        if i in seen:
            continue
        arg = reader.token_entity[i]
        span = next((e for e in doc.ents if e.start <= i < e.end), None)
        if span is None or span.label_ not in _NAME_LABELS:
            span = doc[i : i + 1]
        seen.update(range(span.start, span.end))
        out.append(
            Mention(
                span.start_char, span.end_char, span.text, arg.entity.id, round(arg.confidence, 3)
            )
        )
    return out


def doc_events(
    doc: Doc,
    article: Article,
    resolver: Resolver,
    *,
    event_iri: EventIRI,
    timexes: Sequence[TimeExpr] | None = None,
) -> list[Event]:
    """Read the events of one article from its parsed Doc.

    Args:
        doc: The article text parsed by kg's pipeline (``kg.nlp.make_nlp``).
        article: The article (its id and publication date are used).
        resolver: Entity resolver shared by the articles of a build.
        event_iri: Function (article id, sentence start, trigger start, action) -> IRI.
        timexes: Time expressions of the text; defaults to ``doc._.kg_timexes``.

    Returns:
        Events in text order.
    """
    if timexes is None:
        timexes = doc._.kg_timexes if Doc.has_extension("kg_timexes") else []
    reader = _ArticleReader(doc, article, resolver)
    drafts = _verbal_drafts(reader) + _nominal_drafts(reader)
    drafts.sort(key=lambda d: d.trigger.i)
    drafts = _dedupe_nominals(drafts)
    _attach_dates(doc, drafts, timexes or [])
    _inherit_dates(drafts, reader)
    _resolve_relative(drafts, article.published)
    # An event with no participant but a thing and no time ("until the deal closes",
    # "to restrict transactions") says too little.
    drafts = [d for d in drafts if d.agents or _actors(d.patients) or d.date is not None]
    _publication_dates(drafts, article.published)
    return [_finish(d, article, event_iri) for d in drafts]


def _args(reader: _ArticleReader, head: Token | None, **kw: Any) -> list[_Arg]:
    return reader.entities_in(head, **kw) if head is not None else []


def _verbal_drafts(reader: _ArticleReader) -> list[_Draft]:
    drafts = []
    for verb in reader.doc:
        change = _change_of_state(reader, verb)
        if change is not None:
            drafts.append(change)
            continue
        found = _verb_event(verb)
        weak = 0.0
        if found is None:
            found = _infinitive_event(verb)
            if found is None:
                continue
            # "decided to sell" is a planned sale; "a plan to sell", "sued to block" name
            # an intention or a purpose, kept in the store but ranked below listings.
            weak = 0.0 if verb.dep_ == "xcomp" else 0.45
        action, event_type = found
        # An untyped verb counts only when it links actors named as its arguments, not
        # as modifiers ("data on American users" is not about the United States).
        rank = 1 if event_type == "Other" else 99
        subj, passive = reader.subject_of(verb)
        if passive:
            agents = _args(reader, reader.by_agent(verb), allow_acl=False, max_rank=rank)
            patients = _args(reader, subj, max_rank=rank)
        else:
            agents = _args(reader, subj, allow_acl=False, max_rank=rank)
            patients = []
        agent_ids = frozenset(a.entity.id for a in agents)
        if not patients:
            for c in verb.children:
                if c.dep_ in ("dobj", "obj", "attr") or (c.dep_ == "dative" and c.pos_ != "ADP"):
                    # "lifted its ban on ZTE": the owner is the agent, ZTE the patient.
                    patients = _args(
                        reader,
                        c,
                        allow_acl=event_type != "Other",
                        max_rank=rank,
                        exclude=agent_ids,
                    )
                    if patients:
                        break
        if not patients and event_type in ("Order", "Ban"):
            # "ordered agencies to remove Kaspersky software": the order is about Kaspersky.
            for c in verb.children:
                if c.dep_ in ("xcomp", "ccomp"):
                    obj = next((o for o in c.children if o.dep_ in ("dobj", "obj")), None)
                    patients = _args(reader, obj)
                    if patients:
                        break
        if not patients:
            for c in verb.children:
                if c.dep_ in ("prep", "dative") and c.lower_ in ("on", "against", "to"):
                    pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if c.lower_ == "to" and event_type not in _SPEECH:
                        continue
                    patients = _args(reader, pobj)
                    if patients:
                        break
        if not patients and not passive:
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
            found_thing = reader.thing(obj) if obj is not None else None
            if found_thing is not None:
                patients = [found_thing]
        places = []
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "within", "inside"):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                found_places = [a for a in _args(reader, pobj) if a.entity.type in _PLACE_TYPES]
                places.extend(found_places)
        agent_ids = frozenset(a.entity.id for a in agents)
        patients = [p for p in patients if p.entity.id not in agent_ids]
        places = [p for p in places if p.entity.id not in agent_ids]
        if event_type == "Other" and not (
            agents and _head_actor(reader, reader.by_agent(verb) if passive else subj)
        ):
            continue  # an untyped verb needs an actor as its agent, not merely inside it
        if event_type == "Other" and _generic(reader, verb, subj):
            continue  # "sellers who violate the rules face fines": a rule, not a happening
        modality = _modality(verb, _is_reported(verb))
        if found is not None and weak and modality in ("asserted", "reported"):
            modality = "planned"
        drafts.append(
            _Draft(
                trigger=verb,
                trigger_text=verb.text,
                trigger_start=verb.idx,
                trigger_end=verb.idx + len(verb.text),
                action=action,
                type=event_type,
                agents=agents,
                patients=patients,
                places=places,
                modality=modality,
                weak=weak,
            )
        )
    return drafts


def _change_of_state(reader: _ArticleReader, verb: Token) -> _Draft | None:
    """Read "the ban takes effect", "the licence expires": a rule's deadline, as an event.

    The subject must name a rule or an event; what the rule is about ("the ban on
    Kaspersky") is the patient. No one is the agent: the rule changes state by itself.
    """
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    phrase = lemma
    for c in verb.children:
        if c.dep_ in ("dobj", "obj") and f"{lemma} {c.lower_}" in CHANGE_OF_STATE_VERBS:
            phrase = f"{lemma} {c.lower_}"
        elif c.dep_ == "prt" and f"{lemma} {c.lower_}" in CHANGE_OF_STATE_VERBS:
            phrase = f"{lemma} {c.lower_}"
        elif c.dep_ == "prep":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None and f"{lemma} {c.lower_} {pobj.lower_}" in CHANGE_OF_STATE_VERBS:
                phrase = f"{lemma} {c.lower_} {pobj.lower_}"
    if phrase not in CHANGE_OF_STATE_VERBS:
        return None
    subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
    if subj is None:
        return None
    head = subj.lemma_.lower()
    if head not in RULE_NOUNS and head not in NOMINAL_TRIGGERS:
        return None
    patients: list[_Arg] = []
    for c in subj.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "of", "for"):
            patients = _args(reader, next((p for p in c.children if p.dep_ == "pobj"), None))
        elif c.dep_ in ("compound", "amod") and c.i in reader.token_entity:
            patients = patients or [reader.token_entity[c.i]]
    return _Draft(
        trigger=verb,
        trigger_text=verb.text,
        trigger_start=verb.idx,
        trigger_end=verb.idx + len(verb.text),
        action=phrase,
        type="Deadline",
        agents=[],
        patients=patients,
        places=[],
        modality=_modality(verb, _is_reported(verb)),
    )


def _head_actor(reader: _ArticleReader, tok: Token | None) -> bool:
    """Tell whether a phrase's head names an actor (or its modifier does: "FCC officials")."""
    if tok is None:
        return False
    if tok.i in reader.token_entity:
        return True
    if is_actor_noun(tok.lemma_) and any(
        c.dep_ in ("compound", "poss") and c.i in reader.token_entity for c in tok.children
    ):
        return True
    return any(c.dep_ in ("conj", "appos") and _head_actor(reader, c) for c in tok.children)


def _generic(reader: _ArticleReader, verb: Token, subj: Token | None) -> bool:
    """Tell whether a clause states what a kind of actor does, not what one actor did.

    A bare plural description in the present ("resellers who violate the rules",
    "airlines demand lower costs") is a generic statement; a past or perfect verb, a
    determiner or a name makes it an episode.
    """
    if subj is None or subj.i not in reader.described or subj.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in subj.children):
        return False
    if verb.tag_ not in ("VBP", "VBZ"):
        return False
    return not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _habitual(verb: Token) -> bool:
    """Tell whether a verb is in the simple present outside a headline (a habit or state)."""
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBZ", "VBP") or verb.sent.start == 0:
        return False
    return not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _has_time(verb: Token) -> bool:
    """Tell whether a time expression hangs directly off the verb ("fired ... on Tuesday")."""
    for child in verb.children:
        if child.ent_type_ in ("DATE", "TIME"):
            return True
        if child.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in child.children):
            return True
    return False


def _nominal_drafts(reader: _ArticleReader) -> list[_Draft]:
    drafts = []
    for noun in reader.doc:
        lemma = noun.lemma_.lower()
        if noun.pos_ != "NOUN" or (lemma not in NOMINAL_TRIGGERS and lemma not in EVENT_NOUNS):
            continue
        action, event_type = NOMINAL_TRIGGERS.get(lemma) or (EVENT_NOUNS[lemma], "Other")
        head = noun.head
        if (
            noun.dep_ in ("dobj", "obj", "nsubjpass")
            and head.lemma_.lower() in LIGHT_VERBS
            and _verb_event(head) is not None
        ):
            continue  # "issued a directive": the verb carries the event
        if (
            head.pos_ == "VERB"
            and _verb_event(head) is None
            and head.lemma_.lower() not in RECEIVE_VERBS
            and head.dep_ not in ("ROOT", "conj")
        ):
            continue  # inside a clause that is not itself an event ("the power to issue orders")
        agents: list[_Arg] = []
        patients: list[_Arg] = []
        for c in noun.children:
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.i in reader.token_entity):
                agents = agents or _args(reader, c)
            elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
                agents = agents or _args(
                    reader, next((p for p in c.children if p.dep_ == "pobj"), None)
                )
            elif c.dep_ == "prep" and c.lower_ in ("on", "against", "of", "targeting"):
                patients = patients or _args(
                    reader, next((p for p in c.children if p.dep_ == "pobj"), None)
                )
            elif c.dep_ == "acl" and c.lemma_.lower() == "target":
                patients = patients or _args(
                    reader, next((p for p in c.children if p.dep_ == "dobj"), None)
                )
        verb = noun.head
        creates = verb.lemma_.lower() in LIGHT_VERBS or EVENT_VERBS.get(verb.lemma_.lower()) in (
            "Announcement",
            "Order",
            "Law",
        )
        if (
            not agents
            and noun.dep_ in ("dobj", "obj")
            and verb.pos_ == "VERB"
            and (creates or verb.lemma_.lower() in RECEIVE_VERBS)
        ):
            # "announced a ban on X": the announcer bans; "challenged the ban": a reference.
            subj, passive = reader.subject_of(verb)
            if verb.lemma_.lower() in RECEIVE_VERBS:
                patients = patients or _args(reader, subj)
            elif not passive:
                agents = _args(reader, subj, allow_acl=False)
            else:
                agents = _args(reader, reader.by_agent(verb), allow_acl=False)
        if (
            noun.dep_ in ("dobj", "obj", "nsubjpass")
            and head.pos_ == "VERB"
            and EVENT_VERBS.get(_lemma(head)) in _ACTS_ON_EVENTS
            and not any(c.dep_ == "poss" or c.lower_ == "by" for c in noun.children)
        ):
            continue  # "lifted sanctions on X", "appealed the fine": the verb is the event
        if not agents and not patients:
            continue  # "the ban", "the announcement": a reference to an event told elsewhere
        if event_type == "Other" and not agents:
            continue  # "the sale of X's software": no one is said to do it
        agent_ids = {a.entity.id for a in agents}
        patients = [p for p in patients if p.entity.id not in agent_ids]
        governing = verb if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "obj") else noun
        modality = (
            _modality(governing, _is_reported(governing))
            if governing.pos_ == "VERB"
            else "asserted"
        )
        drafts.append(
            _Draft(
                trigger=noun,
                trigger_text=noun.text,
                trigger_start=noun.idx,
                trigger_end=noun.idx + len(noun.text),
                action=action,
                type=event_type,
                agents=agents,
                patients=patients,
                places=[],
                modality=modality,
                nominal=True,
            )
        )
    return drafts


def _dedupe_nominals(drafts: list[_Draft]) -> list[_Draft]:
    """Drop a nominal that repeats an earlier event ("banned X ... the ban on X")."""
    out: list[_Draft] = []
    for d in drafts:
        if d.nominal:
            key = (d.action, frozenset(p.entity.id for p in d.patients))
            if any(
                (o.action, frozenset(p.entity.id for p in o.patients)) == key
                or (o.trigger.i == d.trigger.head.i and o.action == d.action)
                for o in out
            ):
                continue
        out.append(d)
    return out


def _timex_spans(doc: Doc, timexes: Iterable[TimeExpr]) -> list[tuple[Span, TimeExpr]]:
    out = []
    for t in timexes:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((span, t))
    return out


def _attach_dates(doc: Doc, drafts: list[_Draft], timexes: Sequence[TimeExpr]) -> None:
    by_token = {d.trigger.i: d for d in drafts}
    triggers = set(by_token)
    for span, timex in _timex_spans(doc, timexes):
        usable = (
            timex.anchor_text is not None
            or (timex.type in ("DATE", "TIME") and granularity_of(timex.value) in _VALID_EVENT_DATE)
            or (timex.type == "DURATION" and _prev_word(doc, span) == "within")
        )
        if not usable:
            continue
        head, relation = _governor(doc, span, triggers)
        if head is not None and timex.anchor_text:
            # "appealed two weeks after the regulator fined it": the bound dates the
            # appeal, never the event its anchor clause tells.
            start = doc.text.find(timex.anchor_text, timex.start)
            end = start + len(timex.anchor_text)
            steps = 0
            while start != -1 and start <= head.idx < end and head.head.i != head.i and steps < 6:
                head, steps = head.head, steps + 1
            if start != -1 and start <= head.idx < end:
                head = None
        if head is not None and head.dep_ == "ccomp" and head.head.i in triggers:
            # "Meta said on Tuesday it would appeal": a time standing before the reported
            # clause's subject belongs to the saying (a frequent attachment slip).
            subject = next((c for c in head.children if c.dep_ in _SUBJ | _PASS_SUBJ), None)
            if (
                subject is not None
                and span.end <= subject.left_edge.i
                and (span.start > head.head.i)
            ):
                head = head.head
        if head is None or head.i not in triggers:
            # "in 2017, when the department ordered ...": the clause is dated by its head.
            when = next(
                (
                    c
                    for c in span.root.children
                    if c.dep_ in ("relcl", "acl", "advcl")
                    and c.i in triggers
                    and any(w.lower_ == "when" for w in c.children)
                ),
                None,
            )
            head = when or head
        if head is None:
            # A nominal trigger holding the time in its own phrase ("the 2017 ban").
            for d in drafts:
                if d.nominal and d.trigger.is_ancestor(span.root):
                    head = d.trigger
                    break
        if head is None:
            continue
        draft = by_token[head.i]
        if draft.date is not None or draft.anchor is not None:
            continue
        relation = timex.relation if timex.relation != "on" else relation
        if timex.anchor_text is not None or timex.type == "DURATION":
            draft.anchor = replace(
                timex,
                text=_phrase(doc, span, timex),
                relation=relation if relation != "on" else "within",
            )
            continue
        source = _timex_source(timex.text)
        draft.date = EventDate(
            value=timex.value,
            granularity=granularity_of(timex.value),
            text=timex.text,
            relation=relation,
            source=source,
            confidence=0.9 if source == "explicit" else 0.8,
        )
    # "The ban on Huawei took effect in May": the ban holds from its effective date.
    for d in drafts:
        if d.type == "Deadline" and d.date is not None and not d.nominal:
            subject = next((c for c in d.trigger.children if c.dep_ in _SUBJ), None)
            owner = by_token.get(subject.i) if subject is not None else None
            if owner is not None and owner.date is None and owner.anchor is None:
                owner.date = d.date
    # Conjoined verbs, planned complements and participles ("added X, enacting Y")
    # share the time of their head.
    for d in drafts:
        participle = d.trigger.dep_ == "advcl" and d.trigger.tag_ == "VBG"
        if (
            d.date is None
            and d.anchor is None
            and (d.trigger.dep_ in ("conj", "xcomp") or participle)
        ):
            head_draft = by_token.get(d.trigger.head.i)
            if head_draft is not None and head_draft.date is not None:
                d.date = head_draft.date


def _timex_source(text: str) -> str:
    """Tell a written date ("September 29, 2024", "in 2017") from a deictic one ("Thursday")."""
    return "explicit" if _WRITTEN_DATE.search(text) else "relative"


def _phrase(doc: Doc, span: Span, timex: TimeExpr) -> str:
    """Return the whole expression of a bounded time ("within 30 days of the announcement")."""
    start = span.start_char
    if span.start > 0 and doc[span.start - 1].lower_ in _RELATION_WORDS:
        start = doc[span.start - 1].idx
    end = span.end_char
    if timex.anchor_text:
        found = doc.text.find(timex.anchor_text, end)
        if found != -1 and found - end < 12:
            end = found + len(timex.anchor_text)
    return doc.text[start:end]


def _prev_word(doc: Doc, span: Span) -> str:
    return doc[span.start - 1].lower_ if span.start > 0 else ""


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if granularity_of(value) in ("day", "time") else None
    except ValueError:
        return None


def _resolve_relative(drafts: list[_Draft], published: date | None) -> None:
    """Date events bounded by another event ("within 30 days of the announcement")."""
    by_token = {d.trigger.i: d for d in drafts}
    published_day = published.isoformat() if published is not None else None
    for i, d in enumerate(drafts):
        if d.anchor is None:
            continue
        timex = d.anchor
        offset = timex.offset or (timex.value if timex.value.startswith("P") else None)
        if offset is None:
            continue
        anchor_value: str | None = None
        if timex.anchor_text:
            clause = _anchor_clause(drafts, d, timex)
            if clause is not None and clause.date is not None and _day(clause.date.value):
                # "less than a month after Commerce banned sales": counted from that ban.
                anchor_value = clause.date.value
            else:
                # The clause retells an earlier event ("... after Commerce banned sales"):
                # the latest earlier event of that action dates it.
                actions = f"{timex.anchor_text} {clause.action}" if clause else timex.anchor_text
                anchor_value = _anchor_event_date(drafts[:i], actions)
            if anchor_value is None and clause is not None:
                d.anchor = None  # an undated event: the bound says nothing about the date
                continue
        else:
            # "must begin within 90 days": counted from the governing event's date.
            head = d.trigger.head
            while head.dep_ != "ROOT" and head.i not in by_token:
                head = head.head
            governing = by_token.get(head.i)
            if (
                governing is not None
                and governing is not d
                and governing.date is not None
                and _day(governing.date.value)
            ):
                anchor_value = governing.date.value
        if anchor_value is None and published is not None:
            anchor_value = published.isoformat()
        if anchor_value is None:
            continue
        value = resolve_offset(anchor_value, offset)
        if value is None:
            continue
        relation = timex.relation
        if (
            published_day is not None
            and _past(d.trigger)
            and d.modality in ("asserted", "reported")
            and value[:10] > published_day
        ):
            # A past event is no later than the article that tells it.
            value, relation = published_day, "before"
        d.date = EventDate(
            value=value,
            granularity=granularity_of(value),
            text=timex.text,
            relation=relation,
            inferred=True,
            source="event-relative" if timex.anchor_text or anchor_value != published_day else
            "relative",
            confidence=0.7,
        )
        d.confidence -= 0.1


def _anchor_clause(drafts: Sequence[_Draft], d: _Draft, timex: TimeExpr) -> _Draft | None:
    """Return the event the anchor of a bounded time is a clause about, if it is one."""
    if not timex.anchor_text:
        return None
    text = d.trigger.doc.text
    start = text.find(timex.anchor_text, timex.start)
    if start == -1:
        return None
    end = start + len(timex.anchor_text)
    inside = [
        o for o in drafts if o is not d and not o.nominal and start <= o.trigger_start < end
    ]
    return inside[0] if inside else None


def _anchor_event_date(earlier: Sequence[_Draft], anchor_text: str) -> str | None:
    """Return the day of the latest earlier event an anchor names ("the announcement").

    An event whose action the words name wins over one that only has the right type.
    """
    words = {w.lower().strip(".,") for w in anchor_text.split()}
    nouns = [NOMINAL_TRIGGERS[w] for w in words if w in NOMINAL_TRIGGERS]
    actions = words | {action for action, _ in nouns}
    kinds = {kind for _, kind in nouns}
    dated = [p for p in reversed(earlier) if p.date is not None and _day(p.date.value)]
    for found in (
        next((p for p in dated if p.action in actions), None),
        next((p for p in dated if p.type in kinds), None),
    ):
        if found is not None and found.date is not None:
            return found.date.value
    return None


def _inherit_dates(drafts: list[_Draft], reader: _ArticleReader) -> None:
    """Give an undated past report the date of the dated statement it continues."""
    last: tuple[_Draft, EventDate] | None = None
    for d in drafts:
        if d.date is not None and d.type in _SPEECH and _day(d.date.value):
            last = (d, d.date)
            continue
        if (
            d.date is None
            and last is not None
            and d.type in _SPEECH
            and d.modality in ("asserted", "reported")
            and _past(d.trigger)
            and reader.sentence_distance(last[0].trigger, d.trigger) <= 4
        ):
            d.date = replace(last[1], inferred=True, source="inherited", confidence=0.6)
            d.confidence -= 0.15


def _publication_dates(drafts: list[_Draft], published: date | None) -> None:
    """Anchor what the text leaves undated to the publication date, as an inference.

    A report, a statement or a present-perfect event is most likely told on the day of
    publication ("on" it, confidence 0.5); another past event happened before it, a
    planned or conditional one after it, and a present one holds on it. A negated event
    did not happen and gets no date; a non-finite or nominal one shares the date of the
    event whose clause holds it.
    """
    if published is None:
        return
    day = published.isoformat()
    _share_governing_dates(drafts)
    for d in drafts:
        if d.date is not None or d.anchor is not None or d.modality == "negated":
            continue
        verb = d.trigger if not d.nominal else d.trigger.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        perfect = verb.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve", "'s") for c in verb.children
        )
        present = verb.tag_ in ("VBZ", "VBP") or perfect
        if d.modality in ("planned", "conditional"):
            relation, confidence = "after", 0.3  # what will or may happen follows the article
        elif (d.type in _SPEECH and (present or verb.tag_ == "VBD")) or perfect:
            relation, confidence = "on", 0.5
        elif _past(verb):
            relation, confidence = "before", 0.3
        elif present:
            relation, confidence = "on", 0.4  # "the law bars agencies": holds as it is told
        else:
            continue
        d.date = EventDate(
            value=day,
            granularity="day",
            text="",
            relation=relation,
            inferred=True,
            source="publication",
            confidence=confidence,
        )
    _share_governing_dates(drafts)


def _share_governing_dates(drafts: list[_Draft]) -> None:
    """Date a non-finite event by the event whose clause holds it ("stopped selling")."""
    by_token = {d.trigger.i: d for d in drafts}
    for d in drafts:
        if d.date is not None or d.anchor is not None:
            continue
        if d.modality not in ("asserted", "reported"):
            continue
        if not d.nominal and d.trigger.tag_ not in ("VB", "VBG", "VBN"):
            continue
        head, steps = d.trigger.head, 0
        while head.i not in by_token and head.head.i != head.i and steps < 4:
            head, steps = head.head, steps + 1
        governing = by_token.get(head.i)
        if governing is not None and governing is not d and governing.date is not None:
            d.date = replace(
                governing.date,
                inferred=True,
                source="inherited",
                confidence=min(governing.date.confidence, 0.6),
            )


def _actors(args: list[_Arg]) -> list[_Arg]:
    """Return the arguments that are actors, not things ("the contract", "new jets")."""
    return [a for a in args if a.entity.type != "Other"]


def _finish(d: _Draft, article: Article, event_iri: EventIRI) -> Event:
    sent = d.trigger.sent
    confidence = d.confidence
    # Things ("the contract") are what an event is about, not actors to be unsure of.
    args = _actors(d.agents + d.patients)
    if args:
        confidence -= (1.0 - min(a.confidence for a in args)) * 0.5
    if not d.agents:
        confidence -= 0.1
    if d.type == "Other":
        confidence -= 0.1
        if d.modality in ("negated", "conditional") or _habitual(d.trigger):
            # What an actor might, would or will not do, or does as a habit ("serves
            # 400 million users"), is a weak report of a happening.
            confidence -= 0.35
        elif d.modality == "planned":
            confidence -= 0.15
    if d.nominal:
        confidence -= 0.05
    confidence -= d.weak
    return Event(
        id=str(event_iri(article.id, sent.start_char, d.trigger_start, d.action)),
        article=article.id,
        sentence=sent.text.strip(),
        start=sent.start_char,
        end=sent.end_char,
        trigger=d.trigger_text,
        trigger_start=d.trigger_start,
        trigger_end=d.trigger_end,
        action=d.action,
        type=d.type,
        agents=tuple(a.entity for a in d.agents),
        patients=tuple(a.entity for a in d.patients),
        place=tuple(a.entity for a in d.places),
        date=d.date,
        modality=d.modality,
        confidence=max(0.05, min(1.0, round(confidence, 3))),
        cameo=EVENT_TYPES.get(d.type) or None,
    )
