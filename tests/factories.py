"""Small helpers for tests: hand-built events, a free port (imported as ``factories``)."""

from __future__ import annotations

import socket
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


def free_port() -> int:
    """Return a TCP port nothing listens on at the moment."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
