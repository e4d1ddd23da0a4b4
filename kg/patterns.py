"""Argument patterns kept as data: spaCy ``DependencyMatcher`` patterns loaded once.

The patterns live in ``kg/resources/lexicon/nominal_arguments.json``; each names the
role its argument fills. Adding a construction is one pattern there plus a test.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.lexicon import EVENT_NOUNS, NOMINAL_TRIGGERS

__all__ = ["ArgumentMatch", "NominalArguments", "nominal_arguments", "noun_set"]


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
def _data() -> dict[str, Any]:
    text = (resources.files("kg") / "resources" / "lexicon" / "nominal_arguments.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, Any] = json.loads(text)
    sets = data.get("noun_sets", {})
    for spec in data["patterns"]:
        for role in (spec["role"], spec.get("role_beside_patient", "agent")):
            if role not in ("agent", "patient"):
                raise ValueError(f"pattern {spec['id']!r}: unknown role {role!r}")
        ids = {node["RIGHT_ID"] for node in spec["pattern"]}
        if not {"event", spec["arg"]} <= ids or "via" not in ids:
            raise ValueError(f"pattern {spec['id']!r}: needs 'event', 'via' and its 'arg' nodes")
        for key in ("event_nouns", "except_event_nouns"):
            if key in spec and spec[key] not in sets:
                raise ValueError(f"pattern {spec['id']!r}: unknown noun set {spec[key]!r}")
    return data


@cache
def noun_set(name: str) -> frozenset[str]:
    """Return one of the patterns' named sets of event nouns ("reciprocal", "ongoing")."""
    return frozenset(_data().get("noun_sets", {}).get(name, ()))


def _specs() -> tuple[dict[str, Any], ...]:
    return tuple(_data()["patterns"])


def _event_lemmas(spec: dict[str, Any], lemmas: set[str]) -> dict[str, list[str]] | None:
    """Return the LEMMA condition of a pattern's event noun, None when any noun will do."""
    sets = _data().get("noun_sets", {})
    only = set(sets[spec["event_nouns"]]) if "event_nouns" in spec else None
    never = set(sets[spec["except_event_nouns"]]) if "except_event_nouns" in spec else set()
    if lemmas:
        return {"IN": sorted((lemmas if only is None else lemmas & only) - never)}
    if only is not None:
        return {"IN": sorted(only - never)}
    return {"NOT_IN": sorted(never)} if never else None


class NominalArguments:
    """Find the agents and patients of event nouns with the patterns, one pass per Doc."""

    def __init__(self, vocab: Vocab, lemmas: Iterable[str] = ()) -> None:
        """Load the patterns; ``lemmas`` narrows the event noun to the lexicon's nouns."""
        self._matcher = DependencyMatcher(vocab)
        self._specs = {spec["id"]: spec for spec in _specs()}
        lexicon = set(lemmas)
        for spec in _specs():
            pattern = [dict(node) for node in spec["pattern"]]
            # Only the lexicon's event nouns (of the pattern's set) are matched: far fewer
            # anchors to try.
            condition = _event_lemmas(spec, lexicon)
            if condition is not None:
                anchor = next(n for n in pattern if n["RIGHT_ID"] == "event")
                anchor["RIGHT_ATTRS"] = {**anchor["RIGHT_ATTRS"], "LEMMA": condition}
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
        for noun, matches in found.items():
            matches.sort(key=lambda m: (m.via.i, m.token.i))
            if any(
                m.role == "patient" and "role_beside_patient" not in self._specs[m.pattern]
                for m in matches
            ):
                # "Trump's firing of Comey": beside an undergoer, the possessor fires.
                found[noun] = [
                    replace(m, role=self._specs[m.pattern].get("role_beside_patient", m.role))
                    for m in matches
                ]
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
