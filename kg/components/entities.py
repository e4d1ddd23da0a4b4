"""spaCy components for names: paragraph sentences, the gazetteer ruler, NER fixes.

- ``kg_paragraphs`` starts a sentence after every line break, so a headline or a
  dateline never runs into the first sentence of the body.
- ``kg_gazetteer`` is an entity ruler over kg's gazetteer (``data/gazetteer.jsonl``),
  placed before the statistical NER so that known actors win. The canonical label is
  stored in ``Span.id_`` (``"Russia#metonym"`` for names that stand for an actor).
- ``kg_entity_fixes`` repairs the small model's known errors: names invented from
  title-case headlines ("US to Ban Sale of ..." gives no PERSON "Ban Sale") and people
  typed as organisations ("Raimondo explained" after "Gina Raimondo") and firms typed
  as people ("Halvorsen Shipping").
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.lexicon import FIRM_NAME_WORDS, NAME_PARTICLES, PLACE_MODIFIERS, TITLE_WORDS
from kg.reading import CREDIT

__all__ = [
    "GazetteerEntry",
    "gazetteer_path",
    "is_headline",
    "is_headline_case",
    "is_title_case",
    "load_gazetteer",
    "ruler_patterns",
]

#: spaCy NER label for each kg entity type.
SPACY_LABELS = {
    "Person": "PERSON",
    "Country": "GPE",
    "Place": "GPE",
    "Organization": "ORG",
    "GovernmentAgency": "ORG",
    "Company": "ORG",
    "Group": "NORP",
}
METONYM = "#metonym"

_PERSON_TITLES = frozenset(
    """secretary minister president chairman chairwoman chair ceo director judge senator
    sen. rep. representative spokesperson spokesman spokeswoman mr. ms. mrs. dr. founder
    governor mayor ambassador commissioner administrator attorney general prime premier
    chancellor justice official""".split()
)


#: Capitalised nouns that end the title of a document, not an actor's name.
_DOCUMENT_NOUNS = frozenset(
    "Directive Act Order Law Rule Bill Amendment Regulation Report Determination Agreement "
    "Treaty Resolution Statute Code".split()
)


@dataclass(frozen=True)
class GazetteerEntry:
    """One known actor: canonical label, type and the names it goes by."""

    label: str
    type: str
    aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    parent: str | None = None
    roles: tuple[str, ...] = ()
    org: str | None = None
    wikidata: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def gazetteer_path() -> Path:
    """Return the gazetteer file: ``KG_GAZETTEER``, the packaged copy, or ``data/``."""
    env = os.environ.get("KG_GAZETTEER")
    if env:
        return Path(env)
    packaged = Path(__file__).resolve().parents[1] / "resources" / "gazetteer.jsonl"
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "gazetteer.jsonl"


@lru_cache(maxsize=8)
def load_gazetteer(path: str | None = None) -> tuple[GazetteerEntry, ...]:
    """Read the gazetteer (one JSON object per line); a missing file gives no entries.

    Args:
        path: The file; defaults to :func:`gazetteer_path`.

    Returns:
        The entries in file order.
    """
    file = Path(path) if path else gazetteer_path()
    if not file.exists():
        return ()
    entries = []
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        entries.append(
            GazetteerEntry(
                label=rec["label"],
                type=rec.get("type", "Organization"),
                aliases=tuple(rec.get("aliases", ())),
                metonyms=tuple(rec.get("metonyms", ())),
                demonyms=tuple(rec.get("demonyms", ())),
                parent=rec.get("parent"),
                roles=tuple(rec.get("roles", ())),
                org=rec.get("org"),
                wikidata=rec.get("wikidata"),
            )
        )
    return tuple(entries)


def ruler_patterns(entries: Iterable[GazetteerEntry]) -> Iterator[dict[str, Any]]:
    """Yield entity-ruler phrase patterns for every name of every entry.

    Names are matched case-sensitively (``ORTH``) so "Commerce" the department is not
    "commerce" the trade; metonyms are tagged so the resolver can lower confidence.
    """
    for entry in entries:
        label = SPACY_LABELS.get(entry.type, "ORG")
        for name in {entry.label, *entry.aliases}:
            yield {"label": label, "pattern": name, "id": entry.label}
        for name in entry.metonyms:
            # A metonym is named like a place ("Moscow", "the Kremlin").
            yield {
                "label": "GPE" if entry.type == "Country" else label,
                "pattern": name,
                "id": entry.label + METONYM,
            }


def is_title_case(token_texts: list[str]) -> bool:
    """Tell whether words are written in headline case (most content words capitalised)."""
    words = [t for t in token_texts if t[:1].isalpha()]
    if len(words) < 4:
        return False
    small = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with"}
    content = [w for w in words if w.lower() not in small]
    return bool(content) and sum(w[0].isupper() for w in content) / len(content) >= 0.8


def is_headline_case(tokens: Iterable[Token]) -> bool:
    """Tell whether tagged words are a headline-case line, not a sentence full of names.

    "Marcus Bell died on Sunday in Chicago." capitalises most of its words, but its verb
    is in lower case: a headline capitalises its verbs ("Star Dies At 91").
    """
    tokens = list(tokens)
    return is_title_case([t.text for t in tokens]) and not any(
        t.is_lower and t.tag_.startswith("VB") for t in tokens
    )


def is_headline(sent: Span) -> bool:
    """Tell whether a sentence is written in headline case (most content words capitalised)."""
    return is_headline_case(sent)


@Language.component("kg_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline's dash.

    "HELENA, Mont., May 18 (Reuters) - The governor signed ...": read as one sentence,
    the parser makes the place the subject of "signed".
    """
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
    for match in CREDIT.finditer(doc.text):
        if match.group().rstrip()[-1:] not in "-\u2013\u2014:":
            continue  # a byline: a line of its own
        span = doc.char_span(match.end(), len(doc.text), alignment_mode="expand")
        if span is not None and len(span) and span[0].i > 0 and not span[0].is_space:
            span[0].is_sent_start = True
    return doc


@Language.factory("kg_gazetteer", default_config={"path": None})
def make_gazetteer(nlp: Language, name: str, path: str | None) -> Any:
    """Create the entity ruler loaded with the gazetteer's names."""
    from spacy.pipeline import EntityRuler

    ruler = EntityRuler(nlp, name=name, phrase_matcher_attr="ORTH", overwrite_ents=True)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(list(ruler_patterns(load_gazetteer(path))))
    return ruler


def _relabel(span: Span, label: str) -> Span:
    return Span(span.doc, span.start, span.end, label=label, span_id=span.id_)


@Language.component("kg_entity_fixes", assigns=["doc.ents"])
def entity_fixes(doc: Doc) -> Doc:
    """Drop NER guesses in headline-case lines and retype people seen as organisations."""
    body_names = {
        e.text for e in doc.ents if not is_headline(e.sent) and e.label_ in SPACY_LABELS.values()
    }
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    surnames = {e[-1].text for e in persons if len(e) > 1}
    fixed: list[Span] = []
    for ent in doc.ents:
        if not ent.id_ and is_headline(ent.sent) and ent.text not in body_names:
            continue
        ent = _another_bearer(doc, ent)
        after = doc[ent.end] if ent.end < len(doc) else None
        if not ent.id_ and after is not None and after.text in _DOCUMENT_NOUNS:
            continue  # "Binding Operational Directive 17-01" names a document
        if ent.label_ in ("ORG", "GPE", "NORP") and not ent.id_:
            prev = doc[ent.start - 1] if ent.start > 0 else None
            if ent.text in surnames or (
                prev is not None and prev.lower_ in _PERSON_TITLES and len(ent) >= 2
            ):
                ent = _relabel(ent, "PERSON")
        elif (
            ent.label_ == "PERSON"
            and not ent.id_
            and len(ent) > 1
            and ent[-1].text in FIRM_NAME_WORDS
        ):
            ent = _relabel(ent, "ORG")  # "Halvorsen Shipping", "Apex Motors": a firm
        fixed.append(ent)
    fixed = _join_particle_names(doc, _join_cut_names(doc, sorted(fixed, key=lambda e: e.start)))
    fixed = [
        _extend_to_head(doc, _place_named_group(doc, _name_around_place(doc, ent))) for ent in fixed
    ]
    # A group's numbered head is not a number of its own ("Houston 55ers").
    heads = {e.end - 1 for e in fixed if e.label_ == "ORG" and len(e) > 1}
    fixed = [e for e in fixed if not (len(e) == 1 and e.start in heads and e.label_ == "CARDINAL")]
    taken = {i for ent in fixed for i in range(ent.start, ent.end)}
    fixed.extend(_acronym_actors(doc, taken))
    doc.ents = sorted(fixed, key=lambda e: e.start)
    return doc


def _another_bearer(doc: Doc, ent: Span) -> Span:
    """Untag a known person's surname that follows someone else's given name.

    "director Gary Ross": the gazetteer knows "Ross" as Wilbur Ross, but a capitalised
    given name before it (no title: "Secretary Ross" is he) names another person, whose
    whole name is the entity.
    """
    if ent.label_ != "PERSON" or not ent.id_ or len(ent) != 1 or ent.start == 0:
        return ent
    first = ent.start
    while (
        first > ent.sent.start
        and doc[first - 1].tag_ == "NNP"
        and doc[first - 1].is_title
        and doc[first - 1].lower_ not in _PERSON_TITLES
        and doc[first - 1].lower_ not in TITLE_WORDS
        and not doc[first - 1].ent_type_
    ):
        first -= 1
    if first == ent.start or is_headline(ent.sent):
        return ent  # in a headline-case line every word is capitalised
    return Span(doc, first, ent.end, label="PERSON")


#: Words a name cannot end with: the recogniser cut it ("Court of Justice of").
_CUT_ENDINGS = frozenset({"of", "for", "on", "and", "de"})


def _join_particle_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Join a person's name cut at its particles ("Ursula von der" + "Leyen").

    The name must run on through lower-case particles (``name_particles``) to a
    capitalised proper noun that heads the name's words; what the recogniser made of
    that last word (often a place) gives way.
    """
    out: list[Span] = []
    skip_until = -1
    for ent in ents:
        if ent.start < skip_until:
            continue
        if ent.label_ != "PERSON":
            out.append(ent)
            continue
        end = ent.end
        while end < len(doc) and doc[end].lower_ in NAME_PARTICLES and doc[end].is_lower:
            end += 1
        particles = end > ent.end or ent[-1].lower_ in NAME_PARTICLES
        last = doc[end] if end < len(doc) else None
        if (
            particles
            and last is not None
            and last.tag_ == "NNP"
            and last.text[:1].isupper()
            and last.is_alpha
            and last.is_ancestor(ent.root)
        ):
            out.append(Span(doc, ent.start, end + 1, label="PERSON"))
            skip_until = end + 1
            continue
        out.append(ent)
    return out


def _join_cut_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Join a name cut before its last part ("Court of Justice of" + "the European Union")."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        gap = doc[prev.end : ent.start] if prev is not None else None
        if (
            prev is not None
            and gap is not None
            and prev[-1].lower_ in _CUT_ENDINGS
            and prev.label_ == "ORG"
            and all(t.lower_ == "the" for t in gap)
            and ent.label_ in ("ORG", "GPE", "LOC", "NORP")
        ):
            out[-1] = Span(doc, prev.start, ent.end, label="ORG")
            continue
        out.append(ent)
    return out


def _extend_to_head(doc: Doc, ent: Span) -> Span:
    """Extend an organisation cut before the proper noun it modifies ("Apple" + "Computer").

    The next token must be the head the name's last word modifies, a title-case proper
    noun outside any other name, and not a title ("Apple Chief Executive" stays apart).
    """
    if ent.label_ != "ORG":
        return ent
    end = ent.end
    while end < len(doc):
        nxt, last = doc[end], doc[end - 1]
        word = nxt.text
        if (
            last.dep_ != "compound"
            or last.head.i != nxt.i
            or nxt.tag_ not in ("NNP", "NNPS")
            or nxt.ent_type_
            or not (word[:1].isupper() and word[1:].islower() and word.isalpha())
            or word.lower() in _PERSON_TITLES
            or word.lower() in TITLE_WORDS
        ):
            break
        end += 1
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_, span_id=ent.id_)


def _name_around_place(doc: Doc, ent: Span) -> Span:
    """Give back an organisation named after a place the gazetteer took ("Air Canada").

    The gazetteer runs before the recogniser, so "Canada" in "Air Canada" is the
    country unless the proper noun before it, which modifies it, makes it a name.
    """
    if not ent.id_ or ent.label_ not in ("GPE", "LOC") or ent.start == 0:
        return ent
    prev = doc[ent.start - 1]
    word = prev.text
    if (
        prev.tag_ != "NNP"
        or prev.dep_ != "compound"
        or not (ent.start <= prev.head.i < ent.end)
        or prev.ent_type_
        or not (word[:1].isupper() and word[1:].islower() and word.isalpha())
        or word.lower() in PLACE_MODIFIERS
        or word.lower() in _PERSON_TITLES
    ):
        return ent
    return Span(doc, prev.i, ent.end, label="ORG")


#: The plural head of a group named after its place ("76ers", "Democrats").
_GROUP_HEAD = re.compile(r"^(?:\d+[a-z]+s|[A-Z][a-z]+s)$")


def _place_named_group(doc: Doc, ent: Span) -> Span:
    """Make a place that names a group by its plural head one organisation ("Philadelphia 76ers").

    The place's last word must modify the next token, a capitalised or numbered plural
    outside any other name ("Philadelphia 76ers", "Texas Democrats"); a common noun
    ("Ohio voters") leaves the place alone.
    """
    if ent.label_ not in ("GPE", "LOC") or ent.end >= len(doc):
        return ent
    last, nxt = doc[ent.end - 1], doc[ent.end]
    if (
        last.dep_ != "compound"
        or last.head.i != nxt.i
        or (nxt.ent_type_ and not (nxt.ent_type_ == "CARDINAL" and nxt.text[:1].isdigit()))
        or nxt.tag_ not in ("NNS", "NNPS", "NNP")
        or not _GROUP_HEAD.match(nxt.text)
    ):
        return ent
    return Span(doc, ent.start, ent.end + 1, label="ORG")


_NOT_ACTORS = frozenset(
    "CEO CFO CTO GDP AI US UK EU TV PC IT PM AM ET GMT UTC USD EUR ID OK".split()
)


def _acronym_actors(doc: Doc, taken: set[int]) -> list[Span]:
    """Add organisations the model misses when written as acronyms ("SMIC said ...").

    Only all-capital proper nouns that act as a subject, object or conjunct of one, and
    that appear outside headline-case lines, are taken.
    """
    found: list[Span] = []
    for tok in doc:
        text = tok.text
        if (
            tok.i in taken
            or tok.tag_ not in ("NNP", "NNPS")
            or not (2 <= len(text) <= 6 and text.isupper() and text.isalpha())
            or text in _NOT_ACTORS
            or tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "poss")
            or is_headline(tok.sent)
        ):
            continue
        found.append(Span(doc, tok.i, tok.i + 1, label="ORG"))
        taken.add(tok.i)
    return found
