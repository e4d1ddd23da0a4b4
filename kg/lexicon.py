"""The domain knowledge extraction reads: event types, triggers and word lists, as data.

Everything here is loaded once from the package's data files in
``kg/resources/lexicon/``, so adding a trigger, an event type or a word is one line
of data (and a test), not code:

- ``event_types.jsonl``: one event type a line (type, CAMEO code, label, colour), the
  table kg.namespace, the ontology's tests and the timeline page read;
- ``triggers.jsonl``: one trigger a line: a verb or phrasal verb lemma and its event
  type, or a noun with the action it names and its type; a verb's ``passive`` gives
  the action and type its passive has where that names another happening;
- ``event_nouns.json``: nouns of happenings without a type of their own;
- ``words.json``: the verb and noun lists that decide which clauses are events;
- ``actors.json``: common nouns that name actors, by the entity type they describe;
- ``change_of_state.json``: how rules and arrangements take effect, expire or end.

A verb not listed as a trigger is an ``Other`` event, kept when an actor does it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "ACTOR_NOUNS",
    "ACTS_ON_EVENTS",
    "TARGETS_ACTORS",
    "ACTOR_SUFFIXES",
    "ATTRIBUTION_VERBS",
    "CHANGE_OF_STATE_VERBS",
    "COMMITMENT_NOUNS",
    "COMMITMENT_VERBS",
    "EVENT_NOUNS",
    "EVENT_TYPE_TABLE",
    "EVENT_VERBS",
    "LAW_NOUNS",
    "LAW_VERBS",
    "ENACT_VERBS",
    "INSTRUMENT_NOUNS",
    "INTRANSITIVE_VERBS",
    "FIRM_NAME_WORDS",
    "MEASURE_NOUNS",
    "ATTEMPT_VERBS",
    "LIGHT_VERBS",
    "NOMINAL_TRIGGERS",
    "NOT_ACTORS",
    "ACT_FOR",
    "DESCRIPTION_KINDS",
    "NAMED_DESCRIPTIONS",
    "PASSIVE_EVENTS",
    "PERFORM_VERBS",
    "RECIPROCAL_VERBS",
    "UNDERTAKE_VERBS",
    "DECISION_NOUNS",
    "SMALL_CLAUSE_VERBS",
    "PRICE_MOVE_WORDS",
    "OCCASION_VERBS",
    "PHRASAL_VERBS",
    "THING_COMPLEMENT_TYPES",
    "THING_OBJECT_TYPES",
    "ACTOR_OBJECT_TYPES",
    "NAME_PARTICLES",
    "NEGATIVE_IMPLICATIVE_VERBS",
    "PLACE_MODIFIERS",
    "PLAN_VERBS",
    "DIRECTIVE_VERBS",
    "RECEIVE_VERBS",
    "RULE_NOUNS",
    "STANDALONE_EVENT_NOUNS",
    "STATE_VERBS",
    "SUPPORT_VERBS",
    "TEMPORAL_VERBS",
    "TITLE_WORDS",
    "EventType",
    "is_actor_noun",
]


def _text(name: str) -> str:
    return resources.files("kg").joinpath("resources", "lexicon", name).read_text("utf-8")


def _load(name: str) -> Any:
    """Read one of the lexicon's JSON files."""
    return json.loads(_text(name))


def _load_lines(name: str) -> list[dict[str, Any]]:
    """Read one of the lexicon's JSON Lines files (blank lines skipped)."""
    return [json.loads(line) for line in _text(name).splitlines() if line.strip()]


@dataclass(frozen=True, slots=True)
class EventType:
    """One row of the event-type table.

    Attributes:
        type: Type name as kg writes it ("Ban"); the ontology class of that name.
        cameo: Closest CAMEO code ("163"), "" when none fits.
        label: Name for people ("Entity listing").
        colour: Colour of the type on the timeline page ("#d62728").
        acts_on_events: Whether its verbs act on an earlier event named as their object
            or subject ("appealed the fine", "the sanctions were lifted"), which is not
            the verb's own event and does not share its time.
        targets_actors: Whether its verbs' direct object is an actor acted on ("accused
            Washington", "sanctioned Moscow"), so a capital there stands for its country.
    """

    type: str
    cameo: str
    label: str
    colour: str
    acts_on_events: bool = False
    targets_actors: bool = False


#: Event type name -> its row, in the table's order.
EVENT_TYPE_TABLE: dict[str, EventType] = {
    row["type"]: EventType(**row) for row in _load_lines("event_types.jsonl")
}
#: Event types whose verbs act on an earlier event ("appealed the fine").
ACTS_ON_EVENTS: frozenset[str] = frozenset(
    name for name, row in EVENT_TYPE_TABLE.items() if row.acts_on_events
)
#: Event types whose verbs' direct object is an actor acted on ("sanctioned Moscow").
TARGETS_ACTORS: frozenset[str] = frozenset(
    name for name, row in EVENT_TYPE_TABLE.items() if row.targets_actors
)


def _triggers() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, str]]]:
    verbs: dict[str, str] = {}
    phrasal: dict[str, str] = {}
    nouns: dict[str, tuple[str, str]] = {}
    tables: dict[str, dict[str, Any]] = {"VERB": verbs, "PHRASAL": phrasal, "NOUN": nouns}
    for row in _load_lines("triggers.jsonl"):
        lemma, pos, event_type = row["lemma"], row["pos"], row["type"]
        if event_type not in EVENT_TYPE_TABLE:
            raise ValueError(f"trigger {lemma!r}: unknown event type {event_type!r}")
        table = tables[pos]
        if lemma in table:
            raise ValueError(f"trigger {lemma!r} ({pos}) is listed twice")
        table[lemma] = (row["action"], event_type) if pos == "NOUN" else event_type
    return verbs, phrasal, nouns


def _verb_variants() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, str]]]:
    """Read, in one pass, the type of verbs with a thing or an actor object and passives."""
    thing: dict[str, str] = {}
    actor: dict[str, str] = {}
    passive: dict[str, tuple[str, str]] = {}
    for row in _load_lines("triggers.jsonl"):
        if row["pos"] == "NOUN":
            continue  # a noun's variant is read by _noun_variants
        for field in ("thing_object_type", "actor_object_type", "passive"):
            if field not in row:
                continue
            kind = row[field]["type"] if field == "passive" else row[field]
            if kind not in EVENT_TYPE_TABLE:
                raise ValueError(f"trigger {row['lemma']!r}: unknown event type")
        if "thing_object_type" in row:
            thing[row["lemma"]] = row["thing_object_type"]
        if "actor_object_type" in row:
            actor[row["lemma"]] = row["actor_object_type"]
        if "passive" in row:
            passive[row["lemma"]] = (row["passive"]["action"], row["passive"]["type"])
    return thing, actor, passive


#: Verb lemma -> event type; phrasal verb ("lemma particle") -> event type; noun lemma ->
#: (action lemma, event type) for nominal triggers ("the ban on ...").
EVENT_VERBS, PHRASAL_VERBS, NOMINAL_TRIGGERS = _triggers()
#: Verb lemma -> the event type it has when its object is a thing and it tells no one to
#: do anything ("ordered 20 jets" is a purchase, "directed the film" no order).
#: Verb lemma -> the event type it has when its object is an actor ("released the
#: hostages" frees them; "released its results" is an announcement).
#: Verb lemma -> (action, event type) of its passive where that names another happening
#: ("admitted the charges" is a statement; "was admitted to hospital" an admission).
THING_OBJECT_TYPES, ACTOR_OBJECT_TYPES, PASSIVE_EVENTS = _verb_variants()


def _noun_variants() -> dict[str, str]:
    """Read the type of event nouns whose complement is a thing ("an order for 40 jets")."""
    thing: dict[str, str] = {}
    for row in _load_lines("triggers.jsonl"):
        if row["pos"] == "NOUN" and "thing_object_type" in row:
            if row["thing_object_type"] not in EVENT_TYPE_TABLE:
                raise ValueError(f"trigger {row['lemma']!r}: unknown event type")
            thing[row["lemma"]] = row["thing_object_type"]
    return thing


#: Noun lemma -> the event type it has when it is for a thing: "an order for 40 jets" is a
#: purchase, as "ordered 40 jets" is; "the order barred the sale" stays an order.
THING_COMPLEMENT_TYPES = _noun_variants()

_WORDS = _load("words.json")
#: Verbs that describe states, not happenings; never events.
STATE_VERBS = frozenset(_WORDS["state_verbs"])
#: Verbs that only attribute or qualify another statement ("citing", "according to").
ATTRIBUTION_VERBS = frozenset(_WORDS["attribution_verbs"])
#: Verbs whose complement carries a planned event ("plans to ban" -> ban, planned).
PLAN_VERBS = frozenset(_WORDS["plan_verbs"])
#: Verbs whose to-infinitive is what someone is told, hired or allowed to do, not done
#: yet ("was ordered to remove", "hired to direct", "designed to cut costs").
DIRECTIVE_VERBS = frozenset(_WORDS["directive_verbs"])
#: Verbs whose to-infinitive did not happen ("declined to renew", "failed to stop").
NEGATIVE_IMPLICATIVE_VERBS = frozenset(_WORDS["negative_implicative_verbs"])
#: Plan verbs that are happenings themselves ("agreed to pay": an agreement, and a payment
#: planned).
COMMITMENT_VERBS = frozenset(_WORDS["commitment_verbs"])
#: Nouns of a commitment whose to-infinitive is the planned event ("signed a contract to
#: supply", "the decision to ban"), unlike a purpose ("sued to block").
COMMITMENT_NOUNS = frozenset(_WORDS["commitment_nouns"])
#: Verbs whose subject does the happening their object names ("negotiated the purchase",
#: "completed the merger"), unlike verbs that judge it ("rejected the merger").
PERFORM_VERBS = frozenset(_WORDS["perform_verbs"])
#: Adverbs that make a verb a price's move ("markets closed lower", "shares opened
#: higher"), not the deed the verb types ("closed the plant" is an exit).
PRICE_MOVE_WORDS = frozenset(_WORDS["price_move_words"])
#: Verbs whose object can be followed by a participle that tells what befalls it ("see it
#: banned", "had its licence revoked"), even where the tagger reads a past tense.
SMALL_CLAUSE_VERBS = frozenset(_WORDS["small_clause_verbs"])
#: Verbs whose subject takes on the plan, contract or decision its object names, and so
#: does what the plan is to do ("signed a contract to supply", "unveiled a plan to cut"),
#: unlike verbs that judge someone else's ("rejected the proposal to ban").
UNDERTAKE_VERBS = frozenset(_WORDS["undertake_verbs"])
#: Commitment nouns of a choice or a deal, whose date is when their to-infinitive was
#: decided ("the May 2019 decision to place"); a rule or an order ("powers granted by a
#: 2019 order to ban") may act long after it was made.
DECISION_NOUNS = frozenset(_WORDS["decision_nouns"])
#: Verbs whose doers, in a passive, are the parties of a "between" phrase ("was fought
#: for between Boeing and Lockheed", "was negotiated between the two unions").
RECIPROCAL_VERBS = frozenset(_WORDS["reciprocal_verbs"])
#: Light verbs whose object noun names the event ("imposed sanctions", "issued a ban").
LIGHT_VERBS = frozenset(_WORDS["light_verbs"])
#: Verbs that are events of their own but take the type of an event noun they open
#: ("opened an investigation" is an investigation, "filed a lawsuit" legal action).
SUPPORT_VERBS = frozenset(_WORDS["support_verbs"])
#: Verbs whose subject undergoes a nominal event ("face fines", "received a penalty").
RECEIVE_VERBS = frozenset(_WORDS["receive_verbs"])
#: Verbs that introduce a time, not an event ("starting September 29").
TEMPORAL_VERBS = frozenset(_WORDS["temporal_verbs"])
#: Verbs whose thing, place or time subject is where something happened, not a doer
#: ("the raid saw four robbers flee", "the worst riots the city has seen").
OCCASION_VERBS = frozenset(_WORDS["occasion_verbs"])
#: Verbs that take no object ("returned home", "died"): a bare conjunct of a passive
#: with one of them is active ("was arrested and returned home").
INTRANSITIVE_VERBS = frozenset(_WORDS["intransitive_verbs"])
#: Verbs of trying: what was tried happened, if at all, when the attempt was made
#: ("On March 9, depositors tried to withdraw ...").
ATTEMPT_VERBS = frozenset(_WORDS["attempt_verbs"])
#: Verbs that make a law when their object is one ("Congress passed a bill").
LAW_VERBS = frozenset(_WORDS["law_verbs"])
#: Nouns that name laws and bills.
LAW_NOUNS = frozenset(_WORDS["law_nouns"])
#: Verbs whose subject authors the rule they take as object ("signed an order", "passed
#: a bill"): what the rule does ("an order that bars X"), its author does. The law
#: verbs and the others in ``enact_verbs``.
ENACT_VERBS = LAW_VERBS | frozenset(_WORDS["enact_verbs"])
#: Nouns of rules, orders and decisions that do what their authors mean them to: the
#: law nouns and the others in ``instrument_nouns``.
INSTRUMENT_NOUNS = LAW_NOUNS | frozenset(_WORDS["instrument_nouns"])
#: Last words of company names ("Halvorsen Shipping", "Apex Motors"): a name ending in
#: one names a firm, whatever the statistical NER guessed.
FIRM_NAME_WORDS = frozenset(_WORDS["firm_name_words"])
#: Nouns of measures and amounts ("1.3 million tons of water", "thousands of barrels of
#: oil"): what they measure, in their of-phrase, is the thing an event is done to.
MEASURE_NOUNS = frozenset(_WORDS["measure_nouns"])
#: Words of a job title, which follow an organisation's name without being part of it
#: ("Apple Chief Executive").
TITLE_WORDS = frozenset(_WORDS["title_words"])
#: Words that make a place of a place ("North Korea", "New England"), not an organisation.
PLACE_MODIFIERS = frozenset(_WORDS["place_modifiers"])
#: Lower-case words inside a person's name ("von der", "bin", "da").
NAME_PARTICLES = frozenset(_WORDS["name_particles"])

#: Nouns of happenings without a type of their own ("Boeing's protest"): lemma -> action.
_NOUNS = _load("event_nouns.json")
#: Nouns that are happenings on their own ("the earthquake", "the shooting", "the trial"):
#: events even when the text names no doer.
STANDALONE_EVENT_NOUNS = frozenset(_NOUNS["standalone"])
EVENT_NOUNS: dict[str, str] = {
    k: v for k, v in _NOUNS.items() if k[0] != "_" and k != "standalone"
} | {noun: noun for noun in _NOUNS["standalone"] if noun not in _NOUNS}

_CHANGE = _load("change_of_state.json")
#: How a rule or an event changes state ("begin", "expire", "take effect").
CHANGE_OF_STATE_VERBS = frozenset(_CHANGE["verbs"])
#: Nouns of rules and arrangements that take effect, expire or end.
RULE_NOUNS = frozenset(_CHANGE["rule_nouns"])


def _actor_table(data: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for kind in ("GovernmentAgency", "Organization", "Company", "Person"):
        for word in data[kind]:
            if word in out:
                raise ValueError(f"actor noun {word!r} is listed under {out[word]} and {kind}")
            out[word] = kind
    return out


_ACTORS = _load("actors.json")
#: Common-noun lemma -> entity type of the actor it describes ("regulator" -> GovernmentAgency).
ACTOR_NOUNS: dict[str, str] = _actor_table(_ACTORS)
#: Endings of agent nouns not listed ("resellers", "protesters").
ACTOR_SUFFIXES: tuple[str, ...] = tuple(_ACTORS["agentive_suffixes"])
#: Words with those endings that name no actor ("order", "computer").
NOT_ACTORS = frozenset(_ACTORS["not_actors"])
#: People nouns that stand for their owner ("its spokesman said": the company says).
ACT_FOR = frozenset(_ACTORS["act_for"])
#: Noun lemma -> the kind of actor its definite description stands for when the article
#: named one before ("the company" a company, "the court" a court).
DESCRIPTION_KINDS: dict[str, str] = dict(_ACTORS["descriptions"])
#: Descriptions that stand only for an actor whose name has the word ("the ministry").
NAMED_DESCRIPTIONS = frozenset(_ACTORS["named_descriptions"])


def is_actor_noun(lemma: str) -> str | None:
    """Return the entity type a common noun describes when it names an actor, else None."""
    lemma = lemma.lower()
    if lemma in ACTOR_NOUNS:
        return ACTOR_NOUNS[lemma]
    if (
        len(lemma) >= 5
        and lemma.endswith(ACTOR_SUFFIXES)
        and lemma not in NOT_ACTORS
        and lemma not in MEASURE_NOUNS  # "liter", "kilometer": measures, not doers
    ):
        return "Group"
    return None
