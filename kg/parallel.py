"""Parse articles in this process, on a pool of processes, or on a Dask cluster.

Parsing is the expensive step, so it is what spreads out; reading events from the
parsed Docs (entity resolution learns from each article in turn) stays in the calling
process and in corpus order, so every executor gives the same graph.

Workers load kg's pipeline once (:func:`kg.nlp.make_nlp` is cached per process) and
send each Doc back as bytes: spaCy's own serialisation plus kg's Doc extensions (the
publication date and the time expressions), which spaCy's msgpack cannot carry.
At most a few batches per worker are in flight, so memory stays flat however long the
corpus is.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from kg.errors import KGError, ModelError
from kg.types import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = [
    "CONNECT_TIMEOUT_S",
    "EXECUTORS",
    "Parsed",
    "Parser",
    "check_options",
    "dask_parser",
    "doc_from_bytes",
    "doc_to_bytes",
    "local_parser",
    "make_parser",
    "parse_batch",
    "pool_parser",
]

#: Seconds a build waits to reach a Dask scheduler.
CONNECT_TIMEOUT_S = 30.0

#: Where ``kg build --executor`` can parse.
EXECUTORS = ("local", "dask")

#: One article of a batch with its Doc, or the message saying why it could not be parsed.
Parsed = list[tuple[Article, "Doc | str"]]

#: Batches that each worker may have queued beyond the one it parses.
_AHEAD = 2

_lock = threading.Lock()
log = logging.getLogger(__name__)


class Parser(Protocol):
    """Parses batches of articles and yields them in the order given."""

    def __call__(self, batches: Iterable[list[Article]]) -> Iterator[Parsed]:
        """Yield each batch's articles with their Docs (or error messages), in order."""
        ...


def doc_to_bytes(doc: Doc) -> bytes:
    """Serialise a parsed Doc with kg's extension values (see :func:`doc_from_bytes`)."""
    return pickle.dumps((doc.to_bytes(exclude=["user_data"]), doc.user_data), protocol=5)


def doc_from_bytes(vocab: Vocab, data: bytes) -> Doc:
    """Rebuild a Doc that :func:`doc_to_bytes` wrote, over the caller's vocabulary."""
    from spacy.tokens import Doc

    # Only kg's own workers' bytes reach here: the same trust as the code they run.
    payload, user_data = pickle.loads(data)  # noqa: S301
    doc = Doc(vocab).from_bytes(payload, exclude=["user_data"])
    doc.user_data.update(user_data)
    return doc


def _parse(nlp: Language, batch: Sequence[tuple[str, date | None]]) -> list[Doc | str]:
    """Parse texts with their publication dates; a text spaCy fails on gets a message."""

    def doc_of(text: str, published: date | None) -> Doc:
        doc = nlp.make_doc(text)
        doc._.kg_dct = published
        return doc

    try:
        return list(nlp.pipe(doc_of(text, dct) for text, dct in batch))
    except Exception:  # noqa: BLE001 - find the bad text, keep the others
        log.debug("a batch failed in spaCy; parsing it text by text", exc_info=True)
        out: list[Doc | str] = []
        for text, dct in batch:
            try:
                out.append(nlp(doc_of(text, dct)))
            except Exception as exc:  # noqa: BLE001
                out.append(f"could not be parsed ({type(exc).__name__}: {exc})")
        return out


def parse_batch(
    model: str | None, batch: Sequence[tuple[str, date | None]]
) -> tuple[str, list[bytes | str]]:
    """Parse a batch on a worker: serialised Docs, or messages for texts that failed.

    The pipeline is loaded on the first call in each process and kept.

    Args:
        model: The pipeline, as for :func:`kg.nlp.make_nlp`.
        batch: (text, publication date) pairs.

    Returns:
        The worker's :func:`kg.nlp.model_key` (the caller checks it is its own) and,
        for each text, its Doc's bytes or an error message.
    """
    from kg.nlp import make_nlp, model_key

    # One pipeline per process; threads of one Dask worker take turns with it.
    with _lock:
        nlp = make_nlp(model)
        docs = _parse(nlp, batch)
    return model_key(model), [d if isinstance(d, str) else doc_to_bytes(d) for d in docs]


def local_parser(nlp: Language) -> Parser:
    """Return a parser that runs ``nlp`` in this process."""

    def parse(batches: Iterable[list[Article]]) -> Iterator[Parsed]:
        for batch in batches:
            docs = _parse(nlp, [(a.text, a.published) for a in batch])
            yield list(zip(batch, docs, strict=True))

    return parse


def _in_order(
    submit: Callable[[list[tuple[str, date | None]]], Any],
    result: Callable[[Any], tuple[str, list[bytes | str]]],
    batches: Iterable[list[Article]],
    vocab: Vocab,
    expected_model: str,
    window: int,
) -> Iterator[Parsed]:
    """Keep ``window`` batches in flight and yield their results in submission order."""
    pending: deque[tuple[list[Article], Any]] = deque()

    def collect() -> Parsed:
        batch, future = pending.popleft()
        worker_model, items = result(future)
        if worker_model != expected_model:
            raise ModelError(
                f"a worker parses with {worker_model}, this build with {expected_model}: "
                "install the same spaCy pipeline on every worker"
            )
        return [
            (a, d if isinstance(d, str) else doc_from_bytes(vocab, d))
            for a, d in zip(batch, items, strict=True)
        ]

    for batch in batches:
        pending.append((batch, submit([(a.text, a.published) for a in batch])))
        if len(pending) >= window:
            yield collect()
    while pending:
        yield collect()


@contextmanager
def pool_parser(nlp: Language, model: str | None, workers: int) -> Iterator[Parser]:
    """Give a parser over ``workers`` processes, each loading the pipeline once.

    The pool is shut down when the ``with`` block ends.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    from kg.nlp import make_nlp, model_key

    # spawn, not fork: the parent holds store handles and threads a fork would copy.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=make_nlp, initargs=(model,)
    ) as pool:

        def parse(batches: Iterable[list[Article]]) -> Iterator[Parsed]:
            def submit(items: list[tuple[str, date | None]]) -> Future[Any]:
                return pool.submit(parse_batch, model, items)

            yield from _in_order(
                submit,
                lambda f: f.result(),
                batches,
                nlp.vocab,
                model_key(model),
                workers * _AHEAD,
            )

        yield parse


@contextmanager
def dask_parser(
    nlp: Language, model: str | None, scheduler: str | None, *, workers: int = 2
) -> Iterator[Parser]:
    """Give a parser over a Dask cluster: the scheduler's, or a local one.

    Without ``scheduler`` a :class:`dask.distributed.LocalCluster` of ``workers``
    processes (one thread each) is started on 127.0.0.1 and stopped when the ``with``
    block ends.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise KGError(
            "--executor dask needs Dask: pip install 'kg[cluster]' (dask[distributed])"
        ) from exc
    from kg.nlp import model_key

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None,
        )  # fmt: skip
        client = Client(cluster)  # type: ignore[no-untyped-call]
    else:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise KGError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        threads = sum(client.nthreads().values()) or 1  # type: ignore[no-untyped-call]

        def parse(batches: Iterable[list[Article]]) -> Iterator[Parsed]:
            yield from _in_order(
                lambda items: client.submit(parse_batch, model, items, pure=False),
                lambda f: f.result(),
                batches,
                nlp.vocab,
                model_key(model),
                threads * _AHEAD,
            )

        yield parse
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def check_options(*, workers: int, executor: str) -> None:
    """Refuse an unknown executor or a worker count below 1 (before any work starts).

    Raises:
        KGError: Naming the option and what it takes.
    """
    if executor not in EXECUTORS:
        raise KGError(f"unknown executor {executor!r}; use one of {', '.join(EXECUTORS)}")
    if workers < 1:
        raise KGError(f"--workers must be 1 or more, not {workers}")


@contextmanager
def make_parser(
    nlp: Language,
    model: str | None,
    *,
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[Parser]:
    """Give the parser a build asked for; what it started stops when the ``with`` ends.

    Args:
        nlp: The pipeline in this process (its vocabulary receives the workers' Docs).
        model: The pipeline's name, as given to :func:`kg.nlp.make_nlp`.
        workers: Processes to parse on (1 parses in this process); with ``dask`` and no
            scheduler, the local cluster's worker processes.
        executor: ``local`` or ``dask``.
        scheduler: A Dask scheduler address (``tcp://HOST:PORT``); none starts a
            local cluster.

    Raises:
        KGError: For an unknown executor, a bad worker count or no Dask.
    """
    check_options(workers=workers, executor=executor)
    if executor == "dask":
        with dask_parser(nlp, model, scheduler, workers=workers) as parse:
            yield parse
    elif workers > 1:
        with pool_parser(nlp, model, workers) as parse:
            yield parse
    else:
        yield local_parser(nlp)
