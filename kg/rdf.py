"""Events <-> RDF: one named graph per article, one shared graph of entities.

An article's named graph (:func:`kg.namespace.article_graph_iri`) holds the article,
its text as a NIF context, every event read from it, their SEM roles, OWL-Time dates
(plus the first and last day each date covers as SEM timestamps on the event, so
queries sort and filter by date) and NIF sentences, and a description of the graph
itself (prov:generatedAtTime, kg:version). Entities live in
:data:`kg.namespace.ENTITIES_GRAPH`, merged across articles, so an entity described
once is referred to by every article.

``write_article`` replaces an article's graph atomically (rebuilding never duplicates
triples) and merges its entities; ``remove_article`` drops the graph and the entities
no remaining article refers to (aliases that only the removed article contributed are
kept on entities still in use). ``read_events`` reads :class:`kg.types.Event` values
back; their ``to_json()`` equals that of the events written.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD
from rdflib.term import Node

from kg.errors import StoreError
from kg.index import (
    calendar_graph,
    calendar_prune,
    month_links,
    pairs_refresh,
    pairs_stage,
    rebuild_pairs,
    rebuild_tallies,
    tallies_refresh,
    tallies_stage,
)
from kg.namespace import (
    CALENDAR_GRAPH,
    ENTITIES_GRAPH,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    KG,
    KG_NS,
    NIF,
    SEM,
    article_graph_iri,
    article_iri,
    entity_iri,
    event_iri,
    tally_iris,
)
from kg.query import Term
from kg.store import Store
from kg.types import Article, Entity, Event, EventDate, date_interval

__all__ = [
    "PREFIXES",
    "article_to_graph",
    "entities_to_graph",
    "read_articles",
    "read_entities",
    "read_events",
    "remove_article",
    "stats",
    "write_article",
    "write_articles",
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
_SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_ENTITY_NAMES = {iri: name for name, iri in ENTITY_CLASSES.items()}
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
_ROLE_KINDS = {role_type: kind for kind, _, _, role_type in _ROLES}
_Triple = tuple[Node, Node, Node]
_Add = Callable[[_Triple], None]
_INTERVALS = {"century", "decade", "half", "quarter", "season", "week"}
#: SEM timestamps of the first and last day a dated event's period covers (xsd:date).
_EARLIEST_BEGIN = URIRef(f"{SEM._NS}hasEarliestBeginTimeStamp")
_LATEST_END = URIRef(f"{SEM._NS}hasLatestEndTimeStamp")


def _is_iri(value: str) -> bool:
    return bool(_ABSOLUTE_IRI.match(value))


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
        add((node, xsd_property[0], Literal(value, datatype=xsd_property[1])))
    elif when.granularity in _INTERVALS:
        add((node, RDF.type, TIME.ProperInterval))
    else:
        add((node, RDF.type, TIME.TemporalEntity))
    add((node, KG.timexValue, Literal(value)))
    period = date_interval(value)
    if period is not None:
        # On the event itself: one index lookup sorts and filters events by date.
        add((event, _EARLIEST_BEGIN, Literal(period[0].isoformat(), datatype=XSD.date)))
        add((event, _LATEST_END, Literal(period[1].isoformat(), datatype=XSD.date)))
        months = month_links(*period)
        if months is None:
            add((event, KG.coarsePeriod, Literal(True)))
        else:
            for month in months:
                add((event, KG.overlapsMonth, month))
    add((node, KG.granularity, Literal(when.granularity)))
    add((node, KG.timeText, Literal(when.text)))
    add((node, KG.dateRelation, Literal(when.relation)))
    add((node, KG.dateInferred, Literal(when.inferred)))
    return period[0] if period is not None else None


def _add_event(add: _Add, event: Event, context: URIRef) -> None:
    node = _event_node(event)
    article = article_iri(event.article)
    add((node, RDF.type, SEM.Event))
    add((node, RDF.type, EVENT_CLASSES.get(event.type, KG.OtherEvent)))
    add((node, KG.typeName, Literal(event.type)))
    if str(node) != event.id:
        add((node, DCTERMS.identifier, Literal(event.id)))
    add((node, KG.action, Literal(event.action)))
    add((node, KG.trigger, Literal(event.trigger)))
    add((node, KG.triggerStart, _nni(event.trigger_start)))
    add((node, KG.triggerEnd, _nni(event.trigger_end)))
    add((node, KG.modality, Literal(event.modality)))
    add((node, KG.confidence, Literal(float(event.confidence))))
    if event.cameo is not None:
        add((node, KG.cameoCode, Literal(event.cameo)))
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
    article: Article, events: Sequence[Event], *, built_at: datetime, version: str
) -> Graph:
    """Return the triples of one article's named graph.

    Args:
        article: The article.
        events: The events read from it.
        built_at: When the graph was built (naive values are taken as UTC).
        version: The kg version that built it.

    Returns:
        A graph whose identifier is the article's graph IRI.
    """
    graph_iri = article_graph_iri(article.id)
    g = Graph(identifier=graph_iri)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.addN((s, p, o, g) for s, p, o in _article_triples(article, events, built_at, version))
    return g


def _article_triples(
    article: Article, events: Sequence[Event], built_at: datetime, version: str
) -> list[_Triple]:
    """Return the triples of an article's graph as a list (no rdflib Graph: fast)."""
    graph_iri = article_graph_iri(article.id)
    triples: list[_Triple] = []
    add = triples.append
    node = article_iri(article.id)
    add((graph_iri, RDF.type, KG.ArticleGraph))
    add((graph_iri, PROV.generatedAtTime, _timestamp(built_at)))
    add((graph_iri, KG.version, Literal(version)))
    add((graph_iri, PROV.wasDerivedFrom, node))
    add((node, RDF.type, SDO.NewsArticle))
    add((node, DCTERMS.identifier, Literal(article.id)))
    if article.title is not None:
        add((node, DCTERMS.title, Literal(article.title)))
    if article.published is not None:
        add((node, DCTERMS.issued, Literal(article.published.isoformat(), datatype=XSD.date)))
    add((node, KG.publishedInferred, Literal(article.published_inferred)))
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
    context = URIRef(f"{node}#char=0,{len(article.text)}")
    add((node, KG.context, context))
    add((context, RDF.type, NIF.Context))
    add((context, RDF.type, NIF.RFC5147String))
    add((context, NIF.beginIndex, _nni(0)))
    add((context, NIF.endIndex, _nni(len(article.text))))
    add((context, NIF.isString, Literal(article.text)))
    for event in events:
        _add_event(add, event, context)
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
    for entity in entities:
        node = _entity_node(entity)
        g.add((node, RDF.type, ENTITY_CLASSES.get(entity.type, KG.OtherEntity)))
        for superclass in _SEM_SUPERCLASSES.get(entity.type, (SEM.Actor,)):
            g.add((node, RDF.type, superclass))
        if entity.type not in ENTITY_CLASSES:
            g.add((node, KG.typeName, Literal(entity.type)))
        if str(node) != entity.id:
            g.add((node, DCTERMS.identifier, Literal(entity.id)))
        g.add((node, RDFS.label, Literal(entity.label)))
        g.add((node, KG.nameKey, Literal(entity.label.lower())))
        for alias in entity.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
            g.add((node, KG.nameKey, Literal(alias.lower())))
        if entity.wikidata:
            g.add((node, OWL.sameAs, URIRef(WIKIDATA + entity.wikidata)))
    return g


def _event_entities(events: Iterable[Event]) -> list[Entity]:
    return [e for event in events for e in (*event.agents, *event.patients, *event.place)]


def write_article(store: Store, article: Article, events: Sequence[Event], *, version: str) -> None:
    """Replace an article's named graph and merge its entities, in one atomic write.

    Args:
        store: An open store.
        article: The article.
        events: Every event read from it (the old graph's events are dropped).
        version: The kg version that built the graph.

    Raises:
        StoreError: If the write fails; the store is unchanged then.
    """
    g = article_to_graph(article, events, built_at=datetime.now(UTC), version=version)
    graph_iri = article_graph_iri(article.id)
    token = uuid.uuid4().hex
    store.write(
        replace={g.identifier: g},  # type: ignore[dict-item]
        add={
            ENTITIES_GRAPH: entities_to_graph(_event_entities(events)),
            CALENDAR_GRAPH: calendar_graph(g.objects(None, KG.overlapsMonth)),
        },
        before=[pairs_stage(graph_iri, token), tallies_stage(graph_iri, token)],
        after=[
            pairs_stage(graph_iri, token),
            *pairs_refresh(token),
            tallies_stage(graph_iri, token),
            *tallies_refresh(token),
            calendar_prune(),
        ],
    )


def write_articles(
    store: Store, items: Iterable[tuple[Article, Sequence[Event]]], *, version: str
) -> int:
    """Bulk-load many articles at once (fast, but not atomic: for building a store).

    Articles already in the store are dropped first, so the result equals calling
    :func:`write_article` for each.

    Args:
        store: An open store.
        items: (article, events) pairs.
        version: The kg version that built the graphs.

    Returns:
        The number of articles written.
    """
    built_at = datetime.now(UTC)
    pairs = list(items)
    existing = set(store.graphs())
    for article, _ in pairs:
        graph_iri = article_graph_iri(article.id)
        if graph_iri in existing:
            store.drop_graph(graph_iri)
    entities: dict[Entity, None] = {}
    months: set[Node] = set()

    def quads() -> Iterable[tuple[Node, Node, Node, URIRef]]:
        for article, events in pairs:
            graph_iri = article_graph_iri(article.id)
            entities.update(dict.fromkeys(_event_entities(events)))
            for s, p, o in _article_triples(article, events, built_at, version):
                if p == KG.overlapsMonth:
                    months.add(o)
                yield s, p, o, graph_iri

    store.bulk_add(quads())
    store.write(
        add={ENTITIES_GRAPH: entities_to_graph(entities), CALENDAR_GRAPH: calendar_graph(months)},
    )
    rebuild_pairs(store)
    rebuild_tallies(store)
    return len(pairs)


def remove_article(store: Store, article_id: str) -> bool:
    """Delete an article's named graph and the entities no other article uses.

    Args:
        store: An open store.
        article_id: Id of the article.

    Returns:
        True if the article was in the store.
    """
    graph_iri = article_graph_iri(article_id)
    existed = store.query(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}", union=False).boolean
    if not existed:
        return False
    token = uuid.uuid4().hex
    store.update(
        f"{_SPARQL_PREFIXES}"
        f"{pairs_stage(graph_iri, token)} ;\n"
        f"{tallies_stage(graph_iri, token)} ;\n"
        f"DROP SILENT GRAPH <{graph_iri}> ;\n"
        f"DELETE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?x ?p ?o }} }}\n"
        f"WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?x ?p ?o }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?role rdf:value ?x }} }} }} ;\n"
        + " ;\n".join([*pairs_refresh(token), *tallies_refresh(token), calendar_prune()])
    )
    return True


_EVENTS_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT DISTINCT ?ev ?ident ?typeName ?action ?trigger ?ts ?te ?modality ?conf ?cameo
       ?aid ?s ?e ?sent ?tv ?gran ?ttext ?rel ?inf
WHERE {
  %s
  LATERAL { GRAPH ?g {
    ?ev kg:typeName ?typeName ; kg:action ?action ; kg:trigger ?trigger ;
        kg:article ?art ; kg:sentence ?sn ; kg:modality ?modality ; kg:confidence ?conf .
    ?art dct:identifier ?aid .
    ?sn nif:beginIndex ?s ; nif:endIndex ?e ; nif:anchorOf ?sent .
    OPTIONAL { ?ev dct:identifier ?ident }
    OPTIONAL { ?ev kg:triggerStart ?ts }
    OPTIONAL { ?ev kg:triggerEnd ?te }
    OPTIONAL { ?ev kg:cameoCode ?cameo }
    OPTIONAL { ?ev sem:hasTime ?t . ?t kg:timexValue ?tv ; kg:granularity ?gran ;
               kg:timeText ?ttext ; kg:dateRelation ?rel ; kg:dateInferred ?inf }
  } }
}
"""
)
# Selective patterns go first and match bound values directly (no FILTER), so Oxigraph
# answers them with index lookups instead of scanning every event.
# LATERAL (SPARQL 1.2 draft, supported by Oxigraph) then reads each event's details by
# lookups; without it Oxigraph hash-joins and scans every event for each property.
_ANY_EVENT_PATTERN = "?ev kg:typeName ?anyType ."
_ARTICLE_PATTERN = "?art dct:identifier ?p_article . ?ev kg:article ?art ."
_TYPE_PATTERN = "?ev kg:typeName ?p_type ."
_ACTOR_PATTERN = "?who kg:nameKey ?p_actor . { ?ev kg:agent ?who } UNION { ?ev kg:patient ?who }"
# A part of a name ("Erdogan" for "Recep Tayyip Erdogan"), tried when no name is equal.
_ACTOR_WORDS_PATTERN = (
    "?who kg:nameKey ?key . "
    'FILTER(CONTAINS(CONCAT(" ", ?key, " "), CONCAT(" ", ?p_actor, " "))) '
    "{ ?ev kg:agent ?who } UNION { ?ev kg:patient ?who }"
)

_ROLES_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT ?ev ?rt ?pos ?x
WHERE {
  %s
  GRAPH ?g {
    ?ev sem:hasActor|sem:hasPlace ?r .
    ?r rdf:value ?x ; sem:roleType ?rt ; kg:position ?pos .
  }
}
"""
)

_ENTITIES_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT ?x ?cls ?typeName ?label ?alias ?wd ?ident
WHERE {
  %s
  GRAPH $ENTITIES_GRAPH { ?x rdfs:label ?label }
  LATERAL { GRAPH $ENTITIES_GRAPH {
    OPTIONAL { ?x a ?cls FILTER(STRSTARTS(STR(?cls), STR(kg:))) }
    OPTIONAL { ?x kg:typeName ?typeName }
    OPTIONAL { ?x skos:altLabel ?alias }
    OPTIONAL { ?x owl:sameAs ?wd FILTER(STRSTARTS(STR(?wd), STR(wd:))) }
    OPTIONAL { ?x dct:identifier ?ident }
  } }
}
"""
)

#: Above this many events (or entities), read every role (or entity) instead of a VALUES list.
_VALUES_LIMIT = 2000


def _values(var: str, terms: Iterable[URIRef]) -> str:
    return f"VALUES ?{var} {{ {' '.join(t.n3() for t in terms)} }}"


def _str(term: Term | None) -> str | None:
    return None if term is None else str(term)


def _int(term: Term | None) -> int:
    return 0 if term is None else int(str(term))


def _in_range(value: str, since: str | None, until: str | None) -> bool:
    """Tell whether a date value's period overlaps the bounds' periods.

    "2017" is within ``--since 2017-06``; the week "2024-W25" is within June 2024.
    """
    period = date_interval(value)
    if period is None:
        return False
    if since is not None:
        low = date_interval(since)
        if low is not None and period[1] < low[0]:
            return False
    if until is not None:
        high = date_interval(until)
        if high is not None and period[0] > high[1]:
            return False
    return True


def _date_key(event: Event) -> tuple[bool, date, date, str]:
    """Order by the first day a date covers, then by the last (a day before its month)."""
    period = date_interval(event.date.value) if event.date else None
    if period is None:
        return (True, date.max, date.max, event.date.value if event.date else "")
    return (False, period[0], period[1], event.date.value if event.date else "")


def _read_entities(store: Store, nodes: set[URIRef]) -> dict[URIRef, Entity]:
    restrict = _values("x", sorted(nodes)) if len(nodes) <= _VALUES_LIMIT else ""
    query = (_ENTITIES_QUERY % restrict).replace("$ENTITIES_GRAPH", ENTITIES_GRAPH.n3())
    rows = store.query(query).dicts()
    info: dict[URIRef, dict[str, Any]] = {}
    for row in rows:
        node = URIRef(row["x"])
        item = info.setdefault(node, {"classes": set(), "aliases": set()})
        item["label"] = str(row["label"])
        if "cls" in row:
            item["classes"].add(URIRef(row["cls"]))
        if "alias" in row:
            item["aliases"].add(str(row["alias"]))
        for key in ("typeName", "wd", "ident"):
            if key in row:
                item[key] = str(row[key])
    entities = {}
    for node, item in info.items():
        names = sorted(_ENTITY_NAMES[c] for c in item["classes"] if c in _ENTITY_NAMES)
        type_name = item.get("typeName") or (names[0] if names else "Other")
        wikidata = item.get("wd")
        entities[node] = Entity(
            id=item.get("ident", str(node)),
            label=item["label"],
            type=type_name,
            aliases=tuple(sorted(item["aliases"])),
            wikidata=wikidata[len(WIKIDATA) :] if wikidata else None,
        )
    return entities


def read_entities(store: Store) -> list[Entity]:
    """Read every entity of the shared graph (to seed the resolver of a later build).

    Args:
        store: An open store.

    Returns:
        The entities, sorted by IRI.
    """
    rows = store.query(
        _SPARQL_PREFIXES
        + f"SELECT DISTINCT ?x WHERE {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?x rdfs:label ?l }} }}"
    ).dicts()
    nodes = {URIRef(row["x"]) for row in rows}
    found = _read_entities(store, nodes) if nodes else {}
    return sorted(found.values(), key=lambda e: e.id)


def _fallback_entity(node: URIRef) -> Entity:
    """An entity the shared graph does not describe: named after its IRI."""
    return Entity(id=str(node), label=str(node).rsplit("/", 1)[-1], type="Other")


def read_events(
    store: Store,
    *,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    type: str | None = None,  # noqa: A002 - the CLI's option name
    article: str | None = None,
) -> list[Event]:
    """Read events back from the store, in time order.

    Args:
        store: An open store.
        actor: Keep events with an agent or patient whose label or alias equals this,
            ignoring case.
        since: Keep dated events whose date value is not before this (compared on the
            common prefix, so "2017" is kept for since="2017-06").
        until: Keep dated events whose date value is not after this (same rule).
        type: Keep events of this type name ("Ban").
        article: Keep events of this article id.

    Returns:
        Events ordered by date value (undated last), then article, then offset.
    """
    bindings: dict[str, Node] = {}
    if article is not None:
        bindings["p_article"] = Literal(article)
    if actor is not None:
        bindings["p_actor"] = Literal(actor.lower())
    if type is not None:
        bindings["p_type"] = Literal(type)
    patterns = [_ANY_EVENT_PATTERN] if not bindings else []
    patterns += [
        pattern
        for pattern, key in (
            (_ACTOR_PATTERN, "p_actor"),
            (_ARTICLE_PATTERN, "p_article"),
            (_TYPE_PATTERN, "p_type"),
        )
        if key in bindings
    ]
    query = _EVENTS_QUERY % "\n  ".join(patterns)
    events = {URIRef(row["ev"]): row for row in store.query(query, bindings).dicts()}
    if not events and actor is not None:
        query = query.replace(_ACTOR_PATTERN, _ACTOR_WORDS_PATTERN)
        events = {URIRef(row["ev"]): row for row in store.query(query, bindings).dicts()}
    roles: dict[URIRef, dict[str, list[tuple[int, URIRef]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    if events:
        if article is not None:
            restrict = f"FILTER(?g = {article_graph_iri(article).n3()})"
        elif len(events) <= _VALUES_LIMIT:
            restrict = _values("ev", sorted(events))
        else:
            restrict = ""
        for row in store.query(_ROLES_QUERY % restrict).dicts():
            node = URIRef(row["ev"])
            if node in events:
                kind = _ROLE_KINDS.get(URIRef(row["rt"]))
                if kind is not None:
                    roles[node][kind].append((_int(row["pos"]), URIRef(row["x"])))
    nodes = {x for per in roles.values() for pairs in per.values() for _, x in pairs}
    entities = _read_entities(store, nodes) if nodes else {}
    out = []
    for node, row in events.items():
        type_name = str(row["typeName"])
        when = None
        if "tv" in row:
            when = EventDate(
                value=str(row["tv"]),
                granularity=str(row["gran"]),
                text=str(row["ttext"]),
                relation=str(row["rel"]),
                inferred=str(row["inf"]) in ("true", "1"),
            )
        if (since is not None or until is not None) and (
            when is None or not _in_range(when.value, since, until)
        ):
            continue
        args = {
            kind: tuple(
                entities.get(x) or _fallback_entity(x) for _, x in sorted(roles[node].get(kind, []))
            )
            for kind in ("agent", "patient", "place")
        }
        out.append(
            Event(
                id=_str(row.get("ident")) or str(node),
                article=str(row["aid"]),
                sentence=str(row["sent"]),
                start=_int(row["s"]),
                end=_int(row["e"]),
                trigger=str(row["trigger"]),
                action=str(row["action"]),
                type=type_name,
                trigger_start=_int(row.get("ts")),
                trigger_end=_int(row.get("te")),
                agents=args["agent"],
                patients=args["patient"],
                place=args["place"],
                date=when,
                modality=str(row["modality"]),
                confidence=float(str(row["conf"])),
                cameo=_str(row.get("cameo")),
            )
        )
    out.sort(key=lambda e: (*_date_key(e), e.article, e.start, e.trigger_start, e.id))
    return out


_ARTICLES_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT ?id ?title ?issued ?inferred ?url ?source ?path ?text
WHERE {
  GRAPH ?g {
    ?a a schema:NewsArticle ; dct:identifier ?id .
    OPTIONAL { ?a dct:title ?title }
    OPTIONAL { ?a dct:issued ?issued }
    OPTIONAL { ?a kg:publishedInferred ?inferred }
    OPTIONAL { ?a schema:url ?url }
    OPTIONAL { ?a schema:publisher ?source }
    OPTIONAL { ?a kg:sourcePath ?path }
    OPTIONAL { ?a kg:context/nif:isString ?text }
  }
}
ORDER BY ?id
"""
)


def read_articles(store: Store) -> list[Article]:
    """Read every article back from the store, sorted by id."""
    articles: dict[str, Article] = {}
    for row in store.query(_ARTICLES_QUERY).dicts():
        ident = str(row["id"])
        issued = row.get("issued")
        articles[ident] = Article(
            id=ident,
            text=str(row.get("text", "")),
            title=_str(row.get("title")),
            published=date.fromisoformat(str(issued)) if issued is not None else None,
            published_inferred=str(row.get("inferred", "false")) in ("true", "1"),
            url=_str(row.get("url")),
            source=_str(row.get("source")),
            path=_str(row.get("path")),
        )
    return list(articles.values())


def stats(store: Store) -> dict[str, int]:
    """Count what the store holds.

    Returns:
        ``{"articles", "events", "entities", "graphs", "triples"}``; triples counts
        every quad in the store.
    """
    counts = {
        "articles": "GRAPH ?g { ?x a schema:NewsArticle }",
        "events": "GRAPH ?g { ?x a sem:Event }",
        "entities": f"GRAPH {ENTITIES_GRAPH.n3()} {{ ?x rdfs:label ?label }}",
        "graphs": "GRAPH ?x { ?s ?p ?o }",
    }
    out: dict[str, int] = {}
    for key, pattern in counts.items():
        query = f"{_SPARQL_PREFIXES}SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}"
        rows = store.query(query, union=False).rows
        if not rows or rows[0][0] is None:
            raise StoreError(f"{store.location}: cannot count {key} in the store")
        out[key] = int(str(rows[0][0]))
    out["triples"] = len(store)
    return out
