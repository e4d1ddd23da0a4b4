"""Incremental builds: unchanged articles are skipped, the graph equals a build from scratch."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from isograph import assert_same_graphs, store_graphs

from kg import pipeline
from kg.articles import read_hashes
from kg.cli import main
from kg.pipeline import build, content_hash
from kg.store import Store, open_store
from kg.types import Article
from kg.validate import validate

ARTICLES = {
    "a-commerce-ban": (
        "2024-06-20",
        "The Commerce Department on Thursday banned sales of Kaspersky antivirus software "
        "in the United States. Commerce Secretary Gina Raimondo said Russia could use the "
        "software to collect data on Americans.",
    ),
    "b-ban-report": (
        "2024-06-21",
        "The United States banned Kaspersky software on Thursday, the Commerce Department "
        "said. Raimondo said the ban takes effect on September 29.",
    ),
    "c-fcc-list": (
        "2022-03-26",
        "The Federal Communications Commission on Friday added Kaspersky Lab to its list of "
        "companies that pose a threat to national security.",
    ),
    "d-dhs-order": (
        "2017-09-14",
        "The Department of Homeland Security on Wednesday ordered federal agencies to remove "
        "Kaspersky products from their networks within 90 days.",
    ),
}


def write_corpus(folder: Path, articles: dict[str, tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for ident, (published, text) in articles.items():
        (folder / f"{ident}.md").write_text(
            f"---\nid: {ident}\npublished: {published}\n---\n{text}\n", encoding="utf-8"
        )
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", ARTICLES)


def _store(tmp_path: Path, name: str) -> Store:
    return open_store(str(tmp_path / name))


def test_content_hash_follows_text_metadata_version_and_model() -> None:
    article = Article(id="a", text="Text.", published=date(2024, 1, 2), path="a.md")
    base = content_hash(article, "m-1")
    assert base == content_hash(replace(article), "m-1")
    assert len(base) == 64
    changed = [
        Article(id="a", text="Text!", published=date(2024, 1, 2), path="a.md"),
        Article(id="a", text="Text.", published=date(2024, 1, 3), path="a.md"),
        Article(id="a", text="Text.", published=date(2024, 1, 2), path="b.md"),
        Article(id="a", text="Text.", published=date(2024, 1, 2), path="a.md", title="T"),
        Article(
            id="a", text="Text.", published=date(2024, 1, 2), path="a.md", published_inferred=True
        ),
    ]
    assert len({base, *(content_hash(a, "m-1") for a in changed)}) == 1 + len(changed)
    assert content_hash(article, "m-2") != base


@pytest.mark.model
def test_second_build_skips_unchanged_articles_and_changes_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    store = _store(tmp_path, "s")
    first = build([corpus], store)
    assert (first.articles, first.skipped) == (4, 0)
    before = store_graphs(store)
    hashes = read_hashes(store)
    assert sorted(hashes) == sorted(ARTICLES) and all(len(h) == 64 for h in hashes.values())
    second = build([corpus], store)
    assert (second.articles, second.skipped, second.events) == (0, 4, 0)
    assert "4 unchanged article(s) skipped" in second.line()
    assert second.triples == first.triples
    after = store_graphs(store)
    assert sorted(after) == sorted(before)
    assert read_hashes(store) == hashes
    assert validate(store).conforms


def _rebuild_and_compare(corpus: Path, tmp_path: Path, changed: dict[str, tuple[str, str]]):
    store = _store(tmp_path, "inc")
    build([corpus], store)
    write_corpus(corpus, changed)
    summary = build([corpus], store)
    scratch = _store(tmp_path, "scratch")
    assert build([corpus], scratch).articles == len(changed)
    return summary, store, scratch


@pytest.mark.model
def test_changed_and_new_articles_are_rebuilt_like_a_build_from_scratch(
    corpus: Path, tmp_path: Path
) -> None:
    changed = dict(ARTICLES)
    # b gets another wording and one more event; e is new and joins b's block.
    changed["b-ban-report"] = (
        "2024-06-21",
        "The United States on Thursday banned Kaspersky software, the Commerce Department "
        "said. Raimondo said the ban takes effect on September 29. The Treasury Department "
        "sanctioned twelve Kaspersky executives on Friday.",
    )
    changed["e-ofac"] = (
        "2024-06-22",
        "The Treasury Department on Friday sanctioned twelve Kaspersky executives.",
    )
    summary, store, scratch = _rebuild_and_compare(corpus, tmp_path, changed)
    assert (summary.articles, summary.skipped) == (2, 3)
    assert_same_graphs(store, scratch)
    assert validate(store).conforms


@pytest.mark.model
def test_a_rebuilt_article_that_drops_names_leaves_no_alias_behind(
    corpus: Path, tmp_path: Path
) -> None:
    changed = dict(ARTICLES)
    changed["b-ban-report"] = (
        "2024-06-21",
        "The United States banned Kaspersky software on Thursday, the Treasury Department said.",
    )
    _, store, scratch = _rebuild_and_compare(corpus, tmp_path, changed)
    assert_same_graphs(store, scratch)


@pytest.mark.model
def test_force_version_and_model_rebuild_every_article(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path, "s")
    build([corpus], store)
    assert build([corpus], store, force=True).articles == 4
    monkeypatch.setattr(pipeline, "__version__", "99.0.0")
    assert build([corpus], store).articles == 4
    assert build([corpus], store).skipped == 4
    monkeypatch.setattr("kg.nlp.model_key", lambda model=None: "another-pipeline-1.0")
    assert build([corpus], store).articles == 4


@pytest.mark.model
def test_cli_says_how_many_were_skipped(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    location = str(tmp_path / "cli-store")
    assert main(["build", str(corpus), "--store", location, "--quiet"]) == 0
    capsys.readouterr()
    assert main(["build", str(corpus), "--store", location, "--quiet"]) == 0
    out = capsys.readouterr()
    assert "0 articles" in out.out and "4 unchanged article(s) skipped" in out.out
    assert "no articles found" not in out.err


@pytest.mark.model
def test_resolving_blocks_in_chunks_gives_the_same_graph(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _store(tmp_path, "whole")
    build([corpus], whole)
    monkeypatch.setattr(pipeline, "RESOLVE_CHUNK", 1)
    chunked = _store(tmp_path, "chunked")
    build([corpus], chunked)
    assert_same_graphs(whole, chunked)


@pytest.mark.model
def test_resolution_reading_in_small_values_lists_gives_the_same_graph(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Blocks one at a time, their roles, entities and articles read a few at a time.
    import kg.articles

    whole = _store(tmp_path, "whole")
    build([corpus], whole)
    monkeypatch.setattr(pipeline, "RESOLVE_CHUNK", 1)
    monkeypatch.setattr(kg.articles, "_VALUES_LIMIT", 2)
    monkeypatch.setattr(kg.articles, "_parts", _pairs_of)
    parts = _store(tmp_path, "parts")
    build([corpus], parts)
    assert_same_graphs(whole, parts)


def _pairs_of(items: Sequence[object], size: int = 2) -> Iterator[Sequence[object]]:
    for i in range(0, len(items), 2):
        yield items[i : i + 2]


@pytest.mark.model
def test_a_build_stopped_before_resolution_is_completed_by_the_next(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path, "stopped")

    def stop(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("kg.articles.resolve_blocks", stop)
        with pytest.raises(KeyboardInterrupt):
            build([corpus], store)
    assert read_hashes(store) == {}  # written, but not done
    again = build([corpus], store)
    assert (again.articles, again.skipped) == (4, 0)
    scratch = _store(tmp_path, "scratch")
    build([corpus], scratch)
    assert_same_graphs(store, scratch)


@pytest.mark.model
def test_force_gives_the_graph_of_a_build_from_scratch(corpus: Path, tmp_path: Path) -> None:
    store = _store(tmp_path, "forced")
    build([corpus], store)
    build([corpus], store, force=True)
    scratch = _store(tmp_path, "scratch")
    build([corpus], scratch)
    assert_same_graphs(store, scratch)
    assert len(store) == len(scratch)
