"""Indexes kept in the graph on every write, so period and overview queries stay fast.

Three kinds, all plain RDF that any SPARQL store answers:

* Calendar months. Each dated event links with ``kg:overlapsMonth`` to every calendar
  month its date overlaps ("2017" -> twelve months, "2024-06-20" -> one), and
  :data:`kg.namespace.CALENDAR_GRAPH` describes those months (``kg:monthStart``, ``kg:monthEnd``). A
  query for a period looks up the few months in it and reaches their events by index
  instead of comparing the dates of every event in the store. Dates spanning more than
  :data:`MAX_MONTHS` months (decades, centuries) are flagged ``kg:coarsePeriod`` instead.
* Agent -> patient summaries. :data:`kg.namespace.PAIRS_GRAPH` holds one ``kg:ActorPair``
  per (agent, patient, action) with its number of events and first and last date
  value, each in the ``kg:CountBucket`` of its number of events, so the most frequent
  pairs are found by reading the few largest buckets, not sorting every pair. Every
  write and removal recomputes, in the same SPARQL update, the pairs the article had
  before and has after, so the summaries always equal what a full count over the
  events would give.
* Type tallies. :data:`kg.namespace.TALLIES_GRAPH` counts the events of each type
  (``kg:TypeTally``), of each type per year and per month of the first day their date
  covers (``kg:TypeYear``, ``kg:TypeMonth``; undated events under the key ``"~"``).
  Each event links to its month tally (``kg:inTypeMonth``). The first N events of a
  type are in the months whose earlier siblings hold fewer than N events, so a query
  reads a few dozen counts and those months' events instead of every event of the
  type. Writes and removals recount the tallies they touch in the same update.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, TIME, XSD
from rdflib.term import Node

from kg.namespace import (
    CALENDAR_GRAPH,
    KG,
    KG_NS,
    MAX_MONTHS,
    PAIR_BASE,
    PAIR_COUNT_BASE,
    PAIRS_GRAPH,
    TALLIES_GRAPH,
    TALLY_BASE,
    month_links,
    pair_count_iri,
    pair_iri,
)
from kg.store import Store
from kg.types import date_interval

__all__ = [
    "MAX_MONTHS",
    "calendar_graph",
    "calendar_prune",
    "calendar_refresh",
    "calendar_stage",
    "calendar_triples",
    "month_links",
    "pairs_graph",
    "pairs_refresh",
    "pairs_stage",
    "rebuild_pairs",
    "rebuild_tallies",
    "tallies_graph",
    "tallies_refresh",
    "tallies_stage",
]

_NAMES = {"kg": KG_NS, "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/"}
_PREFIXED = re.compile(r"(?<![\w:/<#.-])(kg|sem):(\w+)")


def _full(sparql: str) -> str:
    """Write prefixed names as full IRIs: Oxigraph takes no PREFIX after a ';'."""
    return _PREFIXED.sub(lambda m: f"<{_NAMES[m[1]]}{m[2]}>", sparql)


_PAIR = (
    f'BIND(IRI(CONCAT("{PAIR_BASE}", SHA1(CONCAT(STR(?a), " ", STR(?pt), " ", ?act)))) AS ?pair)'
)
_DATE = "OPTIONAL { GRAPH ?tg { ?e sem:hasTime ?t . ?t kg:timexValue ?d } }"
# MIN and MAX of a group with an undated event would be unbound: undated events count
# with a stand-in that sorts after ("~") or before ("") every date value, dropped after.
_SUMMARY = """{ SELECT ?pair ?a ?pt ?act (COUNT(DISTINCT ?e) AS ?n)
           (MIN(COALESCE(?d, "~")) AS ?minDate) (MAX(COALESCE(?d, "")) AS ?maxDate)
    WHERE { %s }
    GROUP BY ?pair ?a ?pt ?act }
  BIND(IF(?minDate != "~", ?minDate, ?none) AS ?first)
  BIND(IF(?maxDate != "", ?maxDate, ?none) AS ?last)"""
_INSERT_PAIRS = f"""INSERT {{ GRAPH <{PAIRS_GRAPH}> {{
    ?pair a kg:ActorPair ; kg:pairAgent ?a ; kg:pairPatient ?pt ; kg:pairAction ?act ;
          kg:eventCount ?n ; kg:firstDate ?first ; kg:lastDate ?last ;
          kg:inCountBucket ?bucket .
    ?bucket a kg:CountBucket ; kg:bucketCount ?n . }} }}
WHERE {{ %s
  BIND(IRI(CONCAT("{PAIR_COUNT_BASE}", STR(?n))) AS ?bucket) }}"""
# Count buckets no pair is in any more.
_PRUNE_BUCKETS = f"""DELETE {{ GRAPH <{PAIRS_GRAPH}> {{ ?bucket ?p ?o }} }}
WHERE {{ GRAPH <{PAIRS_GRAPH}> {{ ?bucket a kg:CountBucket }}
  FILTER NOT EXISTS {{ GRAPH <{PAIRS_GRAPH}> {{ ?pair kg:inCountBucket ?bucket }} }}
  LATERAL {{ GRAPH <{PAIRS_GRAPH}> {{ ?bucket ?p ?o }} }} }}"""


def calendar_graph(months: Iterable[Node]) -> Graph:
    """Return the description of calendar months, for :data:`CALENDAR_GRAPH`.

    Args:
        months: Month IRIs minted by :func:`kg.namespace.month_iri`.

    Returns:
        Each month typed ``kg:Month`` (an OWL-Time interval) with its first and last day.
    """
    g = Graph(identifier=CALENDAR_GRAPH)
    for triple in calendar_triples(months):
        g.add(triple)
    return g


def calendar_triples(months: Iterable[Node]) -> list[tuple[Node, Node, Node]]:
    """Return the triples of :func:`calendar_graph` as a list (no rdflib Graph: fast)."""
    triples: list[tuple[Node, Node, Node]] = []
    for month in set(months):
        period = date_interval(str(month).rsplit("/", 1)[1])
        if not isinstance(month, URIRef) or period is None:
            continue
        triples.append((month, RDF.type, KG.Month))
        triples.append((month, RDF.type, TIME.ProperInterval))
        triples.append((month, KG.monthStart, Literal(period[0].isoformat(), datatype=XSD.date)))
        triples.append((month, KG.monthEnd, Literal(period[1].isoformat(), datatype=XSD.date)))
    return triples


def calendar_prune() -> str:
    """Return a SPARQL update that drops the months no event overlaps any more."""
    return _full(
        f"DELETE {{ GRAPH <{CALENDAR_GRAPH}> {{ ?m ?p ?o }} }}\n"
        f"WHERE {{ GRAPH <{CALENDAR_GRAPH}> {{ ?m kg:monthStart ?start }} "
        "FILTER NOT EXISTS { GRAPH ?g { ?e kg:overlapsMonth ?m } }\n"
        f"  LATERAL {{ GRAPH <{CALENDAR_GRAPH}> {{ ?m ?p ?o }} }} }}"
    )


def calendar_stage(article_graph: URIRef, token: str) -> str:
    """Return a SPARQL update that notes the months an article graph links to now.

    Run before replacing or dropping the graph: only those months can be left without
    an event, so :func:`calendar_refresh` looks at them instead of at every month.

    Args:
        article_graph: The article's named graph.
        token: A name unique to this write (the notes live in a temporary graph).
    """
    return _full(
        f"INSERT {{ GRAPH <{_stage_graph(token, 'calendar')}> {{ ?m a kg:Month }} }}\n"
        f"WHERE {{ GRAPH <{article_graph}> {{ ?e kg:overlapsMonth ?m }} }}"
    )


def calendar_refresh(token: str) -> list[str]:
    """Return the SPARQL update operations that drop the noted months no event overlaps.

    Every other month kept an event that overlaps it: a write takes away only the
    links of the graph it replaces, and adds a month only with a link to it.

    Args:
        token: The name given to :func:`calendar_stage`.
    """
    stage = _stage_graph(token, "calendar")
    return [
        _full(
            f"DELETE {{ GRAPH <{CALENDAR_GRAPH}> {{ ?m ?p ?o }} }}\n"
            f"WHERE {{ GRAPH <{stage}> {{ ?m a kg:Month }} "
            "FILTER NOT EXISTS { GRAPH ?g { ?e kg:overlapsMonth ?m } }\n"
            f"  LATERAL {{ GRAPH <{CALENDAR_GRAPH}> {{ ?m ?p ?o }} }} }}"
        ),
        f"DROP SILENT GRAPH <{stage}>",
    ]


def _stage_graph(token: str, index: str) -> str:
    """Return the temporary graph where one write notes what an index must recompute."""
    return f"urn:kg:staging:{token}:{index}"


def pairs_stage(article_graph: URIRef, token: str, *, new: bool = False) -> str:
    """Return a SPARQL update that notes the pairs an article graph holds now.

    Run before replacing or dropping the graph, and with ``new`` after writing its new
    content, so :func:`pairs_refresh` recomputes every pair the change can affect.

    Args:
        article_graph: The article's named graph.
        token: A name unique to this write (the notes live in a temporary graph).
        new: Note the graph's new content (after the write) apart from its old one.
    """
    stage = _stage_graph(token, "pairs-new" if new else "pairs")
    return _full(
        f"INSERT {{ GRAPH <{stage}> {{\n"
        "    ?pair kg:pairAgent ?a ; kg:pairPatient ?pt ; kg:pairAction ?act } }\n"
        f"WHERE {{ GRAPH <{article_graph}> {{ ?e kg:agent ?a ; kg:patient ?pt ; "
        f"kg:action ?act }}\n  {_PAIR} }}"
    )


def pairs_refresh(token: str, article_graph: URIRef | None = None) -> list[str]:
    """Return the SPARQL update operations that recompute the noted pairs.

    A pair the old graph had is counted again over every event of the store. A pair
    only the new content has (``article_graph`` given) had no event in the old graph,
    so its new summary is the stored one plus the new graph's events: the same figures
    as a count over the store, at the cost of the article's events instead of all the
    pair's events.

    Args:
        token: The name given to :func:`pairs_stage`.
        article_graph: The article graph written, whose new content was noted with
            ``pairs_stage(..., new=True)``; None: every noted pair is counted again.
    """
    old, new = _stage_graph(token, "pairs"), _stage_graph(token, "pairs-new")
    noted = f"GRAPH <{old}> {{ ?pair kg:pairAgent ?a ; kg:pairPatient ?pt ; kg:pairAction ?act }}"
    if article_graph is None:
        noted = (
            f"{{ {noted} }} UNION {{ GRAPH <{new}> {{ ?pair kg:pairAgent ?a ; "
            "kg:pairPatient ?pt ; kg:pairAction ?act } }"
        )
    recount = (
        f"{noted}\n"
        "      LATERAL { GRAPH ?g { ?e kg:agent ?a ; kg:patient ?pt ; kg:action ?act }\n"
        f"        {_DATE} }}"
    )
    ops = [
        _full(
            f"DELETE {{ GRAPH <{PAIRS_GRAPH}> {{ ?pair ?p ?o }} }}\n"
            f"WHERE {{ {{ SELECT DISTINCT ?pair WHERE {{ {noted} }} }} "
            f"LATERAL {{ GRAPH <{PAIRS_GRAPH}> {{ ?pair ?p ?o }} }} }}"
        ),
        _full(_INSERT_PAIRS % (_SUMMARY % recount)),
    ]
    if article_graph is not None:
        ops.append(_full(_add_pairs(old, new, article_graph)))
    ops += [_full(_PRUNE_BUCKETS), f"DROP SILENT GRAPH <{old}>", f"DROP SILENT GRAPH <{new}>"]
    return ops


def _add_pairs(old: str, new: str, graph: URIRef) -> str:
    """Return the update for the pairs only an article's new content has.

    Their summary becomes the stored one plus the article's events; MIN and MAX take
    the stand-ins of ``_SUMMARY``, and ``IF(x < y, x, y)`` is the smaller of two values.
    """
    pairs = f"GRAPH <{PAIRS_GRAPH}>"
    # Only the figures that change are deleted: the count always does, the dates
    # seldom; the rest of the summary is inserted again, which leaves it as it is.
    return f"""DELETE {{ {pairs} {{ ?pair kg:eventCount ?had ; kg:inCountBucket ?wasBucket ;
    kg:firstDate ?oldFirst ; kg:lastDate ?oldLast }} }}
INSERT {{ {pairs} {{
    ?pair a kg:ActorPair ; kg:pairAgent ?a ; kg:pairPatient ?pt ; kg:pairAction ?act ;
          kg:eventCount ?n ; kg:firstDate ?first ; kg:lastDate ?last ;
          kg:inCountBucket ?bucket .
    ?bucket a kg:CountBucket ; kg:bucketCount ?n . }} }}
WHERE {{ {{ SELECT ?pair ?a ?pt ?act (COUNT(DISTINCT ?e) AS ?added)
           (MIN(COALESCE(?d, "~")) AS ?minDate) (MAX(COALESCE(?d, "")) AS ?maxDate)
    WHERE {{ GRAPH <{new}> {{ ?pair kg:pairAgent ?a ; kg:pairPatient ?pt ; kg:pairAction ?act }}
      FILTER NOT EXISTS {{ GRAPH <{old}> {{ ?pair kg:pairAgent ?a }} }}
      LATERAL {{ GRAPH <{graph}> {{ ?e kg:agent ?a ; kg:patient ?pt ; kg:action ?act }}
        {_DATE} }} }}
    GROUP BY ?pair ?a ?pt ?act }}
  OPTIONAL {{ {pairs} {{ ?pair kg:eventCount ?had }} }}
  OPTIONAL {{ {pairs} {{ ?pair kg:firstDate ?wasFirst }} }}
  OPTIONAL {{ {pairs} {{ ?pair kg:lastDate ?wasLast }} }}
  OPTIONAL {{ {pairs} {{ ?pair kg:inCountBucket ?wasBucket }} }}
  BIND(COALESCE(?had, 0) + ?added AS ?n)
  BIND(IF(COALESCE(?wasFirst, "~") < ?minDate, ?wasFirst, ?minDate) AS ?low)
  BIND(IF(COALESCE(?wasLast, "") > ?maxDate, ?wasLast, ?maxDate) AS ?high)
  BIND(IF(?low != "~", ?low, ?none) AS ?first)
  BIND(IF(?high != "", ?high, ?none) AS ?last)
  BIND(IRI(CONCAT("{PAIR_COUNT_BASE}", STR(?n))) AS ?bucket)
  BIND(IF(?wasFirst != ?first, ?wasFirst, ?none) AS ?oldFirst)
  BIND(IF(?wasLast != ?last, ?wasLast, ?none) AS ?oldLast) }}"""


_EVENT_PAIRS = _full(
    "SELECT ?e ?a ?pt ?act ?d WHERE {\n"
    "  GRAPH ?g { ?e kg:agent ?a ; kg:patient ?pt ; kg:action ?act }\n"
    f"  {_DATE} }}"
)


def pairs_graph(rows: Iterable[tuple[Node, ...]]) -> Graph:
    """Return the pair summaries of (event, agent, patient, action, date value) rows.

    This is the summary :func:`pairs_refresh` keeps, computed in Python in one pass
    (a full rebuild in SPARQL groups every event inside one update: much slower).

    Args:
        rows: One row per event and argument pair; the date value may be None.

    Returns:
        The content of :data:`kg.namespace.PAIRS_GRAPH`.
    """
    g = Graph(identifier=PAIRS_GRAPH)
    for triple in _pair_triples(rows):
        g.add(triple)
    return g


def _pair_triples(rows: Iterable[tuple[Node, ...]]) -> Iterator[tuple[Node, Node, Node]]:
    events: dict[tuple[str, str, str], set[str]] = {}
    dates: dict[tuple[str, str, str], list[str]] = {}
    for event, agent, patient, action, value in rows:
        key = (str(agent), str(patient), str(action))
        events.setdefault(key, set()).add(str(event))
        if value is not None:
            dates.setdefault(key, []).append(str(value))
    counts: set[int] = set()
    for key, found in events.items():
        who, whom, act = key
        node = pair_iri(who, whom, act)
        count = Literal(len(found), datatype=XSD.integer)
        yield node, RDF.type, KG.ActorPair
        yield node, KG.pairAgent, URIRef(who)
        yield node, KG.pairPatient, URIRef(whom)
        yield node, KG.pairAction, Literal(act)
        yield node, KG.eventCount, count
        yield node, KG.inCountBucket, pair_count_iri(len(found))
        if values := dates.get(key):
            yield node, KG.firstDate, Literal(min(values))
            yield node, KG.lastDate, Literal(max(values))
        counts.add(len(found))
    for n in counts:
        yield pair_count_iri(n), RDF.type, KG.CountBucket
        yield pair_count_iri(n), KG.bucketCount, Literal(n, datatype=XSD.integer)


def rebuild_pairs(store: Store) -> int:
    """Recompute every pair summary from the events in the store.

    Replaces the pairs graph with the bulk loader: fast, but not atomic (for building
    a store, like :func:`kg.articles.write_articles`).

    Args:
        store: An open store.

    Returns:
        The number of pairs.
    """
    rows = store.query(_EVENT_PAIRS, union=False).rows
    pairs = 0

    def quads() -> Iterator[tuple[Node, Node, Node, URIRef]]:
        nonlocal pairs
        for s, p, o in _pair_triples(rows):  # type: ignore[arg-type]
            pairs += p == KG.pairAgent
            yield s, p, o, PAIRS_GRAPH

    _bulk_replace(store, PAIRS_GRAPH, quads())
    return pairs


def _bulk_replace(store: Store, graph: URIRef, quads: Iterable[tuple[Node, ...]]) -> None:
    """Replace a named graph with the bulk loader (fast, not atomic: for bulk loads)."""
    store.drop_graph(graph)
    store.bulk_add(quads)  # type: ignore[arg-type]


# The year and type tallies of a month tally ?m, and the sort keys (see tally_iris).
_PARENTS = """BIND(IRI(REPLACE(STR(?m), "/[^/]*$", "")) AS ?y)
  BIND(IRI(REPLACE(STR(?y), "/[^/]*$", "")) AS ?t)
  BIND(REPLACE(STR(?y), "^.*/", "") AS ?ys)
  BIND(IF(?ys = "undated", "~", ?ys) AS ?yk)
  BIND(IF(?ys = "undated", "~", CONCAT(?ys, "-", REPLACE(STR(?m), "^.*/", ""))) AS ?mk)"""


def tallies_stage(article_graph: URIRef, token: str, *, new: bool = False) -> str:
    """Return a SPARQL update that notes the month tallies an article graph counts in now.

    Run before replacing or dropping the graph, and with ``new`` after writing its new
    content, so :func:`tallies_refresh` recounts every tally the change can affect.

    Args:
        article_graph: The article's named graph.
        token: A name unique to this write (the notes live in a temporary graph).
        new: Note the graph's new content (after the write) apart from its old one.
    """
    stage = _stage_graph(token, "tallies-new" if new else "tallies")
    return _full(
        f"INSERT {{ GRAPH <{stage}> {{ ?m kg:typeName ?name }} }}\n"
        f"WHERE {{ GRAPH <{article_graph}> {{ ?e kg:inTypeMonth ?m ; kg:typeName ?name }} }}"
    )


def tallies_refresh(token: str, article_graph: URIRef | None = None) -> list[str]:
    """Return the SPARQL update operations that recount the noted tallies.

    Months are recounted from their events, then their years from the months and the
    types from the years; tallies left with no event are dropped. A month only the new
    content counts in (``article_graph`` given) had no event in the old graph: its
    count is the stored one plus the article's events, as a recount would find.

    Args:
        token: The name given to :func:`tallies_stage`.
        article_graph: The article graph written, whose new content was noted with
            ``tallies_stage(..., new=True)``; None: every noted month is recounted.
    """
    old, new = _stage_graph(token, "tallies"), _stage_graph(token, "tallies-new")
    both = (
        f"{{ GRAPH <{old}> {{ ?m kg:typeName ?name }} }} UNION "
        f"{{ GRAPH <{new}> {{ ?m kg:typeName ?name }} }}"
    )
    recounted = f"GRAPH <{old}> {{ ?m kg:typeName ?name }}" if article_graph else both
    stage = f"{both}\n  {_PARENTS}"
    ops = []
    if article_graph is not None:
        # Before the stored counts are deleted: the new months' counts, into the notes.
        ops.append(
            _full(
                f"INSERT {{ GRAPH <{new}> {{ ?m kg:tallyCount ?n }} }}\n"
                "WHERE { { SELECT ?m (COUNT(DISTINCT ?e) AS ?added)\n"
                f"    WHERE {{ GRAPH <{new}> {{ ?m kg:typeName ?name }}\n"
                f"      FILTER NOT EXISTS {{ GRAPH <{old}> {{ ?m kg:typeName ?other }} }}\n"
                f"      LATERAL {{ GRAPH <{article_graph}> {{ ?e kg:inTypeMonth ?m }} }} }}\n"
                "    GROUP BY ?m }\n"
                f"  OPTIONAL {{ GRAPH <{TALLIES_GRAPH}> {{ ?m kg:tallyCount ?had }} }}\n"
                "  BIND(COALESCE(?had, 0) + ?added AS ?n) }"
            )
        )
    levels = "  VALUES ?level { 1 2 3 }\n  BIND(IF(?level = 1, ?m, IF(?level = 2, ?y, ?t)) AS ?x)\n"
    # The tallies the old graph counted in may be left empty: deleted whole, and
    # written again if they still count an event.
    ops += [
        _full(
            f"DELETE {{ GRAPH <{TALLIES_GRAPH}> {{ ?x ?p ?o }} }}\n"
            f"WHERE {{ {recounted}\n  {_PARENTS}\n{levels}"
            f"  LATERAL {{ GRAPH <{TALLIES_GRAPH}> {{ ?x ?p ?o }} }} }}"
        ),
    ]
    if article_graph is not None:
        # The others only count more events: their counts change, nothing else.
        ops.append(
            _full(
                f"DELETE {{ GRAPH <{TALLIES_GRAPH}> {{ ?x kg:tallyCount ?c }} }}\n"
                f"WHERE {{ GRAPH <{new}> {{ ?m kg:typeName ?name }}\n  {_PARENTS}\n{levels}"
                f"  LATERAL {{ GRAPH <{TALLIES_GRAPH}> {{ ?x kg:tallyCount ?c }} }} }}"
            )
        )
    ops += [
        _full(
            f"INSERT {{ GRAPH <{TALLIES_GRAPH}> {{\n"
            "    ?m a kg:TypeMonth ; kg:tallyOf ?y ; kg:tallyKey ?mk ; kg:tallyCount ?n } }\n"
            "WHERE { { SELECT ?m (COUNT(DISTINCT ?e) AS ?n)\n"
            f"    WHERE {{ {recounted}\n"
            "      LATERAL { GRAPH ?g { ?e kg:inTypeMonth ?m } } }\n"
            f"    GROUP BY ?m }}\n  {_PARENTS} }}"
        ),
    ]
    if article_graph is not None:
        ops.append(
            _full(
                f"INSERT {{ GRAPH <{TALLIES_GRAPH}> {{\n"
                "    ?m a kg:TypeMonth ; kg:tallyOf ?y ; kg:tallyKey ?mk ; kg:tallyCount ?n } }\n"
                f"WHERE {{ GRAPH <{new}> {{ ?m kg:typeName ?name ; kg:tallyCount ?n }}\n"
                f"  {_PARENTS} }}"
            )
        )
    ops += [
        _full(_sum_of_children("?y a kg:TypeYear ; kg:tallyOf ?t ; kg:tallyKey ?yk", stage)),
        _full(_sum_of_children("?t a kg:TypeTally ; kg:tallyKey ?name", stage)),
        f"DROP SILENT GRAPH <{old}>",
        f"DROP SILENT GRAPH <{new}>",
    ]
    return ops


def _sum_of_children(node: str, stage: str) -> str:
    """Return the update that writes a year or type tally as the sum of its children.

    Args:
        node: The tally's triple patterns, its subject first ("?y a kg:TypeYear ; ...").
        stage: The patterns that bind the noted tallies and their parents.
    """
    subject = node.split()[0]
    names = " ".join(dict.fromkeys(re.findall(r"\?\w+", node)))
    return (
        f"INSERT {{ GRAPH <{TALLIES_GRAPH}> {{ {node} ; kg:tallyCount ?n }} }}\n"
        f"WHERE {{ {{ SELECT {names} (SUM(?c) AS ?n)\n"
        f"    WHERE {{ {{ SELECT DISTINCT {names} WHERE {{ {stage} }} }}\n"
        f"      LATERAL {{ GRAPH <{TALLIES_GRAPH}> {{ ?child kg:tallyOf {subject} ; "
        "kg:tallyCount ?c } } }\n"
        f"    GROUP BY {names} }} }}"
    )


def tallies_graph(months: Mapping[tuple[URIRef, str], int]) -> Graph:
    """Return the tallies of every type, year and month, from the month counts.

    This is what :func:`tallies_refresh` keeps, computed in Python in one pass.

    Args:
        months: (month tally IRI, type name) -> number of events linked to it.

    Returns:
        The content of :data:`kg.namespace.TALLIES_GRAPH`.
    """
    # tally -> [class, parent tally, sort key, count]
    tallies: dict[URIRef, list[Any]] = {}

    def count_in(node: URIRef, cls: URIRef, parent: URIRef | None, key: str, n: int) -> None:
        tallies.setdefault(node, [cls, parent, key, 0])[3] += n

    for (month, name), count in months.items():
        if count < 1 or not str(month).startswith(TALLY_BASE):
            continue
        year = URIRef(str(month).rsplit("/", 1)[0])
        type_tally = URIRef(str(year).rsplit("/", 1)[0])
        year_segment, month_segment = str(month).rsplit("/", 2)[1:]
        dated = year_segment != "undated"
        count_in(
            month, KG.TypeMonth, year, f"{year_segment}-{month_segment}" if dated else "~", count
        )
        count_in(year, KG.TypeYear, type_tally, year_segment if dated else "~", count)
        count_in(type_tally, KG.TypeTally, None, name, count)
    g = Graph(identifier=TALLIES_GRAPH)
    for node, (cls, parent, key, count) in tallies.items():
        g.add((node, RDF.type, cls))
        if parent is not None:
            g.add((node, KG.tallyOf, parent))
        g.add((node, KG.tallyKey, Literal(key)))
        g.add((node, KG.tallyCount, Literal(count, datatype=XSD.integer)))
    return g


_MONTH_COUNTS = _full(
    "SELECT ?m ?name (COUNT(DISTINCT ?e) AS ?n) WHERE {\n"
    "  GRAPH ?g { ?e kg:inTypeMonth ?m ; kg:typeName ?name } }\n"
    "GROUP BY ?m ?name"
)


def rebuild_tallies(store: Store) -> int:
    """Recount every type, year and month tally from the events in the store.

    Args:
        store: An open store.

    Returns:
        The number of month tallies.
    """
    months = {
        (URIRef(str(m)), str(name)): int(str(n))
        for m, name, n in store.query(_MONTH_COUNTS, union=False).rows
    }
    g = tallies_graph(months)
    _bulk_replace(store, TALLIES_GRAPH, ((*t, TALLIES_GRAPH) for t in g))
    return len(set(g.subjects(RDF.type, KG.TypeMonth)))
