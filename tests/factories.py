"""Hand-built events for tests that need no model (imported as ``factories``)."""

from __future__ import annotations

from collections.abc import Sequence

from kg.types import Entity, Event, EventDate


def event(
    i: int,
    type_: str,
    agents: Sequence[Entity],
    patients: Sequence[Entity] = (),
    value: str | None = None,
    granularity: str | None = None,
    *,
    sentence: str | None = None,
    article: str = "a1",
    confidence: float = 0.8,
) -> Event:
    """Return event number ``i`` with the given roles and date."""
    when = EventDate(value, granularity or "unknown", f"as written {i}") if value else None
    return Event(
        f"urn:ev{i}",
        article,
        sentence or f"Sentence {i}.",
        0,
        10,
        "act",
        f"act{i}",
        type_,
        agents=tuple(agents),
        patients=tuple(patients),
        date=when,
        confidence=confidence,
    )
