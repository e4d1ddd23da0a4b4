"""Canned queries give exact rows on the hand-built story, on every store kind."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.query import (
    QueryResult,
    bind_values,
    canned_queries,
    format_result,
    keywords,
    load_query,
    param_term,
    run_query,
    set_limit,
)

EV = "https://w3id.org/kgnews/resource/event/"
ORDER = EV + "dhs-2017/0-58-order"
DENY = EV + "dhs-2017/117-127-deny"
BAN = EV + "commerce-2024/0-41-ban"
STOP = EV + "commerce-2024/98-109-stop"
ADD = EV + "commerce-2024/133-160-add"


def _rows(result: QueryResult) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else str(t) for t in row) for row in result.rows]


def test_canned_queries_are_present_and_documented() -> None:
    names = set(canned_queries())
    assert names >= {
        "actor_timeline",
        "events_between",
        "who_acted_on_whom",
        "events_by_type",
        "provenance",
        "changes_between_builds",
    }
    for path in canned_queries().values():
        header = path.read_text().splitlines()[0]
        assert header.startswith(f"# {path.stem}:"), path


def test_actor_timeline(filled) -> None:
    result = run_query(filled, "actor_timeline", params={"actor": "KASPERSKY"})
    assert result.vars == ("date", "granularity", "type", "action", "role", "event", "article")
    assert _rows(result) == [
        ("2017-09-13", "day", "Order", "order", "patient", ORDER, "dhs-2017"),
        ("2024-06", "month", "EntityListing", "add", "patient", ADD, "commerce-2024"),
        ("2024-06-20", "day", "Ban", "ban", "patient", BAN, "commerce-2024"),
        ("2024-09-29", "day", "Deadline", "stop", "patient", STOP, "commerce-2024"),
        (None, None, "Denial", "deny", "agent", DENY, "dhs-2017"),
    ]


def test_actor_timeline_by_alias(filled) -> None:
    result = run_query(filled, "actor_timeline.rq", params={"?actor": "dhs"})
    assert _rows(result) == [("2017-09-13", "day", "Order", "order", "agent", ORDER, "dhs-2017")]


def test_events_between_is_granularity_aware(filled) -> None:
    result = run_query(filled, "events_between", params={"since": "2017-09", "until": "2024-06"})
    assert [(r[0], r[4]) for r in _rows(result)] == [
        ("2017-09-13", ORDER),
        ("2024-06", ADD),
        ("2024-06-20", BAN),  # June 20 is within "until June"
    ]
    assert _rows(result)[0][6] == (
        "On Sept. 13, 2017, the US Department of Homeland Security ordered federal agencies "
        "to remove Kaspersky Lab products."
    )
    everything = run_query(filled, "events_between")
    assert len(everything) == 4  # the undated denial is left out


def test_events_between_takes_weeks_and_rejects_non_dates(filled) -> None:
    # The week 2024-W25 is June 17-23, 2024: the June listing and the June 20 ban overlap it.
    since = run_query(filled, "events_between", params={"since": "2024-W25"})
    assert [(r[0], r[4]) for r in _rows(since)] == [
        ("2024-06", ADD),
        ("2024-06-20", BAN),
        ("2024-09-29", STOP),
    ]
    until = run_query(filled, "events_between", params={"until": "2024-W25"})
    assert [r[4] for r in _rows(until)] == [ORDER, ADD, BAN]
    day = run_query(filled, "events_between", params={"since": "2024-06-21", "until": "2024-06"})
    assert [r[4] for r in _rows(day)] == [ADD]
    with pytest.raises(QueryError, match="not a calendar date"):
        run_query(filled, "events_between", params={"since": "last week"})


def test_who_acted_on_whom(filled) -> None:
    result = run_query(filled, "who_acted_on_whom")
    assert result.vars == ("agent", "patient", "action", "events", "first", "last")
    assert _rows(result) == [
        ("US Department of Commerce", "Kaspersky Lab", "add", "1", "2024-06", "2024-06"),
        ("US Department of Commerce", "Kaspersky Lab", "ban", "1", "2024-06-20", "2024-06-20"),
        (
            "US Department of Homeland Security",
            "Kaspersky Lab",
            "order",
            "1",
            "2017-09-13",
            "2017-09-13",
        ),
    ]


def test_who_acted_on_whom_by_actor_and_target(filled) -> None:
    commerce = run_query(filled, "who_acted_on_whom", params={"actor": "commerce department"})
    assert [(r[0], r[2]) for r in _rows(commerce)] == [
        ("US Department of Commerce", "add"),
        ("US Department of Commerce", "ban"),
    ]
    dhs = run_query(filled, "who_acted_on_whom", params={"actor": "DHS", "target": "kaspersky"})
    assert _rows(dhs) == [
        (
            "US Department of Homeland Security",
            "Kaspersky Lab",
            "order",
            "1",
            "2017-09-13",
            "2017-09-13",
        )
    ]
    on_kaspersky = run_query(filled, "who_acted_on_whom", params={"target": "Kaspersky Lab"})
    assert len(on_kaspersky) == 3
    assert run_query(filled, "who_acted_on_whom", params={"target": "DHS"}).rows == ()
    top = run_query(filled, "who_acted_on_whom", params={"limit": "1"})
    # Every pair has one event: which one is kept at the cut is not specified.
    assert [(r[0], r[3]) for r in _rows(top)] in (
        [("US Department of Commerce", "1")],
        [("US Department of Homeland Security", "1")],
    )


def test_events_by_type(filled) -> None:
    by_name = run_query(filled, "events_by_type", params={"type": "Deadline"})
    assert _rows(by_name) == [("Deadline", "2024-09-29", "stop", "stop", STOP, "commerce-2024")]
    denial = run_query(filled, "events_by_type", params={"type": "Denial"})
    assert _rows(denial) == [("Denial", None, "deny", "denied", DENY, "dhs-2017")]
    assert run_query(filled, "events_by_type", params={"type": "ban"}).rows == ()
    every = run_query(filled, "events_by_type")
    assert [r[0] for r in _rows(every)] == ["Ban", "Deadline", "Denial", "EntityListing", "Order"]


def test_limit_parameter_sets_the_limit_clause(filled) -> None:
    first_two = run_query(filled, "events_by_type", params={"limit": "2"})
    assert [r[0] for r in _rows(first_two)] == ["Ban", "Deadline"]
    assert len(run_query(filled, "events_by_type", params={"?limit": "0"})) == 5
    with pytest.raises(QueryError, match="whole number"):
        run_query(filled, "events_by_type", params={"limit": "2 } ; DROP ALL"})
    # A query that uses ?limit as a variable gets it bound like any other parameter.
    text = 'SELECT ?limit WHERE { BIND("x" AS ?other) } LIMIT 3'
    assert _rows(run_query(filled, text, params={"limit": "7"})) == [("7",)]


def test_set_limit_rewrites_clauses_only() -> None:
    text = 'SELECT * { ?s ?p "LIMIT 5" } # LIMIT 5\nLIMIT 500'
    assert set_limit(text, "20") == 'SELECT * { ?s ?p "LIMIT 5" } # LIMIT 5\nLIMIT 20'
    assert set_limit(text, "0").rstrip().endswith("# LIMIT 5")
    sub = "SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 9 } } LIMIT 9"
    assert set_limit(sub, "4") == "SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 4 } } LIMIT 4"
    with pytest.raises(QueryError):
        set_limit(text, "-1")


def test_provenance(filled) -> None:
    result = run_query(filled, "provenance", params={"event": BAN})
    (row,) = result.dicts()
    assert str(row["sentence"]).startswith("The Commerce Department on June 20, 2024 banned")
    assert (int(row["start"]), int(row["end"])) == (0, 97)
    assert (str(row["trigger"]), int(row["triggerStart"]), int(row["triggerEnd"])) == (
        "banned",
        41,
        47,
    )
    assert str(row["article"]) == "commerce-2024"
    assert str(row["title"]) == "US bans Kaspersky software sales"
    assert str(row["source"]) == "Example Wire"
    assert str(row["published"]) == "2024-06-20"
    assert "url" not in row
    assert str(row["graph"]) == "https://w3id.org/kgnews/resource/graph/article/commerce-2024"
    assert str(row["version"]) == "0.1.0"
    assert len(run_query(filled, "provenance")) == 5


def test_changes_between_builds(filled) -> None:
    result = run_query(filled, "changes_between_builds", params={"since": "2000-01-01"})
    assert sorted((r[3], r[5]) for r in _rows(result)) == [
        ("commerce-2024", "3"),
        ("dhs-2017", "2"),
    ]
    assert all(r[2] == "0.1.0" for r in _rows(result))
    assert len(run_query(filled, "changes_between_builds", params={"since": "9999"})) == 0


def test_parameters_are_bound_not_pasted(filled) -> None:
    hostile = 'x")) } ; DROP ALL ; SELECT * { ?s ?p ?o FILTER(("'
    result = run_query(filled, "actor_timeline", params={"actor": hostile})
    assert result.rows == ()
    assert len(run_query(filled, "events_by_type")) == 5


def test_param_term() -> None:
    assert param_term("https://example.org/x") == URIRef("https://example.org/x")
    assert param_term("<urn:x:y>") == URIRef("urn:x:y")
    assert param_term("Kaspersky") == Literal("Kaspersky")
    assert param_term("2024-06") == Literal("2024-06")
    assert param_term("a b:c") == Literal("a b:c")


def test_bind_values_goes_first_in_where() -> None:
    text = bind_values(
        "PREFIX x: <http://x/> # { not here\nSELECT ?a WHERE { ?a x:p ?b FILTER(?b = ?v) }",
        {"v": Literal('say "hi"')},
    )
    assert 'WHERE { VALUES (?v) { ("say \\"hi\\"") }  ?a x:p' in text
    construct = bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef("http://a")})
    assert construct.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s)")
    with pytest.raises(QueryError):
        bind_values("SELECT ?a WHERE { ?a ?b ?c }", {"not-a-var": Literal(1)})
    assert bind_values("ASK {}", {}) == "ASK {}"


def test_keywords_skip_strings_iris_comments_and_variables() -> None:
    words = keywords('SELECT ?service WHERE { <http://x/SERVICE> ex:service "SERVICE" } # SERVICE')
    assert "SERVICE" not in words
    assert keywords("select * { SERVICE <http://x> {} }")[:1] == ["SELECT"]


def test_unknown_query_name_lists_canned_ones() -> None:
    with pytest.raises(QueryError, match="actor_timeline"):
        load_query("no_such_query")


def test_bad_query_raises(filled) -> None:
    with pytest.raises(QueryError):
        run_query(filled, "SELECT ?x WHERE { ?x ")


# ---------------------------------------------------------------- formatting

RESULT = QueryResult(
    vars=("who", "n"),
    rows=(
        (URIRef("https://example.org/a"), Literal(2)),
        (Literal("Kaspersky, Lab", lang="en"), None),
    ),
)


def test_format_json_is_sparql_results_json() -> None:
    doc = json.loads(format_result(RESULT, "json"))
    assert doc["head"]["vars"] == ["who", "n"]
    first, second = doc["results"]["bindings"]
    assert first["who"] == {"type": "uri", "value": "https://example.org/a"}
    assert first["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert second == {"who": {"type": "literal", "value": "Kaspersky, Lab", "xml:lang": "en"}}
    assert json.loads(format_result(QueryResult(boolean=True), "json")) == {
        "head": {},
        "boolean": True,
    }


def test_format_csv_and_table() -> None:
    rows = list(csv.reader(io.StringIO(format_result(RESULT, "csv"))))
    assert rows == [["who", "n"], ["https://example.org/a", "2"], ["Kaspersky, Lab", ""]]
    table = format_result(RESULT, "table").splitlines()
    assert table[0].split() == ["who", "n"]
    assert table[-1] == "(2 rows)"
    tsv = format_result(RESULT, "tsv").splitlines()
    assert tsv == [
        "?who\t?n",
        '<https://example.org/a>\t"2"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"Kaspersky, Lab"@en\t',
    ]
    with pytest.raises(QueryError):
        format_result(RESULT, "xml")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("actor_timeline", {"actor": "kaspersky"}),
        ("events_by_type", {}),
        ("provenance", {}),
        ("changes_between_builds", {}),
    ],
)
def test_canned_queries_mean_the_same_without_lateral(filled, name, params) -> None:
    text = load_query(name)
    assert "LATERAL {" in text
    plain = text.replace("LATERAL {", "{")
    assert _rows(run_query(filled, plain, params=params)) == _rows(
        run_query(filled, text, params=params)
    )
