"""kg: turn news articles into an event-timeline knowledge graph.

The public API is :func:`open`, which returns a :class:`KnowledgeGraph` (build, events
as DataFrames, SPARQL, analysis, timeline, export); the plain types the stages exchange
(:class:`Article`, :class:`Event`, ...); and the :class:`KGError` tree.
"""

from __future__ import annotations

# kg.api imports the stages only when a method needs them, so `import kg` stays cheap.
from kg.api import Analysis, KnowledgeGraph, Timeline, open
from kg.errors import InputError, KGError, ModelError, QueryError, StoreError
from kg.types import Article, Entity, Event, EventDate, Mention, TimeExpr

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Article",
    "Entity",
    "Event",
    "EventDate",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "Mention",
    "ModelError",
    "QueryError",
    "StoreError",
    "TimeExpr",
    "Timeline",
    "__version__",
    "open",
]
