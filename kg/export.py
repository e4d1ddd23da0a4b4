"""Write the whole store to a file other triplestores and tools can load.

``trig`` and ``nq`` keep the named graphs (one per article, one for entities);
``ttl`` writes the union of all graphs as one Turtle graph; ``jsonld`` writes the
dataset as JSON-LD with an ``@context`` of kg's prefixes. Parsing any of them back
gives a graph (per named graph, for the dataset formats) isomorphic to the store.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.plugins.shared.jsonld.keys import CONTEXT, GRAPH

from kg.errors import StoreError
from kg.progress import bar, track
from kg.rdf import PREFIXES
from kg.store import Store

__all__ = ["FORMATS", "export"]

ExportFormat = TypingLiteral["trig", "ttl", "nq", "jsonld"]
#: Export format -> usual file extension.
FORMATS: dict[str, str] = {"trig": ".trig", "ttl": ".ttl", "nq": ".nq", "jsonld": ".jsonld"}
_WRITING = "kg export (writing)"

T = TypeVar("T")


def _counted(items: Sequence[T], *, desc: str, unit: str, enabled: bool) -> Iterable[T]:
    """Return ``items``, or when ``enabled`` an iterator that counts them on a bar as read."""
    if not enabled:
        return items  # handed to the writer as it is: no Python step per item
    return track(items, desc=desc, unit=unit, enabled=True)


def _turtle(parts: Iterable[bytes], out: BinaryIO, *, progress: bool) -> int:
    """Merge every graph of an N-Quads dump, read in parts, into one Turtle document.

    Returns:
        The number of triples written; with ``progress`` they are counted on a bar as
        the serialiser takes them (it writes to ``out`` as it goes).
    """
    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for part in parts
        for q in ox.parse(part, format=ox.RdfFormat.N_QUADS)
    }
    ordered = sorted(triples, key=str)
    written = _counted(ordered, desc=_WRITING, unit="triple", enabled=progress)
    ox.serialize(written, out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return len(ordered)


class _CountingConverter(Converter):  # type: ignore[misc]
    """rdflib's JSON-LD converter, counting each graph on a bar as it is converted.

    Converting the graphs is most of the time JSON-LD writing takes, and rdflib's
    serialiser has no hook for progress: this is its converter (the same output),
    with :meth:`from_graph` counted (on a bar that draws nothing, without one).
    """

    def __init__(self, context: Context, shown: Any) -> None:
        # rdflib's serialiser passes use_native_types as a true value; do the same.
        super().__init__(context, use_native_types=True, use_rdf_type=False)
        self._shown = shown

    def from_graph(self, graph: Graph) -> Any:
        """Convert one graph's nodes, then count the graph."""
        nodes = super().from_graph(graph)
        self._shown.update(1)
        return nodes


def _jsonld_document(ds: Dataset, *, progress: bool) -> str:
    """Return the dataset as JSON-LD text with kg's prefixes as the @context.

    It is what rdflib's JSON-LD serialiser writes (its converter, the standard
    ``json`` module's text), with each graph counted on a bar when ``progress``.
    """
    context_data = dict(PREFIXES)
    # The converter visits the default graph and every graph named by an IRI.
    named = {c.identifier for c in ds.contexts() if isinstance(c.identifier, URIRef)}
    total = 1 + len(named - {DATASET_DEFAULT_GRAPH_ID})
    context = Context(context_data)
    with warnings.catch_warnings(), bar(total, desc=_WRITING, unit="graph", enabled=progress) as b:
        # rdflib's JSON-LD converter calls its own deprecated Dataset API.
        warnings.simplefilter("ignore", DeprecationWarning)
        doc = _CountingConverter(context, b).convert(ds)
    if isinstance(doc, list):
        doc = {context.get_key(GRAPH): doc}
    doc[CONTEXT] = context_data
    return json.dumps(doc, indent=1, separators=(",", ": "), sort_keys=True, ensure_ascii=False)


def _jsonld(parts: Iterable[bytes], out: BinaryIO, *, progress: bool) -> int:
    """Write an N-Quads dump, read in parts, as JSON-LD with kg's prefixes as the @context.

    Returns:
        The number of quads written.
    """
    ds = Dataset()
    labels: dict[str, BNode] = {}  # one blank node per label across the parts
    for part in parts:
        ds.parse(data=part.decode("utf-8"), format="nquads", bnode_context=labels)
    count = len(list(ds.quads((None, None, None, None))))
    text = _jsonld_document(ds, progress=progress)
    json.loads(text)  # fail here, not in a reader, if the serialiser ever emits bad JSON
    out.write(text.encode("utf-8"))
    return count


def export(store: Store, fmt: ExportFormat, path: str | Path, *, progress: bool = False) -> int:
    """Write the whole store to a file.

    Args:
        store: An open store.
        fmt: ``trig``, ``nq``, ``ttl`` (union of all graphs) or ``jsonld``.
        path: The file to write (parent directories are created).
        progress: Show a bar of the quads read (rate and time left) on stderr; the
            store is then read in parts (:meth:`kg.store.Store.dump_parts`), which
            costs time but holds no whole dump. ``ttl`` and ``jsonld`` then show a
            second bar while the document is written: of the triples written to
            Turtle, of the graphs converted to JSON-LD.

    Returns:
        The number of statements written: quads, or triples for ``ttl``.

    Raises:
        StoreError: On an unknown format or if the file cannot be written.
    """
    if fmt not in FORMATS:
        raise StoreError(f"cannot export as {fmt!r}: use one of {', '.join(FORMATS)}")
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    total = len(store)

    def parts(dump_fmt: str) -> Iterator[bytes]:
        if not progress:
            # One native dump is faster: parts make a Python object of every quad.
            yield store.dump(dump_fmt)
            return
        with bar(total, desc="kg export", unit="quad", enabled=progress) as shown:
            for count, data in store.dump_parts(dump_fmt):
                yield data
                shown.update(count)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as out:
            if fmt in ("trig", "nq"):
                for data in parts(fmt):
                    out.write(data)
                count = total
            else:
                count = (_turtle if fmt == "ttl" else _jsonld)(parts("nq"), out, progress=progress)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"{target}: cannot write the export: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)  # a store that failed mid-way leaves no half file
        raise
    return count
