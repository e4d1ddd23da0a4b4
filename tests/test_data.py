"""Checks on the shipped sample corpus, the gazetteer and the corpus actor list."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
ARTICLES = DATA / "articles"
GAZETTEER = DATA / "gazetteer.jsonl"
CORPUS_ACTORS = DATA / "corpus_actors.json"

TYPES = {"Person", "Organization", "GovernmentAgency", "Company", "Country", "Place", "Group"}
URL_PREFIX = "https://example.org/kg-sample/"
SOURCE = "kg sample corpus"
OUTLET_URL = re.compile(r"^https://([a-z0-9-]+\.)*example\.(com|org|net)/")
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+, [A-Z][a-z]+\.? \d{1,2}, \d{4} [-\u2013\u2014] ")
MIN_WORDS, MAX_WORDS = 180, 400


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert match, "Markdown article must start with a --- YAML front matter block"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict)
    return meta, match.group(2)


def as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class _ArticleHTML(HTMLParser):
    """Collects the title, meta tags and the paragraphs inside <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self.paragraphs: list[str] = []
        self.tags: set[str] = set()
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name"):
            self.meta[str(attributes["name"])] = attributes.get("content") or ""
        if tag not in {"meta", "link", "br", "img"}:
            self._stack.append(tag)
            if tag == "p" and "article" in self._stack:
                self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "title":
            self.title += data
        elif "article" in self._stack and "p" in self._stack and self.paragraphs:
            self.paragraphs[-1] += data


def parse_html(path: Path) -> _ArticleHTML:
    parser = _ArticleHTML()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def markdown_articles() -> list[Path]:
    return sorted(ARTICLES.glob("*.md"))


def html_articles() -> list[Path]:
    return sorted(ARTICLES.glob("*.html"))


def all_article_text() -> str:
    parts = [split_front_matter(p.read_text(encoding="utf-8"))[1] for p in markdown_articles()]
    parts += ["\n".join(parse_html(p).paragraphs) for p in html_articles()]
    return "\n".join(parts)


def load_gazetteer() -> list[dict[str, Any]]:
    lines = GAZETTEER.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def norm(name: str) -> str:
    """Case-fold a name and drop a leading article, the way a resolver compares names."""
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


def occurs(name: str, text: str) -> bool:
    """True when ``name`` occurs as whole words (a sentence-initial capital is allowed)."""
    variants = {name, name[0].swapcase() + name[1:]}
    return any(re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text) for v in variants)


# -- corpus ----------------------------------------------------------------------------


def test_corpus_has_enough_articles_with_unique_ids() -> None:
    ids = [split_front_matter(p.read_text(encoding="utf-8"))[0]["id"] for p in markdown_articles()]
    ids += [parse_html(p).meta.get("id", p.stem) for p in html_articles()]
    assert len(ids) >= 9
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", markdown_articles(), ids=lambda p: p.stem)
def test_markdown_front_matter(path: Path) -> None:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    for key in ("id", "title", "source", "url"):
        assert isinstance(meta.get(key), str) and meta[key].strip(), f"{path.name}: no {key}"
    assert meta["id"] == path.stem
    if meta["source"] == SOURCE:
        assert meta["url"] == URL_PREFIX + meta["id"]
    else:
        # A few articles tell the same events as other outlets would: reserved domains only.
        assert OUTLET_URL.match(meta["url"]), f"{path.name}: outlet URL on an example domain"
    if "published" in meta:
        published = as_date(meta["published"])
        assert date(2017, 1, 1) <= published <= date(2024, 12, 31)
    else:
        first_line = body.strip().splitlines()[0]
        assert DATELINE.match(first_line), f"{path.name}: undated article needs a dateline"
    assert MIN_WORDS <= len(body.split()) <= MAX_WORDS


def test_exactly_one_markdown_article_relies_on_its_dateline() -> None:
    undated = [
        p
        for p in markdown_articles()
        if "published" not in split_front_matter(p.read_text(encoding="utf-8"))[0]
    ]
    assert len(undated) == 1


AP_MONTHS = {
    "Jan": 1,
    "Feb": 2,
    "March": 3,
    "April": 4,
    "May": 5,
    "June": 6,
    "July": 7,
    "Aug": 8,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}


def dateline_date(line: str) -> date:
    match = re.search(r", ([A-Z][a-z]+)\.? (\d{1,2}), (\d{4}) ", line)
    assert match, line
    month = AP_MONTHS[match.group(1)]
    return date(int(match.group(3)), month, int(match.group(2)))


def test_article_ids_start_with_their_date() -> None:
    for path in markdown_articles():
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        if "published" in meta:
            day = as_date(meta["published"])
        else:
            day = dateline_date(body.strip().splitlines()[0])
        assert meta["id"].startswith(day.isoformat()), path.name
    for path in html_articles():
        page = parse_html(path)
        assert page.meta.get("id", path.stem).startswith(page.meta["date"]), path.name


@pytest.mark.parametrize("path", html_articles(), ids=lambda p: p.stem)
def test_html_article(path: Path) -> None:
    page = parse_html(path)
    assert page.title.strip()
    date.fromisoformat(page.meta["date"])
    assert {"nav", "footer", "article"} <= page.tags, "boilerplate and article must be present"
    body = "\n".join(page.paragraphs)
    assert len(page.paragraphs) >= 3
    assert MIN_WORDS <= len(body.split()) <= MAX_WORDS
    # Boilerplate must stay outside <article> so an extractor can drop it.
    assert "All rights reserved" not in body
    assert "Subscribe" not in body


def test_corpus_has_an_html_article() -> None:
    assert html_articles()


# -- gazetteer -------------------------------------------------------------------------


def test_gazetteer_lines_have_required_fields() -> None:
    entries = load_gazetteer()
    assert 80 <= len(entries) <= 400
    allowed = {
        "label",
        "type",
        "aliases",
        "metonyms",
        "demonyms",
        "parent",
        "roles",
        "org",
        "wikidata",
    }
    for entry in entries:
        assert set(entry) <= allowed, entry["label"]
        assert isinstance(entry["label"], str) and entry["label"].strip()
        assert entry["type"] in TYPES, entry["label"]
        assert entry["aliases"] and all(isinstance(a, str) and a.strip() for a in entry["aliases"])
        if "wikidata" in entry:
            assert re.fullmatch(r"Q[1-9]\d*", entry["wikidata"]), entry["label"]
        if "roles" in entry or "org" in entry:
            assert entry["type"] == "Person", entry["label"]


def test_gazetteer_labels_are_unique() -> None:
    labels = [e["label"] for e in load_gazetteer()]
    assert len(labels) == len(set(labels))


def test_no_alias_belongs_to_two_entries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in load_gazetteer():
        for name in [entry["label"], *entry["aliases"]]:
            owners[norm(name)].add(entry["label"])
    shared = {name: labels for name, labels in owners.items() if len(labels) > 1}
    assert not shared


def test_metonyms_are_only_shared_with_places() -> None:
    entries = load_gazetteer()
    alias_owner = {norm(n): e for e in entries for n in [e["label"], *e["aliases"]]}
    metonym_owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        own = {norm(n) for n in [entry["label"], *entry["aliases"]]}
        for metonym in entry.get("metonyms", []):
            key = norm(metonym)
            assert key not in own, f"{entry['label']}: {metonym} is both alias and metonym"
            metonym_owners[key].add(entry["label"])
            other = alias_owner.get(key)
            if other is not None:
                assert other["type"] == "Place", f"{metonym} is also an alias of {other['label']}"
    assert all(len(labels) == 1 for labels in metonym_owners.values())


def test_parents_and_orgs_exist_without_cycles() -> None:
    entries = {e["label"]: e for e in load_gazetteer()}
    for entry in entries.values():
        for key in ("parent", "org"):
            if key in entry:
                assert entry[key] in entries, f"{entry['label']}: unknown {key} {entry[key]}"
        seen = {entry["label"]}
        node = entry
        while "parent" in node:
            node = entries[node["parent"]]
            assert node["label"] not in seen, f"parent cycle through {entry['label']}"
            seen.add(node["label"])


@pytest.mark.parametrize(
    ("label", "type_", "alias"),
    [
        ("United States", "Country", "U.S."),
        ("Russia", "Country", "Russia"),
        ("China", "Country", "China"),
        ("United Kingdom", "Country", "Britain"),
        ("US Department of Commerce", "GovernmentAgency", "Commerce"),
        ("US Department of Homeland Security", "GovernmentAgency", "Homeland Security"),
        ("Kaspersky", "Company", "Kaspersky Lab"),
        ("Gina Raimondo", "Person", "Raimondo"),
        ("Trump administration", "GovernmentAgency", "Trump administration"),
        ("Reuters", "Company", "Reuters"),
    ],
)
def test_canonical_labels(label: str, type_: str, alias: str) -> None:
    entries = {e["label"]: e for e in load_gazetteer()}
    assert entries[label]["type"] == type_
    assert alias in entries[label]["aliases"]


def test_known_metonyms_and_parents() -> None:
    entries = {e["label"]: e for e in load_gazetteer()}
    assert {"Moscow", "the Kremlin"} <= set(entries["Russia"]["metonyms"])
    assert "Washington" in entries["United States"]["metonyms"]
    assert entries["Moscow"]["type"] == "Place"
    assert entries["Bureau of Industry and Security"]["parent"] == "US Department of Commerce"
    assert entries["Office of Foreign Assets Control"]["parent"] == "US Department of the Treasury"
    assert entries["Gina Raimondo"]["org"] == "US Department of Commerce"
    assert entries["United States"]["wikidata"] == "Q30"


# -- corpus actors ---------------------------------------------------------------------


def load_actors() -> list[dict[str, Any]]:
    actors = json.loads(CORPUS_ACTORS.read_text(encoding="utf-8"))
    assert isinstance(actors, list)
    return actors


def test_corpus_actor_names_appear_in_articles() -> None:
    text = all_article_text()
    missing = [
        (actor["label"], name)
        for actor in load_actors()
        for name in [*actor["names"], *actor.get("metonyms", []), *actor.get("descriptions", [])]
        if not occurs(name, text)
    ]
    assert not missing


def test_corpus_actor_names_are_unambiguous() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in load_actors():
        assert actor["names"], actor["label"]
        for name in actor["names"]:
            owners[norm(name)].add(actor["label"])
    assert all(len(labels) == 1 for labels in owners.values())


def test_corpus_actors_are_in_the_gazetteer() -> None:
    entries = {e["label"]: e for e in load_gazetteer()}
    for actor in load_actors():
        entry = entries.get(actor["label"])
        assert entry is not None, f"{actor['label']} missing from the gazetteer"
        assert actor["type"] == entry["type"], actor["label"]
        known = [norm(n) for n in [entry["label"], *entry["aliases"]]]
        for name in actor["names"]:
            # A title may precede a known name ("Acting Secretary Elaine Duke").
            key = norm(name)
            assert any(key == k or key.endswith(" " + k) for k in known), (actor["label"], name)
        metonyms = {norm(m) for m in entry.get("metonyms", [])}
        for metonym in actor.get("metonyms", []):
            assert norm(metonym) in metonyms, (actor["label"], metonym)
