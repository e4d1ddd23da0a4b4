"""Event resolution: reports -> canonical events, sources, disagreements, order and increments."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.articles import read_canonical, resolve_blocks, write_article
from kg.cli import main
from kg.corefer import article_keywords, block_key, by_report, outlet_of, resolve_events
from kg.namespace import CANONICAL_GRAPH_BASE, canonical_iri, event_iri
from kg.query import run_query
from kg.store import Store, open_store
from kg.types import LISTING_CONFIDENCE, Article, Entity, Event, EventDate

COMMERCE = Entity("urn:commerce", "US Department of Commerce", "GovernmentAgency")
DHS = Entity("urn:dhs", "US Department of Homeland Security", "GovernmentAgency")
KASPERSKY = Entity("urn:kaspersky", "Kaspersky", "Company")
STORY = frozenset({"kaspersky", "commerce", "raimondo", "moscow"})


def report(
    article: str,
    start: int,
    action: str = "ban",
    *,
    value: str | None = None,
    granularity: str = "day",
    agents: tuple[Entity, ...] = (COMMERCE,),
    type_: str = "Ban",
    sentence: str | None = None,
    confidence: float = 0.8,
    modality: str = "asserted",
) -> Event:
    """A report of a ban in ``article`` whose sentence starts at ``start``."""
    when = EventDate(value, granularity, f"text for {value}") if value else None
    return Event(
        id=str(event_iri(article, start, start + 4, action)),
        article=article,
        sentence=sentence or f"{article}: sentence at {start} about the {action}.",
        start=start,
        end=start + 60,
        trigger=action,
        action=action,
        type=type_,
        trigger_start=start + 4,
        trigger_end=start + 4 + len(action),
        agents=agents,
        patients=(KASPERSKY,),
        date=when,
        modality=modality,
        confidence=confidence,
    )


def resolve(
    events: list[Event], outlets: dict[str, str], published: dict[str, date] | None = None
) -> list:
    """Resolve with every article in the same story."""
    return resolve_events(
        events,
        outlets=outlets,
        keywords={e.article: STORY for e in events},
        published=published,
        mint=lambda r: str(canonical_iri(r)),
    )


def test_reports_from_three_outlets_corroborate_with_the_most_specific_date() -> None:
    events = [
        report("wire-1", 0, value="2024-06-20"),
        report("post-1", 100, value="2024", granularity="year"),
        report("ledger-1", 50, value="2024-06", granularity="month"),
    ]
    (canonical,) = resolve(events, {"wire-1": "wire", "post-1": "post", "ledger-1": "ledger"})
    assert canonical.sources == 3
    assert canonical.outlets == ("ledger", "post", "wire")
    assert canonical.date is not None and canonical.date.value == "2024-06-20"
    assert canonical.disagreements == ()
    assert canonical.confidence > 0.99 > max(e.confidence for e in events)
    assert canonical.id == str(canonical_iri(min(e.id for e in events)))
    assert set(canonical.reports) == {e.id for e in events}


def test_one_outlet_and_a_reprint_are_one_source() -> None:
    same = "The Commerce Department on Thursday banned Kaspersky."
    events = [
        report("wire-1", 0, value="2024-06-20", sentence=same),
        report("wire-2", 0, value="2024-06-20"),
        report("valley-1", 0, value="2024-06-20", sentence=same),
    ]
    outlets = {"wire-1": "wire", "wire-2": "wire", "valley-1": "valley post"}
    (canonical,) = resolve(events, outlets)
    assert canonical.sources == 1
    assert canonical.outlets == ("valley post", "wire")


def test_a_day_apart_is_a_recorded_disagreement_with_both_sources() -> None:
    events = [
        report("wire-1", 0, "prohibit", value="2024-09-29", type_="Ban"),
        report("post-1", 0, "prohibit", value="2024-09-29", type_="Ban"),
        report("ledger-1", 0, "prohibit", value="2024-09-30", type_="Ban"),
    ]
    outlets = {"wire-1": "wire", "post-1": "post", "ledger-1": "ledger"}
    (canonical,) = resolve(events, outlets)
    (dispute,) = canonical.disagreements
    assert dispute.aspect == "date"
    assert [(c.value, c.sources, c.articles) for c in dispute.claims] == [
        ("2024-09-29", ("post", "wire"), ("post-1", "wire-1")),
        ("2024-09-30", ("ledger",), ("ledger-1",)),
    ]
    assert canonical.date is not None and canonical.date.value == "2024-09-29"
    agreed = resolve(events[:2], outlets)[0]
    assert canonical.confidence < agreed.confidence
    assert dispute.to_json()["values"][1]["reports"] == [events[2].id]


def test_a_different_named_agent_is_a_disagreement() -> None:
    events = [
        report("wire-1", 0, value="2017-09-13", agents=(DHS,)),
        report("post-1", 0, value="2017-09-13", agents=(COMMERCE,)),
    ]
    (canonical,) = resolve(events, {"wire-1": "wire", "post-1": "post"})
    assert [d.aspect for d in canonical.disagreements] == ["agent"]
    values = {c.value for c in canonical.disagreements[0].claims}
    assert values == {DHS.label, COMMERCE.label}


def test_what_two_speakers_say_is_two_statements() -> None:
    events = [
        report("wire-1", 0, "say", type_="Statement", agents=(KASPERSKY,)),
        report("post-1", 0, "say", type_="Statement", agents=(COMMERCE,)),
        report("post-1", 300, "say", type_="Statement", agents=(KASPERSKY,)),
    ]
    canonical = resolve(events, {"wire-1": "wire", "post-1": "post"})
    assert sorted((len(c.reports), c.agents) for c in canonical) == [
        (1, (COMMERCE,)),
        (2, (KASPERSKY,)),
    ]


def test_dates_years_apart_are_two_events() -> None:
    events = [
        report("a-2017", 0, value="2017-09-13"),
        report("b-2024", 0, value="2024-06-20"),
        report("c-2024", 0, value="2024-06-20"),
    ]
    canonical = resolve(events, {"a-2017": "x", "b-2024": "y", "c-2024": "z"})
    assert sorted(len(c.reports) for c in canonical) == [1, 2]


def test_an_event_reported_as_past_cannot_be_dated_after_its_article() -> None:
    events = [report("old", 0), report("new-1", 0, value="2024-06-20")]
    published = {"old": date(2024, 6, 1), "new-1": date(2024, 6, 21)}
    assert len(resolve(events, {"old": "x", "new-1": "y"}, published)) == 2
    assert len(resolve(events, {"old": "x", "new-1": "y"})) == 1


def test_repeated_mentions_within_one_article_cluster() -> None:
    events = [
        report("a1", 0, "say", type_="Statement", agents=(KASPERSKY,)),
        report("a1", 300, "say", type_="Statement", agents=(KASPERSKY,)),
        report("a1", 600, "say", type_="Statement", agents=(DHS,)),
    ]
    canonical = resolve(events, {"a1": "x"})
    sizes = sorted(len(c.reports) for c in canonical)
    assert sizes == [1, 2]
    assert next(c for c in canonical if len(c.reports) == 1).agents == (DHS,)


def test_different_stories_stay_apart() -> None:
    events = [report("a1", 0, "enter", type_="Other"), report("b1", 0, "enter", type_="Other")]
    canonical = resolve_events(
        events,
        outlets={},
        keywords={"a1": frozenset({"reid", "promises", "malibu"}), "b1": frozenset({"lohan"})},
        mint=lambda r: r,
    )
    assert len(canonical) == 2


def test_resolution_is_order_free() -> None:
    events = [
        report("wire-1", 0, value="2024-06-20"),
        report("post-1", 0, value="2024", granularity="year"),
        report("ledger-1", 0, "prohibit", value="2024-09-30"),
        report("post-1", 200, "prohibit", value="2024-09-29"),
        report("old-1", 0, value="2017-09-13", agents=(DHS,)),
    ]
    outlets = {"wire-1": "w", "post-1": "p", "ledger-1": "l", "old-1": "o"}
    first = [c.to_json() for c in resolve(events, outlets)]
    for order in itertools.permutations(events):
        assert [c.to_json() for c in resolve(list(order), outlets)] == first


def test_block_keys_and_outlets() -> None:
    assert block_key(report("a", 0)) == "Ban"
    assert block_key(report("a", 0, "say", type_="Statement")) == "Statement/say"
    assert outlet_of(Article("a", "", source=" Capitol  Wire")) == "capitol wire"
    assert outlet_of(Article("a", "", url="https://www.techledger.example.net/x")) == (
        "techledger.example.net"
    )
    assert outlet_of(Article("a", "")) == "article:a"


def test_article_keywords_are_names_not_sentence_openers() -> None:
    article = Article(
        "a",
        "Another day. Officials said Tara Reid entered Promises in Malibu on Monday. Reid is 33.",
    )
    words = article_keywords(article, [report("a", 0)])
    assert {"tara", "reid", "promises", "malibu", "@urn:kaspersky"} <= words
    assert "another" not in words and "monday" not in words and "officials" not in words


# -- in the store ------------------------------------------------------------------------------
def _article(ident: str, source: str, published: date) -> Article:
    return Article(
        ident,
        "Kaspersky Commerce Raimondo Moscow " * 3,
        title="Commerce bans Kaspersky",
        published=published,
        source=source,
    )


ARTICLES = [
    (
        _article("wire-1", "Wire", date(2024, 6, 21)),
        [
            report("wire-1", 0, "prohibit", value="2024-09-29", modality="planned"),
            report("wire-1", 100),
        ],
    ),
    (
        _article("ledger-1", "Ledger", date(2024, 6, 21)),
        [
            report("ledger-1", 0, "prohibit", value="2024-09-30", modality="planned"),
            report("ledger-1", 100),
        ],
    ),
    (
        _article("old-1", "Daily", date(2017, 9, 14)),
        [report("old-1", 0, "order", type_="Order", value="2017-09-13", agents=(DHS,))],
    ),
]


def _canonical_graphs(store: Store) -> Graph:
    g = Graph()
    for iri in store.graphs():
        if str(iri).startswith(CANONICAL_GRAPH_BASE):
            result = store.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
            )
            assert result.graph is not None
            g += result.graph
    return g


def _build(store: Store, items: list, *, per_article: bool) -> None:
    blocks: set[str] = set()
    for article, events in items:
        write_article(store, article, events, version="test")
        keys = {block_key(e) for e in events}
        if per_article:
            resolve_blocks(store, keys)
        blocks |= keys
    resolve_blocks(store, blocks)


def test_store_round_trip_and_disputed_facts(store: Store) -> None:
    _build(store, ARTICLES, per_article=False)
    canonical = read_canonical(store)
    expected = resolve_events(
        [e for _, events in ARTICLES for e in events],
        outlets={"wire-1": "wire", "ledger-1": "ledger", "old-1": "daily"},
        keywords={a.id: article_keywords(a, evs) for a, evs in ARTICLES},
        published={a.id: a.published for a, _ in ARTICLES if a.published},
        mint=lambda r: str(canonical_iri(r)),
    )
    assert [c.to_json() for c in canonical] == [c.to_json() for c in expected]
    updates = by_report(canonical)[ARTICLES[0][1][0].id]
    assert updates.sources == 2 and updates.disagreements[0].aspect == "date"
    rows = run_query(store, "disputed_facts", params={"aspect": "date"}).dicts()
    assert [(str(r["value"]), str(r["outlets"])) for r in rows] == [
        ("2024-09-29", "wire"),
        ("2024-09-30", "ledger"),
    ]


def test_any_order_and_incremental_builds_give_isomorphic_graphs(tmp_path: Path) -> None:
    graphs = []
    for k, (order, per_article) in enumerate(
        [(ARTICLES, False), (ARTICLES[::-1], False), (ARTICLES[1:] + ARTICLES[:1], True)]
    ):
        with open_store(str(tmp_path / f"s{k}")) as store:
            _build(store, order, per_article=per_article)
            graphs.append(_canonical_graphs(store))
    assert len(graphs[0]) > 0
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


def test_removing_an_article_updates_its_canonical_events(store: Store) -> None:
    from kg.articles import remove_article

    _build(store, ARTICLES, per_article=False)
    assert remove_article(store, "ledger-1")
    updates = by_report(read_canonical(store))[ARTICLES[0][1][0].id]
    assert updates.sources == 1 and updates.disagreements == ()
    assert not any("ledger-1" in r for c in read_canonical(store) for r in c.reports)


def test_validate_accepts_canonical_graphs(store: Store) -> None:
    from kg.validate import validate

    _build(store, ARTICLES, per_article=False)
    report_ = validate(store)
    assert report_.conforms, report_.violations


def test_events_cli_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    location = str(tmp_path / "store")
    with open_store(location) as store:
        _build(store, ARTICLES, per_article=False)
    assert main(["events", "--store", location, "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 5  # one line per report
    for line in lines:
        assert {"id", "article", "trigger_start", "canonical", "sources", "disagreements"} <= set(
            line
        )
    wire = next(x for x in lines if x["id"] == ARTICLES[0][1][0].id)
    ledger = next(x for x in lines if x["id"] == ARTICLES[1][1][0].id)
    assert wire["canonical"] == ledger["canonical"] and wire["sources"] == 2
    assert [v["value"] for v in wire["disagreements"][0]["values"]] == ["2024-09-29", "2024-09-30"]
    assert main(["events", "--store", location, "--canonical"]) == 0
    canonical = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(canonical) == len({x["canonical"] for x in lines})
    assert main(["events", "--store", location]) == 0
    table = capsys.readouterr().out
    assert "sources" in table and "date" in table.split("\n")[2] or "disputed" in table
    assert f"({len(canonical)} events)" in table
    assert main(["events", "--store", location, "--reports"]) == 0
    assert "(5 events)" in capsys.readouterr().out


# -- the sample corpus -----------------------------------------------------------------------
DATA = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from kg.pipeline import build

    location = str(tmp_path_factory.mktemp("sample") / "store")
    with open_store(location) as store:
        build([DATA], store)
        yield read_canonical(store)


@pytest.mark.model
def test_sample_corpus_updates_deadline_is_disputed_by_one_outlet(sample) -> None:
    disputed = [c for c in sample if any(d.aspect == "date" for d in c.disagreements)]
    (updates,) = [c for c in disputed if c.date and c.date.value.startswith("2024-09")]
    claims = {c.value: c.sources for c in updates.disagreements[0].claims}
    # The Commerce release ("From Sept. 29, ... resales will also be prohibited") agrees.
    assert claims == {
        "2024-09-29": ("capitol wire", "kg sample corpus", "valley post"),
        "2024-09-30": ("tech ledger",),
    }
    # The Valley Post runs the Capitol Wire sentence word for word: a reprint, one source.
    assert {"capitol wire", "valley post", "tech ledger"} <= set(updates.outlets)
    assert updates.sources == len(updates.outlets) - 1
    assert updates.date is not None and updates.date.value == "2024-09-29"


@pytest.mark.model
def test_sample_corpus_commerce_ban_is_one_event_with_its_sources(sample) -> None:
    # A report no listing shows ("the rules allow the department to prohibit ...") is
    # resolved apart; the listed ban is one event.
    (ban,) = [
        c
        for c in sample
        if c.type == "Ban"
        and c.date
        and c.date.value == "2024-06-20"
        and c.confidence >= LISTING_CONFIDENCE
    ]
    assert {
        "2024-06-21-capitol-wire-commerce-ban",
        "2024-06-21-tech-ledger-kaspersky-updates",
        "2024-06-22-valley-post-kaspersky-ban",
    } <= set(ban.articles)
    assert {"capitol wire", "tech ledger", "valley post"} <= set(ban.outlets)
    assert ban.sources == len(ban.outlets) - 1  # the reprint counts once
    assert [a.label for a in ban.agents] == ["US Department of Commerce"]


@pytest.mark.model
def test_sample_corpus_dhs_order_is_corroborated_by_another_outlet(sample) -> None:
    orders = [c for c in sample if c.type == "Order" and c.date and c.date.value == "2017-09-13"]
    (order,) = [c for c in orders if "2017-09-14-metro-daily-dhs-directive" in c.articles]
    assert "2017-09-14-dhs-orders-kaspersky-removal" in order.articles
    assert order.sources >= 2 and "metro daily" in order.outlets


def test_timeline_draws_one_node_per_canonical_event_and_marks_disputes() -> None:
    from kg.convert import events_to_nx
    from kg.viz import collapse_reports, timeline_data

    events = [e for _, evs in ARTICLES for e in evs]
    canonical = resolve_events(
        events,
        outlets={"wire-1": "wire", "ledger-1": "ledger", "old-1": "daily"},
        keywords={a.id: article_keywords(a, evs) for a, evs in ARTICLES},
        published={a.id: a.published for a, _ in ARTICLES if a.published},
        mint=lambda r: str(canonical_iri(r)),
    )
    drawn = collapse_reports(events, by_report(canonical))
    assert sorted(e.id for e in drawn) == sorted(c.id for c in canonical)
    G = events_to_nx(drawn)
    for event in drawn:
        G.nodes[event.id]["resolution"] = event.extra["resolution"]
    nodes = {n["id"]: n for n in timeline_data(G)["nodes"] if n["kg"]["kind"] == "event"}
    (updates,) = [c for c in canonical if c.disagreements]
    info = nodes[updates.id]["kg"]
    assert info["label"].startswith("\u2260 ")
    assert info["sources"] == 2 and len(info["reports"]) == 2
    assert info["disputes"] == ["date: 29 Sep 2024 (wire) vs 30 Sep 2024 (ledger)"]
    calm = [n["kg"] for i, n in nodes.items() if i != updates.id]
    assert calm and not any(k["label"].startswith("\u2260") for k in calm)


def test_resolving_many_blocks_reads_the_same_reports(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.articles

    _build(store, ARTICLES, per_article=False)
    selected = [c.to_json() for c in read_canonical(store)]
    monkeypatch.setattr(kg.articles, "_BLOCKS_LIMIT", 0)  # every block: one scan of all events
    resolve_blocks(store, {block_key(e) for _, evs in ARTICLES for e in evs})
    assert [c.to_json() for c in read_canonical(store)] == selected



def test_each_articles_own_description_of_a_patient_does_not_keep_reports_apart() -> None:
    from dataclasses import replace

    def rescue(article: str, patient: Entity) -> Event:
        event = report(article, 0, "rescue", type_="Other", value="2024-06-20", agents=())
        return replace(event, patients=(patient,))

    def resolved(a: Entity, b: Entity) -> int:
        return len(
            resolve_events(
                [rescue("wire-1", a), rescue("post-1", b)],
                outlets={"wire-1": "wire", "post-1": "post"},
                # a third of the story's names in common: a weak link on its own
                keywords={"wire-1": frozenset("abc"), "post-1": frozenset("cde")},
                mint=lambda r: str(canonical_iri(r)),
            )
        )

    climber = Entity("urn:a/climber", "british climber", "Other")
    man = Entity("urn:b/man", "injured man", "Other")
    assert resolved(climber, man) == 1  # each article's own words for the one rescued
    smith = Entity("urn:smith", "John Smith", "Person")
    jones = Entity("urn:jones", "Mary Jones", "Person")
    assert resolved(smith, jones) == 2  # two named people: two rescues


@pytest.mark.parametrize(
    ("first", "second"), [("rock", "jolt"), ("fall", "plunge"), ("issue", "release")]
)
def test_synonymous_triggers_from_two_outlets_are_one_event(first: str, second: str) -> None:
    events = [
        report("wire-9", 0, first, type_="Other", value="2024-03-04"),
        report("post-9", 0, second, type_="Other", value="2024-03-04"),
    ]
    (canonical,) = resolve(events, {"wire-9": "wire", "post-9": "post"})
    assert canonical.sources == 2


def test_unrelated_triggers_stay_apart() -> None:
    events = [
        report("wire-9", 0, "plunge", type_="Other", value="2024-03-04"),
        report("post-9", 0, "rock", type_="Other", value="2024-03-04"),
    ]
    assert len(resolve(events, {"wire-9": "wire", "post-9": "post"})) == 2


def test_each_trigger_lemma_has_one_synonym_set() -> None:
    from kg.corefer import lemma_key, lemmas_of

    for key in ("die", "hit", "fall", "destroy", "injure"):
        words = lemmas_of(key)
        assert len(words) > 1 and all(lemma_key(w) == key for w in words)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("arrest", "LegalAction"), ("capture", "Other")),
        (("shoot", "Attack"), ("gun down", "Other")),
    ],
)
def test_synonyms_typed_apart_by_the_lexicon_are_one_event(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    events = [
        report("wire-9", 0, first[0], type_=first[1], value="2024-03-04"),
        report("post-9", 0, second[0], type_=second[1], value="2024-03-04"),
    ]
    (canonical,) = resolve(events, {"wire-9": "wire", "post-9": "post"})
    assert canonical.sources == 2


def test_a_synonym_sets_block_is_read_back_whatever_each_reports_type(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.articles

    arrested = report("wire-9", 0, "arrest", type_="LegalAction", value="2024-03-04")
    captured = report("post-9", 0, "capture", type_="Other", value="2024-03-04")
    assert block_key(arrested) == block_key(captured)
    # a short VALUES list of the block's lemmas under every broad type, not a full scan
    monkeypatch.setattr(kg.articles, "_BLOCKS_LIMIT", 10**6)
    _build(
        store,
        [
            (_article("wire-9", "Wire", date(2024, 3, 5)), [arrested]),
            (_article("post-9", "Post", date(2024, 3, 5)), [captured]),
        ],
        per_article=True,
    )
    (canonical,) = read_canonical(store)
    assert sorted(canonical.reports) == sorted([arrested.id, captured.id])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("burn", "catch fire"),
        ("find", "discover"),
        ("release", "rush out"),
        ("check in", "be admitted"),
    ],
)
def test_more_synonyms_from_two_outlets_are_one_event(first: str, second: str) -> None:
    events = [
        report("wire-9", 0, first, type_="Other", value="2024-03-04"),
        report("post-9", 0, second, type_="Other", value="2024-03-04"),
    ]
    (canonical,) = resolve(events, {"wire-9": "wire", "post-9": "post"})
    assert canonical.sources == 2


def test_a_story_each_article_tells_many_times_still_links_across_articles() -> None:
    outlets = {"wire-7": "wire", "post-7": "post", "ledger-7": "ledger"}
    events = [
        report(article, 100 * k, "burn", type_="Other", value="2024-03-04", agents=())
        for article in outlets
        for k in range(10)
    ]  # 30 reports share every story keyword: more than a keyword may propose alone
    (canonical,) = resolve(events, outlets)
    assert canonical.sources == 3 and len(canonical.reports) == 30


def test_a_keyword_of_many_stories_proposes_no_pairs() -> None:
    outlets = {f"site-{n}": f"outlet-{n}" for n in range(30)}
    events = [report(a, 0, "burn", type_="Other", value=None, agents=()) for a in outlets]
    # one shared keyword, thirty articles, nothing else in common: no links through it
    found = resolve_events(
        events,
        outlets=outlets,
        keywords={a: frozenset({"fire"}) for a in outlets},
        mint=lambda r: str(canonical_iri(r)),
    )
    assert len(found) == 30


def test_no_happening_noun_shares_a_synonym_set_with_another_kind_of_event() -> None:
    from kg.corefer import lemma_key
    from kg.lexicon import EVENT_NOUNS, STANDALONE_EVENT_NOUNS

    # "the storm" is weather, not "stormed the ship"; "a fire broke out" is no escape
    assert lemma_key(EVENT_NOUNS["storm"]) == "storm"
    assert lemma_key("break out") == "break out"
    for noun in STANDALONE_EVENT_NOUNS:
        key = lemma_key(EVENT_NOUNS[noun])
        assert key in (EVENT_NOUNS[noun], "die", "burn", "explode", "earthquake"), noun


def test_an_articles_record_gives_back_its_reports_as_resolution_reads_them() -> None:
    from kg.corefer import ArticleRecord, decode_record, encode_reports, encode_sources

    article, bans = ARTICLES[0]
    said = report("wire-1", 200, "say", type_="Statement", confidence=0.3)
    events = [*bans, said]
    placed = replace(bans[0], place=(Entity("urn:dc", "Washington", "Place"),))
    record = ArticleRecord.of(article, [placed, *events[1:]])
    parts = {key: encode_reports(reports) for key, reports in record.by_block().items()}
    assert sorted(parts) == ["Ban", "Statement/say/low"]
    back = decode_record(encode_sources(record), parts.values())
    assert back is not None
    assert (back.article, back.outlet, back.published) == (article.id, "wire", article.published)
    assert back.keywords == article_keywords(article, events)
    assert sorted(back.reports, key=lambda e: e.id) == sorted(events, key=lambda e: e.id)
    one = decode_record(encode_sources(record), [parts["Statement/say/low"]])
    assert one is not None and one.reports == (said,)
    older = json.loads(parts["Ban"]) | {"v": 0}
    assert decode_record(encode_sources(record), [json.dumps(older)]) is None


def test_resolving_from_records_equals_resolving_from_the_reports_triples(store: Store) -> None:
    from kg.articles import read_records

    _build(store, ARTICLES, per_article=False)
    blocks = {block_key(e) for _, evs in ARTICLES for e in evs}
    records = read_records(store, blocks)
    assert records is not None and [r.article for r in records] == sorted(
        a.id for a, _ in ARTICLES
    )
    from_records = [c.to_json() for c in read_canonical(store)]
    resolve_blocks(store, blocks, records=False)  # told to read the triples
    assert [c.to_json() for c in read_canonical(store)] == from_records
    # A store an earlier version wrote has no records: its reports' triples are read.
    store.update(
        "DELETE { GRAPH ?g { ?a <https://w3id.org/kgnews/ontology#resolutionSources> ?r } } "
        "WHERE { GRAPH ?g { ?a <https://w3id.org/kgnews/ontology#resolutionSources> ?r } }"
    )
    assert read_records(store, blocks) is None
    resolve_blocks(store, blocks)
    assert [c.to_json() for c in read_canonical(store)] == from_records
