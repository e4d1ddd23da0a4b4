"""The page tells stated dates from inferred ones and says what each date rests on."""

from dataclasses import replace

from factories import event as make_event

from kg.convert import events_to_nx
from kg.types import Entity, EventDate
from kg.viz import timeline_data

COM = Entity("urn:com", "US Department of Commerce", "GovernmentAgency")
KAS = Entity("urn:kas", "Kaspersky Lab", "Company")


def _nodes(events):
    data = timeline_data(events_to_nx(events))
    return {n["id"]: n for n in data["nodes"] if n["kg"]["kind"] == "event"}


def test_inferred_dates_are_drawn_apart_and_carry_their_source():
    stated = make_event(1, "Ban", (COM,), (KAS,), "2024-06-20", "day")
    told = replace(
        make_event(2, "Statement", (KAS,), (), "2024-06-21", "day"),
        date=EventDate(
            "2024-06-21", "day", "", inferred=True, source="publication", confidence=0.5
        ),
    )
    nodes = _nodes([stated, told])
    assert nodes["urn:ev1"]["group"] != nodes["urn:ev2"]["group"]
    assert nodes["urn:ev2"]["group"].endswith(":inferred")
    assert (nodes["urn:ev2"]["kg"]["dateSource"], nodes["urn:ev2"]["kg"]["dateConfidence"]) == (
        "publication",
        0.5,
    )
    assert nodes["urn:ev1"]["kg"]["dateSource"] == "explicit"


def test_bidirectional_overrides_never_reach_the_page():
    from kg.viz import timeline_html

    spoofed = Entity("urn:x", "Kasper\u202eky Lab", "Company")
    page = timeline_html([make_event(3, "Ban", (COM,), (spoofed,), "2024-06-20", "day")], {})
    assert "\u202e" not in page
    assert "Kasperky Lab" in page
