"""Store backends: the same cases on memory:, a directory and a real Oxigraph server.

This module also holds the fixtures the other RDF test modules import: the
hand-built Kaspersky story (no spaCy needed) and the parametrised ``store``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import QueryError, StoreError
from kg.namespace import entity_iri, event_iri
from kg.store import OxigraphStore, RemoteStore, Store, open_store
from kg.types import Article, Entity, Event, EventDate

# ---------------------------------------------------------------- the story fixture

DHS = Entity(
    id=str(entity_iri("US Department of Homeland Security", "GovernmentAgency")),
    label="US Department of Homeland Security",
    type="GovernmentAgency",
    aliases=("DHS", "Homeland Security"),
)
COMMERCE = Entity(
    id=str(entity_iri("US Department of Commerce", "GovernmentAgency")),
    label="US Department of Commerce",
    type="GovernmentAgency",
    aliases=("Commerce Department",),
)
KASPERSKY = Entity(
    id=str(entity_iri("Kaspersky Lab", "Company")),
    label="Kaspersky Lab",
    type="Company",
    aliases=("Kaspersky",),
    wikidata="Q2379",
)
US = Entity(
    id=str(entity_iri("United States", "Country")),
    label="United States",
    type="Country",
    aliases=("U.S.", "US"),
    wikidata="Q30",
)

TEXT_2017 = (
    "On Sept. 13, 2017, the US Department of Homeland Security ordered federal agencies "
    "to remove Kaspersky Lab products. Kaspersky denied any ties to the Kremlin."
)
TEXT_2024 = (
    "The Commerce Department on June 20, 2024 banned sales of Kaspersky software in the "
    "United States. Sales must stop by Sept. 29, 2024. In June 2024 Commerce also added "
    "Kaspersky to the Entity List."
)


def _event(
    article: str,
    text: str,
    sentence: str,
    trigger: str,
    action: str,
    type_: str,
    **kw: object,
) -> Event:
    start = text.index(sentence)
    trigger_start = text.index(trigger, start)
    return Event(
        id=str(event_iri(article, start, trigger_start, action)),
        article=article,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        trigger=trigger,
        action=action,
        type=type_,
        trigger_start=trigger_start,
        trigger_end=trigger_start + len(trigger),
        **kw,  # type: ignore[arg-type]
    )


def make_story() -> list[tuple[Article, list[Event]]]:
    """Two articles, five events: dated by day, month and undated, with all roles."""
    a1 = Article(
        id="dhs-2017",
        text=TEXT_2017,
        title="DHS orders agencies to drop Kaspersky",
        published=date(2017, 9, 13),
        url="https://example.org/news/dhs-2017",
        source="Example Wire",
        path="data/articles/dhs-2017.md",
    )
    s1, s2 = TEXT_2017.split(". Kaspersky")[0] + ".", "Kaspersky denied any ties to the Kremlin."
    a2 = Article(
        id="commerce-2024",
        text=TEXT_2024,
        title="US bans Kaspersky software sales",
        published=date(2024, 6, 20),
        published_inferred=True,
        source="Example Wire",
    )
    t1 = TEXT_2024.split(" Sales")[0]
    t2 = "Sales must stop by Sept. 29, 2024."
    t3 = "In June 2024 Commerce also added Kaspersky to the Entity List."
    events1 = [
        _event(
            "dhs-2017",
            TEXT_2017,
            s1,
            "ordered",
            "order",
            "Order",
            agents=(DHS,),
            patients=(KASPERSKY,),
            date=EventDate("2017-09-13", "day", "Sept. 13, 2017"),
            cameo="100",
        ),
        _event(
            "dhs-2017",
            TEXT_2017,
            s2,
            "denied",
            "deny",
            "Denial",
            agents=(KASPERSKY,),
            modality="reported",
            confidence=0.75,
            cameo="016",
        ),
    ]
    events2 = [
        _event(
            "commerce-2024",
            TEXT_2024,
            t1,
            "banned",
            "ban",
            "Ban",
            agents=(COMMERCE,),
            patients=(KASPERSKY,),
            place=(US,),
            date=EventDate("2024-06-20", "day", "June 20, 2024"),
            cameo="163",
        ),
        _event(
            "commerce-2024",
            TEXT_2024,
            t2,
            "stop",
            "stop",
            "Deadline",
            patients=(KASPERSKY,),
            date=EventDate("2024-09-29", "day", "Sept. 29, 2024", relation="until"),
            modality="planned",
            confidence=0.8,
        ),
        _event(
            "commerce-2024",
            TEXT_2024,
            t3,
            "added",
            "add",
            "EntityListing",
            agents=(COMMERCE,),
            patients=(KASPERSKY,),
            date=EventDate("2024-06", "month", "June 2024", inferred=True),
            confidence=0.9,
        ),
    ]
    return [(a1, events1), (a2, events2)]


@pytest.fixture
def story() -> list[tuple[Article, list[Event]]]:
    return make_story()


# ---------------------------------------------------------------- store fixtures


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else None


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    """A real `oxigraph serve` on a free 127.0.0.1 port; yields its query URL."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"oxigraph serve did not start: {err}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


STORE_KINDS = ["memory", "directory", pytest.param("server", marks=pytest.mark.server)]


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty store of each kind: memory:, a tmp directory, an Oxigraph server."""
    if request.param == "memory":
        opened: Store = open_store("memory:")
    elif request.param == "directory":
        opened = open_store(str(tmp_path / "kg-store"))
    else:
        opened = open_store(request.getfixturevalue("oxigraph_server"))
        opened.update("CLEAR ALL")
    yield opened
    opened.close()


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
    remote = open_store(f"http://127.0.0.1:{_free_port()}/query")
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        len(remote)
