"""kg's exceptions: one tree, so callers can catch ``KGError`` and report one line.

    KGError
    ├── InputError          an article file or line cannot be read or parsed
    ├── ModelError          no spaCy pipeline can be loaded
    ├── StoreError          the store cannot be opened, read or written
    │   └── QueryError      a SPARQL query is malformed or fails
    │       └── ResultTooLargeError  a result has more rows than allowed
    ├── ValidationError     SHACL validation found violations
    └── NotAvailableError   a command that this version does not provide yet

Messages name the file (or store) and say what to do about the problem.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "InputError",
    "KGError",
    "ModelError",
    "NotAvailableError",
    "QueryError",
    "ResultTooLargeError",
    "StoreError",
    "ValidationError",
]


def printable(text: str) -> str:
    r"""Return text safe to print on one line: controls and format characters escaped.

    A file name with a newline would split a one-line message; a right-to-left override
    (U+202E) would make it read backwards. Both become ``\n`` / ``\u202e``.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == " " or (char.isprintable() and unicodedata.category(char) != "Cf"):
            out.append(char)
        else:
            out.append(repr(char)[1:-1] if ord(char) < 0x80 else f"\\u{ord(char):04x}")
    return "".join(out)


def json_error_text(exc: ValueError) -> str:
    """Return what a JSON parse error says, ready for "... at column N".

    ``json`` words some errors to be followed by a position ("Invalid control
    character at"): drop that "at", so messages do not read "at at column".
    """
    return str(getattr(exc, "msg", exc)).removesuffix(" at")


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError):
    """An input file or record cannot be read; the message names it and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{printable(source)}: {printable(problem)}")
        self.source = source
        self.problem = problem


class ModelError(KGError):
    """No usable spaCy pipeline is installed or the named one cannot be loaded."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class QueryError(StoreError):
    """A SPARQL query is malformed or fails to run."""


class ResultTooLargeError(QueryError):
    """A query result has more rows (or triples) than the caller allows.

    Raised while the result streams in, before the rows past the limit are built.
    """

    def __init__(self, limit: int, unit: str = "rows") -> None:
        super().__init__(
            f"the result has more than {limit:,} {unit}, the most allowed; add LIMIT {limit} "
            "(or less) and page with OFFSET"
        )
        self.limit = limit


class ValidationError(KGError):
    """The graph does not conform to kg's SHACL shapes."""


class NotAvailableError(KGError):
    """A command exists but this version does not provide it yet."""
