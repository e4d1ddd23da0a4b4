"""kg's notebook-facing API: kg.open, KnowledgeGraph and its DataFrames."""

from __future__ import annotations

import doctest
import json
from datetime import date
from pathlib import Path

import pytest
from story import COMMERCE, DHS, KASPERSKY

import kg
import kg.analysis
import kg.api
import kg.filters
from kg.errors import KGError, QueryError, StoreError
from kg.types import Event

pd = pytest.importorskip("pandas")


@pytest.fixture
def graph(story):
    """The hand-built story (two articles, five events) in a memory: store."""
    with kg.open("memory:") as opened:
        for article, events in story:
            opened.add(article, events)
        yield opened


# -- the public surface ---------------------------------------------------------------------
def test_all_is_sorted_and_every_name_exists() -> None:
    assert kg.__all__ == sorted(kg.__all__)
    for name in kg.__all__:
        assert hasattr(kg, name), name
    assert {"KnowledgeGraph", "open", "Analysis", "Timeline"} <= set(kg.__all__)
    assert kg.open is kg.api.open
    assert kg.api.__all__ == sorted(kg.api.__all__)
    assert all(hasattr(kg.api, name) for name in kg.api.__all__)


@pytest.mark.parametrize("module", [kg.api, kg.filters, kg.analysis])
def test_doctests(module) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# -- events ---------------------------------------------------------------------------------
def test_events_columns_follow_the_jsonl_contract(story, tmp_path: Path, capsys) -> None:
    from kg.cli import main

    location = str(tmp_path / "store")
    with kg.open(location) as graph:
        for article, events in story:
            graph.add(article, events)
        df = graph.events()
    assert main(["events", "--store", location, "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # One row per line of `kg events --format jsonl`, its fields as columns, in order.
    assert len(df) == len(lines) == sum(len(events) for _, events in story)
    assert [c for c in df.columns if not c.startswith("date_")] == list(lines[0])
    assert [c for c in df.columns if c.startswith("date_")] == [
        "date_first",
        "date_last",
        "date_value",
        "date_granularity",
        "date_text",
        "date_relation",
        "date_inferred",
        "date_source",
        "date_confidence",
    ]
    for row, line in zip(df.to_dict("records"), lines, strict=True):
        assert row["id"] == line["id"] and row["canonical"] == line["canonical"]
        assert row["sources"] == line["sources"]
        assert row["agents"] == [a["label"] for a in line["agents"]]
        if line["date"]:
            assert row["date_value"] == line["date"]["value"]
        else:
            assert pd.isna(row["date_value"]) and pd.isna(row["date"])


def test_events_dtypes_and_values(graph) -> None:
    df = graph.events()
    for name in ("start", "end", "trigger_start", "trigger_end"):
        assert df[name].dtype == "int64", name
    assert df["confidence"].dtype == "float64"
    for name in ("id", "article", "sentence", "type", "action", "modality", "date_value"):
        assert pd.api.types.is_string_dtype(df[name]), name
    assert pd.api.types.is_datetime64_any_dtype(df["date_first"])
    assert pd.api.types.is_bool_dtype(df["date_inferred"])
    # Time order, undated last; each date a Period of its own granularity.
    assert df["date_value"].tolist()[:4] == ["2017-09-13", "2024-06", "2024-06-20", "2024-09-29"]
    assert [p.freqstr for p in df["date"][:4]] == ["D", "M", "D", "D"]
    assert df["date"].iloc[1] == pd.Period("2024-06", freq="M")
    assert df["date_first"].iloc[1] == pd.Timestamp("2024-06-01")
    assert df["date_last"].iloc[1] == pd.Timestamp("2024-06-30")
    assert df["date"].isna().tolist() == [False, False, False, False, True]
    assert df["date_relation"].tolist()[3] == "until"
    ban = df[df["type"] == "Ban"].iloc[0]
    assert ban["agents"] == [COMMERCE.label]
    assert ban["patients"] == [KASPERSKY.label]
    assert ban["place"] == ["United States"]


def test_events_filters_are_the_cli_filters(graph) -> None:
    assert graph.events(actor="dhs")["agents"].tolist() == [[DHS.label]]
    assert graph.events(type="entitylisting")["action"].tolist() == ["add"]
    assert graph.events(since=2024)["date_value"].tolist() == [
        "2024-06",
        "2024-06-20",
        "2024-09-29",
    ]
    assert graph.events(until=date(2017, 12, 31))["date_value"].tolist() == ["2017-09-13"]
    assert set(graph.events(article="dhs-2017")["article"]) == {"dhs-2017"}
    with pytest.raises(KGError, match="unknown event type 'Bann'; one of: .*Ban"):
        graph.events(type="Bann")
    with pytest.raises(KGError, match="'2024-13' is not a date"):
        graph.events(since="2024-13")


def test_events_of_an_empty_store_keep_their_columns(graph) -> None:
    full = graph.events()
    with kg.open("memory:") as empty:
        df = empty.events()
    assert df.empty
    assert list(df.columns) == list(full.columns)


def test_a_new_contract_field_becomes_a_column(graph, monkeypatch) -> None:
    original = Event.to_json

    def with_outlets(self: Event) -> dict:
        return {**original(self), "outlets": [self.article]}

    monkeypatch.setattr(Event, "to_json", with_outlets)
    df = graph.events()
    assert "outlets" in df.columns
    assert df["outlets"].tolist()[0] == ["dhs-2017"]


def test_events_carry_their_canonical_event(graph) -> None:
    df = graph.events()
    assert pd.api.types.is_string_dtype(df["canonical"])
    assert df["sources"].dtype == "int64" and (df["sources"] >= 1).all()
    assert all(isinstance(d, list) for d in df["disagreements"])


def test_canonical_events(graph) -> None:
    df = graph.canonical_events()
    reports = graph.events()
    assert set(df["id"]) == set(reports["canonical"])
    assert sum(len(r) for r in df["reports"]) == len(reports)
    assert {"id", "type", "action", "date", "agents", "sources", "disagreements"} <= set(df)
    assert df["sources"].dtype == "int64" and df["confidence"].dtype == "float64"
    ban = df[df["type"] == "Ban"].iloc[0]
    assert ban["agents"] == [COMMERCE.label] and ban["date"] == pd.Period("2024-06-20", "D")
    assert graph.canonical_events(type="Ban")["id"].tolist() == [ban["id"]]
    with kg.open("memory:") as empty:
        assert list(empty.canonical_events().columns) == list(df.columns)


def test_period_keeps_granularity() -> None:
    assert kg.api.period("2017").freqstr == "Y-DEC"
    assert kg.api.period("2024-H2").start_time == pd.Timestamp("2024-07-01")
    assert kg.api.period("2013-W11").start_time == pd.Timestamp("2013-03-11")
    assert kg.api.period("201X").end_time.year == 2019
    assert kg.api.period(None) is pd.NaT
    assert kg.api.period("PRESENT_REF") is pd.NaT


def test_articles(graph) -> None:
    df = graph.articles()
    assert df["id"].tolist() == ["commerce-2024", "dhs-2017"]
    assert pd.api.types.is_datetime64_any_dtype(df["published"])
    assert df.set_index("id").loc["dhs-2017", "title"] == "DHS orders agencies to drop Kaspersky"


# -- SPARQL ---------------------------------------------------------------------------------
def test_sparql_canned_query_with_a_binding(graph) -> None:
    df = graph.sparql("actor_timeline", actor="Kaspersky Lab")
    assert list(df.columns) == [
        "date",
        "granularity",
        "type",
        "action",
        "role",
        "event",
        "article",
    ]
    assert df["date"].tolist()[:2] == ["2017-09-13", "2024-06"]
    assert set(df["role"]) == {"agent", "patient"}


def test_sparql_binds_iris_ints_and_dates_as_values(graph) -> None:
    from rdflib import URIRef

    query = (
        "PREFIX kg: <https://w3id.org/kgnews/ontology#>\n"
        "SELECT ?action WHERE { ?e kg:agent ?who ; kg:action ?action } ORDER BY ?action LIMIT 5"
    )
    assert graph.sparql(query, who=URIRef(COMMERCE.id))["action"].tolist() == ["add", "ban"]
    assert graph.sparql(query, who=COMMERCE.id, limit=1)["action"].tolist() == ["add"]
    # A value is never query text: quotes stay inside the literal.
    assert graph.sparql(query, who='x" } ?e ?p ?o {').empty
    between = graph.sparql("events_between", since=2024, until=date(2024, 6, 30))
    assert "Ban" in set(between["type"])


def test_sparql_converts_typed_literals(graph) -> None:
    df = graph.sparql(
        'SELECT ?n ?d ?b WHERE { BIND(3 AS ?n) BIND("2024-06-20"^^<http://www.w3.org/2001/'
        "XMLSchema#date> AS ?d) BIND(true AS ?b) }"
    )
    assert df["n"].tolist() == [3]
    assert graph.sparql("SELECT ?x WHERE { BIND(2.5 AS ?x) }")["x"].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(df["d"])
    assert df["b"].tolist() == [True]


def test_sparql_ask_and_construct(graph) -> None:
    assert graph.sparql("ASK { ?s ?p ?o }")["boolean"].tolist() == [True]
    triples = graph.sparql(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"
    )
    assert list(triples.columns) == ["subject", "predicate", "object"]
    assert KASPERSKY.label in set(triples["object"])


def test_sparql_refuses_a_binding_the_query_does_not_use(graph) -> None:
    with pytest.raises(QueryError, match=r"actr: .*no such (variable|parameter).*actor"):
        graph.sparql("actor_timeline", actr="FCC")
    with pytest.raises(QueryError, match=r"actr: the query has no such variable; it uses \?e"):
        graph.sparql("SELECT ?e WHERE { ?e ?p ?o }", actr="FCC")


def test_deadlines_give_the_days_from_announcement(graph) -> None:
    df = graph.deadlines()
    assert df["action"].tolist() == ["stop"]
    assert df["announced"].tolist() == [pd.Timestamp("2024-06-20")]
    assert df["gap_days"].dtype == "int64" and df["gap_days"].tolist() == [101]
    assert set(df.columns) >= set(graph.events().columns)
    assert graph.deadlines(until=2017).empty


def test_without_pandas_only_the_frames_are_refused(graph, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    assert [e.type for e in graph.event_list(type="Ban")] == ["Ban"]
    assert graph.graph().number_of_nodes() > 0
    with pytest.raises(KGError, match=r"needs pandas: pip install 'kg\[notebooks\]'"):
        graph.events()


# -- graph, analysis, timeline, export ------------------------------------------------------
def test_graph(graph) -> None:
    G = graph.graph()
    events = [n for n, kind in G.nodes(data="kind") if kind == "event"]
    assert len(events) == 5
    assert G.nodes[KASPERSKY.id]["label"] == KASPERSKY.label
    assert len([n for n, k in graph.graph(type="Ban").nodes(data="kind") if k == "event"]) == 1


def test_analysis_frames_name_actors(graph) -> None:
    a = graph.analysis()
    assert a.counts["events"] == 5 and a.counts["dated"] == 4 and a.counts["articles"] == 2
    assert list(a.actors.columns) == [
        "actor",
        "type",
        "events",
        "partners",
        "betweenness",
        "pagerank",
        "id",
    ]
    assert a.actors["events"].dtype == "int64" and a.actors["pagerank"].dtype == "float64"
    assert a.actors["actor"].iloc[0] == KASPERSKY.label
    assert dict(zip(a.per_year["year"], a.per_year["events"], strict=True)) == {2017: 1, 2024: 3}
    assert a.types.set_index("type").loc["Ban", "events"] == 1
    # Communities list actors by name, never by IRI.
    assert set(a.communities["actor"]) == set(a.actors["actor"])
    assert not any(name.startswith("http") for name in a.communities["actor"])
    spans = a.spans.set_index("actor")
    assert spans.loc[KASPERSKY.label, "first"] == pd.Period("2017-09-13", freq="D")
    assert "<table" in a._repr_html_()


def test_communities_by_name() -> None:
    from kg.convert import events_to_nx

    G = events_to_nx(e for _, events in __import__("story").make_story() for e in events)
    by_id = kg.analysis.communities(G)
    by_name = kg.analysis.communities(G, names=True)
    assert [sorted(G.nodes[n]["label"] for n in c) for c in by_id] == by_name


def test_timeline_shows_inline_and_saves(graph, tmp_path: Path) -> None:
    timeline = graph.timeline(title="Kaspersky story", since=2024)
    assert len(timeline.events) == 3
    frame = timeline._repr_html_()
    assert frame.startswith('<div class="kg-timeline-frame"><iframe srcdoc="')
    assert "Kaspersky story" in timeline.html
    path = timeline.save(tmp_path / "t" / "timeline.html")
    assert path.name == "timeline.html"
    assert "Kaspersky story" in path.read_text(encoding="utf-8")


def test_export_infers_the_format(graph, tmp_path: Path) -> None:
    count = graph.export(tmp_path / "kg.jsonld")
    assert count > 0
    assert "@context" in json.loads((tmp_path / "kg.jsonld").read_text(encoding="utf-8"))
    assert graph.export(tmp_path / "kg.data", "nq") == count
    with pytest.raises(KGError, match="cannot tell the format"):
        graph.export(tmp_path / "kg.data")
    with pytest.raises(KGError, match="unknown export format 'xml'"):
        graph.export(tmp_path / "kg.xml", "xml")


# -- stores ---------------------------------------------------------------------------------
def test_the_api_reads_every_kind_of_store(filled) -> None:
    df = kg.KnowledgeGraph(filled).events()
    assert df["type"].tolist() == ["Order", "EntityListing", "Ban", "Deadline", "Denial"]


def test_open_without_create_refuses_a_missing_directory(tmp_path: Path, story) -> None:
    with pytest.raises(StoreError, match="no store at"):
        kg.open(str(tmp_path / "missing"), create=False)
    location = str(tmp_path / "store")
    with kg.open(location) as created:
        created.add(*story[0])
    with kg.open(location, create=False) as reopened:
        assert len(reopened.events()) == 2
        assert "KnowledgeGraph" in repr(reopened)


def test_read_only_reads_beside_a_writer(tmp_path: Path, story) -> None:
    location = str(tmp_path / "store")
    with kg.open(location) as writer:
        writer.add(*story[0])
        with kg.open(location, create=False, read_only=True) as reader:
            assert len(reader.events()) == 2


def test_build_reports_bad_inputs_as_warnings(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    with kg.open("memory:") as empty, pytest.warns(UserWarning, match="bad.jsonl"):
        summary = empty.build(tmp_path)
    assert summary.articles == 0 and summary.errors
