# ruff: noqa: N802, N803, N806
# (G and P are kg's names for networkx graphs, as in networkx itself.)
import json

import networkx as nx
import pytest

from kg.analysis import (
    actor_centrality,
    actor_span,
    bursts,
    communities,
    connecting_path,
    event_chain,
    events_per_year,
    find_actor,
    format_summary,
    sorted_events,
    summary,
)
from kg.convert import events_to_nx
from kg.types import Entity, Event, EventDate

A = Entity("urn:a", "Agency A", "GovernmentAgency", ("AA",))
B = Entity("urn:b", "Company B", "Company", ("B Corp",))
C = Entity("urn:c", "Agency C", "GovernmentAgency")
D = Entity("urn:d", "Person D", "Person")
E = Entity("urn:e", "Group E", "Group")
F = Entity("urn:f", "Group F", "Group")
X = Entity("urn:x", "Lone X", "Person")
P = Entity("urn:p", "Place P", "Place")


def _ev(i, agents, patients=(), value=None, granularity=None, place=(), type_="Ban"):
    when = EventDate(value, granularity, value) if value else None
    return Event(
        f"urn:ev{i}",
        f"art{i % 3}",
        f"Sentence {i}.",
        0,
        12,
        "acted",
        "act",
        type_,
        agents=agents,
        patients=patients,
        place=place,
        date=when,
    )


@pytest.fixture(scope="module")
def G():
    return events_to_nx(
        [
            _ev(1, (A,), (B,), "2017", "year"),
            _ev(2, (A,), (B,), "2017-09-13", "day", place=(P,)),
            _ev(3, (C,), (B,), "2024-06", "month", type_="Restriction"),
            _ev(4, (D,), (B,), "2024-06-20", "day", type_="Statement"),
            _ev(5, (C,), (B,), "2024-07-20", "day", type_="Deadline"),
            _ev(6, (C,), (D,), "2024-06-21", "day"),
            _ev(7, (B,), (), None, type_="Statement"),
            _ev(8, (E,), (F,), "2024-09-29", "day"),
            _ev(9, (X,), (), None),
            _ev(10, (F,), (), "2024-09", "month", place=(P,)),
        ]
    )


def test_find_actor_by_iri_label_or_alias(G):
    assert find_actor(G, "urn:a") == "urn:a"
    assert find_actor(G, "agency a") == "urn:a"
    assert find_actor(G, "  AA ") == "urn:a"
    assert find_actor(G, "b corp") == "urn:b"
    with pytest.raises(nx.NodeNotFound):
        find_actor(G, "nobody")
    with pytest.raises(nx.NodeNotFound):
        find_actor(G, "urn:ev1")  # an event is no actor


def test_centrality_ranking(G):
    rows = actor_centrality(G)
    # Most events first, then most partners, then PageRank: D and F and A all
    # have two events, D has two partners, F outranks A on PageRank.
    assert [r["id"] for r in rows] == [
        "urn:b",
        "urn:c",
        "urn:d",
        "urn:f",
        "urn:a",
        "urn:e",
        "urn:x",
    ]
    top = rows[0]
    assert (top["label"], top["events"], top["degree"]) == ("Company B", 6, 3)
    # B lies on the only paths A-C and A-D among 7 actors: 2 of 15 pairs.
    assert top["betweenness"] == pytest.approx(2 / 15, abs=1e-6)
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1.0, abs=1e-5)
    assert actor_centrality(G, top=2) == rows[:2]


def test_busiest_actor_ranks_first_even_with_fewer_partners():
    # A acts three times on B alone; C acts once on both D and E.
    G = events_to_nx(
        [
            _ev(1, (A,), (B,), "2017", "year"),
            _ev(2, (A,), (B,), "2018", "year"),
            _ev(3, (A,), (B,), "2019", "year"),
            _ev(4, (C,), (D, E), "2020", "year"),
        ]
    )
    rows = actor_centrality(G)
    assert [(r["id"], r["events"], r["degree"]) for r in rows[:2]] == [
        ("urn:a", 3, 1),
        ("urn:b", 3, 1),
    ]
    assert rows[2]["id"] == "urn:c" and rows[2]["degree"] == 2


def test_pagerank_matches_networkx_reference(G):
    from kg.convert import actor_projection

    module = pytest.importorskip("networkx.algorithms.link_analysis.pagerank_alg")
    reference = getattr(module, "_pagerank_python", None)
    if reference is None:
        pytest.skip("this networkx has no pure-Python PageRank to compare with")
    expected = reference(actor_projection(G), weight="weight", tol=1e-12)
    for row in actor_centrality(G):
        assert row["pagerank"] == pytest.approx(expected[row["id"]], abs=1e-5)


def test_communities_are_deterministic(G):
    found = communities(G, seed=0)
    assert found == [{"urn:a", "urn:b", "urn:c", "urn:d"}, {"urn:e", "urn:f"}, {"urn:x"}]
    assert communities(G, seed=0) == found


def test_actor_span_keeps_precision(G):
    spans = actor_span(G)
    assert spans["urn:a"] == ("2017", "2017-09-13")
    assert spans["urn:b"] == ("2017", "2024-07-20")
    assert spans["urn:c"] == ("2024-06", "2024-07-20")
    assert spans["urn:d"] == ("2024-06-20", "2024-06-21")
    assert spans["urn:x"] == (None, None)
    assert spans["urn:p"] == ("2017-09-13", "2024-09")
    assert "urn:ev1" not in spans


def test_event_chain_in_time_order(G):
    assert event_chain(G, "Agency A", "company b") == ["urn:ev1", "urn:ev2"]
    assert event_chain(G, "urn:b", "urn:c") == ["urn:ev3", "urn:ev5"]
    assert event_chain(G, "Agency A", "Agency C") == []


def test_sorted_events_puts_undated_last(G):
    order = sorted_events(G)
    assert order[:3] == ["urn:ev1", "urn:ev2", "urn:ev3"]
    assert order[-2:] == ["urn:ev7", "urn:ev9"]


def test_connecting_path_alternates_actor_and_event(G):
    path = connecting_path(G, "AA", "Person D")
    assert len(path) == 5
    assert path[0] == "urn:a" and path[2] == "urn:b" and path[4] == "urn:d"
    assert path[1] in {"urn:ev1", "urn:ev2"} and path[3] == "urn:ev4"


def test_connecting_path_ignores_places_unless_asked(G):
    with pytest.raises(nx.NetworkXNoPath):
        connecting_path(G, "urn:a", "urn:f")
    path = connecting_path(G, "urn:a", "urn:f", roles=("agent", "patient", "place"))
    assert path == ["urn:a", "urn:ev2", "urn:p", "urn:ev10", "urn:f"]


def test_bursts_by_month_and_year(G):
    # 2024-06 holds a month-dated and two day-dated events; the year-dated one is left out.
    assert bursts(G) == [("2024-06", 3), ("2024-09", 2), ("2017-09", 1), ("2024-07", 1)]
    assert bursts(G, freq="month", threshold=1) == [("2024-06", 3), ("2024-09", 2)]
    assert bursts(G, freq="year") == [("2024", 6)]
    with pytest.raises(ValueError, match="freq"):
        bursts(G, freq="week")


def test_events_per_year(G):
    assert events_per_year(G) == {2017: 2, 2024: 6}


def test_summary_and_formats(G):
    s = summary(G, top=3)
    assert (s["events"], s["dated"], s["undated"], s["entities"], s["articles"]) == (10, 8, 2, 8, 3)
    assert (s["first"], s["last"]) == ("2017", "2024-09-29")
    assert list(s["types"].items()) == [
        ("Ban", 6),
        ("Statement", 2),
        ("Deadline", 1),
        ("Restriction", 1),
    ]
    assert [r["label"] for r in s["top_actors"]] == ["Company B", "Agency C", "Person D"]
    # Every actor's first and last event, earliest first; places are no actors.
    assert [(r["actor"], r["first"], r["last"]) for r in s["spans"]] == [
        ("Agency A", "2017", "2017-09-13"),
        ("Company B", "2017", "2024-07-20"),
        ("Agency C", "2024-06", "2024-07-20"),
        ("Person D", "2024-06-20", "2024-06-21"),
        ("Group F", "2024-09", "2024-09-29"),
        ("Group E", "2024-09-29", "2024-09-29"),
        ("Lone X", None, None),
    ]
    assert s["communities"] == [
        ["Agency A", "Agency C", "Company B", "Person D"],
        ["Group E", "Group F"],
        ["Lone X"],
    ]
    assert s["bursts"][0] == ["2024-06", 3]
    assert json.loads(format_summary(s, fmt="json")) == json.loads(json.dumps(s))
    table = format_summary(s)
    assert "events: 10 (8 dated, 2 undated) in 3 articles" in table
    assert "Company B" in table and "2024-06" in table
    spans = table.split("first and last event:\n", 1)[1].splitlines()
    assert spans[0].split() == ["actor", "first", "last"]
    assert spans[2].split() == ["Agency", "A", "2017", "2017-09-13"]
    assert spans[8].split() == ["Lone", "X", "-", "-"]
    with pytest.raises(ValueError, match="fmt"):
        format_summary(s, fmt="xml")


def test_empty_graph():
    G = events_to_nx([])
    assert actor_centrality(G) == []
    assert communities(G) == []
    assert bursts(G) == []
    assert summary(G)["events"] == 0
    assert "events: 0" in format_summary(summary(G))


def test_summary_lists_actors_not_the_things_events_are_about():
    airbus = Entity("urn:airbus", "Airbus", "Company")
    jets = Entity("urn:a/jets", "new jets", "Other")
    when = EventDate("2024-05", "month", "in May")
    events = [
        Event("urn:e1", "a", "Airbus delivered new jets in May.", 0, 33, "delivered",
              "deliver", "Other", agents=(airbus,), patients=(jets,), date=when),
    ]
    s = summary(events_to_nx(events))
    assert [r["actor"] for r in s["spans"]] == ["Airbus"]
    assert [r["label"] for r in s["top_actors"]] == ["Airbus"]
