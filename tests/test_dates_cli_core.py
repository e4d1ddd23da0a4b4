"""kg/dates.py: the body of ``kg dates``."""

from __future__ import annotations

import io
import json
from datetime import date

from kg.dates import dates_for_jsonl, dates_for_text


def test_dates_for_text_gives_contract_keys_and_set_optionals() -> None:
    out = dates_for_text("Stores must stop within 30 days of the announcement.", date(2024, 6, 21))
    assert out == [
        {
            "start": 24,
            "end": 31,
            "text": "30 days",
            "type": "DURATION",
            "value": "P30D",
            "anchor_text": "the announcement",
            "offset": "P30D",
            "relation": "within",
        }
    ]


def test_dates_for_text_leaves_out_unset_keys() -> None:
    (obj,) = dates_for_text("It happened yesterday.", date(2024, 6, 21))
    assert obj == {
        "start": 12,
        "end": 21,
        "text": "yesterday",
        "type": "DATE",
        "value": "2024-06-20",
    }


def test_dates_for_jsonl_writes_one_line_per_document() -> None:
    lines = [
        json.dumps({"doc_id": "a", "text": "Sales fell last year.", "dct": "2024-06-21", "x": 1}),
        "",
        json.dumps({"doc_id": "b", "text": "No dates here.", "dct": None}),
        json.dumps({"doc_id": "c", "text": "\nOn Friday it fell.", "dct": "1998-02-06T22:19:00"}),
    ]
    out = io.StringIO()
    errors: list[str] = []
    assert dates_for_jsonl(lines, out, on_error=errors.append) == 3
    assert errors == []
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows == [
        {
            "doc_id": "a",
            "timexes": [
                {"start": 11, "end": 20, "text": "last year", "type": "DATE", "value": "2023"}
            ],
        },
        {"doc_id": "b", "timexes": []},
        {
            "doc_id": "c",
            "timexes": [
                {"start": 4, "end": 10, "text": "Friday", "type": "DATE", "value": "1998-02-06"}
            ],
        },
    ]


def test_bad_lines_are_reported_and_the_rest_goes_on() -> None:
    lines = [
        "{not json",
        json.dumps({"doc_id": "x"}),
        json.dumps({"doc_id": "y", "text": "today", "dct": "June 2024"}),
        json.dumps(["a", "list"]),
        json.dumps({"doc_id": "ok", "text": "It lasts 30 days.", "dct": None}),
    ]
    out = io.StringIO()
    errors: list[str] = []
    assert dates_for_jsonl(lines, out, on_error=errors.append) == 1
    assert len(errors) == 4
    assert errors[0].startswith("line 1: not valid JSON")
    assert errors[1] == "line 2: missing string field 'text'"
    assert errors[2].startswith("line 3: 'dct' 'June 2024' is not an ISO date")
    assert errors[3] == "line 4: expected a JSON object"
    (row,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert row["doc_id"] == "ok"
    assert row["timexes"][0]["value"] == "P30D"


def test_dates_for_text_without_a_dct_leaves_out_what_needs_one() -> None:
    text = "It fell last Tuesday, rose yesterday and closes next May; talks began in June."
    assert [(o["text"], o["value"]) for o in dates_for_text(text, None)] == [("June", "XXXX-06")]


def test_a_null_dct_is_read_from_the_dateline() -> None:
    lines = [
        json.dumps({"doc_id": "d", "text": "September 01, 2007\n\nThe flight was delayed today.",
                    "dct": None}),
        json.dumps({"doc_id": "n", "text": "The flight was delayed today.", "dct": None}),
    ]  # fmt: skip
    out = io.StringIO()
    assert dates_for_jsonl(lines, out, on_error=lambda message: None) == 2
    rows = {row["doc_id"]: row for row in map(json.loads, out.getvalue().splitlines())}
    assert [(t["text"], t["value"]) for t in rows["d"]["timexes"]] == [
        ("September 01, 2007", "2007-09-01"),
        ("today", "2007-09-01"),
    ]
    assert rows["n"]["timexes"] == []  # no dateline: "today" needs a DCT
