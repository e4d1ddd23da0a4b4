"""Write the whole store to a file other triplestores and tools can load.

``trig`` and ``nq`` keep the named graphs (one per article, one for entities);
``ttl`` writes the union of all graphs as one Turtle graph; ``jsonld`` writes the
dataset as JSON-LD with an ``@context`` of kg's prefixes. Parsing any of them back
gives a graph (per named graph, for the dataset formats) isomorphic to the store.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import StoreError
from kg.rdf import PREFIXES
from kg.store import Store

__all__ = ["FORMATS", "export"]

ExportFormat = TypingLiteral["trig", "ttl", "nq", "jsonld"]
#: Export format -> usual file extension.
FORMATS: dict[str, str] = {"trig": ".trig", "ttl": ".ttl", "nq": ".nq", "jsonld": ".jsonld"}


def _turtle(nquads: bytes) -> tuple[bytes, int]:
    """Merge every graph of an N-Quads dump into one Turtle document."""
    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    }
    out = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert out is not None
    return out, len(triples)


def _jsonld(nquads: bytes) -> tuple[bytes, int]:
    """Write an N-Quads dump as JSON-LD with kg's prefixes as the @context."""
    ds = Dataset()
    ds.parse(data=nquads.decode("utf-8"), format="nquads")
    count = len(list(ds.quads((None, None, None, None))))
    with warnings.catch_warnings():
        # rdflib's JSON-LD writer calls its own deprecated Dataset API.
        warnings.simplefilter("ignore", DeprecationWarning)
        text = ds.serialize(format="json-ld", context=dict(PREFIXES), indent=1)
    json.loads(text)  # fail here, not in a reader, if the serialiser ever emits bad JSON
    return text.encode("utf-8"), count


def export(store: Store, fmt: ExportFormat, path: str | Path) -> int:
    """Write the whole store to a file.

    Args:
        store: An open store.
        fmt: ``trig``, ``nq``, ``ttl`` (union of all graphs) or ``jsonld``.
        path: The file to write (parent directories are created).

    Returns:
        The number of statements written: quads, or triples for ``ttl``.

    Raises:
        StoreError: On an unknown format or if the file cannot be written.
    """
    if fmt not in FORMATS:
        raise StoreError(f"cannot export as {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt in ("trig", "nq"):
        data = store.dump(fmt)
        count = len(store)
    elif fmt == "ttl":
        data, count = _turtle(store.dump("nq"))
    else:
        data, count = _jsonld(store.dump("nq"))
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        raise StoreError(f"{target}: cannot write the export: {exc}") from exc
    return count
