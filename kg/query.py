"""Run SPARQL over a kg store and format the answers.

Parameters never become query text by concatenation: each one is turned into an RDF
term (an absolute IRI stays an IRI, anything else becomes a plain literal), written in
N-Triples syntax and bound with a ``VALUES`` block placed first in the query's WHERE
group, so FILTERs see it. The one exception is a ``limit`` parameter, which sets the
row count of a query's ``LIMIT`` clauses after checking it is a whole number. Canned
queries live in ``ontology/queries/*.rq``; a file name without a directory
(``"actor_timeline"`` or ``"actor_timeline.rq"``) finds them.

Examples:
    >>> r = QueryResult(vars=("x",), rows=((Literal("a,b"),),))
    >>> format_result(r, "csv").splitlines()
    ['x', '"a,b"']
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import QueryError
from kg.namespace import QUERIES_DIR
from kg.types import date_interval

__all__ = [
    "QueryHeader",
    "QueryParam",
    "QueryResult",
    "Queryable",
    "bind_values",
    "canned_queries",
    "check_params",
    "format_result",
    "keywords",
    "load_query",
    "param_term",
    "prepare_query",
    "query_bindings",
    "query_header",
    "run_query",
    "limit_rows",
    "set_limit",
    "term_to_json",
]

Format = TypingLiteral["table", "csv", "tsv", "json"]
Term = URIRef | Literal | BNode


class Queryable(Protocol):
    """What :func:`run_query` asks of a store: :meth:`kg.store.Store.query`.

    This module sits below the store (the store builds its answers from
    :class:`QueryResult`), so it names the method it calls, not the class.
    """

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = True,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL query with bindings; see :meth:`kg.store.Store.query`."""
        ...


@dataclass(frozen=True, eq=False)
class QueryResult:
    """The answer to a SPARQL query: solutions, a boolean or a graph.

    Attributes:
        vars: Variable names of a SELECT, in projection order.
        rows: One tuple per solution, aligned with ``vars``; None where unbound.
        boolean: The answer of an ASK, else None.
        graph: The triples of a CONSTRUCT or DESCRIBE, else None.
    """

    vars: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None)

    @property
    def kind(self) -> str:
        """``"ask"``, ``"graph"`` or ``"select"``."""
        if self.boolean is not None:
            return "ask"
        if self.graph is not None:
            return "graph"
        return "select"

    def __len__(self) -> int:
        """Number of rows (or triples; 1 for an ASK)."""
        if self.graph is not None:
            return len(self.graph)
        if self.boolean is not None:
            return 1
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        """Iterate over the rows."""
        return iter(self.rows)

    def dicts(self) -> list[dict[str, Term]]:
        """Return the rows as dicts of bound variables."""
        return [
            {v: t for v, t in zip(self.vars, row, strict=True) if t is not None}
            for row in self.rows
        ]


_ABSOLUTE_IRI = re.compile(r"^(?:https?|urn|ftp|file|mailto|tag):[^\s<>\"{}|\\^`]+$", re.I)


def param_term(value: str) -> Term:
    """Return the RDF term a query parameter is bound to.

    Args:
        value: The parameter as typed. ``<...>`` or an absolute ``http(s)``/``urn``
            IRI becomes an IRI; anything else a plain string literal.

    Returns:
        A URIRef or Literal.
    """
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if _ABSOLUTE_IRI.match(value):
        return URIRef(value)
    return Literal(value)


_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
        |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$][A-Za-z0-9_]+)
    | (?P<pname>[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<brace>\{)
    | (?P<other>.)
    """,
    re.X | re.S,
)


def _tokens(sparql: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, text, end offset) for the tokens that matter to parameter binding."""
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "other"
        yield kind, m.group(), m.end()


def keywords(sparql: str) -> list[str]:
    """Return the upper-cased bare words of a query, outside strings, IRIs and comments."""
    return [text.upper() for kind, text, _ in _tokens(sparql) if kind == "word"]


def bind_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables by inserting a one-row ``VALUES`` block first in the WHERE group.

    Args:
        sparql: A SELECT, ASK, CONSTRUCT or DESCRIBE query.
        bindings: Variable name (without ``?``) -> RDF term.

    Returns:
        The query with the block inserted; unchanged when ``bindings`` is empty.

    Raises:
        QueryError: If no WHERE group can be found or a name is not a variable name.
    """
    if not bindings:
        return sparql
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"query parameter {name!r}: not a SPARQL variable name")
    terms = " ".join(bindings[n].n3() for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }} "
    form: str | None = None
    seen_where = False
    for kind, text, end in _tokens(sparql):
        if kind == "word":
            word = text.upper()
            if form is None and word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
                form = word
            elif form is not None and word == "WHERE":
                seen_where = True
        elif kind == "brace" and form is not None and (form != "CONSTRUCT" or seen_where):
            return sparql[:end] + block + sparql[end:]
    raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")


def canned_queries() -> dict[str, Path]:
    """Return the canned queries shipped in ``ontology/queries``, by name."""
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.rq"))}


def load_query(text_or_path: str) -> str:
    """Return query text from a query string, a file path or a canned query name.

    Args:
        text_or_path: SPARQL text, a path to a ``.rq`` file, or a canned query name.

    Returns:
        The SPARQL text.

    Raises:
        QueryError: If it names a ``.rq`` file that does not exist.
    """
    stripped = text_or_path.strip()
    if "\n" in stripped or "{" in stripped:
        return text_or_path
    canned = canned_queries()
    name = stripped.removesuffix(".rq")
    if name in canned and "/" not in stripped:
        return canned[name].read_text(encoding="utf-8")
    path = Path(stripped)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    raise QueryError(
        f"{stripped}: no such query file or canned query; canned queries are "
        f"{', '.join(canned) or 'none'}"
    )


def run_query(
    store: Queryable, text_or_path: str, *, params: Mapping[str, str] = {}
) -> QueryResult:
    """Run a SPARQL query (text, ``.rq`` file or canned query name) on a store.

    The default graph is the union of all named graphs, so queries need ``GRAPH``
    only to ask which graph a triple is in. A query that uses ``?name_lc`` also gets
    the lower-cased value of parameter ``name`` bound there, so it can match
    ``kg:nameKey`` (an index lookup) instead of filtering every label; one that uses
    ``?name_first`` / ``?name_last`` gets the first / last day of the period the value
    names (``"2024-06"`` -> 2024-06-01 / 2024-06-30, as ``xsd:date``). A ``limit``
    parameter sets the query's ``LIMIT`` clauses (see :func:`set_limit`) unless the
    query uses a ``?limit`` variable; a query that uses ``?limit_rows`` gets the row
    count of its first ``LIMIT`` clause bound there as ``xsd:integer`` (0: no limit).

    Args:
        store: An open store.
        text_or_path: SPARQL text, a path to a ``.rq`` file or a canned query name.
        params: Variable name (with or without ``?``) -> value; see :func:`param_term`.

    Returns:
        The result.

    Raises:
        QueryError: If the query is malformed or fails.
    """
    return store.query(*prepare_query(text_or_path, params))


def prepare_query(text_or_path: str, params: Mapping[str, str] = {}) -> tuple[str, dict[str, Node]]:
    """Return the query text and variable bindings :func:`run_query` sends to the store.

    Args:
        text_or_path: SPARQL text, a path to a ``.rq`` file or a canned query name.
        params: Variable name (with or without ``?``) -> value, as for :func:`run_query`.

    Returns:
        The query (its ``LIMIT`` clauses set from a ``limit`` parameter) and the bindings.

    Raises:
        QueryError: If the query cannot be read or a parameter is malformed.
    """
    sparql = load_query(text_or_path)
    params = {key.lstrip("?$"): value for key, value in params.items()}
    if "limit" in params and _limit_is_clause(sparql):
        sparql = set_limit(sparql, params.pop("limit"))
    bindings = query_bindings(sparql, params)
    if _uses_variable(sparql, "limit_rows"):
        bindings["limit_rows"] = Literal(limit_rows(sparql), datatype=XSD.integer)
    return sparql, bindings


def limit_rows(sparql: str) -> int:
    """Return the row count of a query's first ``LIMIT`` clause, or 0 if it has none.

    A canned query that prunes its work to the rows it will keep reads this number as
    ``?limit_rows`` (see :func:`run_query`), so it always agrees with the clause.

    Examples:
        >>> limit_rows("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 20 } } LIMIT 20")
        20
    """
    return next((count for _, _, count in _limit_clauses(sparql)), 0)


def _limit_clauses(sparql: str) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, row count) of each ``LIMIT n`` clause outside strings and comments."""
    for kind, text, end in _tokens(sparql):
        if kind == "word" and text.upper() == "LIMIT":
            m = re.compile(r"\s*(\d+)").match(sparql, end)
            if m is not None:
                yield end - len(text), m.end(), int(m[1])


def _uses_variable(sparql: str, name: str) -> bool:
    """Tell whether a query uses ``?name`` (outside strings and comments)."""
    return any(kind == "var" and text[1:] == name for kind, text, _ in _tokens(sparql))


def _limit_is_clause(sparql: str) -> bool:
    """Tell whether a ``limit`` parameter sets LIMIT clauses (no ``?limit`` variable in use)."""
    return "LIMIT" in keywords(sparql) and not _uses_variable(sparql, "limit")


def set_limit(sparql: str, limit: str) -> str:
    """Set the row count of every ``LIMIT`` clause of a query.

    Canned queries that can answer many rows end with a default ``LIMIT``; a
    ``limit`` parameter (see :func:`run_query`) changes it. The value must be a
    whole number, so nothing but digits ever reaches the query text.

    Args:
        sparql: The query.
        limit: A whole number of rows, as typed; ``0`` removes the limit.

    Returns:
        The query with each ``LIMIT n`` rewritten (or removed for 0).

    Raises:
        QueryError: If ``limit`` is not a whole number.

    Examples:
        >>> set_limit("SELECT * { ?s ?p ?o } LIMIT 500", "20")
        'SELECT * { ?s ?p ?o } LIMIT 20'
    """
    if not re.fullmatch(r"\s*\d+\s*", limit):
        raise QueryError(f"parameter limit={limit!r}: give a whole number of rows (0: no limit)")
    count = int(limit)
    spans = [(start, stop) for start, stop, _ in _limit_clauses(sparql)]
    for start, stop in reversed(spans):
        clause = f"LIMIT {count}" if count else ""
        sparql = sparql[:start] + clause + sparql[stop:]
    return sparql


@dataclass(frozen=True, slots=True)
class QueryParam:
    """One parameter a canned query takes, as its header describes it."""

    name: str
    purpose: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class QueryHeader:
    """What a canned query's header says: its name, its purpose and its parameters."""

    name: str
    purpose: str
    params: tuple[QueryParam, ...] = ()


_HEADER_FIRST = re.compile(r"#\s*([A-Za-z_][\w-]*):\s*(.+)")
_HEADER_PARAM = re.compile(r"#\s{2,}\?([A-Za-z_]\w*)\s+(.*)")


def query_header(sparql: str) -> QueryHeader | None:
    r"""Read the header of a canned query (the comment lines it starts with).

    The first line is ``# name: purpose``; a ``# Parameters`` line starts the list
    of parameters, one ``#   ?name  purpose`` line each (lines indented further go
    on describing it); "(required)" marks one the query cannot do without. The
    section ends at the next line that starts a new one (``# Columns``).

    Args:
        sparql: The query text.

    Returns:
        The header, or None when the query does not start with one.

    Examples:
        >>> h = query_header("# q: what it does.\n# Parameters:\n#   ?x  (required) an x.\nASK {}")
        >>> h.name, h.purpose, h.params[0].name, h.params[0].required
        ('q', 'what it does', 'x', True)
    """
    lines = []
    for line in sparql.lstrip().splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.rstrip())
    first = _HEADER_FIRST.fullmatch(lines[0]) if lines else None
    if first is None:
        return None
    params: list[QueryParam] = []
    in_params = all_optional = False
    indent: int | None = None  # of the parameter lines; deeper lines describe the last one
    for line in lines[1:]:
        body = line[1:]
        if not in_params:
            if re.match(r"\s*Parameters\b", body):
                in_params = True
            if in_params:
                all_optional = bool(re.search(r"\b(all|both) optional", body))
            continue
        m = _HEADER_PARAM.fullmatch(line)
        here = len(body) - len(body.lstrip())
        if m is not None and (indent is None or here == indent):
            indent = here
            text = m[2].strip()
            required = "(required)" in text and not all_optional
            purpose = re.sub(r"^\((required|optional)\)\s*", "", text).rstrip(".")
            params.append(QueryParam(m[1], purpose, required))
        elif indent is not None and (body.strip() == "" or here < indent):
            break  # an empty line or the next section: the parameters are done
    return QueryHeader(first[1], first[2].strip().rstrip("."), tuple(params))


def _param_list(header: QueryHeader) -> str:
    if not header.params:
        return "it takes no parameters"
    names = ", ".join(p.name + (" (required)" if p.required else "") for p in header.params)
    return f"it takes {names} (see kg query --list)"


def check_params(sparql: str, params: Iterable[str]) -> None:
    """Refuse parameters a query has no use for, naming the variables it has.

    A parameter ``name`` is used when the query has ``?name``, or one of the variables
    derived from it (``?name_lc``, ``?name_first``, ``?name_last``); ``limit`` also
    when the query has a ``LIMIT`` clause.

    Args:
        sparql: The query text.
        params: Parameter names, with or without ``?``.

    Raises:
        QueryError: A parameter matches no variable of the query.

    Examples:
        >>> check_params("SELECT ?e WHERE { ?e ?p ?actor_lc } LIMIT 5", ["actor", "limit"])
        >>> check_params("SELECT ?e WHERE { ?e ?p ?o }", ["actr"])
        Traceback (most recent call last):
        ...
        kg.errors.QueryError: parameter actr: the query has no such variable; it uses ?e, ?o, ?p
    """
    names = [p.lstrip("?$") for p in params]
    header = query_header(sparql)
    if header is not None and (header.params or re.search(r"(?m)^#\s*Parameters", sparql)):
        # A canned query says which parameters it takes: name those, not every variable.
        known = {p.name for p in header.params}
        unknown = sorted(n for n in names if n not in known)
        if unknown:
            raise QueryError(
                f"parameter {', '.join(unknown)}: {header.name} has no such parameter; "
                + _param_list(header)
            )
        missing = [p.name for p in header.params if p.required and p.name not in names]
        if missing:
            raise QueryError(
                f"{header.name} needs "
                + ", ".join(f"--param {m}=VALUE" for m in missing)
                + f"; {_param_list(header)}"
            )
        return
    variables = {text[1:] for kind, text, _ in _tokens(sparql) if kind == "var"}

    def used(name: str) -> bool:
        derived = (f"{name}_lc", f"{name}_first", f"{name}_last")
        if name in variables or any(v in variables for v in derived):
            return True
        return name == "limit" and _limit_is_clause(sparql)

    unknown = sorted(n for n in names if not used(n))
    if unknown:
        raise QueryError(
            f"parameter {', '.join(unknown)}: the query has no such variable; it uses "
            + ", ".join("?" + v for v in sorted(variables))
        )


def query_bindings(sparql: str, params: Mapping[str, str]) -> dict[str, Node]:
    """Return the variable bindings for query parameters (see :func:`run_query`).

    Args:
        sparql: The query the parameters are for.
        params: Variable name (with or without ``?``) -> value as typed.

    Returns:
        Variable name -> term, plus ``name_lc`` -> lower-cased literal for each
        parameter whose ``?name_lc`` the query uses, and ``name_first`` /
        ``name_last`` -> ``xsd:date`` of the first / last day its value covers.

    Raises:
        QueryError: If a ``?name_first`` / ``?name_last`` parameter is not a calendar
            date (a year, month, day, week, quarter...).
    """
    bindings: dict[str, Node] = {}
    for key, value in params.items():
        name = key.lstrip("?$")
        bindings[name] = param_term(value)
        if re.search(rf"[?$]{re.escape(name)}_lc\b", sparql):
            bindings[f"{name}_lc"] = Literal(value.lower())
        wants = [
            end for end in ("first", "last") if re.search(rf"[?$]{re.escape(name)}_{end}\b", sparql)
        ]
        if wants:
            period = date_interval(value)
            if period is None:
                raise QueryError(
                    f"parameter {name}={value!r}: not a calendar date; "
                    "give a year, month or day such as 2017, 2024-06 or 2024-09-29"
                )
            for end in wants:
                day = period[0] if end == "first" else period[1]
                bindings[f"{name}_{end}"] = Literal(day.isoformat(), datatype=XSD.date)
    return bindings


def term_to_json(term: Node) -> dict[str, str]:
    """Return a term in SPARQL 1.1 JSON results form."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    raise QueryError(f"cannot serialise term {term!r}")


def _plain(term: Term | None) -> str:
    return "" if term is None else str(term)


def _to_json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2)
    doc: dict[str, Any] = {
        "head": {"vars": list(result.vars)},
        "results": {
            "bindings": [
                {v: term_to_json(t) for v, t in zip(result.vars, row, strict=True) if t is not None}
                for row in result.rows
            ]
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _to_csv(result: QueryResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([_plain(t) for t in row])
    return buf.getvalue()


def _to_tsv(result: QueryResult) -> str:
    if result.boolean is not None:
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join("?" + v for v in result.vars)]
    lines.extend("\t".join("" if t is None else t.n3() for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def _to_table(result: QueryResult) -> str:
    if result.boolean is not None:
        return "yes\n" if result.boolean else "no\n"
    cells = [[_plain(t) for t in row] for row in result.rows]
    widths = [len(v) for v in result.vars]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(result.vars, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_result(result: QueryResult, fmt: Format = "table") -> str:
    """Format a query result for people or programs.

    Args:
        result: What :func:`run_query` returned.
        fmt: ``table`` (aligned text), ``csv`` (SPARQL 1.1 CSV), ``tsv`` (SPARQL 1.1
            TSV) or ``json`` (SPARQL 1.1 JSON results). Graph results are written as
            Turtle (table), N-Triples (csv, tsv) or JSON-LD (json).

    Returns:
        The text.

    Raises:
        QueryError: On an unknown format.
    """
    if result.graph is not None:
        graph_fmt = {"table": "turtle", "csv": "nt", "tsv": "nt", "json": "json-ld"}.get(fmt)
        if graph_fmt is None:
            raise QueryError(f"unknown result format {fmt!r}; use table, csv, tsv or json")
        return result.graph.serialize(format=graph_fmt)
    writers = {"table": _to_table, "csv": _to_csv, "tsv": _to_tsv, "json": _to_json}
    if fmt not in writers:
        raise QueryError(f"unknown result format {fmt!r}; use table, csv, tsv or json")
    return writers[fmt](result)
