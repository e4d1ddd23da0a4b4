"""Property tests: whatever the input, kg raises only its own errors, and stores what it reads."""

from __future__ import annotations

import json
import socket
import threading

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from story import make_story

from kg.articles import write_article
from kg.errors import InputError, KGError, QueryError
from kg.guard import check_read_only, check_size, outer_limit
from kg.ingest import read_sources
from kg.query import canned_queries, run_query
from kg.store import open_store

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: Text with the characters that broke kg before: surrogates, controls, bidi, BOM, NUL.
NASTY = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\ud800", "\udfff", "\u202e", "\u2028", "\ufeff", "\x00", "\n", "-"]),
    ),
    max_size=200,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | NASTY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NASTY, inner, max_size=3),
    max_leaves=10,
)


@given(
    front=st.dictionaries(
        st.sampled_from(["id", "title", "published", "url", "source", "date"]),
        JSON_VALUES,
        max_size=6,
    ),
    body=NASTY,
    raw=st.binary(max_size=300),
)
@SETTINGS
def test_reading_any_file_raises_nothing_and_yields_storable_articles(
    tmp_path_factory: pytest.TempPathFactory, front: dict[str, object], body: str, raw: bytes
) -> None:
    root = tmp_path_factory.mktemp("props")
    yaml_lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in front.items())
    (root / "front.md").write_text(
        f"---\n{yaml_lines}---\n{body}", encoding="utf-8", errors="surrogatepass"
    )
    (root / "raw.txt").write_bytes(raw)
    (root / "lines.jsonl").write_text(
        json.dumps({**front, "text": body or "x"}) + "\n" + json.dumps(front) + "\n",
        encoding="utf-8",
    )
    errors: list[InputError] = []
    articles = list(read_sources([root], on_error=errors.append))
    for error in errors:
        assert "\n" not in str(error) and "\u202e" not in str(error)
    with open_store("memory:") as store:
        for article in articles:
            write_article(store, article, [], version="0.1.0")  # never refused
        assert len(store.graphs()) >= len(articles)


@pytest.fixture(scope="module")
def story_store():
    store = open_store("memory:")
    for article, events in make_story():
        write_article(store, article, events, version="0.1.0")
    yield store
    store.close()


@given(
    name=st.sampled_from(sorted(canned_queries())),
    param=st.sampled_from(["actor", "target", "since", "until", "type", "limit", "event", "x"]),
    value=NASTY,
)
@SETTINGS
def test_binding_any_parameter_value_raises_only_kg_errors(
    story_store, name: str, param: str, value: str
) -> None:
    try:
        run_query(story_store, name, params={param: value})
    except KGError:
        pass


#: Pieces that confuse a naive tokeniser: comments, escapes, quotes, comparisons.
NOISE = [
    "",
    "#",
    "\n",
    "'",
    '"',
    "'''",
    "<",
    ">",
    "?a<?b",
    "ex:a\\#",
    "BIND(ex:a\\# AS ?z)",
    "FILTER(?a<?b)",
    "FILTER(1<2)",
    ":p#>",
    "?s ?p ?o .",
    "OPTIONAL {",
    "}",
    "{",
    "(",
    ")",
    ".",
    "\\u0053",
]
SERVICE_WORDS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "SERVICESILENT", "SERVICE\n"]


@pytest.fixture(scope="module")
def listener():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    hits: list[int] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join(2)
    sock.close()


@given(
    noise=st.lists(st.just("") | st.sampled_from(NOISE), min_size=4, max_size=4),
    word=st.sampled_from(SERVICE_WORDS),
    target=st.sampled_from(["<http://127.0.0.1:{port}/x>", ":x", "<http://127.0.0.1:{port}/>"]),
    joiner=st.sampled_from(["", " ", "\n"]),
)
@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_query_the_endpoint_accepts_calls_out(
    listener, noise: list[str], word: str, target: str, joiner: str
) -> None:
    """The lexer alone, without the workers' socket filter, lets no SERVICE through."""
    port, hits = listener
    parts = [noise[0], word, noise[1], target, noise[2], "{ ?s ?p ?o }", noise[3]]
    body = joiner.join(parts).replace("{port}", str(port))
    query = f"PREFIX ex: <http://e/> PREFIX : <http://127.0.0.1:{port}/#> ASK {{ {body} }}"
    try:
        check_read_only(query)
        outer_limit(query)
    except QueryError:
        return
    before = len(hits)
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o")))
    try:
        store.query(query)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    assert len(hits) == before, query


@given(text=st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_the_query_checks_raise_only_query_errors(text: str) -> None:
    for check in (check_size, check_read_only, outer_limit):
        try:
            check(text)
        except QueryError:
            pass
