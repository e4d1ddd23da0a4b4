import re

import pytest

from kg.datetext import describe_date, timex_to_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2017-12-12", "12 Dec 2017"),
        ("2017-12-12TEV", "12 Dec 2017, evening"),
        ("2017-12-12TMO", "12 Dec 2017, morning"),
        ("2024-06-20T14:30", "20 Jun 2024, 14:30"),
        ("2024-06-20T09:05:00", "20 Jun 2024, 09:05"),
        ("2024-06-20T10", "20 Jun 2024, 10:00"),
        ("2024-06", "June 2024"),
        ("1998-10-XX", "October 1998"),
        ("2017", "2017"),
        ("1998-XX-XX", "1998"),
        ("2024-Q3", "Q3 2024"),
        ("2024-H1", "first half of 2024"),
        ("2024-SU", "summer 2024"),
        ("2024-W25", "week of 17 Jun 2024"),
        ("2024-W25-WE", "weekend of 22 Jun 2024"),
        ("201X", "the 2010s"),
        ("201", "the 2010s"),
        ("19", "the 1900s"),
        ("XXXX-09-29", "29 Sep (year unknown)"),
        ("XXXX-06", "June (year unknown)"),
        ("XXXX-WXX-2", "a Tuesday"),
        ("PRESENT_REF", "now"),
        ("PAST_REF", "the past"),
        ("P30D", "30 days"),
        ("P1Y", "1 year"),
        ("PT5H", "5 hours"),
        ("PT10M", "10 minutes"),
        ("P2M", "2 months"),
        ("PXY", "years"),
        ("P1DE", "1 decade"),
    ],
)
def test_timex_values_read_as_people_write_them(value, text):
    assert timex_to_text(value) == text


def test_no_people_date_carries_a_timex_code():
    values = ["2017-12-12TEV", "2024-W25", "2024-Q3", "XXXX-WXX-2", "2024-06", "201X"]
    for value in values:
        text = timex_to_text(value)
        assert not re.search(r"\d{4}-(\d{2}|W\d|Q\d)|T(EV|MO|AF|NI)\b|X{2}", text), text


@pytest.mark.parametrize("value", [None, ""])
def test_no_value_is_undated(value):
    assert timex_to_text(value) == "undated"
    assert describe_date(value, relation="until") == "undated"


@pytest.mark.parametrize("value", ["2023-02-30", "2024-W60", "someday", "2024-06-20Tfoo"])
def test_values_that_are_not_timex_are_kept_as_written(value):
    assert timex_to_text(value) == value


def test_relation_and_inference_are_said():
    assert describe_date("2017-12-12TEV", relation="until") == "until 12 Dec 2017, evening"
    assert describe_date("2024-09-29", relation="from") == "from 29 Sep 2024"
    assert describe_date("2024-06", relation="on") == "June 2024"
    assert describe_date("2017-09", inferred=True) == "≈ September 2017"
