"""The storage layer reads one way: query -> store -> index -> (rdf conversion, article I/O).

Each module may import only the layers below it, counting every import (at the top,
inside functions and for type checking alone) and what those import in turn.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"

#: Module -> the storage modules it must never reach, directly or through others.
BELOW = {
    "kg.query": {"kg.store", "kg.index", "kg.rdf", "kg.articles"},
    "kg.store": {"kg.index", "kg.rdf", "kg.articles"},
    "kg.index": {"kg.rdf", "kg.articles"},
    # Pure conversion sits beside the store: events to triples, no store to write them to.
    "kg.rdf": {"kg.query", "kg.store", "kg.index", "kg.articles"},
}


def _module(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Return each kg module's kg imports, wherever in the module they are."""
    graph: dict[str, set[str]] = {}
    for path in KG.rglob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        graph[_module(path)] = {m for m in found if m.startswith("kg")}
    return {m: {i for i in found if i in graph and i != m} for m, found in graph.items()}


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


@pytest.mark.parametrize("module", sorted(BELOW))
def test_a_layer_reaches_no_layer_above_it(module: str) -> None:
    reached = _reach(_imports(), module)
    assert not reached & BELOW[module], f"{module} reaches {sorted(reached & BELOW[module])}"


def test_article_io_stands_on_every_layer() -> None:
    imports = _imports()
    assert {"kg.query", "kg.store", "kg.index", "kg.rdf"} <= imports["kg.articles"]
    assert "kg.articles" not in _reach(imports, "kg.articles")  # no cycle back to it


def test_the_check_sees_imports_inside_functions_and_for_type_checking() -> None:
    imports = _imports()
    assert "kg.viz" in imports["kg.api"]  # imported inside a method only
    assert "kg.store" in imports["kg.api"]  # imported under TYPE_CHECKING only
