"""Benchmark event resolution against the build it is part of, measured in the same run.

1. Builds the sample corpus (``data/articles``) into a memory store with the full
   pipeline and times it (a first build loads the spaCy pipeline untimed); then times
   resolving every block of that store again (``kg.articles.resolve_blocks``: read the
   reports, resolve, write the canonical graphs).
2. Generates a synthetic corpus of N articles (default 10,000; stories of a few
   articles from several outlets, about ten reports each, a fifth of them statements)
   and times the pure resolver (``kg.corefer.resolve_events``) over all their reports.

It prints the resolution time per article next to the build time per article and the
ratio. Target: resolution adds at most 10% to the build.

    .venv/bin/python bench/bench_corefer.py [--articles 10000]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

from kg.articles import read_events, resolve_blocks
from kg.corefer import article_keywords, block_key, outlet_of, resolve_events
from kg.namespace import canonical_iri, event_iri
from kg.pipeline import build
from kg.store import open_store
from kg.types import Article, Entity, Event, EventDate

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"
KINDS = ["Company", "Person"]
ACTIONS = [
    ("Ban", "ban"),
    ("Order", "order"),
    ("Statement", "say"),
    ("Statement", "say"),
    ("LegalAction", "sue"),
    ("Other", "announce"),
    ("Other", "sell"),
    ("Attack", "attack"),
    ("Meeting", "meet"),
    ("Exit", "close"),
]


def synthetic(n_articles: int, seed: int = 13) -> tuple[list[Event], dict[str, str], dict]:
    """Return reports, outlets and keywords of ``n_articles`` articles in small stories."""
    rng = random.Random(seed)
    events: list[Event] = []
    outlets: dict[str, str] = {}
    keywords: dict[str, frozenset[str]] = {}
    per_story = 5
    for story in range(n_articles // per_story):
        actors = [
            Entity(f"urn:actor/{story}/{k}", f"Actor {story} {k}", rng.choice(KINDS))
            for k in range(3)
        ]
        names = frozenset(f"name{story}-{k}" for k in range(8)) | {"common", "world"}
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        plot = [rng.choice(ACTIONS) for _ in range(6)]
        for a in range(per_story):
            article = f"s{story}-a{a}"
            outlets[article] = f"outlet{rng.randrange(40)}"
            keywords[article] = frozenset(rng.sample(sorted(names), 6)) | {"common"}
            for k, (type_, action) in enumerate(rng.sample(plot, 4) + rng.sample(ACTIONS, 6)):
                when = None
                if rng.random() < 0.4:
                    value = (day + timedelta(days=k)).isoformat()
                    when = EventDate(value, "day", value)
                events.append(
                    Event(
                        id=str(event_iri(article, 100 * k, 100 * k + 4, action)),
                        article=article,
                        sentence=f"Sentence {k} of {article}.",
                        start=100 * k,
                        end=100 * k + 90,
                        trigger=action,
                        action=action,
                        type=type_,
                        agents=(rng.choice(actors),),
                        patients=(rng.choice(actors),),
                        date=when,
                        confidence=0.8,
                    )
                )
    return events, outlets, keywords


def main() -> None:
    """Run the benchmark and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()

    with open_store("memory:") as warm:
        build([DATA], warm)  # loads the spaCy pipeline, which later builds reuse
    with open_store("memory:") as store:
        started = time.perf_counter()
        summary = build([DATA], store)
        build_s = time.perf_counter() - started
        blocks = {block_key(e) for e in read_events(store)}
        started = time.perf_counter()
        resolve_blocks(store, blocks)
        resolve_s = time.perf_counter() - started
    per_build = build_s / summary.articles
    print(
        f"sample corpus: {summary.articles} articles, {summary.events} reports; build "
        f"{build_s:.2f} s ({1000 * per_build:.0f} ms/article, resolution included); "
        f"resolving every block again {resolve_s:.3f} s = {100 * resolve_s / build_s:.1f}% "
        "of the build"
    )

    events, outlets, keywords = synthetic(args.articles)
    texts = [Article(a, f"{a} Actor Name Story. " * 30) for a in list(outlets)[:1000]]
    started = time.perf_counter()
    for article in texts:
        article_keywords(article, [])
        outlet_of(article)
    keywords_s = (time.perf_counter() - started) / len(texts) * len(outlets)
    started = time.perf_counter()
    canonical = resolve_events(
        events, outlets=outlets, keywords=keywords, mint=lambda r: str(canonical_iri(r))
    )
    pure_s = time.perf_counter() - started
    per_article = (pure_s + keywords_s) / len(outlets)
    print(
        f"synthetic: {len(outlets)} articles, {len(events)} reports -> {len(canonical)} "
        f"canonical events in {pure_s:.1f} s (+ keywords {keywords_s:.1f} s): "
        f"{1000 * per_article:.2f} ms/article = {100 * per_article / per_build:.1f}% of the "
        "sample corpus's build time per article (target <= 10%)"
    )


if __name__ == "__main__":
    main()
