"""Builds killed with SIGKILL: the store opens, validates, holds whole articles only.

A child process writes synthetic articles through :func:`kg.articles.write_article` (the
write path of ``kg build``) and is killed at several points. After each kill the store
is reopened, checked for staging graphs, validated, and every article in it compared
with the same article written cleanly. A last uninterrupted run completes the store,
which then equals a clean build apart from build timestamps.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.namespace import article_graph_iri
from kg.store import STAGING_PREFIX, Store, open_store
from kg.validate import validate

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 40
WRITER = f"""
import random, sys
sys.path.insert(0, {str(ROOT / "bench")!r})
from bench_store import make_article, make_entities
from kg.articles import write_article
from kg.store import open_store

rng = random.Random(7)
entities = make_entities(30, rng)
items = [make_article(i, entities, rng) for i in range({ARTICLES})]
with open_store(sys.argv[1]) as store:
    print("ready", flush=True)
    for article, events in items:
        write_article(store, article, events, version="0.1.0")
        print(article.id, flush=True)
"""
_TIMESTAMP = re.compile(
    r'"[0-9]{4}-[0-9]{2}-[0-9]{2}T[^"]*"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>'
)


def _write(location: Path, *, kill_after: float | None = None) -> list[str]:
    """Run the writer; kill it ``kill_after`` seconds after it is ready. Return ids written."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(location)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    if kill_after is None:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        return out.split()
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=60)
    return out.split()


def _nquads(store: Store, graph: URIRef | None = None) -> list[str]:
    lines = store.dump("nq").decode("utf-8").splitlines()
    if graph is not None:
        lines = [line for line in lines if line.rstrip(" .").endswith(f"<{graph}>")]
    return sorted(_TIMESTAMP.sub('"T"', line) for line in lines)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("clean") / "kg-store"
    assert len(_write(location)) == ARTICLES
    return location


def test_sigkill_at_several_points_leaves_whole_articles(clean: Path, tmp_path: Path) -> None:
    location = tmp_path / "kg-store"
    with open_store(str(clean), read_only=True) as reference:
        graphs = {
            article_graph_iri(f"a{i:05d}"): _nquads(reference, article_graph_iri(f"a{i:05d}"))
            for i in range(ARTICLES)
        }
        final = _nquads(reference)
    for delay in (0.05, 0.3, 0.8, 1.5):
        written = _write(location, kill_after=delay)
        with open_store(str(location)) as store:
            names = store.graphs()
            assert not [g for g in names if str(g).startswith(STAGING_PREFIX)]
            present = [g for g in names if g in graphs]
            print(f"killed after {delay} s: {len(written)} reported, {len(present)} stored")
            assert len(present) >= len(written)  # what was reported written is there
            for graph in present:
                assert _nquads(store, graph) == graphs[graph], f"{graph} is half-written"
            report = validate(store)
            assert report.conforms, report.violations[:3]
    assert len(_write(location)) == ARTICLES
    with open_store(str(location), read_only=True) as store:
        assert _nquads(store) == final


def test_staging_leftovers_are_flagged_and_removed_on_open(tmp_path: Path) -> None:
    import pyoxigraph as ox

    location = tmp_path / "kg-store"
    leftover = ox.NamedNode(f"{STAGING_PREFIX}0123:0")
    raw = ox.Store(str(location))
    raw.add(
        ox.Quad(
            ox.NamedNode("https://example.org/e"),
            ox.NamedNode("https://example.org/p"),
            ox.Literal("half"),
            leftover,
        )
    )
    raw.flush()
    del raw
    with open_store(str(location), read_only=True) as reader:
        report = validate(reader)
        assert not report.conforms
        assert any("staging graph" in line for line in report.violations)
    with open_store(str(location)) as writer:  # what `kg build` does first
        assert writer.graphs() == []
        assert validate(writer).conforms


@pytest.mark.model
def test_kg_build_killed_mid_write_completes_to_a_clean_build(tmp_path: Path) -> None:
    """The real `kg build`, killed three times a few articles into its writes, then re-run."""
    article_base = str(article_graph_iri("x"))[:-1]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    agencies = ["Commerce Department", "FCC", "Department of Homeland Security", "Treasury"]
    for i in range(16):
        agency = agencies[i % len(agencies)]
        (corpus / f"story-{i:02d}.md").write_text(
            f"---\npublished: 2024-06-{i + 1:02d}\n---\n"
            f"The {agency} banned Kaspersky software on Thursday, story {i}.\n"
            f"Kaspersky said on Friday that it would fight the {agency} in court.\n",
            encoding="utf-8",
        )
    command = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def kg_build(location: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*command, "build", str(corpus), "--store", str(location), "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    def articles_in(location: Path) -> int:
        if not location.exists():
            return 0
        try:
            with open_store(str(location), read_only=True) as reader:
                return sum(str(g).startswith(article_base) for g in reader.graphs())
        except Exception:  # noqa: BLE001 - the build may be creating the directory
            return 0

    clean = tmp_path / "clean"
    assert kg_build(clean).wait(timeout=600) == 0
    location = tmp_path / "killed"
    partial = []
    for _ in range(3):
        stored = min(articles_in(location) + 3, 15)
        proc = kg_build(location)
        deadline = time.monotonic() + 300
        while articles_in(location) < stored and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        partial.append(articles_in(location))
        with open_store(str(location)) as store:
            assert not [g for g in store.graphs() if str(g).startswith(STAGING_PREFIX)]
            assert validate(store).conforms
    print(f"kg build killed with {partial} of 16 articles stored")
    assert any(count < 16 for count in partial)  # at least one kill landed mid-build
    assert kg_build(location).wait(timeout=600) == 0
    with (
        open_store(str(clean), read_only=True) as a,
        open_store(str(location), read_only=True) as b,
    ):
        assert _nquads(b) == _nquads(a)
