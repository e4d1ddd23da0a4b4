"""SHACL: what kg writes conforms; broken graphs give readable one-line violations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns
from story import make_story

from kg.articles import write_article
from kg.errors import ValidationError
from kg.namespace import ENTITIES_GRAPH, KG, NIF, SEM
from kg.rdf import article_to_graph, entities_to_graph
from kg.validate import validate, validate_graph

BUILT = datetime(2024, 7, 1, tzinfo=UTC)


def _article_graph(index: int = 1) -> tuple[Graph, list]:
    article, events = make_story()[index]
    return article_to_graph(article, events, built_at=BUILT, version="0.1.0"), events


def test_article_graph_conforms_on_its_own() -> None:
    g, _ = _article_graph()
    report = validate_graph(g)
    assert report.conforms, report.violations
    assert report.violations == []


def test_article_and_entities_conform_together() -> None:
    g, events = _article_graph()
    merged = Graph()
    for triple in g:
        merged.add(triple)
    for triple in entities_to_graph(
        e for ev in events for e in (*ev.agents, *ev.patients, *ev.place)
    ):
        merged.add(triple)
    report = validate_graph(merged)
    assert report.conforms, report.violations


def test_store_conforms(store, story) -> None:
    for article, events in story:
        write_article(store, article, events, version="0.1.0")
    report = validate(store)
    assert report.conforms, report.violations
    report.raise_for_violations()


def test_broken_event_is_reported_on_one_line() -> None:
    g, events = _article_graph()
    ban = URIRef(events[0].id)
    g.remove((ban, KG.action, None))
    g.set((ban, KG.confidence, Literal(1.5)))
    g.set((ban, KG.modality, Literal("rumoured")))
    report = validate_graph(g)
    assert not report.conforms
    text = "\n".join(report.violations)
    assert all("\n" not in line for line in report.violations)
    assert f"<{ban}> kg:action: an event needs exactly one non-empty kg:action" in text
    assert f"<{ban}> kg:confidence:" in text and "1.5" in text
    assert f"<{ban}> kg:modality:" in text
    with pytest.raises(ValidationError, match="SHACL violation"):
        report.raise_for_violations()


def test_broken_time_provenance_and_sentence() -> None:
    g, events = _article_graph()
    graph_iri = g.identifier
    g.remove((graph_iri, rns.PROV.generatedAtTime, None))
    when = g.value(URIRef(events[0].id), SEM.hasTime)
    g.set((when, KG.granularity, Literal("fortnight")))
    sentence = g.value(URIRef(events[0].id), KG.sentence)
    g.set((sentence, NIF.beginIndex, Literal(500)))
    text = "\n".join(validate_graph(g).violations)
    assert "prov:generatedAtTime" in text
    assert "kg:granularity" in text
    assert "nif:beginIndex" in text


def test_entity_without_label_or_class_is_a_violation() -> None:
    g = Graph()
    thing = URIRef("https://w3id.org/kgnews/resource/entity/nobody")
    g.add((thing, rns.RDF.type, SEM.Actor))
    g.add((thing, rns.OWL.sameAs, URIRef("https://example.org/not-wikidata")))
    text = "\n".join(validate_graph(g).violations)
    assert "rdfs:label" in text
    assert "kg entity classes" in text
    assert "owl:sameAs" in text
    assert ENTITIES_GRAPH  # the shared graph IRI is importable for callers
