"""Attacks on a real `kg serve` on 127.0.0.1: each is refused, nothing leaves, it stays up.

A listening socket on 127.0.0.1 stands in for the service an attacker would make the
endpoint call; every test checks that it received no connection.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from factories import free_port
from story import make_story

from kg.articles import write_article
from kg.guard import MAX_NESTING
from kg.store import open_store

MAX_ROWS = 50
TIMEOUT_S = 2.0


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    probe = Listener()
    yield probe
    probe.close()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("served") / "kg-store"
    with open_store(str(location)) as store:
        for article, events in make_story():
            write_article(store, article, events, version="0.1.0")
    return location


def _kg_command() -> list[str]:
    script = Path(sys.executable).with_name("kg")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]


def _wait_until_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=5).read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"kg serve did not start: {err}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def served(store_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    proc = subprocess.Popen(
        [
            *_kg_command(),
            "serve",
            "--store",
            str(store_dir),
            "--port",
            str(port),
            "--timeout",
            str(TIMEOUT_S),
            "--max-rows",
            str(MAX_ROWS),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    _wait_until_up(url, proc)
    yield url, proc
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _call(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def _get(url: str, query: str, **headers: str) -> tuple[int, dict[str, str], str]:
    return _call(f"{url}?{urllib.parse.urlencode({'query': query})}", headers=headers)


def _alive(url: str) -> None:
    status, _, body = _get(url, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


def _federated(port: int) -> list[str]:
    target = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        # '\#' is an escape inside a prefixed name, not a comment.
        f"PREFIX ex: <http://e/> ASK {{ BIND(ex:a\\# AS ?z) SERVICE <{target}> {{ ?s ?p ?o }} }}",
        # Oxigraph reads keywords at the start of longer words.
        f"PREFIX : <{target}#> ASK {{ SERVICE:x {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICESILENT<{target}>{{ ?s ?p ?o }} }}",
        f"PREFIX x: <{target}#> ASK {{ SERVICEx:y {{ ?s ?p ?o }} }}",
        # '<' after an operand compares; it does not open an IRI that hides the rest.
        f"PREFIX : <{target}#> ASK {{ FILTER(?a<?b)SERVICE:p#>\n{{ ?s ?p ?o }} }}",
        f"ASK {{ FILTER(1<2) OPTIONAL {{ service silent <{target}> {{ ?s ?p ?o }} }} }}",
    ]


def test_federated_queries_are_refused_and_nothing_leaves(served, listener: Listener) -> None:
    url, _ = served
    for query in _federated(listener.port):
        status, _, body = _get(url, query)
        assert status == 400, query
        assert "SERVICE" in body
        form = urllib.parse.urlencode({"query": query}).encode()
        status, _, _ = _call(
            url, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 400
    time.sleep(0.3)
    assert listener.hits == 0
    _alive(url)


def test_query_workers_cannot_open_sockets(store_dir: Path, listener: Listener) -> None:
    """Even a SERVICE clause that reached the engine would reach nobody."""
    from kg.server import _worker_main

    if sys.platform != "linux":
        pytest.skip("the socket filter of the query workers is Linux-only")
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    worker = ctx.Process(target=_worker_main, args=(child, str(store_dir), 10), daemon=True)
    worker.start()
    try:
        assert parent.poll(60)
        ready, sandboxed = parent.recv()
        if not sandboxed:
            pytest.skip("this kernel refuses seccomp filters")
        before = listener.hits
        parent.send(f"ASK {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}")
        assert parent.poll(60)
        kind, message = parent.recv()
        assert kind == "query_error"
        assert "not permitted" in message.lower() or "denied" in message.lower(), message
        time.sleep(0.3)
        assert listener.hits == before
        parent.send("ASK { ?s ?p ?o }")
        assert parent.poll(60)
        kind, result = parent.recv()
        assert kind == "ok" and result.boolean is True
    finally:
        worker.kill()
        worker.join(5)


def test_deep_nesting_and_huge_queries_are_refused_before_parsing(served) -> None:
    url, proc = served
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    status, _, body = _call(
        url, data=deep.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 400 and f"more than {MAX_NESTING} deep" in body
    huge = "ASK { " + "?s ?p ?o . " * 30_000 + "}"
    status, _, body = _call(
        url, data=huge.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 400 and "over the limit" in body
    assert proc.poll() is None
    _alive(url)


def test_parse_errors_and_limits_are_reported_as_such(served) -> None:
    url, _ = served
    status, _, body = _get(url, "SELEC * WHERE { ?s ?p ?o }")
    assert status == 400 and "parse error" in body and "read-only" not in body
    status, _, body = _get(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 20000")
    assert status == 400 and "LIMIT 20000" in body and f"maximum of {MAX_ROWS}" in body
    status, _, body = _get(url, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400 and f"more than {MAX_ROWS} rows" in body
    status, _, body = _get(url, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, _, body = _get(url, "INSERT DATA { <http://a> <http://b> <http://c> }")
    assert status == 400 and "read-only" in body


def _tree_usage(pid: int) -> tuple[float, int]:
    """CPU seconds (user + system) and resident bytes of a process and its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    page = os.sysconf("SC_PAGE_SIZE")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
        rss[int(entry.name)] = int(fields[21]) * page
    cpu, memory, todo = 0.0, 0, [pid]
    while todo:
        current = todo.pop()
        cpu += times.get(current, 0.0)
        memory += rss.get(current, 0)
        todo.extend(child for child, parent in parents.items() if parent == current)
    return cpu, memory


def test_timed_out_query_is_cancelled_and_cpu_settles(served) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to measure CPU")
    url, proc = served
    endless = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
        f"VALUES ?v{i} {{ 1 2 3 4 5 6 7 8 9 10 }}" for i in range(10)
    ) + " }"
    _, memory_before = _tree_usage(proc.pid)
    started = time.monotonic()
    status, _, body = _get(url, endless)
    assert status == 503 and "cancelled" in body
    assert time.monotonic() - started < TIMEOUT_S + 10
    _alive(url)  # the replacement worker is up
    time.sleep(0.5)
    cpu_before, _ = _tree_usage(proc.pid)
    time.sleep(2.0)
    cpu_after, memory_after = _tree_usage(proc.pid)
    # A query left running would burn about one core (2 s) in that window.
    spent = cpu_after - cpu_before
    assert spent < 0.8, f"the server tree used {spent:.2f} s of CPU after the time limit"
    grown = (memory_after - memory_before) / 2**20
    assert grown < 100, f"the server tree holds {grown:.0f} MB more after the time limit"


def test_no_cors_header_foreign_origins_and_hosts_are_refused(served) -> None:
    url, _ = served
    status, headers, _ = _get(url, "ASK { ?s ?p ?o }")
    assert status == 200
    assert not any(h.lower() == "access-control-allow-origin" for h in headers)
    status, _, body = _get(url, "ASK { ?s ?p ?o }", Origin="https://attacker.example")
    assert status == 403 and "--cors" in body
    port = urllib.parse.urlsplit(url).port
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/query?query=ASK%7B%7D", headers={"Host": f"rebound.example:{port}"})
    response = conn.getresponse()
    assert response.status == 421
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/query?query=ASK%7B%7D", headers={"Host": f"localhost:{port}"})
    assert conn.getresponse().status == 200
    conn.close()


def _status_for_host(port: int, host_header: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/query?query=ASK%7B%7D", headers={"Host": host_header})
        return conn.getresponse().status
    finally:
        conn.close()


def test_bound_to_every_interface_the_host_header_is_still_checked(store_dir: Path) -> None:
    from kg.server import own_hosts

    port = free_port()
    proc = subprocess.Popen(
        [
            *_kg_command(),
            "serve",
            "--store",
            str(store_dir),
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
            "--allow-host",
            "kg.example",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/query", proc)
        own = sorted(own_hosts())
        assert socket.gethostname().lower() in own
        for name in [*own, "kg.example", "KG.example"]:
            shown = f"[{name}]" if ":" in name else name
            assert _status_for_host(port, f"{shown}:{port}") == 200, name
        for name in ("rebound.example", "attacker.example", "kg.example.attacker.example"):
            assert _status_for_host(port, f"{name}:{port}") == 421, name
        _alive(f"http://127.0.0.1:{port}/query")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_bad_content_length_does_not_hang(served) -> None:
    url, _ = served
    port = urllib.parse.urlsplit(url).port
    for length in ("-1", "abc", str(10**9)):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/sparql-query\r\n"
                + f"Content-Length: {length}\r\n\r\n".encode()
            )
            reply = sock.recv(200).decode()
        assert reply.split()[1] in ("400", "413"), reply
    _alive(url)


def test_readers_see_a_build_writing_beside_them(served, store_dir: Path) -> None:
    """The endpoint holds no lock: a writer opens the store and its writes are served."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    url, _ = served
    g = Graph()
    g.add((URIRef("https://example.org/written-later"), RDFS.label, Literal("later")))
    with open_store(str(store_dir)) as writer:
        writer.replace_graph(URIRef("https://example.org/g-later"), g)
        status, _, body = _get(url, "ASK { <https://example.org/written-later> ?p ?o }")
        assert status == 200, body
        assert json.loads(body)["boolean"] is True
        writer.drop_graph(URIRef("https://example.org/g-later"))


def test_two_hundred_concurrent_requests(served) -> None:
    url, _ = served
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"

    def one(_: int) -> tuple[int, float, str]:
        started = time.monotonic()
        status, _, body = _get(url, query)
        return status, time.monotonic() - started, body

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(one, range(200)))
    statuses = [s for s, _, _ in results]
    latencies = sorted(t for _, t, _ in results)
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    print(
        f"200 requests, 50 at a time: p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s"
    )
    assert statuses.count(200) == 200, [(s, b) for s, _, b in results if s != 200][:3]
    assert p95 < 30
    _alive(url)


def test_a_query_that_needs_too_much_memory_ends_only_its_worker(store_dir: Path) -> None:
    from kg.server import make_server

    if sys.platform != "linux":
        pytest.skip("the memory cap of the query workers reads /proc")
    with open_store(str(store_dir), read_only=True) as store:
        server = make_server(
            store, "127.0.0.1", 0, timeout_s=60, workers=1, worker_memory=150 * 2**20
        )
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        host, port = server.server_address[:2]
        url = f"http://{host}:{port}/query"
        try:
            hungry = (
                "SELECT * WHERE { "
                + " ".join(f"VALUES ?v{i} {{ 1 2 3 4 5 6 7 8 9 10 }}" for i in range(7))
                + " } ORDER BY DESC(?v0) DESC(?v1)"
            )
            status, _, body = _get(url, hungry)
            assert status == 500 and "150 MiB of memory" in body
            _alive(url)  # a new worker answers
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
