"""Shared fixtures: the real spaCy pipeline (once per session) and paths."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kg.types import Article, Event

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """kg's full pipeline on the real English model (loaded once)."""
    from kg.nlp import make_nlp

    return make_nlp()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only shared folder, or skip when this checkout has none."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (gold files and scorers live there)")
    return SHARED


@pytest.fixture
def extract(nlp) -> Callable[..., list[Event]]:  # type: ignore[no-untyped-def]
    """Extract the events of a text, as ``kg build`` would, with a fresh resolver."""
    from kg.extract import doc_events
    from kg.pipeline import _event_iri, make_resolver

    def run(text: str, published: date | None = date(2024, 6, 21), **kw: object) -> list[Event]:
        article = Article(id="t", text=text, published=published)
        doc = nlp.make_doc(text)
        doc._.kg_dct = published
        doc = nlp(doc)
        return doc_events(doc, article, kw.get("resolver") or make_resolver(), event_iri=_event_iri)

    return run
