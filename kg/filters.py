"""The event filters the commands and :class:`kg.KnowledgeGraph` accept, checked one way.

``kg events --type ban --since 2017`` and ``kg.open(...).events(type="ban", since=2017)``
go through the same checks, so both accept the same values and refuse the same ones
with the same message.

Examples:
    >>> event_type("entitylisting")
    'EntityListing'
    >>> date_bound(2017)
    '2017'
    >>> date_bound("2024-13")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: '2024-13' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)
"""

from __future__ import annotations

from datetime import date

from kg.errors import KGError
from kg.namespace import EVENT_TYPES

__all__ = ["date_bound", "event_type"]


def event_type(text: str) -> str:
    """Return the event type ``text`` names, in any letter case.

    Args:
        text: A type name such as ``ban`` or ``EntityListing``.

    Returns:
        The ontology's spelling of the type.

    Raises:
        KGError: No event type has that name; the message lists them.
    """
    for name in EVENT_TYPES:
        if name.lower() == text.lower():
            return name
    raise KGError(f"unknown event type {text!r}; one of: " + ", ".join(sorted(EVENT_TYPES)))


def date_bound(value: str | int | date) -> str:
    """Return a ``since``/``until`` bound as a date prefix: ``YYYY``, ``YYYY-MM`` or a day.

    Args:
        value: ``2024``, ``"2024-06"``, ``"2024-06-20"`` or a :class:`datetime.date`.

    Returns:
        The bound as text, as :func:`kg.articles.read_events` compares it.

    Raises:
        KGError: ``value`` is not a year, month or day.
    """
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    parts = text.split("-")
    ok = (
        1 <= len(parts) <= 3
        and len(parts[0]) == 4
        and all(p.isdigit() for p in parts)
        and all(len(p) == 2 for p in parts[1:])
    )
    if ok:
        try:
            date.fromisoformat(text if len(parts) == 3 else (text + "-01-01")[:10])
        except ValueError:
            ok = False
    if not ok:
        raise KGError(f"{text!r} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    return text
