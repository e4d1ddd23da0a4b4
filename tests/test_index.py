"""Indexes kept on write (calendar months, pair summaries, type tallies), on every store."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from factories import event as _event
from rdflib import URIRef
from story import COMMERCE, DHS, KASPERSKY, US

from kg.articles import remove_article, write_article, write_articles
from kg.index import MAX_MONTHS, month_links, rebuild_pairs, rebuild_tallies
from kg.namespace import (
    CALENDAR_GRAPH,
    KG,
    PAIRS_GRAPH,
    TALLIES_GRAPH,
    month_iri,
    pair_count_iri,
    pair_iri,
    tally_iris,
)
from kg.query import run_query
from kg.types import Article, Event, date_interval

_PAIRS = f"""PREFIX kg: <{KG}>
SELECT ?pair ?a ?pt ?act ?n ?first ?last WHERE {{ GRAPH <{PAIRS_GRAPH}> {{
  ?pair kg:pairAgent ?a ; kg:pairPatient ?pt ; kg:pairAction ?act ; kg:eventCount ?n .
  OPTIONAL {{ ?pair kg:firstDate ?first }} OPTIONAL {{ ?pair kg:lastDate ?last }} }} }}"""
_BUCKETS = f"""PREFIX kg: <{KG}>
SELECT ?pair ?bucket ?n WHERE {{ GRAPH <{PAIRS_GRAPH}> {{
  {{ ?pair kg:inCountBucket ?bucket . ?bucket kg:bucketCount ?n }}
  UNION {{ ?bucket a kg:CountBucket ; kg:bucketCount ?n }} }} }}"""
_MONTHS = f"""PREFIX kg: <{KG}>
SELECT ?m ?start ?end WHERE {{ GRAPH <{CALENDAR_GRAPH}> {{
  ?m kg:monthStart ?start ; kg:monthEnd ?end }} }}"""

_TALLIES = f"""PREFIX kg: <{KG}>
SELECT ?tally ?class ?key ?n ?of WHERE {{ GRAPH <{TALLIES_GRAPH}> {{
  ?tally a ?class ; kg:tallyKey ?key ; kg:tallyCount ?n .
  OPTIONAL {{ ?tally kg:tallyOf ?of }} }} }}"""


def _rows(store, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(x) for x in row) for row in store.query(query, union=False).rows}


def _recomputed(store) -> set[tuple[str, ...]]:
    """The pair summaries a full recount from the events gives."""
    rebuild_pairs(store)
    return _rows(store, _PAIRS)


def event(*args, **kwargs):  # type: ignore[no-untyped-def]
    """A hand-built event whose action is "ban", alone in its sentence."""
    made = _event(*args, **kwargs)
    return replace(made, action="ban", start=args[0] * 20, end=args[0] * 20 + 11)


def _article(i: int) -> Article:
    return Article(id=f"n{i}", text="x" * 40, published=date(2024, 6, 21))


def test_month_links_cover_every_month_of_the_period() -> None:
    assert month_links(date(2024, 11, 30), date(2025, 2, 1)) == [
        month_iri(2024, 11),
        month_iri(2024, 12),
        month_iri(2025, 1),
        month_iri(2025, 2),
    ]
    assert month_links(date(2017, 1, 1), date(2017, 12, 31)) is not None
    assert len(month_links(date(2010, 1, 1), date(2019, 12, 31)) or []) == MAX_MONTHS
    assert month_links(date(1900, 1, 1), date(1999, 12, 31)) is None  # a century


def test_pair_iri_is_what_the_update_mints(store, story) -> None:
    for article, events in story:
        write_article(store, article, events, version="t")
    pairs = {row[0] for row in _rows(store, _PAIRS)}
    assert str(pair_iri(str(DHS.id), str(KASPERSKY.id), "order")) in pairs


def test_pairs_count_events_and_keep_first_and_last_dates(store) -> None:
    events = [
        event(1, "Ban", [COMMERCE], [KASPERSKY], "2024-06-20", "day", article="n1"),
        event(2, "Ban", [COMMERCE], [KASPERSKY], "2017", "year", article="n1"),
        event(3, "Ban", [COMMERCE], [KASPERSKY], article="n1"),  # undated: counted
        event(4, "Ban", [US], [KASPERSKY], "2024-09-29", "day", article="n1"),
    ]
    write_article(store, _article(1), events, version="t")
    result = run_query(store, "who_acted_on_whom")
    assert [tuple(str(x) for x in row) for row in result.rows] == [
        ("US Department of Commerce", "Kaspersky Lab", "ban", "3", "2017", "2024-06-20"),
        ("United States", "Kaspersky Lab", "ban", "1", "2024-09-29", "2024-09-29"),
    ]


def test_pairs_follow_rewrites_and_removals(store) -> None:
    first = [event(1, "Ban", [COMMERCE], [KASPERSKY], "2024-06-20", "day", article="n1")]
    second = [
        event(2, "Ban", [COMMERCE], [KASPERSKY], "2024-07", "month", article="n2"),
        event(3, "Order", [DHS], [US], "2017-09-13", "day", article="n2"),
    ]
    write_article(store, _article(1), first, version="t")
    write_article(store, _article(2), second, version="t")
    after_writes = _rows(store, _PAIRS)
    assert {(r[4], r[5], r[6]) for r in after_writes} == {
        ("2", "2024-06-20", "2024-07"),
        ("1", "2017-09-13", "2017-09-13"),
    }
    # Rewriting n2 without the DHS event drops that pair and recounts the other.
    write_article(store, _article(2), second[:1], version="t")
    assert {(r[4], r[5]) for r in _rows(store, _PAIRS)} == {("2", "2024-06-20")}
    assert _rows(store, _PAIRS) == _recomputed(store)
    remove_article(store, "n1")
    assert {(r[4], r[5], r[6]) for r in _rows(store, _PAIRS)} == {("1", "2024-07", "2024-07")}
    assert _rows(store, _PAIRS) == _recomputed(store)
    remove_article(store, "n2")
    assert _rows(store, _PAIRS) == set()


def test_bulk_load_builds_the_same_indexes(store, story) -> None:
    from kg.store import open_store

    with open_store("memory:") as one_by_one:
        for article, events in story:
            write_article(one_by_one, article, events, version="t")
        write_articles(store, story, version="t")
        assert _rows(store, _PAIRS) == _rows(one_by_one, _PAIRS)
        assert _rows(store, _MONTHS) == _rows(one_by_one, _MONTHS)
        assert _rows(store, _TALLIES) == _rows(one_by_one, _TALLIES)
        assert _rows(store, _BUCKETS) == _rows(one_by_one, _BUCKETS)


def test_calendar_holds_exactly_the_months_events_overlap(store) -> None:
    events = [
        event(1, "Ban", [COMMERCE], [KASPERSKY], "2024-Q3", "quarter", article="n1"),
        event(2, "Ban", [COMMERCE], [KASPERSKY], "2024-02-29", "day", article="n1"),
        event(3, "Ban", [COMMERCE], [KASPERSKY], "19", "century", article="n1"),
    ]
    write_article(store, _article(1), events, version="t")
    months = {(r[0][-7:], r[1], r[2]) for r in _rows(store, _MONTHS)}
    assert months == {
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2024-07", "2024-07-01", "2024-07-31"),
        ("2024-08", "2024-08-01", "2024-08-31"),
        ("2024-09", "2024-09-01", "2024-09-30"),
    }
    coarse = store.query(f"ASK {{ <{events[2].id}> <{KG.coarsePeriod}> true }}").boolean
    assert coarse
    write_article(store, _article(1), events[1:2], version="t")
    assert {r[0][-7:] for r in _rows(store, _MONTHS)} == {"2024-02"}
    remove_article(store, "n1")
    assert _rows(store, _MONTHS) == set()


def test_events_between_reads_months_and_long_periods(store) -> None:
    events = [
        event(1, "Ban", [COMMERCE], [KASPERSKY], "2024-06-20", "day", article="n1"),
        event(2, "Ban", [COMMERCE], [KASPERSKY], "2024", "year", article="n1"),
        event(3, "Ban", [COMMERCE], [KASPERSKY], "19", "century", article="n1"),
        event(4, "Ban", [COMMERCE], [KASPERSKY], "2023-12-31", "day", article="n1"),
        event(5, "Ban", [COMMERCE], [KASPERSKY], "2024-W27", "week", article="n1"),  # Jul 1-7
    ]
    write_article(store, _article(1), events, version="t")

    def dates(**params: str) -> list[str]:
        return [str(r[0]) for r in run_query(store, "events_between", params=params).rows]

    assert dates(since="2024-06", until="2024-06") == ["2024", "2024-06-20"]
    assert dates(since="2024-07-05") == ["2024", "2024-W27"]
    assert dates(until="2023") == ["19", "2023-12-31"]
    assert dates(since="1950", until="1950") == ["19"]
    assert dates(since="2024-06", limit="1") == ["2024"]
    assert len(dates()) == 5


def test_who_acted_on_whom_limit_keeps_the_most_frequent(store) -> None:
    events = [
        event(1, "Ban", [COMMERCE], [KASPERSKY], article="n1"),
        event(2, "Ban", [COMMERCE], [KASPERSKY], article="n1"),
        event(3, "Order", [DHS], [US], article="n1"),
    ]
    write_article(store, _article(1), events, version="t")
    rows = run_query(store, "who_acted_on_whom", params={"limit": "1"}).rows
    assert [(str(r[0]), str(r[3])) for r in rows] == [("US Department of Commerce", "2")]
    by_target = run_query(store, "who_acted_on_whom", params={"target": "united states"}).rows
    assert [str(r[0]) for r in by_target] == ["US Department of Homeland Security"]


def test_month_iri_is_readable() -> None:
    assert month_iri(2024, 6) == URIRef("https://w3id.org/kgnews/resource/month/2024-06")


def _tallies(store) -> dict[str, tuple[str, int]]:
    """Tally path under .../tally/ -> (key, count)."""
    return {r[0].split("/tally/")[1]: (r[2], int(r[3])) for r in _rows(store, _TALLIES)}


def test_tallies_count_events_by_type_year_and_month(store) -> None:
    events = [
        event(1, "Ban", [COMMERCE], [KASPERSKY], "2024-06-20", "day", article="n1"),
        event(2, "Ban", [COMMERCE], [KASPERSKY], "2024-06", "month", article="n1"),
        event(3, "Ban", [COMMERCE], [KASPERSKY], "2017", "year", article="n1"),
        event(4, "Ban", [COMMERCE], [KASPERSKY], article="n1"),  # undated
        event(5, "Ban", [COMMERCE], [KASPERSKY], "PRESENT_REF", "unknown", article="n1"),
        event(6, "Order", [DHS], [US], "2017-09-13", "day", article="n1"),
    ]
    write_article(store, _article(1), events, version="t")
    assert _tallies(store) == {
        "Ban": ("Ban", 5),
        "Ban/2024": ("2024", 2),
        "Ban/2024/06": ("2024-06", 2),
        "Ban/2017": ("2017", 1),
        "Ban/2017/01": ("2017-01", 1),  # a year counts in its first month
        "Ban/undated": ("~", 2),  # no date, and a date that names no calendar day
        "Ban/undated/undated": ("~", 2),
        "Order": ("Order", 1),
        "Order/2017": ("2017", 1),
        "Order/2017/09": ("2017-09", 1),
    }
    # Every event links to the month it counts in.
    linked = store.query(f"ASK {{ <{events[0].id}> <{KG.inTypeMonth}> ?m }}").boolean
    assert linked


def test_tallies_follow_rewrites_and_removals(store) -> None:
    first = [event(1, "Ban", [COMMERCE], [KASPERSKY], "2024-06-20", "day", article="n1")]
    second = [
        event(2, "Ban", [COMMERCE], [KASPERSKY], "2024-06-02", "day", article="n2"),
        event(3, "Order", [DHS], [US], "2017-09-13", "day", article="n2"),
    ]
    write_article(store, _article(1), first, version="t")
    write_article(store, _article(2), second, version="t")
    assert _tallies(store)["Ban/2024/06"] == ("2024-06", 2)
    write_article(store, _article(2), second[1:], version="t")  # the Ban event is gone
    assert _tallies(store)["Ban/2024/06"] == ("2024-06", 1)
    before_rebuild = _rows(store, _TALLIES)
    rebuild_tallies(store)
    assert _rows(store, _TALLIES) == before_rebuild
    remove_article(store, "n2")
    assert set(_tallies(store)) == {"Ban", "Ban/2024", "Ban/2024/06"}  # Order tallies dropped
    remove_article(store, "n1")
    assert _rows(store, _TALLIES) == set()


def test_tally_iris_nest_type_year_and_month() -> None:
    type_tally, year, month = tally_iris("Entity Listing", date(2024, 6, 20))
    assert str(month).startswith(str(year) + "/") and str(year).startswith(str(type_tally) + "/")
    assert str(type_tally).endswith("/tally/Entity%20Listing")
    assert str(tally_iris("Ban", None)[2]).endswith("/tally/Ban/undated/undated")


def _spread_events(count: int, seed: int) -> list[Event]:
    """Events of three types spread over years, months, granularities and no date."""
    rng = random.Random(seed)
    out = []
    for i in range(1, count + 1):
        year, month, day = rng.choice([2016, 2017, 2024]), rng.randint(1, 12), rng.randint(1, 28)
        value, granularity = rng.choice(
            [
                (f"{year}-{month:02d}-{day:02d}", "day"),
                (f"{year}-{month:02d}", "month"),
                (str(year), "year"),
                (None, None),
            ]
        )
        type_name = rng.choice(["Ban", "Order", "Statement"])
        made = event(i, type_name, [COMMERCE], [KASPERSKY], value, granularity, article="n1")
        out.append(made)
    return out


def _order_key(e: Event) -> tuple[str, bool, str]:
    period = date_interval(e.date.value) if e.date else None
    return (e.type, period is None, period[0].isoformat() if period else "")


def test_events_by_type_keeps_the_first_rows_of_the_whole_order(store) -> None:
    events = _spread_events(60, seed=7)
    write_article(store, _article(1), events, version="t")
    by_id = {e.id: e for e in events}
    expected = sorted(_order_key(e) for e in events)

    def keys(**params: str) -> list[tuple[str, bool, str]]:
        rows = run_query(store, "events_by_type", params=params).rows
        return [_order_key(by_id[str(row[4])]) for row in rows]

    assert keys() == expected
    for limit in (1, 2, 5, 13, 20, 21, 37, 59, 60, 61):
        assert keys(limit=str(limit)) == expected[:limit], limit
    orders = [k for k in expected if k[0] == "Order"]
    assert keys(type="Order") == orders
    for limit in (1, 4, len(orders) - 1):
        assert keys(type="Order", limit=str(limit)) == orders[:limit], limit
    assert keys(type="Nothing") == []


def test_events_by_type_without_limit_rows_gives_the_same_answer(store) -> None:
    """On a store where nothing binds ?limit_rows the query reads every tally."""
    from kg.query import load_query

    events = _spread_events(30, seed=3)
    write_article(store, _article(1), events, version="t")
    text = load_query("events_by_type").replace("?limit_rows", "?unbound_rows")
    plain = [tuple(map(str, r)) for r in store.query(text).rows]
    assert plain == [tuple(map(str, r)) for r in run_query(store, "events_by_type").rows]
    assert len(plain) == 30


def _buckets(store) -> dict[str, set[int]]:
    """Count bucket IRI -> the event counts of the pairs in it (and of the bucket itself)."""
    out: dict[str, set[int]] = {}
    for _pair, bucket, n in _rows(store, _BUCKETS):
        out.setdefault(bucket, set()).add(int(n))
    return out


def test_pairs_sit_in_the_bucket_of_their_count(store) -> None:
    events = [
        event(1, "Ban", [COMMERCE], [KASPERSKY], article="n1"),
        event(2, "Ban", [COMMERCE], [KASPERSKY], article="n1"),
        event(3, "Order", [DHS], [US], article="n2"),
    ]
    write_article(store, _article(1), events[:2], version="t")
    write_article(store, _article(2), events[2:], version="t")
    assert _buckets(store) == {str(pair_count_iri(2)): {2}, str(pair_count_iri(1)): {1}}
    write_article(store, _article(1), events[:1], version="t")  # Commerce's pair drops to 1
    assert _buckets(store) == {str(pair_count_iri(1)): {1}}  # bucket 2 is pruned
    before_rebuild = _rows(store, _BUCKETS)
    rebuild_pairs(store)
    assert _rows(store, _BUCKETS) == before_rebuild
    remove_article(store, "n1")
    remove_article(store, "n2")
    assert _rows(store, _BUCKETS) == set()


def test_who_acted_on_whom_takes_the_largest_buckets_first(store) -> None:
    entities = [COMMERCE, DHS, US, KASPERSKY]
    counts = [4, 3, 3, 1, 1, 2]  # events per agent -> patient pair
    pairs = [(a, p) for a in entities for p in entities if a != p][: len(counts)]
    events = []
    for (agent, patient), n in zip(pairs, counts, strict=True):
        for _ in range(n):
            i = len(events) + 1
            events.append(event(i, "Ban", [agent], [patient], article="n1"))
    write_article(store, _article(1), events, version="t")

    def top(limit: str) -> list[int]:
        rows = run_query(store, "who_acted_on_whom", params={"limit": limit}).rows
        return [int(str(r[3])) for r in rows]

    expected = sorted(counts, reverse=True)
    assert top("0") == expected
    for limit in range(1, len(counts) + 2):
        assert top(str(limit)) == expected[:limit], limit


def test_indexes_equal_a_full_recount_after_every_write_and_removal(store) -> None:
    """Pairs only an article's new content has are added to, the others recounted."""
    rng = random.Random(14)
    actors = [COMMERCE, DHS, KASPERSKY, US]

    def events_of(article: int, version: int) -> list[Event]:
        out = []
        for k in range(rng.randint(0, 5)):
            year, month = rng.choice([2016, 2017, 2024]), rng.randint(1, 12)
            value, granularity = rng.choice(
                [(f"{year}-{month:02d}-0{k + 1}", "day"), (str(year), "year"), (None, None)]
            )
            made = event(
                article * 100 + version * 10 + k,
                rng.choice(["Ban", "Order"]),
                [rng.choice(actors)],
                [rng.choice(actors)],
                value,
                granularity,
                article=f"n{article}",
            )
            out.append(made)
        return out

    for step in range(24):
        article = rng.randint(1, 5)
        if step % 6 == 5:
            remove_article(store, f"n{article}")
        else:
            write_article(store, _article(article), events_of(article, step), version="t")
        pairs, buckets = _rows(store, _PAIRS), _rows(store, _BUCKETS)
        tallies, months = _rows(store, _TALLIES), _rows(store, _MONTHS)
        assert pairs == _recomputed(store), step
        assert buckets == _rows(store, _BUCKETS), step
        rebuild_tallies(store)
        assert tallies == _rows(store, _TALLIES), step
        linked = _rows(
            store, f"SELECT DISTINCT ?m WHERE {{ GRAPH ?g {{ ?e <{KG.overlapsMonth}> ?m }} }}"
        )
        assert {(r[0],) for r in months} == linked, step
