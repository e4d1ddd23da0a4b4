"""Plain, frozen data types that flow between kg's stages.

Every stage is a function over these types, so each can be tested on hand-built
values without spaCy, rdflib or a store:

    Article -> (spaCy Doc) -> Mention, TimeExpr, Event -> RDF -> Event (read back)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

__all__ = [
    "DATE_SOURCES",
    "GRANULARITIES",
    "LISTING_CONFIDENCE",
    "MODALITIES",
    "RELATIONS",
    "Article",
    "Entity",
    "Event",
    "EventDate",
    "Mention",
    "TimeExpr",
    "date_interval",
    "granularity_of",
    "listed",
]

#: How precise a time value is, from coarsest to finest.
GRANULARITIES = (
    "century",
    "decade",
    "year",
    "half",
    "quarter",
    "season",
    "month",
    "week",
    "day",
    "time",
    "duration",
    "reference",
    "set",
    "unknown",
)
#: How an event relates to its date ("banned on", "restricted from", "within 30 days").
RELATIONS = ("on", "before", "after", "from", "until", "within")

#: How an event's date was obtained (:attr:`EventDate.source`).
DATE_SOURCES = ("explicit", "relative", "event-relative", "inherited", "publication")
#: How the text asserts an event.
MODALITIES = ("asserted", "planned", "reported", "negated", "conditional")

#: The confidence from which listings and the timeline show an event by default; the
#: store keeps every report, weaker ones included (``kg events --min-confidence 0``).
LISTING_CONFIDENCE = 0.5

Modality = Literal["asserted", "planned", "reported", "negated", "conditional"]
Relation = Literal["on", "before", "after", "from", "until", "within"]

_GRANULARITY_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^\d{2}$", "century"),
    (r"^\d{3}X?$", "decade"),
    (r"^\d{4}$", "year"),
    (r"^\d{4}-H[12]$", "half"),
    (r"^\d{4}-Q[1-4X]$", "quarter"),
    (r"^\d{4}-(SP|SU|FA|WI)$", "season"),
    (r"^\d{4}-\d{2}$", "month"),
    (r"^\d{4}-W\d{2}(-WE)?$", "week"),
    (r"^\d{4}-\d{2}-\d{2}$", "day"),
    (r"^\d{4}-\d{2}-\d{2}T", "time"),
    (r"^P", "duration"),
    (r"^(PRESENT|PAST|FUTURE)_REF$", "reference"),
)


def granularity_of(value: str) -> str:
    """Return the granularity of a TIMEX3 value ("2017" -> "year").

    Args:
        value: A TIMEX3 value such as ``2024-06``, ``2013-W11`` or ``P30D``.

    Returns:
        One of :data:`GRANULARITIES`; ``"unknown"`` for values it cannot place.
    """
    for pattern, name in _GRANULARITY_PATTERNS:
        if re.match(pattern, value):
            return name
    return "unknown"


_SEASONS = {"WI": (1, 3), "SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def date_interval(value: str | None) -> tuple[date, date] | None:
    """Return the first and last day covered by a TIMEX3 date value.

    Args:
        value: A TIMEX3/ISO value such as ``2017``, ``2024-06``, ``2024-09-29``,
            ``2024-Q3``, ``2013-W11``, ``201X`` or ``2024-09-29T10:00``; an unknown
            day or month (``1998-10-XX``, ``1998-XX-XX``) covers the whole month or year.

    Returns:
        ``(first_day, last_day)``, or None for values that name no calendar period
        (durations, ``PRESENT_REF``, ``XXXX-06``, empty values).

    Examples:
        >>> date_interval("2024-06")
        (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
        >>> date_interval("2017")
        (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31))
        >>> date_interval("P30D") is None
        True
    """
    if not value:
        return None
    try:
        return _interval(value.strip())
    except ValueError:
        return None


def _interval(value: str) -> tuple[date, date] | None:
    if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})(T.*)?$", value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := re.match(r"^(\d{4})-(\d{2})(?:-XX)?$", value):  # "1998-10-XX": a day of the month
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), _month_end(year, month)
    if m := re.match(r"^(\d{4})(?:-XX(?:-XX)?)?$", value):
        year = int(m[1])
        return date(year, 1, 1), date(year, 12, 31)
    if m := re.match(r"^(\d{4})-Q([1-4])$", value):
        year, quarter = int(m[1]), int(m[2])
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if m := re.match(r"^(\d{4})-H([12])$", value):
        year, half = int(m[1]), int(m[2])
        return date(year, 6 * half - 5, 1), _month_end(year, 6 * half)
    if m := re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value):
        year = int(m[1])
        first, last = _SEASONS[m[2]]
        return date(year, first, 1), _month_end(year, last)
    if m := re.match(r"^(\d{4})-W(\d{2})(-WE)?$", value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + timedelta(days=5), monday + timedelta(days=6)
        return monday, monday + timedelta(days=6)
    if m := re.match(r"^(\d{3})X?$", value):
        decade = int(m[1]) * 10
        return date(decade, 1, 1), date(decade + 9, 12, 31)
    if m := re.match(r"^(\d{2})$", value):
        century = int(m[1]) * 100
        return date(max(century, 1), 1, 1), date(century + 99, 12, 31)
    return None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from a source file.

    Attributes:
        id: Stable identifier (front matter ``id`` or derived from the file name).
        text: The article body, exactly as offsets in events refer to it.
        title: Headline, when known.
        published: Publication date (the document creation time for relative dates).
        published_inferred: True when ``published`` came from the dateline, not metadata.
        url: Where the article was published.
        source: Outlet name ("Reuters").
        path: The file the article was read from.
    """

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    published_inferred: bool = False
    url: str | None = None
    source: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression found in text, normalised to TIMEX3.

    Attributes:
        start: Character offset of the first character in the text.
        end: Character offset one past the last character.
        text: The expression as written ("Sept. 29", "within 30 days").
        type: TIMEX3 type: DATE, TIME, DURATION or SET.
        value: TIMEX3 value ("2024-09-29", "P30D", "PRESENT_REF", "XXXX-06").
        mod: TIMEX3 mod ("BEFORE", "AFTER", "START", "APPROX", ...) or None.
        freq: For SETs, the frequency ("1X").
        quant: For SETs, the quantifier ("EACH", "EVERY").
        anchor_text: For event-anchored expressions ("30 days of the announcement"),
            the words naming the anchoring event ("the announcement").
        offset: For event-anchored expressions, the signed duration from the
            anchor event ("P30D", "-P1D").
        relation: How an event dated by this expression relates to it.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    freq: str | None = None
    quant: str | None = None
    anchor_text: str | None = None
    offset: str | None = None
    relation: str = "on"

    @property
    def granularity(self) -> str:
        """The granularity of :attr:`value`."""
        if self.type == "SET":
            return "set"
        return granularity_of(self.value)


@dataclass(frozen=True, slots=True)
class Entity:
    """A real-world actor, place or thing, canonical across articles.

    Attributes:
        id: Its IRI, derived from its canonical name so every build agrees.
        label: Canonical name ("US Department of Homeland Security").
        type: Ontology class name: Person, Organization, GovernmentAgency,
            Company, Country, Place, Group, Other.
        aliases: Every name it was seen under, sorted.
        wikidata: Wikidata id ("Q30") when known for certain.
    """

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the contract form: ``{"id", "label", "type", "aliases"}``."""
        return {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """One span of text that names an entity.

    Attributes:
        start: Character offset in the article text.
        end: Character offset one past the end.
        text: The surface form ("Raimondo", "the company", "its").
        entity: IRI of the entity it refers to.
        confidence: How sure the resolver is (metonyms and pronouns score lower).
        role: A title or role seen with the name ("Commerce Secretary").
    """

    start: int
    end: int
    text: str
    entity: str
    confidence: float = 1.0
    role: str | None = None


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, as the text says it.

    Attributes:
        value: TIMEX3/ISO value ("2017", "2024-06", "2024-09-29").
        granularity: One of :data:`GRANULARITIES`.
        text: The time expression as written.
        relation: One of :data:`RELATIONS`.
        inferred: True when the date was inherited or computed, not written.
        source: How the date was obtained, one of :data:`DATE_SOURCES`: written next
            to the event (``explicit``), a deictic time resolved against the
            publication date (``relative``), computed from another event's date
            (``event-relative``), inherited from the passage (``inherited``), or the
            publication date itself for an event the text does not date
            (``publication``).
        confidence: 0..1, how sure the date is (lower the more it was inferred).
    """

    value: str
    granularity: str
    text: str
    relation: str = "on"
    inferred: bool = False
    source: str = "explicit"
    confidence: float = 0.9

    def to_json(self) -> dict[str, Any]:
        """Return the contract form of the date."""
        return {
            "value": self.value,
            "granularity": self.granularity,
            "text": self.text,
            "relation": self.relation,
            "inferred": self.inferred,
            "source": self.source,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened (or is planned, reported, denied), with its arguments.

    Attributes:
        id: Event IRI, derived from article id, sentence offsets and trigger.
        article: Id of the article it was read from.
        sentence: The sentence text.
        start: Offset of the sentence in the article text.
        end: Offset one past the sentence's end.
        trigger: The word(s) that express the event ("banned", "the ban").
        trigger_start: Offset of the trigger in the article text.
        trigger_end: Offset one past the trigger.
        action: Lemma of the trigger ("ban").
        type: Event class from the ontology ("Ban", "Statement").
        agents: Who did it.
        patients: Whom or what it was done to.
        place: Where it happened.
        date: When, or None when the text does not say.
        modality: One of :data:`MODALITIES`.
        confidence: 0..1, lower for inherited dates, pronoun arguments, metonyms.
        cameo: CAMEO code of the event type, for alignment with GDELT.
    """

    id: str
    article: str
    sentence: str
    start: int
    end: int
    trigger: str
    action: str
    type: str
    trigger_start: int = 0
    trigger_end: int = 0
    agents: tuple[Entity, ...] = ()
    patients: tuple[Entity, ...] = ()
    place: tuple[Entity, ...] = ()
    date: EventDate | None = None
    modality: str = "asserted"
    confidence: float = 1.0
    cameo: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        """Return the ``kg events --format jsonl`` contract object for this event."""
        return {
            "id": self.id,
            "article": self.article,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "action": self.action,
            "type": self.type,
            "agents": [e.to_json() for e in self.agents],
            "patients": [e.to_json() for e in self.patients],
            "place": [e.to_json() for e in self.place],
            "date": self.date.to_json() if self.date else None,
            "confidence": round(self.confidence, 3),
            "modality": self.modality,
            "cameo": self.cameo,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
        }


def listed(events: Iterable[Event], min_confidence: float = LISTING_CONFIDENCE) -> list[Event]:
    """Return the events a listing shows: those of at least ``min_confidence``."""
    return [e for e in events if e.confidence >= min_confidence]
