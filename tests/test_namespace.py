"""The vocabulary matches ontology/kg.ttl, and IRIs are stable and readable."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns

from kg.namespace import (
    ENTITY_CLASSES,
    EVENT_CLASSES,
    EVENT_TYPES,
    KG,
    KG_NS,
    ONTOLOGY_PATH,
    SEM,
    article_graph_iri,
    article_iri,
    entity_iri,
    event_iri,
    slugify,
)

REQUIRED_EVENT_TYPES = {
    "Ban", "Restriction", "EntityListing", "Order", "Statement", "Announcement", "LegalAction",
    "Investigation", "Penalty", "Deadline", "Law", "Exit", "Other",
}  # fmt: skip
REQUIRED_ENTITY_TYPES = {
    "Person", "Organization", "GovernmentAgency", "Company", "Country", "Place", "Group", "Other",
}  # fmt: skip


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def _kg_terms(g: Graph) -> set[str]:
    return {
        str(s)[len(KG_NS) :]
        for s in g.subjects(unique=True)
        if isinstance(s, URIRef) and str(s).startswith(KG_NS)
    }


def test_namespace_and_ontology_define_the_same_terms(ontology: Graph) -> None:
    declared = set(KG.__annotations__)
    assert _kg_terms(ontology) == declared


def test_every_term_has_label_and_comment(ontology: Graph) -> None:
    for name in _kg_terms(ontology):
        term = URIRef(KG_NS + name)
        assert ontology.value(term, rns.RDFS.label) is not None, name
        assert ontology.value(term, rns.RDFS.comment) is not None, name


def test_required_types_exist() -> None:
    assert REQUIRED_EVENT_TYPES <= set(EVENT_TYPES)
    assert set(EVENT_CLASSES) == set(EVENT_TYPES)
    assert set(ENTITY_CLASSES) == REQUIRED_ENTITY_TYPES


def test_event_types_are_skos_concepts_and_classes_with_cameo(ontology: Graph) -> None:
    for name, code in EVENT_TYPES.items():
        cls = EVENT_CLASSES[name]
        assert (cls, rns.RDF.type, rns.OWL.Class) in ontology, name
        assert (cls, rns.RDF.type, rns.SKOS.Concept) in ontology, name
        assert (cls, rns.SKOS.inScheme, KG.EventTypeScheme) in ontology, name
        if code:
            assert re.fullmatch(r"\d{3,4}", code), name
            assert ontology.value(cls, KG.cameoCode) == Literal(code), name
            assert ontology.value(cls, rns.SKOS.notation) == Literal(code), name
        else:
            assert ontology.value(cls, KG.cameoCode) is None


def test_every_event_class_reaches_sem_event(ontology: Graph) -> None:
    for cls in EVENT_CLASSES.values():
        supers = set(ontology.transitive_objects(cls, rns.RDFS.subClassOf))
        assert SEM.Event in supers, cls


def test_entity_classes_specialise_sem(ontology: Graph) -> None:
    for name, cls in ENTITY_CLASSES.items():
        supers = set(ontology.transitive_objects(cls, rns.RDFS.subClassOf))
        assert supers & {SEM.Actor, SEM.Place}, name


def test_unknown_term_is_an_error() -> None:
    with pytest.raises(AttributeError):
        KG.NoSuchTerm  # noqa: B018


def test_entity_iri_is_a_readable_slug_of_the_label() -> None:
    iri = entity_iri("US Department of Homeland Security", "GovernmentAgency")
    assert iri == URIRef(
        "https://w3id.org/kgnews/resource/entity/us-department-of-homeland-security"
    )
    assert entity_iri("U.S. Department of Homeland Security", "Organization") == iri
    assert entity_iri("Kaspersky Lab", "Company") != entity_iri("Kaspersky", "Company")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Kaspersky Lab", "kaspersky-lab"),
        ("Évian-les-Bains", "evian-les-bains"),
        ("  AT&T  Inc. ", "at-t-inc"),
        ("Лаборатория Касперского", "лаборатория-касперского"),
        ("O'Neil", "oneil"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slug_of_punctuation_only_is_stable_and_not_empty() -> None:
    assert slugify("!!!") == slugify("!!!")
    assert slugify("!!!").startswith("x-")
    assert slugify("!!!") != slugify("???")


def test_event_and_article_iris() -> None:
    assert event_iri("reuters-1", 120, 131, "ban") == URIRef(
        "https://w3id.org/kgnews/resource/event/reuters-1/120-131-ban"
    )
    assert article_iri("a b/c") == URIRef("https://w3id.org/kgnews/resource/article/a%20b%2Fc")
    assert article_graph_iri("x") == URIRef("https://w3id.org/kgnews/resource/graph/article/x")
    assert event_iri("a", 1, 2, "ban") != event_iri("a", 1, 3, "ban")
