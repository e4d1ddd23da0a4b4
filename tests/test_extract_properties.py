"""Event reading never fails on any text the pipeline parses (hypothesis, real model)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.model

WORDS = (
    "the regulator court bank Siemens Google Commission said fined banned appealed two weeks "
    "after before within days of the announcement on Tuesday in May 2021 last year will would "
    "not to decided plan its their it they who which that and or , . ban takes effect expires "
    "officials at from by judges the chairwoman Chairwoman Lina Khan (Reuters) - WASHINGTON"
).split()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_any_sentence_soup_reads_without_error(extract, words):
    events = extract(" ".join(words), published=date(2024, 6, 21))
    for event in events:
        assert 0.0 <= event.confidence <= 1.0
        assert event.trigger_start < event.trigger_end
        if event.date is not None:
            assert event.date.source in (
                "explicit",
                "relative",
                "event-relative",
                "inherited",
                "publication",
            )
