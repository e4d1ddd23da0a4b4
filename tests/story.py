"""A hand-built Kaspersky story for the RDF tests (no spaCy needed)."""

from __future__ import annotations

from datetime import date

from kg.namespace import entity_iri, event_iri
from kg.types import Article, Entity, Event, EventDate

DHS = Entity(
    id=str(entity_iri("US Department of Homeland Security", "GovernmentAgency")),
    label="US Department of Homeland Security",
    type="GovernmentAgency",
    aliases=("DHS", "Homeland Security"),
)
COMMERCE = Entity(
    id=str(entity_iri("US Department of Commerce", "GovernmentAgency")),
    label="US Department of Commerce",
    type="GovernmentAgency",
    aliases=("Commerce Department",),
)
KASPERSKY = Entity(
    id=str(entity_iri("Kaspersky Lab", "Company")),
    label="Kaspersky Lab",
    type="Company",
    aliases=("Kaspersky",),
    wikidata="Q2379",
)
US = Entity(
    id=str(entity_iri("United States", "Country")),
    label="United States",
    type="Country",
    aliases=("U.S.", "US"),
    wikidata="Q30",
)

TEXT_2017 = (
    "On Sept. 13, 2017, the US Department of Homeland Security ordered federal agencies "
    "to remove Kaspersky Lab products. Kaspersky denied any ties to the Kremlin."
)
TEXT_2024 = (
    "The Commerce Department on June 20, 2024 banned sales of Kaspersky software in the "
    "United States. Sales must stop by Sept. 29, 2024. In June 2024 Commerce also added "
    "Kaspersky to the Entity List."
)


def _event(
    article: str,
    text: str,
    sentence: str,
    trigger: str,
    action: str,
    type_: str,
    **kw: object,
) -> Event:
    start = text.index(sentence)
    trigger_start = text.index(trigger, start)
    return Event(
        id=str(event_iri(article, start, trigger_start, action)),
        article=article,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        trigger=trigger,
        action=action,
        type=type_,
        trigger_start=trigger_start,
        trigger_end=trigger_start + len(trigger),
        **kw,  # type: ignore[arg-type]
    )


def make_story() -> list[tuple[Article, list[Event]]]:
    """Two articles, five events: dated by day, month and undated, with all roles."""
    a1 = Article(
        id="dhs-2017",
        text=TEXT_2017,
        title="DHS orders agencies to drop Kaspersky",
        published=date(2017, 9, 13),
        url="https://example.org/news/dhs-2017",
        source="Example Wire",
        path="data/articles/dhs-2017.md",
    )
    s1, s2 = TEXT_2017.split(". Kaspersky")[0] + ".", "Kaspersky denied any ties to the Kremlin."
    a2 = Article(
        id="commerce-2024",
        text=TEXT_2024,
        title="US bans Kaspersky software sales",
        published=date(2024, 6, 20),
        published_inferred=True,
        source="Example Wire",
    )
    t1 = TEXT_2024.split(" Sales")[0]
    t2 = "Sales must stop by Sept. 29, 2024."
    t3 = "In June 2024 Commerce also added Kaspersky to the Entity List."
    events1 = [
        _event(
            "dhs-2017",
            TEXT_2017,
            s1,
            "ordered",
            "order",
            "Order",
            agents=(DHS,),
            patients=(KASPERSKY,),
            date=EventDate("2017-09-13", "day", "Sept. 13, 2017"),
            cameo="100",
        ),
        _event(
            "dhs-2017",
            TEXT_2017,
            s2,
            "denied",
            "deny",
            "Denial",
            agents=(KASPERSKY,),
            modality="reported",
            confidence=0.75,
            cameo="016",
        ),
    ]
    events2 = [
        _event(
            "commerce-2024",
            TEXT_2024,
            t1,
            "banned",
            "ban",
            "Ban",
            agents=(COMMERCE,),
            patients=(KASPERSKY,),
            place=(US,),
            date=EventDate("2024-06-20", "day", "June 20, 2024"),
            cameo="163",
        ),
        _event(
            "commerce-2024",
            TEXT_2024,
            t2,
            "stop",
            "stop",
            "Deadline",
            patients=(KASPERSKY,),
            date=EventDate("2024-09-29", "day", "Sept. 29, 2024", relation="until"),
            modality="planned",
            confidence=0.8,
        ),
        _event(
            "commerce-2024",
            TEXT_2024,
            t3,
            "added",
            "add",
            "EntityListing",
            agents=(COMMERCE,),
            patients=(KASPERSKY,),
            date=EventDate("2024-06", "month", "June 2024", inferred=True),
            confidence=0.9,
        ),
    ]
    return [(a1, events1), (a2, events2)]
