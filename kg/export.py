"""Write the whole store to a file other triplestores and tools can load.

``trig`` and ``nq`` keep the named graphs (one per article, one for entities);
``ttl`` writes the union of all graphs as one Turtle graph; ``jsonld`` writes the
dataset as JSON-LD with an ``@context`` of kg's prefixes. Parsing any of them back
gives a graph (per named graph, for the dataset formats) isomorphic to the store.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import BNode, Dataset

from kg.errors import StoreError
from kg.progress import bar
from kg.rdf import PREFIXES
from kg.store import Store

__all__ = ["FORMATS", "export"]

ExportFormat = TypingLiteral["trig", "ttl", "nq", "jsonld"]
#: Export format -> usual file extension.
FORMATS: dict[str, str] = {"trig": ".trig", "ttl": ".ttl", "nq": ".nq", "jsonld": ".jsonld"}


def _turtle(parts: Iterable[bytes]) -> tuple[bytes, int]:
    """Merge every graph of an N-Quads dump, read in parts, into one Turtle document."""
    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for part in parts
        for q in ox.parse(part, format=ox.RdfFormat.N_QUADS)
    }
    out = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert out is not None
    return out, len(triples)


def _jsonld(parts: Iterable[bytes]) -> tuple[bytes, int]:
    """Write an N-Quads dump, read in parts, as JSON-LD with kg's prefixes as the @context."""
    ds = Dataset()
    labels: dict[str, BNode] = {}  # one blank node per label across the parts
    for part in parts:
        ds.parse(data=part.decode("utf-8"), format="nquads", bnode_context=labels)
    count = len(list(ds.quads((None, None, None, None))))
    with warnings.catch_warnings():
        # rdflib's JSON-LD writer calls its own deprecated Dataset API.
        warnings.simplefilter("ignore", DeprecationWarning)
        text = ds.serialize(format="json-ld", context=dict(PREFIXES), indent=1)
    json.loads(text)  # fail here, not in a reader, if the serialiser ever emits bad JSON
    return text.encode("utf-8"), count


def export(store: Store, fmt: ExportFormat, path: str | Path, *, progress: bool = False) -> int:
    """Write the whole store to a file.

    Args:
        store: An open store.
        fmt: ``trig``, ``nq``, ``ttl`` (union of all graphs) or ``jsonld``.
        path: The file to write (parent directories are created).
        progress: Show a bar of the quads read (rate and time left) on stderr; the
            store is then read in parts (:meth:`kg.store.Store.dump_parts`), which
            costs time but holds no whole dump. For ``ttl`` and ``jsonld`` the
            document is written after the bar ends.

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
                data, count = (_turtle if fmt == "ttl" else _jsonld)(parts("nq"))
                out.write(data)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"{target}: cannot write the export: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)  # a store that failed mid-way leaves no half file
        raise
    return count
