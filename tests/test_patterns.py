"""Argument patterns of event nouns, as data, on hand-built parses (no statistical model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.patterns import nominal_arguments


def parse(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str] | None = None,
) -> Doc:
    nlp = spacy.blank("en")
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas or words)


def roles(doc: Doc, noun: int) -> list[tuple[str, str]]:
    return [(m.role, m.token.text) for m in nominal_arguments(doc).get(noun, [])]


def test_a_possessor_does_and_an_on_phrase_undergoes() -> None:
    # "Siemens 's ban on imports"
    doc = parse(
        ["Siemens", "'s", "ban", "on", "imports"],
        [2, 0, 2, 2, 3],
        ["poss", "case", "ROOT", "prep", "pobj"],
        ["PROPN", "PART", "NOUN", "ADP", "NOUN"],
    )
    assert roles(doc, 2) == [("agent", "Siemens"), ("patient", "imports")]


def test_from_and_by_phrases_name_the_doer_and_targeting_the_target() -> None:
    # "an order from Lufthansa" / "sanctions targeting banks"
    order = parse(
        ["an", "order", "from", "Lufthansa"],
        [1, 1, 1, 2],
        ["det", "ROOT", "prep", "pobj"],
        ["DET", "NOUN", "ADP", "PROPN"],
    )
    assert roles(order, 1) == [("agent", "Lufthansa")]
    sanctions = parse(
        ["sanctions", "targeting", "banks"],
        [0, 0, 1],
        ["ROOT", "acl", "dobj"],
        ["NOUN", "VERB", "NOUN"],
        ["sanction", "target", "bank"],
    )
    assert roles(sanctions, 0) == [("patient", "banks")]


def test_a_compound_counts_only_when_it_is_a_name() -> None:
    doc = parse(["trade", "ban"], [1, 1], ["compound", "ROOT"], ["NOUN", "NOUN"])
    (match,) = nominal_arguments(doc)[1]
    assert match.named and match.pattern == "name-modifier"  # the reader checks the name


def test_matches_come_in_text_order_of_the_noun_s_children() -> None:
    # "sanctions by the EU against Russia"
    doc = parse(
        ["sanctions", "by", "the", "EU", "against", "Russia"],
        [0, 0, 3, 1, 0, 4],
        ["ROOT", "prep", "det", "pobj", "prep", "pobj"],
        ["NOUN", "ADP", "DET", "PROPN", "ADP", "PROPN"],
        ["sanction", "by", "the", "EU", "against", "Russia"],
    )
    assert roles(doc, 0) == [("agent", "EU"), ("patient", "Russia")]


def test_only_the_lexicon_s_event_nouns_are_anchors() -> None:
    # "the table of contents": no happening, so no arguments
    doc = parse(["table", "of", "contents"], [0, 0, 1], ["ROOT", "prep", "pobj"], ["NOUN"] * 3)
    assert nominal_arguments(doc) == {}


def test_a_pattern_can_leave_out_event_types() -> None:
    # "the departure from France": for an Exit, "from" names a place, not the doer
    words, pos = ["departure", "from", "France"], ["NOUN", "ADP", "PROPN"]
    doc = parse(words, [0, 0, 1], ["ROOT", "prep", "pobj"], pos)
    (match,) = nominal_arguments(doc)[0]
    assert match.pattern == "from-phrase" and "Exit" in match.except_types


def test_an_arrested_or_shot_possessor_undergoes_unless_an_of_phrase_does() -> None:
    # "the striker 's arrest" / "the police 's shooting of a boy"
    arrest = parse(
        ["the", "striker", "'s", "arrest"],
        [1, 3, 1, 3],
        ["det", "poss", "case", "ROOT"],
        ["DET", "NOUN", "PART", "NOUN"],
    )
    assert roles(arrest, 3) == [("patient", "striker")]
    shooting = parse(
        ["the", "police", "'s", "shooting", "of", "a", "boy"],
        [1, 3, 1, 3, 3, 6, 4],
        ["det", "poss", "case", "ROOT", "prep", "det", "pobj"],
        ["DET", "NOUN", "PART", "NOUN", "ADP", "DET", "NOUN"],
    )
    assert roles(shooting, 3) == [("agent", "police"), ("patient", "boy")]


def test_a_reciprocal_noun_s_between_parties_act_and_its_with_party_undergoes() -> None:
    # "the talks between Kyiv and Moscow" / "a merger with Sprint"
    talks = parse(
        ["the", "talks", "between", "Kyiv", "and", "Moscow"],
        [1, 1, 1, 2, 3, 3],
        ["det", "ROOT", "prep", "pobj", "cc", "conj"],
        ["DET", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN"],
        ["the", "talks", "between", "Kyiv", "and", "Moscow"],
    )
    assert roles(talks, 1) == [("agent", "Kyiv")]  # the reader adds the conjuncts
    merger = parse(
        ["a", "merger", "with", "Sprint"],
        [1, 1, 1, 2],
        ["det", "ROOT", "prep", "pobj"],
        ["DET", "NOUN", "ADP", "PROPN"],
    )
    assert roles(merger, 1) == [("patient", "Sprint")]


def test_a_between_phrase_of_a_noun_that_is_no_exchange_names_no_one() -> None:
    # "the flight between Lisbon and Madrid": where, not who
    flight = parse(
        ["the", "flight", "between", "Lisbon", "and", "Madrid"],
        [1, 1, 1, 2, 3, 3],
        ["det", "ROOT", "prep", "pobj", "cc", "conj"],
        ["DET", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN"],
    )
    assert roles(flight, 1) == []
