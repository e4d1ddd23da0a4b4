"""Every export format round-trips: parsing it gives isomorphic graphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import StoreError
from kg.export import export


def _graphs(ds: Dataset) -> dict[str, Graph]:
    out = {}
    for g in ds.graphs():
        if len(g):
            copy = Graph()
            for triple in g:
                copy.add(triple)
            out[str(g.identifier)] = copy
    return out


def _reference(store) -> Dataset:
    ds = Dataset()
    ds.parse(data=store.dump("nq").decode(), format="nquads")
    return ds


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")]
)
def test_dataset_formats_round_trip_per_graph(
    filled, tmp_path: Path, fmt: str, rdflib_format: str
) -> None:
    path = tmp_path / f"kg.{fmt}"
    count = export(filled, fmt, path)  # type: ignore[arg-type]
    assert count == len(filled)
    parsed = Dataset()
    parsed.parse(path, format=rdflib_format)
    expected, actual = _graphs(_reference(filled)), _graphs(parsed)
    assert expected.keys() == actual.keys()
    assert len(expected) == 6  # two articles, entities, calendar months, pair summaries, tallies
    for name, graph in expected.items():
        assert isomorphic(graph, actual[name]), name


def test_turtle_is_the_union(filled, tmp_path: Path) -> None:
    path = tmp_path / "kg.ttl"
    count = export(filled, "ttl", path)
    parsed = Graph().parse(path, format="turtle")
    union = Graph()
    for s, p, o, _ in _reference(filled).quads((None, None, None, None)):
        union.add((s, p, o))
    assert count == len(union) == len(parsed)
    assert isomorphic(union, parsed)
    assert path.read_text().startswith("@prefix")


def test_jsonld_has_a_context(filled, tmp_path: Path) -> None:
    path = tmp_path / "kg.jsonld"
    export(filled, "jsonld", path)
    doc = json.loads(path.read_text())
    assert doc["@context"]["kg"] == "https://w3id.org/kgnews/ontology#"
    assert doc["@context"]["sem"] == "http://semanticweb.cs.vu.nl/2009/11/sem/"


def test_unknown_format(filled, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="trig"):
        export(filled, "xml", tmp_path / "x")  # type: ignore[arg-type]
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_dump_in_parts_joins_to_the_dump(filled, fmt: str) -> None:
    parts = list(filled.dump_parts(fmt, size=10))
    assert b"".join(data for _, data in parts) == filled.dump(fmt)
    assert sum(count for count, _ in parts) == len(filled)
    if filled.location == "memory:":  # Oxigraph streams; an endpoint sends one part
        assert len(parts) > 1


def test_export_counts_quads_on_a_bar(filled, tmp_path: Path, capsys) -> None:
    export(filled, "ttl", tmp_path / "kg.ttl", progress=True)
    err = capsys.readouterr().err
    assert "kg export" in err and f"/{len(filled)} [" in err and "quad/s" in err


@pytest.mark.parametrize(("fmt", "unit"), [("ttl", "triple"), ("jsonld", "graph")])
def test_documents_count_their_writing_on_a_second_bar(
    filled, tmp_path: Path, capsys, fmt: str, unit: str
) -> None:
    quiet = export(filled, fmt, tmp_path / f"quiet.{fmt}")  # type: ignore[arg-type]
    assert capsys.readouterr().err == ""
    count = export(filled, fmt, tmp_path / f"kg.{fmt}", progress=True)  # type: ignore[arg-type]
    err = capsys.readouterr().err
    writing = err[err.index("kg export (writing)") :]
    # Turtle: every triple written; JSON-LD: every named graph and the default one.
    total = count if fmt == "ttl" else len(filled.graphs()) + 1
    assert f"/{total} [" in writing and f"{unit}/s" in writing
    # The bar changes nothing in the file.
    assert count == quiet
    assert (tmp_path / f"kg.{fmt}").read_bytes() == (tmp_path / f"quiet.{fmt}").read_bytes()
