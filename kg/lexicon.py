"""Word lists that map triggers to event types; data, not logic.

Verbs and nouns are grouped by the ontology's event types. A verb not listed here is
an ``Other`` event, which extraction keeps only when it links two known actors.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = [
    "ACTOR_NOUNS",
    "ACTOR_SUFFIXES",
    "CHANGE_OF_STATE_VERBS",
    "EVENT_NOUNS",
    "RULE_NOUNS",
    "NOT_ACTORS",
    "is_actor_noun",
    "ATTRIBUTION_VERBS",
    "COMMITMENT_VERBS",
    "LAW_NOUNS",
    "LAW_VERBS",
    "PHRASAL_VERBS",
    "EVENT_VERBS",
    "LIGHT_VERBS",
    "NOMINAL_TRIGGERS",
    "PLAN_VERBS",
    "RECEIVE_VERBS",
    "STATE_VERBS",
    "SUPPORT_VERBS",
    "TEMPORAL_VERBS",
]


def _group(table: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for event_type, words in table.items():
        for word in words.split():
            if word in out:
                raise ValueError(f"{word!r} is listed under {out[word]} and {event_type}")
            out[word] = event_type
    return out


#: Verb lemma -> event type.
EVENT_VERBS: dict[str, str] = _group(
    {
        "Ban": "ban bar prohibit forbid outlaw blacklist embargo",
        "Restriction": "restrict limit curb curtail constrain tighten suspend freeze halt block",
        "EntityListing": "list designate",
        "Order": "order direct instruct require mandate command compel oblige",
        "Statement": """say state explain tell add note warn argue insist claim stress
            comment write reiterate assert contend maintain acknowledge admit confirm
            respond reply criticize condemn describe emphasize testify tweet post call urge
            report
            welcome praise""",
        "Denial": "deny dispute refute",
        "Accusation": "accuse allege blame",
        "Announcement": "announce unveil declare publish release propose introduce disclose",
        "LegalAction": """sue challenge appeal contest litigate indict charge prosecute
            dismiss uphold overturn rule convict acquit arrest detain""",
        "Investigation": "investigate probe scrutinize examine audit inspect review question",
        "Penalty": "fine penalize punish",
        "Sanction": "sanction",
        "Law": "enact legislate veto ratify",
        "Exit": """exit withdraw quit close shut depart cease discontinue resign
            retire""",
        "Agreement": "agree settle sign ally partner acquire merge buy purchase",
        "Meeting": "meet visit host negotiate discuss",
        "Attack": "attack bomb kill shoot invade raid hack assault breach",
        "Easing": "lift ease revoke rescind repeal waive relax loosen",
    }
)

#: Noun lemma -> (action lemma, event type) for nominal triggers ("the ban on ...").
NOMINAL_TRIGGERS: dict[str, tuple[str, str]] = {
    "ban": ("ban", "Ban"),
    "prohibition": ("prohibit", "Ban"),
    "embargo": ("embargo", "Ban"),
    "restriction": ("restrict", "Restriction"),
    "curb": ("curb", "Restriction"),
    "listing": ("list", "EntityListing"),
    "designation": ("designate", "EntityListing"),
    "order": ("order", "Order"),
    "directive": ("direct", "Order"),
    "mandate": ("mandate", "Order"),
    "statement": ("state", "Statement"),
    "announcement": ("announce", "Announcement"),
    "lawsuit": ("sue", "LegalAction"),
    "suit": ("sue", "LegalAction"),
    "appeal": ("appeal", "LegalAction"),
    "challenge": ("challenge", "LegalAction"),
    "ruling": ("rule", "LegalAction"),
    "indictment": ("indict", "LegalAction"),
    "investigation": ("investigate", "Investigation"),
    "probe": ("probe", "Investigation"),
    "inquiry": ("inquire", "Investigation"),
    "review": ("review", "Investigation"),
    "fine": ("fine", "Penalty"),
    "penalty": ("penalize", "Penalty"),
    "sanction": ("sanction", "Sanction"),
    "denial": ("deny", "Denial"),
    "accusation": ("accuse", "Accusation"),
    "allegation": ("allege", "Accusation"),
    "deadline": ("deadline", "Deadline"),
    "exit": ("exit", "Exit"),
    "withdrawal": ("withdraw", "Exit"),
    "departure": ("depart", "Exit"),
}

#: Verbs that describe states, not happenings; never events.
STATE_VERBS = frozenset(
    """be have seem remain include pose mean involve contain represent appear become exist
    consist belong need want know think believe feel own lack cost range total number
    headquarter base locate count matter depend continue keep stay hold affect concern
    like love hate prefer wish deserve equal resemble suggest indicate show begin start
    fail go come do seem""".split()
)

#: Verbs that only attribute or qualify another statement ("citing", "according to").
ATTRIBUTION_VERBS = frozenset("cite accord follow regard concern compare base".split())

#: Verbs whose complement carries a planned event ("plans to ban" -> ban, planned).
PLAN_VERBS = frozenset(
    """plan intend seek aim want hope expect prepare move vote decide agree propose
    threaten try attempt vow promise pledge set schedule look""".split()
)

#: Plan verbs that are happenings themselves ("agreed to pay": an agreement, and a payment
#: planned).
COMMITMENT_VERBS = frozenset("agree vote decide vow promise pledge threaten propose".split())

#: Light verbs whose object noun names the event ("imposed sanctions", "issued a ban").
LIGHT_VERBS = frozenset("impose levy issue slap place put take make sign".split())

#: Verbs that are events of their own but take the type of an event noun they open
#: ("opened an investigation" is an investigation, "filed a lawsuit" legal action).
SUPPORT_VERBS = frozenset("open launch file lodge conduct initiate begin start".split())

#: Verbs whose subject undergoes a nominal event ("face fines", "received a penalty").
RECEIVE_VERBS = frozenset("face receive suffer incur risk get pay".split())

#: Verbs that introduce a time, not an event ("starting September 29").
TEMPORAL_VERBS = frozenset("start begin end run last effective".split())

#: Phrasal verb ("lemma particle") -> event type; other phrasal verbs are ``Other``.
PHRASAL_VERBS: dict[str, str] = {
    "wind down": "Exit",
    "shut down": "Exit",
    "pull out": "Exit",
    "close down": "Exit",
    "lay off": "Exit",
    "phase out": "Restriction",
    "crack down": "Restriction",
    "cut off": "Restriction",
    "strike down": "LegalAction",
    "throw out": "LegalAction",
    "take up": "LegalAction",
    "rule out": "Statement",
    "point out": "Statement",
    "spell out": "Statement",
    "carry out": "Other",
}

#: Verbs that make a law when their object is one ("Congress passed a bill").
LAW_VERBS = frozenset("pass approve adopt enact introduce sign".split())
#: Nouns that name laws and bills.
LAW_NOUNS = frozenset("bill law act measure resolution legislation amendment statute".split())


def _load(name: str) -> Any:
    """Read one of the package's lexicon data files (``kg/resources/lexicon``)."""
    text = resources.files("kg").joinpath("resources", "lexicon", name).read_text("utf-8")
    return json.loads(text)


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


def is_actor_noun(lemma: str) -> str | None:
    """Return the entity type a common noun describes when it names an actor, else None."""
    lemma = lemma.lower()
    if lemma in ACTOR_NOUNS:
        return ACTOR_NOUNS[lemma]
    if len(lemma) >= 5 and lemma.endswith(ACTOR_SUFFIXES) and lemma not in NOT_ACTORS:
        return "Group"
    return None

#: Nouns of happenings without a type of their own ("Boeing's protest"): lemma -> action.
EVENT_NOUNS: dict[str, str] = {k: v for k, v in _load("event_nouns.json").items() if k[0] != "_"}

_CHANGE = _load("change_of_state.json")
#: How a rule or an event changes state ("begin", "expire", "take effect").
CHANGE_OF_STATE_VERBS = frozenset(_CHANGE["verbs"])
#: Nouns of rules and arrangements that take effect, expire or end.
RULE_NOUNS = frozenset(_CHANGE["rule_nouns"])
