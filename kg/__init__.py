"""kg: turn news articles into an event-timeline knowledge graph."""

from __future__ import annotations

from kg.errors import InputError, KGError, ModelError, QueryError, StoreError
from kg.types import Article, Entity, Event, EventDate, Mention, TimeExpr

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Entity",
    "Event",
    "EventDate",
    "InputError",
    "KGError",
    "Mention",
    "ModelError",
    "QueryError",
    "StoreError",
    "TimeExpr",
    "__version__",
]
