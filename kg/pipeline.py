"""Compose the stages: articles -> parsed Docs -> events -> the store. Composition only."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg.errors import InputError, StoreError
from kg.ingest import read_sources
from kg.namespace import entity_iri, event_iri
from kg.progress import bar
from kg.types import Article, Event

# spaCy (through the gazetteer, extraction and resolution) is imported when a build has
# something to parse: a build that skips every article never loads it.
if TYPE_CHECKING:
    from spacy.language import Language

    from kg.parallel import Parser
    from kg.resolve import Resolver
    from kg.store import Store

__all__ = [
    "BuildSummary",
    "build",
    "content_hash",
    "extract_articles",
    "make_resolver",
    "store_article",
    "with_dates",
]

log = logging.getLogger(__name__)

#: Resolution blocks, and stored reports, read and resolved together at most at the end
#: of a build (a larger block is read alone). Blocks resolve independently, so these
#: bound the reports held in memory, not the result.
RESOLVE_CHUNK = 128
RESOLVE_REPORTS = 4000


@dataclass
class BuildSummary:
    """What a build did, for the one-line summary."""

    articles: int = 0
    skipped: int = 0
    events: int = 0
    entities: int = 0
    triples: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """Return the one-line summary printed after a build."""
        text = (
            f"{self.articles} articles, {self.events} events, {self.entities} entities, "
            f"{self.triples} triples in the store, {self.seconds:.1f} s"
        )
        if self.skipped:
            text += f"; {self.skipped} unchanged article(s) skipped"
        if self.errors:
            text += f"; {len(self.errors)} input(s) skipped"
        return text


def content_hash(article: Article, model_key: str) -> str:
    """Return the SHA-256 of what an article's graph is built from.

    Its text and metadata (after :func:`with_dates`), the kg version and the spaCy
    pipeline (:func:`kg.nlp.model_key`): when none of them changed, neither did the graph.
    """
    published = article.published.isoformat() if article.published is not None else None
    fields = [
        __version__,
        model_key,
        article.id,
        article.title,
        published,
        article.published_inferred,
        article.url,
        article.source,
        article.path,
        article.text,
    ]
    data = json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def make_resolver() -> Resolver:
    """Return an entity resolver loaded with kg's gazetteer."""
    from kg.components.entities import load_gazetteer
    from kg.resolve import Resolver

    return Resolver(load_gazetteer(), lambda label, kind: str(entity_iri(label, kind)))


def with_dates(article: Article, published: date | None, warn: Callable[[str], None]) -> Article:
    """Give an article its publication date: metadata, else its dateline, else ``published``.

    An article left without any date is still processed; its relative dates stay
    unresolved, and ``warn`` is told so.
    """
    if article.published is not None:
        return article
    from kg.temporal import infer_dct

    inferred = infer_dct(article.text)
    if inferred is not None:
        return replace(article, published=inferred, published_inferred=True)
    if published is not None:
        return replace(article, published=published)
    warn(
        f"{article.path or article.id}: no publication date (front matter, dateline or "
        "--published); relative dates are left unresolved"
    )
    return article


def extract_articles(
    articles: Iterable[Article],
    nlp: Language,
    resolver: Resolver,
    *,
    on_error: Callable[[InputError], None],
    batch_size: int = 16,
    parser: Parser | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Parse articles in batches and yield each with its events, in the order given.

    An article that fails to process is reported through ``on_error`` and skipped; a
    text over the pipeline's ``max_length`` is refused with the limit named. When
    spaCy fails inside a batch, that batch is parsed again one article at a time, so
    only the bad article is lost.

    Args:
        articles: The articles.
        nlp: kg's pipeline (:func:`kg.nlp.make_nlp`).
        resolver: The entity resolver of the build; it learns from each article in turn.
        on_error: Called with each article that cannot be processed.
        batch_size: Articles parsed together.
        parser: Where batches are parsed (:func:`kg.parallel.make_parser`); default
            ``nlp`` in this process. Events are read here, in order, whatever parses.
    """
    from kg.extract import doc_events
    from kg.parallel import local_parser

    parse = parser or local_parser(nlp)
    for batch in parse(_batches(articles, nlp.max_length, on_error, batch_size)):
        for article, doc in batch:
            if isinstance(doc, str):
                on_error(InputError(article.path or article.id, doc))
                continue
            try:
                events = doc_events(doc, article, resolver, event_iri=_event_iri)
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
                log.debug("extraction failed", exc_info=True)
                on_error(InputError(article.path or article.id, f"could not be processed ({exc})"))
                continue
            yield article, events


def _batches(
    articles: Iterable[Article],
    max_length: int,
    on_error: Callable[[InputError], None],
    size: int,
) -> Iterator[list[Article]]:
    """Group articles into batches, refusing texts over the pipeline's length limit."""
    batch: list[Article] = []
    for article in articles:
        if len(article.text) > max_length:
            on_error(
                InputError(
                    article.path or article.id,
                    f"text is {len(article.text):,} characters, over the limit of "
                    f"{max_length:,}; split it into several articles",
                )
            )
            continue
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _event_iri(article_id: str, start: int, trigger_start: int, action: str) -> str:
    return str(event_iri(article_id, start, trigger_start, action))


def store_article(
    store: Store, article: Article, events: Sequence[Event], *, content_hash: str | None = None
) -> set[str]:
    """Write one article's events over what was stored for it.

    Args:
        store: An open store.
        article: The article.
        events: Every event read from it.
        content_hash: Its :func:`content_hash`, kept so that a later build skips it.

    Returns:
        The resolution blocks (:func:`kg.corefer.block_key`) the write changed, old and
        new: pass them to :func:`kg.articles.resolve_blocks` once the batch is written.

    Raises:
        StoreError: If the write fails; the store is unchanged then.
    """
    from kg.articles import article_blocks, write_article
    from kg.corefer import block_key

    blocks = set(article_blocks(store, article.id))  # what a rebuild drops
    write_article(store, article, events, version=__version__, content_hash=content_hash)
    blocks.update(block_key(event) for event in events)
    return blocks


#: Articles parsed and waiting for the store at most: the writer stores one batch while
#: the pipeline parses the next.
WRITE_AHEAD = 32


class _Writer:
    """Store articles on one background thread, in order, while the pipeline parses.

    Oxigraph does its share of a write without holding the GIL, so storing one batch
    overlaps parsing the next. Writes stay sequential and in corpus order, and what
    follows each one (the summary, the progress bar, errors) runs in the building
    thread in the same order as before, errors of extraction included: the graph, the
    summary and the messages are those of storing each article in turn. After a write
    fails with anything but a :class:`StoreError` nothing more is written, and the
    failure is raised when its article's turn comes, as if it had been stored inline.
    """

    def __init__(self, store: Store) -> None:
        """Prepare to write into ``store`` (the thread starts with the first write)."""
        from concurrent.futures import ThreadPoolExecutor

        self._store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store")
        # (the write, what to call when it is done, its arguments); no write: a deferred call
        self._pending: deque[tuple[Future[set[str]] | None, Callable[..., None], tuple[Any, ...]]]
        self._pending = deque()
        self._broken = False

    def _store_article(self, article: Article, events: Sequence[Event]) -> set[str]:
        # Runs on the writer thread, one article after the other.
        if self._broken:
            raise _NotWrittenError
        try:
            return store_article(self._store, article, events)
        except StoreError:
            raise
        except BaseException:
            self._broken = True
            raise

    def write(
        self,
        article: Article,
        events: list[Event],
        *,
        done: Callable[[Article, list[Event], set[str]], None],
        refused: Callable[[Article, StoreError], None],
    ) -> None:
        """Queue one article; ``done`` or ``refused`` is called in turn, in this thread."""
        future = self._pool.submit(self._store_article, article, events)
        self._pending.append((future, done, (article, events, refused)))
        self._settle(WRITE_AHEAD)

    def in_order(self, call: Callable[[InputError], None]) -> Callable[[InputError], None]:
        """Return ``call`` deferred behind the articles queued before it."""

        def deferred(exc: InputError) -> None:
            if self._pending:
                self._pending.append((None, call, (exc,)))
            else:
                call(exc)

        return deferred

    def _settle(self, keep: int) -> None:
        """Report finished writes in order, waiting while more than ``keep`` are queued."""
        while self._pending:
            future, call, args = self._pending[0]
            if future is not None and not future.done() and len(self._pending) <= keep:
                return
            self._pending.popleft()
            if future is None:
                call(*args)
                continue
            article, events, refused = args
            try:
                changed = future.result()
            except StoreError as exc:
                refused(article, exc)
                continue
            call(article, events, changed)

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        try:
            if exc_type is None:
                self._settle(0)
        finally:
            # Queued articles are not written after a failure or an interrupt; the one
            # being written finishes (a write is atomic either way).
            self._pool.shutdown(wait=True, cancel_futures=True)


class _NotWrittenError(Exception):
    """An article left unwritten because an earlier write failed."""


def build(
    sources: Sequence[str | Path],
    store: Store,
    *,
    published: date | None = None,
    model: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    progress: bool = False,
    force: bool = False,
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
) -> BuildSummary:
    """Read sources, extract events and write each article into the store.

    Each article replaces its own named graph atomically, so rebuilding never
    duplicates and a failure never loses what was stored before. An article whose
    :func:`content_hash` the store already holds is skipped before it is parsed; its
    graph, entities and canonical events stay as they are (resolution reruns only the
    blocks that the rebuilt articles' events leave or enter). Hashes are written after
    resolution, so a build stopped before it leaves those articles to the next build.

    Args:
        sources: Files and folders of articles.
        store: An open store.
        published: Publication date for articles that carry none.
        model: spaCy pipeline name or path (see :func:`kg.nlp.load_spacy`).
        on_error: Called with each unreadable input; the build goes on.
        on_warning: Called with each warning (e.g. an article without a date).
        progress: Show progress bars (rate and time left) on stderr: parsing and
            storing the articles, then resolving their events.
        force: Rebuild every article, changed or not.
        workers: Processes that parse (see :func:`kg.parallel.make_parser`).
        executor: ``local`` or ``dask``.
        scheduler: Dask scheduler address; with ``dask`` and none, a local cluster.

    Returns:
        Counts and timing of the build.
    """
    from kg.articles import (
        has_records,
        read_entities,
        read_hashes,
        resolution_chunks,
        resolve_blocks,
        write_hashes,
    )
    from kg.nlp import make_nlp, model_key
    from kg.parallel import check_options, make_parser

    check_options(workers=workers, executor=executor)
    started = time.perf_counter()
    summary = BuildSummary()

    def error(exc: InputError) -> None:
        summary.errors.append(str(exc))
        if on_error is not None:
            on_error(exc)

    def warn(message: str) -> None:
        summary.warnings.append(message)
        if on_warning is not None:
            on_warning(message)

    articles = [with_dates(a, published, warn) for a in read_sources(sources, on_error=error)]
    key = model_key(model)
    hashes = {a.id: content_hash(a, key) for a in articles}
    stored = {} if force else read_hashes(store)
    todo = [a for a in articles if stored.get(a.id) != hashes[a.id]]
    summary.skipped = len(articles) - len(todo)
    entity_ids: set[str] = set()
    blocks: set[str] = set()
    built: dict[str, str] = {}
    if todo:
        nlp = make_nlp(model)
        resolver = make_resolver()
        # What earlier builds learned (full names, acronyms) keeps the same actor on one IRI.
        resolver.remember(read_entities(store))
        with (
            make_parser(
                nlp, model, workers=workers, executor=executor, scheduler=scheduler
            ) as parser,
            bar(len(todo), desc="kg build", unit="article", enabled=progress) as shown,
            _Writer(store) as writer,
        ):

            def written(article: Article, events: list[Event], changed: set[str]) -> None:
                blocks.update(changed)
                built[article.id] = hashes[article.id]
                summary.articles += 1
                summary.events += len(events)
                for event in events:
                    entity_ids.update(e.id for e in (*event.agents, *event.patients, *event.place))
                shown.update(1)

            def refused(article: Article, exc: StoreError) -> None:
                # e.g. a term Oxigraph refuses: lose this article only
                error(InputError(article.path or article.id, f"could not be stored ({exc})"))

            for article, events in extract_articles(
                todo, nlp, resolver, on_error=writer.in_order(error), parser=parser
            ):
                writer.write(article, events, done=written, refused=refused)
    # Reports of one event, within and across articles, share one canonical event.
    ordered = sorted(blocks)
    complete = has_records(store) if ordered else False  # asked once, not per chunk
    with bar(len(ordered), desc="kg resolve", unit="block", enabled=progress) as shown:
        for chunk in resolution_chunks(store, ordered, reports=RESOLVE_REPORTS, most=RESOLVE_CHUNK):
            resolve_blocks(store, chunk, records=complete)
            shown.update(len(chunk))
    # Only now is an article done: one written by a build killed before this line has no
    # hash, so the next build rebuilds it and resolves its blocks.
    write_hashes(store, built)
    summary.entities = len(entity_ids)
    summary.triples = len(store)  # every quad; stats() would count much more than this
    summary.seconds = time.perf_counter() - started
    return summary
