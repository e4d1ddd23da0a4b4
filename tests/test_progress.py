"""Long commands draw one progress bar (count, rate, time left) on a terminal, none otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from story import make_story

from kg.articles import write_article
from kg.cli import main
from kg.progress import bar, shown, track
from kg.store import open_store


def _on_a_terminal(monkeypatch: pytest.MonkeyPatch, yes: bool) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: yes)


def test_shown_on_a_terminal_unless_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _on_a_terminal(monkeypatch, False)
    assert not shown()
    _on_a_terminal(monkeypatch, True)
    assert shown()
    assert not shown(quiet=True)


def test_an_enabled_bar_counts_with_rate_and_time_left(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(track(range(3), desc="kg demo", unit="item", enabled=True)) == [0, 1, 2]
    err = capsys.readouterr().err
    assert "kg demo" in err
    assert "/3 [" in err and "<" in err and "item/s" in err  # done/total [elapsed<left, rate]


def test_a_disabled_bar_draws_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(track(iter("ab"), desc="kg demo", unit="item", enabled=False)) == ["a", "b"]
    with bar(2, desc="kg demo", unit="item", enabled=False) as b:
        b.update(2)
    assert capsys.readouterr().err == ""


@pytest.fixture
def location(tmp_path: Path) -> str:
    path = str(tmp_path / "store")
    with open_store(path) as store:
        for article, events in make_story():
            write_article(store, article, events, version="test")
    return path


COMMANDS = {
    "export": (["export", "--format", "nq", "-o", "{tmp}/out.nq"], "quad/s"),
    "timeline": (["timeline", "--min-confidence", "0", "-o", "{tmp}/t.html"], "event/s"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bar_only_on_a_terminal_and_not_with_quiet(
    command: str,
    location: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    words, rate = COMMANDS[command]
    argv = [w.format(tmp=tmp_path) for w in words] + ["--store", location]
    label = f"kg {command}"
    _on_a_terminal(monkeypatch, False)  # as under a pipe or in a log
    assert main(argv) == 0
    assert label not in capsys.readouterr().err
    _on_a_terminal(monkeypatch, True)
    assert main([*argv, "--quiet"]) == 0
    assert label not in capsys.readouterr().err
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert label in err and rate in err


def test_remove_draws_a_bar_only_on_a_terminal_and_not_with_quiet(
    location: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = (article.id for article, _ in make_story()[:2])
    _on_a_terminal(monkeypatch, False)
    assert main(["remove", "no-such-article", "--store", location]) == 1
    assert "kg remove" not in capsys.readouterr().err
    _on_a_terminal(monkeypatch, True)
    assert main(["remove", first, "--store", location, "--quiet"]) == 0
    assert "kg remove" not in capsys.readouterr().err
    assert main(["remove", second, "--store", location]) == 0
    err = capsys.readouterr().err
    assert "kg remove" in err and "article/s" in err
