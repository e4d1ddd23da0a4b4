"""NER repairs of kg_entity_fixes on hand-set entities (no statistical model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from kg.components.entities import entity_fixes


def _fixed(text: str, start: int, end: int, label: str) -> list[tuple[str, str]]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    doc.ents = [Span(doc, start, end, label=label)]
    return [(e.text, e.label_) for e in entity_fixes(doc).ents]


def test_a_name_ending_in_a_firm_word_is_a_firm_not_a_person():
    assert _fixed("Halvorsen Shipping bought two tankers.", 0, 2, "PERSON") == [
        ("Halvorsen Shipping", "ORG")
    ]
    assert _fixed("The board of Apex Motors approved the sale of its plant.", 3, 5, "PERSON") == [
        ("Apex Motors", "ORG")
    ]


def test_a_person_named_without_a_firm_word_stays_a_person():
    assert _fixed("Maria Okafor resigned on Monday.", 0, 2, "PERSON") == [
        ("Maria Okafor", "PERSON")
    ]
