"""The timeline page in a real headless Chromium: loads offline, filters, runs no article text."""

import re
import shutil
import time
from functools import partial
from pathlib import Path

import pytest
from factories import event as make_event

from kg.types import Article, Entity
from kg.viz import write_timeline

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")

DHS = Entity("urn:dhs", "US Department of Homeland Security", "GovernmentAgency", ("DHS",))
COM = Entity("urn:com", "US Department of Commerce", "GovernmentAgency", ("Commerce",))
KAS = Entity("urn:kas", "Kaspersky Lab", "Company", ("Kaspersky",))
BIS = Entity("urn:bis", "Bureau of Industry and Security", "GovernmentAgency", ("BIS",))
SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'


# Events numbered like the fixtures of the other page tests.
_ev = partial(make_event, confidence=0.8)


EVENTS = [
    _ev(1, "Order", (DHS,), (KAS,), "2017", "year"),
    _ev(2, "Ban", (DHS,), (KAS,), "2017-09-13", "day"),
    _ev(3, "Ban", (COM,), (KAS,), "2024-06", "month", article="a2"),
    _ev(4, "Deadline", (COM,), (KAS,), "2024-07-20", "day", article="a2"),
    _ev(5, "Deadline", (COM,), (KAS,), "2024-09-29", "day", article="a2"),
    _ev(6, "EntityListing", (BIS,), (KAS,), "2024-06-21", "day", article="a2"),
    _ev(
        7,
        "Statement",
        (KAS,),
        (COM,),
        None,
        article="evil",
        sentence=f"Kaspersky replied {SCRIPT_PAYLOAD} and {IMG_PAYLOAD} loudly.",
    ),
]
ARTICLES = {
    "a1": Article("a1", "", title="DHS directive", url="https://news.example/a1"),
    "evil": Article("evil", "", title=f"Reply {IMG_PAYLOAD}", url="javascript:window.__pwned=1"),
}
N_ENTITIES = 4


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("no Chromium at /usr/bin/chromium: apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def page_file(tmp_path_factory):
    return write_timeline(tmp_path_factory.mktemp("page") / "timeline.html", EVENTS, ARTICLES)


@pytest.fixture
def opened(browser, page_file):
    """Open the page offline; yield (page, console errors, outside requests)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(page_file.as_uri())
    wait_for(page, "window.kgReady === true && window.kgEdgesReady === true", timeout=15)
    yield page, errors, outside
    context.close()


def wait_for(page, expression: str, timeout: float = 30.0) -> None:
    """Poll ``expression`` until it is true.

    The page's Content-Security-Policy forbids eval, which Playwright's own
    wait_for_function relies on, so poll from here instead.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression} still false after {timeout} s")
        page.wait_for_timeout(25)


def _visible_events(page):
    return page.evaluate("kg.visibleEvents().length")


def test_loads_offline_without_errors(opened):
    page, errors, outside = opened
    page.wait_for_timeout(200)
    assert errors == []
    assert outside == []
    assert page.title() == "kg timeline"


def _counts(page):
    return page.evaluate(
        """() => {
            const all = kg.timeline.nodes.get();
            const kinds = k => all.filter(n => n.kg.kind === k);
            return {events: kinds('event').length, badges: kinds('badge').length,
                    all: all.length, hidden: all.filter(n => n.hidden).map(n => n.id).sort()};
        }"""
    )


def test_shows_every_event(opened):
    page, _, _ = opened
    # The page opens with the undated event collapsed into its lane's badge.
    counts = _counts(page)
    assert counts == {
        "events": len(EVENTS),
        "badges": 1,
        "all": len(EVENTS) + N_ENTITIES + 1,
        "hidden": ["urn:ev7"],
    }
    assert _visible_events(page) == len(EVENTS) - 1
    assert page.text_content("#kg-status") == "7 events (6 dated); 1 undated collapsed"
    assert page.text_content("label:has(#kg-show-undated)").strip() == "show undated (1)"
    assert not page.is_checked("#kg-show-undated")

    page.check("#kg-show-undated")
    lane = page.evaluate("kg.timeline.nodes.get('urn:ev7').kg.lane")
    assert _counts(page)["hidden"] == [f"kg:undated:{lane}"]  # the badge gives way to the event
    assert _visible_events(page) == len(EVENTS)
    assert page.text_content("#kg-status") == "7 events (6 dated)"


def _in_lanes(page):
    """Tell, for each shown event, whether it lies inside its lane's band."""
    return page.evaluate(
        """() => {
            const pos = kg.timeline.network.getPositions();
            const lanes = kg.data.lanes;
            return kg.visibleEvents().map(id => {
                const node = kg.timeline.nodes.get(id), lane = lanes[node.kg.lane];
                return [id, lane.top < pos[id].y && pos[id].y < lane.bottom];
            });
        }"""
    )


def test_badge_expands_the_undated_events(opened):
    page, errors, _ = opened
    compact_bottom = page.evaluate("kg.data.lanes[kg.data.lanes.length - 1].bottom")
    assert all(inside for _, inside in _in_lanes(page))
    badge = page.evaluate(
        """() => {
            const net = kg.timeline.network;
            const id = 'kg:undated:' + kg.timeline.nodes.get('urn:ev7').kg.lane;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.getElementById('kg-timeline').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }"""
    )
    page.mouse.click(badge["x"], badge["y"])
    assert page.is_checked("#kg-show-undated")
    assert "urn:ev7" in page.evaluate("kg.visibleEvents()")
    # The lanes grew to hold the undated events, and every event moved with its lane.
    assert page.evaluate("kg.data.lanes[kg.data.lanes.length - 1].bottom") >= compact_bottom
    assert all(inside for _, inside in _in_lanes(page))
    # The view now frames the expanded events.
    assert _inside_view(page, ["urn:ev7"])
    page.uncheck("#kg-show-undated")
    assert "urn:ev7" not in page.evaluate("kg.visibleEvents()")
    assert errors == []


def _inside_view(page, ids=None):
    """Tell whether the drawn boxes (labels included) of ``ids`` lie in the view."""
    return page.evaluate(
        """(ids) => {
            const net = kg.timeline.network, c = document.getElementById('kg-timeline');
            ids = ids || kg.timeline.nodes.getIds({filter: n => !n.hidden});
            return ids.every(id => {
                const b = net.getBoundingBox(id);
                const a = net.canvasToDOM({x: b.left, y: b.top});
                const z = net.canvasToDOM({x: b.right, y: b.bottom});
                return a.x >= 0 && a.y >= 0 && z.x <= c.clientWidth && z.y <= c.clientHeight;
            });
        }""",
        ids,
    )


def test_small_timeline_opens_whole_with_labels(opened):
    page, _, _ = opened
    assert _inside_view(page)
    assert page.evaluate("kg.timeline.network.getScale()") >= 0.69


def _open(browser, path):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.route(
        "**/*",
        lambda r: r.abort() if not r.request.url.startswith(LOCAL_SCHEMES) else r.continue_(),
    )
    page.goto(path.as_uri())
    wait_for(page, "window.kgReady === true && window.kgEdgesReady === true", timeout=15)
    page.wait_for_timeout(100)
    return context, page


def test_actor_filtered_page_fits_long_names(browser, tmp_path):
    # A long lane name on the left and a long target name on the right.
    fcc = Entity("urn:fcc", "Federal Communications Commission", "GovernmentAgency", ("FCC",))
    far = Entity("urn:far", "AO Kaspersky Lab and Kaspersky Labs Limited", "Company")
    events = [
        _ev(1, "EntityListing", (fcc,), (far,), "2022-03-25", "day"),
        _ev(2, "Announcement", (fcc,), (KAS,), "2022-03", "month"),
        _ev(3, "Statement", (fcc,), (far,)),
        *EVENTS,
    ]
    path = write_timeline(tmp_path / "fcc.html", events, ARTICLES, actor="FCC")
    context, page = _open(browser, path)
    try:
        assert _inside_view(page)
        # The window grows after loading (as in a headless screenshot): the page
        # frames the drawing again, after vis-network restores its own view.
        before = page.evaluate("kg.timeline.network.getScale()")
        page.set_viewport_size({"width": 1700, "height": 1000})
        page.wait_for_timeout(300)
        assert _inside_view(page)
        assert page.evaluate("kg.timeline.network.getScale()") > before
    finally:
        context.close()


def test_busy_timeline_opens_readable_at_its_start(browser, tmp_path):
    actors = [Entity(f"urn:a{i}", f"Agency number {i}", "GovernmentAgency") for i in range(10)]
    events = [
        _ev(i, "Ban", (actors[i % 10],), (KAS,), f"{2014 + i % 11}-{1 + i % 12:02d}-15", "day")
        for i in range(80)
    ] + [_ev(100 + i, "Statement", (actors[0],), (KAS,)) for i in range(40)]
    context, page = _open(browser, write_timeline(tmp_path / "busy.html", events))
    try:
        # Too much to show at once: open at a zoom where labels read, and at the
        # start of the timeline, the first lane's name in view.
        readable = page.evaluate("kg.data.readableScale")
        assert readable >= 0.69  # 16-unit labels at 11 CSS pixels or more
        assert page.evaluate("kg.timeline.network.getScale()") == pytest.approx(readable)
        first_lane = page.evaluate("kg.data.lanes[0].actor")
        assert _inside_view(page, [first_lane])
        assert page.evaluate("kg.visibleEvents().length") == 80  # undated ones collapsed
        assert page.text_content("#kg-status").endswith("40 undated collapsed")
        page.click("#kg-fit")
        assert _inside_view(page)
    finally:
        context.close()


def test_actor_type_and_date_filters(opened):
    page, errors, _ = opened
    page.select_option("#kg-filter-actor", "urn:dhs")
    assert sorted(page.evaluate("kg.visibleEvents()")) == ["urn:ev1", "urn:ev2"]
    hidden = page.evaluate(
        "kg.timeline.nodes.get({filter: n => n.hidden === true && n.kg.kind !== 'badge'})"
        ".map(n => n.id)"
    )
    # Only DHS's lane keeps something to show: the other lanes go, with their headings
    # (Kaspersky, the target, heads a lane of its own, empty now), and so do their events.
    assert sorted(hidden) == [
        "urn:bis",
        "urn:com",
        "urn:ev3",
        "urn:ev4",
        "urn:ev5",
        "urn:ev6",
        "urn:ev7",
        "urn:kas",
    ]
    assert page.text_content("#kg-status") == "showing 2 of 7 events"

    page.select_option("#kg-filter-actor", "")
    page.select_option("#kg-filter-type", "Deadline")
    assert sorted(page.evaluate("kg.visibleEvents()")) == ["urn:ev4", "urn:ev5"]

    page.select_option("#kg-filter-type", "")
    page.fill("#kg-filter-since", "2024-06-15")
    page.fill("#kg-filter-until", "2024-07-31")
    page.dispatch_event("#kg-filter-until", "change")
    assert sorted(page.evaluate("kg.visibleEvents()")) == ["urn:ev3", "urn:ev4", "urn:ev6"]
    assert page.is_hidden("#kg-empty")

    page.select_option("#kg-filter-actor", "urn:dhs")  # DHS did nothing in mid-2024
    assert _visible_events(page) == 0
    assert page.is_visible("#kg-empty")
    assert page.evaluate("document.querySelector('#kg-timeline canvas') !== null")

    page.click("#kg-empty-reset")
    assert _visible_events(page) == len(EVENTS) - 1  # the undated one stays collapsed
    assert page.is_hidden("#kg-empty")
    assert errors == []


def test_payloads_show_as_text_and_never_run(opened):
    page, errors, outside = opened
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.check("#kg-show-undated")
    # Hover the event whose sentence carries the payloads.
    point = _node_point(page, "urn:ev7")
    page.mouse.move(point["x"] - 30, point["y"] - 30)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tip = page.text_content("div.vis-tooltip")
    assert SCRIPT_PAYLOAD in tip and IMG_PAYLOAD in tip
    assert (
        page.evaluate("document.querySelector('div.vis-tooltip img, div.vis-tooltip script')")
        is None
    )

    page.mouse.click(point["x"], point["y"])
    details = page.text_content("#kg-details")
    assert SCRIPT_PAYLOAD in details and f"Reply {IMG_PAYLOAD}" in details
    assert (
        page.evaluate("document.querySelectorAll('#kg-details a').length") == 0
    )  # javascript: URL
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert outside == [] and errors == []


def test_article_link_in_details(opened):
    page, _, _ = opened
    page.evaluate(
        """() => {
            const net = kg.timeline.network;
            net.selectNodes(['urn:ev2']);
            net.body.emitter.emit('click', {nodes: ['urn:ev2'], edges: []});
        }"""
    )
    link = page.query_selector("#kg-details a")
    assert link is not None
    assert link.get_attribute("href") == "https://news.example/a1"
    assert link.text_content() == "DHS directive"


def test_network_view_settles_then_stops_physics(opened):
    page, errors, _ = opened
    page.click("#kg-tab-network")
    wait_for(page, "window.kgNetworkSettled === true", timeout=30)
    assert page.is_hidden("#kg-timeline") and page.is_visible("#kg-network")
    before = page.evaluate("JSON.stringify(kg.network().network.getPositions())")
    page.wait_for_timeout(400)
    assert page.evaluate("JSON.stringify(kg.network().network.getPositions())") == before
    assert page.evaluate("kg.network().nodes.length") == len(EVENTS) + N_ENTITIES
    page.select_option("#kg-filter-type", "Ban")
    hidden = page.evaluate("kg.network().nodes.get({filter: n => n.hidden}).length")
    assert hidden == len(EVENTS) - 2 + 1  # BIS has no Ban
    assert errors == []


# -- the sample corpus's page, at 1600 x 900 -------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
WIDE = {"width": 1600, "height": 900}
TIMEX_CODE = r"\d{4}-(\d{2}|W\d{2}|Q\d|H\d)|T(MO|AF|EV|NI)\b|XX|_REF\b|\bP\d+[YMWD]\b"


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    """The page of the sample corpus (data/articles) as `kg timeline` writes it."""
    from kg.articles import read_articles, read_canonical, read_events
    from kg.corefer import by_report
    from kg.pipeline import build
    from kg.store import open_store

    with open_store("memory:") as store:
        build([ROOT / "data" / "articles"], store)
        events = read_events(store)
        articles = {a.id: a for a in read_articles(store)}
        canonical = by_report(read_canonical(store, reports=[e.id for e in events]))
    assert sum(1 for e in events if e.date) >= 20  # a story to tell
    out = tmp_path_factory.mktemp("corpus") / "corpus.html"
    return write_timeline(out, events, articles, canonical=canonical)


def _offline_page(browser, path, timeout, **options):
    """Open a written page with nothing fetched from outside; return (context, page, errors)."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(
        "**/*",
        lambda r: r.abort() if not r.request.url.startswith(LOCAL_SCHEMES) else r.continue_(),
    )
    page.goto(path.as_uri())
    wait_for(page, "window.kgReady === true && window.kgEdgesReady === true", timeout=timeout)
    return context, page, errors


@pytest.fixture
def corpus(browser, corpus_page):
    context, page, errors = _offline_page(
        browser, corpus_page, 30, viewport=WIDE, accept_downloads=True
    )
    page.wait_for_timeout(100)
    yield page
    assert errors == []
    context.close()


def _dated_view(page):
    """For each shown dated event: inside the chart, and its label's size in CSS px."""
    return page.evaluate(
        """() => {
            const net = kg.timeline.network, c = document.getElementById('kg-timeline');
            const groups = kg.data.options.groups, scale = net.getScale();
            return kg.visibleEvents().filter(id => kg.timeline.nodes.get(id).kg.start).map(id => {
                const n = kg.timeline.nodes.get(id), b = net.getBoundingBox(id);
                const a = net.canvasToDOM({x: b.left, y: b.top});
                const z = net.canvasToDOM({x: b.right, y: b.bottom});
                const inside = a.x >= 0 && a.y >= 0 &&
                    z.x <= c.clientWidth && z.y <= c.clientHeight;
                return {id, inside, px: groups[n.group].font.size * scale, label: n.label,
                        box: [a.x, a.y, z.x, z.y], lane: n.kg.lane};
            });
        }"""
    )


@pytest.mark.model
def test_corpus_page_opens_on_the_whole_story_with_readable_labels(corpus):
    shown = _dated_view(corpus)
    dated = corpus.evaluate("kg.data.counts.dated")
    assert len(shown) == dated  # every dated event is drawn at open
    assert [s["id"] for s in shown if not s["inside"]] == []
    assert min(s["px"] for s in shown) >= 11
    # Labels never overlap: two labelled boxes share no pixel.
    labelled = [s for s in shown if s["label"].strip()]
    for i, a in enumerate(labelled):
        for b in labelled[i + 1 :]:
            ax0, ay0, ax1, ay1 = a["box"]
            bx0, by0, bx1, by1 = b["box"]
            overlap = min(ax1, bx1) - max(ax0, bx0) > 1 and min(ay1, by1) - max(ay0, by0) > 1
            assert not overlap, (a, b)


@pytest.mark.model
def test_corpus_axis_names_each_year_of_the_data(corpus):
    years = corpus.evaluate(
        """() => {
            const ys = new Set();
            kg.data.nodes.forEach(n => {
                if (n.kg.kind === 'event' && n.kg.start) {
                    ys.add(n.kg.start.slice(0, 4)); ys.add(n.kg.end.slice(0, 4));
                }
            });
            return [...ys].sort();
        }"""
    )
    named = set(re.findall(r"\b\d{4}\b", " ".join(corpus.evaluate("kg.axisLabels()"))))
    # Stretches that are cut out of the axis are the only years it may leave out.
    assert set(years) <= named | set(_cut_years(corpus)), (years, named)
    # Zoomed into the last stretch, past its year label, the axis still names it.
    corpus.evaluate(
        """() => {
            const net = kg.timeline.network, seg = kg.data.segments[kg.data.segments.length - 1];
            net.moveTo({position: {x: (seg.x0 + seg.x1) / 2, y: 300}, scale: 4, animation: false});
        }"""
    )
    corpus.wait_for_timeout(100)
    assert years[-1] in " ".join(corpus.evaluate("kg.axisLabels()"))


def _cut_years(page):
    """Years that lie wholly inside a cut gap of the axis (no event in them)."""
    return page.evaluate(
        """() => {
            const first = kg.data.range.min.slice(0, 4), last = kg.data.range.max.slice(0, 4);
            const have = new Set();
            kg.data.nodes.forEach(n => { if (n.kg.start) {
                const last = +n.kg.end.slice(0, 4);
                for (let y = +n.kg.start.slice(0, 4); y <= last; y++) have.add(String(y));
            }});
            const out = [];
            for (let y = +first; y <= +last; y++) if (!have.has(String(y))) out.push(String(y));
            return out;
        }"""
    )


@pytest.mark.model
def test_corpus_actor_filter_keeps_lanes_with_events_and_refits(corpus):
    before = corpus.evaluate("kg.timeline.network.getScale()")
    lanes_before = corpus.evaluate("kg.data.lanes.filter(l => !l.hidden).length")
    actor = corpus.evaluate(
        "kg.data.actors.find(a => a.label === 'US Department of Commerce').id"
    )
    corpus.select_option("#kg-filter-actor", actor)
    lanes = corpus.evaluate(
        """() => kg.data.lanes.map((lane, i) => ({hidden: !!lane.hidden, shown:
            kg.timeline.nodes.get({filter: n => !n.hidden && n.kg.lane === i &&
                                   (n.kg.kind === 'event' || n.kg.kind === 'badge')}).length}))"""
    )
    assert all(lane["shown"] > 0 for lane in lanes if not lane["hidden"])
    assert all(lane["shown"] == 0 for lane in lanes if lane["hidden"])
    assert 0 < sum(not lane["hidden"] for lane in lanes) < lanes_before
    # Lanes close up: no empty band between two shown lanes.
    bands = corpus.evaluate("kg.data.lanes.filter(l => !l.hidden).map(l => [l.top, l.bottom])")
    assert all(a[1] == pytest.approx(b[0]) for a, b in zip(bands, bands[1:], strict=False))
    shown = _dated_view(corpus)
    assert shown and all(s["inside"] for s in shown)
    assert corpus.evaluate("kg.timeline.network.getScale()") > before  # re-fitted, closer
    assert all(s["px"] >= 11 for s in shown)


@pytest.mark.model
def test_corpus_toggling_undated_keeps_the_zoom(corpus):
    net = "kg.timeline.network"
    corpus.evaluate(
        f"{net}.moveTo({{position: {{x: 400, y: 200}}, scale: 1.3, animation: false}})"
    )
    where = f"[{net}.getScale(), {net}.getViewPosition().x, {net}.getViewPosition().y]"
    view = corpus.evaluate(where)
    corpus.check("#kg-show-undated")
    assert corpus.evaluate(where) == pytest.approx(view)
    assert corpus.evaluate("kg.visibleEvents().length") == corpus.evaluate("kg.data.counts.events")
    corpus.uncheck("#kg-show-undated")
    assert corpus.evaluate(where) == pytest.approx(view)


@pytest.mark.model
def test_corpus_list_and_chart_select_each_other(corpus):
    listed = corpus.evaluate("kg.listed()")
    assert sorted(listed) == sorted(corpus.evaluate("kg.visibleEvents()"))
    # In date order, dates written for people.
    starts = corpus.evaluate("kg.listed().map(id => kg.timeline.nodes.get(id).kg.start)")
    assert starts == sorted(starts)
    row = listed[len(listed) // 2]
    corpus.click(f'#kg-list-body tr[data-id="{row}"] td:nth-child(3)')
    assert corpus.evaluate("kg.timeline.network.getSelectedNodes()") == [row]
    assert [s["inside"] for s in _dated_view(corpus) if s["id"] == row] == [True]
    assert row in corpus.text_content("#kg-details") or corpus.text_content("#kg-details")
    # The other way: a click on an event in the chart marks and shows its row.
    other = listed[-1]
    point = _node_point(corpus, other, scale=1.2)
    corpus.mouse.click(point["x"], point["y"])
    selected = corpus.evaluate("[...document.querySelectorAll('#kg-list-body tr.kg-selected')]"
                               ".map(tr => tr.getAttribute('data-id'))")
    assert selected == corpus.evaluate("kg.timeline.network.getSelectedNodes()")
    assert len(selected) == 1
    in_view = corpus.evaluate(
        """(id) => {
            const tr = document.querySelector(`#kg-list-body tr[data-id="${id}"]`);
            const box = document.getElementById('kg-list-scroll').getBoundingClientRect();
            const r = tr.getBoundingClientRect();
            return r.top >= box.top && r.bottom <= box.bottom;
        }""",
        selected[0],
    )
    assert in_view


@pytest.mark.model
def test_corpus_csv_download_holds_the_visible_rows(corpus, tmp_path):
    import csv

    corpus.select_option("#kg-filter-type", "Ban")
    with corpus.expect_download() as info:
        corpus.click("#kg-download")
    path = tmp_path / "rows.csv"
    info.value.save_as(path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    visible = corpus.evaluate("kg.visibleEvents()")
    assert visible and sorted(r["event"] for r in rows) == sorted(visible)
    assert [r["event"] for r in rows] == corpus.evaluate("kg.listed()")
    assert {r["type"] for r in rows} == {"Ban"}
    assert not [r["date"] for r in rows if re.search(TIMEX_CODE, r["date"])]


@pytest.mark.model
def test_corpus_page_text_has_no_timex_code(corpus):
    corpus.check("#kg-show-undated")
    text = corpus.evaluate(
        """() => {
            let out = document.body.innerText;
            for (const id of kg.listed()) {
                kg.focusEvent(id);
                out += '\\n' + document.getElementById('kg-details').innerText;
            }
            return out;
        }"""
    )
    # Article ids ("2017-09-14-dhs-orders-...") are names, not dates.
    articles = corpus.evaluate(
        "[...new Set(kg.data.nodes.flatMap(n => [n.kg.article,"
        " ...(n.kg.reports || []).map(r => r.article)]))]"
    )
    for article in sorted(filter(None, articles), key=len, reverse=True):
        text = text.replace(article, "")
    found = sorted({m.group(0) for m in re.finditer(TIMEX_CODE, text)})
    assert found == []


@pytest.mark.model
def test_corpus_url_fragment_records_the_filters(corpus, browser, corpus_page):
    actor = corpus.evaluate("kg.data.actors.find(a => a.label === 'Kaspersky').id")
    corpus.select_option("#kg-filter-actor", actor)
    corpus.select_option("#kg-filter-type", "Statement")
    corpus.check("#kg-show-undated")
    url = corpus.url
    assert "#" in url and "type=Statement" in url and "undated=1" in url
    visible = sorted(corpus.evaluate("kg.visibleEvents()"))
    # The same view, opened from the URL.
    context = browser.new_context(viewport=WIDE)
    try:
        page = context.new_page()
        page.goto(url)
        wait_for(page, "window.kgReady === true", timeout=30)
        assert page.input_value("#kg-filter-actor") == actor
        assert page.input_value("#kg-filter-type") == "Statement"
        assert page.is_checked("#kg-show-undated")
        assert sorted(page.evaluate("kg.visibleEvents()")) == visible
    finally:
        context.close()


@pytest.mark.model
def test_corpus_network_links_undated_events(corpus):
    corpus.click("#kg-tab-network")
    wait_for(corpus, "window.kgNetworkSettled === true", timeout=60)
    loose = corpus.evaluate(
        """() => {
            const {network, nodes} = kg.network();
            const shown = new Set(nodes.getIds({filter: n => !n.hidden}));
            const kind = id => kg.data.nodes.find(n => n.id === id).kg.kind;
            return [...shown].filter(id => kind(id) === 'entity')
                .filter(id => !network.getConnectedNodes(id).some(o => shown.has(o)));
        }"""
    )
    assert loose == []
    events = corpus.evaluate(
        "kg.network().nodes.get({filter: n => !n.hidden}).filter(n => n.id.startsWith('http'))"
        ".length"
    )
    assert events >= corpus.evaluate("kg.data.counts.events")  # undated ones too
    # The list follows the view that is shown: here, every event the filters keep.
    assert len(corpus.evaluate("kg.listed()")) == corpus.evaluate("kg.data.counts.events")


def test_several_actors_and_types_can_be_chosen(opened, browser, page_file):
    page, errors, _ = opened
    page.select_option("#kg-filter-actor", "urn:dhs")
    page.select_option("#kg-filter-actor", "urn:bis")
    assert sorted(page.evaluate("kg.visibleEvents()")) == ["urn:ev1", "urn:ev2", "urn:ev6"]
    assert page.locator("#kg-chips .kg-chip").count() == 2
    page.select_option("#kg-filter-type", "Ban")
    page.select_option("#kg-filter-type", "EntityListing")
    assert sorted(page.evaluate("kg.visibleEvents()")) == ["urn:ev2", "urn:ev6"]
    url = page.url
    assert "actor=urn%3Adhs,urn%3Abis" in url and "type=Ban,EntityListing" in url
    # A chip's x drops its choice.
    page.click('#kg-chips button[data-actor="urn:dhs"]')
    assert page.evaluate("kg.visibleEvents()") == ["urn:ev6"]
    assert page.input_value("#kg-filter-actor") == "urn:bis"
    # "all actors" clears them.
    page.select_option("#kg-filter-actor", "")
    assert sorted(page.evaluate("kg.visibleEvents()")) == ["urn:ev2", "urn:ev3", "urn:ev6"]
    # The shared URL opens on the same choices.
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = context.new_page()
        other.goto(url)
        wait_for(other, "window.kgReady === true", timeout=15)
        assert sorted(other.evaluate("kg.visibleEvents()")) == ["urn:ev2", "urn:ev6"]
    finally:
        context.close()
    assert errors == []


# -- one event, three outlets, two dates: the page `kg timeline` writes ----------------

FCC_ARTICLES = {
    "2022-03-26-harbor-times-fcc": (
        "FCC puts Kaspersky on its list of security threats",
        "Harbor Times",
        "The Federal Communications Commission added Kaspersky Lab to its Covered List on "
        "March 25, 2022, naming the Moscow company a threat to US national security.",
    ),
    "2022-03-27-northern-courier-fcc": (
        "Kaspersky joins Huawei on the FCC's threat list",
        "Northern Courier",
        "The Federal Communications Commission added Kaspersky Lab to its Covered List on "
        "March 24, 2022, calling the antivirus maker a risk to US national security.",
    ),
    "2022-03-28-inland-gazette-fcc": (
        "Regulator names Russian antivirus firm a national security risk",
        "Inland Gazette",
        "On March 25, 2022, the Federal Communications Commission added Kaspersky Lab to "
        "its Covered List of companies whose equipment poses a security risk.",
    ),
}


@pytest.fixture(scope="module")
def disputed_store(tmp_path_factory):
    """A store built by `kg build` from three outlets' reports of the FCC listing."""
    from kg.cli import main

    root = tmp_path_factory.mktemp("fcc")
    for ident, (title, source, text) in FCC_ARTICLES.items():
        (root / f"{ident}.md").write_text(
            f"---\nid: {ident}\ntitle: {title}\npublished: {ident[:10]}\nsource: {source}\n"
            f"url: https://{source.lower().replace(' ', '')}.example.com/{ident}\n---\n{text}\n",
            encoding="utf-8",
        )
    location = str(root / "store")
    assert main(["build", str(root), "--store", location, "--quiet"]) == 0
    return location


@pytest.fixture(scope="module")
def disputed_page(disputed_store):
    """The page `kg timeline` writes of that store, with the store's canonical events."""
    from kg.articles import read_canonical
    from kg.cli import main
    from kg.store import open_store

    out = Path(disputed_store).with_name("timeline.html")
    assert main(["timeline", "--store", disputed_store, "-o", str(out), "--quiet"]) == 0
    with open_store(disputed_store, read_only=True) as store:
        canonical = read_canonical(store)
    return out, canonical


@pytest.fixture
def disputed(browser, disputed_page):
    context, page, errors = _offline_page(
        browser, disputed_page[0], 15, viewport={"width": 1400, "height": 900}
    )
    yield page
    assert errors == []
    context.close()


def _facts(page, selector):
    """The name -> text pairs of the first event card under ``selector``."""
    return page.evaluate(
        """(selector) => {
            const out = {};
            const root = document.querySelector(selector);
            root.querySelectorAll('dl.kg-facts dt').forEach(dt => {
                out[dt.textContent] = dt.nextElementSibling.textContent;
            });
            return out;
        }""",
        selector,
    )


def _node_point(page, node_id, *, scale=1):
    """Bring a node of the timeline into view and return where it is on the page."""
    return page.evaluate(
        """([id, scale]) => {
            const net = kg.timeline.network;
            net.moveTo({position: net.getPositions([id])[id], scale: scale, animation: false});
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.getElementById('kg-timeline').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        [node_id, scale],
    )


def _hover(page, node_id):
    """Put the pointer on a node of the timeline, as a reader would, and wait for its tip."""
    point = _node_point(page, node_id)
    page.mouse.move(point["x"] - 40, point["y"] - 40)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return point


@pytest.mark.model
def test_canonical_event_is_one_marked_node_whose_tooltip_names_sources_and_dispute(
    disputed, disputed_page
):
    page = disputed
    _, canonical = disputed_page
    (listing,) = [c for c in canonical if c.type == "EntityListing"]
    assert set(listing.articles) == set(FCC_ARTICLES)  # the story the page has to tell

    nodes = page.evaluate(
        "kg.timeline.nodes.get().filter(n => n.kg.kind === 'event')"
        ".map(n => ({id: n.id, label: n.label, hidden: !!n.hidden, type: n.kg.type}))"
    )
    # One node per canonical event: the three reports of the listing are drawn once.
    assert {n["id"] for n in nodes} <= {c.id for c in canonical}
    assert not {n["id"] for n in nodes} & set(listing.reports)
    (drawn,) = [n for n in nodes if n["type"] == "EntityListing"]
    assert drawn["id"] == listing.id and not drawn["hidden"]

    # The disputed event carries the mark on the chart and in the list; the others do not.
    assert drawn["label"].startswith("\u2260")
    row = page.text_content(f'#kg-list-body tr[data-id="{listing.id}"]')
    assert "\u2260" in row
    calm = [n for n in nodes if n["id"] != listing.id]
    assert not [n["label"] for n in calm if "\u2260" in n["label"]]

    point = _hover(page, listing.id)
    facts = _facts(page, "div.vis-tooltip")
    reports = facts["reports"]
    for ident in FCC_ARTICLES:
        assert ident in reports
    for _, source, _ in FCC_ARTICLES.values():
        assert source.lower() in facts["sources"]
    assert facts["sources"].startswith("3 ")
    disputed_line = facts["disputed"]
    assert "25 Mar 2022" in disputed_line and "24 Mar 2022" in disputed_line
    # Each date goes with the outlets that give it.
    (agreed,) = [part for part in disputed_line.split(" vs ") if "25 Mar 2022" in part]
    (dissent,) = [part for part in disputed_line.split(" vs ") if "24 Mar 2022" in part]
    assert "harbor times" in agreed and "inland gazette" in agreed
    assert "northern courier" in dissent and "harbor times" not in dissent

    # A click keeps the same facts in the details panel.
    page.mouse.click(point["x"], point["y"])
    assert _facts(page, "#kg-details") == facts
