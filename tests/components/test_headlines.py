"""Headline-case lines re-read from a sentence-case copy (kg_headline_case)."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from kg.components.headlines import headline_lines, sentence_case
from kg.types import LISTING_CONFIDENCE

KNOWN = frozenset({"film", "star", "die", "at", "charge", "driver", "crash", "fatal"})


def _lines(text: str) -> list[str]:
    return [line.text for line in headline_lines(spacy.blank("en")(text))]


def test_only_headline_case_lines_are_headlines():
    text = "Film Star Dies At 91 In Rome\n\nThe film star died on Sunday at her home."
    assert _lines(text) == ["Film Star Dies At 91 In Rome"]


def test_a_body_sentence_is_no_headline():
    assert _lines("The film star died on Sunday.\nPolice charged the driver.") == []


def test_common_words_are_lowered_and_names_kept():
    doc = spacy.blank("en")("Film Star Dies At 91 In Rome\n\nThe star died in Rome.")
    line = next(headline_lines(doc))
    text = sentence_case(line, {"Rome"}, {"the", "star", "died", "in"}, KNOWN)
    assert text == "Film star dies at 91 in Rome"
    assert len(text) == len(line.text)


def test_acronyms_keep_their_capitals():
    doc = spacy.blank("en")("FCC Fines Carrier Over Robocalls\n\nThe carrier was fined.")
    line = next(headline_lines(doc))
    text = sentence_case(line, set(), {"the", "carrier", "was", "fined"}, frozenset({"fine"}))
    assert text.startswith("FCC fines carrier")


def test_a_line_in_capitals_is_lowered_word_by_word():
    doc = spacy.blank("en")("DRIVER CHARGED IN FATAL CRASH\n\nPolice charged the driver.")
    line = next(headline_lines(doc))
    assert sentence_case(line, set(), {"charged", "the", "driver"}, KNOWN) == (
        "Driver charged in fatal crash"
    )


@pytest.mark.model
def test_a_headline_verb_is_read_as_a_verb_and_the_text_kept(nlp):
    text = "Veteran Jazz Pianist Marcus Bell Dies At 88\n\nMarcus Bell died on Sunday in Chicago."
    doc = nlp(text)
    assert doc.text == text
    dies = next(t for t in doc if t.text == "Dies")
    assert dies.pos_ == "VERB" and dies.lemma_ == "die"
    assert "Marcus Bell" in [e.text for e in doc.ents]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Driver Charged In Fatal Crash On Route 9\n\nThe crash killed two people.", "charge"),
        ("Museum Director Resigns After Funding Row\n\nThe board met on Monday.", "resign"),
    ],
)
def test_a_headline_event_is_a_report(extract, text, action):
    assert any(e.action == action and e.trigger_start < text.index("\n") for e in extract(text))


@pytest.mark.model
def test_a_headline_that_the_body_retells_is_stored_below_the_listing(extract):
    text = (
        "Regulator to Ban Sale of Lumen Antivirus Software\n\n"
        "The regulator said on Thursday it would ban the sale of antivirus software made "
        "by Lumen."
    )
    bans = sorted(
        (e for e in extract(text, date(2024, 6, 21)) if e.action == "ban"), key=lambda e: e.start
    )
    assert len(bans) == 2
    assert bans[0].confidence < LISTING_CONFIDENCE <= bans[1].confidence


@pytest.mark.model
def test_a_body_sentence_full_of_names_keeps_its_entities(nlp):
    doc = nlp("Marcus Bell died on Sunday in Chicago.\n\nHe was 88.")
    assert {"Marcus Bell", "Chicago"} <= {e.text for e in doc.ents}
