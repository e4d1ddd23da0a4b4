# ruff: noqa: N803, N806
# (G and P are kg's names for networkx graphs, as in networkx itself.)
"""Analytics over the event graph: who matters, who acts together, and when.

Every function takes an event graph from :func:`kg.convert.events_to_nx` first and
options keyword-only. Actor arguments accept an entity IRI or a label or alias,
matched case-insensitively.

Examples:
    >>> from kg.types import Entity, Event, EventDate
    >>> dhs = Entity("urn:dhs", "DHS", "GovernmentAgency")
    >>> kas = Entity("urn:kas", "Kaspersky", "Company", aliases=("Kaspersky Lab",))
    >>> ev = Event("urn:e1", "a1", "DHS banned Kaspersky in 2017.", 0, 29, "banned",
    ...            "ban", "Ban", agents=(dhs,), patients=(kas,),
    ...            date=EventDate("2017", "year", "2017"))
    >>> from kg.convert import events_to_nx
    >>> G = events_to_nx([ev])
    >>> event_chain(G, "dhs", "kaspersky lab")
    ['urn:e1']
    >>> actor_span(G)["urn:kas"]
    ('2017', '2017')
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Literal, overload

import networkx as nx

from kg.convert import actor_projection, event_nodes

__all__ = [
    "actor_centrality",
    "actor_span",
    "bursts",
    "communities",
    "connecting_path",
    "event_chain",
    "events_per_year",
    "find_actor",
    "format_summary",
    "sorted_events",
    "summary",
]

_FREQ_LENGTH = {"year": 4, "month": 7, "day": 10}
# Granularities precise enough to be counted in a period of each length.
_PRECISE_ENOUGH = {
    "year": {"year", "half", "quarter", "season", "month", "week", "day", "time"},
    "month": {"month", "day", "time"},
    "day": {"day", "time"},
}


def find_actor(G: nx.MultiDiGraph, name: str) -> str:
    """Return the id of the entity that ``name`` designates.

    Args:
        G: An event graph.
        name: An entity IRI, or a label or alias in any letter case.

    Returns:
        The entity's node id. When several entities share the name, the one in the
        most events wins (ties: the smallest id).

    Raises:
        networkx.NodeNotFound: No entity has that id, label or alias.
    """
    if name in G and G.nodes[name].get("kind") == "entity":
        return name
    wanted = name.casefold().strip()
    by_label: list[str] = []
    by_alias: list[str] = []
    for node, attrs in G.nodes(data=True):
        if attrs.get("kind") != "entity":
            continue
        if str(attrs.get("label", "")).casefold() == wanted:
            by_label.append(node)
        elif any(str(a).casefold() == wanted for a in attrs.get("aliases", ())):
            by_alias.append(node)
    found = by_label or by_alias
    if not found:
        raise nx.NodeNotFound(f"no actor named {name!r} in the graph")
    return min(found, key=lambda n: (-G.degree(n), n))


def _sort_key(G: nx.MultiDiGraph, event: str) -> tuple[int, str, str, str]:
    attrs = G.nodes[event]
    start, end = attrs.get("start"), attrs.get("end")
    if start is None:
        return (1, "", "", event)
    return (0, start, end or start, event)


def sorted_events(G: nx.MultiDiGraph, events: Iterable[str] | None = None) -> list[str]:
    """Return event ids in time order: by first day, then last day; undated last.

    Args:
        G: An event graph.
        events: Event ids to sort; every event of ``G`` by default.

    Returns:
        The ids, dated events first in time order, then undated ones by id.
    """
    chosen = event_nodes(G) if events is None else list(events)
    return sorted(chosen, key=lambda e: _sort_key(G, e))


def _events_of(G: nx.MultiDiGraph, actor: str) -> set[str]:
    return {n for n in nx.all_neighbors(G, actor) if G.nodes[n].get("kind") == "event"}


def _pagerank(P: nx.Graph, weight: str, alpha: float = 0.85) -> dict[str, float]:
    # Power iteration on the weighted, undirected projection (what nx.pagerank
    # computes), kept here so the analysis needs no SciPy.
    nodes = list(P)
    n = len(nodes)
    if n == 0:
        return {}
    strength = {u: sum(d.get(weight, 1) for _, _, d in P.edges(u, data=True)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(200):
        dangling = alpha * sum(rank[u] for u in nodes if strength[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if strength[u] == 0:
                continue
            share = alpha * rank[u] / strength[u]
            for _, v, d in P.edges(u, data=True):
                new[v] += share * d.get(weight, 1)
        delta = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if delta < n * 1e-10:
            break
    return rank


def actor_centrality(G: nx.MultiDiGraph, *, top: int | None = None) -> list[dict[str, Any]]:
    """Rank actors by how many events they take part in, then partners, then PageRank.

    Args:
        G: An event graph.
        top: Keep only the first ``top`` actors.

    Returns:
        One dict per actor, most central first, with ``id``, ``label``, ``type``,
        ``events`` (events it takes part in), ``degree`` (distinct partners),
        ``betweenness`` (normalised) and ``pagerank`` (edge-weighted by shared
        events). Actors are ordered by number of events, then degree, then
        PageRank, then label: the most active actor comes first, and PageRank
        alone would lift the members of small, separate pairs.
    """
    P = actor_projection(G)
    pagerank = _pagerank(P, "weight")
    betweenness = nx.betweenness_centrality(P)
    rows = [
        {
            "id": actor,
            "label": attrs.get("label", actor),
            "type": attrs.get("type"),
            "events": attrs.get("events", 0),
            "degree": P.degree(actor),
            "betweenness": round(betweenness[actor], 6),
            "pagerank": round(pagerank[actor], 6),
        }
        for actor, attrs in P.nodes(data=True)
    ]
    rows.sort(
        key=lambda r: (
            -r["events"],
            -r["degree"],
            -r["pagerank"],
            str(r["label"]).casefold(),
            r["id"],
        )
    )
    return rows if top is None else rows[:top]


@overload
def communities(
    G: nx.MultiDiGraph, *, seed: int = 0, names: Literal[False] = False
) -> list[set[str]]: ...


@overload
def communities(G: nx.MultiDiGraph, *, seed: int = 0, names: Literal[True]) -> list[list[str]]: ...


def communities(
    G: nx.MultiDiGraph, *, seed: int = 0, names: bool = False
) -> list[set[str]] | list[list[str]]:
    """Split actors into communities with Louvain on the weighted actor projection.

    Args:
        G: An event graph.
        seed: Random seed, so the same graph always gives the same split.
        names: Give each community as the sorted labels of its actors instead of
            the set of their ids.

    Returns:
        Sets of actor ids (or lists of labels), largest first (ties: by smallest id).

    Examples:
        >>> from kg.types import Entity, Event
        >>> from kg.convert import events_to_nx
        >>> a, b = Entity("urn:a", "Agency A", "GovernmentAgency"), Entity("urn:b", "B", "Company")
        >>> G = events_to_nx([Event("urn:e", "x", "A fined B.", 0, 10, "fined", "fine",
        ...                         "Sanction", agents=(a,), patients=(b,))])
        >>> communities(G) == [{"urn:a", "urn:b"}]
        True
        >>> communities(G, names=True)
        [['Agency A', 'B']]
    """
    P = actor_projection(G)
    if P.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(P, weight="weight", seed=seed)
    ordered = sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))
    if not names:
        return ordered
    return [sorted(str(P.nodes[n].get("label", n)) for n in c) for c in ordered]


def actor_span(G: nx.MultiDiGraph) -> dict[str, tuple[str | None, str | None]]:
    """Return each actor's first and last dated event, as the events' date values.

    Args:
        G: An event graph.

    Returns:
        ``{actor id: (first date value, last date value)}`` for every entity that
        takes part in an event; ``(None, None)`` when none of its events is dated.
        Values keep their precision: an actor first seen in "2017" maps to ``"2017"``.
    """
    spans: dict[str, tuple[str | None, str | None]] = {}
    for node, kind in G.nodes(data="kind"):
        if kind != "entity":
            continue
        dated = [e for e in sorted_events(G, _events_of(G, node)) if G.nodes[e].get("start")]
        if dated:
            spans[node] = (G.nodes[dated[0]]["date"], G.nodes[dated[-1]]["date"])
        elif G.degree(node):
            spans[node] = (None, None)
    return spans


def event_chain(G: nx.MultiDiGraph, a: str, b: str) -> list[str]:
    """Return the events that involve both actors, in time order (undated last).

    Args:
        G: An event graph.
        a: First actor (IRI, label or alias).
        b: Second actor (IRI, label or alias).

    Returns:
        Event ids.
    """
    shared = _events_of(G, find_actor(G, a)) & _events_of(G, find_actor(G, b))
    return sorted_events(G, shared)


def connecting_path(
    G: nx.MultiDiGraph, a: str, b: str, *, roles: Iterable[str] = ("agent", "patient")
) -> list[str]:
    """Return a shortest path ``actor, event, actor, ..., actor`` between two actors.

    Edges are followed in either direction; places are not crossed unless ``roles``
    says so.

    Args:
        G: An event graph.
        a: First actor (IRI, label or alias).
        b: Second actor (IRI, label or alias).
        roles: Edge roles the path may use.

    Returns:
        Node ids from ``a`` to ``b``, alternating entities and events.

    Raises:
        networkx.NetworkXNoPath: The actors are not connected.
    """
    source, target = find_actor(G, a), find_actor(G, b)
    wanted = set(roles)
    view = nx.subgraph_view(G, filter_edge=lambda u, v, k: G.edges[u, v, k].get("role") in wanted)
    path: list[str] = nx.shortest_path(view.to_undirected(as_view=True), source, target)
    return path


def bursts(
    G: nx.MultiDiGraph, *, freq: str = "month", threshold: float | None = None
) -> list[tuple[str, int]]:
    """Return the periods with unusually many events, busiest first.

    Events are counted in the period (``"2024-06"`` for ``freq="month"``) their
    date falls in; events dated less precisely than ``freq`` (a year, for months)
    are left out. Every period between the first and last one counts toward the
    mean, including empty ones.

    Args:
        G: An event graph.
        freq: ``"year"``, ``"month"`` or ``"day"``.
        threshold: Minimum count for a burst, exclusive; by default the mean
            plus one standard deviation of the per-period counts.

    Returns:
        ``(period, count)`` pairs, most events first, ties in time order.

    Raises:
        ValueError: ``freq`` is not one of the three.
    """
    if freq not in _FREQ_LENGTH:
        raise ValueError(f"freq must be one of {sorted(_FREQ_LENGTH)}, not {freq!r}")
    counts: Counter[str] = Counter()
    for event in event_nodes(G):
        attrs = G.nodes[event]
        if attrs.get("start") and attrs.get("granularity") in _PRECISE_ENOUGH[freq]:
            counts[attrs["start"][: _FREQ_LENGTH[freq]]] += 1
    if not counts:
        return []
    if threshold is None:
        values = [counts.get(p, 0) for p in _periods(min(counts), max(counts), freq)]
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        threshold = mean + std
    found = [(p, c) for p, c in counts.items() if c > threshold]
    return sorted(found, key=lambda pc: (-pc[1], pc[0]))


def _periods(first: str, last: str, freq: str) -> list[str]:
    if freq == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    if freq == "month":
        y, m = int(first[:4]), int(first[5:7])
        out = []
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(day + timedelta(days=i)).isoformat() for i in range((end - day).days + 1)]


def events_per_year(G: nx.MultiDiGraph) -> dict[int, int]:
    """Return the number of events per year, for events dated at least to a year.

    Args:
        G: An event graph.

    Returns:
        ``{year: count}`` in year order; undated events and decades are left out.
    """
    counts: Counter[int] = Counter()
    for event in event_nodes(G):
        attrs = G.nodes[event]
        if attrs.get("start") and attrs.get("granularity") in _PRECISE_ENOUGH["year"]:
            counts[int(attrs["start"][:4])] += 1
    return dict(sorted(counts.items()))


def summary(G: nx.MultiDiGraph, *, top: int = 10) -> dict[str, Any]:
    """Return the overview printed by ``kg analyze``, as JSON-ready data.

    Args:
        G: An event graph.
        top: How many actors and bursts to list.

    Returns:
        A dict with counts (``events``, ``entities``, ``articles``, ``dated``,
        ``undated``), ``first`` and ``last`` date values, ``types`` (events per
        type), ``events_per_year``, ``top_actors`` and ``spans`` (actors only, not the
        things events are about; each actor's ``first`` and ``last`` event date,
        earliest first, actors with no dated event last), ``communities`` (as sorted
        label lists) and ``bursts``.
    """
    events = sorted_events(G)
    dated = [e for e in events if G.nodes[e].get("start")]
    entities = [n for n, kind in G.nodes(data="kind") if kind == "entity"]
    types = Counter(str(G.nodes[e].get("type")) for e in events)
    label = {n: str(G.nodes[n].get("label", n)) for n in entities}
    # Things ("the contract", "new jets") take part in events but are no actors.
    actors = {n for n, t in actor_projection(G).nodes(data="type") if t != "Other"}
    spans = [
        {"id": n, "actor": label[n], "first": first, "last": last}
        for n, (first, last) in actor_span(G).items()
        if n in actors
    ]
    spans.sort(
        key=lambda r: (r["first"] is None, r["first"] or "", str(r["actor"]).casefold(), r["id"])
    )
    return {
        "events": len(events),
        "entities": len(entities),
        "articles": len({G.nodes[e].get("article") for e in events}),
        "dated": len(dated),
        "undated": len(events) - len(dated),
        "first": G.nodes[dated[0]]["date"] if dated else None,
        "last": G.nodes[dated[-1]]["date"] if dated else None,
        "types": dict(sorted(types.items(), key=lambda tc: (-tc[1], tc[0]))),
        "events_per_year": {str(y): c for y, c in events_per_year(G).items()},
        "top_actors": [r for r in actor_centrality(G) if r["id"] in actors][:top],
        "spans": spans,
        "communities": communities(G, names=True),
        "bursts": [list(b) for b in bursts(G)[:top]],
    }


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r) for r in rows]
    return [line.rstrip() for line in lines]


def format_summary(summary: Mapping[str, Any], fmt: str = "table") -> str:
    """Render a :func:`summary` for the terminal (``"table"``) or as ``"json"``.

    Args:
        summary: The dict returned by :func:`summary`.
        fmt: ``"table"`` for aligned text, ``"json"`` for indented JSON.

    Returns:
        The text, without a trailing newline.

    Raises:
        ValueError: ``fmt`` is neither ``"table"`` nor ``"json"``.
    """
    if fmt == "json":
        return json.dumps(summary, indent=2, ensure_ascii=False)
    if fmt != "table":
        raise ValueError(f"fmt must be 'table' or 'json', not {fmt!r}")
    s = summary
    lines = [
        f"events: {s.get('events', 0)} ({s.get('dated', 0)} dated, "
        f"{s.get('undated', 0)} undated) in {s.get('articles', 0)} articles; "
        f"entities: {s.get('entities', 0)}",
        f"time span: {s.get('first') or '-'} .. {s.get('last') or '-'}",
    ]
    if s.get("types"):
        lines += ["", "event types:"]
        lines += _table([[t, str(c)] for t, c in s["types"].items()], ["type", "events"])
    if s.get("events_per_year"):
        lines += ["", "events per year:"]
        lines += _table([[y, str(c)] for y, c in s["events_per_year"].items()], ["year", "events"])
    if s.get("top_actors"):
        lines += ["", "top actors:"]
        rows = [
            [
                str(r["label"]),
                str(r.get("type") or ""),
                str(r["events"]),
                str(r["degree"]),
                f"{r['betweenness']:.3f}",
                f"{r['pagerank']:.3f}",
            ]
            for r in s["top_actors"]
        ]
        header = ["actor", "type", "events", "partners", "betweenness", "pagerank"]
        lines += _table(rows, header)
    if s.get("spans"):
        lines += ["", "first and last event:"]
        rows = [[str(r["actor"]), r["first"] or "-", r["last"] or "-"] for r in s["spans"]]
        lines += _table(rows, ["actor", "first", "last"])
    if s.get("communities"):
        lines += ["", "communities:"]
        lines += [f"  {i}. {', '.join(c)}" for i, c in enumerate(s["communities"], 1)]
    if s.get("bursts"):
        lines += ["", "busiest months:"]
        lines += _table([[p, str(c)] for p, c in s["bursts"]], ["month", "events"])
    return "\n".join(lines)
