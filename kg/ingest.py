"""Read articles from files and folders: text, Markdown, HTML and JSON Lines.

- ``.txt`` / ``.md``: optional YAML front matter (``title``, ``published``, ``source``,
  ``url``, ``id``) between ``---`` lines; the body is the article text. Without a title
  in the front matter, a short first line followed by a blank line is the headline.
- ``.html`` / ``.htm``: the article text is extracted (markup, navigation and other
  boilerplate dropped); title and date come from the page's metadata.
- ``.jsonl``: one article per line with ``text`` required and ``id``, ``title``,
  ``published``, ``url``, ``source`` optional.

A file or line that cannot be read is reported through ``on_error`` with a one-line
message naming it (and the line or field), and reading goes on with the rest. Text is
UTF-8 (a byte-order mark is dropped); anything else is refused with a message saying
so. Front matter is loaded with YAML's safe loader, with at most
:data:`MAX_YAML_ALIASES` aliases and scalar values only for the fields kg reads, so a
few hundred bytes of nested aliases cannot expand into gigabytes. Lone surrogates
(from ``\ud800`` escapes in JSON) become U+FFFD: they cannot be stored in RDF.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError, json_error_text
from kg.types import Article

__all__ = [
    "MAX_YAML_ALIASES",
    "SUFFIXES",
    "article_id",
    "parse_date",
    "read_html",
    "read_jsonl",
    "read_sources",
    "read_text",
]

#: File endings kg reads; anything else in a folder is skipped.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?", re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Most YAML aliases (``*name``) front matter may use; each can copy a whole subtree.
MAX_YAML_ALIASES = 20
#: Front-matter and JSON fields kg reads; each must be a single value, not a list or map.
_FIELDS = ("id", "title", "published", "date", "url", "source")
_SLUG = re.compile(r"[^a-z0-9]+")

ErrorHandler = Callable[[InputError], None]


def _raise(error: InputError) -> None:
    raise error


def article_id(name: str) -> str:
    """Return a stable, IRI-safe id for a name ("Kaspersky ban 2024.txt" -> "kaspersky-ban-2024").

    Args:
        name: A file stem or free-text id.

    Returns:
        Lower-case letters, digits and hyphens only.
    """
    slug = _SLUG.sub("-", name.lower()).strip("-")
    return slug or "article"


def parse_date(value: Any, *, source: str, field: str = "") -> date | None:
    """Parse a publication date given as ``date``, ``datetime`` or an ISO string.

    Args:
        value: The value from front matter or JSON; None or "" give None.
        source: Where the value came from, for the error message.
        field: Where in the source the value is, for the error message (e.g. "front
            matter field 'published'").

    Returns:
        The date, or None when no value is given.

    Raises:
        InputError: The value is not an ISO date (YYYY-MM-DD, optionally with a time).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(
            source,
            f"publication date {text[:40]!r} is not an ISO date"
            + (f" ({field}; write YYYY-MM-DD)" if field else " (write YYYY-MM-DD)"),
        ) from None


class _BoundedLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing more than MAX_YAML_ALIASES aliases."""

    aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_YAML_ALIASES} aliases")
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        # An impossible date (2024-13-45) stays text, so the error can name its field.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_BoundedLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _BoundedLoader.construct_yaml_timestamp
)


def _load_front_matter(text: str, source: str) -> dict[str, Any]:
    try:
        loaded = yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        if str(exc).startswith("more than"):
            raise InputError(
                source, f"front matter uses {exc}; kg reads at most {MAX_YAML_ALIASES}"
            ) from None
        raise InputError(source, f"front matter is not valid YAML{where}") from None
    except RecursionError:
        raise InputError(source, "front matter nests too deeply") from None
    if loaded is not None and not isinstance(loaded, dict):
        raise InputError(source, "front matter must be a mapping of keys to values")
    meta = loaded or {}
    _check_fields(meta, source, "front matter field")
    return meta


def _check_fields(meta: dict[str, Any], source: str, what: str) -> None:
    for key in _FIELDS:
        if isinstance(meta.get(key), (list, dict, set, tuple)):
            raise InputError(source, f"{what} {key!r} must be a single value, not a list or map")


def _clean(text: str) -> str:
    """Replace lone surrogates, which no RDF store accepts, with U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _opt_str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return None if value is None or value == "" else _clean(str(value))


def _decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (a byte-order mark dropped); refuse anything else, saying what it is."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            source, "is not UTF-8 text (it starts with a UTF-16 byte-order mark); convert it"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"is not UTF-8 text (invalid byte at offset {exc.start}); convert it to UTF-8"
        ) from None


def _headline(body: str) -> str | None:
    """Return the first line as a headline when it looks like one."""
    first, sep, rest = body.lstrip("\n").partition("\n")
    first = first.strip()
    if not sep or not first or len(first) > 200 or first.endswith((".", ":", ",")):
        return None
    return first if rest.startswith("\n") or rest.startswith("\r\n") else None


def read_text(path: Path, *, text: str | None = None) -> Article:
    """Read a ``.txt`` or ``.md`` article with optional YAML front matter.

    Args:
        path: The file.
        text: Its content, when already read.

    Returns:
        The article; its text is the body after the front matter.

    Raises:
        InputError: The file cannot be decoded or its front matter is malformed.
    """
    source = str(path)
    if text is None:
        try:
            text = _decode(path.read_bytes(), source)
        except OSError as exc:
            raise InputError(source, f"cannot be read ({exc.strerror})") from None
    text = _clean(text.removeprefix("\ufeff"))
    meta: dict[str, Any] = {}
    body = text
    match = _FRONT_MATTER.match(text)
    if match:
        meta = _load_front_matter(match.group(1), source)
        body = text[match.end() :]
    if not body.strip():
        raise InputError(source, "has no article text")
    key = "published" if meta.get("published") else "date"
    return Article(
        id=article_id(str(meta.get("id") or path.stem)),
        text=body,
        title=_opt_str(meta, "title") or _headline(body),
        published=parse_date(meta.get(key), source=source, field=f"front matter field {key!r}"),
        url=_opt_str(meta, "url"),
        source=_opt_str(meta, "source"),
        path=source,
    )


def read_html(path: Path) -> Article:
    """Read an HTML page and extract the article text without markup or boilerplate.

    Args:
        path: The ``.html`` file.

    Returns:
        The article, with title and date from the page metadata when present.

    Raises:
        InputError: The page cannot be read or holds no article text.
    """
    import trafilatura

    source = str(path)
    try:
        html = _clean(path.read_bytes().decode("utf-8", errors="replace"))
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})") from None
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(source, "no article text found in the HTML")
    published = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            published = parse_date(raw_date, source=source)
        except InputError:
            published = None
    return Article(
        id=article_id(path.stem),
        text=_clean(text),
        title=_clean(getattr(doc, "title", None) or "") or None,
        published=published,
        url=getattr(doc, "url", None) or None,
        source=getattr(doc, "sitename", None) or None,
        path=source,
    )


def read_jsonl(path: Path, *, on_error: ErrorHandler = _raise) -> Iterator[Article]:
    """Read one article per line of a JSON Lines file.

    Args:
        path: The ``.jsonl`` file.
        on_error: Called with an :class:`InputError` for each bad line; reading goes on.

    Yields:
        Articles; ids default to ``<file stem>-<line number>``.
    """
    source = str(path)
    try:
        handle = path.open(encoding="utf-8-sig", errors="surrogateescape")
    except OSError as exc:
        on_error(InputError(source, f"cannot be read ({exc.strerror})"))
        return
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if _SURROGATE.search(line):  # undecodable bytes, kept by surrogateescape
                on_error(InputError(f"{source}:{lineno}", "is not UTF-8 text"))
                continue
            if not line.strip():
                continue
            where = f"{source}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                reason = f"{json_error_text(exc)} at column {exc.colno}"
                on_error(InputError(where, f"is not valid JSON ({reason})"))
                continue
            if not isinstance(record, dict):
                on_error(InputError(where, "must be a JSON object"))
                continue
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                on_error(InputError(where, 'has no "text" (a non-empty string is required)'))
                continue
            try:
                _check_fields(record, where, "field")
                published = parse_date(
                    record.get("published"), source=where, field="field 'published'"
                )
            except InputError as exc:
                on_error(exc)
                continue
            yield Article(
                id=article_id(str(record.get("id") or f"{path.stem}-{lineno}")),
                text=_clean(text),
                title=_opt_str(record, "title"),
                published=published,
                url=_opt_str(record, "url"),
                source=_opt_str(record, "source"),
                path=where,
            )


def _broken_link(path: Path) -> InputError:
    return InputError(
        str(path), "is a symbolic link that cannot be followed (a loop or a missing target)"
    )


def _expand(paths: Iterable[str | Path], on_error: ErrorHandler) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.suffix.lower() not in SUFFIXES:
                    continue
                if p.is_file():
                    yield p
                elif p.is_symlink() and not p.exists():
                    on_error(_broken_link(p))
        elif path.is_file():
            yield path
        elif path.is_symlink():
            on_error(_broken_link(path))
        else:
            on_error(InputError(str(path), "does not exist"))


def read_sources(
    paths: Iterable[str | Path], *, on_error: ErrorHandler = _raise
) -> Iterator[Article]:
    """Read every article in the given files and folders (folders recursively).

    Args:
        paths: Files and folders.
        on_error: Called with an :class:`InputError` for each unreadable file or line.

    Yields:
        Articles in path order.
    """
    seen: dict[str, str] = {}
    for article in _read_all(paths, on_error):
        first = seen.setdefault(article.id, article.path or article.id)
        if first != (article.path or article.id):
            on_error(
                InputError(
                    article.path or article.id,
                    f"article id {article.id!r} is already used by {first} in this build; "
                    "give one of them its own id (front matter or JSON 'id')",
                )
            )
            continue
        yield article


def _read_all(paths: Iterable[str | Path], on_error: ErrorHandler) -> Iterator[Article]:
    for path in _expand(paths, on_error):
        suffix = path.suffix.lower()
        try:
            if suffix == ".jsonl":
                yield from read_jsonl(path, on_error=on_error)
            elif suffix in (".html", ".htm"):
                yield read_html(path)
            elif suffix in (".txt", ".md", ".markdown"):
                yield read_text(path)
            else:
                on_error(
                    InputError(
                        str(path),
                        f"unsupported file type {suffix or '(none)'}: use " + ", ".join(SUFFIXES),
                    )
                )
        except InputError as exc:
            on_error(exc)
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the batch
            on_error(InputError(str(path), f"could not be read ({type(exc).__name__}: {exc})"))
