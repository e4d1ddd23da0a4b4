"""Check a kg graph against its SHACL shapes (``ontology/shapes.ttl``) with pyshacl.

The whole store is validated as one graph (the union of its named graphs) together
with the ontology, so subclass links (kg:Company is a sem:Actor) are known. Each
graph's name is added as an ``sd:NamedGraph``, so shapes can check the names too (a
staging graph left by an interrupted write is a violation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import ValidationError
from kg.namespace import ONTOLOGY_PATH, SHAPES_PATH
from kg.rdf import PREFIXES
from kg.store import Store

__all__ = ["ValidationReport", "validate", "validate_graph"]

_SD_NAMED_GRAPH = URIRef("http://www.w3.org/ns/sparql-service-description#NamedGraph")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a SHACL validation.

    Attributes:
        conforms: True when the graph has no violations.
        violations: One readable line per result: severity, focus node, path, message.
        text: pyshacl's full text report.
    """

    conforms: bool
    violations: list[str] = field(default_factory=list)
    text: str = ""

    def raise_for_violations(self) -> None:
        """Raise :class:`kg.errors.ValidationError` listing the violations, if any."""
        if not self.conforms:
            shown = "; ".join(self.violations[:5])
            more = f" (and {len(self.violations) - 5} more)" if len(self.violations) > 5 else ""
            raise ValidationError(f"{len(self.violations)} SHACL violation(s): {shown}{more}")


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def _short(g: Graph, node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except ValueError:
            return f"<{node}>"
    return node.n3() if hasattr(node, "n3") else str(node)


def _lines(results: Graph) -> list[str]:
    for prefix, ns in PREFIXES.items():
        results.bind(prefix, ns)
    lines = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        level = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
        text = str(message) if message is not None else "constraint not met"
        line = f"{level}: {_short(results, focus)} {_short(results, path)}: {text}"
        if value is not None and value != focus:
            line += f" (value {_short(results, value)})"
        lines.append(" ".join(line.split()))
    return sorted(set(lines))


def validate_graph(g: Graph) -> ValidationReport:
    """Validate one rdflib graph against kg's shapes.

    Args:
        g: The triples to check (named graphs already merged).

    Returns:
        The report.
    """
    conforms, results, text = pyshacl.validate(
        g,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="none",
        advanced=False,
        allow_warnings=False,
    )
    assert isinstance(results, Graph)
    return ValidationReport(conforms=bool(conforms), violations=_lines(results), text=str(text))


def validate(store: Store) -> ValidationReport:
    """Validate everything in a store against kg's shapes.

    Args:
        store: An open store.

    Returns:
        The report; ``conforms`` is True when there are no violations.
    """
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    g = result.graph if result.graph is not None else Graph()
    for name in store.graphs():
        g.add((name, RDF.type, _SD_NAMED_GRAPH))
    return validate_graph(g)
