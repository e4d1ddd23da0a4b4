"""Events <-> RDF, with no store: the triples of articles, entities and canonical events.

An article's named graph (:func:`kg.namespace.article_graph_iri`) holds the article,
its text as a NIF context, every event read from it, their SEM roles, OWL-Time dates
(plus the first and last day each date covers as SEM timestamps on the event, so
queries sort and filter by date) and NIF sentences, and a description of the graph
itself (prov:generatedAtTime, kg:version), and the names it calls its entities by
(``kg:mentionedAs``). Entities live in :data:`kg.namespace.ENTITIES_GRAPH`, merged
across articles, so an entity described once is referred to by every article; its
aliases are the names the stored articles call it by. A resolution block's canonical
events live in a graph of their own (:func:`canonical_to_graph`).

These functions are pure: :mod:`kg.articles` writes their graphs into a store and
reads events back, keeping the indexes (:mod:`kg.index`) in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD
from rdflib.term import Node

from kg.corefer import (
    ArticleRecord,
    CanonicalEvent,
    Disagreement,
    encode_reports,
    encode_sources,
)
from kg.namespace import (
    ENTITIES_GRAPH,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    KG,
    KG_NS,
    NIF,
    SEM,
    article_graph_iri,
    article_iri,
    canonical_graph_iri,
    entity_iri,
    event_iri,
    month_links,
    resolution_record_iri,
    tally_iris,
)
from kg.types import Article, Entity, Event, EventDate, date_interval

__all__ = [
    "PREFIXES",
    "ROLE_KINDS",
    "SPARQL_PREFIXES",
    "WIKIDATA",
    "article_to_graph",
    "article_triples",
    "canonical_to_graph",
    "canonical_triples",
    "entities_to_graph",
    "entities_triples",
    "event_entities",
]

WIKIDATA = "http://www.wikidata.org/entity/"

#: Prefixes used in serialisations, JSON-LD contexts and the canned queries.
PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "kgr": "https://w3id.org/kgnews/resource/",
    "sem": str(SEM._NS),
    "time": str(TIME),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "nif": str(NIF._NS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": WIKIDATA,
}
#: The PREFIX lines of :data:`PREFIXES`, to start SPARQL text with.
SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_SEM_SUPERCLASSES: dict[str, tuple[URIRef, ...]] = {
    "Country": (SEM.Actor, SEM.Place),
    "Place": (SEM.Place,),
}
_ROLES = (
    ("agent", KG.agent, SEM.hasActor, KG.agentRole),
    ("patient", KG.patient, SEM.hasActor, KG.patientRole),
    ("place", KG.place, SEM.hasPlace, KG.locationRole),
)
_ROLE_FIELDS = {"agent": "agents", "patient": "patients", "place": "place"}
#: SEM role type -> the role it fills (``agent``, ``patient``, ``place``).
ROLE_KINDS = {role_type: kind for kind, _, _, role_type in _ROLES}
_Triple = tuple[Node, Node, Node]
_Add = Callable[[_Triple], None]
_INTERVALS = {"century", "decade", "half", "quarter", "season", "week"}
#: SEM timestamps of the first and last day a dated event's period covers (xsd:date).
_EARLIEST_BEGIN = URIRef(f"{SEM._NS}hasEarliestBeginTimeStamp")
_LATEST_END = URIRef(f"{SEM._NS}hasLatestEndTimeStamp")


def _is_iri(value: str) -> bool:
    return bool(_ABSOLUTE_IRI.match(value))


# Literals are immutable, and the same few thousand values (types, actions, flags,
# confidences, offsets, dates) recur in every article: each is made once.
@lru_cache(maxsize=1 << 14, typed=True)
def _literal(value: str | bool | float) -> Literal:
    """Return ``Literal(value)`` for a value that recurs across events."""
    return Literal(value)


@lru_cache(maxsize=1 << 14)
def _typed(lexical: str, datatype: URIRef) -> Literal:
    """Return ``Literal(lexical, datatype=datatype)`` for a value that recurs (dates)."""
    return Literal(lexical, datatype=datatype)


@lru_cache(maxsize=1 << 14, typed=True)
def _nni(value: int) -> Literal:
    """Offsets and positions are xsd:integer (>= 0): Oxigraph stores integer subtypes as integer."""
    return Literal(value, datatype=XSD.integer)


def _entity_node(entity: Entity) -> URIRef:
    """Return the IRI of an entity: its id if that is an IRI, else one minted from its label."""
    return URIRef(entity.id) if _is_iri(entity.id) else entity_iri(entity.label, entity.type)


def _event_node(event: Event) -> URIRef:
    if _is_iri(event.id):
        return URIRef(event.id)
    return event_iri(event.article, event.start, event.trigger_start, event.action)


def _timestamp(moment: datetime) -> Literal:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    lexical = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Literal(lexical, datatype=XSD.dateTime)


def _add_date(add: _Add, event: URIRef, when: EventDate) -> date | None:
    """Add an event's date; return the first day it covers, if it names calendar days."""
    node = URIRef(f"{event}/time")
    add((event, SEM.hasTime, node))
    add((node, RDF.type, SEM.Time))
    value = when.value
    xsd_property: tuple[URIRef, URIRef] | None = None
    if when.granularity == "day" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value)
            xsd_property = (TIME.inXSDDate, XSD.date)
        except ValueError:
            pass
    elif when.granularity == "month" and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        xsd_property = (TIME.inXSDgYearMonth, XSD.gYearMonth)
    elif when.granularity == "year" and re.fullmatch(r"\d{4}", value):
        xsd_property = (TIME.inXSDgYear, XSD.gYear)
    if xsd_property is not None:
        add((node, RDF.type, TIME.Instant))
        add((node, xsd_property[0], _typed(value, xsd_property[1])))
    elif when.granularity in _INTERVALS:
        add((node, RDF.type, TIME.ProperInterval))
    else:
        add((node, RDF.type, TIME.TemporalEntity))
    add((node, KG.timexValue, _literal(value)))
    period = date_interval(value)
    if period is not None:
        # On the event itself: one index lookup sorts and filters events by date.
        add((event, _EARLIEST_BEGIN, _typed(period[0].isoformat(), XSD.date)))
        add((event, _LATEST_END, _typed(period[1].isoformat(), XSD.date)))
        months = month_links(*period)
        if months is None:
            add((event, KG.coarsePeriod, _literal(True)))
        else:
            for month in months:
                add((event, KG.overlapsMonth, month))
    add((node, KG.granularity, _literal(when.granularity)))
    add((node, KG.timeText, _literal(when.text)))
    add((node, KG.dateRelation, _literal(when.relation)))
    add((node, KG.dateInferred, _literal(when.inferred)))
    add((node, KG.dateSource, _literal(when.source)))
    add((node, KG.dateConfidence, _literal(float(when.confidence))))
    return period[0] if period is not None else None


def _add_event(add: _Add, event: Event, context: URIRef) -> None:
    node = _event_node(event)
    article = article_iri(event.article)
    add((node, RDF.type, SEM.Event))
    add((node, RDF.type, EVENT_CLASSES.get(event.type, KG.OtherEvent)))
    add((node, KG.typeName, _literal(event.type)))
    if str(node) != event.id:
        add((node, DCTERMS.identifier, Literal(event.id)))
    add((node, KG.action, _literal(event.action)))
    add((node, KG.trigger, _literal(event.trigger)))
    add((node, KG.triggerStart, _nni(event.trigger_start)))
    add((node, KG.triggerEnd, _nni(event.trigger_end)))
    add((node, KG.modality, _literal(event.modality)))
    add((node, KG.confidence, _literal(float(event.confidence))))
    if event.cameo is not None:
        add((node, KG.cameoCode, _literal(event.cameo)))
    add((node, KG.article, article))
    sentence = URIRef(f"{article}#char={event.start},{event.end}")
    add((node, KG.sentence, sentence))
    add((sentence, RDF.type, NIF.Sentence))
    add((sentence, RDF.type, NIF.RFC5147String))
    add((sentence, NIF.beginIndex, _nni(event.start)))
    add((sentence, NIF.endIndex, _nni(event.end)))
    add((sentence, NIF.anchorOf, Literal(event.sentence)))
    add((sentence, NIF.referenceContext, context))
    for kind, shortcut, sem_property, role_type in _ROLES:
        for i, entity in enumerate(getattr(event, _ROLE_FIELDS[kind])):
            target = _entity_node(entity)
            role = URIRef(f"{node}/{kind}/{i}")
            add((node, shortcut, target))
            add((node, sem_property, role))
            add((role, RDF.type, SEM.Role))
            add((role, RDF.value, target))
            add((role, SEM.roleType, role_type))
            add((role, KG.position, _nni(i)))
    first = _add_date(add, node, event.date) if event.date is not None else None
    add((node, KG.inTypeMonth, tally_iris(event.type, first)[2]))


def article_to_graph(
    article: Article,
    events: Sequence[Event],
    *,
    built_at: datetime,
    version: str,
    content_hash: str | None = None,
) -> Graph:
    """Return the triples of one article's named graph.

    Args:
        article: The article.
        events: The events read from it.
        built_at: When the graph was built (naive values are taken as UTC).
        version: The kg version that built it.
        content_hash: What the graph was built from (``kg.pipeline.content_hash``), kept
            as ``kg:contentHash`` so a later build can skip the unchanged article.

    Returns:
        A graph whose identifier is the article's graph IRI.
    """
    graph_iri = article_graph_iri(article.id)
    g = Graph(identifier=graph_iri)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    triples = article_triples(article, events, built_at, version, content_hash)
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


def article_triples(
    article: Article,
    events: Sequence[Event],
    built_at: datetime,
    version: str,
    content_hash: str | None = None,
) -> list[_Triple]:
    """Return the triples of an article's graph as a list (no rdflib Graph: fast).

    Args are those of :func:`article_to_graph`; the triples are those of its graph.
    """
    graph_iri = article_graph_iri(article.id)
    triples: list[_Triple] = []
    add = triples.append
    node = article_iri(article.id)
    add((graph_iri, RDF.type, KG.ArticleGraph))
    add((graph_iri, PROV.generatedAtTime, _timestamp(built_at)))
    add((graph_iri, KG.version, _literal(version)))
    add((graph_iri, PROV.wasDerivedFrom, node))
    add((node, RDF.type, SDO.NewsArticle))
    add((node, DCTERMS.identifier, Literal(article.id)))
    if article.title is not None:
        add((node, DCTERMS.title, Literal(article.title)))
    if article.published is not None:
        add((node, DCTERMS.issued, Literal(article.published.isoformat(), datatype=XSD.date)))
    add((node, KG.publishedInferred, _literal(article.published_inferred)))
    if content_hash is not None:
        add((node, KG.contentHash, Literal(content_hash)))
    if article.url is not None:
        url = (
            URIRef(article.url)
            if _is_iri(article.url)
            else Literal(article.url, datatype=XSD.anyURI)
        )
        add((node, SDO.url, url))
    if article.source is not None:
        add((node, SDO.publisher, Literal(article.source)))
    if article.path is not None:
        add((node, KG.sourcePath, Literal(article.path)))
    # What the story is about and who published it: what event resolution compares.
    record = ArticleRecord.of(article, events)
    add((node, KG.outlet, _literal(record.outlet)))
    for word in sorted(record.keywords):
        add((node, SDO.keywords, _literal(word)))
    # The same as text, and the reports one text per block: what resolution reads.
    add((node, KG.resolutionSources, Literal(encode_sources(record))))
    for key, reports in record.by_block().items():
        part = resolution_record_iri(article.id, key)
        add((node, KG.resolutionRecord, part))
        add((part, RDF.type, KG.ResolutionRecord))
        add((part, KG.recordBlock, _literal(key)))
        add((part, KG.recordReports, Literal(encode_reports(reports))))
    context = URIRef(f"{node}#char=0,{len(article.text)}")
    add((node, KG.context, context))
    add((context, RDF.type, NIF.Context))
    add((context, RDF.type, NIF.RFC5147String))
    add((context, NIF.beginIndex, _nni(0)))
    add((context, NIF.endIndex, _nni(len(article.text))))
    add((context, NIF.isString, Literal(article.text)))
    for event in events:
        _add_event(add, event, context)
    # The names this article calls its entities by: what it contributes to their
    # aliases, so a rebuild or a removal can take back what only it contributed.
    for entity in dict.fromkeys(event_entities(events)):
        node_ = _entity_node(entity)
        for alias in entity.aliases:
            add((node_, KG.mentionedAs, _literal(alias)))
    return triples


def entities_to_graph(entities: Iterable[Entity]) -> Graph:
    """Return the shared-graph description of entities.

    Each gets its class (plus the SEM class it specialises), ``rdfs:label``, one
    ``skos:altLabel`` per alias and ``owl:sameAs`` its Wikidata item when known.

    Args:
        entities: Entities, possibly repeated.

    Returns:
        A graph whose identifier is :data:`kg.namespace.ENTITIES_GRAPH`.
    """
    g = Graph(identifier=ENTITIES_GRAPH)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.addN((s, p, o, g) for s, p, o in entities_triples(entities))
    return g


def entities_triples(entities: Iterable[Entity]) -> list[_Triple]:
    """Return the triples of :func:`entities_to_graph` as a list (repeats kept: fast).

    Each distinct entity is described once; a repeated one adds no triple.
    """
    triples: list[_Triple] = []
    add = triples.append
    for entity in dict.fromkeys(entities):
        node = _entity_node(entity)
        add((node, RDF.type, ENTITY_CLASSES.get(entity.type, KG.OtherEntity)))
        for superclass in _SEM_SUPERCLASSES.get(entity.type, (SEM.Actor,)):
            add((node, RDF.type, superclass))
        if entity.type not in ENTITY_CLASSES:
            add((node, KG.typeName, _literal(entity.type)))
        if str(node) != entity.id:
            add((node, DCTERMS.identifier, _literal(entity.id)))
        add((node, RDFS.label, _literal(entity.label)))
        add((node, KG.nameKey, _literal(entity.label.lower())))
        for alias in entity.aliases:
            add((node, SKOS.altLabel, _literal(alias)))
            add((node, KG.nameKey, _literal(alias.lower())))
        if entity.wikidata:
            add((node, OWL.sameAs, URIRef(WIKIDATA + entity.wikidata)))
    return triples


def event_entities(events: Iterable[Event]) -> list[Entity]:
    """Return the agents, patients and places of events, in order, repeats kept."""
    return [e for event in events for e in (*event.agents, *event.patients, *event.place)]


# -- canonical events (event resolution) ---------------------------------------------------
def _add_canonical_time(add: _Add, node: URIRef, when: EventDate) -> None:
    time_node = URIRef(f"{node}/time")
    add((node, SEM.hasTime, time_node))
    add((time_node, RDF.type, SEM.Time))
    add((time_node, RDF.type, TIME.TemporalEntity))
    add((time_node, KG.timexValue, _literal(when.value)))
    add((time_node, KG.granularity, _literal(when.granularity)))
    add((time_node, KG.timeText, _literal(when.text)))
    add((time_node, KG.dateRelation, _literal(when.relation)))
    add((time_node, KG.dateInferred, _literal(when.inferred)))


def _add_claims(add: _Add, node: URIRef, disagreement: Disagreement) -> None:
    d_node = URIRef(f"{node}/disagreement/{disagreement.aspect}")
    add((node, KG.hasDisagreement, d_node))
    add((d_node, RDF.type, KG.Disagreement))
    add((d_node, KG.aspect, _literal(disagreement.aspect)))
    for rank, claim in enumerate(disagreement.claims):
        c_node = URIRef(f"{d_node}/{rank}")
        add((d_node, KG.hasClaim, c_node))
        add((c_node, RDF.type, KG.Claim))
        add((c_node, KG.claimValue, Literal(claim.value)))
        add((c_node, KG.claimRank, _nni(rank)))
        for report in claim.reports:
            add((c_node, PROV.wasDerivedFrom, URIRef(report)))
        for outlet in claim.sources:
            add((c_node, KG.outlet, _literal(outlet)))


def canonical_to_graph(block: str, canonical: Iterable[CanonicalEvent]) -> Graph:
    """Return the named graph of one resolution block's canonical events.

    Each canonical event is a ``kg:CanonicalEvent`` derived (``prov:wasDerivedFrom``)
    from its reports, each of which is ``kg:reportOf`` it; it carries its type
    (``sem:eventType``), date, agents, patients, sources, outlets, confidence and
    disagreements (``kg:Disagreement`` -> ``kg:Claim``).

    Args:
        block: The block key.
        canonical: The block's canonical events.

    Returns:
        A graph whose identifier is :func:`kg.namespace.canonical_graph_iri` of the block.
    """
    g = Graph(identifier=canonical_graph_iri(block))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.addN((s, p, o, g) for s, p, o in canonical_triples(canonical))
    return g


def canonical_triples(canonical: Iterable[CanonicalEvent]) -> list[_Triple]:
    """Return the triples of :func:`canonical_to_graph` as a list (no rdflib Graph: fast)."""
    triples: list[_Triple] = []
    add = triples.append
    for event in canonical:
        node = URIRef(event.id)
        add((node, RDF.type, KG.CanonicalEvent))
        add((node, SEM.eventType, EVENT_CLASSES.get(event.type, KG.OtherEvent)))
        add((node, KG.resolutionBlock, _literal(event.block)))
        add((node, KG.canonicalAction, _literal(event.action)))
        add((node, KG.sourceCount, _nni(event.sources)))
        add((node, KG.canonicalConfidence, _literal(float(event.confidence))))
        for outlet in event.outlets:
            add((node, KG.outlet, _literal(outlet)))
        for report in event.reports:
            add((node, PROV.wasDerivedFrom, URIRef(report)))
            add((URIRef(report), KG.reportOf, node))
        for agent in event.agents:
            add((node, KG.canonicalAgent, _entity_node(agent)))
        for patient in event.patients:
            add((node, KG.canonicalPatient, _entity_node(patient)))
        if event.date is not None:
            _add_canonical_time(add, node, event.date)
        for disagreement in event.disagreements:
            _add_claims(add, node, disagreement)
    return triples
