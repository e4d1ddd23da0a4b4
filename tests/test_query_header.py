"""The headers of canned queries: what `kg query --list` and parameter errors read."""

import pytest

from kg.errors import QueryError
from kg.query import QueryParam, canned_queries, check_params, query_header

HEADER = """# q: does a thing, for a test.
#
# Parameters (all optional; ISO dates):
#   ?since  keep what starts after this.
#           a second line about ?since_first, not a parameter of its own.
#   ?limit  at most this many rows (default 200).
# Columns: ?a ?b
SELECT ?a ?b WHERE { ?a ?b ?since_first } LIMIT 200
"""


def test_header_gives_name_purpose_and_parameters():
    header = query_header(HEADER)
    assert header is not None
    assert (header.name, header.purpose) == ("q", "does a thing, for a test")
    assert header.params == (
        QueryParam("since", "keep what starts after this", False),
        QueryParam("limit", "at most this many rows (default 200)", False),
    )


def test_a_required_parameter_is_marked_and_missing_it_is_an_error():
    text = "# r: one actor.\n# Parameters:\n#   ?actor  (required) a name.\nASK { ?s ?p ?actor_lc }"
    (param,) = query_header(text).params
    assert param == QueryParam("actor", "a name", True)
    with pytest.raises(QueryError, match=r"r needs --param actor=VALUE"):
        check_params(text, [])
    check_params(text, ["actor"])


def test_a_query_without_header_has_none_and_its_variables_are_its_parameters():
    assert query_header("SELECT * WHERE { ?s ?p ?o }") is None
    with pytest.raises(QueryError, match=r"it uses \?o, \?p, \?s"):
        check_params("SELECT * WHERE { ?s ?p ?o }", ["x"])


def test_unknown_parameter_names_the_header_parameters_only():
    with pytest.raises(QueryError) as exc:
        check_params(HEADER, ["sice"])
    assert str(exc.value) == (
        "parameter sice: q has no such parameter; it takes since, limit (see kg query --list)"
    )


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_every_canned_query_has_a_header_whose_parameters_it_uses(name):
    text = canned_queries()[name].read_text(encoding="utf-8")
    header = query_header(text)
    assert header is not None and header.name == name and header.purpose
    # Every parameter the header names is accepted, and binds something in the query.
    check_params(text, [p.name for p in header.params])
    for param in header.params:
        assert param.purpose and not param.purpose.startswith("(")
        uses = [f"?{param.name}", f"?{param.name}_lc", f"?{param.name}_first"]
        uses += [f"?{param.name}_last"]
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        assert any(u in body for u in uses) or (param.name == "limit" and "LIMIT" in body)
