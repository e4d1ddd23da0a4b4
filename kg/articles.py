"""Articles over a store: write them with their indexes, read events and entities back.

Each article is a named graph (see :mod:`kg.rdf` for its triples). :func:`write_article`
replaces an article's graph atomically (rebuilding never duplicates triples) and merges
its entities; the aliases only the old graph gave and the entities no article refers to
any more go in the same transaction, as do the index upkeep of :mod:`kg.index`, so a
rebuild ends as a build from scratch. :func:`remove_article` drops the graph the same
way. :func:`read_events` reads :class:`kg.types.Event` values back; their ``to_json()``
equals that of the events written. :func:`resolve_blocks` resolves the reports of some
blocks into canonical events again and replaces their graphs.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.corefer import (
    LOW_BLOCK,
    ArticleRecord,
    CanonicalEvent,
    Claim,
    Disagreement,
    block_key,
    block_keys,
    block_parts,
    block_types,
    decode_record,
    lemmas_of,
    resolve_events,
)
from kg.errors import StoreError
from kg.index import (
    calendar_graph,
    calendar_prune,
    calendar_refresh,
    calendar_stage,
    calendar_triples,
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
    article_graph_iri,
    article_iri,
    canonical_graph_iri,
    canonical_iri,
)
from kg.query import Term
from kg.rdf import (
    ROLE_KINDS,
    SPARQL_PREFIXES,
    WIKIDATA,
    article_triples,
    canonical_triples,
    entities_to_graph,
    entities_triples,
    event_entities,
)
from kg.store import STAGING_PREFIX, Store, Triples
from kg.types import LISTING_CONFIDENCE, Article, Entity, Event, EventDate, date_interval

__all__ = [
    "article_blocks",
    "has_records",
    "read_articles",
    "read_canonical",
    "read_entities",
    "read_events",
    "read_hashes",
    "read_records",
    "read_sources",
    "remove_article",
    "resolve_blocks",
    "resolution_chunks",
    "stats",
    "write_article",
    "write_articles",
    "write_canonical",
    "write_hashes",
]

_ENTITY_NAMES = {iri: name for name, iri in ENTITY_CLASSES.items()}


def _entities_stage(article_graph: URIRef, token: str) -> str:
    """Return a SPARQL update that notes the names an article graph gives its entities.

    Run before replacing or dropping the graph; :func:`_entities_refresh` then takes
    back the aliases no article gives any more and the entities no article refers to.
    """
    return (
        f"INSERT {{ GRAPH <{_entities_stage_graph(token)}> {{ ?x {_ALT} ?name }} }}\n"
        f"WHERE {{ GRAPH <{article_graph}> {{ ?x {_MENTIONED} ?name }} }}"
    )


def _entities_stage_graph(token: str) -> str:
    return f"{STAGING_PREFIX}{token}:entities"


# Full IRIs: Oxigraph takes no PREFIX after the ';' between update operations.
_ALT, _MENTIONED, _KEY = SKOS.altLabel.n3(), KG.mentionedAs.n3(), KG.nameKey.n3()


def _entities_refresh(token: str) -> list[str]:
    """Return the SPARQL updates that bring the noted entities in line with the articles.

    An alias stays while some article graph names the entity so, a name key while a
    label or alias has it, and an entity while some event refers to it.
    """
    stage = _entities_stage_graph(token)
    noted = f"GRAPH <{stage}> {{ ?x {_ALT} ?name }}"
    entities = f"GRAPH <{ENTITIES_GRAPH}>"
    return [
        f"DELETE {{ {entities} {{ ?x {_ALT} ?name }} }}\n"
        f"WHERE {{ {noted} FILTER NOT EXISTS {{ GRAPH ?g {{ ?x {_MENTIONED} ?name }} }} }}",
        f"DELETE {{ {entities} {{ ?x {_KEY} ?key }} }}\n"
        f"WHERE {{ {noted} BIND(LCASE(STR(?name)) AS ?key)\n"
        f"  FILTER NOT EXISTS {{ {entities} {{ ?x {RDFS.label.n3()}|{_ALT} ?kept }}\n"
        "    FILTER(LCASE(STR(?kept)) = ?key) } }",
        f"DELETE {{ {entities} {{ ?x ?p ?o }} }}\n"
        f"WHERE {{ {{ SELECT DISTINCT ?x {{ {noted} }} }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?role {RDF.value.n3()} ?x }} }}\n"
        f"  {entities} {{ ?x ?p ?o }} }}",
        f"DROP SILENT GRAPH <{stage}>",
    ]


def write_article(
    store: Store,
    article: Article,
    events: Sequence[Event],
    *,
    version: str,
    content_hash: str | None = None,
) -> None:
    """Replace an article's named graph and merge its entities, in one atomic write.

    Args:
        store: An open store.
        article: The article.
        events: Every event read from it (the old graph's events are dropped).
        version: The kg version that built the graph.
        content_hash: What the graph was built from, kept as ``kg:contentHash``.

    Raises:
        StoreError: If the write fails; the store is unchanged then.
    """
    # Triples, not rdflib Graphs: the store only reads them once, in order.
    triples = article_triples(
        article, events, datetime.now(UTC), version, content_hash=content_hash
    )
    graph_iri = article_graph_iri(article.id)
    token = uuid.uuid4().hex
    overlaps = KG.overlapsMonth  # looked up once: namespace attributes are slow
    store.write(
        replace={graph_iri: triples},
        add={
            ENTITIES_GRAPH: entities_triples(event_entities(events)),
            CALENDAR_GRAPH: calendar_triples(o for _, p, o in triples if p == overlaps),
        },
        before=[
            pairs_stage(graph_iri, token),
            tallies_stage(graph_iri, token),
            calendar_stage(graph_iri, token),
            _entities_stage(graph_iri, token),
        ],
        after=[
            pairs_stage(graph_iri, token, new=True),
            *pairs_refresh(token, graph_iri),
            tallies_stage(graph_iri, token, new=True),
            *tallies_refresh(token, graph_iri),
            *calendar_refresh(token),
            *_entities_refresh(token),
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
    token = uuid.uuid4().hex
    for article, _ in pairs:
        graph_iri = article_graph_iri(article.id)
        if graph_iri in existing:
            store.update(_entities_stage(graph_iri, token))
            store.drop_graph(graph_iri)
    entities: dict[Entity, None] = {}
    months: set[Node] = set()

    def quads() -> Iterable[tuple[Node, Node, Node, URIRef]]:
        for article, events in pairs:
            graph_iri = article_graph_iri(article.id)
            entities.update(dict.fromkeys(event_entities(events)))
            for s, p, o in article_triples(article, events, built_at, version):
                if p == KG.overlapsMonth:
                    months.add(o)
                yield s, p, o, graph_iri

    store.bulk_add(quads())
    store.write(
        add={ENTITIES_GRAPH: entities_to_graph(entities), CALENDAR_GRAPH: calendar_graph(months)},
        after=_entities_refresh(token),
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
    blocks = article_blocks(store, article_id)
    token = uuid.uuid4().hex
    store.update(
        f"{SPARQL_PREFIXES}"
        f"{pairs_stage(graph_iri, token)} ;\n"
        f"{tallies_stage(graph_iri, token)} ;\n"
        f"{_entities_stage(graph_iri, token)} ;\n"
        f"DROP SILENT GRAPH <{graph_iri}> ;\n"
        f"DELETE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?x ?p ?o }} }}\n"
        f"WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?x ?p ?o }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?role rdf:value ?x }} }} }} ;\n"
        + " ;\n".join(
            [
                *pairs_refresh(token),
                *tallies_refresh(token),
                calendar_prune(),
                *_entities_refresh(token),
            ]
        )
    )
    resolve_blocks(store, blocks)
    return True


def read_hashes(store: Store) -> dict[str, str]:
    """Return the ``kg:contentHash`` of every stored article that has one, by article id."""
    rows = store.query(
        f"{SPARQL_PREFIXES}SELECT ?id ?h WHERE {{ GRAPH ?g {{ ?a a schema:NewsArticle ; "
        "dct:identifier ?id ; kg:contentHash ?h } }",
        union=False,
    ).dicts()
    return {str(row["id"]): str(row["h"]) for row in rows}


def write_hashes(store: Store, hashes: dict[str, str], *, chunk: int = 1000) -> None:
    """Add ``kg:contentHash`` values to stored articles' graphs, by article id.

    A build adds them once the articles' events are resolved, so an article written by a
    build killed before resolution has none, and the next build does it again.
    """
    items = sorted(hashes.items())
    for i in range(0, len(items), chunk):
        body = " ".join(
            f"GRAPH {article_graph_iri(ident).n3()} "
            f"{{ {article_iri(ident).n3()} kg:contentHash {Literal(value).n3()} }}"
            for ident, value in items[i : i + chunk]
        )
        store.update(f"{SPARQL_PREFIXES}INSERT DATA {{ {body} }}")


def article_blocks(store: Store, article_id: str) -> set[str]:
    """Return the resolution blocks of the events an article has in the store."""
    graph_iri = article_graph_iri(article_id)
    rows = store.query(
        f"{SPARQL_PREFIXES}SELECT DISTINCT ?t ?a WHERE {{ GRAPH <{graph_iri}> "
        "{ ?ev kg:typeName ?t ; kg:action ?a } }",
        union=False,
    ).dicts()
    return {key for row in rows for key in block_keys(str(row["t"]), str(row["a"]))}


_EVENTS_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?ev ?ident ?typeName ?action ?trigger ?ts ?te ?modality ?conf ?cameo
       ?aid ?s ?e ?sent ?tv ?gran ?ttext ?rel ?inf ?dsrc ?dconf
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
               kg:timeText ?ttext ; kg:dateRelation ?rel ; kg:dateInferred ?inf .
               OPTIONAL { ?t kg:dateSource ?dsrc } OPTIONAL { ?t kg:dateConfidence ?dconf } }
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
    SPARQL_PREFIXES
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
    SPARQL_PREFIXES
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
#: Resolution instead reads its blocks' roles, entities and articles in VALUES lists of
#: this many: a scan per chunk of blocks would read the whole store once per chunk.
_VALUES_LIMIT = 2000


def _values(var: str, terms: Iterable[Node]) -> str:
    return f"VALUES ?{var} {{ {' '.join(t.n3() for t in terms)} }}"


def _parts(items: Sequence[Any], size: int = _VALUES_LIMIT) -> Iterator[Sequence[Any]]:
    """Yield consecutive slices of at most ``size`` items."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


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


def _read_entities(store: Store, nodes: set[URIRef], *, scan: bool = True) -> dict[URIRef, Entity]:
    """Read entities by IRI (more may come back when ``scan`` reads them all).

    Args:
        store: An open store.
        nodes: Entity IRIs.
        scan: Above :data:`_VALUES_LIMIT` nodes, read every entity in one query
            instead of the nodes in VALUES lists of that size.
    """
    ordered = sorted(nodes)
    if scan and len(ordered) > _VALUES_LIMIT:
        restricts = [""]
    else:
        restricts = [_values("x", part) for part in _parts(ordered)]
    info: dict[URIRef, dict[str, Any]] = {}
    for restrict in restricts:
        query = (_ENTITIES_QUERY % restrict).replace("$ENTITIES_GRAPH", ENTITIES_GRAPH.n3())
        _entity_rows(store.query(query).dicts(), info)
    return _entities_of(info)


def _entity_rows(rows: Iterable[dict[str, Any]], info: dict[URIRef, dict[str, Any]]) -> None:
    """Gather entity rows of :data:`_ENTITIES_QUERY` by IRI into ``info``."""
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


def _entities_of(info: dict[URIRef, dict[str, Any]]) -> dict[URIRef, Entity]:
    """Return the entities :func:`_entity_rows` gathered."""
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
        SPARQL_PREFIXES
        + f"SELECT DISTINCT ?x WHERE {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?x rdfs:label ?l }} }}"
    ).dicts()
    nodes = {URIRef(row["x"]) for row in rows}
    found = _read_entities(store, nodes) if nodes else {}
    return sorted(found.values(), key=lambda e: e.id)


def _block_pattern(blocks: Iterable[str]) -> str:
    """Return a graph pattern that matches the events of some blocks ("" for none).

    A type (or type and lemma) has two blocks, its listed and its low reports
    (:func:`kg.corefer.block_key`): when only one of them is asked for, the pattern
    also selects on confidence, with a margin, so it matches every event of the block
    and few of the other; the caller keeps the events whose block it asked for.
    """
    sides: dict[tuple[str, str | None], set[bool]] = defaultdict(set)
    for block in blocks:
        sides[block_parts(block)].add(block.endswith(LOW_BLOCK))
    parts = []
    for wanted in ({False, True}, {False}, {True}):
        chosen = [key for key, side in sides.items() if side == wanted]
        check = ""
        if wanted == {False}:
            check = f" ?ev kg:confidence ?bc FILTER(?bc >= {LISTING_CONFIDENCE - _MARGIN})"
        elif wanted == {True}:
            check = f" ?ev kg:confidence ?bc FILTER(?bc < {LISTING_CONFIDENCE + _MARGIN})"
        types = sorted(kind for kind, action in chosen if action is None)
        # A synonym set's block holds reports of any broad type (block_keys): look
        # each lemma up under every broad type; the caller keeps the block's own.
        lemmas = sorted(
            {
                (other, lemma)
                for kind, action in chosen
                if action is not None
                for lemma in lemmas_of(action)
                for other in block_types(kind, action)
            }
        )
        if types:
            values = " ".join(Literal(t).n3() for t in types)
            parts.append(f"{{ VALUES ?bt {{ {values} }} ?ev kg:typeName ?bt .{check} }}")
        if lemmas:
            values = " ".join(f"({Literal(t).n3()} {Literal(a).n3()})" for t, a in lemmas)
            # The lemma is the selective part: look events up by it, then check the type.
            pattern = "?ev kg:action ?ba ; kg:typeName ?bt ."
            parts.append(f"{{ VALUES (?bt ?ba) {{ {values} }} {pattern}{check} }}")
    return " UNION ".join(parts)


#: How far from the listing confidence a block's confidence check reaches, so that
#: rounding never leaves out an event of the block.
_MARGIN = 1e-6


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
    blocks: Iterable[str] | None = None,
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
        blocks: Keep events of these resolution blocks (:func:`kg.corefer.block_key`);
            a few of their listed or low twin blocks may come too, so select the
            blocks wanted with ``block_key``.

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
    block_pattern = _block_pattern(blocks) if blocks is not None else None
    if block_pattern == "":
        return []
    patterns = [_ANY_EVENT_PATTERN] if not bindings and block_pattern is None else []
    if block_pattern is not None:
        patterns.append(block_pattern)
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
    # Blocks are read chunk after chunk: each reads its own events' roles and entities,
    # in VALUES lists, so the chunks together read the store once, not once each.
    scan = blocks is None
    if events:
        if article is not None:
            restricts = [f"FILTER(?g = {article_graph_iri(article).n3()})"]
        elif len(events) <= _VALUES_LIMIT or not scan:
            restricts = [_values("ev", part) for part in _parts(sorted(events))]
        else:
            restricts = [""]
        for restrict in restricts:
            for row in store.query(_ROLES_QUERY % restrict).dicts():
                node = URIRef(row["ev"])
                if node in events:
                    kind = ROLE_KINDS.get(URIRef(row["rt"]))
                    if kind is not None:
                        roles[node][kind].append((_int(row["pos"]), URIRef(row["x"])))
    nodes = {x for per in roles.values() for pairs in per.values() for _, x in pairs}
    entities = _read_entities(store, nodes, scan=scan) if nodes else {}
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
            if "dsrc" in row:
                when = replace(when, source=str(row["dsrc"]))
            elif when.inferred:
                when = replace(when, source="inherited")  # stored before sources were kept
            if "dconf" in row:
                when = replace(when, confidence=float(str(row["dconf"])))
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
    SPARQL_PREFIXES
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
        query = f"{SPARQL_PREFIXES}SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}"
        rows = store.query(query, union=False).rows
        if not rows or rows[0][0] is None:
            raise StoreError(f"{store.location}: cannot count {key} in the store")
        out[key] = int(str(rows[0][0]))
    out["triples"] = len(store)
    return out


def write_canonical(
    store: Store, blocks: Iterable[str], canonical: Iterable[CanonicalEvent]
) -> None:
    """Replace the canonical graphs of some blocks in one atomic write.

    Args:
        store: An open store.
        blocks: The blocks that were resolved (a block left without events is dropped).
        canonical: Their canonical events.
    """
    by_block: dict[str, list[CanonicalEvent]] = {block: [] for block in blocks}
    for event in canonical:
        by_block.setdefault(event.block, []).append(event)
    graphs: dict[URIRef, Triples] = {
        canonical_graph_iri(b): canonical_triples(evs) for b, evs in by_block.items()
    }
    if graphs:
        # Most of a block's canonical events stay as they were when it is resolved again.
        store.rewrite(graphs)


_SOURCES_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?id ?outlet ?issued ?word
WHERE {
  %s
  ?a a schema:NewsArticle ; dct:identifier ?id .
  OPTIONAL { ?a kg:outlet ?outlet }
  OPTIONAL { ?a dct:issued ?issued }
  OPTIONAL { ?a schema:keywords ?word }
}
"""
)


def read_sources(
    store: Store, article_ids: Iterable[str]
) -> tuple[dict[str, str], dict[str, frozenset[str]], dict[str, date]]:
    """Read what event resolution needs of some articles: outlets and story keywords.

    Args:
        store: An open store.
        article_ids: Ids of the articles.

    Returns:
        ``(article id -> outlet, article id -> keywords, article id -> publication date)``.
    """
    ids = sorted(set(article_ids))
    if not ids:
        return {}, {}, {}
    outlets: dict[str, str] = {}
    issued: dict[str, date] = {}
    words: dict[str, set[str]] = defaultdict(set)
    wanted = set(ids)
    # VALUES lists of a bounded size: resolution asks for some articles chunk after
    # chunk, and a scan of every article per chunk would grow with the store squared.
    for part in _parts(ids):
        restrict = _values("id", (Literal(i) for i in part))
        for row in store.query(_SOURCES_QUERY % restrict).dicts():
            ident = str(row["id"])
            if ident not in wanted:
                continue
            if "outlet" in row:
                outlets[ident] = str(row["outlet"])
            if "word" in row:
                words[ident].add(str(row["word"]))
            if "issued" in row:
                issued[ident] = date.fromisoformat(str(row["issued"]))
    return outlets, {k: frozenset(v) for k, v in words.items()}, issued


_CANONICAL_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?c ?block ?cls ?action ?n ?conf ?outlet ?report ?aid ?role ?x
       ?tv ?gran ?ttext ?rel ?inf
WHERE {
  %s
  GRAPH ?g {
    ?c a kg:CanonicalEvent ; kg:resolutionBlock ?block ; sem:eventType ?cls ;
       kg:canonicalAction ?action ; kg:sourceCount ?n ; kg:canonicalConfidence ?conf .
  }
  {
    GRAPH ?g { ?c kg:outlet ?outlet }
  } UNION {
    GRAPH ?g { ?c prov:wasDerivedFrom ?report }
    OPTIONAL { GRAPH ?ag { ?report kg:article/dct:identifier ?aid } }
  } UNION {
    GRAPH ?g {
      { ?c kg:canonicalAgent ?x BIND("agent" AS ?role) }
      UNION { ?c kg:canonicalPatient ?x BIND("patient" AS ?role) }
      UNION {
        ?c sem:hasTime ?t . ?t kg:timexValue ?tv ; kg:granularity ?gran ;
           kg:timeText ?ttext ; kg:dateRelation ?rel ; kg:dateInferred ?inf
      }
    }
  }
}
"""
)

_CLAIMS_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?c ?aspect ?rank ?value ?report ?outlet ?aid
WHERE {
  %s
  GRAPH ?g {
    ?c kg:hasDisagreement ?d . ?d kg:aspect ?aspect ; kg:hasClaim ?k .
    ?k kg:claimRank ?rank ; kg:claimValue ?value .
  }
  {
    GRAPH ?g { ?k prov:wasDerivedFrom ?report }
    OPTIONAL { GRAPH ?ag { ?report kg:article/dct:identifier ?aid } }
  } UNION {
    GRAPH ?g { ?k kg:outlet ?outlet }
  }
}
"""
)


def read_canonical(store: Store, *, reports: Iterable[str] | None = None) -> list[CanonicalEvent]:
    """Read canonical events back from the store.

    Args:
        store: An open store.
        reports: Keep the canonical events of these report IRIs (default: all).

    Returns:
        The canonical events, sorted by IRI.
    """
    restrict = ""
    if reports is not None:
        wanted = sorted({URIRef(r) for r in reports})
        if not wanted:
            return []
        if len(wanted) <= _VALUES_LIMIT:
            restrict = f"{_values('r0', wanted)} GRAPH ?g0 {{ ?r0 kg:reportOf ?c }}"
    names = {iri: name for name, iri in EVENT_CLASSES.items()}
    info: dict[str, dict[str, Any]] = {}
    for row in store.query(_CANONICAL_QUERY % restrict).dicts():
        item = info.setdefault(
            str(row["c"]),
            {
                "block": str(row["block"]),
                "type": names.get(URIRef(row["cls"]), "Other"),
                "action": str(row["action"]),
                "sources": _int(row["n"]),
                "confidence": float(str(row["conf"])),
                "outlets": set(),
                "reports": {},
                "agent": set(),
                "patient": set(),
                "date": None,
            },
        )
        if "outlet" in row:
            item["outlets"].add(str(row["outlet"]))
        if "report" in row:
            item["reports"][str(row["report"])] = _str(row.get("aid"))
        if "role" in row:
            item[str(row["role"])].add(URIRef(row["x"]))
        if "tv" in row:
            item["date"] = EventDate(
                value=str(row["tv"]),
                granularity=str(row["gran"]),
                text=str(row["ttext"]),
                relation=str(row["rel"]),
                inferred=str(row["inf"]) in ("true", "1"),
            )
    if reports is not None and restrict == "":
        keep = {str(r) for r in reports}
        info = {c: i for c, i in info.items() if keep & set(i["reports"])}
    claims: dict[str, dict[str, dict[int, dict[str, Any]]]] = defaultdict(lambda: defaultdict(dict))
    if info:
        c_restrict = (
            _values("c", sorted(URIRef(c) for c in info)) if len(info) <= _VALUES_LIMIT else ""
        )
        for row in store.query(_CLAIMS_QUERY % c_restrict).dicts():
            claim = claims[str(row["c"])][str(row["aspect"])].setdefault(
                _int(row["rank"]),
                {"value": str(row["value"]), "reports": set(), "articles": set(), "outlets": set()},
            )
            if "report" in row:
                claim["reports"].add(str(row["report"]))
                if "aid" in row:
                    claim["articles"].add(str(row["aid"]))
            if "outlet" in row:
                claim["outlets"].add(str(row["outlet"]))
    nodes = {x for item in info.values() for x in (*item["agent"], *item["patient"])}
    entities = _read_entities(store, nodes) if nodes else {}
    out = []
    for iri, item in info.items():
        disagreements = tuple(
            Disagreement(
                aspect,
                tuple(
                    Claim(
                        value=c["value"],
                        reports=tuple(sorted(c["reports"])),
                        articles=tuple(sorted(c["articles"])),
                        sources=tuple(sorted(c["outlets"])),
                    )
                    for _, c in sorted(ranked.items())
                ),
            )
            for aspect, ranked in sorted(
                claims.get(iri, {}).items(),
                key=lambda kv: _ASPECTS.index(kv[0]) if kv[0] in _ASPECTS else 9,
            )
        )
        out.append(
            CanonicalEvent(
                id=iri,
                block=item["block"],
                reports=tuple(sorted(item["reports"])),
                articles=tuple(sorted({a for a in item["reports"].values() if a})),
                type=item["type"],
                action=item["action"],
                date=item["date"],
                agents=tuple(entities.get(x) or _fallback_entity(x) for x in sorted(item["agent"])),
                patients=tuple(
                    entities.get(x) or _fallback_entity(x) for x in sorted(item["patient"])
                ),
                sources=item["sources"],
                outlets=tuple(sorted(item["outlets"])),
                confidence=item["confidence"],
                disagreements=disagreements,
            )
        )
    out.sort(key=lambda c: c.id)
    return out


_ASPECTS = ("date", "agent", "patient")


#: Above this many blocks, resolution reads every event instead of selecting blocks.
_BLOCKS_LIMIT = 200

_BLOCK_SIZES = (
    SPARQL_PREFIXES
    + "SELECT ?t ?a (COUNT(DISTINCT ?ev) AS ?n) WHERE { GRAPH ?g { ?ev kg:typeName ?t ; "
    "kg:action ?a } } GROUP BY ?t ?a"
)


def resolution_chunks(
    store: Store, blocks: Iterable[str], *, reports: int, most: int
) -> list[list[str]]:
    """Group blocks, in sorted order, into chunks of about ``reports`` stored reports.

    :func:`resolve_blocks` holds a chunk's reports in memory at once: chunks of a few
    thousand reports keep that bounded as blocks grow with the store (a block larger
    than ``reports`` is a chunk of its own), and small blocks still share one read.

    Args:
        store: An open store.
        blocks: Block keys (:func:`kg.corefer.block_key`).
        reports: Stored reports a chunk holds at most, unless one block has more.
        most: Blocks a chunk holds at most.

    Returns:
        The chunks; joined, the sorted blocks.
    """
    wanted = sorted(set(blocks))
    if not wanted:
        return []
    sizes: dict[str, int] = defaultdict(int)
    for kind, action, count in store.query(_BLOCK_SIZES, union=False).rows:
        # A report of this type and action falls in one of its two blocks: count both.
        for key in block_keys(str(kind), str(action)):
            sizes[key] += int(str(count))
    chunks: list[list[str]] = []
    current: list[str] = []
    held = 0
    for block in wanted:
        size = sizes.get(block, 0)
        if current and (held + size > reports or len(current) >= most):
            chunks.append(current)
            current, held = [], 0
        current.append(block)
        held += size
    chunks.append(current)
    return chunks


_RECORDS_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?src ?bk ?rep WHERE {
  %s
  GRAPH ?g {
    ?r kg:recordBlock ?bk ; kg:recordReports ?rep .
    ?a kg:resolutionRecord ?r ; kg:resolutionSources ?src .
  }
}
"""
)
_WITHOUT_RECORD = (
    SPARQL_PREFIXES
    + "ASK { GRAPH ?g { ?a a schema:NewsArticle\n"
    + "  FILTER NOT EXISTS { ?a kg:resolutionSources ?s } } }"
)


def has_records(store: Store) -> bool:
    """Tell whether every stored article has a resolution record this version reads."""
    return not store.query(_WITHOUT_RECORD, union=False).boolean


def read_records(
    store: Store, blocks: Iterable[str], *, checked: bool = False
) -> list[ArticleRecord] | None:
    """Read the resolution records of the articles with events in some blocks.

    Args:
        store: An open store.
        blocks: Block keys (:func:`kg.corefer.block_key`).
        checked: The caller knows :func:`has_records` holds (it is not asked again).

    Returns:
        One record per article, in article order, with its reports in those blocks;
        None when some stored article has no record this version reads (a store an
        earlier kg wrote): read the reports' triples then.
    """
    if not checked and not has_records(store):
        return None
    wanted = sorted(set(blocks))
    if len(wanted) > _BLOCKS_LIMIT:  # most of the store: one scan beats long VALUES lists
        restricts = [""]
    else:
        restricts = [_values("bk", (Literal(b) for b in part)) for part in _parts(wanted)]
    keep = set(wanted)
    sources: dict[str, str] = {}
    reports: dict[str, list[str]] = defaultdict(list)
    for restrict in restricts:
        for node, head, block, text in store.query(_RECORDS_QUERY % restrict, union=False).rows:
            if str(block) in keep:
                sources[str(node)] = str(head)
                reports[str(node)].append(str(text))
    records = []
    for ident in sorted(sources):
        record = decode_record(sources[ident], reports[ident])
        if record is None:
            return None
        records.append(record)
    return records


def resolve_blocks(store: Store, blocks: Iterable[str], *, records: bool | None = None) -> int:
    """Resolve the reports of some blocks again and replace their canonical graphs.

    Only the given blocks are read and rewritten, so adding an article costs the blocks
    its events fall in, not the whole store.

    Args:
        store: An open store.
        blocks: Block keys (:func:`kg.corefer.block_key`) whose reports changed.
        records: Whether every stored article has a resolution record
            (:func:`has_records`), if the caller already asked; None: ask.

    Returns:
        The number of canonical events written.
    """
    wanted = sorted(set(blocks))
    if not wanted:
        return 0
    keep = set(wanted)
    found = None if records is False else read_records(store, wanted, checked=bool(records))
    if found is not None:
        reports = [e for r in found for e in r.reports]
        outlets = {r.article: r.outlet for r in found}
        keywords = {r.article: r.keywords for r in found}
        published = {r.article: r.published for r in found if r.published is not None}
    else:  # a store written before articles kept records: read the reports' triples
        # A block's listed and low reports are read together: keep the blocks asked.
        if len(wanted) > _BLOCKS_LIMIT:  # most of the store: one scan beats VALUES
            reports = [e for e in read_events(store) if block_key(e) in keep]
        else:
            reports = [e for e in read_events(store, blocks=wanted) if block_key(e) in keep]
        outlets, keywords, published = read_sources(store, {e.article for e in reports})
    canonical = resolve_events(
        reports,
        outlets=outlets,
        keywords=keywords,
        published=published,
        mint=lambda r: str(canonical_iri(r)),
    )
    write_canonical(store, wanted, canonical)
    return len(canonical)
