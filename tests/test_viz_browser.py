"""The timeline page in a real headless Chromium: loads offline, filters, runs no article text."""

import shutil
import time
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


def _ev(i, type_, agents, patients, value=None, granularity=None, sentence=None, article="a1"):
    return make_event(
        i,
        type_,
        agents,
        patients,
        value,
        granularity,
        sentence=sentence,
        article=article,
        confidence=0.8,
    )


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


def test_shows_every_event(opened):
    page, _, _ = opened
    counts = page.evaluate(
        """() => {
            const all = kg.timeline.nodes.get();
            return [all.filter(n => n.kg.kind === 'event').length, all.length,
                    all.filter(n => n.hidden).length];
        }"""
    )
    assert counts == [len(EVENTS), len(EVENTS) + N_ENTITIES, 0]
    assert _visible_events(page) == len(EVENTS)
    assert page.text_content("#kg-status") == "7 events (6 dated)"


def test_actor_type_and_date_filters(opened):
    page, errors, _ = opened
    page.select_option("#kg-filter-actor", "urn:dhs")
    assert sorted(page.evaluate("kg.visibleEvents()")) == ["urn:ev1", "urn:ev2"]
    hidden = page.evaluate("kg.timeline.nodes.get({filter: n => n.hidden === true}).map(n => n.id)")
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
    assert _visible_events(page) == len(EVENTS)
    assert page.is_hidden("#kg-empty")
    assert errors == []


def test_payloads_show_as_text_and_never_run(opened):
    page, errors, outside = opened
    assert page.evaluate("typeof window.__pwned") == "undefined"
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
