"""Hand-written sentences, one family of time expressions per test."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from kg.dates import dates_for_jsonl
from kg.temporal import infer_dct, resolve_offset, tag
from kg.types import TimeExpr

DCT = date(2024, 6, 21)  # a Friday


def found(text: str, dct: date | None = DCT, **kwargs: object) -> list[tuple[str, str, str]]:
    return [(e.text, e.type, e.value) for e in tag(text, dct, **kwargs)]  # type: ignore[arg-type]


def only(text: str, dct: date | None = DCT) -> TimeExpr:
    exprs = tag(text, dct)
    assert len(exprs) == 1, exprs
    expr = exprs[0]
    assert text[expr.start : expr.end] == expr.text
    return expr


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The ban took effect on September 29, 2024.", "September 29, 2024", "2024-09-29"),
        ("The file is dated 2024-06-20.", "2024-06-20", "2024-06-20"),
        ("The form was signed 6/20/2024.", "6/20/2024", "2024-06-20"),
        ("It opened in June 2024.", "June 2024", "2024-06"),
        ("Sales rose in 2017.", "2017", "2017"),
        ("It was signed on 20 June 2024 in Moscow.", "20 June 2024", "2024-06-20"),
        ("Profit rose in the first quarter.", "the first quarter", "2024-Q1"),
        ("It lost money in the fourth quarter of 2023.", "the fourth quarter of 2023", "2023-Q4"),
        ("Growth slowed in the second half of 2023.", "the second half of 2023", "2023-H2"),
        ("Prices soared in the 1990s.", "the 1990s", "199"),
        ("It was built in the 20th century.", "the 20th century", "19"),
        ("The plant closes this summer.", "this summer", "2024-SU"),
        ("Sales fell last fall.", "last fall", "2023-FA"),
        ("The mill opened in mid-2019.", "mid-2019", "2019"),
        ("Results for fiscal 2023 were weak.", "fiscal 2023", "2023"),
    ],
)
def test_explicit_dates_keep_their_granularity(text: str, span: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.type, expr.value) == (span, "DATE", value)
    assert expr.start == text.index(span)


def test_abbreviated_month_year_follows_tense() -> None:
    assert found("Sales stopped on Sept. 29.") == [("Sept. 29", "DATE", "2023-09-29")]
    assert found("Sales will stop on Sept. 29.") == [("Sept. 29", "DATE", "2024-09-29")]
    assert found("Sales are banned starting September 29.") == [
        ("September 29", "DATE", "2024-09-29")
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("This year sales rose.", "This year", "2024"),
        ("Last month the agency acted.", "Last month", "2024-05"),
        ("The order came two years ago.", "two years ago", "2022"),
        ("Talks resume next week.", "next week", "2024-W26"),
        ("It happened yesterday.", "yesterday", "2024-06-20"),
        ("It happens today.", "today", "2024-06-21"),
        ("A year earlier, the agency said so.", "A year earlier", "2023"),
        ("A week earlier, the agency said so.", "A week earlier", "2024-06-14"),
        ("The agency earlier this year said so.", "earlier this year", "2024"),
        ("He recently left.", "recently", "PAST_REF"),
        ("It is now banned.", "now", "PRESENT_REF"),
        ("It currently sells antivirus software.", "currently", "PRESENT_REF"),
        ("In the future it may change.", "the future", "FUTURE_REF"),
    ],
)
def test_relative_dates_resolve_against_the_dct(text: str, span: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.value) == (span, value)


def test_anaphoric_day_follows_the_last_mentioned_date() -> None:
    text = "On March 3, 2024, the agency met. The following day it voted."
    assert found(text) == [
        ("March 3, 2024", "DATE", "2024-03-03"),
        ("The following day", "DATE", "2024-03-04"),
    ]


def test_weekday_in_past_report_is_latest_on_or_before_dct() -> None:
    text = "The minister said on Thursday that talks will resume on Thursday."
    exprs = tag(text, DCT)
    assert [(e.start, e.value) for e in exprs] == [(21, "2024-06-20"), (56, "2024-06-27")]
    assert found("Kaspersky said Friday it would appeal.") == [("Friday", "DATE", "2024-06-21")]


def test_tense_hint_overrides_text_cues() -> None:
    text = "The minister spoke on Thursday."
    assert found(text) == [("Thursday", "DATE", "2024-06-20")]
    assert found(text, tense_hint=lambda offset: "future") == [("Thursday", "DATE", "2024-06-27")]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The rule gives 30 days.", "30 days", "P30D"),
        ("It took several weeks.", "several weeks", "PXW"),
        ("He signed a two-year contract.", "two-year", "P2Y"),
        ("Prices rose in recent years.", "recent years", "PXY"),
        ("It was closed for 18 months.", "18 months", "P18M"),
        ("The meeting ran for five hours.", "five hours", "PT5H"),
        ("Sales fell in the first nine months.", "the first nine months", "P9M"),
        ("It took about three years.", "about three years", "P3Y"),
        ("The trip lasted 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
    ],
)
def test_durations(text: str, span: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.type, expr.value) == (span, "DURATION", value)


def test_vague_count_of_days_later_is_a_span_of_time() -> None:
    # "A few days later" has no number to count from the DCT with.
    assert found("A few days later, the firm appealed.") == [
        ("A few days later", "DURATION", "PXD")
    ]


def test_days_later_in_a_dated_story_still_gets_a_date() -> None:
    text = "On March 3, 2017, the agency met. Two days later it voted."
    assert found(text)[-1] == ("Two days later", "DATE", "2017-03-05")


def test_the_past_decade_is_the_last_ten_years() -> None:
    assert found("Prices doubled over the past decade.") == [
        ("the past decade", "DURATION", "P10Y")
    ]
    assert found("It was the worst war of the past century.") == [
        ("the past century", "DURATION", "P100Y")
    ]
    assert found("Prices doubled in the 1990s.") == [("the 1990s", "DATE", "199")]


def test_round_the_clock_idiom_is_not_a_time() -> None:
    assert found("Guards watch the plant 24 hours a day, seven days a week.") == []
    assert found("The repair took 24 hours.") == [("24 hours", "DURATION", "PT24H")]


def test_car_model_year_is_not_a_date() -> None:
    assert found("Police found her 1994 Buick at the airport.") == []
    assert found("Agents towed a 1995 pickup from the lot.") == []
    assert found("In 1987 Chevrolet cut prices.") == [("1987", "DATE", "1987")]


def test_recently_before_a_date_leaves_the_date_alone() -> None:
    text = "Three plants have closed, most recently last October when sales slumped."
    assert found(text) == [("last October", "DATE", "2023-10")]
    assert found("More recently it has grown.") == [("More recently", "DATE", "PAST_REF")]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The board meets every week.", "every week", "P1W"),
        ("It publishes a weekly report.", "weekly", "P1W"),
        ("The index is updated daily.", "daily", "P1D"),
        ("It opens each Thursday.", "each Thursday", "XXXX-WXX-4"),
        ("They meet twice a year.", "twice a year", "P1Y"),
    ],
)
def test_sets(text: str, span: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.type, expr.value) == (span, "SET", value)


def test_times_of_day() -> None:
    assert found("The vote is at 10 a.m.") == [("10 a.m.", "TIME", "2024-06-21T10:00")]
    assert found("The vote is tonight.") == [("tonight", "TIME", "2024-06-21TNI")]
    assert found("The session closed at noon Thursday.") == [
        ("noon Thursday", "TIME", "2024-06-20T12:00")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Officials may decide later.",
        "Protesters march to the capitol.",
        "March to the sea, they said.",
        "Prices fall sharply.",
        "It cost $30 million.",
        "It sells in 31 countries.",
        "It has 400 million users.",
        "It has 2000 employees.",
        "Its quarterly dividend rose.",
        "His 6-year-old son was there.",
    ],
)
def test_words_that_are_not_dates(text: str) -> None:
    assert tag(text, DCT) == []


def test_modal_may_is_not_a_month_but_the_month_is() -> None:
    assert found("It may be decided in May 2025.") == [("May 2025", "DATE", "2025-05")]
    assert found("They met in May.") == [("May", "DATE", "2024-05")]


def test_event_anchored_within() -> None:
    expr = only("Sales must stop within 30 days of the announcement.")
    assert (expr.text, expr.type, expr.value) == ("30 days", "DURATION", "P30D")
    assert (expr.anchor_text, expr.offset, expr.relation) == ("the announcement", "P30D", "within")


def test_event_anchored_before_and_after() -> None:
    before = only("Two weeks before the election, the ban was lifted.")
    assert (before.value, before.anchor_text, before.offset, before.relation) == (
        "P2W",
        "the election",
        "-P14D",
        "before",
    )
    after = only("A day after the ruling, it appealed.")
    assert (after.value, after.anchor_text, after.offset, after.relation) == (
        "P1D",
        "the ruling",
        "P1D",
        "after",
    )


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Sales are banned starting September 29.", "from"),
        ("Updates continue until July 20.", "until"),
        ("Stores must stop by July 20.", "until"),
        ("It was announced before July 20.", "before"),
        ("It was announced after July 20.", "after"),
        ("It was announced on July 20.", "on"),
    ],
)
def test_prepositions_set_the_relation(text: str, relation: str) -> None:
    assert only(text).relation == relation


def test_without_dct_relative_expressions_stay_unresolved() -> None:
    text = (
        "It opens on June 20. It closed yesterday. Thursday. Sales fell last week. "
        "It lasts 30 days."
    )
    assert found(text, None) == [
        ("June 20", "DATE", "XXXX-06-20"),
        ("Thursday", "DATE", "XXXX-WXX-4"),
        ("30 days", "DURATION", "P30D"),
    ]


def test_offsets_are_exact_in_longer_text() -> None:
    text = "WASHINGTON -- On Thursday, the agency said\nthat 30 days later, in 2024, it would act."
    for expr in tag(text, DCT):
        assert text[expr.start : expr.end] == expr.text


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("He resigned two days after prosecutors charged him.", "prosecutors charged him"),
        ("The canal reopened a week after it ran aground there.", "it ran aground there"),
        ("Three months before voters went to the polls, it quit.", "voters went to the polls"),
    ],
)
def test_a_clause_can_anchor_a_span_after_or_before(text: str, anchor: str) -> None:
    expr = only(text)
    assert expr.type == "DURATION"
    assert expr.anchor_text == anchor
    assert expr.relation in ("after", "before")


@pytest.mark.parametrize(
    "text",
    [
        "Sales must stop within 30 days of officials announcing it.",
        "The permit lasts three years from signing day onward.",
    ],
)
def test_of_and_from_take_no_clause_anchor(text: str) -> None:
    assert only(text).anchor_text is None


@pytest.mark.parametrize(
    ("text", "dct", "value"),
    [
        ("The judge set sentencing for March 28.", date(2023, 11, 3), "2024-03-28"),
        ("A retrial was scheduled for February 5.", date(2023, 10, 12), "2024-02-05"),
        ("The hearing was scheduled for Monday.", date(2024, 6, 19), "2024-06-24"),
        ("The vote is slated for early next month, officials said.", DCT, "2024-07"),
    ],
)
def test_a_day_something_is_set_for_lies_ahead(text: str, dct: date, value: str) -> None:
    assert [e.value for e in tag(text, dct)] == [value]


def test_a_day_a_thing_was_set_on_is_not_ahead() -> None:
    assert [e.value for e in tag("The judge set bail on Monday.", date(2024, 6, 19))] == [
        "2024-06-17"
    ]


@pytest.mark.parametrize(
    ("anchor", "offset", "expected"),
    [
        ("2024-06-20", "P30D", "2024-07-20"),
        ("2024-06-20", "-P14D", "2024-06-06"),
        ("2024-01-31", "P1M", "2024-02-29"),
        ("2024-06-20", "P1Y", "2025-06-20"),
        ("2024-06-20", "-P1W", "2024-06-13"),
        ("2024-06", "P1D", None),
        ("2024-06-20", "PT5H", None),
        ("2024-06-20", "PXD", None),
        ("not a date", "P1D", None),
    ],
)
def test_resolve_offset(anchor: str, offset: str, expected: str | None) -> None:
    assert resolve_offset(anchor, offset) == expected


def test_infer_dct_from_a_full_date_on_the_first_line() -> None:
    assert infer_dct("March 01, 2008\nThe agency said on Friday ...") == date(2008, 3, 1)


def test_infer_dct_from_a_short_dateline_takes_the_year_from_the_text() -> None:
    text = "WASHINGTON, May 15 (Reuters) - The directive issued in 2017 bans the software."
    assert infer_dct(text) == date(2017, 5, 15)


def test_infer_dct_gives_none_when_the_year_is_unknown() -> None:
    assert infer_dct("WASHINGTON, May 15 (Reuters) - The agency acted.") is None
    assert infer_dct("The agency acted on Friday.") is None


# ----------------------------------------------------------------------------- shared data
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
#: Value F1 and relaxed F1 floors (TempEval-3 scoring) of ``kg dates --jsonl`` per gold file.
SCORER_LEVELS = {
    "tempeval/gold_timex_timebank.jsonl": (0.844, 0.947),
    "tempeval/gold_timex_aquaint.jsonl": (0.801, 0.954),
    "meantime/gold_timex.jsonl": (0.871, 0.957),
}


def _score(gold_path: Path) -> tuple[float, float]:
    """Relaxed F1 and value F1 of ``kg dates --jsonl``, as the TempEval-3 scorer computes them."""
    lines = gold_path.read_text().splitlines()
    out = io.StringIO()
    dates_for_jsonl(lines, out, on_error=pytest.fail)
    predicted = {
        row["doc_id"]: row["timexes"] for row in map(json.loads, out.getvalue().splitlines())
    }
    n_gold = n_pred = n_rel = n_val = 0
    for line in lines:
        if not line.strip():
            continue
        doc = json.loads(line)
        gold = sorted(doc["timexes"], key=lambda t: t["start"])
        pred = predicted[doc["doc_id"]]
        n_gold += len(gold)
        n_pred += len(pred)
        used: set[int] = set()
        for g in gold:
            for i, p in enumerate(pred):
                if i not in used and p["start"] < g["end"] and g["start"] < p["end"]:
                    used.add(i)
                    n_rel += 1
                    n_val += str(g.get("value")) == p["value"]
                    break
    precision, recall = n_rel / n_pred, n_rel / n_gold
    relaxed = 2 * precision * recall / (precision + recall)
    return relaxed, relaxed * n_val / n_rel


@pytest.mark.shared
@pytest.mark.parametrize("corpus", sorted(SCORER_LEVELS))
def test_tempeval_scores_hold(corpus: str) -> None:
    gold = SHARED / corpus
    if not gold.exists():
        pytest.skip(f"{gold} is absent (research data lives outside the repository)")
    relaxed, value = _score(gold)
    min_value, min_relaxed = SCORER_LEVELS[corpus]
    assert value >= min_value
    assert relaxed >= min_relaxed


def test_anchor_text_stops_at_the_end_of_the_sentence() -> None:
    text = "The ban takes effect 30 days after the publication of the rule. Earlier it warned."
    (anchored,) = [e for e in tag(text, DCT) if e.anchor_text]
    assert (anchored.text, anchored.anchor_text, anchored.relation) == (
        "30 days",
        "the publication of the rule",
        "after",
    )


def test_anchor_text_never_crosses_into_the_next_sentence() -> None:
    text = "Firms must stop within 30 days of the announcement. Starting September 29, sales end."
    (anchored,) = [e for e in tag(text, DCT) if e.anchor_text]
    assert anchored.anchor_text == "the announcement"
    text = "Firms have 30 days after the order of the U.S. Starting Sept. 29, sales end."
    (anchored,) = [e for e in tag(text, DCT) if e.anchor_text]
    assert anchored.anchor_text == "the order of the U.S."
    text = "Firms have 30 days after the U.S. Commerce Department ruling."
    (anchored,) = [e for e in tag(text, DCT) if e.anchor_text]
    assert anchored.anchor_text == "the U.S. Commerce Department ruling"


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # A possessive weekday names a day already reported on.
        ("Lawyers will appeal Wednesday's ruling.", "Wednesday", "2024-06-19"),
        # A delay "until" a day looks ahead even in a past-tense report.
        ("Officials postponed the vote until Tuesday.", "Tuesday", "2024-06-25"),
        ("Trading is to resume Tuesday.", "Tuesday", "2024-06-25"),
        ("He said the father would be traveling Tuesday.", "Tuesday", "2024-06-25"),
        ("The meeting has been scheduled for Tuesday.", "Tuesday", "2024-06-25"),
        # The present perfect looks back.
        ("The office has been closed since Tuesday.", "Tuesday", "2024-06-18"),
    ],
)
def test_weekday_direction_follows_the_clause(text: str, span: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.value) == (span, value)


def test_weekday_with_a_part_of_day_is_a_time() -> None:
    assert found("Protesters rallied Friday night.") == [("Friday night", "TIME", "2024-06-21TNI")]
    assert found("The blast came at 10:35 a.m. (0735 GMT) Thursday.") == [
        ("10:35 a.m.", "TIME", "2024-06-20T10:35"),
        ("Thursday", "DATE", "2024-06-20"),
    ]


def test_since_a_month_is_in_the_past() -> None:
    assert found("The ship has been on patrol since December.") == [("December", "DATE", "2023-12")]
    assert found("The deadlines fall in October and December.", date(2017, 9, 13)) == [
        ("October", "DATE", "2017-10"),
        ("December", "DATE", "2017-12"),
    ]


def test_a_month_after_the_dct_in_a_past_report_is_last_year() -> None:
    from datetime import date

    from kg.temporal import tag

    (march,) = tag(
        "The agency grounded the plane in March.", date(2020, 1, 14), tense_hint=lambda _: "past"
    )
    assert march.value == "2019-03"
    (may,) = tag("The case will be heard in May.", date(2020, 1, 14), tense_hint=lambda _: "future")
    assert may.value == "2020-05"


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        # "the latest period" refers back to the quarter just reported.
        (
            "Net rose in the second quarter. Sales in the latest period rose.",
            date(2024, 7, 25),
            [("the second quarter", "DATE", "2024-Q2"), ("the latest period", "DATE", "2024-Q2")],
        ),
        (
            "Net rose in the second quarter, up from the same period last year.",
            date(2024, 7, 25),
            [
                ("the second quarter", "DATE", "2024-Q2"),
                ("the same period last year", "DATE", "2023-Q2"),
            ],
        ),
        # A quarter still under way is an outlook, not "the latest quarter".
        (
            "Costs will rise in the fourth quarter. Profit fell in the latest quarter.",
            date(2024, 11, 2),
            [("the fourth quarter", "DATE", "2024-Q4"), ("the latest quarter", "DATE", "2024-Q3")],
        ),
    ],
)
def test_quarter_anaphora(text: str, dct: date, expected: list[tuple[str, str, str]]) -> None:
    assert found(text, dct) == expected


@pytest.mark.parametrize(
    ("text", "span", "type_", "value"),
    [
        ("The speech lasted an hour and a half.", "an hour and a half", "DURATION", "PT1H30M"),
        ("It ended a decades-long feud.", "decades-long", "DURATION", "PXY"),
        ("Workers held a day-long strike.", "day-long", "DURATION", "P1D"),
        ("In the years that followed, it grew.", "the years", "DURATION", "PXY"),
        ("Prices may fall in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
        ("Just over an hour later, he was gone.", "over an hour later", "DURATION", "PT1H"),
        ("The office is closed for now.", "now", "DATE", "PRESENT_REF"),
        ("No one had noticed until now.", "now", "DATE", "PRESENT_REF"),
        ("Current market conditions are weak.", "Current", "DATE", "PRESENT_REF"),
        ("A court will decide the boy's future.", "future", "DATE", "FUTURE_REF"),
        ("Solar power will one day be cheap.", "one day", "DATE", "FUTURE_REF"),
        ("The flight leaves at 4 in the morning.", "4 in the morning", "TIME", "2024-06-21T04:00"),
        ("He will speak at midday.", "midday", "TIME", "2024-06-21T12:00"),
        ("The bells ring at six o'clock.", "six o'clock", "TIME", "2024-06-21T06:00"),
        ("She called at ten at night.", "ten at night", "TIME", "2024-06-21T22:00"),
        ("The hearing is set for the week of July 8.", "the week of July 8", "DATE", "2024-W28"),
        ("The day before last Tuesday, he flew home.", "The day before last Tuesday", "DATE",
         "2024-06-17"),
        ("They arrive the day after tomorrow.", "the day after tomorrow", "DATE", "2024-06-23"),
        ("The March accession was approved.", "March", "DATE", "2024-03"),
    ],
)  # fmt: skip
def test_more_expression_forms(text: str, span: str, type_: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.type, expr.value) == (span, type_, value)


@pytest.mark.parametrize(
    "text",
    [
        "Now, he said, the plan is dead.",
        "The current account deficit widened.",
        "It speaks to today's youth.",
        "It cut its future plans.",
        "She joined the March of Dimes.",
        "The day long awaited came.",
    ],
)
def test_words_that_only_look_like_times(text: str) -> None:
    assert tag(text, DCT) == []


def test_movable_feasts_and_their_weeks() -> None:
    dct = date(2024, 3, 25)
    assert found("Pilgrims gathered as Easter week began.", dct) == [
        ("Easter week", "DATE", "2024-W13")
    ]
    assert found("Shops close on Good Friday.", dct) == [("Good Friday", "DATE", "2024-03-29")]
    assert found("Shops close on Good Friday.", None) == [("Good Friday", "DATE", "XXXX-04")]


def test_a_part_of_the_day_just_mentioned() -> None:
    assert found("Talks stalled Friday. Dealers sold in the morning.", date(2024, 6, 24)) == [
        ("Friday", "DATE", "2024-06-21"),
        ("the morning", "TIME", "2024-06-21TMO"),
    ]
    assert found("He runs in the morning.") == []


def test_prefixed_year_keeps_its_value_and_marks_the_side() -> None:
    (expr,) = tag("The post-1990 rules apply.", DCT)
    assert (expr.text, expr.value, expr.mod) == ("post-1990", "1990", "AFTER")


def test_second_day_of_a_pair_shares_month_and_year() -> None:
    assert found("The summit is on July 24 and 25.") == [
        ("July 24", "DATE", "2024-07-24"),
        ("25", "DATE", "2024-07-25"),
    ]
    assert found("It was set for July 24 and 25 delegates came.") == [
        ("July 24", "DATE", "2024-07-24")
    ]


@pytest.mark.parametrize(
    ("text", "dct", "span", "value"),
    [
        # A passive with an irregular participle is present tense, not past.
        ("Lawyers will argue when the case is heard in August.", date(2024, 5, 2), "August",
         "2024-08"),
        # A plan in the past perfect was for a day already gone.
        ("The offer had been due to expire Friday.", date(2024, 6, 24), "Friday", "2024-06-21"),
        # A participle after a determiner is an adjective, not a past-tense verb.
        ("It will pay the dividend on a still unspecified date in January.", date(2023, 10, 26),
         "January", "2024-01"),
        # A verb after a comma governs another clause.
        ("The talks, which are supposed to end by August, invited rebels.", date(2024, 5, 2),
         "August", "2024-08"),
    ],
)  # fmt: skip
def test_tense_cues_pick_the_year_or_week(text: str, dct: date, span: str, value: str) -> None:
    assert found(text, dct) == [(span, "DATE", value)]


def test_that_same_day_after_a_month_is_a_day_of_that_month() -> None:
    text = "The plant closed last November. Its sign came down that same day."
    assert found(text) == [
        ("last November", "DATE", "2023-11"),
        ("that same day", "DATE", "2023-11-XX"),
    ]
    # After a day, "that very day" is that day.
    dated = "The vote was held on March 4. The results came out that very day."
    assert found(dated)[-1] == ("that very day", "DATE", "2024-03-04")


def test_the_day_after_an_event_counts_from_the_day_just_given() -> None:
    text = "The company settled the case on May 2. Its shares rose the day after the settlement."
    assert found(text)[-1] == ("the day", "DATE", "2024-05-03")
    # Too far from any date, or apposed to one: no guess.
    assert found("Shares rose the day after the settlement.") == []
    apposed = "He left on May 2, the day before the settlement was signed."
    assert found(apposed) == [("May 2", "DATE", "2024-05-02")]


# ----------------------------------------------------------------------------- unseen-text classes
@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The plant will open soon.", "soon", "FUTURE_REF"),
        ("Regulators may soon ask for more documents.", "soon", "FUTURE_REF"),
        ("The grid will soon need new lines.", "soon", "FUTURE_REF"),
        ("It was the worst flood in recent history.", "recent history", "PAST_REF"),
        ("No storm in recent memory has done more damage.", "recent memory", "PAST_REF"),
    ],
)
def test_vague_references_name_a_reference_point(text: str, span: str, value: str) -> None:
    assert found(text) == [(span, "DATE", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Shares fell soon after the vote.",  # relative to the vote, not to the DCT
        "He called as soon as he landed.",  # a conjunction
        "The prisoner was soon released.",  # soon after a past event
        "The rally soon became a riot.",
        "Guests toured the soon-to-open terminal.",
    ],
)
def test_soon_relative_to_something_else_is_left_out(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # A plan looks past the DCT.
        ("The board will decide the matter at a later date.", "FUTURE_REF"),
        ("Further talks are planned for a later stage.", "FUTURE_REF"),
        # After a past event: an unknown day, not after the DCT.
        ("The clerk told callers to try again at a later time.", "XXXX-XX-XX"),
        ("The hearing was moved to a later date.", "XXXX-XX-XX"),
    ],
)
def test_a_later_date_is_future_only_in_a_plan(text: str, value: str) -> None:
    (expr,) = tag(text, DCT)
    assert (expr.type, expr.value) == ("DATE", value)
    assert expr.text.startswith("a later ")


def test_bare_later_is_left_out_as_tempeval_annotates_it() -> None:
    assert found("He later said the total was higher.") == []
    assert found("Later, the controller asked for the flight number.") == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The first test flight took off at 18:00 UTC.", "18:00 UTC", "2024-06-21T18:00Z"),
        ("The launch window opens at 3 p.m. GMT.", "3 p.m. GMT", "2024-06-21T15:00Z"),
        ("The quake struck at 0900 GMT on Tuesday.", "0900 GMT on Tuesday", "2024-06-18T09:00Z"),
        # An offset from GMT is counted back to UTC.
        ("The jet landed at 6:40 p.m. (GMT +8) after a long flight.", "6:40 p.m. (GMT +8)",
         "2024-06-21T10:40Z"),
        ("The ferry sank at 2:30 a.m. (GMT+8).", "2:30 a.m. (GMT+8)", "2024-06-20T18:30Z"),
        # A regional zone keeps the local clock, as TimeBank and AQUAINT annotate it.
        ("Polls closed at 8 p.m. EST.", "8 p.m. EST", "2024-06-21T20:00"),
        ("The summit opened at 14:30 CET.", "14:30 CET", "2024-06-21T14:30"),
        ("The show airs at 8 p.m. PT.", "8 p.m. PT", "2024-06-21T20:00"),
    ],
)  # fmt: skip
def test_clock_times_in_utc_carry_the_zone(text: str, span: str, value: str) -> None:
    assert found(text) == [(span, "TIME", value)]


def test_a_time_restated_in_another_zone_is_one_time() -> None:
    assert found("The blast came at 10:35 a.m. (0735 GMT).") == [
        ("10:35 a.m.", "TIME", "2024-06-21T10:35")
    ]
    assert found("Troops moved in at 4 a.m. (0100 GMT).") == [
        ("4 a.m.", "TIME", "2024-06-21T04:00")
    ]


def test_four_digits_without_a_zone_are_not_a_time() -> None:
    assert found("The company sold 1500 units.") == []
    assert found("The index closed at 0930 points.") == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Sales had fallen 4% the year previous.", "the year previous", "2023"),
        ("Exports fell to $3 billion last year, from $4 billion the year before.",
         "the year before", "2022"),
        ("In 2009 profit rose; the year before, it fell.", "the year before", "2008"),
        ("Prices rose in March, after falling the month before.", "the month before", "2024-02"),
        ("The plant first closed the year before last.", "the year before last", "2022"),
    ],
)  # fmt: skip
def test_the_unit_previous_counts_back_from_the_unit_just_named(
    text: str, span: str, value: str
) -> None:
    assert found(text)[-1] == (span, "DATE", value)


def test_the_unit_before_an_event_is_not_the_previous_unit() -> None:
    assert [e.text for e in tag("He resigned the year before the merger.", DCT)] == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Exports rose 3% in February from the same month a year ago.",
         "the same month a year ago", "2023-02"),
        ("Car sales rose from the same month last year.", "the same month last year", "2023-06"),
        ("Orders in the week of May 6 beat the same week a year earlier.",
         "the same week a year earlier", "2023-W19"),
    ],
)  # fmt: skip
def test_the_same_unit_a_year_ago(text: str, span: str, value: str) -> None:
    assert found(text)[-1] == (span, "DATE", value)


@pytest.mark.parametrize(
    ("text", "span", "value", "mod"),
    [
        ("Control Data aims to halve its costs by the end of 1990.", "the end of 1990", "1990",
         "END"),
        ("The notes are redeemable after the end of 2030.", "the end of 2030", "2030", "END"),
        ("He left the company at the beginning of October.", "the beginning of October",
         "2023-10", "START"),
        ("Orders recovered from the low levels of the early summer.", "the early summer",
         "2024-SU", "START"),
        ("The software ships in mid-2025.", "mid-2025", "2025", "MID"),
        ("Sales rose in early 2010.", "early 2010", "2010", "START"),
        ("The merger closed in late March.", "late March", "2024-03", "END"),
    ],
)  # fmt: skip
def test_edges_of_a_period_carry_the_mod(text: str, span: str, value: str, mod: str) -> None:
    (expr,) = tag(text, DCT)
    assert (expr.text, expr.value, expr.mod) == (span, value, mod)


def test_now_before_a_hyphen_modifies_a_noun() -> None:
    assert found("He spoke against the now-cancelled lease.") == []
    assert found("The lease is now cancelled.") == [("now", "DATE", "PRESENT_REF")]


@pytest.mark.parametrize(
    "text",
    [
        "It happened last Tuesday.",
        "They meet next Friday night.",
        "The plant closes this spring.",
        "It opened last March.",
        "It was signed last Dec. 5.",
        # Left out whole: no shorter reading inside ("a year", "the past") is tagged.
        "It was signed a year ago.",
        "Prices rose over the past week.",
        "Sales fell in the current quarter.",
    ],
)
def test_deictic_expressions_need_a_dct(text: str) -> None:
    assert found(text, None) == []


def test_bare_weekdays_and_months_keep_an_unknown_year_without_a_dct() -> None:
    assert found("It happened on Tuesday, in May.", None) == [
        ("Tuesday", "DATE", "XXXX-WXX-2"),
        ("May", "DATE", "XXXX-05"),
    ]


def test_a_year_in_a_since_phrase_does_not_start_a_story() -> None:
    text = "Sales have grown since its launch in 2003, and as of February it leads the market."
    assert found(text)[-1] == ("February", "DATE", "2024-02")
    text = "Prices have doubled since the crash in 2008; in March they fell."
    assert found(text)[-1] == ("March", "DATE", "2024-03")


def test_a_day_in_the_fortnight_before_the_dct_is_this_years() -> None:
    story = "The chain overtook its rival in 2019. An internal memo dated June 12 showed it."
    assert found(story)[-1] == ("June 12", "DATE", "2024-06-12")
    # Further back, the story's year still applies.
    older = "The chain overtook its rival in 2019. An internal memo dated March 12 showed it."
    assert found(older)[-1] == ("March 12", "DATE", "2019-03-12")


def test_the_edge_of_the_unit_of_the_date_just_mentioned() -> None:
    text = "A report on April 2, 2023 showed it took the lead at the beginning of the year."
    assert found(text)[-1] == ("the beginning of the year", "DATE", "2023")
    assert found("It hopes to finish by the end of the year.") == [
        ("the end of the year", "DATE", "2024")
    ]
    assert found("The mill was built at the turn of the century.") == [
        ("the turn of the century", "DATE", "20")
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The firm cut jobs in the spring of last year.", "the spring of last year", "2023-SP"),
        ("The line opens in the summer of next year.", "the summer of next year", "2025-SU"),
        ("Deliveries in May rose from the year-ago month.", "the year-ago month", "2023-05"),
        ("Sales fell 2% from the year-earlier month.", "the year-earlier month", "2023-06"),
    ],
)
def test_a_unit_of_another_year(text: str, span: str, value: str) -> None:
    assert found(text)[-1] == (span, "DATE", value)


def test_a_sentence_full_stop_is_not_part_of_a_date() -> None:
    assert found("The vote is on 12 March.") == [("12 March", "DATE", "2024-03-12")]
    assert found("It was signed on 12 Sept. 2013 in Rome.") == [
        ("12 Sept. 2013", "DATE", "2013-09-12")
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # The present tense of a scheduled event looks ahead (DCT: a Friday).
        ("The strike begins Monday.", "2024-06-24"),
        ("The trial opens Tuesday in Boston.", "2024-06-25"),
        ("He said the hearing takes place Wednesday.", "2024-06-26"),
        ("The vote is scheduled for Monday.", "2024-06-24"),
        # A past-tense report still looks back.
        ("The strike began Monday.", "2024-06-17"),
        ("Officials said on Monday that the plan failed.", "2024-06-17"),
    ],
)
def test_scheduled_present_looks_ahead(text: str, value: str) -> None:
    (expr,) = tag(text, DCT)
    assert expr.value == value


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # A determiner or possessive before an adjectival time is not part of it.
        ("The company reported a third-quarter loss.", "third-quarter"),
        ("It will book a charge for its fourth quarter.", "fourth quarter"),
        ("The shares trade below their 52-week high.", "52-week"),
        ("The jet sold well over its 41-year history.", "41-year"),
        # An adjective keeps it: "a flat second quarter" is one phrase.
        ("After a flat second quarter, sales rose.", "a flat second quarter"),
        ("Profit rose in the first quarter.", "the first quarter"),
    ],
)
def test_spans_leave_out_the_determiner_of_an_adjectival_time(text: str, span: str) -> None:
    assert [e.text for e in tag(text, DCT)] == [span]


def test_a_zone_restatement_after_noon_or_a_zone_is_one_time() -> None:
    assert found("The polls close at noon (1600 GMT).") == [("noon", "TIME", "2024-06-21T12:00")]
    assert found("It lifts off at 1400 UTC (10 a.m. EDT) on Friday.") == [
        ("1400 UTC", "TIME", "2024-06-21T14:00Z"),
        ("Friday", "DATE", "2024-06-21"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The quake struck at 3 a.m. local time on Sunday.", "3 a.m. local time on Sunday",
         "2024-06-16T03:00"),
        ("The ferry docked at 10:15 p.m. local time Wednesday.",
         "10:15 p.m. local time Wednesday", "2024-06-19T22:15"),
    ],
)  # fmt: skip
def test_local_time_keeps_the_day_that_follows_it(text: str, span: str, value: str) -> None:
    assert found(text) == [(span, "TIME", value)]


def test_a_zone_restatement_after_local_time_is_one_time() -> None:
    assert found("The blast came at 9 a.m. local time (0600 GMT).") == [
        ("9 a.m. local time", "TIME", "2024-06-21T09:00")
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Regulators opened an inquiry last March. Two months later they charged the firm.",
         "Two months later", "2024-05"),
        ("On March 3 police raided the office; two days later they arrested the owner.",
         "two days later", "2024-03-05"),
    ],
)  # fmt: skip
def test_later_counts_from_a_past_date_of_the_dct_year(text: str, span: str, value: str) -> None:
    assert (span, "DATE", value) in found(text)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The fire broke out on the morning of June 3.", "the morning of June 3", "2024-06-03TMO"),
        ("They met on the evening of Tuesday.", "the evening of Tuesday", "2024-06-18TEV"),
        (
            "Talks resumed in the afternoon of 4 March 2019.",
            "the afternoon of 4 March 2019",
            "2019-03-04TAF",
        ),
        ("The blast came on the morning of Sunday, June 16.", "the morning of Sunday, June 16",
         "2024-06-16TMO"),
    ],
)  # fmt: skip
def test_a_part_of_a_named_day_is_one_time(text: str, span: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.type, expr.value) == (span, "TIME", value)


def test_a_part_of_a_named_day_without_a_dct_keeps_the_unknown_year() -> None:
    expr = only("The vote was held on the evening of May 2.", None)
    assert (expr.type, expr.value) == ("TIME", "XXXX-05-02TEV")


def test_a_part_of_a_named_day_is_the_day_later_anaphora_count_from() -> None:
    text = "Talks ended on the afternoon of March 3, 2021. The following day, the deal was signed."
    assert found(text)[-1] == ("The following day", "DATE", "2021-03-04")


def test_the_night_of_a_day_is_the_day_alone() -> None:
    # The night runs into the next day: only the date is a time expression.
    assert found("The guard was attacked on the night of May 30.") == [
        ("May 30", "DATE", "2024-05-30")
    ]


def test_the_part_of_a_day_of_an_event_is_left_out() -> None:
    assert found("The morning of the vote was quiet.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The firm sued the agency on Monday.",
        "The senator died on Monday.",
        "The carmaker used the funds on Monday to repay a loan.",
        "Police caught the suspect on Monday.",
        "A storm blew across the coast on Monday.",
    ],
)
def test_a_weekday_under_a_past_verb_is_the_one_before(text: str) -> None:
    # Friday's article: the Monday just gone, never the one three days ahead.
    assert only(text).value == "2024-06-17"


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The launch is set for 14:30 GMT on 20 August.", "14:30 GMT on 20 August",
         "2024-08-20T14:30Z"),
        ("The polls close at 8 p.m. on 5 July.", "8 p.m. on 5 July", "2024-07-05T20:00"),
        ("Talks end at noon on 3 April 2019.", "noon on 3 April 2019", "2019-04-03T12:00"),
        ("Bids are due by 5 p.m. EST, Nov. 6, 2019.", "5 p.m. EST, Nov. 6, 2019",
         "2019-11-06T17:00"),
    ],
)  # fmt: skip
def test_a_clock_time_takes_the_day_written_after_it(text: str, span: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.type, expr.value) == (span, "TIME", value)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Profit rose in H1 2023.", "H1 2023", "2023-H1"),
        ("Sales in 2022 H2 fell.", "2022 H2", "2022-H2"),
    ],
)
def test_half_codes_with_a_year_are_halves(text: str, span: str, value: str) -> None:
    expr = only(text)
    assert (expr.text, expr.value) == (span, value)


def test_a_half_code_without_a_year_is_no_time() -> None:
    assert found("He holds an H1-B visa.") == []
