"""Composition: publication dates, the dateline fallback, build summaries, the writer."""

from __future__ import annotations

from datetime import date

from kg.pipeline import BuildSummary, with_dates
from kg.types import Article


def test_metadata_date_wins() -> None:
    a = Article(id="a", text="WASHINGTON, Sept. 13, 2017 - Text.", published=date(2017, 9, 14))
    assert with_dates(a, date(2000, 1, 1), print).published == date(2017, 9, 14)


def test_dateline_is_used_and_recorded_as_inferred() -> None:
    a = Article(id="a", text="WASHINGTON, Sept. 13, 2017 - The agency acted today.")
    out = with_dates(a, date(2000, 1, 1), print)
    assert (out.published, out.published_inferred) == (date(2017, 9, 13), True)


def test_published_option_fills_the_gap_and_no_date_warns() -> None:
    warnings: list[str] = []
    a = Article(id="a", text="The agency acted on Thursday.", path="x.txt")
    assert with_dates(a, date(2024, 6, 21), warnings.append).published == date(2024, 6, 21)
    assert warnings == []
    assert with_dates(a, None, warnings.append).published is None
    assert warnings and warnings[0].startswith("x.txt: no publication date")


def test_summary_line() -> None:
    s = BuildSummary(
        articles=2, events=5, entities=3, triples=40, seconds=1.25, errors=["bad.md: x"]
    )
    assert s.line() == (
        "2 articles, 5 events, 3 entities, 40 triples in the store, 1.2 s; 1 input(s) skipped"
    )


def _queue_articles(monkeypatch, fail: dict[str, Exception], writes: list[str]) -> list[str]:
    """Write articles a0..a5 through the build's writer, noting writes; return the calls."""
    import threading

    import kg.pipeline as pipeline
    from kg.errors import InputError

    main = threading.get_ident()

    def fake_store_article(store, article, events):  # type: ignore[no-untyped-def]
        assert threading.get_ident() != main
        if article.id in fail:
            raise fail[article.id]
        writes.append(article.id)
        return {f"block-{article.id}"}

    monkeypatch.setattr(pipeline, "store_article", fake_store_article)
    calls: list[str] = []
    with pipeline._Writer(None) as writer:  # type: ignore[arg-type]
        error = writer.in_order(lambda exc: calls.append(f"error {exc}"))
        for i in range(6):
            article = Article(id=f"a{i}", text="x")
            writer.write(
                article,
                [],
                done=lambda a, _, blocks: calls.append(f"done {a.id} {sorted(blocks)}"),
                refused=lambda a, exc: calls.append(f"refused {a.id} {exc}"),
            )
            if i == 2:
                error(InputError("a2.md", "bad"))
    return calls


def test_writer_reports_writes_and_errors_in_corpus_order(monkeypatch) -> None:
    from kg.errors import StoreError

    writes: list[str] = []
    calls = _queue_articles(monkeypatch, {"a1": StoreError("refused term")}, writes)
    assert writes == ["a0", "a2", "a3", "a4", "a5"]
    assert calls == [
        "done a0 ['block-a0']",
        "refused a1 refused term",
        "done a2 ['block-a2']",
        "error a2.md: bad",
        "done a3 ['block-a3']",
        "done a4 ['block-a4']",
        "done a5 ['block-a5']",
    ]


def test_writer_stops_writing_after_a_failure_and_raises_it(monkeypatch) -> None:
    import pytest

    writes: list[str] = []
    with pytest.raises(RuntimeError, match="disk gone"):
        _queue_articles(monkeypatch, {"a3": RuntimeError("disk gone")}, writes)
    assert writes == ["a0", "a1", "a2"]
