"""The timeline page in a real headless Chromium: loads offline, filters, runs no article text."""

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
    # DHS's target stays in view; other actors and their events go.
    assert sorted(hidden) == [
        "urn:bis",
        "urn:com",
        "urn:ev3",
        "urn:ev4",
        "urn:ev5",
        "urn:ev6",
        "urn:ev7",
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
    point = page.evaluate(
        """(id) => {
            const net = kg.timeline.network;
            net.moveTo({position: net.getPositions([id])[id], scale: 1, animation: false});
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.getElementById('kg-timeline').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        "urn:ev7",
    )
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
