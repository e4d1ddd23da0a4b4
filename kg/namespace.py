"""kg's RDF vocabulary and the rules that mint its IRIs.

The terms mirror ``ontology/kg.ttl`` (a test keeps the two in step). IRIs are derived
from content only, so rebuilding the graph from the same articles gives the same IRIs:

    article  https://w3id.org/kgnews/resource/article/{article id}
    entity   https://w3id.org/kgnews/resource/entity/{slug of the canonical label}
    event    https://w3id.org/kgnews/resource/event/{article id}/{start}-{trigger start}-{action}
    canonical https://w3id.org/kgnews/resource/canonical/{the path of its smallest event IRI}
    graph    https://w3id.org/kgnews/resource/graph/article/{article id}
             https://w3id.org/kgnews/resource/graph/canonical/{block}
             https://w3id.org/kgnews/resource/graph/entities

Examples:
    >>> str(entity_iri("US Department of Homeland Security", "GovernmentAgency"))
    'https://w3id.org/kgnews/resource/entity/us-department-of-homeland-security'
    >>> str(event_iri("reuters-1", 120, 131, "ban"))
    'https://w3id.org/kgnews/resource/event/reuters-1/120-131-ban'
"""

# ruff: noqa: N815 - vocabulary terms keep their RDF (mixedCase) names
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import quote

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.lexicon import EVENT_TYPE_TABLE

__all__ = [
    "CALENDAR_GRAPH",
    "CANONICAL_GRAPH_BASE",
    "ENTITIES_GRAPH",
    "ENTITY_CLASSES",
    "EVENT_CLASSES",
    "EVENT_TYPES",
    "KG",
    "KG_NS",
    "MAX_MONTHS",
    "NIF",
    "ONTOLOGY_PATH",
    "PAIRS_GRAPH",
    "PAIR_BASE",
    "PAIR_COUNT_BASE",
    "QUERIES_DIR",
    "RESOURCE",
    "SEM",
    "SHAPES_PATH",
    "TALLIES_GRAPH",
    "TALLY_BASE",
    "article_graph_iri",
    "canonical_graph_iri",
    "canonical_iri",
    "article_iri",
    "entity_iri",
    "event_iri",
    "month_iri",
    "month_links",
    "pair_count_iri",
    "pair_iri",
    "resolution_record_iri",
    "slugify",
    "tally_iris",
]

KG_NS = "https://w3id.org/kgnews/ontology#"
RESOURCE = Namespace("https://w3id.org/kgnews/resource/")
#: Longest period, in months, that is linked month by month (ten years).
MAX_MONTHS = 120

#: Where the ontology, the SHACL shapes and the canned queries live.
# The repository's ontology/ folder, shipped inside the package as resources/ontology.
ONTOLOGY_DIR = Path(__file__).resolve().parent / "resources" / "ontology"
ONTOLOGY_PATH = ONTOLOGY_DIR / "kg.ttl"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"

#: Event type name -> CAMEO code of the closest CAMEO category ("" when none fits), read
#: from the event-type table (``kg/resources/lexicon/event_types.jsonl``).
EVENT_TYPES: dict[str, str] = {name: row.cameo for name, row in EVENT_TYPE_TABLE.items()}


class KG(DefinedNamespace):
    """The kg ontology (``https://w3id.org/kgnews/ontology#``)."""

    _NS = Namespace(KG_NS)
    _fail = True

    # Event classes (also SKOS concepts of the event-type scheme).
    Ban: URIRef
    Restriction: URIRef
    EntityListing: URIRef
    Sanction: URIRef
    Order: URIRef
    Deadline: URIRef
    Statement: URIRef
    Announcement: URIRef
    Denial: URIRef
    Accusation: URIRef
    LegalAction: URIRef
    Investigation: URIRef
    Penalty: URIRef
    Law: URIRef
    Agreement: URIRef
    Meeting: URIRef
    Attack: URIRef
    Exit: URIRef
    Easing: URIRef
    OtherEvent: URIRef
    EventTypeScheme: URIRef

    # Entity classes.
    Person: URIRef
    Organization: URIRef
    GovernmentAgency: URIRef
    Company: URIRef
    Country: URIRef
    Place: URIRef
    Group: URIRef
    OtherEntity: URIRef

    # Provenance and roles.
    ArticleGraph: URIRef

    # Indexes kept on write: calendar months and agent -> patient summaries.
    Month: URIRef
    monthStart: URIRef
    monthEnd: URIRef
    overlapsMonth: URIRef
    coarsePeriod: URIRef
    ActorPair: URIRef
    pairAgent: URIRef
    pairPatient: URIRef
    pairAction: URIRef
    eventCount: URIRef
    firstDate: URIRef
    lastDate: URIRef
    Tally: URIRef
    TypeTally: URIRef
    TypeYear: URIRef
    TypeMonth: URIRef
    inTypeMonth: URIRef
    tallyOf: URIRef
    tallyKey: URIRef
    CountBucket: URIRef
    inCountBucket: URIRef
    bucketCount: URIRef
    tallyCount: URIRef
    agentRole: URIRef
    patientRole: URIRef
    locationRole: URIRef

    # Event properties.
    agent: URIRef
    patient: URIRef
    place: URIRef
    action: URIRef
    trigger: URIRef
    triggerStart: URIRef
    triggerEnd: URIRef
    modality: URIRef
    confidence: URIRef
    cameoCode: URIRef
    typeName: URIRef
    nameKey: URIRef
    mentionedAs: URIRef
    article: URIRef
    sentence: URIRef
    position: URIRef

    # Time properties.
    timexValue: URIRef
    granularity: URIRef
    timeText: URIRef
    dateRelation: URIRef
    dateInferred: URIRef
    dateSource: URIRef
    dateConfidence: URIRef

    # Article and graph properties.
    context: URIRef
    publishedInferred: URIRef
    sourcePath: URIRef
    version: URIRef
    contentHash: URIRef
    resolutionSources: URIRef
    resolutionRecord: URIRef
    ResolutionRecord: URIRef
    recordBlock: URIRef
    recordReports: URIRef

    # Event resolution: canonical events, their reports, sources and disagreements.
    CanonicalEvent: URIRef
    Disagreement: URIRef
    Claim: URIRef
    reportOf: URIRef
    resolutionBlock: URIRef
    canonicalAction: URIRef
    canonicalAgent: URIRef
    canonicalPatient: URIRef
    canonicalConfidence: URIRef
    sourceCount: URIRef
    outlet: URIRef
    hasDisagreement: URIRef
    aspect: URIRef
    hasClaim: URIRef
    claimValue: URIRef
    claimRank: URIRef


class SEM(DefinedNamespace):
    """The Simple Event Model (``http://semanticweb.cs.vu.nl/2009/11/sem/``)."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Time: URIRef
    Role: URIRef
    RoleType: URIRef
    EventType: URIRef
    Core: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTime: URIRef
    roleType: URIRef
    eventType: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format core (``.../nlp2rdf/ontologies/nif-core#``)."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    String: URIRef
    RFC5147String: URIRef
    Sentence: URIRef
    anchorOf: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    isString: URIRef
    referenceContext: URIRef
    sourceUrl: URIRef


#: Event type name -> ontology class ("Other" is ``kg:OtherEvent``).
EVENT_CLASSES: dict[str, URIRef] = {
    name: (KG.OtherEvent if name == "Other" else URIRef(KG_NS + name)) for name in EVENT_TYPES
}
#: Entity type name -> ontology class ("Other" is ``kg:OtherEntity``).
ENTITY_CLASSES: dict[str, URIRef] = {
    "Person": KG.Person,
    "Organization": KG.Organization,
    "GovernmentAgency": KG.GovernmentAgency,
    "Company": KG.Company,
    "Country": KG.Country,
    "Place": KG.Place,
    "Group": KG.Group,
    "Other": KG.OtherEntity,
}

#: The named graph that holds the entities shared by every article.
ENTITIES_GRAPH = URIRef(RESOURCE + "graph/entities")
#: The named graph of the calendar months dated events overlap (see :func:`month_iri`).
CALENDAR_GRAPH = URIRef(RESOURCE + "graph/calendar")
#: The named graph of agent -> patient summaries (see :func:`pair_iri`), kept on write.
PAIRS_GRAPH = URIRef(RESOURCE + "graph/pairs")
#: Where :func:`pair_iri` mints its IRIs (SPARQL updates mint the same ones).
PAIR_BASE = f"{RESOURCE}pair/"
#: Where :func:`pair_count_iri` mints its IRIs (SPARQL updates mint the same ones).
PAIR_COUNT_BASE = f"{RESOURCE}pair-count/"
#: The named graph of event counts per type, year and month (see :func:`tally_iris`).
TALLIES_GRAPH = URIRef(RESOURCE + "graph/tallies")
#: Where :func:`tally_iris` mints its IRIs.
TALLY_BASE = f"{RESOURCE}tally/"

_DROPPED = re.compile(r"[.'\u2019]")
_NON_WORD = re.compile(r"[^\w]+|_+")


def slugify(text: str) -> str:
    """Return a lower-case, hyphenated, readable IRI segment for ``text``.

    Accents are dropped, dots and apostrophes vanish ("U.S." -> "us") and any other
    run of non-word characters becomes one hyphen. Letters of other scripts are kept.
    Text with no letters or digits gets a short hash so it still has a stable slug.

    Args:
        text: Any name or word.

    Returns:
        The slug, never empty.

    Examples:
        >>> slugify("Kaspersky Lab's U.S. unit")
        'kaspersky-labs-us-unit'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NON_WORD.sub("-", _DROPPED.sub("", plain.lower())).strip("-")
    if slug:
        return slug
    return "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _segment(article_id: str) -> str:
    """Percent-encode an article id so it is one IRI path segment, readable if plain."""
    return quote(article_id, safe="-._~")


def article_iri(article_id: str) -> URIRef:
    """Return the IRI of an article.

    Args:
        article_id: The article's id (``Article.id``).

    Returns:
        ``.../resource/article/{id}`` with the id percent-encoded where needed.
    """
    return URIRef(f"{RESOURCE}article/{_segment(article_id)}")


def article_graph_iri(article_id: str) -> URIRef:
    """Return the IRI of the named graph that holds one article's triples.

    Args:
        article_id: The article's id (``Article.id``).

    Returns:
        ``.../resource/graph/article/{id}``.
    """
    return URIRef(f"{RESOURCE}graph/article/{_segment(article_id)}")


def entity_iri(label: str, type: str) -> URIRef:
    """Return the IRI of an entity, from the slug of its canonical label.

    The type is accepted so callers state what they mint, but it is not part of the
    IRI: the same name resolved to different guessed types still means one entity.

    Args:
        label: Canonical label ("US Department of Homeland Security").
        type: Entity class name ("GovernmentAgency").

    Returns:
        ``.../resource/entity/{slug}``.
    """
    del type
    return URIRef(f"{RESOURCE}entity/{slugify(label)}")


def month_iri(year: int, month: int) -> URIRef:
    """Return the IRI of a calendar month.

    Args:
        year: The year (1-9999).
        month: The month (1-12).

    Returns:
        ``.../resource/month/{YYYY-MM}``.
    """
    return URIRef(f"{RESOURCE}month/{year:04d}-{month:02d}")


def month_links(first: date, last: date) -> list[URIRef] | None:
    """Return the months a period overlaps, or None when it spans more than MAX_MONTHS.

    Args:
        first: First day of the period.
        last: Last day of the period.

    Returns:
        Month IRIs in order (:func:`kg.namespace.month_iri`).

    Examples:
        >>> [str(m)[-7:] for m in month_links(date(2024, 6, 28), date(2024, 7, 4))]
        ['2024-06', '2024-07']
    """
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    if count > MAX_MONTHS:
        return None
    out = []
    year, month = first.year, first.month
    for _ in range(max(count, 0)):
        out.append(month_iri(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def tally_iris(type_name: str, first: date | None) -> tuple[URIRef, URIRef, URIRef]:
    """Return the IRIs of the type, year and month tallies an event is counted in.

    The month is the one of the first day the event's date covers; events whose date
    names no calendar day (or that have none) count in the type's "undated" year and
    month. SPARQL updates derive the year and the type from the month IRI by dropping
    its last one and two segments.

    Args:
        type_name: The event type name ("Ban").
        first: The first day the event's date covers, or None.

    Returns:
        ``.../tally/{Type}``, ``.../tally/{Type}/{YYYY}`` and
        ``.../tally/{Type}/{YYYY}/{MM}`` (``undated`` for both when ``first`` is None).

    Examples:
        >>> [str(i).rsplit("tally/", 1)[1] for i in tally_iris("Ban", date(2024, 6, 20))]
        ['Ban', 'Ban/2024', 'Ban/2024/06']
    """
    type_tally = f"{TALLY_BASE}{quote(type_name, safe='-._~')}"
    year = f"{type_tally}/{first.year:04d}" if first else f"{type_tally}/undated"
    month = f"{year}/{first.month:02d}" if first else f"{year}/undated"
    return URIRef(type_tally), URIRef(year), URIRef(month)


def pair_count_iri(count: int) -> URIRef:
    """Return the IRI of the bucket of actor pairs that have ``count`` events.

    Args:
        count: A number of events (1 or more).

    Returns:
        ``.../resource/pair-count/{count}``.
    """
    return URIRef(f"{PAIR_COUNT_BASE}{count}")


def pair_iri(agent: str, patient: str, action: str) -> URIRef:
    """Return the IRI of the summary of one agent -> action -> patient link.

    The segment is the SHA-1 of the two entity IRIs and the action joined by spaces,
    which a SPARQL update computes too (``SHA1(CONCAT(STR(?a), " ", STR(?p), " ", ?act))``).

    Args:
        agent: IRI of the agent entity.
        patient: IRI of the patient entity.
        action: Trigger lemma ("ban").

    Returns:
        ``.../resource/pair/{sha1}``.
    """
    key = f"{agent} {patient} {action}".encode()
    return URIRef(PAIR_BASE + hashlib.sha1(key).hexdigest())


def event_iri(article_id: str, start: int, trigger_start: int, action: str) -> URIRef:
    """Return the IRI of an event, from where its sentence and trigger are.

    Args:
        article_id: Id of the article the event was read from.
        start: Offset of the sentence in the article text.
        trigger_start: Offset of the trigger in the article text.
        action: Lemma of the trigger ("ban").

    Returns:
        ``.../resource/event/{article id}/{start}-{trigger_start}-{action slug}``.
    """
    return URIRef(
        f"{RESOURCE}event/{_segment(article_id)}/{start}-{trigger_start}-{slugify(action)}"
    )


#: Where :func:`canonical_graph_iri` mints the graphs of resolved (canonical) events.
CANONICAL_GRAPH_BASE = f"{RESOURCE}graph/canonical/"


def canonical_iri(report: str) -> URIRef:
    """Return the IRI of the canonical event whose smallest report IRI is ``report``.

    Args:
        report: IRI of a report (an event read from one sentence).

    Returns:
        ``.../resource/canonical/{article id}/{start}-{trigger start}-{action}`` for a kg
        event IRI, else ``.../resource/canonical/x/{sha1 of the IRI}``.

    Examples:
        >>> str(canonical_iri(str(event_iri("reuters-1", 120, 131, "ban"))))
        'https://w3id.org/kgnews/resource/canonical/reuters-1/120-131-ban'
    """
    prefix = f"{RESOURCE}event/"
    if report.startswith(prefix):
        return URIRef(f"{RESOURCE}canonical/{report[len(prefix) :]}")
    return URIRef(f"{RESOURCE}canonical/x/{hashlib.sha1(report.encode()).hexdigest()}")


def canonical_graph_iri(block: str) -> URIRef:
    """Return the named graph holding the canonical events of one resolution block.

    Args:
        block: A block key (``"Ban"``, ``"Statement/say"``).

    Returns:
        ``.../resource/graph/canonical/{block}`` with the key percent-encoded.
    """
    return URIRef(CANONICAL_GRAPH_BASE + quote(block, safe="-._~"))


def resolution_record_iri(article_id: str, block: str) -> URIRef:
    """Return the IRI of the record of an article's reports in one resolution block.

    Args:
        article_id: The article's id.
        block: A block key (``"Ban"``, ``"Statement/say"``).

    Returns:
        ``{article IRI}/resolution/{block}`` with the key percent-encoded.
    """
    return URIRef(f"{article_iri(article_id)}/resolution/{quote(block, safe='-._~')}")
