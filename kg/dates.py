"""The body of ``kg dates``: tag texts or JSONL documents with TIMEX3 expressions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TextIO

from kg.errors import json_error_text
from kg.temporal import infer_dct, tag
from kg.types import TimeExpr

__all__ = ["dates_for_jsonl", "dates_for_text"]

_OPTIONAL = ("mod", "freq", "quant", "anchor_text", "offset")


def _to_dict(expr: TimeExpr, *, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "start": expr.start,
        "end": expr.end,
        "text": expr.text,
        "type": expr.type,
        "value": expr.value,
    }
    if full:
        for key in _OPTIONAL:
            if getattr(expr, key) is not None:
                out[key] = getattr(expr, key)
        if expr.relation != "on":
            out["relation"] = expr.relation
    return out


def dates_for_text(text: str, dct: date | None) -> list[dict[str, Any]]:
    """Return one JSON-ready object per time expression in ``text``.

    Args:
        text: The text to tag.
        dct: Document creation time for relative expressions, or None.

    Returns:
        Objects with ``start``, ``end``, ``text``, ``type``, ``value`` and those of
        ``mod``, ``freq``, ``quant``, ``anchor_text``, ``offset``, ``relation`` that
        are set (``relation`` only when it is not "on").
    """
    return [_to_dict(e, full=True) for e in tag(text, dct)]


def _parse_dct(raw: Any) -> date | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise ValueError(f"'dct' must be a string like 2024-06-20, not {type(raw).__name__}")
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise ValueError(f"'dct' {raw!r} is not an ISO date like 2024-06-20") from None


def dates_for_jsonl(
    lines: Iterable[str],
    out: TextIO,
    *,
    on_error: Callable[[str], None],
) -> int:
    """Tag JSONL documents, writing one result line per document.

    Each input line is a JSON object with ``doc_id``, ``text`` and ``dct`` (an ISO
    date, a datetime whose first ten characters are one, or null); other keys are
    ignored. A null or missing ``dct`` is read from the dateline at the top of the
    text when it has one ("April 27, 2005"), as ``kg build`` does for articles.
    Each output line is ``{"doc_id": ..., "timexes": [{"start", "end", "text",
    "type", "value"}, ...]}`` with offsets into ``text`` as given.

    Args:
        lines: The input lines.
        out: Where result lines are written.
        on_error: Called with one message ("line 3: ...") per unreadable line;
            the remaining lines are still processed.

    Returns:
        The number of documents written.
    """
    written = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            if not isinstance(doc, dict):
                raise ValueError("expected a JSON object")
            if "text" not in doc or not isinstance(doc["text"], str):
                raise ValueError("missing string field 'text'")
            if "doc_id" not in doc:
                raise ValueError("missing field 'doc_id'")
            dct = _parse_dct(doc.get("dct"))
        except json.JSONDecodeError as exc:
            reason = f"{json_error_text(exc)} at column {exc.colno}"
            on_error(f"line {number}: not valid JSON ({reason})")
            continue
        except ValueError as exc:
            on_error(f"line {number}: {exc}")
            continue
        if dct is None:
            dct = infer_dct(doc["text"])
        timexes = [_to_dict(e, full=False) for e in tag(doc["text"], dct)]
        out.write(json.dumps({"doc_id": doc["doc_id"], "timexes": timexes}) + "\n")
        written += 1
    return written
