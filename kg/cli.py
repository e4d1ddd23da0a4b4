"""The ``kg`` command: build, list, query, draw and serve an event knowledge graph.

Every subcommand takes ``--store LOCATION`` (default ``./kg-store`` or ``KG_STORE``):
a directory (embedded Oxigraph), ``memory:`` or an ``http(s)://`` SPARQL endpoint.
Exit status: 0 success, 1 some input or check failed (the rest was done), 2 usage error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TextIO

from kg import __version__
from kg.corefer import CanonicalEvent, report_json
from kg.errors import InputError, KGError
from kg.progress import shown, track
from kg.types import LISTING_CONFIDENCE, Event, listed

__all__ = ["main"]

DEFAULT_STORE = "./kg-store"


def _err(message: str) -> None:
    print(f"kg: {message}", file=sys.stderr)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (write YYYY-MM-DD)") from None


def _date_prefix(text: str) -> str:
    """Accept 2024, 2024-06 or 2024-06-20 for --since/--until."""
    from kg.filters import date_bound

    try:
        return date_bound(text)
    except KGError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _open(  # type: ignore[no-untyped-def]
    args: argparse.Namespace, *, create: bool = False, write: bool = False
):
    """Open the store; commands that only read open a directory read-only (beside a build)."""
    from kg.store import open_store

    return open_store(args.store, create=create, read_only=not (create or write))


# -- build -------------------------------------------------------------------------------
def cmd_build(args: argparse.Namespace) -> int:
    """Read articles, extract events and store them."""
    from kg.pipeline import build

    def on_error(exc: InputError) -> None:
        _err(str(exc))
        if args.strict:
            raise KGError("stopped at the first bad input (--strict); the rest was not read")

    def on_warning(message: str) -> None:
        _err(f"warning: {message}")

    with _open(args, create=True) as store:
        summary = build(
            args.sources,
            store,
            published=args.published,
            model=args.model,
            on_error=on_error,
            on_warning=on_warning,
            progress=shown(quiet=args.quiet),
            force=args.force,
            workers=args.workers,
            executor=args.executor,
            scheduler=args.scheduler,
        )
    print(summary.line())
    if summary.articles == 0 and not summary.skipped and not summary.errors:
        _err(
            "no articles found in " + ", ".join(map(str, args.sources)) + " (.txt .md .html .jsonl)"
        )
        return 1
    return 1 if summary.errors else 0


# -- events ------------------------------------------------------------------------------
def _names(entities: Sequence[object]) -> str:
    return "; ".join(getattr(e, "label", "") for e in entities)


def json_line(item: object) -> str:
    """Return one JSON Lines record: UTF-8 text, line separators escaped.

    U+2028 and U+2029 are valid in JSON but end a line for many readers, so a record
    holding them would split in two.
    """
    text = json.dumps(item, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _people_date(when: object) -> str:
    """An event's date as people read it, for tables ("until 12 Dec 2017, evening")."""
    from kg.datetext import describe_date

    if when is None:
        return ""
    return describe_date(
        getattr(when, "value", None),
        relation=getattr(when, "relation", None),
        inferred=bool(getattr(when, "inferred", False)),
    )


def _event_row(event: Event) -> list[str]:
    return [
        event.date.value if event.date else "",
        event.type,
        event.action,
        _names(event.agents),
        _names(event.patients),
        event.modality,
        f"{event.confidence:.2f}",
        event.article,
        event.sentence,
    ]


_EVENT_HEADER = [
    "date",
    "type",
    "action",
    "agents",
    "patients",
    "modality",
    "confidence",
    "article",
    "sentence",
]


def _write_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [
        min(40, max(len(h), *(len(r[i]) for r in rows))) if rows else len(h)
        for i, h in enumerate(header)
    ]

    def fmt_row(cells: Sequence[str]) -> str:
        return "  ".join(
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
            for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    out.write(fmt_row(header) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(fmt_row(row) + "\n")
    out.write(f"({len(rows)} event{'' if len(rows) == 1 else 's'})\n")


def write_events(
    events: Sequence[Event],
    fmt: str,
    out: TextIO,
    *,
    canonical: Mapping[str, CanonicalEvent] | None = None,
) -> None:
    """Write reports as JSON Lines (the contract), CSV or a readable table.

    ``canonical`` maps report IRIs to their canonical events; the JSON Lines then carry
    ``canonical``, ``sources`` and ``disagreements`` (a report without one is its own).
    """
    links = canonical or {}
    if fmt == "jsonl":
        for event in events:
            item = report_json(event, links.get(event.id))
            out.write(json_line(item) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(_EVENT_HEADER)
        writer.writerows(_event_row(e) for e in events)
    else:
        # Tables are read by people: dates as people write them, TIMEX3 in csv and jsonl.
        rows = [[_people_date(e.date), *_event_row(e)[1:7]] for e in events]
        _write_table(_EVENT_HEADER[:7], rows, out)


_CANONICAL_HEADER = [
    "date",
    "type",
    "action",
    "agents",
    "patients",
    "sources",
    "reports",
    "confidence",
    "disputed",
]


def _canonical_row(event: CanonicalEvent) -> list[str]:
    return [
        event.date.value if event.date else "",
        event.type,
        event.action,
        _names(event.agents),
        _names(event.patients),
        str(event.sources),
        str(len(event.reports)),
        f"{event.confidence:.2f}",
        ", ".join(d.aspect for d in event.disagreements),
    ]


def write_canonical_events(events: Sequence[CanonicalEvent], fmt: str, out: TextIO) -> None:
    """Write canonical events as JSON Lines, CSV or a readable table."""
    if fmt == "jsonl":
        for event in events:
            out.write(json_line(event.to_json()) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow([*_CANONICAL_HEADER, "id"])
        writer.writerows([*_canonical_row(e), e.id] for e in events)
    else:
        rows = [[_people_date(e.date), *_canonical_row(e)[1:]] for e in events]
        _write_table(_CANONICAL_HEADER, rows, out)


def _event_type(text: str) -> str:
    """Accept an event type in any case; refuse unknown ones with the list."""
    from kg.filters import event_type

    try:
        return event_type(text)
    except KGError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_events(args: argparse.Namespace) -> int:
    """List canonical events (or their reports) in time order."""
    from kg.articles import read_canonical, read_events
    from kg.corefer import by_report, in_report_order

    with _open(args) as store:
        events = read_events(
            store,
            actor=args.actor,
            since=args.since,
            until=args.until,
            type=args.type,
            article=args.article,
        )
        events = listed(events, args.min_confidence)
        canonical = read_canonical(store, reports=[e.id for e in events]) if events else []
    links = by_report(canonical)
    fmt = "jsonl" if args.canonical and args.format == "table" else args.format
    if args.canonical or (fmt == "table" and not args.reports):
        # Canonical events in the order of their first report (time order).
        write_canonical_events(in_report_order(events, links), fmt, sys.stdout)
    else:
        write_events(events, fmt, sys.stdout, canonical=links)
    return 0


# -- query -------------------------------------------------------------------------------
def _params(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise KGError(f"--param {pair!r}: write NAME=VALUE, e.g. --param actor=Kaspersky")
        out[name.lstrip("?$")] = value
    return out


def _canned_list() -> str:
    """The canned queries, each with its purpose and parameters (from the .rq headers)."""
    from kg.query import canned_queries, query_header

    headers = {n: query_header(p.read_text(encoding="utf-8")) for n, p in canned_queries().items()}
    width = 11 + max((len(p.name) for h in headers.values() if h for p in h.params), default=0)
    lines = []
    for name, header in headers.items():
        lines.append(f"{name}: {header.purpose if header else '(no header)'}")
        params = header.params if header else ()
        for param in params:
            flag = f"--param {param.name}=".ljust(width)
            need = "required; " if param.required else ""
            lines.append(f"    {flag}  {need}{param.purpose}")
        if not params:
            lines.append("    (no parameters)")
    return "\n".join(lines) + "\n"


def cmd_query(args: argparse.Namespace) -> int:
    """Run a SPARQL query (text or .rq file) against the store."""
    from kg.query import check_params, format_result, load_query, run_query

    if args.list:
        sys.stdout.write(_canned_list())
        return 0
    if not args.query:
        raise KGError("give a query (SPARQL text, a .rq file or a canned query name) or --list")
    params = _params(args.param)
    text = load_query(args.query)
    check_params(text, params)
    with _open(args) as store:
        result = run_query(store, text, params=params)
        text = format_result(result, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


# -- timeline / analyze ------------------------------------------------------------------
def _events_and_articles(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from kg.articles import read_articles, read_events

    with _open(args) as store:
        events = listed(read_events(store), args.min_confidence)
        articles = {a.id: a for a in read_articles(store)}
    return events, articles


def cmd_timeline(args: argparse.Namespace) -> int:
    """Write the interactive timeline page."""
    from kg.articles import read_articles, read_canonical, read_events
    from kg.corefer import by_report
    from kg.viz import write_timeline

    with _open(args) as store:
        events = read_events(
            store, actor=args.actor, since=args.since, until=args.until, type=args.type
        )
        events = listed(events, args.min_confidence)
        articles = {a.id: a for a in read_articles(store)}
        # One node per canonical event, its reports and disagreements in the tooltip.
        canonical = by_report(read_canonical(store, reports=[e.id for e in events]))
    path = write_timeline(
        args.output,
        events,
        articles,
        title=args.title,
        canonical=canonical,
        progress=shown(quiet=args.quiet),
    )
    print(f"wrote {path} ({len(events)} event{'' if len(events) == 1 else 's'})")
    if not events:
        _err("warning: no events match the filters; the page says so")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print centrality, communities and event counts."""
    from kg.analysis import format_summary, summary
    from kg.convert import events_to_nx

    events, articles = _events_and_articles(args)
    G = events_to_nx(events, articles)  # noqa: N806 - networkx convention
    print(format_summary(summary(G, top=args.top), args.format))
    return 0


# -- export / validate / remove ------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    """Write the whole store to a file."""
    from kg.export import export

    with _open(args) as store:
        count = export(store, args.format, args.output, progress=shown(quiet=args.quiet))
    print(f"wrote {args.output} ({count} triples)")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the graph against kg's SHACL shapes."""
    from kg.validate import validate

    with _open(args) as store:
        report = validate(store)
    if report.conforms:
        print("conforms: no SHACL violations")
        return 0
    for line in report.violations:
        print(line)
    print(f"{len(report.violations)} violation(s)")
    return 1


def cmd_remove(args: argparse.Namespace) -> int:
    """Delete articles (their named graphs) from the store."""
    from kg.articles import remove_article

    status = 0
    with _open(args, write=True) as store:
        wanted = shown(quiet=args.quiet)
        for article_id in track(args.articles, desc="kg remove", unit="article", enabled=wanted):
            if remove_article(store, article_id):
                print(f"removed {article_id}")
            else:
                _err(f"{article_id}: no such article in {args.store}")
                status = 1
    return status


# -- dates / serve --------------------------------------------------------------------------
def cmd_dates(args: argparse.Namespace) -> int:
    """Find and normalise time expressions."""
    from kg.dates import dates_for_jsonl, dates_for_text

    if args.jsonl:
        errors: list[str] = []

        def on_error(message: str) -> None:
            errors.append(message)
            _err(f"{args.jsonl}: {message}")

        if args.jsonl == "-":
            dates_for_jsonl(sys.stdin, sys.stdout, on_error=on_error)
        else:
            try:
                handle = open(args.jsonl, encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise InputError(args.jsonl, f"cannot be read ({exc.strerror})") from None
            with handle:
                dates_for_jsonl(handle, sys.stdout, on_error=on_error)
        return 1 if errors else 0
    if not args.text:
        raise KGError("give a text to tag, or --jsonl DOCS.jsonl")
    text = " ".join(args.text)
    for item in dates_for_text(text, args.dct):
        print(json_line(item))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the store read-only over the SPARQL 1.1 Protocol."""
    from kg.server import serve

    with _open(args) as store:
        try:
            serve(
                store,
                args.host,
                args.port,
                timeout_s=args.timeout,
                max_rows=args.max_rows,
                cors=args.cors,
                allow_hosts=args.allow_host,
            )
        except KeyboardInterrupt:
            pass
    return 0


# -- parser ------------------------------------------------------------------------------
def _min_confidence_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--min-confidence",
        type=float,
        default=LISTING_CONFIDENCE,
        metavar="X",
        help=f"only events with at least this confidence (default {LISTING_CONFIDENCE}; "
        "0 lists every report the store keeps)",
    )


def _quiet_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar (there is none either when stderr is not a terminal)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn news articles into an event-timeline knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    store_default = os.environ.get("KG_STORE", DEFAULT_STORE)

    def add(
        name: str,
        func: Callable[[argparse.Namespace], int],
        help_: str,
        description: str,
        *,
        store: bool = True,
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=description)
        p.set_defaults(func=func)
        if not store:
            return p
        p.add_argument(
            "--store",
            default=store_default,
            metavar="LOCATION",
            help="where the graph lives: a directory (embedded Oxigraph), 'memory:' or an "
            "http(s):// SPARQL endpoint (default: %(default)s, or $KG_STORE)",
        )
        return p

    p = add(
        "build",
        cmd_build,
        "read articles and add their events to the store",
        "Read articles (.txt, .md with YAML front matter, .html, .jsonl; folders are read "
        "recursively), extract who did what to whom and when, and store each article as "
        "its own named graph. Rebuilding an article replaces it.",
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="article files or folders")
    p.add_argument(
        "--published",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date for articles that carry none (anchors 'Thursday', "
        "'last month', ...)",
    )
    p.add_argument(
        "--model",
        default=None,
        metavar="NAME",
        help="spaCy pipeline to use (package or path; default: $KG_SPACY_MODEL, "
        "then en_core_web_sm, then the bundled copy)",
    )
    _quiet_option(p)
    p.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first bad input (default: report it, go on, exit 1 at the end)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="rebuild every article (default: skip those whose text, metadata, kg version "
        "and pipeline are unchanged since they were stored)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="parse on N processes, each loading the pipeline once (default: 1, this "
        "process); with --executor dask and no --scheduler, the local cluster's workers",
    )
    p.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="where to parse: this machine, or a Dask cluster (needs kg[cluster])",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="the Dask scheduler to parse on (default: start a local cluster)",
    )

    p = add(
        "events",
        cmd_events,
        "list events in time order",
        "List the stored events in time order (undated last). The jsonl format is a "
        "stable contract: one JSON object per event.",
    )
    p.add_argument("--format", choices=["jsonl", "csv", "table"], default="table")
    p.add_argument(
        "--actor",
        metavar="NAME",
        help="only events with this agent or patient (any name it goes by, case-insensitive)",
    )
    p.add_argument(
        "--since", type=_date_prefix, metavar="DATE", help="from this date (YYYY[-MM[-DD]])"
    )
    p.add_argument(
        "--until", type=_date_prefix, metavar="DATE", help="up to this date (YYYY[-MM[-DD]])"
    )
    p.add_argument(
        "--type",
        type=_event_type,
        metavar="TYPE",
        help="only this event type (Ban, Statement, ...; any case)",
    )
    p.add_argument("--article", metavar="ID", help="only events from this article")
    p.add_argument(
        "--reports",
        action="store_true",
        help="list every report (one per sentence) instead of the canonical events; "
        "jsonl always lists reports",
    )
    p.add_argument(
        "--canonical",
        action="store_true",
        help="list canonical events (with their reports, sources and disagreements); "
        "as jsonl unless --format says otherwise",
    )
    _min_confidence_option(p)

    p = add(
        "query",
        cmd_query,
        "run a SPARQL query",
        "Run a SPARQL query given as text, as a .rq file or as the name of a canned "
        "query (kg query --list names them, with their parameters). Parameters are "
        "bound as values, never pasted into the query.",
    )
    p.add_argument("query", metavar="SPARQL_OR_FILE", nargs="?")
    p.add_argument(
        "--list",
        action="store_true",
        help="list the canned queries, what each is for and the parameters it takes",
    )
    p.add_argument("--format", choices=["table", "csv", "json", "tsv"], default="table")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME to VALUE (repeatable), e.g. --param actor=Kaspersky",
    )

    p = add(
        "timeline",
        cmd_timeline,
        "write the interactive HTML timeline",
        "Write a self-contained HTML page with a timeline view (one lane per actor) and "
        "a network view, with filters and tooltips that link each fact to its article.",
    )
    p.add_argument(
        "-o",
        "--output",
        default="timeline.html",
        metavar="FILE.html",
        help="the page to write (default: %(default)s)",
    )
    p.add_argument("--title", default="kg timeline", help="page title (default: %(default)s)")
    _quiet_option(p)
    _min_confidence_option(p)
    p.add_argument("--actor", metavar="NAME", help="only events with this agent or patient")
    p.add_argument(
        "--since",
        type=_date_prefix,
        metavar="DATE",
        help="only events from this date (YYYY[-MM[-DD]])",
    )
    p.add_argument(
        "--until",
        type=_date_prefix,
        metavar="DATE",
        help="only events up to this date (YYYY[-MM[-DD]])",
    )
    p.add_argument("--type", type=_event_type, metavar="TYPE", help="only this event type")

    p = add(
        "analyze",
        cmd_analyze,
        "print network figures of the graph",
        "Print the most central actors (degree, betweenness, PageRank), communities, "
        "each actor's first and last event, and event counts per year and month.",
    )
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--top", type=int, default=10, help="how many actors to list")
    _min_confidence_option(p)

    p = add(
        "export",
        cmd_export,
        "write the whole store to an RDF file",
        "Write every graph in the store as TriG, Turtle, N-Quads or JSON-LD.",
    )
    p.add_argument("--format", choices=["trig", "ttl", "nq", "jsonld"], required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    _quiet_option(p)

    add(
        "validate",
        cmd_validate,
        "check the graph against the SHACL shapes",
        "Validate every graph in the store against ontology/shapes.ttl; print each "
        "violation and exit 1 when there are any.",
    )

    p = add(
        "remove",
        cmd_remove,
        "delete articles from the store",
        "Delete the named graph of each article (atomically).",
    )
    p.add_argument("articles", nargs="+", metavar="ARTICLE_ID")
    _quiet_option(p)

    p = add(
        "dates",
        cmd_dates,
        "find and normalise time expressions",
        "Print the TIMEX3 time expressions of a text (one JSON object per line), or of "
        "each document of a JSONL file with doc_id, text and dct (a null dct is read from "
        "the dateline at the top of the text, as kg build does).",
        store=False,
    )
    p.add_argument("text", nargs="*", help="text to tag")
    p.add_argument(
        "--dct",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="document creation time that relative dates resolve against; without it, "
        "expressions that need one ('yesterday') are left out",
    )
    p.add_argument("--jsonl", metavar="DOCS.jsonl", help="tag these documents ('-' for stdin)")

    p = add(
        "serve",
        cmd_serve,
        "serve the store as a read-only SPARQL endpoint",
        "Serve the store over the SPARQL 1.1 Protocol at /query (read-only: no "
        "UPDATE, no SERVICE), with a time limit and a result-size limit.",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default: %(default)s)")
    p.add_argument("--port", type=int, default=7878, help="TCP port (default: %(default)s)")
    p.add_argument(
        "--timeout", type=float, default=10.0, help="seconds a query may run (default: %(default)s)"
    )
    p.add_argument(
        "--max-rows",
        type=int,
        default=10000,
        help="most rows a result may have (default: %(default)s)",
    )
    p.add_argument(
        "--cors",
        metavar="ORIGIN",
        default=None,
        help="let pages of this one web origin (e.g. http://localhost:8888, or '*') read "
        "answers; without it no CORS header is sent and cross-origin requests are refused",
    )
    p.add_argument(
        "--allow-host",
        metavar="NAME",
        action="append",
        default=[],
        help="a host name clients reach the endpoint by, besides the bound address (bound "
        "to 0.0.0.0 or ::, this machine's own names and addresses); other Host headers "
        "get 421, as a DNS-rebinding page's do (repeatable)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command; return its exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KGError as exc:
        _err(str(exc))
        return 1
    except BrokenPipeError:  # `kg events | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
