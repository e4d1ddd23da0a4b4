"""Event resolution: reports of one real-world event -> one canonical event.

Every extracted :class:`kg.types.Event` is a *report*: one sentence of one article
saying that something happened. Reports of the same event, within one article or
across articles, are linked to one :class:`CanonicalEvent`, which carries the most
specific date the reports support, its independent sources, a confidence that grows
with corroboration and falls with conflict, and the :class:`Disagreement` values the
sources do not agree on.

The resolution is deterministic and order-free:

1. **Blocking.** Reports are grouped by :func:`block_key`: their event type, and for
   broad types (statements, meetings, "other") also the trigger lemma. Blocks are
   resolved independently, so adding an article recomputes only the blocks its
   reports fall in.
2. **Candidates.** Within a block only pairs that share an article, an actor or a rare
   story keyword (:func:`article_keywords`) are compared, through an inverted index;
   there is no all-pairs comparison.
3. **Linking.** Candidate pairs are scored (same lemma, shared agents and patients,
   story overlap, compatible dates) and merged best first; two groups never merge when
   their dates lie further apart than the tolerance of their granularity, so "in 2017"
   joins "on September 13, 2017" but a 2017 order never joins a 2024 one.
4. **Summary.** A canonical event's IRI comes from its smallest member report IRI, so
   any build order gives the same graph.

A source is an outlet (:func:`outlet_of`): the publisher name the article's metadata
gives, else its URL's host without ``www.``, else the article itself. Reports of one
outlet count once, and so do reports whose sentence is word for word the same in
different outlets (a wire story reprinted).
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from kg.types import (
    GRANULARITIES,
    LISTING_CONFIDENCE,
    Article,
    Entity,
    Event,
    EventDate,
    date_interval,
)

__all__ = [
    "ArticleRecord",
    "CanonicalEvent",
    "Claim",
    "Disagreement",
    "article_keywords",
    "LOW_BLOCK",
    "block_key",
    "block_keys",
    "block_parts",
    "block_types",
    "by_report",
    "decode_record",
    "encode_reports",
    "encode_sources",
    "lemma_key",
    "lemmas_of",
    "in_report_order",
    "outlet_of",
    "report_json",
    "resolve_events",
]

#: Score two reports need to be linked.
LINK_THRESHOLD = 0.3
#: Score of two same-lemma reports in one article, before their arguments are compared.
SAME_ARTICLE = 0.6
#: What two reports gain when they share an agent (a patient).
SHARED_ACTOR = 0.2
#: What two reports lose when both name agents (patients) and share none. Within one
#: article different agents mean different events; across articles the sources may
#: just disagree on who did it (AGENT_DISPUTE), which resolution keeps as a disagreement.
AGENT_CONFLICT = 0.6
AGENT_DISPUTE = 0.1
PATIENT_CONFLICT = 0.1
#: What two reports of different articles lose when their agents are different named
#: actors of one kind (two companies): still one event if all else agrees (a dispute).
NAMED_RIVALS = 0.2
#: Publication dates further apart than this make two undated reports less alike.
STORY_SPAN_DAYS = 180
#: Keywords kept per article (the most frequent first).
MAX_KEYWORDS = 40
#: A keyword (or actor) that more reports of a block share than this, or than
#: :data:`POSTING_SHARE` of its articles, names no one story: it proposes no candidates.
MAX_POSTINGS = 20
POSTING_SHARE = 0.05
#: Relations whose date is the event's own (not a bound such as "before").
_OWN_DATE = frozenset({"on", "from", "until", "within"})
#: Modalities that say an event has happened by the time the article is published.
_PAST_MODALITIES = frozenset({"asserted", "reported", "negated"})
_CALENDAR = frozenset({"time", "day", "week", "month", "season", "quarter", "half", "year"})
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_NAME = re.compile(r"\b[A-Z][\w'\u2019-]*[\w]")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n\"\u201c]\s*)$")


@cache
def _settings() -> dict[str, Any]:
    text = resources.files("kg").joinpath("resources", "corefer.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True, slots=True)
class Claim:
    """One value reported for an aspect of an event, with who reported it.

    Attributes:
        value: The date value or the actor labels ("2024-09-29", "Kaspersky").
        reports: IRIs of the reports that state it, sorted.
        articles: Ids of their articles, sorted.
        sources: Their outlets, sorted.
    """

    value: str
    reports: tuple[str, ...]
    articles: tuple[str, ...]
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the contract form of the claim."""
        return {
            "value": self.value,
            "reports": list(self.reports),
            "articles": list(self.articles),
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Independent sources that report different values for one aspect of an event.

    Attributes:
        aspect: ``"date"``, ``"agent"`` or ``"patient"``.
        claims: The values, the best supported first.
    """

    aspect: str
    claims: tuple[Claim, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the contract form: ``{"aspect", "values": [claim, ...]}``."""
        return {"aspect": self.aspect, "values": [c.to_json() for c in self.claims]}


@dataclass(frozen=True, slots=True)
class CanonicalEvent:
    """One real-world event and the reports of it.

    Attributes:
        id: Its IRI, derived from its smallest member report IRI.
        block: The :func:`block_key` of its reports.
        reports: IRIs of its reports, sorted.
        articles: Ids of the articles that report it, sorted.
        type: Event type name (that of most reports).
        action: Trigger lemma (that of most reports).
        date: The most specific date the reports support, or None.
        agents: Agents of the best supported claim.
        patients: Patients of the best supported claim.
        sources: Number of independent sources.
        outlets: The outlets that report it, sorted.
        confidence: 0..1, rising with independent corroboration, falling with conflict.
        disagreements: What its sources do not agree on.
    """

    id: str
    block: str
    reports: tuple[str, ...]
    articles: tuple[str, ...]
    type: str
    action: str
    date: EventDate | None
    agents: tuple[Entity, ...]
    patients: tuple[Entity, ...]
    sources: int
    outlets: tuple[str, ...]
    confidence: float
    disagreements: tuple[Disagreement, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the ``kg events --canonical --format jsonl`` contract object."""
        return {
            "id": self.id,
            "type": self.type,
            "action": self.action,
            "date": self.date.to_json() if self.date else None,
            "agents": [e.to_json() for e in self.agents],
            "patients": [e.to_json() for e in self.patients],
            "reports": list(self.reports),
            "articles": list(self.articles),
            "sources": self.sources,
            "outlets": list(self.outlets),
            "confidence": round(self.confidence, 3),
            "disagreements": [d.to_json() for d in self.disagreements],
        }


# -- what a report is compared on --------------------------------------------------------
def block_key(event: Event) -> str:
    """Return the block a report is resolved in: its type, plus its lemma for broad types.

    Examples:
        >>> from kg.types import Event
        >>> block_key(Event("e", "a", "s", 0, 1, "said", "say", "Statement"))
        'Statement/say'
        >>> block_key(Event("e", "a", "s", 0, 1, "banned", "ban", "Ban"))
        'Ban'
    """
    listed_key, low_key = block_keys(event.type, event.action)
    # A report no listing shows (a state, a thing's doing) links only to its like, so it
    # never chains two listed events into one.
    return low_key if event.confidence < LISTING_CONFIDENCE else listed_key


#: The suffix of the block of reports below the listing confidence.
LOW_BLOCK = "/low"


def block_keys(event_type: str, action: str) -> tuple[str, str]:
    """Return the two blocks reports of a type and action can fall in: listed, and low.

    Examples:
        >>> block_keys("Ban", "ban")
        ('Ban', 'Ban/low')
        >>> block_keys("Other", "capture")[0], block_keys("LegalAction", "arrest")[0]
        ('LegalAction/arrest', 'LegalAction/arrest')
    """
    key = event_type
    if event_type in _settings()["generic_types"]:
        lemma = lemma_key(action)
        # Synonyms of a set share one block whatever broad type each report has
        # ("captured the pirates" beside "arrested them").
        key = f"{_settings().get('synonym_types', {}).get(lemma, event_type)}/{lemma}"
    return key, key + LOW_BLOCK


def block_parts(key: str) -> tuple[str, str | None]:
    """Return the event type and (for broad types) the lemma a block key stands for.

    Examples:
        >>> block_parts("Statement/say/low"), block_parts("Ban")
        (('Statement', 'say'), ('Ban', None))
    """
    key = key.removesuffix(LOW_BLOCK)
    kind, sep, lemma = key.partition("/")
    return kind, (lemma if sep else None)


def block_types(kind: str, lemma: str) -> tuple[str, ...]:
    """Return the event types whose reports a block of a type and lemma can hold.

    Examples:
        >>> block_types("Statement", "say")
        ('Statement',)
        >>> "Other" in block_types("LegalAction", "arrest")
        True
    """
    if _settings().get("synonym_types", {}).get(lemma) == kind:
        return tuple(_settings()["generic_types"])
    return (kind,)


def lemma_key(action: str) -> str:
    """Return the lemma that stands for a trigger lemma and its synonyms ("succumb" -> "die").

    Examples:
        >>> lemma_key("pass away"), lemma_key("say")
        ('die', 'say')
    """
    return _synonyms().get(action.lower(), action)


def lemmas_of(key: str) -> tuple[str, ...]:
    """Return the trigger lemmas a :func:`lemma_key` stands for ("die" -> die, pass away, ...).

    Examples:
        >>> lemmas_of("die")
        ('die', 'pass away', 'succumb', 'perish')
    """
    for words in _settings()["synonyms"]:
        if words[0] == key:
            return tuple(words)
    return (key,)


@cache
def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for words in _settings()["synonyms"]:
        for word in words:
            table[word] = words[0]
    return table


def outlet_of(article: Article) -> str:
    """Return the outlet an article comes from, the unit of independent sources.

    The publisher name from the article's metadata (``source``), case-folded; else the
    host of its URL without ``www.``; else ``article:{id}``, since an article of unknown
    origin can only be counted as its own source.

    Examples:
        >>> outlet_of(Article("a", "", url="https://www.reuters.com/x"))
        'reuters.com'
        >>> outlet_of(Article("a", "", source="Reuters ", url="https://x.org/"))
        'reuters'
    """
    if article.source and article.source.strip():
        return " ".join(article.source.split()).casefold()
    if article.url:
        host = (urlsplit(article.url).hostname or "").lower()
        host = host.removeprefix("www.")
        if host:
            return host
    return f"article:{article.id}"


def article_keywords(article: Article, events: Iterable[Event] = ()) -> frozenset[str]:
    """Return the names an article's story is about: its actors and capitalised names.

    Names are capitalised words of the title and text that do not only open a sentence
    and are no function or calendar word; the :data:`MAX_KEYWORDS` most frequent are
    kept, with the slugs of the actors of its events.

    Args:
        article: The article.
        events: Its events (their agents and patients are keywords too).

    Returns:
        Lower-case keywords.
    """
    stop = _stop_words()
    counts: Counter[str] = Counter()
    inner: set[str] = set()
    for text in (article.title or "", article.text):
        for m in _NAME.finditer(text):
            word = _POSSESSIVE.sub("", m.group().lower())
            if word in stop or len(word) < 3:
                continue
            counts[word] += 1
            if not _SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()]):
                inner.add(word)
    ranked = sorted((w for w in counts if w in inner), key=lambda w: (-counts[w], w))
    words = set(ranked[:MAX_KEYWORDS])
    for event in events:
        words.update(_actor_key(e) for e in (*event.agents, *event.patients) if _is_named(e))
    return frozenset(words)


@cache
def _by_agent(type_name: str) -> bool:
    return type_name in _settings()["told_apart_by_agent"]


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(_settings()["not_names"])


def _actor_key(entity: Entity) -> str:
    return "@" + entity.id


# -- linking -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Report:
    event: Event
    outlet: str
    keywords: frozenset[str]
    period: tuple[date, date] | None
    granularity: int
    #: Publication date of an article that states the event happened (none if planned).
    reported_by: date | None
    published: date | None
    agent_ids: frozenset[str]
    patient_ids: frozenset[str]
    #: (type, IRI) of the agents that are named ("Best Buy", not "officials").
    named_agents: frozenset[tuple[str, str]]
    #: IRIs of the named agents and patients.
    named_ids: frozenset[str]


def _own_date(event: Event) -> EventDate | None:
    when = event.date
    if when is None or when.relation not in _OWN_DATE or when.granularity not in _CALENDAR:
        return None
    return when


def _prepare(
    event: Event, outlet: str, keywords: frozenset[str], published: date | None
) -> _Report:
    when = _own_date(event)
    period = date_interval(when.value) if when is not None and not when.inferred else None
    rank = GRANULARITIES.index(when.granularity) if when is not None and period else -1
    past = published if event.modality in _PAST_MODALITIES else None
    return _Report(
        event,
        outlet,
        keywords,
        period,
        rank,
        past,
        published,
        _ids(event.agents),
        _ids(event.patients),
        _named(event.agents),
        frozenset(e.id for e in (*event.agents, *event.patients) if _is_named(e)),
    )


def _named(entities: Sequence[Entity]) -> frozenset[tuple[str, str]]:
    return frozenset((e.type, e.id) for e in entities if e.label[:1].isupper())


def _rivals(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> bool:
    """Tell whether two sets of named actors share no actor but a type (Kaspersky, Best Buy)."""
    return bool(a and b and not (a & b) and {t for t, _ in a} & {t for t, _ in b})


def _ids(entities: Sequence[Entity]) -> frozenset[str]:
    return frozenset(e.id for e in entities)


def _is_named(entity: Entity) -> bool:
    """Tell whether an actor has a name ("Lindsay Lohan"), not a description ("police")."""
    return entity.label[:1].isupper()


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _score(a: _Report, b: _Report) -> float:
    """Return how much two reports of one block look like reports of one event."""
    x, y = a.event, b.event
    same_lemma = lemma_key(x.action).lower() == lemma_key(y.action).lower()
    if (x.modality == "negated") != (y.modality == "negated"):
        return 0.0
    if a.agent_ids and b.agent_ids and not a.agent_ids & b.agent_ids and _by_agent(x.type):
        return 0.0
    if x.article == y.article:
        score = SAME_ARTICLE if same_lemma else SAME_ARTICLE - 0.3
    else:
        story = _overlap(a.keywords, b.keywords)
        score = story * (0.8 if same_lemma else 0.5)
        if (a.period is None or b.period is None) and a.published and b.published:
            # An undated report most likely speaks of recent news: stories published
            # far apart are told about different events unless dates say otherwise.
            if abs((a.published - b.published).days) > STORY_SPAN_DAYS:
                score -= 0.5
    for mine, theirs, conflict in (
        (a.agent_ids, b.agent_ids, AGENT_CONFLICT if x.article == y.article else AGENT_DISPUTE),
        (a.patient_ids, b.patient_ids, PATIENT_CONFLICT),
    ):
        if mine & theirs:
            # Who did it tells events apart more than whom it was done to.
            score += SHARED_ACTOR
        elif mine and theirs:
            # Across articles a description ("a british man", "the warehouse") is each
            # article's own: unlike two different names, it tells events apart less.
            named = x.article == y.article or bool(mine & a.named_ids and theirs & b.named_ids)
            score -= conflict if named else conflict / 2
    if x.article != y.article and _rivals(a.named_agents, b.named_agents):
        score -= NAMED_RIVALS
    if a.period is not None and b.period is not None:
        if a.period[0] <= b.period[1] and b.period[0] <= a.period[1]:
            score += 0.1
        else:
            score -= 0.2
    return score


def _tolerance(rank: int) -> int:
    table: dict[str, int] = _settings()["day_tolerance"]
    return table.get(GRANULARITIES[rank], 0) if rank >= 0 else 0


@dataclass(slots=True)
class _Group:
    members: list[int]
    latest_start: date | None
    earliest_end: date | None
    finest: int
    reported_by: date | None

    def fits(self, other: _Group) -> bool:
        """Tell whether the dates of two groups may be the dates of one event.

        Their periods must meet (within the tolerance of the finest granularity), and
        the event cannot start after an article that reports it as past was published.
        """
        tolerance = _tolerance(max(self.finest, other.finest))
        reported = [d for d in (self.reported_by, other.reported_by) if d is not None]
        starts = [d for d in (self.latest_start, other.latest_start) if d is not None]
        if reported and starts and (max(starts) - min(reported)).days > tolerance:
            return False
        if self.latest_start is None or other.latest_start is None:
            return True
        assert self.earliest_end is not None and other.earliest_end is not None
        start = max(self.latest_start, other.latest_start)
        end = min(self.earliest_end, other.earliest_end)
        return (start - end).days <= tolerance

    def absorb(self, other: _Group) -> None:
        self.members.extend(other.members)
        if other.latest_start is not None:
            assert other.earliest_end is not None
            if self.latest_start is None or self.earliest_end is None:
                self.latest_start, self.earliest_end = other.latest_start, other.earliest_end
            else:
                self.latest_start = max(self.latest_start, other.latest_start)
                self.earliest_end = min(self.earliest_end, other.earliest_end)
        self.finest = max(self.finest, other.finest)
        if other.reported_by is not None:
            if self.reported_by is None or other.reported_by < self.reported_by:
                self.reported_by = other.reported_by


def _candidates(reports: Sequence[_Report]) -> Iterable[tuple[int, int]]:
    """Yield the pairs worth comparing: same article, or a shared actor or keyword."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        postings["#" + r.event.article].append(i)
        for key in r.keywords:
            postings[key].append(i)
    articles = sum(1 for key in postings if key.startswith("#"))
    cap = max(MAX_POSTINGS, int(POSTING_SHARE * articles))
    seen: set[tuple[int, int]] = set()
    for key in sorted(postings):
        members = postings[key]
        pairs: Iterable[tuple[int, int]]
        if len(members) <= cap or key.startswith("#"):
            pairs = ((i, j) for k, i in enumerate(members) for j in members[k + 1 :])
        else:
            # Many reports, few articles: a story each article tells many times. Every
            # report meets the first report of each other article (linear in the
            # reports); the rest link within their own article.
            firsts: dict[str, int] = {}
            for i in members:
                firsts.setdefault(reports[i].event.article, i)
            if len(firsts) > cap:
                continue  # a keyword of many stories proposes nothing
            pairs = (
                (min(i, j), max(i, j))
                for i in members
                for j in firsts.values()
                if reports[i].event.article != reports[j].event.article
            )
        for pair in pairs:
            if pair not in seen:
                seen.add(pair)
                yield pair


def _cluster(reports: Sequence[_Report]) -> list[list[int]]:
    """Merge reports best pair first; groups whose dates cannot agree stay apart."""
    heap: list[tuple[float, str, str, int, int]] = []
    for i, j in _candidates(reports):
        score = _score(reports[i], reports[j])
        if score >= LINK_THRESHOLD:
            a, b = sorted((reports[i].event.id, reports[j].event.id))
            heap.append((-round(score, 6), a, b, i, j))
    heapq.heapify(heap)
    groups = {
        i: _Group(
            [i],
            r.period[0] if r.period else None,
            r.period[1] if r.period else None,
            r.granularity,
            r.reported_by,
        )
        for i, r in enumerate(reports)
    }
    owner = list(range(len(reports)))
    while heap:
        *_, i, j = heapq.heappop(heap)
        gi, gj = owner[i], owner[j]
        if gi == gj or not groups[gi].fits(groups[gj]):
            continue
        keep, drop = (gi, gj) if len(groups[gi].members) >= len(groups[gj].members) else (gj, gi)
        for m in groups[drop].members:
            owner[m] = keep
        groups[keep].absorb(groups.pop(drop))
    return [sorted(g.members) for g in groups.values()]


# -- the canonical event -----------------------------------------------------------------
def _independent(members: Sequence[_Report]) -> list[list[_Report]]:
    """Group reports into independent sources: one outlet, or one reprinted sentence."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, r in enumerate(members):
        for key in ("o:" + r.outlet, "s:" + " ".join(r.event.sentence.lower().split())):
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    out: dict[int, list[_Report]] = defaultdict(list)
    for i, r in enumerate(members):
        out[find(i)].append(r)
    return sorted(out.values(), key=lambda g: min(r.event.id for r in g))


def _claim(value: str, reports: Sequence[_Report]) -> Claim:
    return Claim(
        value=value,
        reports=tuple(sorted({r.event.id for r in reports})),
        articles=tuple(sorted({r.event.article for r in reports})),
        sources=tuple(sorted({r.outlet for r in reports})),
    )


def _claims(
    members: Sequence[_Report], value: Callable[[_Report], str | None], source_of: dict[str, int]
) -> list[Claim]:
    """Return the claims on one aspect, the best supported (most sources) first."""
    by_value: dict[str, list[_Report]] = defaultdict(list)
    for r in members:
        v = value(r)
        if v is not None:
            by_value[v].append(r)

    def support(v: str) -> tuple[int, int, str]:
        reports = by_value[v]
        return (-len({source_of[r.event.id] for r in reports}), -len(reports), v)

    return [_claim(v, by_value[v]) for v in sorted(by_value, key=support)]


def _disputed(claims: Sequence[Claim], source_of: dict[str, int]) -> bool:
    """Tell whether claims come from more than one independent source."""
    return len({source_of[r] for c in claims for r in c.reports}) > 1


def _labels(entities: Sequence[Entity]) -> str | None:
    return "; ".join(sorted(e.label for e in entities)) or None


def _actor_claim(field: str) -> Callable[[_Report], str | None]:
    def value(r: _Report) -> str | None:
        entities: tuple[Entity, ...] = getattr(r.event, field)
        return _labels(entities)

    return value


def _best_date(members: Sequence[_Report]) -> EventDate | None:
    """The most specific written date, else the most specific inherited one."""
    dated = [(r, r.event.date) for r in members if _own_date(r.event) is not None]
    if not dated:
        dated = [(r, r.event.date) for r in members if r.event.date is not None]
    if not dated:
        return None

    def rank(item: tuple[_Report, EventDate | None]) -> tuple[int, int, int, str]:
        r, when = item
        assert when is not None
        known = GRANULARITIES.index(when.granularity) if when.granularity in _CALENDAR else -1
        return (-int(not when.inferred), -known, -int(r.period is not None), when.value)

    return min(dated, key=rank)[1]


def _summarise(
    members: Sequence[_Report], mint: Callable[[str], str], block: str
) -> CanonicalEvent:
    sources = _independent(members)
    source_of = {r.event.id: k for k, group in enumerate(sources) for r in group}
    disagreements: list[Disagreement] = []

    finest = max((r.granularity for r in members if r.period is not None), default=-1)
    date_claims = _claims(
        members,
        lambda r: (
            r.event.date.value
            if r.period is not None and r.granularity == finest and r.event.date
            else None
        ),
        source_of,
    )
    if len(date_claims) > 1 and _disputed(date_claims, source_of):
        disagreements.append(Disagreement("date", tuple(date_claims)))
    when = _best_date(members)
    if date_claims and when is not None and when.value not in (c.value for c in date_claims[:1]):
        top = next(r for r in members if r.event.id == date_claims[0].reports[0])
        when = top.event.date

    args: dict[str, tuple[Entity, ...]] = {}
    for aspect, field in (("agent", "agents"), ("patient", "patients")):
        claims = _claims(members, _actor_claim(field), source_of)
        if len(claims) > 1 and _disputed(claims, source_of) and _disjoint(claims, members, field):
            disagreements.append(Disagreement(aspect, tuple(claims)))
        args[field] = ()
        if claims:
            holder = next(r for r in members if r.event.id == claims[0].reports[0])
            args[field] = tuple(sorted(getattr(holder.event, field), key=lambda e: e.id))

    best = [max(r.event.confidence for r in group) for group in sources]
    corroborated = 1.0 - math.prod(1.0 - min(c, 0.99) for c in best)
    confidence = max(0.05, corroborated * (0.75 ** len(disagreements)))
    types = Counter(r.event.type for r in members)
    actions = Counter(r.event.action for r in members)
    ids = sorted(r.event.id for r in members)
    return CanonicalEvent(
        id=mint(ids[0]),
        block=block,
        reports=tuple(ids),
        articles=tuple(sorted({r.event.article for r in members})),
        type=min(types, key=lambda t: (-types[t], t)),
        action=min(actions, key=lambda a: (-actions[a], a)),
        date=when,
        agents=args["agents"],
        patients=args["patients"],
        sources=len(sources),
        outlets=tuple(sorted({r.outlet for r in members})),
        confidence=round(min(confidence, 1.0), 3),
        disagreements=tuple(disagreements),
    )


def _disjoint(claims: Sequence[Claim], members: Sequence[_Report], field: str) -> bool:
    """Tell whether two claims name different actors of the same kind (a real conflict).

    Only named actors count ("agency" is no claim about who), and only of one type: a
    company named where another names a ministry is a reading, not a dispute.
    """
    sets = []
    for claim in claims:
        holder = next(r for r in members if r.event.id == claim.reports[0])
        entities: tuple[Entity, ...] = getattr(holder.event, field)
        sets.append({(e.type, e.id) for e in entities if e.label[:1].isupper()})
    for k, a in enumerate(sets):
        for b in sets[k + 1 :]:
            if a and b and not (a & b) and {t for t, _ in a} & {t for t, _ in b}:
                return True
    return False


def resolve_events(
    reports: Iterable[Event],
    *,
    outlets: Mapping[str, str],
    keywords: Mapping[str, frozenset[str]],
    mint: Callable[[str], str],
    published: Mapping[str, date] | None = None,
) -> list[CanonicalEvent]:
    """Link reports of the same real-world event to one canonical event.

    Args:
        reports: Events, from any number of articles, in any order.
        outlets: Article id -> :func:`outlet_of` (an article not given is its own outlet).
        keywords: Article id -> :func:`article_keywords` (none when not given).
        mint: Report IRI -> the IRI of a canonical event it is the smallest member of.
        published: Article id -> publication date: an event an article reports as past
            cannot be one dated after that day.

    Returns:
        One canonical event per cluster (every report is in exactly one), sorted by IRI.
    """
    blocks: dict[str, list[_Report]] = defaultdict(list)
    for event in reports:
        outlet = outlets.get(event.article, f"article:{event.article}")
        words = keywords.get(event.article, frozenset())
        day = (published or {}).get(event.article)
        blocks[block_key(event)].append(_prepare(event, outlet, words, day))
    out = []
    for key, members in blocks.items():
        members.sort(key=lambda r: r.event.id)
        for cluster in _cluster(members):
            out.append(_summarise([members[i] for i in cluster], mint, key))
    out.sort(key=lambda c: c.id)
    return out


def by_report(canonical: Iterable[CanonicalEvent]) -> dict[str, CanonicalEvent]:
    """Return report IRI -> its canonical event."""
    return {report: c for c in canonical for report in c.reports}


def in_report_order(
    reports: Iterable[Event], links: Mapping[str, CanonicalEvent]
) -> list[CanonicalEvent]:
    """Return the canonical events of ``reports``, each where its first report comes.

    Args:
        reports: Reports in the order wanted (time order, from ``kg.articles.read_events``).
        links: Report IRI -> canonical event, from :func:`by_report`.

    Returns:
        Each canonical event once; reports without one are left out.
    """
    order: dict[str, CanonicalEvent] = {}
    for event in reports:
        found = links.get(event.id)
        if found is not None:
            order.setdefault(found.id, found)
    return list(order.values())


def report_json(event: Event, canonical: CanonicalEvent | None) -> dict[str, Any]:
    """Return the ``kg events --format jsonl`` contract object of a report.

    It is :meth:`kg.types.Event.to_json` with the canonical event the report is a report
    of: ``canonical`` (its IRI), ``sources`` and ``disagreements``; a report with no
    canonical event is its own, with one source and no disagreements.
    """
    from kg.namespace import canonical_iri

    item = event.to_json()
    item["canonical"] = canonical.id if canonical else str(canonical_iri(event.id))
    item["sources"] = canonical.sources if canonical else 1
    item["disagreements"] = [d.to_json() for d in canonical.disagreements] if canonical else []
    return item


# -- what resolution reads of a stored article --------------------------------------------
#: Version of the record format (:func:`encode_sources`, :func:`encode_reports`): a
#: record of another version is not read.
RECORD_VERSION = 2


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What event resolution reads of one article: its reports, outlet, keywords and date.

    The store keeps it with the article's graph, as one short text for the article's
    sources and one per block for its reports, so resolving a block again reads a text
    per article and block instead of every report's triples.

    Attributes:
        article: The article id.
        outlet: :func:`outlet_of` the article.
        keywords: :func:`article_keywords` of the article and its events.
        published: Its publication date, if known.
        reports: Its events as resolution compares them: no places, no entity aliases.
    """

    article: str
    outlet: str
    keywords: frozenset[str]
    published: date | None
    reports: tuple[Event, ...]

    @classmethod
    def of(cls, article: Article, events: Sequence[Event]) -> ArticleRecord:
        """Return the record of an article and the events read from it."""
        return cls(
            article.id,
            outlet_of(article),
            article_keywords(article, events),
            article.published,
            tuple(events),
        )

    def by_block(self) -> dict[str, list[Event]]:
        """Return the reports by :func:`block_key`, blocks in sorted order."""
        out: dict[str, list[Event]] = defaultdict(list)
        for event in self.reports:
            out[block_key(event)].append(event)
        return {key: out[key] for key in sorted(out)}


def _entity_row(entity: Entity) -> list[str]:
    return [entity.id, entity.label, entity.type]


def _entity_of(row: list[str]) -> Entity:
    ident, label, kind = row
    return Entity(id=ident, label=label, type=kind)


def _date_row(when: EventDate) -> list[Any]:
    return [
        when.value,
        when.granularity,
        when.text,
        when.relation,
        when.inferred,
        when.source,
        when.confidence,
    ]


def _date_of(row: list[Any]) -> EventDate:
    value, granularity, text, relation, inferred, source, confidence = row
    return EventDate(
        value=value,
        granularity=granularity,
        text=text,
        relation=relation,
        inferred=inferred,
        source=source,
        confidence=confidence,
    )


def encode_sources(record: ArticleRecord) -> str:
    """Return the article part of a record (id, outlet, keywords, date) as compact JSON."""
    body = {
        "v": RECORD_VERSION,
        "article": record.article,
        "outlet": record.outlet,
        "keywords": sorted(record.keywords),
        "published": record.published.isoformat() if record.published else None,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def encode_reports(reports: Iterable[Event]) -> str:
    """Return reports (of one article) as compact JSON, as :func:`decode_record` reads them.

    Examples:
        >>> from kg.types import Event
        >>> ev = Event("e1", "a1", "It fell.", 0, 8, "fell", "fall", "Other")
        >>> record = ArticleRecord("a1", "wire", frozenset({"x"}), None, (ev,))
        >>> back = decode_record(encode_sources(record), [encode_reports(record.reports)])
        >>> back is not None and back.reports == (ev,)
        True
    """
    rows = []
    for e in reports:
        rows.append(
            [
                e.id,
                e.sentence,
                e.start,
                e.end,
                e.trigger,
                e.trigger_start,
                e.trigger_end,
                e.action,
                e.type,
                e.modality,
                e.confidence,
                [_entity_row(x) for x in e.agents],
                [_entity_row(x) for x in e.patients],
                None if e.date is None else _date_row(e.date),
                e.cameo,
            ]
        )
    body = {"v": RECORD_VERSION, "reports": rows}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def decode_record(sources: str, reports: Iterable[str]) -> ArticleRecord | None:
    """Return the record :func:`encode_sources` and :func:`encode_reports` wrote.

    Args:
        sources: The article's sources text.
        reports: Texts of its reports (one per block, any number of blocks).

    Returns:
        The record with those reports, or None if a text is of another format version.
    """
    head = json.loads(sources)
    if not isinstance(head, dict) or head.get("v") != RECORD_VERSION:
        return None
    article = head["article"]
    events = []
    for text in reports:
        body = json.loads(text)
        if not isinstance(body, dict) or body.get("v") != RECORD_VERSION:
            return None
        for row in body["reports"]:
            (ident, sentence, start, end, trigger, t_start, t_end) = row[:7]
            action, kind, modality, confidence, agents, patients, when, cameo = row[7:]
            events.append(
                Event(
                    id=ident,
                    article=article,
                    sentence=sentence,
                    start=start,
                    end=end,
                    trigger=trigger,
                    action=action,
                    type=kind,
                    trigger_start=t_start,
                    trigger_end=t_end,
                    agents=tuple(_entity_of(x) for x in agents),
                    patients=tuple(_entity_of(x) for x in patients),
                    date=None if when is None else _date_of(when),
                    modality=modality,
                    confidence=confidence,
                    cameo=cameo,
                )
            )
    published = head["published"]
    return ArticleRecord(
        article,
        head["outlet"],
        frozenset(head["keywords"]),
        date.fromisoformat(published) if published else None,
        tuple(events),
    )
