"""The read-only SPARQL endpoint, exercised with real HTTP requests on a free port."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Graph

from kg.articles import write_article
from kg.errors import QueryError
from kg.server import check_read_only, make_server

SELECT = (
    "SELECT ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
)
LABELS = [
    "Kaspersky Lab",
    "US Department of Commerce",
    "US Department of Homeland Security",
    "United States",
]


@pytest.fixture
def endpoint(store, story):
    for article, events in story:
        write_article(store, article, events, version="0.1.0")
    server = make_server(store, "127.0.0.1", 0, timeout_s=10.0, max_rows=50)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()


def _call(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                response.read().decode(),
            )
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode()


def _get(endpoint: str, query: str, accept: str | None = None):
    url = f"{endpoint}?{urllib.parse.urlencode({'query': query})}"
    return _call(url, headers={"Accept": accept} if accept else {})


def test_get_returns_sparql_json_by_default(endpoint) -> None:
    status, content_type, body = _get(endpoint, SELECT)
    assert status == 200
    assert content_type.startswith("application/sparql-results+json")
    doc = json.loads(body)
    assert [b["label"]["value"] for b in doc["results"]["bindings"]] == LABELS


def test_post_form_and_direct_query(endpoint) -> None:
    form = urllib.parse.urlencode({"query": SELECT}).encode()
    status, _, body = _call(
        endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 4
    status, _, body = _call(
        endpoint, data=SELECT.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 4


def test_csv_and_tsv_by_accept_header(endpoint) -> None:
    status, content_type, body = _get(endpoint, SELECT, "text/csv")
    assert status == 200 and content_type.startswith("text/csv")
    assert [row[0] for row in csv.reader(io.StringIO(body))] == ["label", *LABELS]
    status, content_type, body = _get(endpoint, SELECT, "text/tab-separated-values")
    assert status == 200 and content_type.startswith("text/tab-separated-values")
    assert body.splitlines()[:2] == ["?label", '"Kaspersky Lab"']


def test_ask_and_construct(endpoint) -> None:
    status, _, body = _get(endpoint, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, content_type, body = _get(
        endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://schema.org/NewsArticle> ; ?p ?o }"
    )
    assert status == 200 and content_type.startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) > 0


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DROP ALL",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_updates_and_service_are_refused(endpoint, query: str) -> None:
    status, _, body = _get(endpoint, query)
    assert status == 400
    assert "read-only" in body or "SERVICE" in body
    status, _, _ = _call(
        endpoint, data=query.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 400
    form = urllib.parse.urlencode({"update": query}).encode()
    status, _, _ = _call(
        endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 400
    status, _, body = _get(endpoint, "ASK { <http://a> <http://b> <http://c> }")
    assert json.loads(body)["boolean"] is False


def test_malformed_query_is_400(endpoint) -> None:
    status, _, body = _get(endpoint, "SELECT ?x WHERE { ?x")
    assert status == 400
    assert body.strip()


def test_result_size_limit(endpoint) -> None:
    status, _, body = _get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400
    assert "more than 50 rows" in body
    status, _, _ = _get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")
    assert status == 200


def test_missing_query_unknown_path_and_bad_accept(endpoint) -> None:
    assert _call(endpoint)[0] == 400
    assert _call(endpoint.replace("/sparql", "/nope") + "?query=ASK%7B%7D")[0] == 404
    assert _get(endpoint, SELECT, "image/png")[0] == 406


def test_time_limit(store) -> None:
    server = make_server(store, "127.0.0.1", 0, timeout_s=0.0001)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    try:
        slow = (
            "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a { 1 2 3 4 5 6 7 8 9 10 } "
            "VALUES ?b { 1 2 3 4 5 6 7 8 9 10 } VALUES ?c { 1 2 3 4 5 6 7 8 9 10 } "
            "VALUES ?d { 1 2 3 4 5 6 7 8 9 10 } VALUES ?e { 1 2 3 4 5 6 7 8 9 10 } }"
        )
        status, _, body = _get(f"http://{host}:{port}/sparql", slow)
    finally:
        server.shutdown()
        server.server_close()
    assert status == 503
    assert "time limit" in body


def test_check_read_only() -> None:
    check_read_only(
        "PREFIX ex: <http://x/> BASE <http://y/> SELECT ?delete WHERE { ?delete ex:drop 'INSERT' }"
    )
    for text in ("LOAD <http://x>", "CLEAR ALL", "", "# just a comment"):
        with pytest.raises(QueryError):
            check_read_only(text)


def test_parse_errors_and_row_limits_are_named(endpoint) -> None:
    status, _, body = _get(endpoint, "SELEC ?x WHERE { ?x ?p ?o }")
    assert status == 400 and "parse error" in body and "read-only" not in body
    status, _, body = _get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 20000")
    assert status == 400 and "LIMIT 20000" in body and "maximum of 50 rows" in body
    status, _, body = _get(endpoint, "DESCRIBE ?s WHERE { ?s ?p ?o }")
    assert status == 400 and "more than 50 triples" in body


def test_no_cors_header_unless_asked(endpoint, store) -> None:
    status, headers, _ = _call_headers(f"{endpoint}?query=ASK%7B%7D")
    assert status == 200 and "access-control-allow-origin" not in headers
    status, _, _ = _call_headers(f"{endpoint}?query=ASK%7B%7D", Origin="https://evil.example")
    assert status == 403
    server = make_server(store, "127.0.0.1", 0, cors="https://app.example")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    host, port = server.server_address[:2]
    try:
        url = f"http://{host}:{port}/query?query=ASK%7B%7D"
        status, headers, _ = _call_headers(url, Origin="https://app.example")
        assert status == 200 and headers["access-control-allow-origin"] == "https://app.example"
        assert _call_headers(url, Origin="https://evil.example")[0] == 403
        request = urllib.request.Request(url, method="OPTIONS")
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 204
            assert "POST" in response.headers["Access-Control-Allow-Methods"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _call_headers(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            found = {k.lower(): v for k, v in response.headers.items()}
            return response.status, found, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read().decode()


ENDLESS = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ 1 2 3 4 5 6 7 8 9 10 }}" for i in range(10))
    + " }"
)


def _children_cpu() -> float:
    """CPU seconds used so far by this process's live child processes (Linux)."""
    total = 0.0
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _busy_after(seconds: float) -> float:
    """CPU seconds this process and its children use over the next ``seconds``."""
    own, children = time.process_time(), _children_cpu()
    time.sleep(seconds)
    return (time.process_time() - own) + max(0.0, _children_cpu() - children)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_a_timed_out_query_on_a_memory_store_stops(story) -> None:
    from kg.store import open_store

    store = open_store("memory:")
    for article, events in story:
        write_article(store, article, events, version="0.1.0")
    server = make_server(store, "127.0.0.1", 0, timeout_s=1.0, workers=2)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}/query"
    try:
        started = time.monotonic()
        status, _, body = _get(url, ENDLESS)
        assert status == 503 and "time limit" in body
        assert time.monotonic() - started < 10
        time.sleep(3.0)  # the killed worker's replacement starts meanwhile
        assert _busy_after(1.5) < 0.4  # on a thread, the query would use a CPU here
        status, _, body = _get(url, SELECT)
        assert status == 200
        assert [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]] == LABELS
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class _SlowEndpoint:
    """A SPARQL endpoint on 127.0.0.1 that answers ASK at once and never answers SELECT.

    It notes when a client gives up on a SELECT (closes the connection).
    """

    def __init__(self) -> None:
        self.gave_up = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                if body.lstrip().upper().startswith("ASK"):
                    data = b'{"head": {}, "boolean": true}'
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    readable, _, _ = select.select([self.connection], [], [], 0.05)
                    if readable and not self.connection.recv(1, socket.MSG_PEEK):
                        owner.gave_up.set()
                        return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_timed_out_query_on_a_remote_store_closes_its_request() -> None:
    from kg.store import RemoteStore

    remote = _SlowEndpoint()
    server = make_server(RemoteStore(remote.url), "127.0.0.1", 0, timeout_s=1.0, workers=1)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}/query"
    try:
        status, _, body = _get(url, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 503 and "time limit" in body
        assert remote.gave_up.wait(5), "the request to the remote endpoint was left open"
        status, _, body = _get(url, "ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        remote.close()
