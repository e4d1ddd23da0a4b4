"""Parsing on several processes or a Dask cluster gives the graph of a one-process build."""

from __future__ import annotations

from pathlib import Path

import pytest
from isograph import assert_same_graphs
from test_incremental import ARTICLES, write_corpus

from kg.errors import KGError
from kg.parallel import doc_from_bytes, doc_to_bytes, make_parser
from kg.pipeline import build
from kg.store import open_store
from kg.types import Article

# More articles than one batch (16), so that several batches are in flight at once.
CORPUS = {
    f"{ident}-{n}": (published, text.replace("Thursday", ("Thursday", "Friday")[n % 2]))
    for n in range(5)
    for ident, (published, text) in ARTICLES.items()
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("parallel") / "corpus", CORPUS)


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path_factory.mktemp("one") / "store"))
    summary = build([corpus], store)
    assert summary.articles == len(CORPUS) and summary.events > len(CORPUS)
    yield store
    store.close()


@pytest.mark.model
def test_doc_bytes_keep_kg_extensions(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc("The Commerce Department banned Kaspersky on June 20, 2024.")
    doc = nlp(doc)
    again = doc_from_bytes(nlp.vocab, doc_to_bytes(doc))
    assert [t.text for t in again] == [t.text for t in doc]
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in doc.ents]
    assert [t.dep_ for t in again] == [t.dep_ for t in doc]
    assert again._.kg_timexes == doc._.kg_timexes and doc._.kg_timexes


@pytest.mark.model
def test_two_worker_processes_give_the_one_process_graph(
    corpus: Path, one_process, tmp_path: Path
) -> None:
    store = open_store(str(tmp_path / "two"))
    summary = build([corpus], store, workers=2)
    assert summary.articles == len(CORPUS) and not summary.errors
    assert_same_graphs(store, one_process)


@pytest.mark.model
def test_dask_local_cluster_gives_the_one_process_graph(
    corpus: Path, one_process, tmp_path: Path
) -> None:
    pytest.importorskip("dask.distributed")
    store = open_store(str(tmp_path / "dask"))
    summary = build([corpus], store, executor="dask", workers=2)
    assert summary.articles == len(CORPUS) and not summary.errors
    assert_same_graphs(store, one_process)


@pytest.mark.model
def test_dask_scheduler_address_is_used(corpus: Path, one_process, tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:  # fmt: skip
        store = open_store(str(tmp_path / "remote"))
        summary = build([corpus], store, executor="dask", scheduler=cluster.scheduler_address)
        assert summary.articles == len(CORPUS)
        with distributed.Client(cluster) as client:
            # Each worker loaded the pipeline and parsed part of the corpus.
            loaded = client.run(lambda: __import__("kg.nlp").nlp.make_nlp.cache_info().currsize)
        assert sorted(loaded.values()) == [1, 1]
    assert_same_graphs(store, one_process)


def test_a_text_spacy_fails_on_is_reported_and_the_batch_goes_on() -> None:
    import spacy
    from spacy.language import Language

    import kg.components.time  # noqa: F401 - registers doc._.kg_dct

    @Language.component("kg_test_boom")
    def boom(doc):  # type: ignore[no-untyped-def]
        if "BOOM" in doc.text:
            raise ValueError("cannot parse this")
        return doc

    blank = spacy.blank("en")
    blank.add_pipe("kg_test_boom")
    batch = [Article(id="ok", text="Fine text."), Article(id="bad", text="BOOM here.")]
    with make_parser(blank, None) as parse:
        (parsed,) = list(parse([batch]))
    assert [a.id for a, _ in parsed] == ["ok", "bad"]
    assert [t.text for t in parsed[0][1]] == ["Fine", "text", "."]
    assert parsed[1][1] == "could not be parsed (ValueError: cannot parse this)"


def test_bad_options_are_refused(nlp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KGError, match="unknown executor"), make_parser(nlp, None, executor="x"):
        pass
    with pytest.raises(KGError, match="--workers"), make_parser(nlp, None, workers=0):
        pass


def test_unreachable_scheduler_is_named(nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("dask.distributed")
    monkeypatch.setattr("kg.parallel.CONNECT_TIMEOUT_S", 2.0)
    with (
        pytest.raises(KGError, match="tcp://127.0.0.1:9"),
        make_parser(nlp, None, executor="dask", scheduler="tcp://127.0.0.1:9"),
    ):
        pass


def test_cli_refuses_bad_workers_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli import main

    store = tmp_path / "store"
    assert main(["build", str(tmp_path), "--store", str(store), "--workers", "0"]) == 1
    assert "--workers must be 1 or more, not 0" in capsys.readouterr().err
