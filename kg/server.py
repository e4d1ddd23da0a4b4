"""A read-only SPARQL 1.1 Protocol endpoint over a kg store.

    GET  /query?query=...                           (also /sparql and /)
    POST /query   Content-Type: application/x-www-form-urlencoded   query=...
    POST /query   Content-Type: application/sparql-query            <query text>

Results are negotiated with the Accept header: SPARQL JSON (default), CSV or TSV for
SELECT and ASK; Turtle (default), N-Triples or JSON-LD for CONSTRUCT and DESCRIBE.
Updates and SERVICE clauses are refused with 400. A query that runs longer than
``timeout_s`` gets 503 (its worker is left to finish in the background, since a
running embedded query cannot be interrupted); one with more than ``max_rows`` rows
gets 400 asking for a LIMIT. The default graph is the union of all named graphs.
"""

from __future__ import annotations

import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kg.errors import KGError, QueryError
from kg.query import QueryResult, format_result, keywords
from kg.rdf import PREFIXES
from kg.store import Store

__all__ = ["check_read_only", "make_server", "serve"]

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
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


def check_read_only(sparql: str) -> None:
    """Refuse anything but a plain query.

    Args:
        sparql: Text received from a client.

    Raises:
        QueryError: For updates, SERVICE clauses and text that is no query at all.
    """
    words = keywords(sparql)
    if "SERVICE" in words:
        raise QueryError("SERVICE (federated) queries are not allowed on this endpoint")
    form = next((w for w in words if w not in {"PREFIX", "BASE"}), None)
    if form not in _QUERY_FORMS:
        raise QueryError(
            "only SELECT, ASK, CONSTRUCT and DESCRIBE queries are accepted; "
            "this endpoint is read-only"
        )


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


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout_s: float = 10.0,
    max_rows: int = 10000,
) -> ThreadingHTTPServer:
    """Build (but do not start) the endpoint; ``port=0`` picks a free port.

    Args:
        store: The store to query.
        host: Interface to bind; keep 127.0.0.1 unless others must reach it.
        port: TCP port.
        timeout_s: Longest a query may run.
        max_rows: Most rows a SELECT may return.

    Returns:
        The server; call ``serve_forever()`` and, when done, ``server_close()``.
    """

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def _send(self, status: int, body: str, content_type: str = "text/plain") -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _error(self, status: int, message: str) -> None:
            self._send(status, message.rstrip() + "\n")

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            parsed = urllib.parse.urlsplit(self.path)
            if parsed.path not in ("/", "/sparql", "/query"):
                self._error(HTTPStatus.NOT_FOUND, f"no such endpoint {parsed.path}; use /query")
                return
            params = urllib.parse.parse_qs(parsed.query)
            if "update" in params:
                self._error(HTTPStatus.BAD_REQUEST, "this endpoint is read-only: no updates")
                return
            if "query" not in params:
                self._error(HTTPStatus.BAD_REQUEST, "missing the query parameter: /query?query=...")
                return
            self._answer(params["query"][0])

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            parsed = urllib.parse.urlsplit(self.path)
            if parsed.path not in ("/", "/sparql", "/query"):
                self._error(HTTPStatus.NOT_FOUND, f"no such endpoint {parsed.path}; use /query")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
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
            except QueryError as exc:
                self._error(HTTPStatus.BAD_REQUEST, str(exc))
                return
            outcome: dict[str, Any] = {}

            def work() -> None:
                try:
                    outcome["result"] = store.query(sparql)
                except KGError as exc:
                    outcome["error"] = exc

            worker = threading.Thread(target=work, daemon=True)
            worker.start()
            worker.join(timeout_s)
            if worker.is_alive():
                self._error(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"query exceeded the time limit of {timeout_s:g} s; narrow it or add a LIMIT",
                )
                return
            error = outcome.get("error")
            if error is not None:
                status = HTTPStatus.BAD_REQUEST if isinstance(error, QueryError) else 500
                self._error(status, str(error))
                return
            self._reply(outcome["result"])

        def _reply(self, result: QueryResult) -> None:
            accept = self.headers.get("Accept") or ""
            if result.graph is not None:
                media = _negotiate(accept, _GRAPH_TYPES, "text/turtle")
                if media is None:
                    self._error(HTTPStatus.NOT_ACCEPTABLE, f"offer: {', '.join(_GRAPH_TYPES)}")
                    return
                if len(result.graph) > max_rows:
                    self._error(
                        HTTPStatus.BAD_REQUEST,
                        f"result has more than {max_rows} triples; add a LIMIT",
                    )
                    return
                for prefix, ns in PREFIXES.items():
                    result.graph.bind(prefix, ns)
                self._send(200, result.graph.serialize(format=_GRAPH_TYPES[media]), media)
                return
            media = _negotiate(accept, _TABLE_TYPES, "application/sparql-results+json")
            if media is None:
                self._error(HTTPStatus.NOT_ACCEPTABLE, f"offer: {', '.join(_TABLE_TYPES)}")
                return
            if len(result.rows) > max_rows:
                self._error(
                    HTTPStatus.BAD_REQUEST, f"result has more than {max_rows} rows; add a LIMIT"
                )
                return
            content_type = (
                "application/sparql-results+json" if media == "application/json" else media
            )
            self._send(200, format_result(result, _TABLE_TYPES[media]), content_type)  # type: ignore[arg-type]

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def serve(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout_s: float = 10.0,
    max_rows: int = 10000,
) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol until interrupted.

    Args:
        store: The store to query.
        host: Interface to bind; 127.0.0.1 unless others must reach it.
        port: TCP port.
        timeout_s: Longest a query may run before the client gets 503.
        max_rows: Most rows (or triples) a result may have before the client gets 400.
    """
    server = make_server(store, host, port, timeout_s=timeout_s, max_rows=max_rows)
    bound_host, bound_port = server.server_address[:2]
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
