"""A read-only SPARQL 1.1 Protocol endpoint over a kg store.

    GET  /query?query=...                           (also /sparql and /)
    POST /query   Content-Type: application/x-www-form-urlencoded   query=...
    POST /query   Content-Type: application/sparql-query            <query text>

Results are negotiated with the Accept header: SPARQL JSON (default), CSV or TSV for
SELECT and ASK; Turtle (default), N-Triples or JSON-LD for CONSTRUCT and DESCRIBE.
The default graph is the union of all named graphs.

What a client cannot do:

- write, or make the server call another service: updates and ``SERVICE`` clauses are
  refused with 400 (:func:`kg.guard.check_read_only`), and on a directory store the
  queries run in worker processes that cannot open network sockets (Linux), so a
  federated call fails even if a clause got past that check;
- exhaust the server: query text is refused past a size and a nesting depth before it
  is parsed; a query running longer than ``timeout_s`` is cancelled (its worker
  process is killed and replaced, so CPU and memory come back) and gets 503; a result
  stops at ``max_rows`` rows while it streams and gets 400 naming the limit; at most
  ``workers`` queries run at once, the rest wait in turn (503 after
  :data:`QUEUE_WAIT_S`; the time limit starts when a query runs); a request body has
  a size limit and a slow client a deadline;
- read the graph from a web page: no CORS header is sent unless ``cors`` names an
  origin, requests from any other origin are refused with 403, and the Host header
  must name the bound address, or, bound to every interface, one of this machine's
  names or addresses (or a name given with ``allow_hosts``): a DNS-rebinding page
  sends its own host name and gets 421.

A directory store is opened read-only by each query, so the endpoint runs beside a
``kg build`` writing the same store and answers from what was last written. A
``memory:`` store is copied into a temporary directory when the server starts, and
served from that copy the same way (so it answers with what the store held then). A
remote endpoint is asked by worker processes too (they keep their network): ending the
worker at the time limit closes its request.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import platform
import queue
import socket
import struct
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, QueryError, ResultTooLargeError
from kg.guard import MAX_QUERY_CHARS, check_read_only, outer_limit
from kg.query import QueryResult, format_result
from kg.rdf import PREFIXES
from kg.store import OxigraphStore, RemoteStore, Store

__all__ = ["check_read_only", "make_server", "serve"]

_TABLE_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}
_PATHS = ("/", "/sparql", "/query")
#: Largest request body read (bytes); a query longer than the guard's limit is refused.
MAX_BODY_BYTES = 4 * MAX_QUERY_CHARS
#: Seconds a client may take to send its request.
CLIENT_TIMEOUT_S = 30.0
#: Pending connections the listening socket holds.
BACKLOG = 256
#: Memory (bytes) a query worker may allocate beyond what it holds when it starts; a
#: query that needs more ends its worker and gets 500 (Linux and other Unix systems).
WORKER_MEMORY_BYTES = 2 * 2**30
#: Seconds a query may wait for a free worker before the client gets 503 (its time
#: limit starts when it runs).
QUEUE_WAIT_S = 30.0
_WILDCARD_HOSTS = {"", "0.0.0.0", "::"}
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


# -- the sandbox of the worker processes ----------------------------------------------------
_SECCOMP_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}


def deny_network() -> bool:
    """Forbid this process to open IPv4 and IPv6 sockets (Linux seccomp filter).

    Oxigraph evaluates ``SERVICE`` by opening a socket, and pyoxigraph offers no
    option to turn federation off, so the query workers take away the socket itself.
    Unix sockets (the worker's pipe to the server) still work. The filter cannot be
    lifted, so call it only in a process that needs no network.

    Returns:
        True when the filter is in place; False where the platform has none.
    """
    arch = _SECCOMP_ARCH.get(platform.machine())
    if sys.platform != "linux" or arch is None:
        return False
    audit_arch, nr_socket = arch

    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    load, jeq, ret = 0x20, 0x15, 0x06
    allow, eperm = 0x7FFF0000, 0x00050000 | 1
    program = b"".join(
        [
            op(load, 4),  # seccomp_data.arch
            op(jeq, audit_arch, 1, 0),
            op(ret, allow),
            op(load, 0),  # seccomp_data.nr
            op(jeq, nr_socket, 0, 4),
            op(load, 16),  # the socket's address family (args[0])
            op(jeq, socket.AF_INET, 1, 0),
            op(jeq, socket.AF_INET6, 0, 1),
            op(ret, eperm),
            op(ret, allow),
        ]
    )

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    buffer = ctypes.create_string_buffer(program)
    fprog = SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_char_p))
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            return False
        return bool(libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) == 0)  # seccomp filter
    except (OSError, AttributeError):
        return False


def limit_memory(extra_bytes: int) -> bool:
    """Cap this process's address space at its current size plus ``extra_bytes``.

    Returns:
        True when the cap is in place (Linux: read from /proc/self/statm).
    """
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + extra_bytes
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, OSError, ValueError):
        return False
    return True


def _worker_main(
    conn: Connection,
    path: str,
    max_rows: int,
    memory_bytes: int = WORKER_MEMORY_BYTES,
    *,
    remote: bool = False,
    request_timeout_s: float = 60.0,
) -> None:
    """Answer queries from ``conn`` on a read-only view of the store at ``path``.

    With ``remote``, ``path`` is a SPARQL endpoint (:class:`kg.store.RemoteStore`) that
    the worker asks over HTTP; it keeps its network then, and ending the worker at the
    time limit closes the request.
    """
    import signal

    from kg.store import ReadOnlyView, RemoteStore

    # Ctrl-C reaches the whole process group; the server ends its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    view: ReadOnlyView | RemoteStore
    if remote:
        view = RemoteStore(path, timeout_s=request_timeout_s)
    else:
        view = ReadOnlyView(path)
        try:
            view.query("ASK {}")  # open the store before the memory cap is measured
        except QueryError:
            pass
    limit_memory(memory_bytes)
    conn.send(("ready", False if remote else deny_network()))
    while True:
        try:
            sparql = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[Any, ...] = ("ok", view.query(sparql, max_rows=max_rows))
        except ResultTooLargeError as exc:
            reply = ("too_large", str(exc))
        except QueryError as exc:
            reply = ("query_error", str(exc).removeprefix(f"{path}: "))
        except KGError as exc:
            reply = ("error", str(exc))
        except Exception as exc:  # noqa: BLE001 - the worker must outlive a bad query
            reply = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(reply)


class _BusyError(Exception):
    """No worker became free within the time limit."""


class _TimeoutError(Exception):
    """The query ran past the time limit (and was cancelled when it could be)."""


@dataclass
class _Worker:
    process: Any
    conn: Connection
    sandboxed: bool = False


@dataclass
class _ProcessPool:
    """Worker processes, each running one query at a time; killed at the time limit.

    ``path`` is a store directory, or with ``remote`` a SPARQL endpoint's location;
    ``snapshot`` is a temporary directory the pool removes when it closes.
    """

    path: str
    size: int
    max_rows: int
    memory_bytes: int = WORKER_MEMORY_BYTES
    remote: bool = False
    request_timeout_s: float = 60.0
    snapshot: tempfile.TemporaryDirectory[str] | None = None
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue)
    _closed: bool = False
    _ctx: Any = field(default_factory=lambda: multiprocessing.get_context("spawn"))

    def start(self) -> None:
        starters = [threading.Thread(target=self._replace) for _ in range(self.size)]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        if self._idle.qsize() < self.size:
            self.close()
            raise KGError(f"{self.path}: the query worker processes did not start")

    def _replace(self) -> None:
        """Start one worker and, once it is ready, make it available."""
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, self.path, self.max_rows, self.memory_bytes),
            kwargs={"remote": self.remote, "request_timeout_s": self.request_timeout_s},
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        try:
            if parent.poll(120):
                _, worker.sandboxed = parent.recv()
        except (EOFError, OSError):
            pass
        if self._closed or not process.is_alive():
            self._kill(worker)
            if not self._closed:
                raise KGError("a query worker process did not start")
            return
        self._idle.put(worker)

    @staticmethod
    def _kill(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def run(self, sparql: str, timeout_s: float) -> tuple[Any, ...]:
        try:
            worker = self._idle.get(timeout=max(QUEUE_WAIT_S, timeout_s))
        except queue.Empty:
            raise _BusyError from None
        remaining = timeout_s
        try:
            worker.conn.send(sparql)
            if remaining > 0 and worker.conn.poll(remaining):
                reply: tuple[Any, ...] = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            self._kill(worker)
            threading.Thread(target=self._replace, daemon=True).start()
            return (
                "error",
                "the query's worker process ended (most likely the query needed more than "
                f"its {self.memory_bytes / 2**20:,.0f} MiB of memory); narrow it or add a LIMIT",
            )
        # Cancel: the only way to stop a running embedded query is to end its process.
        self._kill(worker)
        threading.Thread(target=self._replace, daemon=True).start()
        raise _TimeoutError

    def sandboxed(self) -> bool:
        workers = list(self._idle.queue)
        return bool(workers) and all(w.sandboxed for w in workers)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._kill(self._idle.get_nowait())
            except queue.Empty:
                break
        if self.snapshot is not None:
            self.snapshot.cleanup()
            self.snapshot = None


@dataclass
class _ThreadRunner:
    """Queries on threads, for other kinds of :class:`kg.store.Store` (not cancellable)."""

    store: Store
    size: int
    max_rows: int
    _slots: threading.BoundedSemaphore = field(init=False)

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(self.size)

    def run(self, sparql: str, timeout_s: float) -> tuple[Any, ...]:
        if not self._slots.acquire(timeout=max(QUEUE_WAIT_S, timeout_s)):
            raise _BusyError
        deadline = time.monotonic() + timeout_s
        outcome: dict[str, tuple[Any, ...]] = {}

        def work() -> None:
            try:
                result = self.store.query(sparql, max_rows=self.max_rows)
                outcome["reply"] = ("ok", result)
            except ResultTooLargeError as exc:
                outcome["reply"] = ("too_large", str(exc))
            except QueryError as exc:
                outcome["reply"] = ("query_error", _without_location(str(exc), self.store))
            except KGError as exc:
                outcome["reply"] = ("error", str(exc))
            finally:
                self._slots.release()

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            raise _TimeoutError
        return outcome["reply"]

    def sandboxed(self) -> bool:
        return False

    def close(self) -> None:
        pass


def _without_location(message: str, store: Store) -> str:
    """Drop the store's location from a message meant for a remote client."""
    return message.removeprefix(f"{store.location}: ")


# -- HTTP ---------------------------------------------------------------------------------
def _negotiate(accept: str, offered: dict[str, Any], default: str) -> str | None:
    """Return the offered media type the Accept header likes best (None: none acceptable)."""
    if not accept.strip():
        return default
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in offered:
            choices.append((q, -i, media))
        elif media in ("*/*", "application/*", "text/*"):
            kind = media.split("/")[0]
            candidates = [default] if media == "*/*" else [m for m in offered if m.startswith(kind)]
            if candidates:
                choices.append(
                    (q - 0.001, -i, candidates[0] if default not in candidates else default)
                )
    return max(choices)[2] if choices else None


def _interface_addresses() -> set[str]:
    """Return the IP addresses of this machine's interfaces (Linux; elsewhere none)."""
    found: set[str] = set()
    try:
        with open("/proc/net/if_inet6", encoding="ascii") as lines:
            for line in lines:
                raw = bytes.fromhex(line.split()[0])
                found.add(socket.inet_ntop(socket.AF_INET6, raw))
    except (OSError, ValueError, IndexError):
        pass
    if sys.platform.startswith("linux"):
        import fcntl

        siocgifaddr = 0x8915
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            for _, name in socket.if_nameindex():
                request = struct.pack("256s", name.encode()[:15])
                try:
                    reply = fcntl.ioctl(probe.fileno(), siocgifaddr, request)
                except OSError:
                    continue  # an interface without an IPv4 address
                found.add(socket.inet_ntoa(reply[20:24]))
    return found


def own_hosts() -> set[str]:
    """Return the names and addresses that name this machine in a Host header.

    Its host name (short and fully qualified), what they resolve to, the loopback names
    and the addresses of its interfaces: what a client reaching a server bound to every
    interface (0.0.0.0 or ::) may put in the header. A DNS-rebinding page's host name is
    none of them.
    """
    hosts = set(_LOOPBACK_NAMES)
    names = {socket.gethostname(), socket.getfqdn()}
    for name in list(names):
        names.add(name.partition(".")[0])
        try:
            hosts.update(str(info[4][0]) for info in socket.getaddrinfo(name, None))
        except (OSError, UnicodeError):
            pass
    hosts.update(n for n in names if n)
    hosts.update(_interface_addresses())
    return {h.lower().partition("%")[0] for h in hosts}


def allowed_hosts_for(host: str, extra: Iterable[str] = ()) -> set[str]:
    """Return the host names a server bound to ``host`` answers for.

    Args:
        host: The bound address; a wildcard (``0.0.0.0``, ``::`` or empty) stands for
            every name and address of this machine (:func:`own_hosts`).
        extra: More names clients use (a DNS name of this machine, a proxy's name).
    """
    bound = host.lower().strip("[]")
    allowed = own_hosts() if bound in _WILDCARD_HOSTS else {bound}
    if allowed & _LOOPBACK_NAMES:
        allowed |= _LOOPBACK_NAMES
    allowed.update(_host_name(name) for name in extra if name.strip())
    return allowed


def _host_name(header: str) -> str:
    """Return the host part of a Host header ("[::1]:7878" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


class _Server(ThreadingHTTPServer):
    request_queue_size = BACKLOG
    daemon_threads = True
    runner: _ProcessPool | _ThreadRunner

    def server_close(self) -> None:
        super().server_close()
        self.runner.close()


class _Server6(_Server):
    address_family = socket.AF_INET6


def _snapshot(store: OxigraphStore) -> tempfile.TemporaryDirectory[str]:
    """Copy an in-memory store into a temporary directory its query workers can open."""
    directory = tempfile.TemporaryDirectory(prefix="kg-serve-")
    copy = ox.Store(directory.name)
    copy.bulk_load(store.dump("nq"), format=ox.RdfFormat.N_QUADS)
    copy.flush()
    del copy  # closes the directory, so the workers read what was loaded
    return directory


def _runner(
    store: Store, size: int, max_rows: int, memory_bytes: int, timeout_s: float
) -> _ProcessPool | _ThreadRunner:
    """Return where queries run: worker processes, which the time limit ends."""
    pool: _ProcessPool
    if isinstance(store, OxigraphStore) and store.path is not None:
        pool = _ProcessPool(store.path, size, max_rows, memory_bytes)
    elif isinstance(store, OxigraphStore):
        snapshot = _snapshot(store)
        pool = _ProcessPool(snapshot.name, size, max_rows, memory_bytes, snapshot=snapshot)
    elif isinstance(store, RemoteStore):
        # The worker's request gives up a little after the time limit ends the worker.
        pool = _ProcessPool(
            store.location,
            size,
            max_rows,
            memory_bytes,
            remote=True,
            request_timeout_s=min(store.timeout_s, timeout_s + 1.0),
        )
    else:
        return _ThreadRunner(store, size, max_rows)
    try:
        pool.start()
    except BaseException:
        pool.close()
        raise
    return pool


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout_s: float = 10.0,
    max_rows: int = 10000,
    cors: str | None = None,
    workers: int | None = None,
    worker_memory: int = WORKER_MEMORY_BYTES,
    allow_hosts: Iterable[str] = (),
) -> ThreadingHTTPServer:
    """Build (but do not start) the endpoint; ``port=0`` picks a free port.

    Args:
        store: The store to query; a directory store is read by worker processes.
        host: Interface to bind; keep 127.0.0.1 unless others must reach it.
        port: TCP port.
        timeout_s: Longest a query may run before it is cancelled.
        max_rows: Most rows (or triples) a result may have.
        cors: The one web origin (``https://app.example``, or ``*``) whose pages may
            read answers; None sends no CORS header and refuses cross-origin requests.
        workers: Queries run at once (default: the number of CPUs, 2 to 4).
        worker_memory: Bytes a query's worker process may allocate (directory stores).
        allow_hosts: Host names clients may send besides the bound address (bound to
            0.0.0.0 or ::, this machine's own names and addresses are accepted anyway);
            any other Host header gets 421, which is what a DNS-rebinding page sends.

    Returns:
        The server; call ``serve_forever()`` and, when done, ``server_close()``.
    """
    size = workers or max(2, min(4, os.cpu_count() or 2))
    runner = _runner(store, size, max_rows, worker_memory, timeout_s)
    allowed = allowed_hosts_for(host, allow_hosts)

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql"
        timeout = CLIENT_TIMEOUT_S

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def _send(self, status: int, body: str, content_type: str = "text/plain") -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if cors is not None:
                self.send_header("Access-Control-Allow-Origin", cors)
                self.send_header("Vary", "Origin")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _error(self, status: int, message: str) -> None:
            self._send(status, message.rstrip() + "\n")

        def _admitted(self) -> bool:
            """Check the path, the Host header and the Origin; answer when refused."""
            host_header = self.headers.get("Host")
            if host_header is not None and _host_name(host_header) not in allowed:
                self._error(
                    HTTPStatus.MISDIRECTED_REQUEST,
                    "this endpoint answers for this machine's names and addresses only; "
                    "start `kg serve --allow-host NAME` for another name clients use"
                    if host in _WILDCARD_HOSTS
                    else f"this endpoint answers for {', '.join(sorted(allowed))} only",
                )
                return False
            origin = self.headers.get("Origin")
            if origin is not None and cors not in ("*", origin):
                self._error(
                    HTTPStatus.FORBIDDEN,
                    "cross-origin requests are refused; start `kg serve --cors ORIGIN` "
                    "to let one web origin read this endpoint",
                )
                return False
            path = urllib.parse.urlsplit(self.path).path
            if path not in _PATHS:
                self._error(HTTPStatus.NOT_FOUND, f"no such endpoint {path[:100]}; use /query")
                return False
            return True

        def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
            if not self._admitted():
                return
            if cors is None:
                self._error(HTTPStatus.METHOD_NOT_ALLOWED, "use GET or POST")
                return
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Access-Control-Allow-Origin", cors)
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Vary", "Origin")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if not self._admitted():
                return
            params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            if "update" in params:
                self._error(HTTPStatus.BAD_REQUEST, "this endpoint is read-only: no updates")
                return
            if "query" not in params:
                self._error(HTTPStatus.BAD_REQUEST, "missing the query parameter: /query?query=...")
                return
            self._answer(params["query"][0])

        def _body(self) -> str | None:
            """Read the request body, or answer and return None when it is refused."""
            raw = self.headers.get("Content-Length")
            if raw is None:
                self._error(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length header")
                return None
            try:
                length = int(raw)
            except ValueError:
                length = -1
            if length < 0:
                self._error(HTTPStatus.BAD_REQUEST, f"Content-Length {raw[:20]!r} is not a size")
                return None
            if length > MAX_BODY_BYTES:
                self._error(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"request body of {length:,} bytes is over the limit of {MAX_BODY_BYTES:,}",
                )
                return None
            return self.rfile.read(length).decode("utf-8", "replace")

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            if not self._admitted():
                return
            body = self._body()
            if body is None:
                return
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/sparql-query":
                self._answer(body)
            elif content_type == "application/x-www-form-urlencoded":
                params = urllib.parse.parse_qs(body)
                if "update" in params or "query" not in params:
                    self._error(
                        HTTPStatus.BAD_REQUEST,
                        "this endpoint is read-only: send query=..., updates are refused",
                    )
                    return
                self._answer(params["query"][0])
            elif content_type == "application/sparql-update":
                self._error(HTTPStatus.BAD_REQUEST, "this endpoint is read-only: no updates")
            else:
                self._error(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send application/sparql-query or application/x-www-form-urlencoded",
                )

        def _answer(self, sparql: str) -> None:
            try:
                check_read_only(sparql)
                limit = outer_limit(sparql)
            except QueryError as exc:
                self._error(HTTPStatus.BAD_REQUEST, str(exc))
                return
            if limit is not None and limit > max_rows:
                self._error(
                    HTTPStatus.BAD_REQUEST,
                    f"LIMIT {limit} is over this endpoint's maximum of {max_rows:,} rows; "
                    f"ask for LIMIT {max_rows} or less and page with OFFSET",
                )
                return
            try:
                reply = runner.run(sparql, timeout_s)
            except _BusyError:
                self._error(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"all {size} query workers stayed busy for "
                    f"{max(QUEUE_WAIT_S, timeout_s):g} s; retry later",
                )
                return
            except _TimeoutError:
                self._error(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"query cancelled at the time limit of {timeout_s:g} s; "
                    "narrow it or add a LIMIT",
                )
                return
            kind = reply[0]
            if kind == "ok":
                self._reply(reply[1])
            elif kind in ("too_large", "query_error"):
                self._error(HTTPStatus.BAD_REQUEST, reply[1])
            else:
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, reply[1])

        def _reply(self, result: QueryResult) -> None:
            accept = self.headers.get("Accept") or ""
            if result.graph is not None:
                media = _negotiate(accept, _GRAPH_TYPES, "text/turtle")
                if media is None:
                    self._error(HTTPStatus.NOT_ACCEPTABLE, f"offer: {', '.join(_GRAPH_TYPES)}")
                    return
                for prefix, ns in PREFIXES.items():
                    result.graph.bind(prefix, ns)
                self._send(200, result.graph.serialize(format=_GRAPH_TYPES[media]), media)
                return
            media = _negotiate(accept, _TABLE_TYPES, "application/sparql-results+json")
            if media is None:
                self._error(HTTPStatus.NOT_ACCEPTABLE, f"offer: {', '.join(_TABLE_TYPES)}")
                return
            content_type = (
                "application/sparql-results+json" if media == "application/json" else media
            )
            self._send(200, format_result(result, _TABLE_TYPES[media]), content_type)  # type: ignore[arg-type]

    server_class = _Server6 if ":" in host else _Server
    try:
        server = server_class((host, port), Handler)
    except OSError:
        runner.close()
        raise
    server.runner = runner
    return server


def serve(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout_s: float = 10.0,
    max_rows: int = 10000,
    cors: str | None = None,
    allow_hosts: Iterable[str] = (),
) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol until interrupted.

    Args:
        store: The store to query.
        host: Interface to bind; 127.0.0.1 unless others must reach it.
        port: TCP port.
        timeout_s: Longest a query may run before it is cancelled and the client gets 503.
        max_rows: Most rows (or triples) a result may have before the client gets 400.
        cors: The web origin allowed to read answers (see :func:`make_server`).
        allow_hosts: More Host header names to answer for (see :func:`make_server`).
    """
    server = make_server(
        store,
        host,
        port,
        timeout_s=timeout_s,
        max_rows=max_rows,
        cors=cors,
        allow_hosts=allow_hosts,
    )
    bound_host, bound_port = server.server_address[:2]
    runner = getattr(server, "runner", None)
    if isinstance(runner, _ProcessPool) and not runner.remote and not runner.sandboxed():
        print(
            "kg serve: warning: this platform cannot take the network away from query "
            "workers; SERVICE clauses are still refused by the query check",
            file=sys.stderr,
        )
    print(
        f"SPARQL endpoint on http://{bound_host!s}:{bound_port}/query (Ctrl-C to stop)",
        file=sys.stderr,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
