"""The seed article scored against its gold events with the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kg.articles import read_events
from kg.pipeline import build
from kg.store import open_store
from kg.types import listed

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def scored(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    seed = shared / "seeds" / "kaspersky-ban-2024.txt"
    out = tmp_path_factory.mktemp("seed") / "ev.jsonl"
    with open_store("memory:") as store:
        build([seed], store, published=date(2024, 6, 21))
        # What `kg events` lists: the reports from the listing confidence up.
        events = listed(read_events(store))
    out.write_text("".join(json.dumps(e.to_json()) + "\n" for e in events))
    result = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score_events.py"),
            str(shared / "gold" / "kaspersky-ban-2024.json"),
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout[: result.stdout.rindex("}") + 1])


def test_seed_reaches_the_targets(scored: dict) -> None:
    summary = scored["summary"]
    assert summary["core_f1"] >= 0.95
    assert summary["full_f1"] >= 0.95


def test_seed_timeline_in_order_and_no_entity_split(scored: dict) -> None:
    (article,) = scored["articles"].values()
    assert article["timeline_in_order"] is True
    assert article["entity_splits"] == {}
    assert article["missed"] == []
