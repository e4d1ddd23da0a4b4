"""Sentence starts the kg_paragraphs component sets before the parser."""

from __future__ import annotations

import spacy

from kg.components.entities import paragraphs


def _starts(text: str) -> list[str]:
    doc = paragraphs(spacy.blank("en")(text))
    return [t.text for t in doc if t.is_sent_start]


def test_a_dateline_with_a_credit_ends_before_the_body():
    starts = _starts("OSLO, March 3 (Nordic Wire) - The ministry fined the shipyard on Monday.")
    assert "The" in starts


def test_a_dateline_without_a_credit_ends_before_the_body():
    assert "Regulators" in _starts("LUXEMBOURG, Sept 10, 2024 - Regulators fined the bank.")


def test_a_dash_inside_the_body_starts_nothing():
    starts = _starts("The ministry said the fine - the largest yet - would stand.")
    assert starts == ["The"]
