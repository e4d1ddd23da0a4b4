"""Compare whole stores graph by graph (imported as ``isograph``)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import PROV

from kg.store import Store


def store_graphs(store: Store) -> dict[str, Graph]:
    """Every non-empty named graph of a store, without build timestamps."""
    ds = Dataset()
    ds.parse(data=store.dump("nq"), format="nquads")
    out: dict[str, Graph] = {}
    for g in ds.graphs():
        kept = Graph()
        for triple in g:
            if triple[1] != PROV.generatedAtTime:
                kept.add(triple)
        if len(kept):
            out[str(g.identifier)] = kept
    return out


def assert_same_graphs(a: Store, b: Store, *, ignore: Iterable[str] = ()) -> None:
    """Assert two stores hold the same named graphs (but ``ignore``), each isomorphic."""
    ga, gb = store_graphs(a), store_graphs(b)
    for name in ignore:
        ga.pop(name, None)
        gb.pop(name, None)
    assert sorted(ga) == sorted(gb)
    for name in ga:
        if not isomorphic(ga[name], gb[name]):
            _, only_a, only_b = graph_diff(ga[name], gb[name])
            raise AssertionError(f"{name} differs: {sorted(only_a)[:3]} vs {sorted(only_b)[:3]}")
