# ruff: noqa: N806
# (G and P are kg's names for networkx graphs, as in networkx itself.)
from datetime import date

import networkx as nx
import pytest

from kg.convert import actor_projection, date_interval, event_nodes, events_to_nx
from kg.types import Article, Entity, Event, EventDate

DHS = Entity("urn:dhs", "DHS", "GovernmentAgency", ("Homeland Security",))
KAS = Entity("urn:kas", "Kaspersky Lab", "Company", ("Kaspersky",))
COM = Entity("urn:com", "Commerce", "GovernmentAgency")
US = Entity("urn:us", "United States", "Country")


def _event(i, agents, patients=(), place=(), value=None, granularity=None, article="a1"):
    when = EventDate(value, granularity, f"text {value}") if value else None
    return Event(
        f"urn:e{i}",
        article,
        f"Sentence {i}.",
        0,
        11,
        "banned",
        "ban",
        "Ban",
        agents=agents,
        patients=patients,
        place=place,
        date=when,
        confidence=0.8,
    )


@pytest.fixture
def events():
    return [
        _event(1, (DHS,), (KAS,), (US,), "2017-09-13", "day"),
        _event(2, (COM,), (KAS,), (), "2024-06", "month", article="a2"),
        _event(3, (COM, DHS), (KAS,), (), None),
    ]


def test_nodes_have_kind_and_attributes(events):
    articles = {"a1": Article("a1", "", title="DHS directive", url="https://example.org/a1")}
    G = events_to_nx(events, articles)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.nodes["urn:kas"] == {
        "kind": "entity",
        "label": "Kaspersky Lab",
        "type": "Company",
        "aliases": ("Kaspersky",),
        "wikidata": None,
    }
    e1 = G.nodes["urn:e1"]
    assert e1["kind"] == "event"
    assert (e1["type"], e1["action"], e1["date"], e1["granularity"]) == (
        "Ban",
        "ban",
        "2017-09-13",
        "day",
    )
    assert (e1["start"], e1["end"]) == ("2017-09-13", "2017-09-13")
    assert e1["article_title"] == "DHS directive"
    assert e1["article_url"] == "https://example.org/a1"
    assert e1["confidence"] == 0.8
    assert G.nodes["urn:e2"]["article_url"] is None
    assert (G.nodes["urn:e2"]["start"], G.nodes["urn:e2"]["end"]) == ("2024-06-01", "2024-06-30")
    assert G.nodes["urn:e3"]["date"] is None and G.nodes["urn:e3"]["start"] is None


def test_edges_point_actor_to_event_to_target(events):
    G = events_to_nx(events)
    assert set(G.edges(keys=True)) == {
        ("urn:dhs", "urn:e1", "agent"),
        ("urn:e1", "urn:kas", "patient"),
        ("urn:e1", "urn:us", "place"),
        ("urn:com", "urn:e2", "agent"),
        ("urn:e2", "urn:kas", "patient"),
        ("urn:com", "urn:e3", "agent"),
        ("urn:dhs", "urn:e3", "agent"),
        ("urn:e3", "urn:kas", "patient"),
    }
    assert all(d["role"] == k for _, _, k, d in G.edges(keys=True, data=True))
    assert event_nodes(G) == ["urn:e1", "urn:e2", "urn:e3"]


def test_entity_seen_twice_merges_aliases():
    other = Entity("urn:kas", "Kaspersky Lab", "Company", ("Kaspersky Labs", "AO Kaspersky"))
    G = events_to_nx([_event(1, (DHS,), (KAS,)), _event(2, (DHS,), (other,))])
    assert G.nodes["urn:kas"]["aliases"] == ("AO Kaspersky", "Kaspersky", "Kaspersky Labs")


def test_actor_projection_counts_shared_events(events):
    P = actor_projection(events_to_nx(events))
    assert set(P.nodes) == {"urn:dhs", "urn:kas", "urn:com"}  # the place is no actor
    assert P.edges["urn:dhs", "urn:kas"]["weight"] == 2
    assert P.edges["urn:dhs", "urn:kas"]["events"] == ["urn:e1", "urn:e3"]
    assert P.edges["urn:com", "urn:kas"]["events"] == ["urn:e2", "urn:e3"]
    assert P.edges["urn:com", "urn:dhs"]["weight"] == 1
    assert P.nodes["urn:kas"]["events"] == 3
    assert P.nodes["urn:kas"]["label"] == "Kaspersky Lab"


def test_actor_projection_custom_weight_and_roles(events):
    P = actor_projection(events_to_nx(events), weight="shared", roles=("agent", "place"))
    assert set(P.nodes) == {"urn:dhs", "urn:com", "urn:us"}
    assert P.edges["urn:dhs", "urn:us"]["shared"] == 1
    assert "weight" not in P.edges["urn:dhs", "urn:us"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-09-29", (date(2024, 9, 29), date(2024, 9, 29))),
        ("2024-09-29T10:30", (date(2024, 9, 29), date(2024, 9, 29))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2017", (date(2017, 1, 1), date(2017, 12, 31))),
        ("2024-Q3", (date(2024, 7, 1), date(2024, 9, 30))),
        ("2024-H1", (date(2024, 1, 1), date(2024, 6, 30))),
        ("2024-SU", (date(2024, 6, 1), date(2024, 8, 31))),
        ("2013-W11", (date(2013, 3, 11), date(2013, 3, 17))),
        ("201X", (date(2010, 1, 1), date(2019, 12, 31))),
        ("P30D", None),
        ("PRESENT_REF", None),
        ("XXXX-06", None),
        ("2024-13", None),
        ("", None),
        (None, None),
    ],
)
def test_date_interval(value, expected):
    assert date_interval(value) == expected
