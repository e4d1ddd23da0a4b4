"""Shared fixtures: the real spaCy pipeline (once per session) and paths."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from factories import free_port

from kg.articles import write_article
from kg.store import Store, open_store
from kg.types import Article, Event

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """kg's full pipeline on the real English model (loaded once)."""
    from kg.nlp import make_nlp

    return make_nlp()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only shared folder, or skip when this checkout has none."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (gold files and scorers live there)")
    return SHARED


@pytest.fixture
def extract(nlp) -> Callable[..., list[Event]]:  # type: ignore[no-untyped-def]
    """Extract the events of a text, as ``kg build`` would, with a fresh resolver."""
    from kg.extract import doc_events
    from kg.pipeline import _event_iri, make_resolver

    def run(text: str, published: date | None = date(2024, 6, 21), **kw: object) -> list[Event]:
        article = Article(id="t", text=text, published=published)
        doc = nlp.make_doc(text)
        doc._.kg_dct = published
        doc = nlp(doc)
        return doc_events(doc, article, kw.get("resolver") or make_resolver(), event_iri=_event_iri)

    return run


# -- RDF stores: the same cases on memory:, a directory and a real Oxigraph server --


@pytest.fixture
def story() -> list[tuple[Article, list[Event]]]:
    from story import make_story

    return make_story()


def _oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else None


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    """A real `oxigraph serve` on a free 127.0.0.1 port; yields its query URL."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"oxigraph serve did not start: {err}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


STORE_KINDS = ["memory", "directory", pytest.param("server", marks=pytest.mark.server)]


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty store of each kind: memory:, a tmp directory, an Oxigraph server."""
    if request.param == "memory":
        opened: Store = open_store("memory:")
    elif request.param == "directory":
        opened = open_store(str(tmp_path / "kg-store"))
    else:
        opened = open_store(request.getfixturevalue("oxigraph_server"))
        opened.update("CLEAR ALL")
    yield opened
    opened.close()


@pytest.fixture
def filled(store: Store, story: list[tuple[Article, list[Event]]]) -> Store:
    """A store of each kind holding the hand-built story."""
    for article, events in story:
        write_article(store, article, events, version="0.1.0")
    return store
