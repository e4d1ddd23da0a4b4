"""Bad and hostile articles, generated here: each gets a one-line message, the rest survives.

Every case is written by the test into a temporary folder beside two good articles;
``kg build`` must report each bad one on one line naming it and the problem, store the
good ones (and the bad ones that can be cleaned), exit 1, and leave a store that
validates. ``--strict`` stops at the first.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.cli import main
from kg.ingest import MAX_YAML_ALIASES
from kg.store import open_store
from kg.validate import validate

pytestmark = pytest.mark.model

GOOD = "The Commerce Department banned Kaspersky software sales on June 20, 2024.\n"
#: A "billion laughs" front matter: nine levels of nine aliases each.
BOMB = (
    "---\na: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
    + "title: *i\n---\n"
    + GOOD
)


def _write_cases(root: Path) -> dict[str, str]:
    """Write the corpus; return file name -> a piece its error message must hold."""
    (root / "good-one.md").write_text(
        f"---\ntitle: Good one\npublished: 2024-06-21\n---\n{GOOD}", encoding="utf-8"
    )
    (root / "good-two.txt").write_text(GOOD, encoding="utf-8")
    (root / "too-long.txt").write_text("Kaspersky said so. " * 55_000, encoding="utf-8")
    (root / "bomb.md").write_text(BOMB, encoding="utf-8")
    (root / "bad-date.md").write_text(f"---\npublished: 2024-13-45\n---\n{GOOD}")
    (root / "latin1.txt").write_bytes("Caf\xe9 owner said so.\n".encode("latin-1"))
    (root / "list-title.md").write_text(f"---\ntitle: [a, b]\n---\n{GOOD}")
    loop = root / "loop.txt"
    os.symlink(loop, loop)
    (root / "evil\nname\u202etxt.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    with (root / "batch.jsonl").open("w", encoding="utf-8") as out:
        # A lone surrogate in the text and the title: cleaned, the article kept.
        out.write(
            '{"id": "lone", "title": "Bad \\ud800 title", "text": "Kaspersky \\udc00 said."}\n'
        )
        out.write(json.dumps({"id": "odd-url", "url": "http://a b/<x>", "text": GOOD}) + "\n")
        out.write('{"id": "broken", "text": \n')
    return {
        "too-long.txt": "over the limit of 1,000,000",
        "bomb.md": f"aliases; kg reads at most {MAX_YAML_ALIASES}",
        "bad-date.md": "front matter field 'published'",
        "latin1.txt": "is not UTF-8 text",
        "list-title.md": "'title' must be a single value",
        "loop.txt": "symbolic link that cannot be followed",
        "evil\\nname\\u202etxt.md": "front matter is not valid YAML",
        "batch.jsonl:3": "is not valid JSON",
    }


def test_bad_inputs_are_reported_and_the_rest_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    expected = _write_cases(corpus)
    location = str(tmp_path / "kg-store")
    code = main(["build", str(corpus), "--published", "2024-06-21", "--store", location, "-q"])
    out, err = capsys.readouterr()
    assert code == 1
    lines = [line for line in err.splitlines() if not line.startswith("kg: warning:")]
    for name, piece in expected.items():
        found = [line for line in lines if f"{name}:" in line]
        assert found, f"no message names {name}: {err}"
        assert piece in found[0], found[0]
    assert len(lines) == len(expected), err  # one line each, nothing else
    assert "\u202e" not in err
    assert "input(s) skipped" in out
    with open_store(location, read_only=True) as store:
        ids = {
            str(row[0])
            for row in store.query(
                "SELECT ?id WHERE { ?a a <https://schema.org/NewsArticle> ; "
                "<http://purl.org/dc/terms/identifier> ?id }"
            ).rows
        }
        assert ids == {"good-one", "good-two", "lone", "odd-url"}
        titles = store.query("SELECT ?t WHERE { ?a <http://purl.org/dc/terms/title> ?t }").rows
        assert any("\ufffd" in str(t[0]) for t in titles)
        report = validate(store)
        assert report.conforms, report.violations[:3]


def test_strict_stops_at_the_first_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-bad.md").write_text(f"---\npublished: 2024-13-45\n---\n{GOOD}")
    (corpus / "b-good.txt").write_text(GOOD)
    location = str(tmp_path / "kg-store")
    code = main(["build", str(corpus), "--strict", "--store", location, "-q"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "a-bad.md: publication date '2024-13-45'" in err and "field 'published'" in err
    assert "--strict" in err


def test_bom_before_front_matter_is_not_body_text(tmp_path: Path) -> None:
    from kg.ingest import read_text

    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: With a BOM\n---\n" + GOOD.encode())
    article = read_text(path)
    assert article.title == "With a BOM"
    assert article.text == GOOD
