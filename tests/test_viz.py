import json
import re
from datetime import date
from functools import partial

import pytest
from factories import event as make_event

from kg.types import Article, Entity, Event
from kg.viz import show, timeline_data, timeline_html, write_timeline

DHS = Entity("urn:dhs", "US Department of Homeland Security", "GovernmentAgency", ("DHS",))
COM = Entity("urn:com", "US Department of Commerce", "GovernmentAgency", ("Commerce",))
KAS = Entity("urn:kas", "Kaspersky Lab", "Company", ("Kaspersky",))
US = Entity("urn:us", "United States", "Country")

PAYLOAD = (
    "It said </script><script>window.__pwned=1</script> and "
    '<img src=x onerror="window.__pwned=1"> <!-- hidden --> & more.'
)


# Events numbered like the fixtures of the other page tests.
_ev = partial(make_event, confidence=0.75)


EVENTS = [
    _ev(1, "Order", (DHS,), (KAS,), "2017", "year"),
    _ev(2, "Ban", (DHS,), (KAS,), "2017-09-13", "day"),
    _ev(3, "Ban", (COM,), (KAS,), "2024-06", "month", article="a2"),
    _ev(4, "Deadline", (COM,), (KAS,), "2024-09-29", "day", article="a2"),
    _ev(5, "Statement", (KAS,), (), None, sentence=PAYLOAD, article="a3"),
]
ARTICLES = {
    "a1": Article("a1", "", title="DHS directive", url="https://news.example/a1"),
    "a3": Article("a3", "", title="<b>Kaspersky</b> replies", url="javascript:alert(1)"),
}


def _data(page):
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "the page carries its data as JSON"
    return json.loads(match[1])


TIMEX_CODE = re.compile(r"\d{4}-(\d{2}|W\d{2}|Q\d|H\d)|T(MO|AF|EV|NI)\b|XX|_REF\b|\bP\d+[YMWD]\b")


def timeline_data_for(events):
    from kg.convert import events_to_nx

    return timeline_data(events_to_nx(events))


def _events(data):
    return {n["id"]: n for n in data["nodes"] if n["kg"]["kind"] == "event"}


@pytest.fixture(scope="module")
def page():
    return timeline_html(EVENTS, ARTICLES, title="Kaspersky <timeline>")


def test_page_is_self_contained(page):
    assert not re.search(
        r"""<(script|img|iframe)\b[^>]*\bsrc\s*=\s*["']?(https?:)?//""", page, re.I
    )
    assert not re.search(r"""<link\b[^>]*\bhref\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "<script src" not in page and "<link" not in page
    assert "vis-network" in page and "new vis.Network" in page  # the library is inlined
    assert len(page) > 400_000


def test_write_timeline_writes_one_file_and_nothing_else(tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    out = write_timeline(tmp_path / "out" / "t.html", EVENTS, ARTICLES)
    assert out == tmp_path / "out" / "t.html"
    assert [p.name for p in out.parent.iterdir()] == ["t.html"]
    assert list(cwd.iterdir()) == []
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_article_text_is_never_markup(page):
    for raw in ("<script>window.__pwned", "<img src=x", "<!--", "<b>Kaspersky</b>", "<timeline>"):
        assert raw not in page
    # Only the page's own three scripts close: nothing inside them ends one early.
    assert page.count("</script>") == 3
    assert len(re.findall(r"</script", page, re.I)) == 3
    assert "<title>Kaspersky &lt;timeline&gt;</title>" in page
    data = _data(page)
    assert _events(data)["urn:ev5"]["kg"]["sentence"] == PAYLOAD
    assert data["title"] == "Kaspersky <timeline>"


def test_tooltip_facts_travel_with_each_event(page):
    info = _events(_data(page))["urn:ev2"]["kg"]
    assert info["sentence"] == "Sentence 2."
    assert (info["date"], info["dateText"], info["start"], info["end"]) == (
        "2017-09-13",
        "as written 2",
        "2017-09-13",
        "2017-09-13",
    )
    assert info["confidence"] == 0.75
    assert (info["articleTitle"], info["articleUrl"]) == (
        "DHS directive",
        "https://news.example/a1",
    )
    assert info["agents"] == ["US Department of Homeland Security"]
    assert info["patients"] == ["Kaspersky Lab"]


def test_events_are_placed_by_time_and_lane(page):
    data = _data(page)
    ev = _events(data)
    x = {k: n["x"] for k, n in ev.items()}
    assert x["urn:ev1"] < x["urn:ev3"] < x["urn:ev4"]
    assert x["urn:ev2"] < x["urn:ev3"]
    assert data["options"]["nodes"]["fixed"] is True
    assert data["options"]["physics"]["enabled"] is False
    # The undated event sits in its own column, right of every dated one.
    assert x["urn:ev5"] > max(x[k] for k in x if k != "urn:ev5")
    assert data["undated"]["x0"] <= x["urn:ev5"] <= data["undated"]["x1"]
    # DHS events share the DHS lane; Commerce events the Commerce lane.
    lanes = {lane["actor"]: lane for lane in data["lanes"]}
    for event, actor in [("urn:ev1", "urn:dhs"), ("urn:ev2", "urn:dhs"), ("urn:ev3", "urn:com")]:
        assert lanes[actor]["top"] < ev[event]["y"] < lanes[actor]["bottom"]


def test_year_and_month_events_span_their_period(page):
    data = _data(page)
    ev = _events(data)
    style = {k: data["options"]["groups"][n["group"]] for k, n in ev.items()}
    year, month, day = ev["urn:ev1"], ev["urn:ev3"], ev["urn:ev4"]
    # The label is the action; the date, written for people, travels with the event.
    assert (year["label"], month["label"], day["label"]) == ("act1", "act3", "act4")
    assert year["kg"]["dateLabel"] == "2017" and month["kg"]["dateLabel"] == "June 2024"
    assert month["kg"]["period"] == "1 Jun 2024 to 30 Jun 2024"
    assert day["kg"]["dateLabel"] == "29 Sep 2024" and day["kg"]["period"] is None
    assert (
        style["urn:ev1"]["shape"] == "box" and style["urn:ev1"]["shapeProperties"]["borderDashes"]
    )
    assert style["urn:ev3"]["shape"] == "box"
    assert year["widthConstraint"]["minimum"] > month["widthConstraint"]["minimum"]
    # A day is a solid box of its label's width, not a dashed period.
    assert style["urn:ev4"]["shape"] == "box" and "widthConstraint" not in day
    assert "shapeProperties" not in style["urn:ev4"]


def test_axis_legend_and_edges(page):
    data = _data(page)
    labels = [t["label"] for t in data["ticks"]]
    assert "2017" in labels and any("2024" in label for label in labels)
    assert [b["label"] for b in data["breaks"]] == ["6 years"]
    assert {t["type"]: t["count"] for t in data["types"]} == {
        "Ban": 2,
        "Order": 1,
        "Deadline": 1,
        "Statement": 1,
    }
    roles = {(e["from"], e["to"], e["role"]) for e in data["edges"]}
    assert ("urn:dhs", "urn:ev1", "agent") in roles and ("urn:ev1", "urn:kas", "patient") in roles
    assert data["networkOptions"]["physics"]["stabilization"]["enabled"] is True


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "commerce"}, {"urn:ev3", "urn:ev4"}),
        ({"actor": "urn:dhs"}, {"urn:ev1", "urn:ev2"}),
        ({"type": "Ban"}, {"urn:ev2", "urn:ev3"}),
        ({"type": ["ban", "deadline"]}, {"urn:ev2", "urn:ev3", "urn:ev4"}),
        ({"since": "2024"}, {"urn:ev3", "urn:ev4"}),
        ({"until": "2017-06"}, {"urn:ev1"}),
        ({"since": date(2017, 9, 1), "until": "2024-06-15"}, {"urn:ev1", "urn:ev2", "urn:ev3"}),
    ],
)
def test_filters(filters, expected):
    data = _data(timeline_html(EVENTS, ARTICLES, **filters))
    assert set(_events(data)) == expected


def test_empty_result_still_renders():
    page = timeline_html(EVENTS, ARTICLES, actor="nobody at all")
    data = _data(page)
    assert data["counts"] == {"events": 0, "dated": 0}
    assert data["applied"] == {"actor": "nobody at all"}
    assert 'id="kg-empty"' in page


def test_bad_date_filter_is_refused():
    with pytest.raises(ValueError, match="YYYY"):
        timeline_html(EVENTS, since="last spring")


def test_timeline_data_handles_many_events_in_one_day():
    same_day = [_ev(i, "Ban", (DHS,), (KAS,), "2024-06-20", "day") for i in range(6)]
    from kg.convert import events_to_nx

    data = timeline_data(events_to_nx(same_day))
    nodes = [n for n in data["nodes"] if n["kg"]["kind"] == "event"]
    # One pile, one row: the event on top says how many lie under it; the others
    # carry no label of their own (the list and their tooltips name them).
    labelled = [n for n in nodes if n["label"].strip()]
    assert [n["label"] for n in labelled] == ["act0 +5"]
    assert len({n["kg"]["row"]["compact"] for n in nodes}) == 1
    under = [n for n in nodes if n not in labelled]
    assert all(0 < n["y"] - labelled[0]["y"] <= 6 for n in under)
    # ... drawn first, so the labelled one is on top.
    assert data["nodes"].index(labelled[0]) > max(data["nodes"].index(n) for n in under)
    # The labelled one's card names the others.
    assert sorted(labelled[0]["kg"]["pile"]) == sorted(n["id"] for n in under)
    assert {n["kg"]["pileOf"] for n in under} == {labelled[0]["id"]}


def test_agentless_events_go_to_their_patient_or_their_articles_main_actor():
    from kg.convert import events_to_nx

    events = [
        _ev(1, "Ban", (DHS,), (KAS,), "2017-09-13", "day"),
        _ev(2, "Ban", (COM,), (KAS,), "2024-06-20", "day", article="a2"),
        _ev(3, "Deadline", (), (KAS,), "2024-09-29", "day", article="a2"),  # no agent
        _ev(4, "Statement", (), (), "2024-07-20", "day", article="a2"),  # nobody at all
        _ev(5, "Statement", (), (US,), "2024-07-21", "day", article="a3"),  # lone patient
    ]
    data = timeline_data(events_to_nx(events))
    lane_of = {n["id"]: n["kg"]["lane"] for n in data["nodes"] if n["kg"]["kind"] == "event"}
    actors = [lane["actor"] for lane in data["lanes"]]
    assert actors[lane_of["urn:ev3"]] == "urn:kas"  # its patient's lane
    # Article a2's main actor (most of its events) is Kaspersky.
    assert actors[lane_of["urn:ev4"]] == "urn:kas"
    assert actors[lane_of["urn:ev5"]] == "urn:us"
    assert "other actors" not in [lane["label"] for lane in data["lanes"]]


def test_no_timex_code_in_what_the_page_shows():
    data = timeline_data_for(
        [
            _ev(1, "Statement", (KAS,), (), "2017-12-12TEV", "time"),
            _ev(2, "Ban", (COM,), (KAS,), "2024-W25", "week"),
            _ev(3, "Ban", (COM,), (KAS,), "2024-06", "month"),
        ]
    )
    shown = [n["label"] for n in data["nodes"]] + [
        n["kg"].get(k) or "" for n in data["nodes"] for k in ("dateLabel", "period")
    ]
    shown += [t["label"] for t in data["ticks"]] + [b["label"] for b in data["breaks"]]
    assert not [text for text in shown if TIMEX_CODE.search(text)]
    labels = {n["id"]: n["kg"].get("dateLabel") for n in data["nodes"]}
    assert labels["urn:ev1"] == "12 Dec 2017, evening"
    assert labels["urn:ev2"] == "week of 17 Jun 2024"
    assert labels["urn:ev3"] == "June 2024"


def test_every_stretch_of_the_axis_names_its_year():
    # Four stretches far apart, one of them shorter than a month.
    data = timeline_data_for(
        [
            _ev(1, "Ban", (DHS,), (KAS,), "2014-03-02", "day"),
            _ev(2, "Ban", (DHS,), (KAS,), "2017-09-13", "day"),
            _ev(3, "Ban", (COM,), (KAS,), "2022-03-25", "day"),
            _ev(4, "Ban", (COM,), (KAS,), "2024-06", "month"),
            _ev(5, "Ban", (COM,), (KAS,), "2024-09-29", "day"),
        ]
    )
    assert len(data["segments"]) == 4
    for seg in data["segments"]:
        inside = [t for t in data["ticks"] if seg["x0"] <= t["x"] <= seg["x1"] and t["label"]]
        assert any(re.search(r"\b(19|20)\d\d\b", t["label"]) for t in inside), inside


def test_show_wraps_the_page_in_an_escaped_srcdoc_iframe():
    pytest.importorskip("IPython")
    shown = show(EVENTS, ARTICLES, height=500)
    frame = shown.data
    assert '<iframe srcdoc="' in frame and "height:500px" in frame
    assert "<script" not in frame and "&lt;script" in frame
    assert 'sandbox="allow-scripts' in frame


def test_payloads_in_type_and_entity_names_stay_inside_the_data():
    evil = Entity("urn:evil", "</script><script>alert(1)</script>", "<b>Company</b>", ("<!--",))
    event = Event(
        "urn:x",
        "a",
        "s",
        0,
        1,
        "t",
        "act",
        "</script><img src=x onerror=alert(1)>",
        agents=(evil,),
        patients=(KAS,),
    )
    page = timeline_html([event], title="</title><script>alert(1)</script>")
    assert page.count("</script>") == 3
    assert "<img src=x" not in page and "<!--" not in page and "<b>Company" not in page
    data = _data(page)
    assert data["types"][0]["type"] == "</script><img src=x onerror=alert(1)>"
    assert {a["label"] for a in data["actors"]} == {evil.label, "Kaspersky Lab"}


def test_undated_events_collapse_into_a_badge_per_lane():
    from kg.convert import events_to_nx

    events = [
        _ev(1, "Ban", (DHS,), (KAS,), "2017-09-13", "day"),
        *(_ev(10 + i, "Statement", (KAS,), (US,)) for i in range(12)),
    ]
    data = timeline_data(events_to_nx(events))
    assert data["showUndated"] is False
    badges = [n for n in data["nodes"] if n["kg"]["kind"] == "badge"]
    assert len(badges) == 1
    (badge,) = badges
    assert badge["label"].startswith("12 undated")
    assert sorted(badge["kg"]["events"]) == sorted(f"urn:ev{10 + i}" for i in range(12))
    assert badge["kg"]["actor"] == "urn:kas"
    compact, full = data["layouts"]["compact"], data["layouts"]["full"]
    assert compact["undated"]["x0"] <= badge["x"] <= compact["undated"]["x1"]
    # Collapsed, Kaspersky's lane holds one row; shown, its twelve events need several.
    height = {
        name: lay["lanes"][0]["bottom"] - lay["lanes"][0]["top"]
        for name, lay in data["layouts"].items()
    }
    assert height["compact"] < height["full"]
    assert data["lanes"] == compact["lanes"]
    # Every node knows where it goes in both layouts, inside its lane in each.
    for node in data["nodes"]:
        if node["kg"]["kind"] != "event":
            continue
        for name, layout in data["layouts"].items():
            if name == "compact" and not node["kg"]["start"]:
                continue  # collapsed: hidden behind the badge
            lane = layout["lanes"][node["kg"]["lane"]]
            assert lane["top"] < node["kg"]["pos"][name][1] < lane["bottom"]
    # The undated grid is wider than one column but no wider than six.
    assert 3 * 118 <= full["undated"]["x1"] - full["undated"]["x0"] <= 6 * 118


def test_page_of_undated_events_only_opens_with_them_shown():
    from kg.convert import events_to_nx

    data = timeline_data(events_to_nx([_ev(i, "Statement", (KAS,), (US,)) for i in range(3)]))
    assert data["showUndated"] is True
    assert data["lanes"] == data["layouts"]["full"]["lanes"]


def test_edges_are_faint_when_many():
    from kg.convert import events_to_nx

    few = timeline_data(events_to_nx(EVENTS))["edges"]
    many = timeline_data(
        events_to_nx([_ev(i, "Ban", (DHS, COM), (KAS, US), "2024-06-20", "day") for i in range(12)])
    )["edges"]

    def alpha(edge):
        return float(edge["color"]["color"].rsplit(",", 1)[1].rstrip(")"))

    assert all(alpha(e) < 0.2 for e in many)
    assert all(alpha(e) > 0.3 for e in few)
    # Hovering or choosing a node brings its edges back to full strength.
    assert all(e["color"]["highlight"].startswith("rgb(") for e in many)


def test_capped_rows_lay_unlabelled_periods_behind_a_row():
    from kg.viz import _pack

    items = [
        ("p", 90.0, 400.0, 90.0, 400.0, True),  # a long period, with its label
        ("q", 95.0, 390.0, 95.0, 390.0, True),  # another: no room left for its label
        ("d0", 100.0, 180.0, 93.0, 107.0, False),
        ("d1", 300.0, 380.0, 293.0, 307.0, False),
    ]
    rows, n, bare = _pack(items, label_rows=1)
    assert bare == {"q"} and rows["q"] == rows["p"] == 0  # a band behind the first row
    assert (rows["d0"], rows["d1"], n) == (1, 1, 2)
    # Without a cap every event keeps its label, in rows of its own where needed.
    rows, n, bare = _pack(items)
    assert bare == set() and n == 3


def test_capped_rows_pile_days_too_close_to_tell_apart():
    from kg.viz import _place, _TimeScale

    bounds = {f"e{i}": (date(2024, 6, 1 + i), date(2024, 6, 1 + i)) for i in range(6)}
    labels = dict.fromkeys(bounds, "ban")
    lanes = dict.fromkeys(bounds, 0)
    scale = _TimeScale.fit(list(bounds.values()), width=200)
    capped = _place(list(bounds), bounds, labels, lanes, scale, label_rows=2)
    heads = set(capped.under.values())
    assert capped.under and heads.isdisjoint(capped.under)
    assert all(capped.geometry[h][2].startswith("ban +") for h in heads)
    # Days further apart than two marks are not piled.
    for member, head in capped.under.items():
        assert abs(scale.x(bounds[member][0]) - scale.x(bounds[head][0])) <= 28
    # Uncapped, only the same date piles: these are six different days.
    assert _place(list(bounds), bounds, labels, lanes, scale).under == {}
