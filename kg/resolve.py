"""Turn name mentions into canonical entities, within an article and across articles.

Pure string logic over :class:`NameMention` values, so it is tested without spaCy:

- a gazetteer name (or alias, acronym, short form) is its gazetteer actor;
- a surname alone ("Raimondo") joins the full name ("Gina Raimondo") seen in the same
  article, or in an earlier article of the same build;
- an acronym ("BIS") joins the name whose initials it spells ("Bureau of Industry and
  Security"); "Department of X", "X Department" and a bare "X" that names a department
  seen in the article are one entity;
- "US", "U.S." and "the United States" are one country (through the gazetteer);
- a metonym ("the Kremlin" for Russia) is linked with lower confidence and never
  merged with the place of the same name;
- a longer name built around a gazetteer name ("Apple Corps" around "Apple") is that
  actor only when it is the one longer name the article gives it: two names that share
  the head but differ in a word that is no corporate suffix ("Apple Corps", "Apple
  Computer"; "Apple Inc." and "Apple Corps") are different organisations.

Entity IRIs are derived from the canonical label, so every article and every build
gives the same actor the same IRI.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from kg.components.entities import METONYM, GazetteerEntry
from kg.reading import PLACE_TYPES
from kg.types import Entity

__all__ = ["NameMention", "Resolver", "normalize_name"]

_TYPE_BY_LABEL = {
    "PERSON": "Person",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "ORG": "Organization",
    "NORP": "Group",
}
_AGENCY_WORDS = re.compile(
    r"\b(Department|Ministry|Agency|Commission|Bureau|Office|Administration|Court|Congress|"
    r"Senate|House|Parliament|Council|Directorate|Service|Authority|Police|Army|Navy|"
    r"Treasury|Pentagon|White House)\b"
)
_COMPANY_WORDS = re.compile(
    r"\b(Inc|Corp|Corporation|Ltd|LLC|Limited|Group|Labs?|Company|Co|Holdings|Technologies|"
    r"Systems|Software|Bank|AG|GmbH|PLC|plc|SA)\b\.?"
)
_DEPT = re.compile(r"^(?:(?:US|U\.S\.|United States)\s+)?Department of (?:the )?(.+)$", re.I)
_DEPT_REV = re.compile(r"^(?:(?:US|U\.S\.|United States)\s+)?(.+?) Department$", re.I)
_STOP = {"of", "the", "and", "for", "on", "in", "&"}
_CORP_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc|Corp|Corporation|Co|Company|Ltd|Limited|LLC|PLC|plc|AG|SA|GmbH|NV|"
    r"Holdings?|Group|Technologies|Technology|Labs?)\.?)+$"
)
_PERSON_TITLE = re.compile(
    r"^(?:(?:then|former|ex|acting|deputy|vice)[- ])?(?:President|Secretary|Senator|Sen\.|"
    r"Rep\.|Representative|Judge|Justice|Chairman|Chairwoman|Chair|Director|Minister|"
    r"Prime Minister|Governor|Gov\.|Mayor|Ambassador|Commissioner|Attorney General|"
    r"General|Gen\.|CEO|Mr\.|Ms\.|Mrs\.|Dr\.)\s+",
    re.I,
)


def _strip_corporate(name: str) -> str:
    stripped = _CORP_SUFFIX.sub("", name).strip(" ,")
    return stripped if len(stripped) >= 2 else name


def _strip_title(name: str) -> str:
    previous = None
    while previous != name:
        previous, name = name, _PERSON_TITLE.sub("", name)
    return name or previous


def normalize_name(text: str) -> str:
    """Return a name without a leading article, possessive or stray punctuation."""
    name = re.sub(r"\s+", " ", text).strip()
    name = re.sub(r"[’']s$", "", name)
    name = re.sub(r"^(the|The|THE)\s+", "", name)
    return name.strip(" ,.;:“”\"'()") if not name.endswith(".") or " " in name else name


def _key(name: str) -> str:
    key = name.lower().replace("u.s.", "us").replace("u.k.", "uk")
    key = re.sub(r"[^\w&\s-]", "", key)
    return re.sub(r"\s+", " ", key).strip()


def _core(name: str) -> str:
    """Return the key of a name without its corporate suffix ("Apple Inc." -> "apple")."""
    return _key(_strip_corporate(normalize_name(name)))


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _STOP and w[:1].isalpha())


def _department_key(name: str) -> str | None:
    for pattern in (_DEPT, _DEPT_REV):
        match = pattern.match(name)
        if match:
            return _key(match.group(1))
    return None


def _most_named(longer: dict[str, list[int]], bare: Sequence[int]) -> str:
    """Return the longer name a bare short form most likely stands for.

    The one the article names most often; on a tie, the one most often named last before
    a bare short form; then the first named.
    """
    last_before: dict[str, int] = dict.fromkeys(longer, 0)
    for short in bare:
        latest = {
            core: max((i for i in found if i < short), default=-1) for core, found in longer.items()
        }
        core = max(latest, key=lambda c: latest[c])
        if latest[core] >= 0:
            last_before[core] += 1
    return max(longer, key=lambda c: (len(longer[c]), last_before[c], -longer[c][0]))


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name as found in text, before resolution.

    Attributes:
        text: Surface form ("the Department of Homeland Security").
        label: spaCy NER label (PERSON, ORG, GPE, ...).
        canonical: Gazetteer label when the gazetteer matched it; ``"X#metonym"`` for a metonym.
        start: Character offset in the article.
        end: Character offset one past the end.
        role: Title seen before a person's name ("Commerce Secretary").
    """

    text: str
    label: str
    canonical: str | None = None
    start: int = 0
    end: int = 0
    role: str | None = None
    actor: bool = False


@dataclass(frozen=True)
class _ArticleOrgs:
    """What one article's organisation names offer the others: departments and acronyms."""

    departments: frozenset[str]
    acronyms: dict[str, str]  # initials ("DHS") -> the first name with them

    @classmethod
    def of(cls, org_names: Sequence[str]) -> _ArticleOrgs:
        acronyms: dict[str, str] = {}
        for name in org_names:
            acronyms.setdefault(_initials(name).upper(), name)
        departments = frozenset(k for n in org_names if (k := _department_key(n)) is not None)
        return cls(departments, acronyms)


@dataclass
class _Cluster:
    label: str
    type: str
    names: set[str]
    wikidata: str | None = None
    gazetteer: bool = False


class Resolver:
    """Resolves name mentions to entities; keeps what it learned across articles.

    Args:
        gazetteer: Known actors.
        iri: Function from (canonical label, type) to the entity's IRI.
    """

    def __init__(self, gazetteer: Iterable[GazetteerEntry], iri: Callable[[str, str], str]) -> None:
        self._iri = iri
        self._entries = {e.label: e for e in gazetteer}
        self._alias: dict[str, str] = {}
        for entry in self._entries.values():
            for name in (entry.label, *entry.aliases):
                self._alias.setdefault(_key(name), entry.label)
        self._metonym = {_key(m): e.label for e in self._entries.values() for m in e.metonyms}
        self._demonym = {_key(d): e.label for e in self._entries.values() for d in e.demonyms}
        self._cores = {
            e.label: {_core(n) for n in (e.label, *e.aliases)} for e in self._entries.values()
        }
        self._known: dict[str, Entity] = {}
        # The longer descriptions of the article being read, by head word and type.
        self._described_scope: str | None = None
        self._described: dict[tuple[str, str], Entity] = {}
        self._persons: dict[str, str] = {}  # surname key -> canonical label, across articles
        self._orgs: dict[str, str] = {}  # name or acronym key -> canonical label

    @property
    def entities(self) -> dict[str, Entity]:
        """Every entity resolved so far, by IRI, with the aliases of every article seen.

        The entities :meth:`resolve` returns carry the names of their own article only.
        """
        return dict(self._known)

    def lookup(self, name: str) -> str | None:
        """Return the gazetteer label a name stands for (not metonyms), if any."""
        return self._alias.get(_key(normalize_name(name)))

    def demonym(self, word: str) -> Entity | None:
        """Return the country a demonym stands for ("Japanese": Japan), if the gazetteer knows.

        Demonyms are no names of their own ("a Thai trawler" is no act of Thailand's), so
        only a reader that knows the word modifies a government asks for its country.
        """
        label = self._demonym.get(_key(word))
        if label is None:
            return None
        entry = self._entries[label]
        return self._register(_Cluster(label, entry.type, {label}, entry.wikidata, gazetteer=True))

    def remember(self, entities: Iterable[Entity]) -> None:
        """Seed the resolver with entities already stored (so rebuilds agree)."""
        for entity in entities:
            self._known[entity.id] = entity
            if entity.type == "Person" and " " in entity.label:
                self._persons.setdefault(_key(entity.label.split()[-1]), entity.label)
            elif entity.label not in self._entries and entity.type != "Person":
                self._orgs.setdefault(_key(entity.label), entity.label)
                for alias in entity.aliases:
                    if alias.isupper() and 2 <= len(alias) <= 6:
                        self._orgs.setdefault(_key(alias), entity.label)

    def describe(self, label: str, type: str, scope: str) -> Entity:
        """Return the actor a common-noun description names within one article.

        "The court" or "regulators" are actors, but not the same ones in every article,
        so the IRI is scoped to the article; the label stays the description.
        """
        if self._described_scope != scope:
            self._described_scope, self._described = scope, {}
        words = label.split()
        if len(words) == 1 and (label, type) in self._described:
            # "the company" after "the social media company": the one already described
            return self._described[(label, type)]
        entity = Entity(
            id=self._iri(f"{label} {scope}".strip(), type), label=label, type=type, aliases=(label,)
        )
        if len(words) > 1 and words[-1].isalpha():
            self._described[(words[-1], type)] = entity
        return entity

    def _type_of(self, name: str, label: str) -> str:
        guess = _TYPE_BY_LABEL.get(label, "Other")
        if guess == "Organization":
            if _AGENCY_WORDS.search(name):
                return "GovernmentAgency"
            if _COMPANY_WORDS.search(name):
                return "Company"
        return guess

    def resolve(self, mentions: Sequence[NameMention]) -> list[tuple[Entity, float]]:
        """Resolve one article's name mentions, in text order.

        Args:
            mentions: The article's names, in order of appearance.

        Returns:
            For each mention, its entity and the confidence of the link (lower for metonyms).
        """
        clusters: list[_Cluster] = []
        by_key: dict[str, _Cluster] = {}
        assigned: list[tuple[_Cluster, float]] = []

        def cluster_for(key: str, new: _Cluster) -> _Cluster:
            found = by_key.get(key)
            if found is None:
                found = new
                clusters.append(found)
                by_key[key] = found
            return found

        def gazetteer_cluster(label: str) -> _Cluster:
            entry = self._entries[label]
            return cluster_for(
                "gaz:" + label,
                _Cluster(label, entry.type, set(), entry.wikidata, gazetteer=True),
            )

        # Full person names first, so a surname before its full name still joins it.
        full_names = {
            _key(normalize_name(m.text).split()[-1]): normalize_name(m.text)
            for m in mentions
            if m.label == "PERSON" and len(normalize_name(m.text).split()) > 1 and not m.canonical
        }
        org_names = [normalize_name(m.text) for m in mentions if m.label == "ORG"]
        article_orgs = _ArticleOrgs.of(org_names)
        # "the Commission" after "the European Commission": the short form of a longer name.
        longer: dict[str, str] = {}
        for long_name in org_names:
            if len(long_name.split()) > 1:
                longer.setdefault(_key(long_name.split()[-1]), long_name)

        # "Vance" after "Vance Logistics" is the firm, not a person of that surname.
        org_first_words = {_key(n.split()[0]) for n in org_names if len(n.split()) > 1}
        apart = self._names_apart(mentions)
        for i, m in enumerate(mentions):
            name = normalize_name(m.text)
            confidence = 1.0
            canonical = None if i in apart else m.canonical
            label = m.label
            if (
                label == "ORG"
                and not canonical
                and " " not in name
                and _key(name) in full_names
                and _key(name) not in org_first_words
            ):
                # "Bankman-Fried" tagged as a firm after "Sam Bankman-Fried": the person.
                label = "PERSON"
            if not canonical and label == "ORG" and " " not in name and _key(name) in longer:
                name = longer[_key(name)]
                canonical = next(
                    (
                        x.canonical
                        for j, x in enumerate(mentions)
                        if j not in apart and normalize_name(x.text) == name
                    ),
                    None,
                )
            metonym_of = self._metonym.get(_key(name)) if label != "PERSON" else None
            if metonym_of and (m.actor or not canonical):
                # "Washington widened its campaign": the capital acts for the country;
                # "based in Washington": the city.
                canonical, confidence = metonym_of, 0.6
            elif canonical and canonical.endswith(METONYM):
                place = self._alias.get(_key(name))
                if place is not None and not m.actor:
                    canonical = place
                else:
                    canonical = canonical[: -len(METONYM)]
                    confidence = 0.6
            if i not in apart:
                canonical = canonical or self._alias.get(_key(name))
            if canonical in self._entries and label == "PERSON" and " " not in name:
                full = full_names.get(_key(name))
                if full is not None and _key(full) not in self._cores[canonical]:
                    canonical = None  # "Ross" after "Gary Ross": he, not Wilbur Ross
            if canonical and canonical in self._entries:
                cluster = gazetteer_cluster(canonical)
            elif label == "PERSON":
                name = _strip_title(name)  # titles are not part of a name
                words = name.split()
                if len(words) == 1:
                    full = full_names.get(_key(name)) or self._persons.get(_key(name))
                    gaz = self._alias.get(_key(full)) if full else None
                    if gaz:
                        cluster = gazetteer_cluster(gaz)
                    else:
                        label = full or name
                        cluster = cluster_for(
                            "person:" + _key(label), _Cluster(label, "Person", set())
                        )
                else:
                    cluster = cluster_for("person:" + _key(name), _Cluster(name, "Person", set()))
            else:
                cluster = self._org_cluster(name, label, article_orgs, cluster_for)
            cluster.names.add(name)
            assigned.append((cluster, confidence))

        entities: dict[int, Entity] = {}
        out: list[tuple[Entity, float]] = []
        for cluster, confidence in assigned:
            entity = entities.get(id(cluster))
            if entity is None:
                entity = self._register(cluster)
                entities[id(cluster)] = entity
            out.append((entity, confidence))
        return out

    def _names_apart(self, mentions: Sequence[NameMention]) -> set[int]:
        """Return the mentions a gazetteer name tagged that name a different organisation.

        The gazetteer tags "Apple" and the recogniser extends it to the name it heads, so
        "Apple Corps" and "Apple Computer" both arrive tagged "Apple". Per gazetteer actor,
        the article's tagged names are the actor's own names ("Apple", "Apple Inc.") or
        longer names that add a word which is no corporate suffix ("Apple Corps"). Own
        names always stay the actor. A longer name joins the actor only when it is the one
        full name the article gives it: the only longer name, and no own name that stands
        on its own (one with a legal suffix, "Apple Inc.", or one that does not begin the
        longer name, "US" beside "U.S. Jobs"). When the article gives two full names, they
        are different organisations; if none of them is an own name, the one named most
        often (then the one most often named last before a bare own name, then the first
        named) is the actor, so a bare "Apple" lands on it and never chains the two. A
        longer organisation name around a country or place ("American Airlines") is never
        that place.

        Args:
            mentions: The article's names, in order of appearance.

        Returns:
            Indices of the mentions to resolve as organisations of their own name.
        """
        families: dict[str, list[int]] = {}
        for i, m in enumerate(mentions):
            if m.canonical in self._entries:
                families.setdefault(m.canonical, []).append(i)
        apart: set[int] = set()
        for label, indices in families.items():
            own: list[int] = []
            longer: dict[str, list[int]] = {}  # core of a longer name -> its mentions
            for i in indices:
                core = _core(mentions[i].text)
                if core in self._cores[label]:
                    own.append(i)
                elif mentions[i].label == "ORG":
                    longer.setdefault(core, []).append(i)
            if not longer:
                continue
            if self._entries[label].type in PLACE_TYPES:
                # "American Airlines" around "American": an organisation, not the country.
                apart.update(i for found in longer.values() for i in found)
                continue
            bare = [i for i in own if self._short_form(mentions[i].text, longer)]
            if len(bare) == len(own) and len(longer) == 1:
                continue  # the actor's longer name ("Boeing Capital" beside "Boeing")
            actor = None if len(bare) < len(own) else _most_named(longer, bare)
            apart.update(i for core, found in longer.items() if core != actor for i in found)
        return apart

    @staticmethod
    def _short_form(text: str, longer: dict[str, list[int]]) -> bool:
        """Tell whether an own name, as written, could be short for one of the longer names."""
        name = normalize_name(text)
        if _strip_corporate(name) != name:
            return False  # "Apple Inc." is a full name, not a short form
        words = _key(name).split()
        return any(core.split()[: len(words)] == words for core in longer)

    def _org_cluster(
        self,
        name: str,
        label: str,
        names: _ArticleOrgs,
        cluster_for: Callable[[str, _Cluster], _Cluster],
    ) -> _Cluster:
        dept = _department_key(name)
        if dept is None and label == "ORG" and _key(name) in names.departments:
            dept = _key(name)  # a bare "Homeland Security" when the article names its department
        if dept is not None:
            pretty = "Department of " + dept.title()
            return cluster_for("dept:" + dept, _Cluster(pretty, "GovernmentAgency", set()))
        other = names.acronyms.get(name) if name.isupper() and 2 <= len(name) <= 6 else None
        if other is not None and other != name:
            return cluster_for(
                "org:" + _key(other), _Cluster(other, self._type_of(other, label), set())
            )
        # "ZTE Corp", "ZTE" and "ZTE Corporation" are one company.
        base = _strip_corporate(name) if label == "ORG" else name
        known = self._orgs.get(_key(base))
        canonical = known or base
        return cluster_for(
            "org:" + _key(canonical), _Cluster(canonical, self._type_of(name, label), set())
        )

    def _register(self, cluster: _Cluster) -> Entity:
        label = cluster.label
        iri = self._iri(label, cluster.type)
        if not cluster.gazetteer and cluster.type != "Person":
            self._orgs.setdefault(_key(label), label)
            for name in cluster.names:
                if name.isupper() and 2 <= len(name) <= 6:
                    self._orgs.setdefault(_key(name), label)  # an acronym learned here
        # The entity carries the names this article uses, whatever was resolved before:
        # what an article contributes to the graph depends on the article alone, so a
        # rebuild, a --force build and a build from scratch store the same aliases.
        names = cluster.names - {""}
        entity = Entity(
            id=iri,
            label=label,
            type=cluster.type,
            aliases=tuple(sorted(names)),
            wikidata=cluster.wikidata,
        )
        previous = self._known.get(iri)
        seen = names | set(previous.aliases) if previous is not None else names
        self._known[iri] = replace(entity, aliases=tuple(sorted(seen)))
        if cluster.type == "Person" and " " in label:
            self._persons.setdefault(_key(label.split()[-1]), label)
        return entity
