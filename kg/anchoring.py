"""Place each event in time, and say what the date rests on.

In order of preference: a time expression that syntactically modifies the event (never
one that modifies an argument, "the Commission's 2017 decision"); a deictic time resolved
against the publication date; a date computed from another event ("within 30 days of
the announcement", "two weeks after the regulator fined it"), a past event never later
than its article; the date of the clause that holds the event or of the statement it
continues; else the publication date as an inference: "on" it for statements, reports
and present-perfect events, "before" it for other past events, "after" it for planned
ones. Each date records its source (:data:`kg.types.DATE_SOURCES`) and a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.arguments import ArticleReader
from kg.lexicon import (
    ACTS_ON_EVENTS,
    ATTEMPT_VERBS,
    DECISION_NOUNS,
    EVENT_NOUNS,
    LIGHT_VERBS,
    NOMINAL_TRIGGERS,
    PLAN_VERBS,
    RECEIVE_VERBS,
    TEMPORAL_VERBS,
)
from kg.modality import is_past, is_progressive_present
from kg.reading import PASS_SUBJ, SPEECH, SUBJ, Draft, lemma_of
from kg.temporal import parse_number, resolve_offset, scheduled_for
from kg.types import EventDate, TimeExpr, granularity_of

__all__ = [
    "attach_dates",
    "date_after_events",
    "day_of",
    "inherit_dates",
    "publication_dates",
    "resolve_relative",
]

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


#: Dependencies of a verb's nominal arguments.
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "dative"})


def _day_of_part(value: str) -> str:
    """Return the day of a part-of-day value ("2008-01-09TMO" -> "2008-01-09").

    "This morning" places an event on a day; a timeline has no lane finer than that
    for a part of day (a clock time keeps its time).
    """
    return value[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}T(MO|AF|EV|NI|DT)", value) else value


def _governor(doc: Doc, span: Span, triggers: set[int]) -> tuple[Token | None, str]:
    """Return the trigger a time expression attaches to, and how ("on", "from", ...)."""
    tok = span.root
    relation = "on"
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in _RELATION_WORDS:
        relation = _RELATION_WORDS[prev.lower_]
    # The nearest preposition or time word says how the time bounds the event; a
    # farther one belongs to another phrase ("hit by sanctions lasting ... in 2018").
    fixed = relation != "on"
    of_phrase = False
    steps = 0
    while steps < 8:
        steps += 1
        head = tok.head
        if head.i == tok.i:
            return (tok if tok.i in triggers else None), relation
        if (
            of_phrase
            and head.pos_ in ("VERB", "AUX")
            and tok.pos_ in ("NOUN", "PROPN")
            and tok.dep_ in _ARGUMENT_DEPS
        ):
            # "reversed its policy of 2019": the time names which policy, an argument of
            # the verb, and dates that argument, never the reversal.
            return (tok if tok.i in triggers else None), relation
        if (
            head.pos_ in ("NOUN", "PROPN")
            and head.i not in triggers
            and not head.ent_type_
            and (
                head.dep_ == "appos"
                or (
                    head.dep_ == "npadvmod"
                    and any(c.dep_ in ("poss", "det") for c in head.children)
                )
            )
        ):
            # "lost 2.4 percent, its biggest drop since March": the time describes an
            # apposition, never dates the clause.
            return None, relation
        if steps == 1:
            of_phrase = head.pos_ == "ADP" and head.lower_ == "of" and head.head.pos_ == "NOUN"
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
        # "starting September 29", "effective May 1": a time word, not a clause of its own.
        temporal = head.lemma_.lower() in TEMPORAL_VERBS and head.tag_ in ("VBG", "JJ")
        if temporal and not fixed:
            relation = "from" if head.lemma_.lower() in ("start", "begin", "effective") else "until"
            fixed = True
        elif head.pos_ == "ADP" and not fixed:
            relation = _RELATION_WORDS.get(head.lower_, relation)
            fixed = True
        if head.pos_ in ("VERB", "AUX") and not temporal:
            if head.i in triggers:
                return head, relation
            # "The ban on Huawei took effect in May": the time belongs to the nominal event.
            subject = next(
                (c for c in head.children if c.dep_ in SUBJ | PASS_SUBJ and c.i in triggers),
                None,
            )
            if (
                subject is None
                and head.dep_ in ("xcomp", "advcl")
                and head.head.i in triggers
                and not any(c.dep_ in SUBJ | PASS_SUBJ for c in head.children)
            ):
                # "sued to block the deal in December": the purpose shares the time; a
                # clause with a subject of its own ("although shipments may be completed
                # by September 14") tells another happening's time.
                subject = head.head
            if subject is None and head.lemma_.lower() in RECEIVE_VERBS | LIGHT_VERBS:
                # "paid a penalty last year", "faced a ban in 2018": the verb carries the
                # nominal event its object names, and so does its time.
                subject = next(
                    (c for c in head.children if c.dep_ in ("dobj", "obj") and c.i in triggers),
                    None,
                )
            return subject, relation
        tok = head
    return None, relation


def _timex_spans(doc: Doc, timexes: Iterable[TimeExpr]) -> list[tuple[Span, TimeExpr]]:
    out = []
    for t in timexes:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((span, t))
    return out


def attach_dates(doc: Doc, drafts: list[Draft], timexes: Sequence[TimeExpr]) -> None:
    """Give each draft the time expression that modifies it, or the bound it is counted by."""
    by_token = {d.trigger.i: d for d in drafts}
    every = set(by_token)
    # "The announcement came on Monday": a happening takes the time before a state does.
    triggers = {i for i, d in by_token.items() if not d.state}
    text = doc.text  # built from the tokens on every access: read it once
    counted_back: list[tuple[Draft, EventDate]] = []
    decided: list[tuple[Draft, TimeExpr]] = []  # what a dated decision was to do
    story_spans: list[tuple[Draft, TimeExpr]] = []  # "days later", "weeks earlier"
    spans = _timex_spans(doc, timexes)
    # Where each bound's anchor clause lies ("six days after the tanker ran aground").
    anchors = []
    for _, t in spans:
        if t.anchor_text:
            at = text.find(t.anchor_text, t.start)
            if at != -1:
                anchors.append((t.start, at + len(t.anchor_text)))
    for span, timex in spans:
        usable = (
            timex.anchor_text is not None
            or (timex.type in ("DATE", "TIME") and granularity_of(timex.value) in _VALID_EVENT_DATE)
            or (timex.type == "DURATION" and _prev_word(doc, span) == "within")
            or _story_span(timex)
        )
        if not usable:
            continue
        head: Token | None
        aside = _aside_of_subject(doc, span)
        if aside is not None:
            # "The tariff, effective July 1, was announced in April": the time in an
            # aside names when the subject holds, never when the clause happened.
            if aside.i not in by_token:
                continue
            head, relation = aside, "from"
        else:
            head, relation = _governor(doc, span, triggers)
            if head is None and every != triggers:
                head, relation = _governor(doc, span, every)
        if head is not None and timex.anchor_text is None:
            # "On March 29, six days after the tanker ran aground, crews freed it": a day
            # before a bound, parsed into the bound's clause, dates the main clause.
            bound = next(
                (b for b in anchors if timex.end <= b[0] and b[0] <= head.idx < b[1]), None
            )
            steps = 0
            while bound is not None and bound[0] <= head.idx < bound[1] and steps < 8:
                head, steps = head.head, steps + 1
            if bound is not None and (head.i not in triggers or bound[0] <= head.idx < bound[1]):
                head = None
        verb = _verb_over(span)
        if (
            verb is not None
            and _reduced_relative_day(span, verb, timex)
            and verb.head.head.i in triggers
        ):
            # "dismissed the challenge brought by the union on Tuesday": a news day at
            # the end of a reduced relative dates the clause's event.
            head, relation = verb.head.head, "on"
        if head is not None and head.pos_ == "VERB" and scheduled_for(text, timex.start):
            # "set sentencing for March 28", "the hearing was scheduled for Monday": the day
            # is the scheduled event's, not the scheduling's.
            head = next(
                (
                    c
                    for c in head.children
                    if c.dep_ in ("dobj", "obj") or c.dep_ in PASS_SUBJ
                    if c.i in by_token and by_token[c.i].nominal
                ),
                None,
            )
            if head is None:
                continue
        if head is not None and timex.anchor_text:
            # "appealed two weeks after the regulator fined it": the bound dates the
            # appeal, never the event its anchor clause tells.
            start = text.find(timex.anchor_text, timex.start)
            end = start + len(timex.anchor_text)
            steps = 0
            while (
                start != -1
                and (
                    start <= head.idx < end or head.i not in triggers or _tells_anchor(head, start)
                )
                and head.head.i != head.i
                and steps < 8
            ):
                head, steps = head.head, steps + 1
            if head.i not in triggers or (start != -1 and start <= head.idx < end):
                head = None
        if head is not None and head.dep_ == "ccomp" and head.head.i in triggers:
            # "Meta said on Tuesday it would appeal": a time standing before the reported
            # clause's subject belongs to the saying (a frequent attachment slip).
            subject = next((c for c in head.children if c.dep_ in SUBJ | PASS_SUBJ), None)
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
        if head is None and verb is not None and verb.i not in every:
            # "moved on Thursday to bar the sales, extending the limits": the time of a
            # verb that is no event of its own dates the participle clause it leads.
            head = next(
                (
                    c
                    for c in verb.children
                    if c.dep_ == "advcl"
                    and c.tag_ == "VBG"
                    and c.i in triggers
                    and not any(a.lower_ in _LATER_WORDS for a in c.children)
                ),
                None,
            )
        if head is None and verb is not None and verb.i not in every and _attempted(verb):
            # "On March 9, depositors tried to withdraw $42 billion": what was tried is
            # dated by the attempt (and stays planned: it may not have happened).
            head = next((c for c in verb.children if c.dep_ == "xcomp" and c.i in triggers), None)
        if head is None:
            # A nominal trigger holding the time in its own phrase ("the 2017 ban").
            for d in drafts:
                if d.nominal and d.trigger.is_ancestor(span.root):
                    head = d.trigger
                    break
        if head is None and timex.anchor_text is None:
            complement = _decided(span, by_token)
            if complement is not None:
                decided.append((complement, timex))
        if head is None or head.i not in by_token:
            continue
        draft = by_token[head.i]
        if draft.date is not None:
            if timex.anchor_text is not None and draft.anchor is None and timex.type == "DURATION":
                # "On March 29, six days after it ran aground, the ship was freed": the
                # stated day, told first, dates the event the bound counts from.
                draft.anchor = replace(
                    timex,
                    text=_phrase(text, span, timex),
                    relation=timex.relation if timex.relation != "on" else "within",
                )
                counted_back.append((draft, draft.date))
            continue
        if draft.anchor is not None and not _point_beats_bound(text, draft.anchor, timex):
            continue
        if _story_span(timex) or _counted_span(timex) is not None:
            story_spans.append((draft, timex))  # "days later": dated once the story's are
            continue
        relation = timex.relation if timex.relation != "on" else relation
        if timex.anchor_text is not None or timex.type == "DURATION":
            draft.anchor = replace(
                timex,
                text=_phrase(text, span, timex),
                relation=relation if relation != "on" else "within",
            )
            continue
        draft.date = _stated_date(timex, relation)
        if draft.anchor is not None:
            # A point in time the event is stated on beats a bound; the bound now dates
            # the event it counts from ("two weeks after the election, on March 3").
            counted_back.append((draft, draft.date))
    for draft, timex in decided:
        # "the May 2019 decision to place Huawei on the list": when it was decided,
        # unless the complement has a time of its own ("... to phase out coal by 2030").
        if draft.date is None and draft.anchor is None and timex.type in ("DATE", "TIME"):
            draft.date = _stated_date(timex, "on")
    _date_anchor_events(drafts, text, counted_back)
    _date_when_clauses(drafts, spans)
    _date_purposes(drafts)
    _date_sayings_in_documents(drafts, spans)
    # Each sentence's number by its first token, for how far back a story's time lies.
    sentence = {s.start: k for k, s in enumerate(doc.sents)}
    _date_story_spans(drafts, story_spans, sentence)
    _date_thens(drafts, sentence)
    # "The ban on Huawei took effect in May": the ban holds from its effective date.
    for d in drafts:
        if d.type == "Deadline" and d.date is not None and not d.nominal:
            subject = next((c for c in d.trigger.children if c.dep_ in SUBJ), None)
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
            attempt = d.trigger.head
            if (
                head_draft is None
                and d.trigger.dep_ == "xcomp"
                and _attempted(attempt)
                and attempt.dep_ == "conj"
            ):
                # "panicked on March 9 and tried to withdraw": the attempt, no event of
                # its own, shares the time of the clause it is joined to.
                head_draft = by_token.get(attempt.head.i)
            if (head_draft is None or head_draft.date is None) and d.trigger.dep_ == "conj":
                # "began closing its plants in July and laid off its staff": an undated
                # head passes on the stated time of the complement it leads.
                complement = next(
                    (
                        by_token[c.i]
                        for c in d.trigger.head.children
                        if c.dep_ == "xcomp" and c.i in by_token and _stated(by_token[c.i])
                    ),
                    None,
                )
                head_draft = complement or head_draft
            if head_draft is not None and head_draft.date is not None:
                d.date = head_draft.date


def _attempted(verb: Token) -> bool:
    """Tell whether a verb tells an attempt ("tried to sell"), no event of its own."""
    return verb.pos_ == "VERB" and lemma_of(verb) in ATTEMPT_VERBS


def _story_span(timex: TimeExpr) -> bool:
    """Tell whether a time is a span the story moves by, of no stated length ("days later")."""
    return (
        timex.type == "DURATION"
        and "X" in timex.value
        and timex.anchor_text is None
        and timex.text.lower().endswith(("later", "earlier"))
    )


#: "three days later", "two weeks earlier", "a month later": a counted move of the story.
_COUNTED = re.compile(
    r"(?i)(?P<n>[\w-]+(?:\s+[\w-]+)??)\s+(?P<unit>day|week|month|year)s?\s+(?P<way>later|earlier)"
)


def _counted_span(timex: TimeExpr) -> str | None:
    """Return the signed offset of a counted story move ("three days later" is "P3D").

    The tagger resolves such a phrase against the publication date; in a story it
    counts from the time the text last stated.
    """
    if timex.type != "DATE" or timex.anchor_text is not None:
        return None
    match = _COUNTED.fullmatch(timex.text.strip())
    if match is None:
        return None
    count = parse_number(match["n"])
    if count is None or count != int(count):
        return None  # "several days later": a vague span, dated as one
    sign = "-" if match["way"].lower() == "earlier" else ""
    return f"{sign}P{int(count)}{match['unit'][0].upper()}"


#: How many sentences back the story's time may be stated for "days later" to count from it.
_STORY_SENTENCES = 3


def _date_story_spans(
    drafts: Sequence[Draft], spans: Sequence[tuple[Draft, TimeExpr]], sentence: dict[int, int]
) -> None:
    """Date "Days later, Google suspended ..." after the story's time the text last stated.

    The story's time is the stated date of the latest event told before the span, a few
    sentences back at most; the event lies after it ("later") or before it ("earlier"),
    as fine as that date and no finer.
    """
    for draft, timex in spans:
        if draft.date is not None:
            continue
        offset = _counted_span(timex)
        story = _story_time(drafts, draft, timex.start, sentence)
        if story is None:
            if offset is not None and offset.startswith("-"):
                # "two weeks earlier" with no story told: counted from the article's time.
                # A past "two weeks later" so counted would fall after the article.
                draft.date = _stated_date(timex, "on")
            continue
        if offset is not None:
            moved = resolve_offset(story.value, offset) or _shift_period(story.value, offset)
            if moved is not None:
                # No finer than the count: "two years later" than March 2022 is 2024.
                moved = moved[: {"Y": 4, "M": 7}.get(offset[-1], len(moved))]
                # "On March 3 ... Three days later": March 6, as fine as both allow.
                draft.date = _computed_date(moved, timex.text, "relative", 0.7)
                continue
        draft.date = replace(
            story,
            text=timex.text,
            relation="after" if timex.text.lower().endswith("later") else "before",
            inferred=True,
            source="relative",
            confidence=0.6,
        )


def _story_time(
    drafts: Sequence[Draft], draft: Draft, before: int, sentence: dict[int, int]
) -> EventDate | None:
    """Return the story's time at a point: the stated date of the latest event told before.

    Only events a few sentences back count (:data:`_STORY_SENTENCES`); ``sentence`` maps
    each sentence's first token to its number.
    """
    here = sentence[draft.trigger.sent.start]
    told = [
        d
        for d in drafts
        if d.date is not None
        and not d.date.inferred
        and d.trigger_start < before
        and d is not draft
        and here - sentence[d.trigger.sent.start] <= _STORY_SENTENCES
    ]
    return max(told, key=lambda d: d.trigger_start).date if told else None


def _date_thens(drafts: Sequence[Draft], sentence: dict[int, int]) -> None:
    """Date "The judge then halted the case" after the story's time the text last stated.

    A past deed told with "then" comes next in the story: after its time, as fine as
    that time and no finer.
    """
    for draft in drafts:
        verb = draft.trigger
        if (
            draft.date is not None
            or draft.anchor is not None
            or verb.tag_ != "VBD"
            or not any(c.dep_ == "advmod" and c.lower_ == "then" for c in verb.children)
        ):
            continue
        story = _story_time(drafts, draft, draft.trigger_start, sentence)
        if story is not None:
            draft.date = replace(
                story,
                text="then",
                relation="after",
                inferred=True,
                source="relative",
                confidence=0.6,
            )


def _decided(span: Span, by_token: dict[int, Draft]) -> Draft | None:
    """Return the to-infinitive of a commitment noun a time modifies ("the 2017 decision to")."""
    noun = span.root.head
    if (
        noun.pos_ != "NOUN"
        or noun.lemma_.lower() not in DECISION_NOUNS
        or span.root.dep_ not in ("compound", "nummod", "amod", "nmod", "poss", "npadvmod")
    ):
        return None
    return next(
        (
            by_token[c.i]
            for c in noun.children
            if c.dep_ == "acl" and c.i in by_token and any(a.lower_ == "to" for a in c.children)
        ),
        None,
    )


def _stated_date(timex: TimeExpr, relation: str) -> EventDate:
    """Return the date a time expression states for an event it modifies."""
    source = _timex_source(timex.text)
    value = _day_of_part(timex.value)
    return EventDate(
        value=value,
        granularity=granularity_of(value),
        text=timex.text,
        relation=relation,
        source=source,
        confidence=0.9 if source == "explicit" else 0.8,
    )


def _stated(draft: Draft) -> bool:
    """Tell whether a draft has a date the text states (not an inference)."""
    return draft.date is not None and not draft.date.inferred


def _date_sayings_in_documents(
    drafts: Sequence[Draft], timex_spans: Sequence[tuple[Span, TimeExpr]]
) -> None:
    """Date what a document says by the document's own time ("said in a letter on Monday").

    "In a report released last month, the board said": the time of the document's phrase.
    Only a time the document's own phrase is given ("released last month", "on Monday")
    counts, never one inside what the document is about ("a report on the 2019 crash").
    """
    spans = [
        (span, timex)
        for span, timex in timex_spans
        if timex.type in ("DATE", "TIME")
        and timex.anchor_text is None
        and granularity_of(timex.value) in _VALID_EVENT_DATE
    ]
    if not spans:
        return
    for d in drafts:
        verb = d.trigger
        if d.date is not None or d.anchor is not None or d.type not in SPEECH:
            continue
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "in":
                continue
            noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if noun is None or noun.pos_ != "NOUN":
                continue
            holders = {noun.i} | {c.i for c in noun.children if c.dep_ == "acl"}
            for span, timex in spans:
                head = span.root.head
                if head.i in holders or (head.dep_ == "prep" and head.head.i in holders):
                    d.date = _stated_date(timex, "on")
                    break
            if d.date is not None:
                break


def _date_purposes(drafts: Sequence[Draft]) -> None:
    """Date a past deed by the time that ends its purpose clause ("sued to block it in May").

    The parser hangs a closing time on the infinitive, but the text tells when the
    deed was done, its purpose being only what it was for. A plan or a commitment
    ("agreed to sell the unit in 2025") is dated by its complement's time no more.
    """
    by_token = {d.trigger.i: d for d in drafts}
    for d in drafts:
        verb = d.trigger
        head = by_token.get(verb.head.i)
        if (
            d.date is None
            or d.date.inferred
            or head is None
            or head.date is not None
            or head.anchor is not None
            or verb.pos_ != "VERB"
            or verb.dep_ not in ("xcomp", "advcl")
            or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            or head.trigger.tag_ != "VBD"
            or lemma_of(head.trigger) in PLAN_VERBS
        ):
            continue
        head.date = replace(d.date, relation="on")


#: Nouns apposed to a time that a clause then tells ("May 3, the day the board met").
_TIME_NOUNS = frozenset({"day", "date", "night", "morning", "evening", "week", "month", "year"})


def _date_when_clauses(
    drafts: Sequence[Draft], timex_spans: Sequence[tuple[Span, TimeExpr]]
) -> None:
    """Date a "when" clause on a time by that time, even when the time dates its head too.

    "has been winding down its business since July, when it said it would lay off its
    staff": the saying was in July, whatever the time also tells about the main clause.
    So is a clause on a day apposed to the time ("on May 3, the day the board met").
    """
    by_token = {d.trigger.i: d for d in drafts}
    for span, timex in timex_spans:
        grain = granularity_of(timex.value)
        if timex.type not in ("DATE", "TIME") or grain not in _VALID_EVENT_DATE:
            continue
        clauses = [(c, any(w.lower_ == "when" for w in c.children)) for c in span.root.children]
        # "on May 3, the day the board published its report": the clause on the day
        # apposed to the time happened on it (parsed as an apposition or an adverb).
        after = span.doc[span.end : span.end + 3]
        for c in [*span.root.children, *after]:
            if (
                c.lemma_.lower() in _TIME_NOUNS
                and (c.dep_ == "appos" or (c.dep_ == "npadvmod" and c in after))
                and c.i >= span.end
            ):
                clauses.extend((r, True) for r in c.children)
        for c, on_time in clauses:
            draft = by_token.get(c.i)
            if (
                draft is None
                or c.dep_ not in ("relcl", "acl", "advcl")
                or not on_time
                or draft.date is not None
                or draft.anchor is not None
                or draft.modality not in ("asserted", "reported")
            ):
                continue
            draft.date = _stated_date(timex, "on")


def _date_anchor_events(
    drafts: Sequence[Draft], text: str, counted: Sequence[tuple[Draft, EventDate]]
) -> None:
    """Date the event a bound counts from by its bounded event's stated day.

    "Two weeks after the election, on March 3, the council approved the budget": the
    election was two weeks before March 3. Only a day and a bound before or after it
    give a day, a month or a year counted in months or years ("ten months after the
    merger was announced, in April" is June of the year before); the date is inferred,
    at a lower confidence than the stated one.
    """
    for bounded, stated in counted:
        bound = bounded.anchor
        if bound is None or not bound.offset or bound.relation not in ("after", "before"):
            continue
        back = bound.offset[1:] if bound.offset.startswith("-") else "-" + bound.offset
        if day_of(stated.value):
            value = resolve_offset(stated.value[:10], back)
        else:
            value = _shift_period(stated.value, back)
        if value is None:
            continue
        for d in _counted_from(drafts, bounded, text):
            if d.date is None and d.anchor is None:
                d.date = _computed_date(value, bound.text, "event-relative", 0.6)


def _computed_date(value: str, text: str, source: str, confidence: float) -> EventDate:
    """Return the date an event is on, computed from another date by a stated offset."""
    return EventDate(
        value=value,
        granularity=granularity_of(value),
        text=text,
        relation="on",
        inferred=True,
        source=source,
        confidence=confidence,
    )


def _shift_period(value: str, offset: str) -> str | None:
    """Move a year or a month by a signed offset in its own unit or a coarser one.

    "2024-04" - P10M is "2023-06" and "2021" + P2Y is "2023"; a finer offset
    ("2024-04" - P14D) names no one period and gives None.
    """
    match = re.fullmatch(r"(-?)P(\d+)([YM])", offset)
    if match is None:
        return None
    n = int(match[2]) * (-1 if match[1] else 1)
    grain = granularity_of(value)
    if grain == "year" and value.isdigit():
        return f"{int(value) + n:04d}" if match[3] == "Y" else None
    if grain == "month" and re.fullmatch(r"\d{4}-\d{2}", value):
        total = int(value[:4]) * 12 + int(value[5:7]) - 1 + (12 * n if match[3] == "Y" else n)
        return f"{total // 12:04d}-{total % 12 + 1:02d}"
    return None


def _point_beats_bound(text: str, bound: TimeExpr, timex: TimeExpr) -> bool:
    """Tell whether a time point modifying an event replaces the bound it already has.

    "Five years after its launch, the service in February passed its rival": the month
    the text states is the event's date, the bound only says how long after the launch
    it came. A point right after the bound's anchor ("within 30 days of the order on
    Friday") dates the anchor instead, and a duration or another bound never replaces
    the first one.
    """
    if timex.type not in ("DATE", "TIME") or timex.anchor_text is not None:
        return False
    if bound.anchor_text:
        found = text.find(bound.anchor_text, bound.start)
        end = found + len(bound.anchor_text) if found != -1 else bound.end
        if bound.start <= timex.start <= end + 4:
            return False
    return True


def _tells_anchor(head: Token, start: int) -> bool:
    """Tell whether a verb heads the clause a bound counts from ("after the order is out")."""
    if not any(c.dep_ == "mark" and c.lower_ in _RELATION_WORDS for c in head.children):
        return False
    anchor = next((t for t in head.subtree if t.idx >= start), None)
    return anchor is not None and anchor.i != head.i and head.is_ancestor(anchor)


def _aside_of_subject(doc: Doc, span: Span) -> Token | None:
    """Return the noun a comma-bounded time aside follows (", effective May 1,").

    The aside must open with a time word ("effective", "starting"), close with a comma,
    and follow the noun that starts the clause.
    """
    k = span.start - 1
    while k > 0 and doc[k].pos_ == "ADP":
        k -= 1  # "effective from", "starting on"
    if k < 2 or doc[k].lemma_.lower() not in TEMPORAL_VERBS or doc[k - 1].text != ",":
        return None
    if span.end >= len(doc) or doc[span.end].text != ",":
        return None
    noun = doc[k - 2]
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    before = [t for t in noun.sent if t.i < noun.left_edge.i and not t.is_punct]
    return noun if not any(t.pos_ in ("VERB", "AUX") for t in before) else None


#: Adverbs that move a participle clause past the time of its head ("later revealing").
_LATER_WORDS = frozenset({"later", "afterwards", "afterward", "subsequently", "eventually"})

#: A day a news report names for its own events ("on Tuesday", "yesterday").
_NEWS_DAY = re.compile(
    r"(?i)^(?:(?:on|last|this)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|tonight)\b"
)


def _verb_over(span: Span) -> Token | None:
    """Return the nearest verb above a time expression, within three steps."""
    tok = span.root
    for _ in range(3):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _reduced_relative_day(span: Span, head: Token, timex: TimeExpr) -> bool:
    """Tell a news day closing a reduced relative clause ("a motion filed by X on Friday")."""
    noun = head.head
    return (
        head.dep_ == "acl"
        and head.tag_ == "VBN"
        and bool(_NEWS_DAY.match(timex.text))
        and noun.dep_ in _ARGUMENT_DEPS
        and noun.head.pos_ in ("VERB", "AUX")
        and span.end - 1 >= head.right_edge.i  # the time closes the relative clause
        and not any(c.dep_ in SUBJ for c in head.children)
    )


def _timex_source(text: str) -> str:
    """Tell a written date ("September 29, 2024", "in 2017") from a deictic one ("Thursday")."""
    return "explicit" if _WRITTEN_DATE.search(text) else "relative"


def _phrase(text: str, span: Span, timex: TimeExpr) -> str:
    """Return the whole expression of a bounded time ("within 30 days of the announcement")."""
    start = span.start_char
    if span.start > 0 and span.doc[span.start - 1].lower_ in _RELATION_WORDS:
        start = span.doc[span.start - 1].idx
    end = span.end_char
    if timex.anchor_text:
        found = text.find(timex.anchor_text, end)
        if found != -1 and found - end < 12:
            end = found + len(timex.anchor_text)
    return text[start:end]


def _prev_word(doc: Doc, span: Span) -> str:
    return doc[span.start - 1].lower_ if span.start > 0 else ""


def day_of(value: str) -> date | None:
    """Return the calendar day a value names, if it names one ("2024-06-20", not "2024-06")."""
    try:
        return date.fromisoformat(value[:10]) if granularity_of(value) in ("day", "time") else None
    except ValueError:
        return None


def _coarse_offset(value: str, offset: str) -> str | None:
    """Count a bound from a year or a month at that precision ("within a year" of 2021).

    An offset in the anchor's own unit moves it (2021 + P1Y = 2022, 2021-03 + P6M =
    2021-09); a finer one ("within 30 days" of 2021) stays in the anchor's period.
    """
    match = re.fullmatch(r"P(\d+)([YMWD])", offset)
    if match is None:
        return None
    n, unit = int(match[1]), match[2]
    grain = granularity_of(value)
    if grain == "year" and value.isdigit():
        return str(int(value) + n) if unit == "Y" else value
    if grain == "month":
        year, month = int(value[:4]), int(value[5:7])
        if unit == "Y":
            return f"{year + n:04d}-{month:02d}"
        if unit == "M":
            total = year * 12 + month - 1 + n
            return f"{total // 12:04d}-{total % 12 + 1:02d}"
        return value
    return None


def resolve_relative(drafts: list[Draft], published: date | None) -> None:
    """Date events bounded by another event ("within 30 days of the announcement")."""
    by_token = {d.trigger.i: d for d in drafts}
    published_day = published.isoformat() if published is not None else None
    text = drafts[0].trigger.doc.text if drafts else ""
    for i, d in enumerate(drafts):
        if d.anchor is None or d.date is not None:
            continue  # a stated point beat the bound in attach_dates
        timex = d.anchor
        offset = timex.offset or (timex.value if timex.value.startswith("P") else None)
        if offset is None:
            continue
        anchor_value: str | None = None
        if timex.anchor_text:
            clause = _anchor_clause(drafts, d, timex, text)
            if clause is not None and clause.date is not None and day_of(clause.date.value):
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
            if governing is not None and governing is not d and governing.date is not None:
                anchor_value = governing.date.value
        if anchor_value is None and published is not None:
            anchor_value = published.isoformat()
        if anchor_value is None:
            continue
        value = (
            resolve_offset(anchor_value, offset)
            if day_of(anchor_value)
            else _coarse_offset(anchor_value, offset)
        )
        if value is None:
            continue
        relation = timex.relation
        if (
            published_day is not None
            and is_past(d.trigger)
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
            source="event-relative"
            if timex.anchor_text or anchor_value != published_day
            else "relative",
            confidence=0.7,
        )
        d.confidence -= 0.1


#: Prepositions that place an event after or before another event ("after the ban").
_EVENT_PREPOSITIONS = {"after": "after", "following": "after", "before": "before"}


def date_after_events(drafts: list[Draft]) -> None:
    """Date "After the ban, the company sued" after the ban the text told, dated.

    An undated event with an after-, following- or before-phrase whose noun names an event
    (a nominal trigger or event noun) takes the stated date of the latest earlier event of
    that action or type, or of that noun's own report, with the relation kept: the event
    lies after (before) it, an inferred, event-relative date.
    """
    by_token = {d.trigger.i: d for d in drafts}
    for i, d in enumerate(drafts):
        if d.date is not None or d.anchor is not None:
            continue
        for prep in d.trigger.children:
            relation = _EVENT_PREPOSITIONS.get(prep.lower_)
            if relation is None or prep.dep_ != "prep":
                continue
            noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if noun is None or noun.pos_ != "NOUN":
                continue
            lemma = noun.lemma_.lower()
            if lemma not in NOMINAL_TRIGGERS and lemma not in EVENT_NOUNS:
                continue
            told = by_token.get(noun.i)
            if told is None or told.date is None or told.date.inferred:
                action, kind = NOMINAL_TRIGGERS.get(lemma) or (EVENT_NOUNS[lemma], "")
                told = next(
                    (
                        p
                        for p in reversed(drafts[:i])
                        if p.date is not None
                        and not p.date.inferred
                        and p.trigger.i < prep.i
                        and (
                            p.action == action
                            or (kind and p.type == kind)
                            # "called a strike": the light verb's event noun
                            or any(
                                c.dep_ in ("dobj", "obj") and c.lemma_.lower() == lemma
                                for c in p.trigger.children
                            )
                        )
                    ),
                    None,
                )
            if told is None or told.date is None:
                continue
            d.date = replace(
                told.date,
                text=d.trigger.doc[prep.i : noun.i + 1].text,
                relation=relation,
                inferred=True,
                source="event-relative",
                confidence=0.6,
            )
            d.confidence -= 0.1
            break


def _anchor_clause(drafts: Sequence[Draft], d: Draft, timex: TimeExpr, text: str) -> Draft | None:
    """Return the event the anchor of a bounded time is a clause about, if it is one."""
    if not timex.anchor_text:
        return None
    start = text.find(timex.anchor_text, timex.start)
    if start == -1:
        return None
    end = start + len(timex.anchor_text)
    inside = [o for o in drafts if o is not d and not o.nominal and start <= o.trigger_start < end]
    if inside:
        return inside[0]
    # "30 days after the order is published": the anchor is the subject of the clause.
    doc = d.trigger.doc
    by_token = {o.trigger.i: o for o in drafts if o is not d and not o.nominal}
    tok = next((t for t in doc if t.idx >= start), None)
    for _ in range(4):
        if tok is None or tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.i in by_token and _tells_anchor(tok, start):
            return by_token[tok.i]
    return None


def _anchor_event_date(earlier: Sequence[Draft], anchor_text: str) -> str | None:
    """Return the day of the latest earlier event an anchor names ("the announcement").

    An event whose action the words name wins over one that only has the right type.
    """
    words = {w.lower().strip(".,") for w in anchor_text.split()}
    nouns = [NOMINAL_TRIGGERS[w] for w in words if w in NOMINAL_TRIGGERS]
    actions = words | {action for action, _ in nouns}
    kinds = {kind for _, kind in nouns}
    dated = [p for p in reversed(earlier) if p.date is not None and day_of(p.date.value)]
    for found in (
        next((p for p in dated if p.action in actions), None),
        next((p for p in dated if p.type in kinds), None),
    ):
        if found is not None and found.date is not None:
            return found.date.value
    return None


def inherit_dates(drafts: list[Draft], reader: ArticleReader) -> None:
    """Give an undated past report the date of the dated statement it continues.

    A past relative clause on the document a dated event issues ("passed the Act, which
    directed the commission to ...") tells what the document did when it was issued.
    """
    _content_dates(drafts)
    _also_dates(drafts, reader)
    last: tuple[Draft, EventDate] | None = None
    for d in drafts:
        if d.date is not None and d.type in SPEECH and day_of(d.date.value):
            last = (d, d.date)
            continue
        if (
            d.date is None
            and d.anchor is None
            and last is not None
            and d.type in SPEECH
            and d.modality in ("asserted", "reported")
            and is_past(d.trigger)
            and reader.sentence_distance(last[0].trigger, d.trigger) <= 4
        ):
            d.date = replace(last[1], inferred=True, source="inherited", confidence=0.6)
            d.confidence -= 0.15


def _also_dates(drafts: list[Draft], reader: ArticleReader) -> None:
    """Date "X was also ordered to ..." by the stated date of the event it adds to.

    "Also" on a past event ties it to what the text just told: the latest event with a
    stated date in the same or the previous sentence.
    """
    for i, d in enumerate(drafts):
        if (
            d.date is not None
            or d.anchor is not None
            or d.nominal
            or d.modality not in ("asserted", "reported")
            or not _simple_past(d.trigger)
            or not any(c.dep_ == "advmod" and c.lower_ == "also" for c in d.trigger.children)
        ):
            continue
        told = next(
            (
                p
                for p in reversed(drafts[:i])
                if p.date is not None
                and not p.date.inferred
                and reader.sentence_distance(p.trigger, d.trigger) <= 1
            ),
            None,
        )
        if (
            told is None
            or told.nominal
            or told.trigger.dep_ not in ("ROOT", "conj")
            or told.modality not in ("asserted", "reported")
            or not _simple_past(told.trigger)
        ):
            continue  # the main clause of a past report, not what a clause in it describes
        assert told.date is not None
        d.date = replace(told.date, inferred=True, source="inherited", confidence=0.6)
        d.confidence -= 0.1


def _simple_past(verb: Token) -> bool:
    """Tell whether a verb tells a past episode ("fined", "was ordered"), not a perfect."""
    return is_past(verb) and not any(
        c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in verb.children
    )


#: Event types that issue a document whose relative clause tells what it does.
_ISSUING = frozenset({"Law", "Order", "Announcement"})


def _content_dates(drafts: list[Draft]) -> None:
    """Date "which directed ..." on the law a dated event passed by that event."""
    by_token = {d.trigger.i: d for d in drafts}
    for d in drafts:
        verb = d.trigger
        if d.date is not None or d.anchor is not None or d.nominal or verb.dep_ != "relcl":
            continue
        if verb.tag_ != "VBD" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
            continue  # "which had banned", "that will require": another time
        document = verb.head
        issuing = by_token.get(document.head.i) if document.dep_ in ("dobj", "obj") else None
        if issuing is None or issuing.type not in _ISSUING:
            continue
        if issuing.date is None or issuing.date.inferred:
            continue  # only a stated date of the issue dates what the document did
        d.date = replace(issuing.date, inferred=True, source="inherited", confidence=0.6)
        d.confidence -= 0.15


def publication_dates(drafts: list[Draft], published: date | None) -> None:
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
    _share_governing_dates(drafts)  # a stated date of the clause beats the publication day
    by_token = {d.trigger.i: d for d in drafts}
    for d in drafts:
        if d.date is not None or d.anchor is not None or d.modality == "negated":
            continue
        verb = d.trigger if not d.nominal else d.trigger.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        # "has cut", and "has been moving": the present perfect, simple or progressive.
        perfect = verb.tag_ in ("VBN", "VBG") and any(
            c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve", "'s") for c in verb.children
        )
        if verb.tag_ == "VBG" and not any(c.lower_ == "been" for c in verb.children):
            perfect = False
        present = verb.tag_ in ("VBZ", "VBP") or perfect or is_progressive_present(verb)
        if d.modality in ("planned", "conditional"):
            relation, confidence = "after", 0.3  # what will or may happen follows the article
        elif (d.type in SPEECH and (present or verb.tag_ == "VBD")) or perfect:
            relation, confidence = "on", 0.5
        elif is_past(verb) or _past_participle_clause(verb, by_token):
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
    _share_governing_dates(drafts)  # and clauses dated only now pass it on


def _past_participle_clause(verb: Token, by_token: dict[int, Draft]) -> bool:
    """Tell a participle clause of a past verb that has no date to share.

    "The judges were not persuaded, pointing to ...": the participle happened when its
    head did, even when the head is negated or no event, and so gives no date of its
    own; a head that is a dated event passes its date on instead.
    """
    head = by_token.get(verb.head.i)
    if head is not None and head.modality != "negated":
        return False
    return (
        verb.tag_ == "VBG"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in ("aux", "mark") for c in verb.children)
        and verb.head.pos_ in ("VERB", "AUX")
        and (is_past(verb.head) or any(c.lower_ == "did" for c in verb.head.children))
    )


def _share_governing_dates(drafts: list[Draft]) -> None:
    """Date a non-finite event by the event whose clause holds it ("stopped selling").

    The event a bound counts from ("within 60 days of the hearing", "after the merger
    was announced") happened at another time and shares nothing.
    """
    by_token = {d.trigger.i: d for d in drafts}
    text = drafts[0].trigger.doc.text if drafts else ""
    counted_from = {id(c) for d in drafts for c in _counted_from(drafts, d, text)}
    for d in drafts:
        if d.date is not None or d.anchor is not None or id(d) in counted_from:
            continue
        if d.modality not in ("asserted", "reported"):
            continue
        if not d.nominal and d.trigger.tag_ not in ("VB", "VBG", "VBN"):
            continue
        head, steps = d.trigger.head, 0
        while head.i not in by_token and head.head.i != head.i and steps < 4:
            head, steps = head.head, steps + 1
        governing = by_token.get(head.i)
        if governing is not None and d.nominal and governing.type in ACTS_ON_EVENTS:
            # "its lawsuits were thrown out in May 2018": an earlier event, before it.
            if governing.date is not None and not governing.date.inferred:
                d.date = replace(
                    governing.date,
                    text="",
                    relation="before",
                    inferred=True,
                    source="event-relative",
                    confidence=min(governing.date.confidence, 0.5),
                )
            continue
        if governing is not None and governing is not d and governing.date is not None:
            d.date = replace(
                governing.date,
                inferred=True,
                source="inherited",
                confidence=min(governing.date.confidence, 0.6),
            )


def _counted_from(drafts: Sequence[Draft], bounded: Draft, text: str) -> list[Draft]:
    """Return the events a draft's bound counts from: those its anchor names or tells."""
    bound = bounded.anchor
    if bound is None or not bound.anchor_text:
        return []
    start = text.find(bound.anchor_text, bound.start)
    if start == -1:
        return []
    end = start + len(bound.anchor_text)
    out = [d for d in drafts if d is not bounded and start <= d.trigger_start < end]
    clause = _anchor_clause(drafts, bounded, bound, text)
    if clause is not None and clause not in out:
        out.append(clause)  # "after the merger was announced": the clause's verb
    return out
