"""The lexicon's data files: one event-type table that every part of kg reads."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.lexicon import (
    EVENT_TYPE_TABLE,
    EVENT_VERBS,
    NOMINAL_TRIGGERS,
    PHRASAL_VERBS,
    is_actor_noun,
)
from kg.namespace import EVENT_TYPES, KG_NS, ONTOLOGY_PATH
from kg.viz import TYPE_COLORS


def test_every_trigger_has_a_type_of_the_table():
    types = set(EVENT_VERBS.values()) | set(PHRASAL_VERBS.values())
    types |= {t for _, t in NOMINAL_TRIGGERS.values()}
    assert types <= set(EVENT_TYPE_TABLE)


def test_namespace_and_page_read_the_table():
    assert EVENT_TYPES == {t: row.cameo for t, row in EVENT_TYPE_TABLE.items()}
    for name, row in EVENT_TYPE_TABLE.items():
        assert TYPE_COLORS[name] == row.colour
        assert row.colour.startswith("#") and len(row.colour) == 7


def test_the_ontology_has_a_class_per_type_with_the_tables_label_and_code():
    g = Graph().parse(ONTOLOGY_PATH)
    for name, row in EVENT_TYPE_TABLE.items():
        cls = URIRef(KG_NS + ("OtherEvent" if name == "Other" else name))
        assert (cls, RDFS.label, Literal(row.label, lang="en")) in g, name
        if row.cameo:
            assert (cls, SKOS.notation, Literal(row.cameo)) in g, name


def test_untyped_event_nouns_are_not_typed_triggers_too():
    from kg.lexicon import EVENT_NOUNS

    assert not set(EVENT_NOUNS) & set(NOMINAL_TRIGGERS)


def test_colours_tell_types_apart():
    colours = [row.colour for row in EVENT_TYPE_TABLE.values()]
    assert len(set(colours)) == len(colours)


def test_actor_nouns_by_table_and_by_ending():
    assert is_actor_noun("Prosecutor") == "GovernmentAgency"
    assert is_actor_noun("airline") == "Company"
    assert is_actor_noun("shipbuilder") == "Group"
    assert is_actor_noun("computer") is None


def test_the_nouns_that_date_a_decided_deed_bind_to_one():
    from kg.lexicon import COMMITMENT_NOUNS, DECISION_NOUNS

    assert DECISION_NOUNS and DECISION_NOUNS <= COMMITMENT_NOUNS


def test_measure_nouns_with_agentive_endings_are_no_actors():
    assert is_actor_noun("liter") is None
    assert is_actor_noun("kilometer") is None
    assert is_actor_noun("picketer") == "Group"
