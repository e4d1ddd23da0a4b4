"""kg build shows a progress bar with rate and time left on a terminal, none otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_incremental import ARTICLES, write_corpus

from kg.cli import main
from kg.pipeline import build
from kg.store import open_store

pytestmark = pytest.mark.model


def test_progress_bar_counts_articles_with_rate_and_eta(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    with open_store("memory:") as store:
        build([corpus], store, progress=True)
    err = capsys.readouterr().err
    assert "kg build" in err
    assert f"/{len(ARTICLES)} [" in err  # done/total, then [elapsed<left, rate]
    assert "article/s" in err and "<" in err


def test_no_bar_off_a_terminal_or_with_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    assert main(["build", str(corpus), "--store", str(tmp_path / "a")]) == 0  # not a tty
    assert "kg build" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["build", str(corpus), "--store", str(tmp_path / "b"), "--quiet"]) == 0
    assert "kg build" not in capsys.readouterr().err
    assert main(["build", str(corpus), "--store", str(tmp_path / "c")]) == 0
    assert "kg build" in capsys.readouterr().err
