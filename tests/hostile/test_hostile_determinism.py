"""The same input and version give the same graph: byte-identical sorted N-Quads apart
from build timestamps, and a rebuild into the same store changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.store import Store, open_store

pytestmark = pytest.mark.model

ARTICLES = {
    "ban.md": "---\ntitle: Agency bans software\npublished: 2024-06-21\n---\n"
    "The Commerce Department banned Kaspersky software sales on Thursday.\n"
    "Kaspersky said it would challenge the decision in court.\n",
    "list.txt": "FCC adds carriers\n\nThe FCC added Kaspersky Lab to its Covered List on Friday.\n",
    "fine.jsonl": '{"id": "fine", "published": "2023-03-01", "text": '
    '"The Department of Homeland Security said on Monday that it would fine ZTE."}\n',
}
_TIMESTAMP = re.compile(
    r'"[0-9]{4}-[0-9]{2}-[0-9]{2}T[^"]*"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>'
)


def _nquads(store: Store) -> list[str]:
    lines = store.dump("nq").decode("utf-8").splitlines()
    return sorted(_TIMESTAMP.sub('"T"', line) for line in lines)


def test_builds_are_deterministic_and_rebuilds_change_nothing(tmp_path: Path) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with open_store("memory:") as first, open_store("memory:") as second:
        assert not build([tmp_path], first).errors
        assert not build([tmp_path], second).errors
        once = _nquads(first)
        assert once and once == _nquads(second)
        build([tmp_path], first)
        assert _nquads(first) == once
