"""The `kg` command end to end on a small corpus (real model, directory store)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.cli import main

pytestmark = pytest.mark.model

ONE = """---
id: one
title: Agency bans software
published: 2024-06-21
url: https://example.org/one
source: Example Wire
---
The Department of Homeland Security banned Kaspersky products from federal networks in 2017.
On Thursday the Commerce Department announced a ban on Kaspersky software sales.
"""
TWO = """FCC Adds Carriers to List

The Federal Communications Commission added Kaspersky Lab to its Covered List on Friday.
DHS said on Monday that it would fine ZTE.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "one.md").write_text(ONE)
    (root / "two.txt").write_text(TWO)
    return root


@pytest.fixture(scope="module")
def store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("store") / "kg-store")
    assert main(["build", str(corpus), "--published", "2022-03-26", "--store", location]) == 0
    return location


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def events(capsys, store, *extra):
    code, out, _ = run(capsys, "events", "--store", store, "--format", "jsonl", *extra)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_build_summary_and_rebuild_changes_nothing(capsys, corpus, store) -> None:
    # --force rebuilds the unchanged articles (a plain rebuild skips them).
    code, out, _ = run(
        capsys, "build", str(corpus), "--published", "2022-03-26", "--store", store, "--force"
    )
    assert code == 0
    match = re.match(r"2 articles, (\d+) events, (\d+) entities, (\d+) triples", out)
    assert match, out
    triples = int(match.group(3))
    run(capsys, "build", str(corpus), "--published", "2022-03-26", "--store", store, "--force")
    code, out2, _ = run(capsys, "build", str(corpus), "--published", "2022-03-26", "--store", store)
    assert int(re.match(r".*?(\d+) triples", out2).group(1)) == triples


def test_events_jsonl_contract_field_by_field(capsys, store) -> None:
    rows = events(capsys, store)
    assert rows, "no events"
    for row in rows:
        for key in (
            "id",
            "article",
            "sentence",
            "start",
            "end",
            "trigger",
            "action",
            "type",
            "agents",
            "patients",
            "place",
            "date",
            "confidence",
        ):
            assert key in row
        assert row["id"].startswith("http")
        assert isinstance(row["start"], int) and row["end"] > row["start"]
        assert 0.0 <= row["confidence"] <= 1.0
        for ent in row["agents"] + row["patients"] + row["place"]:
            assert set(ent) >= {"id", "label", "type", "aliases"}
            assert isinstance(ent["aliases"], list)
        if row["date"] is not None:
            assert set(row["date"]) >= {"value", "granularity", "text", "relation"}
            assert row["date"]["relation"] in ("on", "before", "after", "from", "until", "within")
    ban = next(
        r for r in rows if r["action"] == "ban" and r["date"] and r["date"]["value"] == "2017"
    )
    assert ban["article"] == "one"
    assert ban["agents"][0]["label"] == "US Department of Homeland Security"
    assert ban["date"]["granularity"] == "year"
    assert "Kaspersky" in [p["label"] for p in ban["patients"]]
    # The sentence offsets index the article text.
    text = ONE.split("---\n", 2)[2]
    assert text[ban["start"] : ban["end"]].strip() == ban["sentence"]
    # Time order: dated events first, ascending.
    dated = [r["date"]["value"] for r in rows if r["date"]]
    assert dated == sorted(dated)
    # The article without a date took --published: "on Friday" is 2022-03-25.
    listing = next(r for r in rows if r["type"] == "EntityListing")
    assert listing["date"]["value"] == "2022-03-25"


def test_one_entity_for_dhs_across_articles(capsys, store) -> None:
    rows = events(capsys, store)
    dhs = {e["id"] for r in rows for e in r["agents"] if "Homeland" in e["label"]}
    assert len(dhs) == 1


def test_event_filters(capsys, store) -> None:
    assert {r["type"] for r in events(capsys, store, "--type", "Ban")} == {"Ban"}
    since = events(capsys, store, "--since", "2024")
    assert since and all(r["date"]["value"] >= "2024" for r in since)
    kas = events(capsys, store, "--actor", "kaspersky lab")
    assert kas and all(
        any(e["label"] == "Kaspersky" for e in r["agents"] + r["patients"]) for r in kas
    )


def test_events_csv_and_table(capsys, store) -> None:
    code, out, _ = run(capsys, "events", "--store", store, "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("date,type,action,agents")
    code, out, _ = run(capsys, "events", "--store", store)
    assert code == 0 and "US Department of Homeland Security" in out and "events)" in out


def test_query_text_and_canned_file_with_param(capsys, store) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "--store",
        store,
        "--format",
        "json",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    )
    assert code == 0 and int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) > 50
    rq = Path(__file__).resolve().parents[1] / "ontology" / "queries" / "actor_timeline.rq"
    code, out, err = run(
        capsys, "query", "--store", store, str(rq), "--param", "actor=DHS", "--format", "csv"
    )
    assert code == 0, err
    assert "2017" in out


def test_timeline_analyze_export_validate(capsys, store, tmp_path) -> None:
    page = tmp_path / "t.html"
    code, out, _ = run(capsys, "timeline", "--store", store, "-o", str(page))
    assert code == 0 and page.exists() and "<script" in page.read_text()
    assert not (tmp_path / "lib").exists()
    code, out, _ = run(capsys, "analyze", "--store", store, "--format", "json")
    assert code == 0 and json.loads(out)
    nq = tmp_path / "all.nq"
    code, out, _ = run(capsys, "export", "--store", store, "--format", "nq", "-o", str(nq))
    assert code == 0 and nq.stat().st_size > 0
    code, out, _ = run(capsys, "validate", "--store", store)
    assert code == 0, out


def test_bad_input_is_reported_and_the_rest_is_stored(capsys, tmp_path) -> None:
    (tmp_path / "good.txt").write_text("The FCC banned Huawei equipment in 2019.\n")
    (tmp_path / "bad.md").write_text("---\npublished: yesterday-ish\n---\nText.\n")
    location = str(tmp_path / "s")
    code, out, err = run(capsys, "build", str(tmp_path), "--store", location)
    assert code == 1
    assert "bad.md: publication date 'yesterday-ish' is not an ISO date" in err
    assert out.startswith("1 articles")
    assert [r["action"] for r in events(capsys, location)] == ["ban"]


def test_remove_article(capsys, corpus, tmp_path) -> None:
    location = str(tmp_path / "s")
    assert main(["build", str(corpus), "--store", location, "--published", "2022-03-26"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "remove", "--store", location, "one")
    assert code == 0 and "removed one" in out
    assert {r["article"] for r in events(capsys, location)} == {"two"}
    code, _, err = run(capsys, "remove", "--store", location, "nope")
    assert code == 1 and "nope" in err


def test_dates_text_and_jsonl(capsys, tmp_path) -> None:
    code, out, _ = run(
        capsys, "dates", "--dct", "2024-06-21", "Starting", "September", "29,", "sales", "end."
    )
    assert code == 0
    first = json.loads(out.splitlines()[0])
    assert (first["text"], first["value"], first["type"]) == ("September 29", "2024-09-29", "DATE")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"doc_id": "d1", "dct": "2017-09-14", "text": "In 2017 it rose."})
        + "\nnot json\n"
    )
    code, out, err = run(capsys, "dates", "--jsonl", str(docs))
    assert code == 1 and "line 2" in err
    line = json.loads(out.splitlines()[0])
    assert line["doc_id"] == "d1" and line["timexes"][0]["value"] == "2017"


@pytest.mark.parametrize(
    "command",
    [
        "build",
        "events",
        "query",
        "timeline",
        "analyze",
        "export",
        "validate",
        "remove",
        "dates",
        "serve",
    ],
)
def test_every_subcommand_has_help(capsys, command) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert ("--store" in capsys.readouterr().out) == (command != "dates")


def test_unknown_query_parameter_is_an_error(capsys, store) -> None:
    code, _, err = run(capsys, "query", "--store", store, "actor_timeline", "--param", "actr=FCC")
    assert code == 1 and "actr" in err and "it takes actor (required)" in err


def test_query_list_names_each_canned_query_its_purpose_and_parameters(capsys) -> None:
    from kg.query import canned_queries

    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    heads = [line for line in out.splitlines() if not line.startswith(" ")]
    assert [h.split(":")[0] for h in heads] == list(canned_queries())
    assert all(len(h.split(": ", 1)[1]) > 10 for h in heads)  # each says what it is for
    blocks = {b.split(":")[0]: b for b in re.split(r"\n(?=\S)", out.strip())}
    params = {
        name: re.findall(r"--param (\w+)=", block) for name, block in blocks.items()
    }
    assert params["events_between"] == ["since", "until", "limit"]
    assert params["actor_timeline"] == ["actor"]
    assert params["who_acted_on_whom"] == ["actor", "target", "limit"]
    assert params["provenance"] == ["event"]
    assert "required" in blocks["actor_timeline"] and "required" not in blocks["events_between"]


def test_parameter_error_lists_the_query_parameters_only(capsys, store) -> None:
    code, out, err = run(
        capsys, "query", "--store", store, "events_between", "--param", "sice=2017"
    )
    assert code == 1 and out == ""
    assert "sice" in err and "it takes since, until, limit" in err
    # Not the variables of the query's body.
    assert "?date" not in err and "granularity" not in err and "since_first" not in err


def test_missing_required_parameter_says_which(capsys, store) -> None:
    code, _, err = run(capsys, "query", "--store", store, "actor_timeline")
    assert code == 1 and "needs --param actor=VALUE" in err


def test_query_needs_a_query_or_list(capsys, store) -> None:
    code, _, err = run(capsys, "query", "--store", store)
    assert code == 1 and "--list" in err


def test_events_table_writes_dates_for_people(capsys, store) -> None:
    code, out, _ = run(capsys, "events", "--store", store, "--reports")
    assert code == 0
    assert "25 Mar 2022" in out and "2022-03-25" not in out
    # The contract keeps the TIMEX3 value.
    values = [r["date"]["value"] for r in events(capsys, store) if r["date"]]
    assert "2022-03-25" in values


def test_week_dates_sort_and_filter_by_the_days_they_cover(capsys, tmp_path) -> None:
    (tmp_path / "w.md").write_text(
        "---\npublished: 2024-06-21\n---\nThe FCC banned Huawei equipment this week.\n"
        "The FCC fined ZTE on September 3.\n"
    )
    location = str(tmp_path / "s")
    assert main(["build", str(tmp_path), "--store", location]) == 0
    capsys.readouterr()
    rows = events(capsys, location)
    assert [r["date"]["value"] for r in rows] == ["2024-W25", "2024-09-03"]
    assert [
        r["action"]
        for r in events(capsys, location, "--since", "2024-06-15", "--until", "2024-06-30")
    ] == ["ban"]
    assert [r["action"] for r in events(capsys, location, "--since", "2024-07")] == ["fine"]


def test_part_of_a_name_finds_the_actor(capsys, store) -> None:
    rows = events(capsys, store, "--actor", "Homeland")
    assert rows and all(
        any("Homeland" in e["label"] for e in r["agents"] + r["patients"]) for r in rows
    )


def test_missing_store_and_empty_sources_are_errors(capsys, tmp_path) -> None:
    code, out, err = run(capsys, "events", "--store", str(tmp_path / "typo"))
    assert code == 1 and "no store at" in err
    assert not (tmp_path / "typo").exists()
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "build", str(tmp_path / "empty"), "--store", str(tmp_path / "s"))
    assert code == 1 and "no articles found" in err


def test_unknown_type_and_bad_month_are_usage_errors(capsys, store) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["events", "--store", store, "--type", "Nonsense"])
    assert exit_.value.code == 2 and "one of: " in capsys.readouterr().err
    assert {r["type"] for r in events(capsys, store, "--type", "ban")} == {"Ban"}
    with pytest.raises(SystemExit):
        main(["events", "--store", store, "--since", "2025-13"])


def test_a_later_build_reuses_what_earlier_builds_learned(capsys, tmp_path) -> None:
    (tmp_path / "a.md").write_text(
        "---\npublished: 2019-05-16\n---\nThe Committee on Foreign Investment (CFI) "
        "blocked the ZTE deal on Tuesday. Senator Maria Cantwell praised the decision.\n"
    )
    (tmp_path / "b.md").write_text(
        "---\npublished: 2019-06-16\n---\nCFI blocked a second deal on Tuesday. "
        "Cantwell praised it again.\n"
    )
    location = str(tmp_path / "s")
    assert main(["build", str(tmp_path / "a.md"), "--store", location]) == 0
    assert main(["build", str(tmp_path / "b.md"), "--store", location]) == 0
    capsys.readouterr()
    rows = events(capsys, location)
    blockers = {e["id"] for r in rows if r["action"] == "block" for e in r["agents"]}
    praisers = {e["label"] for r in rows if r["action"] == "praise" for e in r["agents"]}
    assert len(blockers) == 1
    assert praisers == {"Maria Cantwell"}


def test_json_error_says_at_column_once(capsys, tmp_path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"doc_id": "a", "text": "tab\there"}\n')  # a raw tab inside a string
    code, _, err = run(capsys, "dates", "--jsonl", str(docs))
    assert code == 1
    assert "Invalid control character at column" in err and "at at" not in err
