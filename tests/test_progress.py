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


# Name -> (arguments, what every bar's label starts with, what the bars show).
COMMANDS = {
    "export": (["export", "--format", "nq", "-o", "{tmp}/out.nq"], "kg export", ["quad/s"]),
    # Turtle and JSON-LD: the quads read, then the document written.
    "export-ttl": (
        ["export", "--format", "ttl", "-o", "{tmp}/out.ttl"],
        "kg export",
        ["quad/s", "kg export (writing)", "triple/s"],
    ),
    "export-jsonld": (
        ["export", "--format", "jsonld", "-o", "{tmp}/out.jsonld"],
        "kg export",
        ["quad/s", "kg export (writing)", "graph/s"],
    ),
    # The bar is up while the page is laid out, not only while its nodes are made.
    "timeline": (
        ["timeline", "--min-confidence", "0", "-o", "{tmp}/t.html"],
        "kg timeline",
        ["event/s, layout]"],
    ),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bar_only_on_a_terminal_and_not_with_quiet(
    command: str,
    location: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    words, label, shows = COMMANDS[command]
    argv = [w.format(tmp=tmp_path) for w in words] + ["--store", location]
    _on_a_terminal(monkeypatch, False)  # as under a pipe or in a log
    assert main(argv) == 0
    assert label not in capsys.readouterr().err
    _on_a_terminal(monkeypatch, True)
    assert main([*argv, "--quiet"]) == 0
    assert label not in capsys.readouterr().err
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert label in err
    for text in shows:
        assert text in err


class _Recorder:
    """A bar that records, at each update, the count so far and its note."""

    def __init__(self) -> None:
        self.total: float | None = None
        self.n = 0
        self.note = ""
        self.updates: list[tuple[int, str]] = []

    def update(self, n: float = 1) -> None:
        self.n += int(n)
        self.updates.append((self.n, self.note))

    def refresh(self) -> None:
        pass

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        self.note = s

    def close(self) -> None:
        pass

    def __enter__(self) -> _Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def test_the_timeline_bar_counts_the_layout_and_ends_at_its_total(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kg.viz
    from kg.convert import events_to_nx

    recorded: list[_Recorder] = []

    def recording_bar(total: int | None, *, desc: str, unit: str, enabled: bool) -> _Recorder:
        assert desc == "kg timeline" and unit == "event" and enabled
        recorded.append(_Recorder())
        return recorded[-1]

    monkeypatch.setattr(kg.viz, "bar", recording_bar)
    events = [e for _, evs in make_story() for e in evs]
    data = kg.viz.timeline_data(events_to_nx(events), progress=True)
    (shown,) = recorded
    drawn = data["counts"]["events"]
    # Most of the work is counted before the first node is made, and all of it in the end.
    assert [n for n, note in shown.updates if note == "layout"][-1] >= drawn
    assert shown.n == shown.total >= 2 * drawn
    assert shown.updates[-1] == (shown.total, "nodes")


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
