"""Listings show reports from the listing confidence up; the store keeps them all."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from factories import event as make_event

from kg.articles import write_article
from kg.cli import main
from kg.store import open_store
from kg.types import LISTING_CONFIDENCE, Article, Entity

COM = Entity("urn:com", "US Department of Commerce", "GovernmentAgency")
KAS = Entity("urn:kas", "Kaspersky Lab", "Company")


def _store(tmp_path: Path) -> str:
    location = str(tmp_path / "store")
    article = Article("a1", "Sentence 1. Sentence 2.", published=date(2024, 6, 21))
    strong = make_event(1, "Ban", (COM,), (KAS,), "2024-06-20", "day", confidence=0.9)
    weak = replace(
        make_event(2, "Other", (KAS,), (), "2024-06-21", "day", confidence=0.3), action="serve"
    )
    with open_store(location, create=True) as store:
        write_article(store, article, [strong, weak], version="test")
    return location


def _jsonl(capsys, *args: str) -> list[dict]:
    assert main(["events", *args, "--format", "jsonl"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_events_lists_from_the_listing_confidence_up(tmp_path, capsys):
    location = _store(tmp_path)
    shown = _jsonl(capsys, "--store", location)
    assert [e["action"] for e in shown] == ["act1"]
    assert all(e["confidence"] >= LISTING_CONFIDENCE for e in shown)
    every = _jsonl(capsys, "--store", location, "--min-confidence", "0")
    assert sorted(e["action"] for e in every) == ["act1", "serve"]


def test_timeline_draws_from_the_listing_confidence_up(tmp_path, capsys):
    location = _store(tmp_path)
    page = tmp_path / "page.html"
    assert main(["timeline", "--store", location, "-o", str(page)]) == 0
    assert "(1 event)" in capsys.readouterr().out
    assert main(["timeline", "--store", location, "-o", str(page), "--min-confidence", "0"]) == 0
    assert "(2 events)" in capsys.readouterr().out


def test_analyze_counts_from_the_listing_confidence_up(tmp_path, capsys):
    location = _store(tmp_path)
    assert main(["analyze", "--store", location, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert main(["analyze", "--store", location, "--format", "json", "--min-confidence", "0"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert (listed["events"], every["events"]) == (1, 2)
