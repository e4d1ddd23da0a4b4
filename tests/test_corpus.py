"""The sample corpus: each real-world actor becomes exactly one entity across all articles."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from kg.extract import doc_mentions
from kg.ingest import read_sources
from kg.pipeline import make_resolver, with_dates

DATA = Path(__file__).resolve().parents[1] / "data"

pytestmark = pytest.mark.model


def _norm(name: str) -> str:
    name = name.strip()
    return name[4:] if name.lower().startswith("the ") else name


@pytest.fixture(scope="module")
def mentions(nlp):  # type: ignore[no-untyped-def]
    resolver = make_resolver()
    found: dict[str, set[str]] = defaultdict(set)
    for article in read_sources([DATA / "articles"]):
        article = with_dates(article, None, lambda _: None)
        doc = nlp.make_doc(article.text)
        doc._.kg_dct = article.published
        for m in doc_mentions(nlp(doc), resolver):
            found[_norm(m.text)].add(m.entity)
    return found, resolver


ACTORS = json.loads((DATA / "corpus_actors.json").read_text())


@pytest.mark.parametrize("actor", ACTORS, ids=[a["label"] for a in ACTORS])
def test_each_actor_is_one_entity(mentions, actor) -> None:
    found, resolver = mentions
    iris: set[str] = set()
    seen = []
    for name in actor["names"]:
        # "Senator Jeanne Shaheen" is found as the name "Jeanne Shaheen" with a title.
        words = _norm(name).split()
        for k in range(len(words)):
            candidate = " ".join(words[k:])
            if candidate in found and (k == 0 or len(words) - k >= 2):
                iris |= found[candidate]
                seen.append(candidate)
                break
    assert seen, f"none of {actor['names']} was recognised as a name"
    assert len(iris) == 1, {n: sorted(found[_norm(n)]) for n in seen}
    entity = resolver.entities[next(iter(iris))]
    assert entity.type == actor["type"]
