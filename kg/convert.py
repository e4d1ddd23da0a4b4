# ruff: noqa: N803, N806
# (G and P are kg's names for networkx graphs, as in networkx itself.)
"""Convert events into NetworkX graphs.

The event graph is a :class:`networkx.MultiDiGraph` with two kinds of nodes:

* entities (``kind="entity"``): actors, targets and places, keyed by their IRI;
* events (``kind="event"``), keyed by their IRI.

Edges run ``agent -> event`` (``role="agent"``), ``event -> patient``
(``role="patient"``) and ``event -> place`` (``role="place"``); the edge key is the
role, so an entity that is both agent and patient of one event gets two edges.

Event dates keep their TIMEX3 value and granularity; :func:`date_interval` turns a
value into the first and last calendar day it covers, stored on each event node as
``start`` and ``end`` (ISO strings) so that sorting never pretends a year is a day.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from kg.types import Article, Entity, Event, date_interval

__all__ = [
    "ROLES",
    "actor_projection",
    "date_interval",
    "event_nodes",
    "events_to_nx",
]

#: Edge roles, in the order an event's arguments are read.
ROLES = ("agent", "patient", "place")


def _entity_attrs(entity: Entity) -> dict[str, Any]:
    return {
        "kind": "entity",
        "label": entity.label,
        "type": entity.type,
        "aliases": tuple(entity.aliases),
        "wikidata": entity.wikidata,
    }


def _event_attrs(event: Event, article: Article | None) -> dict[str, Any]:
    when = event.date
    bounds = date_interval(when.value) if when else None
    return {
        "kind": "event",
        "label": event.action or event.trigger,
        "type": event.type,
        "action": event.action,
        "trigger": event.trigger,
        "date": when.value if when else None,
        "granularity": when.granularity if when else None,
        "date_text": when.text if when else None,
        "date_relation": when.relation if when else None,
        "date_inferred": when.inferred if when else False,
        "date_source": when.source if when else None,
        "date_confidence": when.confidence if when else None,
        "start": bounds[0].isoformat() if bounds else None,
        "end": bounds[1].isoformat() if bounds else None,
        "sentence": event.sentence,
        "article": event.article,
        "article_url": article.url if article else None,
        "article_title": article.title if article else None,
        "article_published": (
            article.published.isoformat() if article and article.published else None
        ),
        "confidence": event.confidence,
        "modality": event.modality,
        "cameo": event.cameo,
    }


def _add_entity(G: nx.MultiDiGraph, entity: Entity) -> None:
    if entity.id in G:
        # The same entity read from several events: keep the first label, merge names.
        node = G.nodes[entity.id]
        node["aliases"] = tuple(sorted(set(node.get("aliases", ())) | set(entity.aliases)))
    else:
        G.add_node(entity.id, **_entity_attrs(entity))


def events_to_nx(
    events: Iterable[Event], articles: Mapping[str, Article] | None = None
) -> nx.MultiDiGraph:
    """Return the event graph of ``events``.

    Args:
        events: Events, for example as read back by ``kg.articles.read_events``.
        articles: Articles by id, to attach each event's article title and URL.

    Returns:
        A MultiDiGraph with entity and event nodes and ``agent``/``patient``/``place``
        edges (see the module docstring for the attributes).

    Examples:
        >>> from kg.types import Entity, Event
        >>> dhs = Entity("urn:dhs", "DHS", "GovernmentAgency")
        >>> kas = Entity("urn:kas", "Kaspersky", "Company")
        >>> ev = Event("urn:e1", "a1", "DHS banned Kaspersky.", 0, 21, "banned", "ban",
        ...            "Ban", agents=(dhs,), patients=(kas,))
        >>> G = events_to_nx([ev])
        >>> sorted(G.edges(keys=True))
        [('urn:dhs', 'urn:e1', 'agent'), ('urn:e1', 'urn:kas', 'patient')]
    """
    articles = articles or {}
    G = nx.MultiDiGraph()
    for event in events:
        G.add_node(event.id, **_event_attrs(event, articles.get(event.article)))
        for entity in itertools.chain(event.agents, event.patients, event.place):
            _add_entity(G, entity)
        for agent in event.agents:
            G.add_edge(agent.id, event.id, key="agent", role="agent")
        for patient in event.patients:
            G.add_edge(event.id, patient.id, key="patient", role="patient")
        for place in event.place:
            G.add_edge(event.id, place.id, key="place", role="place")
    return G


def event_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Return the ids of the event nodes of ``G``, in insertion order."""
    return [n for n, kind in G.nodes(data="kind") if kind == "event"]


def _participants(G: nx.MultiDiGraph, event: str, roles: Iterable[str]) -> list[str]:
    wanted = set(roles)
    found: dict[str, None] = {}
    for agent, _, role in G.in_edges(event, data="role"):
        if role in wanted:
            found[agent] = None
    for _, target, role in G.out_edges(event, data="role"):
        if role in wanted:
            found[target] = None
    return list(found)


def actor_projection(
    G: nx.MultiDiGraph,
    *,
    weight: str = "weight",
    roles: Iterable[str] = ("agent", "patient"),
) -> nx.Graph:
    """Return the actor-to-actor graph of an event graph.

    Two entities are joined when they take part in the same event (as agent or
    patient by default); the edge's ``weight`` counts the shared events and its
    ``events`` attribute lists their ids, sorted. Every entity that plays one of
    ``roles`` is a node, even without partners, with the entity attributes of ``G``
    and ``events``, the number of events it takes part in.

    Args:
        G: An event graph from :func:`events_to_nx`.
        weight: Name of the edge attribute holding the shared-event count.
        roles: Which roles make an entity an actor of an event.

    Returns:
        An undirected :class:`networkx.Graph`.

    Examples:
        >>> from kg.types import Entity, Event
        >>> a, b = Entity("urn:a", "A", "Country"), Entity("urn:b", "B", "Company")
        >>> ev = Event("urn:e", "x", "A sued B.", 0, 9, "sued", "sue", "LegalAction",
        ...            agents=(a,), patients=(b,))
        >>> P = actor_projection(events_to_nx([ev]))
        >>> P.edges["urn:a", "urn:b"]["weight"], P.edges["urn:a", "urn:b"]["events"]
        (1, ['urn:e'])
    """
    roles = tuple(roles)
    P = nx.Graph()
    shared: dict[tuple[str, str], list[str]] = {}
    for event in event_nodes(G):
        actors = sorted(_participants(G, event, roles))
        for actor in actors:
            if actor not in P:
                attrs = {k: v for k, v in G.nodes[actor].items() if k != "kind"}
                P.add_node(actor, events=0, **attrs)
            P.nodes[actor]["events"] += 1
        for pair in itertools.combinations(actors, 2):
            shared.setdefault(pair, []).append(event)
    for (u, v), ids in shared.items():
        P.add_edge(u, v, **{weight: len(ids), "events": sorted(ids)})
    return P
