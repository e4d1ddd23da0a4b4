r"""Checks on SPARQL text before any SPARQL parser sees it.

Oxigraph's parser recurses once per nesting level, so a few thousand nested brackets
overflow its stack and kill the process; :func:`check_size` refuses deep or huge text
first. :func:`check_read_only` is the endpoint's first line against updates and
federation: it lexes the query with the SPARQL 1.1 terminals (strings, IRIs, prefixed
names with their ``\#`` escapes, comments) so a ``#`` inside a name cannot hide a
``SERVICE`` clause. The endpoint also runs queries in worker processes that cannot
open network sockets (see :mod:`kg.server`), so a clause this lexer missed still
reaches nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.errors import QueryError

__all__ = [
    "MAX_NESTING",
    "MAX_QUERY_CHARS",
    "Token",
    "check_read_only",
    "check_size",
    "outer_limit",
    "tokens",
]

#: Deepest bracket nesting accepted; Oxigraph overflows its stack in the thousands.
MAX_NESTING = 100
#: Longest query text accepted (characters); kg's canned queries are under 5,000.
MAX_QUERY_CHARS = 200_000

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
# Words after which "(" opens an expression (inside one, "<" after an operand compares).
_EXPRESSION_OPENERS = {"FILTER", "BIND", "HAVING", "ASC", "DESC", "BY", "SELECT", "AS"}
_NAME_KINDS = {"word", "pname", "langtag"}
_OPERAND_KINDS = {"var", "string", "number", "iri", "pname", "close_paren"}

_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_UCHAR = r"(?:\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})"
_ECHAR = r"(?:\\[tbnrf\\\"'])"
_PN_PREFIX = r"(?:[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?)"
_PN_LOCAL = rf"(?:(?:[\w:]|{_PLX})(?:(?:[\w.:\-\u00B7]|{_PLX})*(?:[\w:\-\u00B7]|{_PLX}))?)"
_LEXER = re.compile(
    rf"""
    (?P<ws>[ \t\r\n]+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
        | \"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
        | '(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'
        | \"(?:[^\"\\\n\r]|{_ECHAR}|{_UCHAR})*\")
    | (?P<var>[?$]\w+)
    | (?P<bnode>_:\w(?:[\w.\-]*[\w\-])?)
    | (?P<pname>{_PN_PREFIX}?:{_PN_LOCAL}?)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\];,.*/+\-!=<>|^])
    """,
    re.X,
)
_IRIREF = re.compile(rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>")
_OPEN = {"(": ")", "{": "}", "[": "]"}


@dataclass(frozen=True)
class Token:
    """One lexical token of a SPARQL text.

    Attributes:
        kind: ``word``, ``var``, ``iri``, ``pname``, ``string``, ``number``, ``punct``, ...
        text: The token as written.
        start: Its offset in the text.
    """

    kind: str
    text: str
    start: int


def _where(sparql: str, offset: int) -> str:
    line = sparql.count("\n", 0, offset) + 1
    column = offset - (sparql.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def tokens(sparql: str) -> Iterator[Token]:
    """Yield the significant tokens of a query (no whitespace, no comments).

    A ``<`` starts an IRI unless it follows an operand inside an expression, where
    SPARQL reads it as "less than".

    Raises:
        QueryError: At a character no SPARQL token starts with (a parse error).
    """
    pos = 0
    stack: list[bool] = []  # one entry per open bracket: is it an expression "("?
    previous: Token | None = None
    in_projection = False
    while pos < len(sparql):
        in_expression = bool(stack) and stack[-1]
        after_operand = previous is not None and (
            previous.kind in _OPERAND_KINDS or previous.text.upper() in {"TRUE", "FALSE"}
        )
        token: Token | None = None
        if sparql[pos] == "<" and not (in_expression and after_operand):
            iri = _IRIREF.match(sparql, pos)
            if iri:
                token = Token("iri", iri.group(), pos)
                pos = iri.end()
        if token is None:
            m = _LEXER.match(sparql, pos)
            if m is None:
                raise QueryError(
                    f"malformed SPARQL query (parse error) at {_where(sparql, pos)}: "
                    f"unexpected {sparql[pos]!r}"
                )
            pos = m.end()
            kind = m.lastgroup or "punct"
            if kind in ("ws", "comment"):
                continue
            text = m.group()
            token = Token("close_paren" if text == ")" else kind, text, m.start())
        word = token.text.upper() if token.kind == "word" else ""
        if word in ("SELECT",):
            in_projection = True
        if token.text == "(":
            opener = previous.text.upper() if previous is not None else ""
            stack.append(
                in_expression
                or in_projection
                or opener in _EXPRESSION_OPENERS
                or (previous is not None and previous.kind == "word" and opener != "A")
                or (previous is not None and previous.kind in ("iri", "pname") and in_expression)
                or (not stack and previous is not None and previous.kind in ("var", "close_paren"))
            )
        elif token.text in ("{", "["):
            if token.text == "{":
                in_projection = False
            stack.append(False)
        elif token.text in (")", "}", "]") and stack:
            stack.pop()
        if word == "WHERE":
            in_projection = False
        previous = token
        yield token


def check_size(sparql: str) -> None:
    """Refuse query text too long or too deeply nested to parse safely.

    Raises:
        QueryError: Naming the limit that was passed.
    """
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query is {len(sparql):,} characters long, over the limit of {MAX_QUERY_CHARS:,}"
        )
    depth = deepest = 0
    for char in sparql:
        # Brackets inside strings count too: cheap, and no real query nests that deep.
        if char in "({[":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    raise QueryError(
                        f"query nests brackets more than {MAX_NESTING} deep; "
                        "write it with fewer nested groups or parentheses"
                    )
        elif char in ")}]" and depth:
            depth -= 1


def check_read_only(sparql: str) -> None:
    """Refuse anything but a plain, local query.

    Args:
        sparql: Text received from a client.

    Raises:
        QueryError: For text too large or deep (see :func:`check_size`), updates,
            SERVICE (federated) clauses, and characters no SPARQL token starts with.
            Other syntax errors are left to the SPARQL parser, whose message names
            the position.
    """
    check_size(sparql)
    form: str | None = None
    for token in tokens(sparql):
        # Oxigraph reads a keyword at the start of a longer word ("SERVICE:x",
        # "SERVICESILENT"), so a word, a prefix or a language tag holding it is refused.
        name = token.text.partition(":")[0] if token.kind == "pname" else token.text
        if token.kind in _NAME_KINDS and "SERVICE" in name.upper():
            raise QueryError(
                "SERVICE (federated) queries are not allowed on this endpoint "
                f"({_where(sparql, token.start)})"
            )
        if token.kind != "word":
            continue
        word = token.text.upper()
        if form is None and word not in ("PREFIX", "BASE"):
            form = word
    if form is None:
        raise QueryError("malformed SPARQL query (parse error): the text holds no query")
    if form in _UPDATE_WORDS or form == "WITH":
        raise QueryError(f"this endpoint is read-only: {form} is an update, not a query")


def outer_limit(sparql: str) -> int | None:
    """Return the row count of the query's outermost ``LIMIT`` (None: none).

    Raises:
        QueryError: As :func:`tokens`.
    """
    depth = 0
    expect_number = False
    limit: int | None = None
    for token in tokens(sparql):
        if token.text in _OPEN:
            depth += 1
        elif token.text in (")", "}", "]"):
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.text.upper() == "LIMIT":
            expect_number = True
            continue
        elif expect_number and token.kind == "number" and token.text.isdigit():
            limit = int(token.text)
        expect_number = False
    return limit
