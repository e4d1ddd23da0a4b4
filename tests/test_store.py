"""Store backends: the same cases on memory:, a directory and a real Oxigraph server.

The parametrised ``store`` fixture lives in conftest.py; the hand-built story in story.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from factories import free_port
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import QueryError, StoreError
from kg.store import OxigraphStore, RemoteStore, Store, open_store

# ---------------------------------------------------------------- tests

G1 = URIRef("https://example.org/g1")
G2 = URIRef("https://example.org/g2")
A = URIRef("https://example.org/a")
B = URIRef("https://example.org/b")


def _graph(*labels: str) -> Graph:
    g = Graph()
    for i, label in enumerate(labels):
        g.add((URIRef(f"https://example.org/n{i}"), RDFS.label, Literal(label)))
    return g


def test_open_store_picks_backend(tmp_path: Path) -> None:
    assert isinstance(open_store("memory:"), OxigraphStore)
    remote = open_store("http://127.0.0.1:9/query")
    assert isinstance(remote, RemoteStore)
    assert remote.update_url == "http://127.0.0.1:9/update"
    assert remote.store_url == "http://127.0.0.1:9/store"
    explicit = open_store("http://h/ds/query|http://h/ds/update|http://h/ds/data")
    assert isinstance(explicit, RemoteStore)
    assert (explicit.query_url, explicit.update_url, explicit.store_url) == (
        "http://h/ds/query",
        "http://h/ds/update",
        "http://h/ds/data",
    )
    with open_store(str(tmp_path / "s")) as on_disk:
        assert isinstance(on_disk, OxigraphStore)
    assert (tmp_path / "s").is_dir()


def test_unknown_scheme_and_file_location_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown store location"):
        open_store("sqlite:foo.db")
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(StoreError, match="not a store directory"):
        open_store(str(file))


def test_empty_store(store: Store) -> None:
    assert len(store) == 0
    assert store.graphs() == []


def test_replace_graph_replaces_and_never_duplicates(store: Store) -> None:
    store.replace_graph(G1, _graph("a", "b"))
    store.replace_graph(G1, _graph("a", "b"))
    assert len(store) == 2
    store.replace_graph(G1, _graph("c"))
    rows = store.query(f"SELECT ?l WHERE {{ GRAPH <{G1}> {{ ?s ?p ?l }} }}").rows
    assert [str(r[0]) for r in rows] == ["c"]


def test_write_replaces_and_merges_atomically(store: Store) -> None:
    store.write(replace={G1: _graph("a")}, add={G2: _graph("x")})
    store.write(replace={G1: _graph("b")}, add={G2: _graph("x", "y")})
    assert store.graphs() == [G1, G2]
    labels = store.query(
        "SELECT ?g ?l WHERE { GRAPH ?g { ?s ?p ?l } } ORDER BY ?g ?l", union=False
    ).rows
    assert [(str(g), str(label)) for g, label in labels] == [
        (str(G1), "b"),
        (str(G2), "x"),
        (str(G2), "y"),
    ]


def test_write_takes_triples_as_well_as_graphs(store: Store) -> None:
    triples = sorted(_graph("a", "b"))
    store.write(replace={G1: [*triples, triples[0]]}, add={G2: _graph("x")})
    assert len(store) == 3
    store.write(replace={G1: _graph("a", "b")}, add={G2: [triples[0], triples[0]]})
    labels = store.query(
        "SELECT ?g ?l WHERE { GRAPH ?g { ?s ?p ?l } } ORDER BY ?g ?l", union=False
    ).rows
    assert [(str(g), str(label)) for g, label in labels] == [
        (str(G1), "a"),
        (str(G1), "b"),
        (str(G2), "a"),
        (str(G2), "x"),
    ]


def test_rewrite_leaves_graphs_as_a_replace_does(store: Store) -> None:
    typed = (
        A,
        RDFS.comment,
        Literal("0.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
    )
    store.write(replace={G1: [*_graph("a", "b"), typed], G2: _graph("x")})
    store.rewrite({G1: [*_graph("b", "c"), typed, typed], G2: []})
    assert store.graphs() == [G1]
    rows = store.query(f"SELECT ?s ?l WHERE {{ GRAPH <{G1}> {{ ?s ?p ?l }} }} ORDER BY ?s ?l").rows
    assert [(str(s), str(label)) for s, label in rows] == [
        (str(A), "0.5"),
        ("https://example.org/n0", "b"),
        ("https://example.org/n1", "c"),
    ]
    store.rewrite({G1: _graph("b", "c"), G2: _graph("y")})  # a new graph, and one unchanged
    assert store.graphs() == [G1, G2]
    assert len(store) == 3


def test_failed_write_leaves_store_unchanged(store: Store) -> None:
    store.replace_graph(G1, _graph("kept"))
    bad = Graph()
    bad.add((A, RDFS.label, Literal("x", datatype=URIRef("not an iri"))))
    with pytest.raises(StoreError):
        store.write(replace={G1: bad})
    rows = store.query(f"SELECT ?l WHERE {{ GRAPH <{G1}> {{ ?s ?p ?l }} }}").rows
    assert [str(r[0]) for r in rows] == ["kept"]
    assert store.graphs() == [G1]


def test_drop_graph(store: Store) -> None:
    store.replace_graph(G1, _graph("a"))
    store.replace_graph(G2, _graph("b"))
    assert store.drop_graph(G1) is True
    assert store.drop_graph(G1) is False
    assert store.graphs() == [G2]
    assert len(store) == 1


def test_query_sees_union_of_graphs_and_binds_parameters(store: Store) -> None:
    store.replace_graph(G1, _graph("alpha"))
    store.replace_graph(G2, _graph("beta"))
    result = store.query(
        "SELECT ?s WHERE { ?s ?p ?l FILTER(?l = ?want) }", {"want": Literal("beta")}
    )
    assert result.vars == ("s",)
    assert [str(r[0]) for r in result.rows] == ["https://example.org/n0"]
    assert store.query("ASK { ?s ?p 'alpha' }").boolean is True
    constructed = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    assert constructed is not None and len(constructed) == 2


def test_bad_query_raises_query_error_naming_the_location(store: Store) -> None:
    with pytest.raises(QueryError) as info:
        store.query("SELEC ?x WHERE { ?x ?p ?o }")
    assert store.location.split("|")[0] in str(info.value)


def test_bulk_add_and_dump(store: Store) -> None:
    quads = [(A, RDFS.label, Literal(f"v{i}"), G1 if i % 2 else G2) for i in range(50)]
    store.bulk_add(quads)
    assert len(store) == 50
    dumped = store.dump("nq").decode()
    assert dumped.count("\n") == 50
    assert '"v49"' in dumped
    assert b"<https://example.org/g1>" in store.dump("trig")
    with pytest.raises(StoreError):
        store.dump("rdfxml")


def test_closed_store_says_so(tmp_path: Path) -> None:
    opened = open_store(str(tmp_path / "s"))
    opened.close()
    with pytest.raises(StoreError, match="closed"):
        len(opened)


def test_locked_directory_gives_one_line_error(tmp_path: Path) -> None:
    location = tmp_path / "locked"
    with open_store(str(location)):
        code = (
            "import sys\n"
            "from kg.store import open_store\n"
            "from kg.errors import StoreError\n"
            "try:\n"
            f"    open_store({str(location)!r})\n"
            "except StoreError as e:\n"
            "    print(e); sys.exit(3)\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    message = done.stdout.strip()
    assert "\n" not in message
    assert str(location) in message and "locked" in message


def test_unreachable_endpoint_error_names_the_url() -> None:
    remote = open_store(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        len(remote)


# ---------------------------------------------------------------- hardening


def test_writes_leave_no_staging_graphs(filled: Store) -> None:
    from kg.store import STAGING_PREFIX

    assert filled.graphs()
    assert not [g for g in filled.graphs() if str(g).startswith(STAGING_PREFIX)]


def test_results_stop_at_max_rows_while_streaming(filled: Store) -> None:
    from kg.errors import ResultTooLargeError

    with pytest.raises(ResultTooLargeError, match="more than 3 rows"):
        filled.query("SELECT * WHERE { ?s ?p ?o }", max_rows=3)
    with pytest.raises(ResultTooLargeError, match="more than 3 triples"):
        filled.query("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=3)
    assert len(filled.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3", max_rows=3).rows) == 3


def test_deep_or_huge_queries_are_refused_before_parsing(store: Store) -> None:
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with pytest.raises(QueryError, match="deep"):
        store.query(deep)
    with pytest.raises(QueryError, match="over the limit"):
        store.query("ASK { " + "?s ?p ?o . " * 30_000 + "}")


def test_a_term_the_store_refuses_is_named_and_nothing_is_written(store: Store) -> None:
    g = _graph("kept")
    store.replace_graph(G1, g)
    bad = Graph()
    bad.add((URIRef("http://a b/<x>"), RDFS.label, Literal("x")))
    with pytest.raises(StoreError, match="http://a b"):
        store.write(replace={G1: bad})
    with pytest.raises(StoreError, match="http://a b"):
        store.write(replace={G1: list(bad)})
    assert store.graphs() == [G1]
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }").rows) == 1


def test_bad_parameter_terms_are_query_errors(store: Store) -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        store.query("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://a b/")})


def test_read_only_store_reads_beside_a_writer_and_refuses_writes(tmp_path: Path) -> None:
    location = str(tmp_path / "kg-store")
    with open_store(location) as writer:
        writer.replace_graph(G1, _graph("one"))
        with open_store(location, read_only=True) as reader:
            assert reader.graphs() == [G1]
            with pytest.raises(StoreError, match="read-only"):
                reader.replace_graph(G2, _graph("two"))
            with pytest.raises(StoreError, match="read-only"):
                reader.drop_graph(G1)
        writer.replace_graph(G2, _graph("two"))
    with open_store(location) as again, open_store(location, read_only=True) as reader:
        assert reader.graphs() == [G1, G2]
        with pytest.raises(StoreError, match="another process is writing"):
            open_store(location)
        assert again.graphs() == [G1, G2]


class _CountingFlushes:
    """An Oxigraph store that counts its flushes."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_directory_store_flushes_its_buffers_as_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RocksDB holds writes in memory until a flush: a long build must flush as it goes.
    import kg.store

    monkeypatch.setattr(kg.store, "FLUSH_CHARS", 200)
    with OxigraphStore(str(tmp_path / "s")) as opened:
        counting = _CountingFlushes(opened._store)
        monkeypatch.setattr(opened, "_store", counting)
        for i in range(5):
            triple = (URIRef("urn:s"), RDFS.label, Literal("x" * 100))
            opened.write(replace={URIRef(f"urn:g{i}"): [triple]})
        assert counting.flushes >= 2
        monkeypatch.setattr(opened, "_store", counting.inner)
        assert len(opened) == 5
