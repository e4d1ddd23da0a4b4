"""Read events out of a parsed Doc: pick the triggers, then compose the reading stages.

Every predication with a participant is an event report: a verb or phrasal verb (typed
by the trigger lexicon, else ``Other`` when an actor does it), a to-infinitive ("decided
to sell", planned; a purpose or a noun's complement ranked low), a noun of a happening
with its doer ("Boeing's protest", "the ban on X", "issued a directive"), and a rule
that changes state ("the ban takes effect", ``Deadline``); a state ("Qatar has an
order") and what a thing does are reports too, ranked below any listing. The arguments
of event nouns are patterns (:mod:`kg.patterns`). Arguments come from
:mod:`kg.arguments`, modality from :mod:`kg.modality`, dates from :mod:`kg.anchoring`.

Each report gets a confidence from signals that can be named: typed or not, named actors
or descriptions and pronouns, asserted or not, a habit or an episode, an intention or a
happening, a nominal or a verb; listings show what reaches
:data:`kg.types.LISTING_CONFIDENCE` and the store keeps every report. This is the last
place where spaCy types appear.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token

from kg.anchoring import (
    attach_dates,
    date_after_events,
    inherit_dates,
    publication_dates,
    resolve_relative,
)
from kg.arguments import ArticleReader, actor_args, doc_mentions, find_mentions, head_actor
from kg.components.entities import is_headline_case
from kg.lexicon import (
    ACTOR_OBJECT_TYPES,
    ACTS_ON_EVENTS,
    ATTRIBUTION_VERBS,
    CHANGE_OF_STATE_VERBS,
    COMMITMENT_NOUNS,
    COMMITMENT_VERBS,
    EVENT_NOUNS,
    EVENT_VERBS,
    LAW_NOUNS,
    LAW_VERBS,
    LIGHT_VERBS,
    NOMINAL_TRIGGERS,
    OCCASION_VERBS,
    PASSIVE_EVENTS,
    PERFORM_VERBS,
    PHRASAL_VERBS,
    PLAN_VERBS,
    PRICE_MOVE_WORDS,
    RECEIVE_VERBS,
    RECIPROCAL_VERBS,
    RULE_NOUNS,
    STANDALONE_EVENT_NOUNS,
    STATE_VERBS,
    SUPPORT_VERBS,
    TARGETS_ACTORS,
    TEMPORAL_VERBS,
    THING_COMPLEMENT_TYPES,
    THING_OBJECT_TYPES,
    is_actor_noun,
)
from kg.modality import is_generic, is_habitual, is_refused, is_reported, modality_of
from kg.namespace import EVENT_TYPES
from kg.patterns import noun_set
from kg.reading import (
    PASS_SUBJ,
    PLACE_TYPES,
    SPEECH,
    SUBJ,
    Arg,
    Draft,
    arguments_of,
    in_headline,
    lemma_of,
)
from kg.resolve import Resolver
from kg.types import Article, Event, TimeExpr

__all__ = ["EventIRI", "doc_events", "doc_mentions", "find_mentions"]

EventIRI = Callable[[str, int, int, str], str]


#: Prepositions that make a listed prepositional verb ("check into"); those that are also
#: particles ("cut off", "pull out") are read as particles only.
_VERB_PREPOSITIONS = frozenset({"into", "onto", "upon", "with", "against", "at", "to", "from"})
#: Words that, right after a verb (or its object) and with nothing of their own, are its
#: particle: "checked in", "sold the unit off", which the parser may read as prepositions.
_PARTICLES = frozenset({"in", "out", "up", "down", "off", "away", "back", "over"})


def _bare_particle(verb: Token) -> str | None:
    """Return a preposition with nothing of its own right after the verb or its object."""
    objects = {t.i for c in verb.children if c.dep_ in ("dobj", "obj") for t in c.subtree}
    for c in verb.children:
        if (
            c.dep_ == "prep"
            and c.lower_ in _PARTICLES
            and not list(c.children)
            and c.i > verb.i
            and all(i in objects for i in range(verb.i + 1, c.i))
        ):
            return c.lower_
    return None


def _phrasal(verb: Token, lemma: str) -> tuple[str, str] | None:
    """Return (action, type) of a verb with its particle or listed preposition, if any.

    "checked into a clinic" is ``check into``; an unlisted particle keeps the verb's own
    type ("sold off" is a sale).
    """
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    if particle is None:
        particle = _bare_particle(verb)
    if particle is None:
        particle = next(
            (
                c.lower_
                for c in verb.children
                if c.dep_ == "prep"
                and c.lower_ in _VERB_PREPOSITIONS
                and f"{lemma} {c.lower_}" in PHRASAL_VERBS
            ),
            None,
        )
    if particle is None:
        # "ran aground": an adverb that makes a listed phrase with the verb.
        particle = next(
            (
                c.lower_
                for c in verb.children
                if c.dep_ == "advmod" and f"{lemma} {c.lower_}" in PHRASAL_VERBS
            ),
            None,
        )
    if particle is None:
        return None
    phrasal = f"{lemma} {particle}"
    return phrasal, PHRASAL_VERBS.get(phrasal, EVENT_VERBS.get(lemma, "Other"))


def _verb_event(verb: Token) -> tuple[str, str] | None:
    """Return (action, type) when this verb is an event trigger, else None."""
    lemma = lemma_of(verb)
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
    idiom = _idiom(verb)
    if idiom is not None:
        return idiom[0], PHRASAL_VERBS[idiom[0]]  # "opened fire", "took office"
    if lemma in PASSIVE_EVENTS and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return PASSIVE_EVENTS[lemma]
    phrasal = _phrasal(verb, lemma)
    if phrasal is not None:
        return phrasal
    event_type = _object_type(verb, lemma)
    if verb.dep_ == "acl" and event_type == "Other" and not _done_by(verb):
        return None  # "software developed in Moscow": a description
    noun = _event_noun(verb)
    if noun is not None and lemma in RECEIVE_VERBS:
        return None  # "will face fines from X": the fine is the event, X its agent
    if noun is not None and (lemma in LIGHT_VERBS or lemma in SUPPORT_VERBS):
        return lemma, _noun_type(noun)  # "issued a directive", "placed an order for jets"
    if lemma in LIGHT_VERBS and lemma not in ("place", "put") and event_type == "Other":
        return None  # "took effect", "made progress": no happening of their own
    if lemma in LAW_VERBS and any(
        (c.dep_ in ("dobj", "obj", "nsubjpass") and c.lemma_.lower() in LAW_NOUNS)
        # "signed it into law": whatever "it" is, it became a law
        or (
            c.dep_ == "prep"
            and c.lower_ == "into"
            and any(p.dep_ == "pobj" and p.lemma_.lower() in LAW_NOUNS for p in c.children)
        )
        for c in verb.children
    ):
        return lemma, "Law"
    if event_type != "Other" and any(
        c.dep_ == "advmod" and c.lower_ in PRICE_MOVE_WORDS for c in verb.children
    ):
        return lemma, "Other"  # "European markets closed lower": a price's move
    if lemma in ("add", "place", "put"):
        if _lists(verb):
            return "list", "EntityListing"
        if any(c.dep_ in ("dobj", "obj") for c in verb.children):
            return lemma, "Other"
    return lemma, event_type


def _lists(verb: Token) -> bool:
    """Tell whether "add", "place" or "put" puts someone on a government's list.

    "added X to the Entity List"; "placed 36 firms on the Entity List" or "on a
    blacklist" (not "on the injured reserve list").
    """
    return lemma_of(verb) in ("add", "place", "put") and any(
        (p.lower_ == "to" and any("list" in t.lower_ for t in p.subtree))
        or (p.lower_ == "on" and any(_named_list(t) for t in p.subtree))
        for p in verb.children
    )


def _named_list(tok: Token) -> bool:
    """Tell a list one is put on by a government: a named list or a blacklist."""
    word = tok.lower_
    return (word == "list" and tok.pos_ == "PROPN") or word in ("blacklist", "watchlist")


def _asks_for_a_thing(verb: Token) -> bool:
    """Tell whether a verb's object is a thing and no one is told to do anything.

    "ordered 20 jets", "will direct the film": the object is a thing, not an actor told
    what to do ("directed agencies to remove"), an event ("ordered an inquiry") or a
    clause ("ordered that the plant close").
    """
    if any(
        c.dep_ in ("xcomp", "ccomp", "oprd")
        # "ordered the software off federal computers": where the thing must go
        or (c.dep_ in ("prep", "prt", "advmod") and c.lower_ in _AWAY_WORDS)
        for c in verb.children
    ):
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    return bool(objects) and all(
        o.pos_ in ("NOUN", "PROPN")
        and o.ent_type_ not in _ACTOR_ENTS
        and not is_actor_noun(o.lemma_)
        and o.lemma_.lower() not in NOMINAL_TRIGGERS
        and o.lemma_.lower() not in EVENT_NOUNS
        for o in objects
    )


def _noun_type(noun: Token) -> str:
    """Return an event noun's type, as its complement makes it ("an order for 40 jets")."""
    lemma = noun.lemma_.lower()
    if lemma in THING_COMPLEMENT_TYPES and (
        _for_a_thing(noun) or (noun.dep_ in ("dobj", "obj") and _for_a_thing(noun.head))
    ):
        return THING_COMPLEMENT_TYPES[lemma]  # "won an order from Emirates for 40 jets"
    return NOMINAL_TRIGGERS[lemma][1] if lemma in NOMINAL_TRIGGERS else "Other"


def _for_a_thing(noun: Token) -> bool:
    """Tell whether a word's for-phrase names a thing ("an order for 40 jets").

    Not an actor ("an order for agencies to remove it") nor another event ("an order
    for the removal of X").
    """
    return any(
        c.dep_ == "prep"
        and c.lower_ == "for"
        and any(
            p.dep_ == "pobj"
            and p.pos_ in ("NOUN", "PROPN", "NUM")
            and p.ent_type_ not in _ACTOR_ENTS
            and not is_actor_noun(p.lemma_)
            and p.lemma_.lower() not in NOMINAL_TRIGGERS
            and p.lemma_.lower() not in EVENT_NOUNS
            for p in c.children
        )
        for c in noun.children
    )


def _object_type(verb: Token, lemma: str) -> str:
    """Return a trigger verb's type, as its object makes it (a thing, a person, or either)."""
    if lemma in THING_OBJECT_TYPES and _asks_for_a_thing(verb):
        return THING_OBJECT_TYPES[lemma]  # "ordered 20 jets", "directed the film"
    if lemma in ACTOR_OBJECT_TYPES and _acts_on_an_actor(verb):
        return ACTOR_OBJECT_TYPES[lemma]  # "released two hostages"
    return EVENT_VERBS.get(lemma, "Other")


def _acts_on_an_actor(verb: Token) -> bool:
    """Tell whether a verb's object (or passive subject) is a person ("the hostages").

    Names of organisations are left out: the statistical model tags many products
    ("the iPod", "App Store") as organisations.
    """
    return any(
        c.dep_ in ("dobj", "obj", "nsubjpass")
        and (c.ent_type_ == "PERSON" or (not c.ent_type_ and is_actor_noun(c.lemma_)))
        for c in verb.children
    )


#: Words that send an ordered thing somewhere ("ordered the software off the network").
_AWAY_WORDS = frozenset({"off", "out", "away", "back", "down"})
#: Entity labels of actors an order can be given to.
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _light_participle(verb: Token) -> bool:
    """Tell whether a verb is a light or support verb's participle on a noun ("imposed")."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and (lemma_of(verb) in LIGHT_VERBS or lemma_of(verb) in SUPPORT_VERBS)
    )


def _done_by(verb: Token) -> bool:
    """Tell whether a participle names its doer ("a briefing held by the ministry").

    A light or support verb's participle on an event noun ("fines imposed by the
    Commission") names the noun's doer instead: the noun is the event.
    """
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return False
    by = any(c.dep_ == "agent" for c in verb.children)
    if not by and _between_parties(verb, verb.head) is None:
        return False  # "an agreement reached between the two companies" names its doers too
    noun = verb.head.lemma_.lower()
    return not (_light_participle(verb) and (noun in NOMINAL_TRIGGERS or noun in EVENT_NOUNS))


def _own_time(verb: Token) -> bool:
    """Tell whether a time phrase modifies the verb itself ("held by the ministry on Friday")."""
    return any(
        t.ent_type_ in ("DATE", "TIME")
        for c in verb.children
        if c.dep_ not in ("agent", "dobj", "obj", "nsubj", "nsubjpass")
        for t in c.subtree
    )


def _participle_agents(reader: ArticleReader, noun: Token) -> list[Arg]:
    """Return who a light verb's participle says did a nominal event ("fines imposed by X")."""
    participle = next((c for c in noun.children if _light_participle(c)), None)
    if participle is None:
        return []
    return arguments_of(reader, reader.by_agent(participle), allow_acl=False)


def _between_parties(verb: Token, subj: Token | None) -> Token | None:
    """Return the parties of a passive's "between" phrase, when they are its doers.

    "The contract was fought for between Boeing and Lockheed", "an agreement reached
    between the two companies": a reciprocal verb, or a verb done to a reciprocal event
    noun, names its doers there. "Flights were split between London and Paris" does not.
    """
    if lemma_of(verb) not in RECIPROCAL_VERBS and (
        subj is None or subj.lemma_.lower() not in noun_set("reciprocal")
    ):
        return None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _idiom(verb: Token) -> tuple[str, Token] | None:
    """Return the listed phrase a verb and its bare object name ("open fire"), and the object."""
    for c in verb.children:
        if c.dep_ not in ("dobj", "obj"):
            continue
        dets = [d for d in c.children if d.dep_ in ("det", "poss")]
        if not dets:
            phrase = f"{lemma_of(verb)} {c.lemma_.lower()}"
        elif len(dets) == 1 and dets[0].lower_ == "the":
            phrase = f"{lemma_of(verb)} the {c.lemma_.lower()}"  # "took the stand"
        else:
            continue
        if phrase in PHRASAL_VERBS:
            return phrase, c
    return None


#: How far a state ("has an order", "wants to know") ranks below a happening.
_STATE_WEAK = 0.5
#: How far a thing's doing or a generic rule ranks below an actor's deed.
_THING_WEAK = 0.4
#: How far a thing's dated episode ("the cables were cut on Friday") ranks below a deed.
_EPISODE_WEAK = 0.15
#: How far a later mention of a standalone happening ranks below the first ("the quake").
_REPEAT_WEAK = 0.2
#: How far a headline's event ranks below the body's report of it with the same actors.
_HEADLINE_REPEAT_WEAK = 0.5
#: How far a typed event that may happen ("would bar", "can appeal") ranks below one that did.
_CONDITIONAL_WEAK = 0.35


def _dated_episode(verb: Token) -> bool:
    """Tell whether a finite past clause tells a happening ("the quake struck the island").

    The simple past ("the jet crashed", "the cables were cut") and the news's present
    perfect ("cables have been cut") tell an episode; a perfect over a span ("has sold
    2,400 units over its history", "had flown since 1990") tells a state. What a thing
    does ("the winglets boost efficiency"), might do or does in a participle stays a
    description.
    """
    if verb.dep_ in ("acl", "amod", "xcomp") or verb.pos_ != "VERB":
        return False
    if verb.dep_ == "advcl" and not any(
        c.dep_ == "mark" and c.lower_ in _EPISODE_MARKS for c in verb.children
    ):
        return False  # "if the cables were cut": not a happening
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in aux):
        return False  # "could be cut", "will be restored": not (yet) a happening
    if any(c.lemma_ == "have" for c in aux):
        return not _span_time(verb)
    # "were cut" (not "are cut": a habit)
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.tag_ == "VBD" for c in aux))


def _span_time(verb: Token) -> bool:
    """Tell whether a phrase says how long the verb lasted ("since 1990", "over the years")."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in _SPAN_PREPS
        # "arrested for theft", "cut over a dispute": no span without a time
        and (c.lower_ == "since" or any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree))
        for c in verb.children
    )


#: Conjunctions of clauses that tell what happened ("after the cables were cut").
_EPISODE_MARKS = frozenset({"after", "before", "when", "as", "once"})
#: Prepositions whose time is a span a state lasts ("since 1990"), not when it happened.
_SPAN_PREPS = frozenset({"since", "for", "until", "till", "throughout", "over"})


def _intention_weight(verb: Token) -> float:
    """Return how far a to-infinitive ranks below a happening of its own.

    "decided to sell" is a planned sale (0); "signed a contract to supply" binds the
    actor (0.1); a purpose or a noun's complement ("sued to block", "the power to
    restrict") names an intention only (0.45).
    """
    if verb.dep_ == "xcomp":
        head = verb.head
        if (
            head.pos_ == "VERB"
            and EVENT_VERBS.get(lemma_of(head), "Other") != "Other"
            and not _licensed_infinitive(verb)
            and lemma_of(head) not in PLAN_VERBS
        ):
            return 0.1  # "sued to block the sale": a purpose, planned, not done
        return 0.0
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in COMMITMENT_NOUNS:
        return 0.1  # "signed a contract to supply jets": the supply is planned
    return 0.45


def _state(verb: Token) -> tuple[str, str] | None:
    """Return (action, "Other") for a state verb with a subject ("Qatar has an order")."""
    lemma = lemma_of(verb)
    if lemma not in STATE_VERBS or verb.dep_ in ("aux", "auxpass", "amod", "compound"):
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ in SUBJ or c.dep_ in PASS_SUBJ for c in verb.children):
        return None
    return lemma, "Other"


def _infinitive_event(verb: Token) -> tuple[str, str] | None:
    """Return (action, type) of a to-infinitive that names what someone means to do."""
    if verb.pos_ != "VERB" or verb.dep_ not in ("xcomp", "acl", "advcl", "relcl", "ccomp"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    lemma = lemma_of(verb)
    if _lists(verb):
        return "list", "EntityListing"  # "the decision to place Huawei on the list"
    if lemma in STATE_VERBS or lemma in ATTRIBUTION_VERBS or lemma in LIGHT_VERBS:
        return None
    if lemma in PLAN_VERBS and any(c.dep_ == "xcomp" for c in verb.children):
        return None  # "to try to sell": the sale is the event
    phrasal = _phrasal(verb, lemma)
    if phrasal is not None:
        return phrasal
    return lemma, _object_type(verb, lemma)  # "hired to direct the film"


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
    reader = ArticleReader(doc, article, resolver)
    drafts = _verbal_drafts(reader) + _nominal_drafts(reader)
    drafts.sort(key=lambda d: d.trigger.i)
    drafts = _dedupe_nominals(drafts)
    _headline_repeats(drafts)
    attach_dates(doc, drafts, timexes or [])
    inherit_dates(drafts, reader)
    resolve_relative(drafts, article.published)
    date_after_events(drafts)
    # An event with no participant but a thing and no time ("until the deal closes",
    # "to restrict transactions") says too little.
    drafts = [
        d
        for d in drafts
        if d.agents
        or actor_args(d.patients)
        or d.date is not None
        or d.anchor is not None
        or d.standalone
        or d.type == "Deadline"  # "the new rules take effect": a rule's own change
    ]
    publication_dates(drafts, article.published)
    return [_finish(d, article, event_iri) for d in drafts]


def _verbal_trigger(verb: Token) -> tuple[str, str, float, bool] | None:
    """Return (action, type, intention weight, is a state) when a verb is a report."""
    found = _verb_event(verb)
    if found is not None:
        return (*found, 0.0, False)
    found = _infinitive_event(verb)
    if found is not None:
        return (*found, _intention_weight(verb), False)
    found = _state(verb)
    if found is not None:
        return (*found, 0.0, True)  # "Qatar has an order": stored, never listed alone
    return None


def _measure_target(reader: ArticleReader, noun: Token | None) -> list[Arg]:
    """Return whom a measure noun names as its target ("the Commission's fine on Google").

    Whoever upholds, annuls, lifts or extends a ban, a fine or a sanction acts on the
    one it targets, not on the one who imposed it. Legal actions are not measures:
    "dismissed Kaspersky's lawsuit" is done to the one who sued.
    """
    if noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOMINAL_TRIGGERS:
        return []
    event_type = _noun_type(noun)
    if event_type not in TARGETS_ACTORS or event_type in ACTS_ON_EVENTS:
        return []
    for match in reader.nominal_args.get(noun.i, ()):
        if match.role != "patient" or event_type in match.except_types:
            continue
        if match.named and match.token.i not in reader.token_entity:
            continue
        found = arguments_of(reader, match.token)
        if found:
            return found
    return []


def _verbal_patients(
    reader: ArticleReader, verb: Token, event_type: str, rank: int, agent_ids: frozenset[str]
) -> list[Arg]:
    """Return what a verb's event is done to: its object, else a complement or a phrase."""
    for c in verb.children:
        if c.dep_ in ("dobj", "obj", "attr") or (c.dep_ == "dative" and c.pos_ != "ADP"):
            # "lifted its ban on ZTE": the owner is the agent, ZTE the patient.
            target = [t for t in _measure_target(reader, c) if t.entity.id not in agent_ids]
            if target:
                return target
            patients = arguments_of(
                reader, c, allow_acl=event_type != "Other", max_rank=rank, exclude=agent_ids
            )
            if patients:
                return patients
    if event_type in ("Order", "Ban"):
        # "ordered agencies to remove Kaspersky software": the order is about Kaspersky.
        for c in verb.children:
            if c.dep_ in ("xcomp", "ccomp"):
                obj = next((o for o in c.children if o.dep_ in ("dobj", "obj")), None)
                patients = arguments_of(reader, obj)
                if patients:
                    return patients
    for c in verb.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in ("on", "against", "to"):
            if c.lower_ == "to" and event_type not in SPEECH and event_type != "Attack":
                continue  # "set fire to the station" names the target; "went to" does not
            patients = arguments_of(reader, next((p for p in c.children if p.dep_ == "pobj"), None))
            if _on_site(c, patients, event_type):
                continue  # "died on Mount Hood": where, not what to
            if patients:
                return patients
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            # "sided with the Commission", "signed a deal with Boeing": the counterpart.
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            found = actor_args(arguments_of(reader, pobj, max_rank=rank, exclude=agent_ids))
            if found:
                return found
    return []


def _on_site(prep: Token, args: list[Arg], event_type: str) -> bool:
    """Tell whether an untyped verb's on-phrase names a site ("died on Mount Hood").

    A typed event's on-phrase is its target ("sanctions on Russia", "an attack on the
    embassy"), and so is a country ("focused on China"); a place other than a country
    that an untyped verb happens on is where it happens.
    """
    return (
        prep.lower_ == "on"
        and event_type == "Other"
        and bool(args)
        and all(a.entity.type == "Place" for a in args)
    )


def _verbal_places(reader: ArticleReader, verb: Token, event_type: str) -> list[Arg]:
    """Return the places an in/at/within phrase (or a site's on-phrase) of the verb names."""
    places: list[Arg] = []
    for c in verb.children:
        if c.dep_ != "prep" or c.lower_ not in ("in", "at", "within", "inside", "on"):
            continue
        found = arguments_of(reader, next((p for p in c.children if p.dep_ == "pobj"), None))
        if c.lower_ != "on" or _on_site(c, found, event_type):
            places.extend(a for a in found if a.entity.type in PLACE_TYPES)
    return places


def _joined_infinitive(verb: Token, planned: set[int]) -> bool:
    """Tell whether a bare verb shares the "to" of a planned infinitive it is joined to."""
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VB"
        and verb.head.i in planned
        and not any(c.dep_ in ("aux", "nsubj", "nsubjpass") for c in verb.children)
    )


def _verbal_drafts(reader: ArticleReader) -> list[Draft]:
    drafts = []
    planned: set[int] = set()  # verbs read as planned, for the infinitives joined to them
    for verb in reader.doc:
        change = _change_of_state(reader, verb)
        if change is not None:
            drafts.append(change)
            continue
        found = _verbal_trigger(verb)
        if found is None:
            continue
        action, event_type, intention, is_state = found
        # How far a state, a thing's doing or a generic rule ranks below a happening.
        low = _STATE_WEAK if is_state else 0.0
        # An untyped verb's actors must be named as its arguments, not as modifiers
        # ("data on American users" is not about the United States).
        rank = 1 if event_type == "Other" else 99
        subj, passive = reader.subject_of(verb)
        # Who does it: the subject, or a passive's "by" (else "between") phrase.
        doer = (reader.by_agent(verb) or _between_parties(verb, subj)) if passive else subj
        if passive:
            agents = arguments_of(reader, doer, allow_acl=False, max_rank=rank)
            patients = _measure_target(reader, subj) or arguments_of(reader, subj, max_rank=rank)
        else:
            agents = arguments_of(reader, subj, allow_acl=False, max_rank=rank)
            patients = []
        agent_ids = frozenset(a.entity.id for a in agents)
        if not patients:
            patients = _verbal_patients(reader, verb, event_type, rank, agent_ids)
        if not patients and (agents or not passive):
            # "banned the software", "the software was banned by the agency": the thing
            # the deed is done to, the object or the subject of a passive that names its
            # doer ("activities will be restricted" says only what changes).
            obj = (
                subj
                if passive
                else next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
            )
            found_thing = reader.thing(obj) if obj is not None else None
            if found_thing is not None:
                patients = [found_thing]
        idiom = _idiom(verb)
        if idiom is not None:
            # "took office": the object is part of the action, not what it is done to.
            obj = idiom[1]
            # Only the noun itself: "took control of the mine" is done to the mine.
            own = reader.token_entity.get(obj.i)
            part = {own.entity.id} if own is not None else set()
            found_thing = reader.thing(obj)
            if found_thing is not None:
                part.add(found_thing.entity.id)
            patients = [p for p in patients if p.entity.id not in part]
        patients = [p for p in patients if p.entity.id not in agent_ids]
        places = [
            p for p in _verbal_places(reader, verb, event_type) if p.entity.id not in agent_ids
        ]
        done_to_actor = passive and not agents and head_actor(reader, subj) and actor_args(patients)
        episode = False
        if event_type == "Other" and not (
            (agents and head_actor(reader, doer))
            or done_to_actor  # "the singer was found dead": what befell an actor
        ):
            # An untyped verb whose doer is a thing ("the winglets boost efficiency") or
            # only named inside its subject is a report kept low, below any listing;
            # a thing's episode ("three cables were cut", "the jet crashed") is listed.
            episode = _dated_episode(verb)
            if not agents and doer is not None:
                found_thing = reader.thing(doer)
                agents = [found_thing] if found_thing is not None else []
            if not agents and not patients and passive and episode and subj is not None:
                found_thing = reader.thing(subj)
                patients = [found_thing] if found_thing is not None else []
            if not agents and not (passive and episode and patients):
                continue
            low += _EPISODE_WEAK if episode else _THING_WEAK
        if lemma_of(verb) in OCCASION_VERBS and all(
            a.entity.type == "Other" or a.entity.type in PLACE_TYPES for a in agents
        ):
            low += _THING_WEAK  # "the raid saw four robbers flee": where it happened
        if event_type == "Other" and is_generic(reader, verb, subj):
            low += _THING_WEAK  # "sellers who violate the rules face fines": a rule
        if _done_by(verb) and event_type == "Other" and not _own_time(verb):
            low += _THING_WEAK  # "software developed by X": a description, not an episode
        modality = modality_of(verb, is_reported(verb))
        if (intention or _joined_infinitive(verb, planned)) and modality in (
            "asserted",
            "reported",
        ):
            modality = "planned"  # "to arrange the deal and settle on prices": both planned
        if modality == "planned":
            planned.add(verb.i)
        drafts.append(
            Draft(
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
                weak=intention + low,
                state=is_state,
                # "after three cables were damaged": what befell a thing, dated or not
                standalone=episode and not agents,
            )
        )
    return drafts


def _change_of_state(reader: ArticleReader, verb: Token) -> Draft | None:
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
    if phrase == lemma and any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return None  # "the ruling ends a legal battle": a deed done to something else
    subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
    if subj is None:
        return None
    if verb.dep_ == "relcl" and subj.tag_ in ("WDT", "WP"):
        subj = verb.head  # "a rule, which takes effect in March"
    head = subj.lemma_.lower()
    if head not in RULE_NOUNS and head not in NOMINAL_TRIGGERS:
        return None
    patients: list[Arg] = []
    for c in subj.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "of", "for"):
            patients = arguments_of(reader, next((p for p in c.children if p.dep_ == "pobj"), None))
        elif c.dep_ in ("compound", "amod") and c.i in reader.token_entity:
            patients = patients or [reader.token_entity[c.i]]
    return Draft(
        trigger=verb,
        trigger_text=verb.text,
        trigger_start=verb.idx,
        trigger_end=verb.idx + len(verb.text),
        action=phrase,
        type="Deadline",
        agents=[],
        patients=patients,
        places=[],
        modality=modality_of(verb, is_reported(verb)),
    )


def _nominal_drafts(reader: ArticleReader) -> list[Draft]:
    drafts = []
    found_args = reader.nominal_args
    for noun in reader.doc:
        lemma = noun.lemma_.lower()
        if noun.pos_ != "NOUN" or (lemma not in NOMINAL_TRIGGERS and lemma not in EVENT_NOUNS):
            continue
        action = NOMINAL_TRIGGERS[lemma][0] if lemma in NOMINAL_TRIGGERS else EVENT_NOUNS[lemma]
        event_type = _noun_type(noun)
        head = noun.head
        if (
            noun.dep_ in ("dobj", "obj", "nsubjpass")
            and head.lemma_.lower() in LIGHT_VERBS
            and _verb_event(head) is not None
        ) or (noun.dep_ in ("dobj", "obj") and _idiom(head) is not None):
            continue  # "issued a directive", "opened fire": the verb carries the event
        if (
            head.pos_ == "VERB"
            and _verb_event(head) is None
            and head.lemma_.lower() not in RECEIVE_VERBS
            and head.dep_ not in ("ROOT", "conj")
        ):
            continue  # inside a clause that is not itself an event ("the power to issue orders")
        agents: list[Arg] = []
        patients: list[Arg] = []
        for match in found_args.get(noun.i, ()):
            # "Boeing's protest", "the ban on X": patterns in nominal_arguments.json
            if match.named and match.token.i not in reader.token_entity:
                continue
            if event_type in match.except_types:
                continue  # "the departure from France": where from, not who
            if match.role == "agent":
                found = arguments_of(reader, match.token)
                if match.pattern == "name-modifier" and event_type == "Other":
                    # "a Florida meeting", "the Paris summit": where it happened, not who.
                    found = [a for a in found if a.entity.type not in PLACE_TYPES]
                agents = agents or found
            else:
                patients = patients or arguments_of(reader, match.token)
        by_participle = _participle_agents(reader, noun)
        agents = agents or by_participle
        verb = noun.head
        creates = verb.lemma_.lower() in LIGHT_VERBS or EVENT_VERBS.get(verb.lemma_.lower()) in (
            "Announcement",
            "Order",
            "Law",
        )
        # "Aeroflot negotiated the purchase", "made its first test flight": who performs
        # an untyped happening does it ("rejected the merger" is someone else's).
        takes_up = event_type == "Other" and lemma_of(verb) in PERFORM_VERBS
        if (
            not agents
            and noun.dep_ in ("dobj", "obj")
            and verb.pos_ == "VERB"
            and (creates or takes_up or verb.lemma_.lower() in RECEIVE_VERBS)
        ):
            # "announced a ban on X": the announcer bans; "challenged the ban": a reference.
            subj, passive = reader.subject_of(verb)
            if verb.lemma_.lower() in RECEIVE_VERBS:
                patients = patients or arguments_of(reader, subj)
            elif not passive:
                agents = arguments_of(reader, subj, allow_acl=False)
            else:
                agents = arguments_of(reader, reader.by_agent(verb), allow_acl=False)
        standalone = lemma in STANDALONE_EVENT_NOUNS or (
            event_type == "Attack" and lemma in NOMINAL_TRIGGERS
        )
        if (
            noun.dep_ in ("dobj", "obj", "nsubjpass")
            and head.pos_ == "VERB"
            and EVENT_VERBS.get(lemma_of(head)) in ACTS_ON_EVENTS
            and not any(c.dep_ == "poss" or c.lower_ == "by" for c in noun.children)
            and not by_participle
            # "investigating a fire": a happening of its own, which the verb acts on
            and not standalone
        ):
            continue  # "lifted sanctions on X", "appealed the fine": the verb is the event
        if not agents and not patients and not standalone:
            continue  # "the ban", "the announcement": a reference to an event told elsewhere
        if event_type == "Other" and not agents and not standalone:
            continue  # "the sale of X's software": no one is said to do it
        agent_ids = {a.entity.id for a in agents}
        patients = [p for p in patients if p.entity.id not in agent_ids]
        governing = verb if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "obj") else noun
        modality = (
            modality_of(governing, is_reported(governing))
            if governing.pos_ == "VERB"
            else "asserted"
        )
        drafts.append(
            Draft(
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
                standalone=standalone,
            )
        )
    return drafts


def _dedupe_nominals(drafts: list[Draft]) -> list[Draft]:
    """Drop a nominal that repeats an earlier event ("banned X ... the ban on X")."""
    out: list[Draft] = []
    seen: set[tuple[str, frozenset[str]]] = set()  # (action, patients) kept so far
    at: set[tuple[int, str]] = set()  # (trigger token, action) kept so far
    for d in drafts:
        key = (d.action, frozenset(p.entity.id for p in d.patients))
        if d.nominal and (key in seen or (d.trigger.head.i, d.action) in at):
            if d.standalone and (d.trigger.head.i, d.action) not in at:
                # "the quake ... Monday's quake": each mention of a happening is a report,
                # which event resolution joins to the first.
                d.weak += _REPEAT_WEAK
                out.append(d)
            continue
        out.append(d)
        seen.add(key)
        at.add((d.trigger.i, d.action))
    return out


def _headline_repeats(drafts: list[Draft]) -> None:
    """Rank below the listing a headline-case event that the body tells with the same actors.

    "US to Ban Sale of X Software" over "The United States announced plans to ban the sale
    of X's software": the headline-case line is read from a re-cased copy
    (:mod:`kg.components.headlines`) and sums up the body, whose report is the one listed;
    the headline's stays in the store, a report of the same event.
    """

    def key(d: Draft) -> tuple[str, frozenset[str], frozenset[str]]:
        return (
            d.action,
            frozenset(a.entity.id for a in d.agents),
            frozenset(p.entity.id for p in d.patients),
        )

    body = {key(d) for d in drafts if not in_headline(d.trigger.sent)}
    for d in drafts:
        if d.agents and key(d) in body and is_headline_case(d.trigger.sent):
            d.weak += _HEADLINE_REPEAT_WEAK


def _finish(d: Draft, article: Article, event_iri: EventIRI) -> Event:
    sent = d.trigger.sent
    confidence = d.confidence
    # Things ("the contract") are what an event is about, not actors to be unsure of.
    args = actor_args(d.agents + d.patients)
    if args:
        confidence -= (1.0 - min(a.confidence for a in args)) * 0.5
    if not d.agents:
        confidence -= 0.1
    if d.type == "Other":
        confidence -= 0.1
        if d.modality in ("negated", "conditional") or is_habitual(d.trigger):
            # What an actor might, would or will not do, or does as a habit ("serves
            # 400 million users"), is a weak report of a happening.
            confidence -= 0.35
        elif d.modality == "planned":
            confidence -= 0.15
    elif d.modality == "negated" and d.type in SPEECH and not is_refused(d.trigger):
        # "did not respond to a request for comment", "did not say how many": what was
        # not said is no happening; a refusal to say ("declined to disclose") is one.
        confidence -= _CONDITIONAL_WEAK
    elif d.modality == "conditional":
        # "a measure that would bar X", "can appeal the fine", "if it is indicted": what
        # may happen is kept in the store, listed only when everything else is strong.
        confidence -= _CONDITIONAL_WEAK
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
