"""Narrative anchoring: underspecified dates in a story about an earlier year."""

from __future__ import annotations

from datetime import date

import pytest

from kg.temporal import tag

DCT = date(2024, 6, 21)  # a Friday


def date_value(extract, text, action):
    """Return the date value of the first event of an action in a text (None if undated)."""
    event = next(e for e in extract(text) if e.action == action)
    return event.date.value if event.date is not None else None


def stated_date(extract, text, action):
    """Return the date of the first event of an action in a text, which must have one."""
    event = next(e for e in extract(text) if e.action == action)
    assert event.date is not None, event
    return event.date


def values(text: str, dct: date | None = DCT) -> list[tuple[str, str]]:
    return [(e.text, e.value) for e in tag(text, dct)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The next sentence of a past-tense story keeps its year.
        (
            "The mill closed in 2015. In March, its owner sold the land.",
            [("2015", "2015"), ("March", "2015-03")],
        ),
        # A later clause of the same sentence does too.
        (
            "The board met in June 2019, and the court upheld the plan in November.",
            [("June 2019", "2019-06"), ("November", "2019-11")],
        ),
        # A full date anchors a month and day.
        (
            "The plant was shut on May 3, 2012. On July 9, it reopened.",
            [("May 3, 2012", "2012-05-03"), ("July 9", "2012-07-09")],
        ),
        # Seasons follow the story as well.
        (
            "The plant was shut in 2012. In the fall, it reopened.",
            [("2012", "2012"), ("the fall", "2012-FA")],
        ),
        # "Two years later" counts from the story's date, not from the DCT.
        (
            "The plant was shut in 2012. Two years later, it reopened.",
            [("2012", "2012"), ("Two years later", "2014")],
        ),
    ],
)
def test_past_story_resolves_against_the_last_explicit_year(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert values(text) == expected


def test_story_years_chain_through_resolved_months() -> None:
    text = (
        "It began in 2012. In September of that year the board voted. "
        "In December, the mayor signed the order, which took effect the following year."
    )
    assert values(text) == [
        ("2012", "2012"),
        ("September of that year", "2012-09"),
        ("December", "2012-12"),
        ("the following year", "2013"),
    ]


def test_that_year_means_the_last_explicit_year_not_the_dct_year() -> None:
    text = "The agency acted in 2016, officials said Thursday. That year, profits fell."
    assert values(text)[-1] == ("That year", "2016")
    text = "The plant was shut in 2012. Later that year it reopened; the same year it was sold."
    assert values(text) == [
        ("2012", "2012"),
        ("Later that year", "2012"),
        ("the same year", "2012"),
    ]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        # Not past tense: the DCT rules apply.
        ("The mill closed in 2015. In March, its owner will sell the land.", "2025-03"),
        ("The mill closed in 2015. In March, its owner sells the land.", "2024-03"),
        # The explicit year is two sentences back.
        ("The firm was founded in 2010. It grew. In March, it hired 40 people.", "2024-03"),
        # A year used as a modifier, or a bound, sets no story date.
        ("A 2019 order was cited. In March, the ban took effect.", "2024-03"),
        ("He has lived there since 2012. In March he moved.", "2024-03"),
        ("The records date back to 2012. In March the office closed.", "2024-03"),
        # Background set off from the main clause is no story either.
        ("The company, founded in 1998, said in March that it would expand.", "2024-03"),
        ("The firm, whose plant was shut in 2012, said in March it would sue.", "2024-03"),
        # A DCT-relative expression hands the story back to the DCT.
        ("The rule came in 2016. Earlier this year, in March, it lapsed.", "2024-03"),
    ],
)
def test_dct_behaviour_is_kept_outside_a_past_story(text: str, month: str) -> None:
    (march,) = [e for e in tag(text, DCT) if e.text == "March"]
    assert march.value == month


def test_present_perfect_does_not_continue_the_story() -> None:
    text = "Congress passed the ban in 2017. It has been in force since Oct. 1."
    assert values(text, date(2018, 12, 3))[-1] == ("Oct. 1", "2018-10-01")


def test_a_year_in_the_dct_year_is_no_story() -> None:
    text = "The firm was fined in 2024. In December, it paid."
    assert values(text)[-1] == ("December", "2023-12")


def test_story_anchoring_works_without_a_dct() -> None:
    text = "The plant was shut in 2012. In March it reopened. That year it was sold."
    assert values(text, None) == [
        ("2012", "2012"),
        ("March", "2012-03"),
        ("That year", "2012"),
    ]


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("Apple announced the change this morning.", "announce", "2024-06-21"),
        ("The board met this evening to approve the deal.", "meet", "2024-06-21"),
    ],
)
def test_a_part_of_the_day_dates_the_event_on_that_day(extract, text, action, value):
    event = next(e for e in extract(text) if e.action == action)
    assert event.date is not None
    assert (event.date.value, event.date.granularity) == (value, "day")


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Canada reversed its policy of 2019 after the election.", "reverse"),
        ("The judges overturned the ruling of March 2016 on appeal.", "overturn"),
    ],
)
def test_a_time_that_names_an_argument_never_dates_the_verb(extract, text, action):
    event = next(e for e in extract(text) if e.action == action)
    assert event.date is None or event.date.source == "publication"


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("Microsoft's announcement came on Monday, June 17.", "announce", "2024-06-17"),
        ("The ministry's decision to act came in May.", "decide", "2024-05"),
    ],
)
def test_a_happening_takes_the_time_before_a_state_does(extract, text, action, value):
    assert date_value(extract, text, action) == value


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("The company paid a $2 million penalty last year.", "penalize", "2023"),
        ("The bank received a fine of $5 million in March 2021.", "fine", "2021-03"),
    ],
)
def test_the_time_of_a_verb_carrying_a_nominal_event_dates_it(extract, text, action, value):
    assert date_value(extract, text, action) == value


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("In 2019 the president signed an order that banned foreign drones.", "ban", "2019"),
        ("In March 2021, parliament passed a law that ordered the regulator to act.",
         "order", "2021-03"),
    ],
)  # fmt: skip
def test_what_an_issued_document_did_is_dated_by_its_issue(extract, text, action, value):
    event = next(e for e in extract(text) if e.action == action)
    assert event.date is not None and event.date.value == value
    assert event.date.source == "inherited"


def test_a_past_relative_clause_on_a_person_keeps_its_own_time(extract):
    events = extract("In 2019 police arrested a man who stabbed a guard.")
    stab = next(e for e in events if e.action == "stab")
    assert stab.date is None or stab.date.source != "inherited"


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("In 2021, lawmakers passed an act which directed the agency to adopt rules "
         "within a year.", "adopt", "2022"),
        ("In March 2021, parliament passed a law that told the ministry to draft a code "
         "within six months.", "draft", "2021-09"),
    ],
)  # fmt: skip
def test_a_bound_counts_from_a_governing_year_or_month(extract, text, action, value):
    assert date_value(extract, text, action) == value


def dated(extract, text, action):
    """Return (value, relation, source) of the first event of an action in a text."""
    event = next(e for e in extract(text) if e.action == action)
    assert event.date is not None, event
    return event.date.value, event.date.relation, event.date.source


@pytest.mark.parametrize(
    ("text", "action", "expected"),
    [
        # A written time that modifies the event.
        ("The commission fined the carmaker in March 2021.", "fine", ("2021-03", "on", "explicit")),
        # A deictic time, against the publication date (a Friday).
        ("The regulator fined the bank last week.", "fine", ("2024-W24", "on", "relative")),
        ("The ministry banned the drug on Tuesday.", "ban", ("2024-06-18", "on", "relative")),
        # An anaphoric time, against the story's time.
        ("The agency opened an inquiry in 2019. A year later, it fined the dealer.", "fine",
         ("2020", "on", "relative")),
        # Another event, with the relation kept.
        ("The firm appealed two weeks after the regulator fined it on May 2.", "appeal",
         ("2024-05-16", "after", "event-relative")),
        ("The firm sold its shares three days before the regulator banned them on May 10.",
         "sell", ("2024-05-07", "before", "event-relative")),
        # The statement a report continues.
        ("Meta said on Tuesday it would appeal. Its lawyers said the fine was unlawful.", "say",
         ("2024-06-18", "on", "relative")),
        # The publication date, as an inference.
        ("The union said it would strike.", "say", ("2024-06-21", "on", "publication")),
        ("The union has rejected the offer.", "reject", ("2024-06-21", "on", "publication")),
        ("The mayor closed the bridge.", "close", ("2024-06-21", "before", "publication")),
        ("The union will strike.", "strike", ("2024-06-21", "after", "publication")),
    ],
)  # fmt: skip
def test_each_anchor_kind_records_how_the_date_was_obtained(extract, text, action, expected):
    assert dated(extract, text, action) == expected


def test_a_report_continuing_a_dated_statement_inherits_its_day(extract):
    events = extract(
        "Meta said on Tuesday it would appeal. Its lawyers said the fine was unlawful."
    )
    second = [e for e in events if e.action == "say"][1]
    assert second.date is not None
    assert (second.date.value, second.date.source, second.date.inferred) == (
        "2024-06-18",
        "inherited",
        True,
    )


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("Two weeks after the election, on March 3, the council approved the budget.",
         "approve", "2024-03-03"),
        ("Five years after its launch, the service in February passed its rival.", "pass",
         "2024-02"),
    ],
)  # fmt: skip
def test_a_stated_point_beats_a_bound_from_another_event(extract, text, action, value):
    assert dated(extract, text, action)[0] == value


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("Two weeks after the election, on March 3, the council approved the budget.",
         "elect", "2024-02-18"),
        ("Ten months after the merger was announced, the regulator in April approved it.",
         "announce", "2023-06"),
    ],
)  # fmt: skip
def test_the_event_a_bound_counts_from_is_dated_back_from_the_stated_point(
    extract, text, action, value
):
    assert dated(extract, text, action) == (value, "on", "event-relative")


def test_the_event_a_bound_counts_from_never_shares_the_bounded_date(extract):
    events = extract("The agency must decide within 60 days of the hearing, the court said.")
    hearing = [e for e in events if e.action == "hearing"]
    assert all(e.date is None or e.date.source != "inherited" for e in hearing)


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("The agency on Thursday moved to bar the firm from selling its software, extending "
         "years of limits.", "extend", "2024-06-20"),
        ("The regulator on Tuesday sought to block the merger, prompting protests from "
         "investors.", "prompt", "2024-06-18"),
    ],
)  # fmt: skip
def test_the_time_of_a_verb_that_is_no_event_dates_its_participle(extract, text, action, value):
    assert dated(extract, text, action) == (value, "on", "relative")


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("The firm has been moving its servers to Ireland.", "move"),
        ("The carmaker has been selling the vans at a loss.", "sell"),
    ],
)
def test_the_perfect_progressive_is_told_on_the_publication_day(extract, text, action):
    assert dated(extract, text, action) == ("2024-06-21", "on", "publication")


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("The senators were not convinced, pointing to the cost of the plan.", "point"),
        ("The regulator was not satisfied, demanding more documents from the bank.", "demand"),
        ("The union did not sign the deal, arguing that the pay rise was too small.", "argue"),
    ],
)
def test_a_participle_of_a_negated_past_verb_happened_before_publication(extract, text, action):
    assert dated(extract, text, action) == ("2024-06-21", "before", "publication")


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("The carmaker began closing its plants in July and laid off its staff.", "lay off",
         "2024-07"),
        ("The union started picketing the mine in May and blocked its gates.", "block",
         "2024-05"),
    ],
)  # fmt: skip
def test_a_verb_joined_to_an_undated_head_takes_its_complements_time(extract, text, action, value):
    assert dated(extract, text, action)[0] == value


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("The firm has been cutting costs since March, when it said it would shut a plant.",
         "say", "2024-03"),
        ("Sales have slumped since 2019, when the regulator fined the company.", "fine",
         "2019"),
    ],
)  # fmt: skip
def test_a_when_clause_on_a_time_is_dated_by_it(extract, text, action, value):
    assert dated(extract, text, action)[:2] == (value, "on")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("Its lawsuits against the ministry were thrown out in May 2018.", "sue", "2018-05"),
        ("The fines imposed by the regulator were upheld in March 2024.", "fine", "2024-03"),
    ],
)
def test_an_event_acted_on_happened_before_the_act(extract, text, action, value):
    (event,) = [e for e in extract(text) if e.action == action]
    assert event.date is not None
    assert (event.date.value, event.date.relation) == (value, "before")
    assert event.date.inferred and event.date.source == "event-relative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A month of this year's story: "a week later" and "the next day" stay in it.
        (
            "In March, the regulator opened an inquiry. A week later, it fined the lender.",
            [("March", "2024-03"), ("A week later", "2024-03")],
        ),
        (
            "The union walked out in February. The next day, managers closed the plant.",
            [("February", "2024-02"), ("The next day", "2024-02")],
        ),
        # A day of the story: the next day is the one after it.
        (
            "On April 2, the mayor resigned. The next day, the council met.",
            [("April 2", "2024-04-02"), ("The next day", "2024-04-03")],
        ),
    ],
)
def test_a_later_time_counts_from_the_story_month_not_the_dct(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "month", "value"),
    [
        ("The rule takes effect in March.", "March", "2025-03"),
        ("The new fee takes effect in January, the agency said.", "January", "2025-01"),
    ],
)
def test_a_schedule_in_the_present_looks_ahead(text, month, value):
    assert dict(values(text))[month] == value


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The mill closed in 2015. Days later, its owner sold the land.", "Days later", "PXD"),
        ("The strike ended in May. Weeks earlier, talks had failed.", "Weeks earlier", "PXW"),
    ],
)
def test_a_story_span_of_no_stated_length_is_a_vague_duration(text, span, value):
    assert (span, value) in values(text)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "action", "value", "relation"),
    [
        (
            "The regulator fined the bank in March 2021. Days later, the bank replaced "
            "its chief executive.",
            "replace",
            "2021-03",
            "after",
        ),
        (
            "The court ruled on the case on June 3, 2022. Months earlier, the company had "
            "sued the agency.",
            "sue",
            "2022-06-03",
            "before",
        ),
    ],
)
def test_days_later_places_the_event_after_the_story_time(extract, text, action, value, relation):
    when = stated_date(extract, text, action)
    assert (when.value, when.relation, when.source) == (value, relation, "relative")
    assert when.inferred


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        (
            "The council approved the budget on Monday. Three days later, the mayor vetoed it.",
            "veto",
            "2024-06-20",
        ),
        (
            "The brewery filed for bankruptcy in May 2019. Two months later, a rival "
            "bought its plants.",
            "buy",
            "2019-07",
        ),
        (
            "The regulator fined the carrier in 2015. A year later, the carrier sued the "
            "regulator.",
            "sue",
            "2016",
        ),
        (
            # No finer than the count: two years after a month is a year.
            "The agency listed the firm in March 2022. Two years later, the ministry "
            "banned its products.",
            "ban",
            "2024",
        ),
        (
            "The club sacked its coach on 4 April 2022. Two weeks earlier, he had "
            "criticised the board.",
            "criticize",
            "2022-03-21",
        ),
    ],
)
def test_a_counted_story_move_counts_from_the_story_time(extract, text, action, value):
    when = stated_date(extract, text, action)
    assert (when.value, when.source) == (value, "relative")


@pytest.mark.model
def test_a_counted_story_move_is_never_dated_after_the_article(extract):
    when = stated_date(
        extract, "The union called a walkout. Two weeks later, the airline sued it.", "sue"
    )
    assert when.value <= DCT.isoformat()


@pytest.mark.model
def test_days_later_with_no_story_time_says_nothing_of_its_own(extract):
    event = next(
        e
        for e in extract("Days later, the bank replaced its chief executive.")
        if e.action == "replace"
    )
    assert event.date is None or event.date.source == "publication"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        (
            "The regulator fined the airline in May 2022. The airline was also ordered to "
            "refund its passengers within 60 days.",
            "order",
            "2022-05",
        ),
        (
            "Prosecutors charged the banker on March 3, 2021. They also charged his brother.",
            "charge",
            "2021-03-03",
        ),
    ],
)
def test_also_ties_a_past_event_to_the_dated_one_before_it(extract, text, action, value):
    event = [e for e in extract(text) if e.action == action][-1]
    assert event.date is not None
    assert (event.date.value, event.date.source) == (value, "inherited")


@pytest.mark.model
def test_a_past_event_without_also_does_not_take_the_last_date(extract):
    events = extract("The regulator fined the airline in May 2022. The airline appealed.")
    appeal = next(e for e in events if e.action == "appeal")
    assert appeal.date is None or appeal.date.source == "publication"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "action", "value", "relation"),
    [
        (
            "The regulator banned the app on March 3, 2021. After the ban, the company "
            "sued the regulator.",
            "sue",
            "2021-03-03",
            "after",
        ),
        (
            "The department placed Kestrel on the Entity List in May 2019. Shortly after "
            "the listing, the department issued a temporary license.",
            "issue",
            "2019-05",
            "after",
        ),
        (
            "The union called a strike on June 2, 2023. Before the strike, the owners had "
            "offered a raise.",
            "offer",
            "2023-06-02",
            "before",
        ),
    ],
)
def test_an_event_after_a_told_event_is_dated_after_it(extract, text, action, value, relation):
    when = stated_date(extract, text, action)
    assert (when.value, when.relation, when.source) == (value, relation, "event-relative")


@pytest.mark.model
def test_an_event_after_an_event_never_told_keeps_no_such_date(extract):
    event = next(
        e
        for e in extract("Before the vote, the senator met the union leaders.")
        if e.action == "meet"
    )
    assert event.date is None or event.date.source != "event-relative"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        ("The council met on March 3, 2023. The mayor then vetoed the budget.", "veto",
         "2023-03-03"),
        ("The lender seized the farm in 2016. The family then sued the lender.", "sue", "2016"),
    ],
)  # fmt: skip
def test_then_places_a_deed_after_the_story_time(extract, text, action, value):
    when = stated_date(extract, text, action)
    assert (when.value, when.relation, when.source) == (value, "after", "relative")


@pytest.mark.model
def test_then_without_a_story_time_says_nothing_of_its_own(extract):
    event = next(e for e in extract("The mayor then vetoed the budget.") if e.action == "veto")
    assert event.date is None or event.date.source == "publication"


@pytest.mark.parametrize(
    ("text", "month", "value"),
    [
        # A month that opens a sentence moves the story on past the story's month ...
        ("The union struck in November 2019. In March, the owners sold the mill.", "March",
         "2020-03"),
        ("The plant opened in October 2018. In May, workers walked out.", "May", "2019-05"),
        # ... one inside a clause may look back, so it keeps the story's year.
        ("The merger closed in December 2019. It was first announced in February.", "February",
         "2019-02"),
        # A later month of the story's year needs no move.
        ("The union struck in March 2019. In November, the owners sold the mill.", "November",
         "2019-11"),
    ],
)  # fmt: skip
def test_a_fronted_month_before_the_story_month_is_the_next_one(text, month, value):
    assert dict(values(text))[month] == value


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("In a report released last month, the safety board said four bolts were missing.",
         "2024-05"),
        ("The airline said in a letter sent to staff on Monday that it would close.",
         "2024-06-17"),
    ],
)  # fmt: skip
def test_what_a_document_says_is_dated_by_the_document(extract, text, value):
    assert stated_date(extract, text, "say").value == value


@pytest.mark.model
def test_a_time_the_document_is_about_does_not_date_the_saying(extract):
    text = "In a report on the 2019 crash, the board said pilots erred."
    assert date_value(extract, text, "say") != "2019"
