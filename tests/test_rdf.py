"""Events <-> RDF on every store kind: round trip, rebuilds, removal, filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib import namespace as rns
from story import COMMERCE, KASPERSKY, TEXT_2024, make_story

from kg.articles import (
    read_articles,
    read_events,
    remove_article,
    stats,
    write_article,
    write_articles,
)
from kg.namespace import (
    ENTITIES_GRAPH,
    KG,
    NIF,
    SEM,
    article_graph_iri,
    article_iri,
    event_iri,
)
from kg.rdf import article_to_graph, article_triples, entities_to_graph, entities_triples
from kg.types import Article, Entity, Event, EventDate

BUILT = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)


def _write_all(store, story) -> None:
    for article, events in story:
        write_article(store, article, events, version="0.1.0")


def _fields(event: Event) -> dict:
    return event.to_json()


def test_round_trip_field_by_field(store, story) -> None:
    _write_all(store, story)
    written = sorted((e for _, events in story for e in events), key=lambda e: e.id)
    read = sorted(read_events(store), key=lambda e: e.id)
    assert len(read) == len(written) == 5
    for before, after in zip(written, read, strict=True):
        expected, actual = _fields(before), _fields(after)
        assert actual.keys() == expected.keys()
        for key in expected:
            assert actual[key] == expected[key], f"{before.id} field {key}"
        assert after.agents == before.agents  # includes wikidata, not in the JSON
        assert after.place == before.place


def test_events_come_back_in_time_order_undated_last(store, story) -> None:
    _write_all(store, story)
    dates = [e.date.value if e.date else None for e in read_events(store)]
    assert dates == ["2017-09-13", "2024-06", "2024-06-20", "2024-09-29", None]


def test_rebuilding_never_duplicates(store, story) -> None:
    _write_all(store, story)
    before = len(store)
    _write_all(store, story)
    assert len(store) == before
    assert len(read_events(store)) == 5


def test_rebuild_replaces_old_events(store, story) -> None:
    _write_all(store, story)
    article, events = story[1]
    write_article(store, article, events[:1], version="0.2.0")
    assert [e.type for e in read_events(store, article=article.id)] == ["Ban"]


def test_remove_article_drops_graph_and_orphan_entities(store, story) -> None:
    _write_all(store, story)
    assert remove_article(store, "commerce-2024") is True
    assert remove_article(store, "commerce-2024") is False
    assert {e.article for e in read_events(store)} == {"dhs-2017"}
    labels = {
        str(r[0])
        for r in store.query(
            f"SELECT ?l WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{rns.RDFS.label}> ?l }} }}"
        )
    }
    # Commerce and the United States were used only by the removed article.
    assert labels == {"US Department of Homeland Security", "Kaspersky Lab"}


def test_remove_then_write_equals_fresh_build(store, story) -> None:
    _write_all(store, story)
    remove_article(store, "commerce-2024")
    write_article(store, *story[1], version="0.1.0")
    assert stats(store) == {
        "articles": 2,
        "events": 5,
        "entities": 4,
        "graphs": 6,
        "triples": len(store),
    }


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"actor": "kaspersky"}, ["order", "add", "ban", "stop", "deny"]),
        ({"actor": "DHS"}, ["order"]),
        ({"actor": "homeland security"}, ["order"]),
        ({"actor": "United States"}, []),  # a place, not an agent or patient
        ({"type": "Ban"}, ["ban"]),
        ({"article": "dhs-2017"}, ["order", "deny"]),
        ({"since": "2024"}, ["add", "ban", "stop"]),
        ({"since": "2024-06-21"}, ["add", "stop"]),  # "2024-06" overlaps the 21st
        ({"until": "2024-06"}, ["order", "add", "ban"]),
        ({"since": "2017-09", "until": "2017"}, ["order"]),
        ({"actor": "Commerce Department", "since": "2024-06-20"}, ["add", "ban"]),
    ],
)
def test_read_events_filters(store, story, kwargs, expected) -> None:
    _write_all(store, story)
    assert [e.action for e in read_events(store, **kwargs)] == expected


def test_read_articles_round_trip(store, story) -> None:
    _write_all(store, story)
    assert read_articles(store) == sorted((a for a, _ in story), key=lambda a: a.id)


def test_stats_counts(store, story) -> None:
    _write_all(store, story)
    counts = stats(store)
    assert counts["articles"] == 2
    assert counts["events"] == 5
    assert counts["entities"] == 4
    assert counts["graphs"] == 6  # two articles, entities, calendar months, pair summaries, tallies
    assert counts["triples"] == len(store) > 0


def test_bulk_write_equals_one_by_one(store, story) -> None:
    assert write_articles(store, story, version="0.1.0") == 2
    bulk = [e.to_json() for e in read_events(store)]
    count = len(store)
    assert write_articles(store, story, version="0.1.0") == 2
    assert len(store) == count
    _write_all(store, story)
    assert [e.to_json() for e in read_events(store)] == bulk
    assert len(store) == count


def test_unknown_types_and_plain_ids_survive(store) -> None:
    text = "Acme Widgets quit the market."
    acme = Entity(id="acme", label="Acme Widgets", type="Product", aliases=("Acme",))
    article = Article(id="odd article/1", text=text)
    event = Event(
        id="e-1",
        article=article.id,
        sentence=text,
        start=0,
        end=len(text),
        trigger="quit",
        action="quit",
        type="Withdrawal",
        agents=(acme,),
        date=EventDate("PRESENT_REF", "reference", "now"),
    )
    write_article(store, article, [event], version="x")
    (back,) = read_events(store)
    assert back.to_json() == event.to_json()
    assert read_articles(store) == [article]


# ------------------------------------------------------------- graph content


def _graph(story):
    article, events = story[1]
    return article, events, article_to_graph(article, events, built_at=BUILT, version="0.1.0")


def test_graph_has_provenance_on_the_named_graph(story) -> None:
    article, _, g = _graph(story)
    graph_iri = article_graph_iri(article.id)
    assert g.identifier == graph_iri
    assert g.value(graph_iri, rns.PROV.generatedAtTime) == Literal(
        "2024-07-01T12:00:00Z", datatype=rns.XSD.dateTime
    )
    assert g.value(graph_iri, KG.version) == Literal("0.1.0")
    assert g.value(graph_iri, rns.PROV.wasDerivedFrom) == article_iri(article.id)


def test_dates_keep_granularity_in_owl_time(story) -> None:
    _, events, g = _graph(story)
    ban, _, listing = events
    ban_time = g.value(URIRef(ban.id), SEM.hasTime)
    listing_time = g.value(URIRef(listing.id), SEM.hasTime)
    assert (ban_time, rns.RDF.type, rns.TIME.Instant) in g
    assert g.value(ban_time, rns.TIME.inXSDDate) == Literal("2024-06-20", datatype=rns.XSD.date)
    assert g.value(listing_time, rns.TIME.inXSDgYearMonth) == Literal(
        "2024-06", datatype=rns.XSD.gYearMonth
    )
    assert g.value(listing_time, rns.TIME.inXSDDate) is None
    assert g.value(listing_time, KG.timexValue) == Literal("2024-06")
    assert g.value(listing_time, KG.granularity) == Literal("month")
    assert g.value(listing_time, KG.dateInferred) == Literal(True)


def test_year_and_interval_dates(story) -> None:
    article, events = story[0]
    year = replace(events[0], date=EventDate("2017", "year", "2017"))
    quarter = replace(events[1], date=EventDate("2024-Q3", "quarter", "the third quarter"))
    g = article_to_graph(article, [year, quarter], built_at=BUILT, version="x")
    assert g.value(g.value(URIRef(year.id), SEM.hasTime), rns.TIME.inXSDgYear) == Literal(
        "2017", datatype=rns.XSD.gYear
    )
    assert (g.value(URIRef(quarter.id), SEM.hasTime), rns.RDF.type, rns.TIME.ProperInterval) in g


def test_dated_events_carry_the_days_their_date_covers(story) -> None:
    article, events = story[1]
    earliest = SEM._NS["hasEarliestBeginTimeStamp"]
    latest = SEM._NS["hasLatestEndTimeStamp"]
    week = replace(events[0], date=EventDate("2024-W25", "week", "that week"))
    month = replace(events[1], date=EventDate("2024-02", "month", "February"))
    vague = replace(events[2], date=EventDate("P30D", "duration", "30 days"))
    undated = replace(events[2], trigger_start=events[2].trigger_start + 1, date=None)
    g = article_to_graph(article, [week, month, vague, undated], built_at=BUILT, version="x")

    def days(event: object) -> tuple[object, object]:
        node = URIRef(event.id)  # type: ignore[attr-defined]
        return g.value(node, earliest), g.value(node, latest)

    assert days(week) == (
        Literal("2024-06-17", datatype=rns.XSD.date),
        Literal("2024-06-23", datatype=rns.XSD.date),
    )
    assert days(month) == (
        Literal("2024-02-01", datatype=rns.XSD.date),
        Literal("2024-02-29", datatype=rns.XSD.date),
    )
    assert days(vague) == (None, None)
    assert days(undated) == (None, None)


def test_roles_use_sem_role_pattern_in_order(story) -> None:
    _, events, g = _graph(story)
    ban = URIRef(events[0].id)
    roles = {
        g.value(r, SEM.roleType): g.value(r, rns.RDF.value) for r in g.objects(ban, SEM.hasActor)
    }
    assert roles == {KG.agentRole: URIRef(COMMERCE.id), KG.patientRole: URIRef(KASPERSKY.id)}
    (place_role,) = g.objects(ban, SEM.hasPlace)
    assert g.value(place_role, SEM.roleType) == KG.locationRole
    assert g.value(place_role, KG.position) == Literal(0)
    assert g.value(ban, KG.agent) == URIRef(COMMERCE.id)
    assert (ban, rns.RDF.type, KG.Ban) in g and (ban, rns.RDF.type, SEM.Event) in g
    assert g.value(ban, KG.cameoCode) == Literal("163")


def test_sentence_is_nif_string_with_offsets(story) -> None:
    article, events, g = _graph(story)
    ban = events[0]
    sentence = g.value(URIRef(ban.id), KG.sentence)
    assert str(sentence) == f"{article_iri(article.id)}#char={ban.start},{ban.end}"
    begin, end = int(g.value(sentence, NIF.beginIndex)), int(g.value(sentence, NIF.endIndex))
    assert TEXT_2024[begin:end] == str(g.value(sentence, NIF.anchorOf))
    context = g.value(sentence, NIF.referenceContext)
    assert str(g.value(context, NIF.isString)) == TEXT_2024


def test_no_blank_nodes(story) -> None:
    _, _, g = _graph(story)
    assert not any(isinstance(term, BNode) for triple in g for term in triple)


def test_entities_graph() -> None:
    g = entities_to_graph([KASPERSKY, KASPERSKY, COMMERCE])
    node = URIRef(KASPERSKY.id)
    assert g.identifier == ENTITIES_GRAPH
    assert (node, rns.RDF.type, KG.Company) in g and (node, rns.RDF.type, SEM.Actor) in g
    assert g.value(node, rns.RDFS.label) == Literal("Kaspersky Lab")
    assert set(g.objects(node, rns.SKOS.altLabel)) == {Literal("Kaspersky")}
    assert set(g.objects(node, KG.nameKey)) == {Literal("kaspersky"), Literal("kaspersky lab")}
    assert g.value(node, rns.OWL.sameAs) == URIRef("http://www.wikidata.org/entity/Q2379")
    assert g.value(URIRef(COMMERCE.id), rns.OWL.sameAs) is None


def test_same_input_same_triples(story) -> None:
    from rdflib.compare import isomorphic

    article, events = make_story()[0]
    first = article_to_graph(article, events, built_at=BUILT, version="1")
    second = article_to_graph(article, events, built_at=BUILT, version="1")
    assert isomorphic(first, second)
    assert set(first) == set(second)


def test_triple_lists_hold_the_triples_of_the_graphs(story) -> None:
    article, events = make_story()[0]
    g = article_to_graph(article, events, built_at=BUILT, version="1")
    assert set(article_triples(article, events, BUILT, "1")) == set(g)
    entities = [KASPERSKY, KASPERSKY, COMMERCE]
    assert set(entities_triples(entities)) == set(entities_to_graph(entities))
    listed = entities_triples(entities)
    assert len(listed) == len(set(listed))


def _naming(article_id: str, *names: str) -> tuple[Article, list[Event]]:
    text = "Acme Widgets quit the market."
    acme = Entity(
        id="https://w3id.org/kgnews/resource/entity/acme-widgets",
        label="Acme Widgets",
        type="Company",
        aliases=names,
    )
    article = Article(id=article_id, text=text)
    event = Event(
        id=str(event_iri(article_id, 0, 0, "quit")),
        article=article_id,
        sentence=text,
        start=0,
        end=len(text),
        trigger="quit",
        action="quit",
        type="Withdrawal",
        agents=(acme,),
    )
    return article, [event]


def _aliases(store) -> set[str]:
    rows = store.query(
        f"SELECT ?a WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?x <{rns.SKOS.altLabel}> ?a }} }}"
    ).rows
    return {str(row[0]) for row in rows}


def _name_keys(store) -> set[str]:
    rows = store.query(f"SELECT ?k WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?x <{KG.nameKey}> ?k }} }}")
    return {str(row[0]) for row in rows.rows}


def test_aliases_are_those_of_the_stored_articles(store) -> None:
    write_article(store, *_naming("a", "Acme", "ACME Widgets"), version="x")
    write_article(store, *_naming("b", "Acme", "Acme Widgets Inc"), version="x")
    assert _aliases(store) == {"Acme", "ACME Widgets", "Acme Widgets Inc"}
    write_article(store, *_naming("a", "Acme"), version="x")  # a rebuilt without a name
    assert _aliases(store) == {"Acme", "Acme Widgets Inc"}
    assert _name_keys(store) == {"acme", "acme widgets", "acme widgets inc"}  # label's kept
    assert remove_article(store, "b")
    assert _aliases(store) == {"Acme"}
    assert _name_keys(store) == {"acme", "acme widgets"}
    assert remove_article(store, "a")
    assert not store.query(f"ASK {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }}").boolean
