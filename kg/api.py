"""The notebook-facing API: one object over a store, with answers as DataFrames.

:func:`open` (``kg.open``) returns a :class:`KnowledgeGraph` over any store
``kg`` can open; its methods are thin fronts over the stages the commands use
(:func:`kg.pipeline.build`, :func:`kg.articles.read_events`, :func:`kg.query.run_query`,
:func:`kg.convert.events_to_nx`, :mod:`kg.analysis`, :mod:`kg.viz`,
:func:`kg.export.export`), so a notebook and ``kg events`` always agree.

pandas is imported only by the methods that return DataFrames (install
``kg[notebooks]``); everything else works without it.

Examples:
    A two-event corpus written by hand (``build`` reads article files instead):

    >>> import kg
    >>> from kg.types import Article, Entity, Event, EventDate
    >>> dhs = Entity("https://example.org/dhs", "DHS", "GovernmentAgency",
    ...              aliases=("Homeland Security",))
    >>> kas = Entity("https://example.org/kaspersky", "Kaspersky", "Company")
    >>> text = "DHS banned Kaspersky in 2017. Sales must stop by Sept. 29, 2024."
    >>> events = [
    ...     Event("https://example.org/e1", "a1", text[:29], 0, 29, "banned", "ban", "Ban",
    ...           trigger_start=4, trigger_end=10, agents=(dhs,), patients=(kas,),
    ...           date=EventDate("2017", "year", "2017")),
    ...     Event("https://example.org/e2", "a1", text[30:], 30, 64, "stop", "stop",
    ...           "Deadline", trigger_start=46, trigger_end=50, patients=(kas,),
    ...           date=EventDate("2024-09-29", "day", "Sept. 29, 2024", relation="until"),
    ...           modality="planned"),
    ... ]
    >>> graph = kg.open("memory:")
    >>> graph.add(Article("a1", text, title="Kaspersky"), events)
    >>> df = graph.events()
    >>> df[["type", "agents", "patients"]].values.tolist()
    [['Ban', ['DHS'], ['Kaspersky']], ['Deadline', [], ['Kaspersky']]]
    >>> [str(p) for p in df["date"]], df["date_granularity"].tolist()
    (['2017', '2024-09-29'], ['year', 'day'])
    >>> graph.events(actor="homeland security")["action"].tolist()
    ['ban']
    >>> graph.sparql("actor_timeline", actor="Kaspersky")[["date", "type", "role"]].values.tolist()
    [['2017', 'Ban', 'patient'], ['2024-09-29', 'Deadline', 'patient']]
    >>> graph.sparql(
    ...     "PREFIX kg: <https://w3id.org/kgnews/ontology#> "
    ...     "SELECT ?action WHERE { ?e kg:agent ?who ; kg:action ?action }",
    ...     who=dhs.id,
    ... )["action"].tolist()
    ['ban']
    >>> graph.analysis().actors[["actor", "events"]].values.tolist()
    [['Kaspersky', 2], ['DHS', 1]]
    >>> graph.close()
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.types import Article, Entity, Event, EventDate, date_interval, granularity_of

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from kg.corefer import CanonicalEvent
    from kg.pipeline import BuildSummary
    from kg.query import QueryResult
    from kg.store import Store

__all__ = [
    "Analysis",
    "DEADLINE_RELATIONS",
    "KnowledgeGraph",
    "PERIOD_FREQ",
    "Timeline",
    "canonical_frame",
    "events_frame",
    "open",
    "period",
    "result_frame",
]

#: pandas period frequency for each granularity a calendar date can have; a time of
#: day is kept as its day, and granularities missing here (durations) get no period.
PERIOD_FREQ: dict[str, str] = {
    "century": "100Y",
    "decade": "10Y",
    "year": "Y",
    "half": "6M",
    "quarter": "Q",
    "season": "3M",
    "month": "M",
    "week": "W-SUN",
    "day": "D",
    "time": "D",
}

#: Date relations that make an event's date a deadline: "must stop by Sept. 29",
#: "prohibited from Sept. 29", "within 30 days".
DEADLINE_RELATIONS = ("until", "from", "within")

# An event with every optional part filled, so the columns of an empty answer are the
# ones a full one has: read off the JSON Lines contract, never listed twice.
_TEMPLATE = Event(
    id="",
    article="",
    sentence="",
    start=0,
    end=0,
    trigger="",
    action="",
    type="",
    agents=(Entity("", "", ""),),
    patients=(Entity("", "", ""),),
    place=(Entity("", "", ""),),
    date=EventDate("2000", "year", ""),
    cameo="",
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise KGError(
            "this needs pandas: pip install 'kg[notebooks]' (or pip install pandas)"
        ) from None
    return pandas


def period(value: str | None, granularity: str | None = None) -> Any:
    """Return the pandas Period a TIMEX3 date value covers, keeping its granularity.

    Args:
        value: A date value such as ``2017``, ``2024-06``, ``2024-Q3`` or ``2024-09-29``.
        granularity: Its granularity; computed from ``value`` when omitted.

    Returns:
        A :class:`pandas.Period` (a year stays a year), or ``pandas.NaT`` for no value
        or one that names no calendar period (``P30D``, ``PRESENT_REF``).

    Examples:
        >>> period("2017"), period("2024-Q3"), period("2024-06-20")
        (Period('2017', 'Y-DEC'), Period('2024Q3', 'Q-DEC'), Period('2024-06-20', 'D'))
        >>> period("P30D")
        NaT
    """
    pd = _pandas()
    bounds = date_interval(value)
    freq = PERIOD_FREQ.get(granularity or granularity_of(value or ""))
    if bounds is None or freq is None:
        return pd.NaT
    return pd.Period(bounds[0], freq=freq)


def _flatten(record: Mapping[str, Any]) -> dict[str, Any]:
    """One contract object as one row: entity lists become labels, objects columns."""
    row: dict[str, Any] = {}
    for key, value in record.items():
        if key == "date":
            when = value or {}
            row["date"] = period(when.get("value"), when.get("granularity"))
            bounds = date_interval(when.get("value"))
            row["date_first"] = bounds[0] if bounds else None
            row["date_last"] = bounds[1] if bounds else None
            for sub in _TEMPLATE.to_json()["date"]:
                row[f"date_{sub}"] = when.get(sub)
            for sub, sub_value in when.items():
                row.setdefault(f"date_{sub}", sub_value)
        elif isinstance(value, list) and all(isinstance(v, dict) and "label" in v for v in value):
            row[key] = [v["label"] for v in value]
        elif isinstance(value, dict):
            for sub, sub_value in value.items():
                row[f"{key}_{sub}"] = sub_value
        else:
            row[key] = value
    return row


def _frame(records: Iterable[Mapping[str, Any]], template: Mapping[str, Any]) -> pd.DataFrame:
    """Contract objects as a DataFrame whose columns and dtypes follow ``template``."""
    pd = _pandas()
    rows = [_flatten(r) for r in records]
    shape = _flatten(template)
    columns = list(shape)
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("date_first", "date_last"):
        frame[name] = pd.to_datetime(frame[name])
    for name, sample in shape.items():
        if isinstance(sample, bool):
            frame[name] = frame[name].astype("boolean")
        elif isinstance(sample, int):
            frame[name] = frame[name].astype("int64" if frame[name].notna().all() else "Int64")
        elif isinstance(sample, float):
            frame[name] = frame[name].astype("float64")
        elif isinstance(sample, str):
            frame[name] = frame[name].astype("string")
    return frame


def events_frame(
    events: Iterable[Event], canonical: Mapping[str, CanonicalEvent] | None = None
) -> pd.DataFrame:
    """Return events as a DataFrame: one row each, the JSON Lines contract as columns.

    The columns are the fields of :func:`kg.corefer.report_json` (what
    ``kg events --format jsonl`` writes) in its order, with three conveniences:
    ``agents``, ``patients`` and ``place`` hold lists of labels; ``date`` is a
    :class:`pandas.Period` of the date's own granularity (``NaT`` when undated),
    followed by ``date_first`` and ``date_last`` (the first and last day it covers,
    as timestamps) and the date object's fields as ``date_value``,
    ``date_granularity``, ``date_text``, ...

    Args:
        events: Events, for example from :func:`kg.articles.read_events`.
        canonical: Report IRI -> its canonical event (:func:`kg.corefer.by_report`),
            for the ``canonical``, ``sources`` and ``disagreements`` columns.

    Returns:
        The DataFrame, rows in the order given.
    """
    from kg.corefer import report_json

    links = canonical or {}
    return _frame((report_json(e, links.get(e.id)) for e in events), report_json(_TEMPLATE, None))


def canonical_frame(events: Iterable[CanonicalEvent]) -> pd.DataFrame:
    """Return canonical events as a DataFrame, the ``kg events --canonical`` contract as columns.

    The columns are the fields of :meth:`kg.corefer.CanonicalEvent.to_json`, with the
    conveniences of :func:`events_frame` (names for actors, ``date`` as a Period);
    ``reports``, ``articles``, ``outlets`` and ``disagreements`` stay lists.
    """
    from kg.corefer import CanonicalEvent

    template = CanonicalEvent(
        id="",
        block="",
        reports=(),
        articles=(),
        type="",
        action="",
        date=_TEMPLATE.date,
        agents=_TEMPLATE.agents,
        patients=_TEMPLATE.patients,
        sources=0,
        outlets=(),
        confidence=0.0,
    )
    return _frame((e.to_json() for e in events), template.to_json())


def _param_value(value: object) -> str:
    """A Python value as the text ``kg query --param NAME=VALUE`` would be given."""
    from rdflib import URIRef

    if isinstance(value, URIRef):
        return f"<{value}>"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(term: object) -> object:
    """A result term as a plain Python value: IRIs as text, typed literals converted."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value if isinstance(value, int | float | bool | date | datetime) else str(term)
    return str(term)


def result_frame(result: QueryResult) -> pd.DataFrame:
    """Return a SPARQL result as a DataFrame.

    Args:
        result: What :func:`kg.query.run_query` returned.

    Returns:
        For SELECT, one column per variable in projection order (IRIs and plain
        literals as text, numbers, booleans and dates converted, unbound as missing);
        for ASK, one ``boolean`` column; for CONSTRUCT and DESCRIBE, ``subject``,
        ``predicate`` and ``object``.
    """
    pd = _pandas()
    if result.boolean is not None:
        return pd.DataFrame({"boolean": [result.boolean]})
    if result.graph is not None:
        triples = sorted(
            ((str(s), str(p), _cell(o)) for s, p, o in result.graph),
            key=lambda spo: (spo[0], spo[1], str(spo[2])),
        )
        return pd.DataFrame(triples, columns=["subject", "predicate", "object"])
    frame = pd.DataFrame([[_cell(t) for t in row] for row in result.rows], columns=result.vars)
    for name in frame.columns:
        values = frame[name].dropna()
        if len(values) and all(isinstance(v, date) for v in values):
            frame[name] = pd.to_datetime(frame[name])
    return frame


@dataclass(frozen=True)
class Analysis:
    """The figures ``kg analyze`` prints, as DataFrames with actors by name.

    Attributes:
        counts: ``events``, ``dated``, ``undated``, ``articles``, ``entities``,
            ``first`` and ``last`` (date values).
        actors: The most central actors: ``actor``, ``type``, ``events``,
            ``partners``, ``betweenness``, ``pagerank``, ``id``.
        spans: Each actor's first and last dated event: ``actor``, ``first``,
            ``last`` (Periods), ``id``.
        types: Events per type: ``type``, ``events``, most first.
        per_year: Events per year: ``year``, ``events``.
        communities: ``community`` (1 = largest), ``actor``.
        bursts: The busiest months: ``month`` (a Period), ``events``.
    """

    counts: dict[str, Any]
    actors: pd.DataFrame
    spans: pd.DataFrame
    types: pd.DataFrame
    per_year: pd.DataFrame
    communities: pd.DataFrame
    bursts: pd.DataFrame

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> Analysis:
        """Build from the dict :func:`kg.analysis.summary` returns."""
        pd = _pandas()
        counts = {
            k: summary.get(k)
            for k in ("events", "dated", "undated", "articles", "entities", "first", "last")
        }
        actor_columns = ["actor", "type", "events", "partners", "betweenness", "pagerank", "id"]
        actors = pd.DataFrame(
            [
                [
                    r["label"],
                    r.get("type"),
                    r["events"],
                    r["degree"],
                    r["betweenness"],
                    r["pagerank"],
                    r["id"],
                ]
                for r in summary.get("top_actors", [])
            ],
            columns=actor_columns,
        ).astype(
            {
                "events": "int64",
                "partners": "int64",
                "betweenness": "float64",
                "pagerank": "float64",
            }
        )
        spans = pd.DataFrame(
            [
                [r["actor"], period(r["first"]), period(r["last"]), r["id"]]
                for r in summary.get("spans", [])
            ],
            columns=["actor", "first", "last", "id"],
        )
        types = pd.DataFrame(
            list(summary.get("types", {}).items()), columns=["type", "events"]
        ).astype({"events": "int64"})
        per_year = pd.DataFrame(
            [(int(y), c) for y, c in summary.get("events_per_year", {}).items()],
            columns=["year", "events"],
        ).astype({"year": "int64", "events": "int64"})
        communities = pd.DataFrame(
            [
                (i, name)
                for i, names in enumerate(summary.get("communities", []), 1)
                for name in names
            ],
            columns=["community", "actor"],
        ).astype({"community": "int64"})
        bursts = pd.DataFrame(
            [(period(p), c) for p, c in summary.get("bursts", [])], columns=["month", "events"]
        ).astype({"events": "int64"})
        return cls(counts, actors, spans, types, per_year, communities, bursts)

    def _repr_html_(self) -> str:
        c = self.counts
        parts = [
            f"<p>{c['events']} events ({c['dated']} dated, {c['undated']} undated) in "
            f"{c['articles']} articles; {c['entities']} entities; time span "
            f"{c['first'] or '-'} .. {c['last'] or '-'}</p>"
        ]
        for item in fields(self)[1:]:
            frame = getattr(self, item.name)
            parts.append(f"<h4>{item.name}</h4>{frame.to_html(index=False)}")
        return "\n".join(parts)


class Timeline:
    """The interactive timeline page of some events; shows itself inline in Jupyter.

    Args:
        events: The events to draw.
        articles: Articles by id, for tooltips and links.
        title: Page heading.
        height: Height of the inline frame, in pixels.
    """

    def __init__(
        self,
        events: Sequence[Event],
        articles: Mapping[str, Article],
        *,
        title: str = "kg timeline",
        height: int = 720,
    ) -> None:
        self.events = list(events)
        self.articles = dict(articles)
        self.title = title
        self.height = height

    @property
    def html(self) -> str:
        """The self-contained page (see :func:`kg.viz.timeline_html`)."""
        from kg.viz import timeline_html

        return timeline_html(self.events, self.articles, title=self.title)

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (as ``kg timeline -o``) and return the path."""
        from kg.viz import write_timeline

        return write_timeline(path, self.events, self.articles, title=self.title)

    def _repr_html_(self) -> str:
        from kg.viz import show

        return str(show(self.events, self.articles, height=self.height, title=self.title).data)

    def __repr__(self) -> str:
        return f"<Timeline {self.title!r}: {len(self.events)} events>"


class KnowledgeGraph:
    """An event knowledge graph in a store, for notebooks and scripts.

    Create one with :func:`open`. Filters (``actor``, ``since``, ``until``, ``type``,
    ``article``) mean what the options of ``kg events`` mean and are checked the same
    way; ``since``/``until`` also take an int year or a :class:`datetime.date`.

    Args:
        store: An open store, or a location for :func:`kg.store.open_store`.
    """

    def __init__(self, store: Store | str = "memory:") -> None:
        if isinstance(store, str):
            from kg.store import open_store

            store = open_store(store)
        self.store = store

    # -- writing ------------------------------------------------------------------------
    def build(
        self,
        *sources: str | Path,
        published: date | None = None,
        model: str | None = None,
    ) -> BuildSummary:
        """Read article files and folders, extract their events and store them.

        Unreadable inputs and articles without a date are reported as warnings (and
        listed in the summary's ``errors`` and ``warnings``); the rest is built.

        Args:
            *sources: Files and folders (.txt, .md, .html, .jsonl), as ``kg build``.
            published: Publication date for articles that carry none.
            model: spaCy pipeline name or path.

        Returns:
            What was built (``summary.line()`` is ``kg build``'s report).
        """
        from kg.pipeline import build

        return build(
            list(sources),
            self.store,
            published=published,
            model=model,
            on_error=lambda exc: warnings.warn(str(exc), stacklevel=3),
            on_warning=lambda message: warnings.warn(message, stacklevel=3),
        )

    def add(self, article: Article, events: Sequence[Event]) -> None:
        """Store one article and its events, as ``build`` stores each article it reads.

        What was stored for the article is replaced, and the reports of the events it
        shares a canonical event with are resolved again.
        """
        from kg.articles import resolve_blocks
        from kg.pipeline import store_article

        resolve_blocks(self.store, store_article(self.store, article, events))

    # -- reading ------------------------------------------------------------------------
    def event_list(
        self,
        *,
        actor: str | None = None,
        since: str | int | date | None = None,
        until: str | int | date | None = None,
        type: str | None = None,  # noqa: A002 - the CLI's option name
        article: str | None = None,
    ) -> list[Event]:
        """Return the events as :class:`kg.types.Event` values, in time order.

        Raises:
            KGError: A filter is not valid (an unknown type, a malformed date).
        """
        from kg.articles import read_events
        from kg.filters import date_bound, event_type

        return read_events(
            self.store,
            actor=actor,
            since=None if since is None else date_bound(since),
            until=None if until is None else date_bound(until),
            type=None if type is None else event_type(type),
            article=article,
        )

    def events(self, **filters: Any) -> pd.DataFrame:
        """Return the events as a DataFrame, one row each, in time order (undated last).

        Each row is one report (one sentence's event), as ``kg events --format jsonl``
        lists them, with the canonical event it belongs to.

        Args:
            **filters: ``actor``, ``since``, ``until``, ``type``, ``article`` (see
                :meth:`event_list`).

        Returns:
            The columns of :func:`events_frame`: the ``kg events --format jsonl``
            fields, with ``date`` as a Period of its own granularity.
        """
        events = self.event_list(**filters)
        return events_frame(events, self._links(events))

    def canonical_events(self, **filters: Any) -> pd.DataFrame:
        """Return the canonical events (reports of one event merged) as a DataFrame.

        One row per real-world event, as ``kg events --canonical`` lists them, in the
        order of their first report; ``sources`` counts independent outlets and
        ``disagreements`` lists what they do not agree on.

        Args:
            **filters: As for :meth:`event_list`; a canonical event is kept when one
                of its reports is.

        Returns:
            The columns of :func:`canonical_frame`.
        """
        from kg.corefer import in_report_order

        events = self.event_list(**filters)
        return canonical_frame(in_report_order(events, self._links(events)))

    def _links(self, events: Sequence[Event]) -> dict[str, CanonicalEvent]:
        from kg.articles import read_canonical
        from kg.corefer import by_report

        if not events:
            return {}
        return by_report(read_canonical(self.store, reports=[e.id for e in events]))

    def articles(self) -> pd.DataFrame:
        """Return the stored articles: ``id``, ``title``, ``published``, ``source``, ...

        ``published`` is a timestamp; ``text`` holds the article text.
        """
        from kg.articles import read_articles

        pd = _pandas()
        columns = [f.name for f in fields(Article)]
        frame = pd.DataFrame(
            [[getattr(a, c) for c in columns] for a in read_articles(self.store)],
            columns=columns,
        )
        frame["published"] = pd.to_datetime(frame["published"])
        return frame

    def sparql(self, query: str, **bindings: Any) -> pd.DataFrame:
        """Run SPARQL (text, a ``.rq`` file or a canned query name) and return a DataFrame.

        Bindings are values, bound as ``kg query --param NAME=VALUE`` binds them,
        never pasted into the text: an absolute IRI (or an ``rdflib.URIRef``) becomes
        an IRI, anything else a literal; ``limit=0`` lifts a canned query's LIMIT.

        Args:
            query: SPARQL text, a path to a ``.rq`` file or a canned query name
                (``"actor_timeline"``).
            **bindings: Variable name -> value (str, int, date, URIRef).

        Returns:
            See :func:`result_frame`.

        Raises:
            QueryError: The query fails, or a binding names no variable of the query.
        """
        from kg.query import check_params, load_query, run_query

        text = load_query(query)
        params = {name: _param_value(value) for name, value in bindings.items()}
        check_params(text, params)
        return result_frame(run_query(self.store, text, params=params))

    def deadlines(self, **filters: Any) -> pd.DataFrame:
        """Return the deadlines the articles announce, with the days each one gives.

        A deadline is an event whose date the text ties with "by"/"until", "from" or
        "within" (``date_relation`` in :data:`DEADLINE_RELATIONS`) and whose first day
        comes after its article's publication: a later article's "banned since July 20"
        looks back, it announces nothing.

        Args:
            **filters: As for :meth:`event_list`.

        Returns:
            Those rows of :meth:`events`, with ``announced`` (the article's publication
            day) and ``gap_days`` (days from it to the deadline's first day), in order
            of announcement, then deadline.
        """
        pd = _pandas()
        events = self.events(**filters)
        published = {a.id: a.published for a in self._articles().values()}
        announced = pd.to_datetime(events["article"].map(published))
        gap = (events["date_first"] - announced).dt.days
        keep = events["date_relation"].isin(DEADLINE_RELATIONS).fillna(False) & (gap > 0)
        found = events.assign(announced=announced, gap_days=gap)[keep.astype(bool)]
        found = found.astype({"gap_days": "int64"})
        return found.sort_values(["announced", "date_first"], kind="stable").reset_index(drop=True)

    def graph(self, **filters: Any) -> nx.MultiDiGraph:
        """Return the event graph (:func:`kg.convert.events_to_nx`) of the events."""
        from kg.convert import events_to_nx

        return events_to_nx(self.event_list(**filters), self._articles())

    def analysis(self, *, top: int = 10) -> Analysis:
        """Return the ``kg analyze`` figures as DataFrames.

        Args:
            top: How many actors and bursts to list.
        """
        from kg.analysis import summary

        return Analysis.from_summary(summary(self.graph(), top=top))

    def timeline(
        self, *, title: str = "kg timeline", height: int = 720, **filters: Any
    ) -> Timeline:
        """Return the timeline page of the events; a notebook cell ending in it shows it.

        Args:
            title: Page heading.
            height: Height of the inline frame in pixels.
            **filters: As for :meth:`event_list`.
        """
        return Timeline(self.event_list(**filters), self._articles(), title=title, height=height)

    def export(self, path: str | Path, format: str | None = None) -> int:  # noqa: A002
        """Write the whole store to an RDF file, as ``kg export``.

        Args:
            path: The file to write.
            format: ``trig``, ``ttl``, ``nq`` or ``jsonld``; by default from the
                file's extension.

        Returns:
            The number of triples written.

        Raises:
            KGError: The format is not given and the extension names none.
        """
        from kg.export import FORMATS, export

        fmt = format
        if fmt is None:
            suffix = Path(path).suffix.lower()
            fmt = next((f for f, ext in FORMATS.items() if ext == suffix), None)
            if fmt is None:
                raise KGError(
                    f"{path}: cannot tell the format from the extension; give format= one "
                    f"of {', '.join(FORMATS)}"
                )
        if fmt not in FORMATS:
            raise KGError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
        return export(self.store, fmt, path)  # type: ignore[arg-type]

    def _articles(self) -> dict[str, Article]:
        from kg.articles import read_articles

        return {a.id: a for a in read_articles(self.store)}

    # -- lifetime -----------------------------------------------------------------------
    def close(self) -> None:
        """Close the store (releases a directory store's lock)."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.store!r}>"


def open(  # noqa: A001
    store: Store | str = "memory:", *, create: bool = True, read_only: bool = False
) -> KnowledgeGraph:
    """Open a knowledge graph: a store directory, ``memory:`` or a SPARQL endpoint URL.

    Args:
        store: A location (as ``--store``) or an open store.
        create: Create a directory store that does not exist yet; pass False to
            open only an existing one.
        read_only: Open a directory store without its write lock, to read it while
            ``kg build`` (or another kernel) writes it; it shows the store as it was
            when opened, and ``build``/``add`` fail.

    Returns:
        The graph; use it in a ``with`` block, or call ``close()``, to release a
        directory store.

    Raises:
        StoreError: The store cannot be opened.
    """
    if isinstance(store, str):
        from kg.store import open_store

        store = open_store(store, create=create, read_only=read_only)
    return KnowledgeGraph(store)
