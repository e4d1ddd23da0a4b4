"""Composition: publication dates, the dateline fallback and build summaries."""

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
