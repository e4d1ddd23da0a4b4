"""Where kg keeps its graph: an Oxigraph directory, memory, or a SPARQL endpoint.

``open_store(location)`` picks the backend from the location:

    ./kg-store                  embedded Oxigraph (RocksDB) directory, created if absent
    memory:                     in-process Oxigraph store, gone when closed
    http://host:7878/query      SPARQL 1.1 endpoint; update URL and Graph Store URL
                                derived by Oxigraph's convention (/update, /store)
    http://h/ds/query|http://h/ds/update|http://h/ds/data
                                explicit query | update [| graph store] URLs (Fuseki)

Every backend offers the same API with rdflib terms at the surface. Queries see the
union of all named graphs as their default graph (for a remote endpoint the Oxigraph
``union-default-graph`` parameter is sent; configure Fuseki with ``unionDefaultGraph``).
Writes are atomic: :meth:`Store.write` sends one SPARQL update (one transaction) that
drops the old graphs and inserts the new triples, so a failure, or the process being
killed, leaves either the old content or the new, never half of it. Graphs named
``urn:kg:staging:...`` (left by older versions, which staged writes in two
transactions) are removed when a directory store is opened for writing. Bulk loads use
Oxigraph's bulk loader or one N-Quads POST to the Graph Store Protocol endpoint.

Every query's text passes :func:`kg.guard.check_size` first: Oxigraph's parser would
overflow its stack on a few thousand nested brackets. A directory store opened
``read_only`` (the read commands do so) does not take the write lock, so it can be
read while a build writes; it sees the store as it was when opened.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import QueryError, ResultTooLargeError, StoreError
from kg.guard import check_size
from kg.query import QueryResult, Term, bind_values

__all__ = [
    "DEFAULT_LOCATION",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "Triples",
    "open_store",
]

#: Where the CLI keeps its store unless told otherwise.
DEFAULT_LOCATION = "./kg-store"

Quad = tuple[Node, Node, Node, URIRef]
#: A named graph's content as :meth:`Store.write` takes it: an rdflib graph, or its
#: triples (repeats allowed) when building a Graph would only cost time.
Triples = Graph | Collection[tuple[Node, Node, Node]]

_DATASET_FORMATS = {
    "nq": (ox.RdfFormat.N_QUADS, "application/n-quads"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
}
_XSD_STRING = str(XSD.string)
#: Graph-name prefix of the temporary graphs of older versions' two-step writes.
STAGING_PREFIX = "urn:kg:staging:"
#: Characters of SPARQL updates an embedded directory store takes between two flushes.
#: RocksDB keeps writes in memory buffers of 128 MB per index until they fill, which a
#: build of a few thousand articles never does: without a flush its memory grows with
#: the corpus. Flushing every few megabytes of updates keeps it flat.
FLUSH_CHARS = 8_000_000


class Store(ABC):
    """A quad store holding one named graph per article and one for shared entities.

    Use as a context manager, or call :meth:`close`.
    """

    location: str

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = True,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL query.

        Args:
            sparql: The query.
            bindings: Variable name -> term, bound before evaluation (see
                :func:`kg.query.bind_values`).
            union: Use the union of all named graphs as the default graph.
            max_rows: Most rows (or triples) to accept; None for no limit.

        Returns:
            The result with rdflib terms.

        Raises:
            QueryError: If the query is malformed, too large or deep, or fails.
            ResultTooLargeError: If the result has more than ``max_rows`` rows.
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update atomically.

        Raises:
            QueryError: If the update is malformed or fails.
        """

    @abstractmethod
    def write(
        self,
        *,
        replace: Mapping[URIRef, Triples] | None = None,
        add: Mapping[URIRef, Triples] | None = None,
        before: Sequence[str] = (),
        after: Sequence[str] = (),
    ) -> None:
        """Atomically replace some named graphs and add triples to others.

        Args:
            replace: Graph IRI -> its new content (the old content is dropped).
            add: Graph IRI -> triples to merge into it.
            before: SPARQL update operations run first, in the same transaction
                (they still see the old content).
            after: SPARQL update operations run last, in the same transaction
                (they see the new content); indexes kept on write use these.

        Raises:
            StoreError: If the write fails; nothing is changed then.
        """

    @abstractmethod
    def drop_graph(self, iri: URIRef) -> bool:
        """Delete a named graph; return whether it existed."""

    @abstractmethod
    def bulk_add(self, quads: Iterable[Quad]) -> None:
        """Add many quads fast (not atomic: for building or restoring a store)."""

    @abstractmethod
    def dump(self, fmt: str = "nq") -> bytes:
        """Serialise the whole store as N-Quads (``nq``) or TriG (``trig``)."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads in the store."""

    def dump_parts(self, fmt: str = "nq", *, size: int = 50_000) -> Iterator[tuple[int, bytes]]:
        """Serialise the whole store in parts, for writing it out with progress.

        Joined, the parts are :meth:`dump`'s bytes. This default is one part; stores
        that can stream give parts of about ``size`` quads.

        Yields:
            (number of quads in the part, its bytes).
        """
        yield len(self), self.dump(fmt)

    def replace_graph(self, iri: URIRef, graph: Graph) -> None:
        """Atomically replace the content of one named graph."""
        self.write(replace={iri: graph})

    def add_graph(self, iri: URIRef, graph: Graph) -> None:
        """Atomically merge triples into one named graph."""
        self.write(add={iri: graph})

    def rewrite(self, graphs: Mapping[URIRef, Triples]) -> None:
        """Atomically give named graphs new content, as ``write(replace=graphs)`` does.

        For graphs that are written again with most of their content unchanged (the
        canonical events of a block): a store that can compare writes only what
        changed; this default replaces each graph whole.

        Raises:
            StoreError: If the write fails; nothing is changed then.
        """
        self.write(replace=graphs)

    def graphs(self) -> list[URIRef]:
        """Return the IRIs of the non-empty named graphs, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return sorted(row[0] for row in result.rows if isinstance(row[0], URIRef))

    def close(self) -> None:  # noqa: B027 - backends without resources keep the default
        """Release the store (and its directory lock)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"


def _to_ox(term: Node) -> Any:
    """Return the pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise StoreError(f"cannot store term {term!r}: only IRIs, blank nodes and literals")


def _from_ox(term: Any) -> Term | None:
    """Return the rdflib term for a pyoxigraph term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise StoreError(f"unsupported term in result: {term!r}")


@lru_cache(maxsize=1 << 16)
def _iri_nt(value: str) -> str:
    """Return an IRI as N-Triples, checked by Oxigraph (raises ValueError if invalid).

    The same few thousand IRIs (predicates, classes, entities, articles) recur in every
    write: each is checked once.
    """
    return str(ox.NamedNode(value))


def _term_nt(term: Node) -> str:
    """Return a term as N-Triples, checked by Oxigraph (see :func:`_to_ox`)."""
    if isinstance(term, URIRef):
        return _iri_nt(str(term))
    return str(_to_ox(term))


def _converter() -> Callable[[Any], Term | None]:
    """Return :func:`_from_ox` for one result: a term that recurs in it is converted once.

    Results repeat terms (graph names, types, actions, the entities of many events);
    rdflib terms are immutable, so one object serves every row that holds the term.
    """
    cache: dict[Any, Term | None] = {}

    def convert(term: Any) -> Term | None:
        if term is None:
            return None
        found = cache.get(term)
        if found is None:
            found = cache[term] = _from_ox(term)
        return found

    return convert


def _nt(triples: Triples, iri: URIRef) -> str:
    """Return triples as N-Triples lines, each term checked by Oxigraph, repeats once.

    Each IRI, and each literal object (:mod:`kg.rdf` makes a recurring literal once),
    is written once per call; a literal is looked up by the object, which the cache
    holds, so its id stays its own while the call runs.
    """
    lines: dict[str, None] = {}
    nodes: dict[Node, str] = {}
    literals: dict[int, tuple[Node, str]] = {}

    def node(term: Node) -> str:
        text = nodes.get(term)
        if text is None:
            text = nodes[term] = _iri_nt(str(term)) if type(term) is URIRef else _term_nt(term)
        return text

    for triple in triples:
        try:
            s, p, o = triple
            if type(o) is URIRef:
                obj = node(o)
            else:
                found = literals.get(id(o))
                if found is None:
                    found = literals[id(o)] = (o, _term_nt(o))
                obj = found[1]
            lines[f"{node(s)} {node(p)} {obj} ."] = None
        except ValueError as exc:
            bad = next((t for t in triple if not _storable(t)), triple)
            raise StoreError(
                f"graph <{iri}>: cannot store the term {str(bad)[:80]!r} ({exc}); "
                "nothing of this graph was written"
            ) from None
    return "\n".join(lines)


def _bind(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """Bind parameters (see :func:`kg.query.bind_values`), refusing terms no store holds."""
    for name, term in (bindings or {}).items():
        if not _storable(term):
            raise QueryError(
                f"query parameter ?{name}: {str(term)[:80]!r} is not a valid "
                f"{'IRI' if isinstance(term, URIRef) else 'RDF term'}"
            )
    return bind_values(sparql, bindings or {})


def _nt_iri(iri: URIRef) -> str:
    try:
        return str(ox.NamedNode(str(iri)))
    except ValueError as exc:
        raise StoreError(f"cannot store the graph name <{iri}> ({exc}); nothing written") from None


def _storable(term: Node) -> bool:
    try:
        _to_ox(term)
    except (ValueError, StoreError):
        return False
    return True


def _limited(items: Iterable[Any], max_rows: int | None, unit: str) -> Iterable[Any]:
    """Pass items through, raising as soon as one more than ``max_rows`` arrives."""
    for count, item in enumerate(items, start=1):
        if max_rows is not None and count > max_rows:
            raise ResultTooLargeError(max_rows, unit)
        yield item


def _vanished(exc: BaseException) -> bool:
    """Tell whether an error is a read-only view missing a file a writer just compacted away."""
    text = str(exc)
    return "No such file" in text or "Corruption" in text


def open_read_only(path: str, *, attempts: int = 5) -> ox.Store:
    """Open a read-only view of a directory store that a writer may be changing.

    A writer compacting while the view opens can delete a file the view's manifest
    still names; opening again reads the new manifest.

    Raises:
        OSError: If the store cannot be opened after ``attempts`` tries.
    """
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as exc:
            if attempt == attempts - 1 or not _vanished(exc):
                raise OSError(str(exc)) from exc
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class ReadOnlyView:
    """A read-only view of a directory store, opened again whenever a writer changed it.

    For long-lived readers (the endpoint's workers): each query sees what the last
    write committed, and an unchanged store is not reopened.
    """

    def __init__(self, path: str) -> None:
        """Remember the store; it is opened by the first query."""
        self.path = path
        self._store: ox.Store | None = None
        self._generation: tuple[tuple[str, int, int], ...] = ()

    def _current(self) -> tuple[tuple[str, int, int], ...]:
        # Every write appends to a write-ahead log; compactions rewrite the manifest.
        with os.scandir(self.path) as entries:
            return tuple(
                sorted(
                    (e.name, e.stat().st_size, e.stat().st_mtime_ns)
                    for e in entries
                    if e.name.endswith(".log") or e.name.startswith(("MANIFEST", "CURRENT"))
                )
            )

    def query(self, sparql: str, *, union: bool = True, max_rows: int | None = None) -> QueryResult:
        """Run a query (see :func:`run_oxigraph`), on a fresh view if the store changed.

        Raises:
            QueryError: As :func:`run_oxigraph`, or when the store cannot be opened.
        """
        for attempt in range(3):
            try:
                generation = self._current()
                if self._store is None or generation != self._generation:
                    self._store = None
                    self._store = open_read_only(self.path)
                    self._generation = generation
            except OSError as exc:
                raise QueryError(f"cannot open the store: {exc}") from exc
            try:
                return run_oxigraph(self._store, sparql, union=union, max_rows=max_rows)
            except QueryError as exc:
                if attempt == 2 or exc.__cause__ is None or not _vanished(exc.__cause__):
                    raise
                self._store = None
        raise AssertionError("unreachable")


def run_oxigraph(
    store: ox.Store, sparql: str, *, union: bool = True, max_rows: int | None = None
) -> QueryResult:
    """Run a query on a pyoxigraph store, building at most ``max_rows`` rows.

    Raises:
        QueryError: Malformed (a parse error, with its position) or failed; messages
            do not name the store, callers add that.
        ResultTooLargeError: More than ``max_rows`` rows or triples.
    """
    check_size(sparql)
    try:
        result = store.query(sparql, use_default_graph_as_union=union)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(boolean=bool(result))
        convert = _converter()
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows = tuple(
                tuple(convert(t) for t in solution)
                for solution in _limited(result, max_rows, "rows")
            )
            return QueryResult(vars=names, rows=rows)
        graph = Graph()
        graph.addN(
            (convert(t.subject), convert(t.predicate), convert(t.object), graph)  # type: ignore[misc]
            for t in _limited(result, max_rows, "triples")
        )
        return QueryResult(graph=graph)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL query (parse error): {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc


class OxigraphStore(Store):
    """An embedded Oxigraph store, on disk (a directory) or in memory."""

    def __init__(self, path: str | None = None, *, read_only: bool = False) -> None:
        """Open or create the store.

        Args:
            path: A directory (created if absent) or None for an in-memory store.
            read_only: Open an existing directory without taking its write lock, so
                a build may write it meanwhile; writes then raise StoreError.

        Raises:
            StoreError: If the directory cannot be opened, e.g. another process writes it.
        """
        self.location = "memory:" if path is None else path
        self.path = path
        self.read_only = read_only and path is not None
        self._store: ox.Store | None
        self._unflushed = 0
        if path is None:
            self._store = ox.Store()
            return
        if Path(path).exists() and not Path(path).is_dir():
            raise StoreError(f"{path}: is a file, not a store directory; give a directory path")
        try:
            self._store = open_read_only(path) if self.read_only else ox.Store(path)
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"{path}: another process is writing the store (a running `kg build` or "
                    "`kg remove`, or an `oxigraph serve` on it); wait for it to finish, or "
                    "read the store with a read-only command meanwhile"
                ) from exc
            raise StoreError(f"{path}: cannot open the store: {exc}") from exc
        if not self.read_only:
            self._drop_staging()

    def _drop_staging(self) -> None:
        """Remove the staging graphs an interrupted write of an older version left."""
        leftovers = [g for g in self._ox.named_graphs() if g.value.startswith(STAGING_PREFIX)]
        for graph in leftovers:
            self._ox.remove_graph(graph)

    @property
    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.location}: the store is closed; open it again")
        return self._store

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = True,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL query (see :meth:`Store.query`)."""
        text = _bind(sparql, bindings)
        try:
            for attempt in range(3):
                try:
                    return run_oxigraph(self._ox, text, union=union, max_rows=max_rows)
                except QueryError as exc:
                    cause = exc.__cause__
                    if not (self.read_only and self.path and cause and _vanished(cause)):
                        raise
                    if attempt == 2:
                        raise
                    # A build beside this reader compacted away a file: look again.
                    self._store = open_read_only(self.path)
            raise AssertionError("unreachable")
        except ResultTooLargeError:
            raise
        except QueryError as exc:
            raise QueryError(f"{self.location}: {exc}") from exc

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only; nothing can be written")
        return self._ox

    def update(self, sparql: str) -> None:
        """Run a SPARQL update atomically (see :meth:`Store.update`)."""
        self._writable()
        try:
            self._ox.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"{self.location}: malformed SPARQL update: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"{self.location}: update failed, nothing written: {exc}") from exc
        self._written(len(sparql))

    def _written(self, chars: int) -> None:
        """Count an update's text; flush the memory buffers every :data:`FLUSH_CHARS`."""
        if self.path is None:
            return
        self._unflushed += chars
        if self._unflushed >= FLUSH_CHARS:
            self._unflushed = 0
            try:
                self._ox.flush()
            except OSError:
                pass  # the write is done; RocksDB flushes in the background anyway

    def write(
        self,
        *,
        replace: Mapping[URIRef, Triples] | None = None,
        add: Mapping[URIRef, Triples] | None = None,
        before: Sequence[str] = (),
        after: Sequence[str] = (),
    ) -> None:
        """Atomically replace and merge named graphs (see :meth:`Store.write`).

        Everything goes into one SPARQL update, which Oxigraph applies in one
        transaction: a process killed mid-write leaves the old content, whole.
        """
        store = self._writable()
        ops = list(before)
        ops.extend(f"DROP SILENT GRAPH <{iri}>" for iri in (replace or {}))
        blocks = []
        for iri, graph in [*(replace or {}).items(), *(add or {}).items()]:
            if len(graph):
                blocks.append(f"GRAPH {_nt_iri(iri)} {{\n{_nt(graph, iri)}\n}}")
        if blocks:
            ops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        ops.extend(after)
        self._update(store, ops)

    def _update(self, store: ox.Store, ops: list[str]) -> None:
        """Run SPARQL update operations as one transaction (none: nothing to do)."""
        if not ops:
            return
        text = " ;\n".join(ops)
        try:
            store.update(text)
        except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
            raise StoreError(f"{self.location}: write failed, nothing changed: {exc}") from exc
        self._written(len(text))

    def rewrite(self, graphs: Mapping[URIRef, Triples]) -> None:
        """Atomically give named graphs new content, writing only the triples that change.

        Each graph's stored triples are compared with its new ones as N-Triples lines:
        one update deletes the lines it no longer has, then inserts those it did not
        have (a stored term spelt otherwise is deleted and inserted again), so the graph
        ends holding exactly its new content; a graph left empty is dropped. Graphs with
        blank nodes, which DELETE DATA cannot name, are replaced whole.
        """
        store = self._writable()
        drops, deletes, inserts = [], [], []
        for iri, graph in graphs.items():
            name = _nt_iri(iri)
            new = set(_nt(graph, iri).split("\n")) if len(graph) else set()
            new.discard("")
            if not new:
                drops.append(f"DROP SILENT GRAPH {name}")
                continue
            node = ox.NamedNode(str(iri))
            old = {
                f"{q.subject} {q.predicate} {q.object} ."
                for q in store.quads_for_pattern(None, None, None, node)
            }
            if any(line.startswith("_:") or " _:" in line for line in old | new):
                self.write(replace=graphs)
                return
            if gone := old - new:
                deletes.append(f"GRAPH {name} {{\n" + "\n".join(sorted(gone)) + "\n}")
            if come := new - old:
                inserts.append(f"GRAPH {name} {{\n" + "\n".join(sorted(come)) + "\n}")
        ops = list(drops)
        if deletes:
            ops.append("DELETE DATA {\n" + "\n".join(deletes) + "\n}")
        if inserts:
            ops.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
        self._update(store, ops)

    def drop_graph(self, iri: URIRef) -> bool:
        """Delete a named graph; return whether it existed."""
        node = ox.NamedNode(str(iri))
        try:
            existed = self._writable().contains_named_graph(node)
            if existed:
                self._ox.remove_graph(node)
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot drop graph <{iri}>: {exc}") from exc
        return bool(existed)

    def bulk_add(self, quads: Iterable[Quad]) -> None:
        """Add many quads with Oxigraph's bulk loader."""
        graphs: dict[URIRef, Any] = {}

        def convert() -> Iterable[Any]:
            for s, p, o, g in quads:
                target = graphs.get(g)
                if target is None:
                    target = graphs[g] = ox.NamedNode(str(g))
                yield ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), target)

        try:
            self._writable().bulk_extend(convert())
        except OSError as exc:
            raise StoreError(f"{self.location}: bulk load failed: {exc}") from exc

    def dump(self, fmt: str = "nq") -> bytes:
        """Serialise the whole store as N-Quads or TriG."""
        if fmt not in _DATASET_FORMATS:
            raise StoreError(f"cannot dump as {fmt!r}: use one of {', '.join(_DATASET_FORMATS)}")
        data = self._ox.dump(format=_DATASET_FORMATS[fmt][0])
        assert data is not None
        return data

    def dump_parts(self, fmt: str = "nq", *, size: int = 50_000) -> Iterator[tuple[int, bytes]]:
        """Serialise the store in parts of about ``size`` quads (see :meth:`Store.dump_parts`).

        The quads come in the order :meth:`dump` writes them, and a part ends only where
        a graph does, so the parts joined are the bytes of one dump (TriG included).
        """
        if fmt not in _DATASET_FORMATS:
            raise StoreError(f"cannot dump as {fmt!r}: use one of {', '.join(_DATASET_FORMATS)}")
        rdf_format = _DATASET_FORMATS[fmt][0]
        part: list[Any] = []
        graph = None
        for quad in self._ox.quads_for_pattern(None, None, None, None):
            if len(part) >= size and quad.graph_name != graph:
                yield len(part), ox.serialize(part, format=rdf_format) or b""
                part = []
            part.append(quad)
            graph = quad.graph_name
        if part:
            yield len(part), ox.serialize(part, format=rdf_format) or b""

    def __len__(self) -> int:
        """Number of quads in the store."""
        return len(self._ox)

    def close(self) -> None:
        """Flush and release the store (and its directory lock)."""
        if self._store is not None and self.location != "memory:" and not self.read_only:
            try:
                self._store.flush()
            except OSError:
                pass
        self._store = None


class RemoteStore(Store):
    """A store behind a SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, ...)."""

    def __init__(self, location: str, *, timeout_s: float = 60.0) -> None:
        """Remember the endpoint URLs; nothing is sent until the first call.

        Args:
            location: ``http(s)://.../query`` or ``query|update[|store]`` URLs.
            timeout_s: Seconds to wait for each HTTP response.
        """
        self.location = location
        self.timeout_s = timeout_s
        parts = [p.strip() for p in location.split("|")]
        query_url = parts[0]
        base = query_url.rstrip("/")
        for suffix in ("/query", "/sparql"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
                break
        else:
            query_url = base + "/query"
        self.query_url = query_url
        self.update_url = parts[1] if len(parts) > 1 else base + "/update"
        self.store_url = parts[2] if len(parts) > 2 else base + "/store"

    def _request(
        self,
        url: str,
        *,
        data: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        method: str | None = None,
        query_error: bool = False,
    ) -> tuple[bytes, str]:
        headers = {"User-Agent": "kg"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                body = response.read()
                return body, response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            message = f"{url}: HTTP {exc.code}: {detail[0] if detail else exc.reason}"
            if query_error and exc.code == 400:
                first = detail[0] if detail else exc.reason
                raise QueryError(
                    f"{self.location}: the endpoint refused the request (HTTP 400: a parse "
                    f"error or an unsupported feature): {first}"
                ) from exc
            raise StoreError(message) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(
                f"{url}: cannot reach the SPARQL endpoint ({reason}); is the server running?"
            ) from exc

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = True,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL query on the endpoint (see :meth:`Store.query`)."""
        text = _bind(sparql, bindings)
        check_size(text)
        url = self.query_url + ("?union-default-graph" if union else "")
        body, content_type = self._request(
            url,
            data=text.encode("utf-8"),
            content_type="application/sparql-query",
            accept="application/sparql-results+json, application/n-triples;q=0.9",
            query_error=True,
        )
        if "n-triples" in content_type or "turtle" in content_type:
            graph = Graph()
            graph.parse(data=body.decode("utf-8"), format="nt")
            if max_rows is not None and len(graph) > max_rows:
                raise ResultTooLargeError(max_rows, "triples")
            return QueryResult(graph=graph)
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise QueryError(f"{self.query_url}: the endpoint did not return JSON") from exc
        if "boolean" in doc:
            return QueryResult(boolean=bool(doc["boolean"]))
        names = tuple(doc["head"].get("vars", []))
        if max_rows is not None and len(doc["results"]["bindings"]) > max_rows:
            raise ResultTooLargeError(max_rows)
        rows = tuple(tuple(_from_json(b.get(v)) for v in names) for b in doc["results"]["bindings"])
        return QueryResult(vars=names, rows=rows)

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the endpoint (one request, so atomic on the server)."""
        self._request(
            self.update_url,
            data=sparql.encode("utf-8"),
            content_type="application/sparql-update",
            query_error=True,
        )

    def write(
        self,
        *,
        replace: Mapping[URIRef, Triples] | None = None,
        add: Mapping[URIRef, Triples] | None = None,
        before: Sequence[str] = (),
        after: Sequence[str] = (),
    ) -> None:
        """Replace and merge graphs with one SPARQL update request."""
        ops = [*before, *(f"DROP SILENT GRAPH <{iri}>" for iri in (replace or {}))]
        blocks = []
        for iri, graph in [*(replace or {}).items(), *(add or {}).items()]:
            if len(graph):
                blocks.append(f"GRAPH {_nt_iri(iri)} {{\n{_nt(graph, iri)}\n}}")
        if blocks:
            ops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        ops.extend(after)
        if ops:
            self.update(" ;\n".join(ops))

    def drop_graph(self, iri: URIRef) -> bool:
        """Delete a named graph; return whether it existed."""
        existed = self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", union=False).boolean
        self.update(f"DROP SILENT GRAPH <{iri}>")
        return bool(existed)

    def bulk_add(self, quads: Iterable[Quad]) -> None:
        """POST all quads as one N-Quads document to the Graph Store endpoint."""
        lines = [f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n" for s, p, o, g in quads]
        if lines:
            self._request(
                self.store_url,
                data="".join(lines).encode("utf-8"),
                content_type="application/n-quads",
                method="POST",
            )

    def dump(self, fmt: str = "nq") -> bytes:
        """GET the whole dataset from the Graph Store endpoint."""
        if fmt not in _DATASET_FORMATS:
            raise StoreError(f"cannot dump as {fmt!r}: use one of {', '.join(_DATASET_FORMATS)}")
        body, _ = self._request(self.store_url, accept=_DATASET_FORMATS[fmt][1])
        return body

    def __len__(self) -> int:
        """Number of quads, counted with SPARQL."""
        result = self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
            union=False,
        )
        return int(result.rows[0][0] or 0)  # type: ignore[arg-type]


def _from_json(value: Mapping[str, str] | None) -> Term | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != _XSD_STRING:
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def open_store(
    location: str = DEFAULT_LOCATION, *, create: bool = True, read_only: bool = False
) -> Store:
    """Open the store at a location.

    Args:
        location: A directory path (embedded Oxigraph, created if absent), ``memory:``
            or an ``http(s)://`` SPARQL endpoint (see the module docstring).
        create: Create a directory store that does not exist yet; readers pass False
            so a mistyped path is an error instead of a new, empty store.
        read_only: Open a directory store without its write lock (readers beside a
            running build); it sees the store as it was when opened.

    Returns:
        The open store; close it (or use ``with``) to release a directory lock.

    Raises:
        StoreError: If it cannot be opened, or ``create`` is False and there is no
            store at ``location``; the message says why and what to do.

    Examples:
        >>> with open_store("memory:") as store:
        ...     len(store)
        0
    """
    if location == "memory:":
        return OxigraphStore(None)
    if location.startswith(("http://", "https://")):
        return RemoteStore(location)
    if ":" in location.split("/")[0] and len(location.split(":")[0]) > 1:
        raise StoreError(
            f"{location}: unknown store location; use a directory, memory: or an http(s):// URL"
        )
    if not create and not Path(location).exists():
        raise StoreError(
            f"no store at {location}: build one with `kg build SOURCES --store {location}` "
            "or point --store (or $KG_STORE) at an existing one"
        )
    return OxigraphStore(location, read_only=read_only and Path(location).is_dir())
