"""The checks on SPARQL text that run before any parser: size, nesting, federation, LIMIT."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.guard import MAX_NESTING, check_read_only, check_size, outer_limit, tokens
from kg.query import canned_queries


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_canned_queries_pass(name: str) -> None:
    text = canned_queries()[name].read_text(encoding="utf-8")
    check_read_only(text)
    limit = outer_limit(text)
    assert limit is None or limit <= 10_000  # the endpoint's default maximum


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
        "PREFIX ex: <http://e/> ASK { BIND(ex:a\\# AS ?z) SERVICE <http://x/> { ?s ?p ?o } }",
        "PREFIX : <http://x/> ASK { SERVICE:x { ?s ?p ?o } }",
        "ASK { SERVICESILENT<http://x/>{ ?s ?p ?o } }",
        "PREFIX : <http://x/> ASK { FILTER(?a<?b)SERVICE:p#>\n{ ?s ?p ?o } }",
        "ask { optional { service silent ?endpoint { ?s ?p ?o } } }",
    ],
)
def test_federation_is_refused_however_it_is_spelled(query: str) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        check_read_only(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?x WHERE { ?x ?p "Federal Security Service" }',
        "SELECT ?x WHERE { ?x ?p ?o } # SERVICE in a comment",
        "SELECT ?service WHERE { ?service ?p ?o FILTER(?o < 3) }",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:service ?o }",
        "SELECT (?a < ?b AS ?c) WHERE { VALUES (?a ?b) { (1 2) } }",
    ],
)
def test_queries_that_only_mention_service_pass(query: str) -> None:
    check_read_only(query)


def test_updates_and_empty_text_are_refused() -> None:
    for text in ("INSERT DATA { <a> <b> <c> }", "WITH <g> DELETE { ?s ?p ?o } WHERE {}"):
        with pytest.raises(QueryError, match="read-only"):
            check_read_only(text)
    with pytest.raises(QueryError, match="parse error"):
        check_read_only("  # nothing\n")
    with pytest.raises(QueryError, match="line 2, column 3"):
        check_read_only("SELECT *\n  \x01 WHERE {}")


def test_nesting_and_size_limits() -> None:
    inner = MAX_NESTING - 1
    check_size("ASK { " + "{" * inner + "}" * inner + " }")
    with pytest.raises(QueryError, match=f"more than {MAX_NESTING} deep"):
        check_size("(" * (MAX_NESTING + 1))
    with pytest.raises(QueryError, match="over the limit"):
        check_size("#" * 300_000)


def test_outer_limit_and_tokens() -> None:
    assert outer_limit("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } } LIMIT 20000") == 20000
    assert outer_limit("SELECT * { ?s ?p ?o } # LIMIT 3") is None
    kinds = [t.kind for t in tokens('SELECT ?x { ?x <p> "a"@en ; ex:b\\# 1.5 }')]
    assert kinds == [
        "word",
        "var",
        "punct",
        "var",
        "iri",
        "string",
        "langtag",
        "punct",
        "pname",
        "number",
        "punct",
    ]
