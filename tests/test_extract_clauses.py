"""Clause-level constructions: shared passives, far speakers, attempts, negating arguments.

Sentences written for these tests, two documents' worth of wording per construction.
"""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def by_action(events, action):
    found = [e for e in events if e.action == action]
    assert found, [(e.action, e.trigger) for e in events]
    return found[0]


def labels(entities):
    return [e.label for e in entities]


def date_of(event):
    return event.date.value if event.date is not None else None


# -- a passive's auxiliary shared by a bare conjunct ------------------------------------


@pytest.mark.parametrize(
    ("text", "action", "patient"),
    [
        (
            "The reporter was detained in Tehran on Monday and deported to France.",
            "deport",
            "reporter",
        ),
        (
            "The cargo was seized at the border last week and destroyed by customs officers.",
            "destroy",
            "cargo",
        ),
    ],
)
def test_a_bare_conjunct_of_a_passive_is_passive(extract, text, action, patient):
    event = by_action(extract(text), action)
    assert labels(event.patients) == [patient]
    assert patient not in labels(event.agents)


@pytest.mark.parametrize(
    ("text", "action", "agent"),
    [
        ("The suspect was questioned for hours and returned home.", "return", "suspect"),
        ("The envoy was summoned by the ministry and left for Paris.", "leave", "envoy"),
    ],
)
def test_a_conjunct_that_takes_no_object_stays_active(extract, text, action, agent):
    event = by_action(extract(text), action)
    assert labels(event.agents) == [agent]


# -- the speaker of a reported clause, however far back it was named --------------------


@pytest.mark.parametrize(
    ("text", "action", "agent"),
    [
        (
            "Northwind Energy opened a plant in Ohio in 2019. Regulators praised the design. "
            "Inspectors visited the site twice. Unions welcomed the jobs. "
            "The company said it would close the plant in March.",
            "close",
            "Northwind Energy",
        ),
        (
            "Halvorsen Shipping bought two tankers last year. Brokers called the price high. "
            "Insurers raised their rates. Rivals cut their fares. "
            "The company said it would sell both ships.",
            "sell",
            "Halvorsen Shipping",
        ),
    ],
)
def test_it_in_a_reported_clause_is_the_speaker(extract, text, action, agent):
    event = by_action(extract(text), action)
    assert labels(event.agents) == [agent]


# -- what was tried is dated by the attempt -------------------------------------------


def test_what_was_tried_on_a_day_is_dated_by_it_and_stays_planned(extract):
    event = by_action(
        extract("On March 9, depositors tried to withdraw their savings.", date(2023, 3, 12)),
        "withdraw",
    )
    assert date_of(event) == "2023-03-09"
    assert event.modality == "planned"


def test_an_attempt_joined_to_a_dated_clause_shares_its_time(extract):
    events = extract(
        "Customers panicked on Thursday and tried to pull their money out of the lender.",
        date(2023, 3, 12),
    )
    assert date_of(by_action(events, "pull")) == "2023-03-09"


# -- arguments that deny their clause ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("The tribunal imposed no penalty on the cyclist.", "impose"),
        ("The minister said nothing about the contract.", "say"),
        ("No evidence was presented by the prosecutors at the hearing.", "present"),
    ],
)
def test_an_argument_that_names_none_negates_the_event(extract, text, action):
    assert by_action(extract(text), action).modality == "negated"


def test_an_argument_with_a_determiner_keeps_the_event_asserted(extract):
    event = by_action(extract("The tribunal imposed a penalty on the cyclist."), "impose")
    assert event.modality == "asserted"


# -- event nouns, idioms with "the" and phrasal adverbs ----------------------------------


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("The tanker ran aground off the coast last week.", "run aground"),
        ("A ferry ran aground near the harbour on Sunday.", "run aground"),
        ("The former chief executive took the stand on Tuesday.", "take the stand"),
        ("A new chairwoman took the helm of the bank in May.", "take the helm"),
    ],
)
def test_listed_phrases_with_adverbs_and_the_are_events(extract, text, action):
    by_action(extract(text), action)


@pytest.mark.parametrize(
    ("text", "action", "event_type"),
    [
        ("An appeals court upheld the trader's conviction in June.", "convict", "LegalAction"),
        ("The court approved the banker's extradition to Spain.", "extradite", "LegalAction"),
    ],
)
def test_legal_nouns_are_typed_events(extract, text, action, event_type):
    assert by_action(extract(text), action).type == event_type


@pytest.mark.parametrize(
    ("text", "action", "agent"),
    [
        ("The lender's collapse shocked investors in March.", "collapse", "lender"),
        ("The broker's failure stunned its clients.", "fail", "broker"),
    ],
)
def test_an_owned_collapse_or_failure_is_an_event(extract, text, action, agent):
    assert labels(by_action(extract(text), action).agents) == [agent]


# -- a possessive owned by a described subject ----------------------------------------


@pytest.mark.parametrize(
    ("text", "action", "patient"),
    [
        (
            "Regulators fined Orbis Bank in May. Later the rival lenders raised their rates.",
            "raise",
            "rates",
        ),
        (
            "Apex Motors recalled 40,000 cars. The dealers lowered their prices.",
            "lower",
            "prices",
        ),
    ],
)
def test_their_after_a_described_subject_is_not_an_earlier_name(extract, text, action, patient):
    event = by_action(extract(text), action)
    assert labels(event.patients) == [patient]


# -- a stated day told before the bound it dates by ---------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "action", "value"),
    [
        (
            "On Friday, two days after prosecutors charged him with fraud, the banker "
            "resigned from the board.",
            date(2021, 4, 2),
            "charge",
            "2021-03-31",
        ),
        (
            "On March 29, six days after the tanker ran aground in the canal, salvage crews "
            "freed it.",
            date(2021, 4, 2),
            "run aground",
            "2021-03-23",
        ),
    ],
)
def test_a_day_stated_first_dates_the_event_its_bound_counts_from(
    extract, text, published, action, value
):
    assert date_of(by_action(extract(text, published), action)) == value


# -- a clause on a day apposed to a date ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action", "value"),
    [
        (
            "The swab tested positive on Dec. 25, 2021, the day a nurse collected it in Oslo.",
            "collect",
            "2021-12-25",
        ),
        (
            "She resigned on January 3, the day the board published its report.",
            "publish",
            "2022-01-03",
        ),
    ],
)
def test_a_clause_on_an_apposed_day_happened_on_it(extract, text, action, value):
    assert date_of(by_action(extract(text, date(2022, 2, 10)), action)) == value


# -- a day something is set for -------------------------------------------------------------


def test_a_day_set_for_dates_the_scheduled_event_not_the_setting(extract):
    events = extract(
        "A federal judge set sentencing for March 28 after the jury convicted the trader.",
        date(2023, 11, 3),
    )
    assert date_of(by_action(events, "sentence")) == "2024-03-28"
    assert date_of(by_action(events, "set")) != "2024-03-28"


# -- an amount's of-phrase names the thing ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action", "patient"),
    [
        ("Customs officers seized 300 kilograms of heroin at the port.", "seize", "heroin"),
        ("The damaged tanker spilled thousands of barrels of crude.", "spill", "crude"),
        ("The plant discharged two million liters of seawater.", "discharge", "seawater"),
    ],
)
def test_the_patient_of_an_amount_is_what_it_measures(extract, text, action, patient):
    assert labels(by_action(extract(text), action).patients) == [patient]


# -- a demonym's government is the country; a demonym alone is no actor ---------------


@pytest.mark.parametrize(
    ("text", "action", "agent"),
    [
        ("The Japanese government said on Monday it would resume the exports.", "say", "Japan"),
        ("Thai authorities arrested the smuggler at the airport.", "arrest", "Thailand"),
    ],
)
def test_a_demonyms_government_is_its_country(extract, text, action, agent):
    assert labels(by_action(extract(text), action).agents) == [agent]


def test_a_thing_of_a_demonym_is_no_act_of_its_country(extract):
    event = by_action(extract("The coast guard seized a Thai fishing boat on Friday."), "seize")
    assert "Thailand" not in labels(event.patients)


def test_they_is_never_a_country(extract):
    events = extract(
        "Students marched through Athens on Sunday against the cuts in Greece. "
        "They chanted slogans outside parliament."
    )
    assert labels(by_action(events, "chant").agents) == ["students"]


def test_their_after_a_nearer_plural_subject_is_not_an_earlier_name(extract):
    events = extract(
        "Orbis Bank closed two branches in Leeds. Many savers found that their accounts had "
        "been moved to a lender they had never heard of."
    )
    assert labels(by_action(events, "move").patients) == ["accounts"]
    assert all("Orbis Bank" not in labels(e.agents) for e in events if e.action != "close")


def test_they_after_a_plural_speaker_is_not_an_earlier_name(extract):
    events = extract(
        "The Halden Group sold its stake in May. Several pension funds said they would sue."
    )
    assert labels(by_action(events, "say").agents) == ["several pension funds"]
    assert all(labels(e.agents) != ["Halden"] for e in events if e.action == "sue")
