"""Time the timeline page: writing it for 5,000 events, and opening it in Chromium.

Run: .venv/bin/python bench/bench_viz.py [--events 5000] [--no-browser]

Each figure is printed next to a baseline measured in the same run, with the ratio:

* writing: kg's page for N events vs. pyvis's own add_node/add_edge + write_html
  for the same events (run on a subset, since pyvis's duplicate check is quadratic)
  and vs. a 10-node pyvis page;
* opening: time until kg's page for N events is drawn and interactive vs. kg's page
  for 10 events, in the same headless Chromium.
Targets: writing < 10 s, interactive < 5 s.

It also opens the sample corpus's page (data/articles, built with the real model) in a
1600 x 900 window, prints how much of the story the opening view shows (dated events
in view, the size of their labels in CSS pixels, the zoom) against the same page after
"Fit", and writes screenshots of the opening view, a filtered view and the list to
bench/screenshots/ (not committed) for a person to look at.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pyvis.network import Network

from kg.convert import events_to_nx
from kg.types import Article, Entity, Event, EventDate
from kg.viz import write_timeline

ROOT = Path(__file__).resolve().parents[1]

TYPES = [
    "Ban",
    "Restriction",
    "EntityListing",
    "Order",
    "Statement",
    "Announcement",
    "LegalAction",
    "Investigation",
    "Penalty",
    "Deadline",
    "Law",
    "Exit",
    "Other",
]
ENTITY_TYPES = ["GovernmentAgency", "Company", "Country", "Person", "Organization"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthetic_events(n: int, *, seed: int = 0) -> tuple[list[Event], dict[str, Article]]:
    rng = random.Random(seed)
    entities = [
        Entity(f"urn:bench:ent{i}", f"Actor {i}", rng.choice(ENTITY_TYPES), (f"A{i}",))
        for i in range(max(8, n // 40))
    ]
    weights = [1 / (i + 1) for i in range(len(entities))]  # a few busy actors, many quiet ones
    articles = {
        f"art{i}": Article(f"art{i}", "", title=f"Article {i}", url=f"https://news.example/{i}")
        for i in range(max(1, n // 10))
    }
    start = date(2015, 1, 1)
    events = []
    for i in range(n):
        day = start + timedelta(days=rng.randrange(3650))
        roll = rng.random()
        if roll < 0.70:
            when = EventDate(day.isoformat(), "day", day.strftime("%B %d, %Y"))
        elif roll < 0.85:
            when = EventDate(day.strftime("%Y-%m"), "month", day.strftime("%B %Y"))
        elif roll < 0.95:
            when = EventDate(str(day.year), "year", str(day.year))
        else:
            when = None
        agent, patient = rng.choices(entities, weights, k=2)
        events.append(
            Event(
                f"urn:bench:ev{i}",
                f"art{i % len(articles)}",
                f"Actor {agent.label} did something <b>{i}</b> to {patient.label}.",
                0,
                40,
                "did",
                "do",
                rng.choice(TYPES),
                agents=(agent,),
                patients=(patient,) if patient != agent else (),
                date=when,
                confidence=round(rng.uniform(0.4, 1.0), 2),
            )
        )
    return events, articles


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


def pyvis_naive(events, path: Path) -> None:
    """The straightforward pyvis way: add_node/add_edge one by one, then write_html."""
    graph = events_to_nx(events)
    net = Network(directed=True, cdn_resources="in_line")
    for node, attrs in graph.nodes(data=True):
        net.add_node(node, label=str(attrs.get("label")), title=str(attrs.get("sentence", "")))
    for u, v, role in graph.edges(data="role"):
        net.add_edge(u, v, title=role)
    net.write_html(str(path))


def pyvis_trivial(path: Path) -> None:
    net = Network(directed=True, cdn_resources="in_line")
    for i in range(10):
        net.add_node(i, label=f"n{i}")
    for i in range(9):
        net.add_edge(i, i + 1)
    net.write_html(str(path))


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


def interactive_seconds(browser, path: Path) -> tuple[float, float]:
    """Seconds from navigation until the page is drawn and interactive, and until
    every edge is in (big pages add edges right after the first drawing)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route(
        "**/*",
        lambda r: (
            r.continue_() if r.request.url.startswith(("file:", "data:", "about:")) else r.abort()
        ),
    )
    page.goto(path.as_uri())
    wait_for(page, "window.kgEdgesReady === true", timeout=120)
    ready, edges = page.evaluate("[window.kgReadyAt, window.kgEdgesReadyAt]")
    page.close()
    return ready / 1000, edges / 1000


OPENING_VIEW = """() => {
    const net = kg.timeline.network, c = document.getElementById('kg-timeline');
    const groups = kg.data.options.groups, scale = net.getScale();
    const dated = kg.timeline.nodes.get({filter: n => n.kg.kind === 'event' && n.kg.start});
    let inside = 0, shown = 0;
    dated.forEach(n => {
        if (n.hidden) return;
        shown += 1;
        const b = net.getBoundingBox(n.id);
        const a = net.canvasToDOM({x: b.left, y: b.top});
        const z = net.canvasToDOM({x: b.right, y: b.bottom});
        if (a.x >= 0 && a.y >= 0 && z.x <= c.clientWidth && z.y <= c.clientHeight) inside += 1;
    });
    const px = Math.min(...dated.map(n => groups[n.group].font.size * scale));
    return {dated: dated.length, shown, inside, px, scale};
}"""


def story_views(browser, page_path: Path, shots: Path) -> None:
    """Print what the opening view of the sample corpus shows; write three screenshots."""
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    page.goto(page_path.as_uri())
    wait_for(page, "window.kgReady === true && window.kgEdgesReady === true", timeout=60)
    page.wait_for_timeout(300)
    opening = page.evaluate(OPENING_VIEW)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "opening.png"))
    page.click("#kg-fit")
    page.wait_for_timeout(200)
    fitted = page.evaluate(OPENING_VIEW)
    has_list = page.evaluate("typeof kg.listed === 'function'")
    if has_list:  # pages of older kg have no list
        page.select_option(
            "#kg-filter-actor",
            page.evaluate("(kg.data.actors.find(a => /Commerce/.test(a.label)) || {}).id || ''"),
        )
        page.wait_for_timeout(300)
        page.screenshot(path=str(shots / "filtered.png"))
        page.locator("#kg-side").screenshot(path=str(shots / "list.png"))
    page.close()
    for name, view in (("opening view", opening), ("after Fit", fitted)):
        print(
            f"sample corpus, {name}: {view['inside']} of {view['dated']} dated events in view "
            f"({view['shown']} drawn), smallest label {view['px']:.1f} CSS px, "
            f"zoom {view['scale']:.2f}"
        )
    names = "opening.png, filtered.png, list.png" if has_list else "opening.png"
    print(f"screenshots in {shots}/ ({names})")


def corpus_page(corpus: Path, out: Path) -> Path:
    """Build the sample corpus into a memory store and write its page as `kg timeline` does."""
    from kg.articles import read_articles, read_canonical, read_events
    from kg.corefer import by_report
    from kg.pipeline import build
    from kg.store import open_store

    with open_store("memory:") as store:
        build([corpus], store)
        events = read_events(store)
        articles = {a.id: a for a in read_articles(store)}
        canonical = by_report(read_canonical(store, reports=[e.id for e in events]))
    return write_timeline(out / "corpus.html", events, articles, canonical=canonical)


def row(name: str, value: float, base_name: str, base: float) -> None:
    ratio = value / base if base else float("inf")
    print(
        f"{name:<38} {value:8.3f} s   baseline {base_name:<30} {base:8.3f} s   ratio {ratio:7.2f}x"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument(
        "--subset", type=int, default=1000, help="events for the pyvis add_edge baseline"
    )
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument(
        "--corpus", type=Path, default=ROOT / "data" / "articles", help="the sample corpus"
    )
    ap.add_argument(
        "--screenshots",
        type=Path,
        default=ROOT / "bench" / "screenshots",
        help="where the screenshots go (default: %(default)s; not committed)",
    )
    ap.add_argument("--no-corpus", action="store_true", help="skip the sample corpus's page")
    args = ap.parse_args()

    events, articles = synthetic_events(args.events)
    small, small_articles = synthetic_events(10, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # pyvis writes lib/ only with cdn_resources="local"; stay in the temp dir anyway.
        cwd = os.getcwd()
        os.chdir(out)
        try:
            t_page, _ = timed(write_timeline, out / "big.html", events, articles)
            t_sub, _ = timed(write_timeline, out / "sub.html", events[: args.subset], articles)
            t_naive, _ = timed(pyvis_naive, events[: args.subset], out / "naive.html")
            t_trivial, _ = timed(pyvis_trivial, out / "trivial.html")
            timed(write_timeline, out / "small.html", small, small_articles)
        finally:
            os.chdir(cwd)
        size = (out / "big.html").stat().st_size / 1e6
        print(f"kg timeline page, {args.events} events: {size:.1f} MB")
        row(f"write page, {args.events} events", t_page, "pyvis 10-node page", t_trivial)
        row(
            f"write page, {args.subset} events", t_sub, f"pyvis add_edge, {args.subset} ev", t_naive
        )
        print(f"target: write < 10 s -> {'OK' if t_page < 10 else 'MISSED'}")

        if args.no_browser:
            return
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            base, _ = interactive_seconds(browser, out / "small.html")
            big, all_edges = interactive_seconds(browser, out / "big.html")
            if not args.no_corpus:
                story_views(browser, corpus_page(args.corpus, out), args.screenshots)
            browser.close()
        row(f"interactive, {args.events} events", big, "kg page, 10 events", base)
        row(f"all edges drawn, {args.events} events", all_edges, "kg page, 10 events", base)
        print(f"target: interactive < 5 s -> {'OK' if big < 5 else 'MISSED'}")


if __name__ == "__main__":
    main()
