"""Argument patterns kept as data: spaCy ``DependencyMatcher`` patterns loaded once.

The patterns live in ``kg/resources/lexicon/nominal_arguments.json``; each names the
role its argument fills. Adding a construction is one pattern there plus a test.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.lexicon import EVENT_NOUNS, NOMINAL_TRIGGERS

__all__ = ["ArgumentMatch", "NominalArguments", "nominal_arguments"]


@dataclass(frozen=True, slots=True)
class ArgumentMatch:
    """One argument of an event noun: its role, the token, and the child it goes through."""

    role: str
    token: Token
    via: Token
    pattern: str
    named: bool
    except_types: frozenset[str]


@cache
def _specs() -> tuple[dict[str, Any], ...]:
    text = (resources.files("kg") / "resources" / "lexicon" / "nominal_arguments.json").read_text(
        encoding="utf-8"
    )
    specs = json.loads(text)["patterns"]
    for spec in specs:
        if spec["role"] not in ("agent", "patient"):
            raise ValueError(f"pattern {spec['id']!r}: unknown role {spec['role']!r}")
        ids = {node["RIGHT_ID"] for node in spec["pattern"]}
        if not {"event", spec["arg"]} <= ids or "via" not in ids:
            raise ValueError(f"pattern {spec['id']!r}: needs 'event', 'via' and its 'arg' nodes")
    return tuple(specs)


class NominalArguments:
    """Find the agents and patients of event nouns with the patterns, one pass per Doc."""

    def __init__(self, vocab: Vocab, lemmas: Iterable[str] = ()) -> None:
        """Load the patterns; ``lemmas`` narrows the event noun to the lexicon's nouns."""
        self._matcher = DependencyMatcher(vocab)
        self._specs = {spec["id"]: spec for spec in _specs()}
        anchor_lemmas = sorted(lemmas)
        for spec in _specs():
            pattern = [dict(node) for node in spec["pattern"]]
            if anchor_lemmas:
                # Only the lexicon's event nouns are matched: far fewer anchors to try.
                anchor = next(n for n in pattern if n["RIGHT_ID"] == "event")
                anchor["RIGHT_ATTRS"] = {**anchor["RIGHT_ATTRS"], "LEMMA": {"IN": anchor_lemmas}}
            self._matcher.add(spec["id"], [pattern])

    def __call__(self, doc: Doc) -> dict[int, list[ArgumentMatch]]:
        """Return, per event-noun token index, its argument matches in text order of ``via``."""
        found: dict[int, list[ArgumentMatch]] = {}
        strings = doc.vocab.strings
        for match_id, token_ids in self._matcher(doc):
            spec = self._specs[strings[match_id]]
            nodes = [node["RIGHT_ID"] for node in spec["pattern"]]
            by_node = dict(zip(nodes, token_ids, strict=True))
            found.setdefault(by_node["event"], []).append(
                ArgumentMatch(
                    role=spec["role"],
                    token=doc[by_node[spec["arg"]]],
                    via=doc[by_node["via"]],
                    pattern=spec["id"],
                    named=bool(spec.get("named")),
                    except_types=frozenset(spec.get("except_types", ())),
                )
            )
        for matches in found.values():
            matches.sort(key=lambda m: (m.via.i, m.token.i))
        return found


#: One matcher per vocabulary (the vocabulary is held, so its id is never reused).
_MATCHERS: dict[int, tuple[Vocab, NominalArguments]] = {}


def nominal_arguments(doc: Doc) -> dict[int, list[ArgumentMatch]]:
    """Return the argument matches of the lexicon's event nouns in a Doc.

    The matcher is built once per vocabulary.
    """
    cached = _MATCHERS.get(id(doc.vocab))
    if cached is None or cached[0] is not doc.vocab:
        matcher = NominalArguments(doc.vocab, set(EVENT_NOUNS) | set(NOMINAL_TRIGGERS))
        cached = _MATCHERS[id(doc.vocab)] = (doc.vocab, matcher)
    return cached[1](doc)
