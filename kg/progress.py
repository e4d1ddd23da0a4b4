"""Progress of kg's long operations: one tqdm bar with count, rate and time left.

Building, exporting, drawing the timeline and removing articles all draw the same
bar on standard error, and only when asked to. The command line asks unless it is
given ``--quiet`` or standard error is not a terminal (a pipe, a log file, a test):
:func:`shown` is that rule, in one place.

Examples:
    >>> with bar(3, desc="kg demo", unit="item", enabled=False) as b:
    ...     b.update(3)
    >>> list(track("abc", desc="kg demo", unit="letter", enabled=False))
    ['a', 'b', 'c']
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sized
from typing import Any, TypeVar

__all__ = ["bar", "shown", "track"]

T = TypeVar("T")


def shown(*, quiet: bool = False) -> bool:
    """Tell whether to draw progress: not asked to be quiet, and stderr is a terminal."""
    return not quiet and sys.stderr.isatty()


def bar(total: int | None, *, desc: str, unit: str, enabled: bool) -> Any:
    """Return a tqdm bar on stderr (a no-op one unless ``enabled``); close it when done.

    Args:
        total: How many units the operation has, or None when it is not known.
        desc: What runs, as the command is called ("kg export").
        unit: What is counted ("article", "quad", "event"); the rate is in these.
        enabled: Draw the bar; when False, updates cost nothing.

    Returns:
        A ``tqdm`` object, or a stand-in that draws nothing: a context manager with
        ``update(n)``, ``close()``, ``refresh()``, ``set_postfix_str(s)`` and a
        settable ``total``.
    """
    if not enabled:
        return _Quiet()  # tqdm itself takes ~0.1 s to import: not for a quiet run
    from tqdm import tqdm

    # sys.stderr is looked up now, not at import, so a redirected stderr gets the bar.
    return tqdm(total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)


class _Quiet:
    """A bar that draws nothing."""

    total: float | None = None  # set by callers that learn the total late, as on tqdm

    def update(self, n: float = 1) -> None:
        """Count nothing."""

    def refresh(self) -> None:
        """Draw nothing."""

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        """Show no note."""

    def close(self) -> None:
        """Nothing to close."""

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def track(
    items: Iterable[T], *, total: int | None = None, desc: str, unit: str, enabled: bool
) -> Iterator[T]:
    """Yield the items, counting each on a bar once the caller is done with it.

    Args:
        items: What the loop walks.
        total: How many items there are (default ``len(items)`` when it has one).
        desc: What runs (see :func:`bar`).
        unit: What an item is.
        enabled: Draw the bar.

    Yields:
        The items, in order.
    """
    if not enabled:
        yield from items
        return
    if total is None and isinstance(items, Sized):
        total = len(items)
    with bar(total, desc=desc, unit=unit, enabled=True) as b:
        for item in items:
            yield item
            b.update(1)
