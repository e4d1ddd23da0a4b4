"""Reading articles: text and Markdown with front matter, HTML, JSON Lines, bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import article_id, read_sources, read_text

PAGE = """<html><head><title>Ban widens | Example News</title>
<meta name="date" content="2024-06-21"></head><body>
<nav><a href="/">Home</a> <a href="/world">World news</a> <a href="/login">Sign in</a></nav>
<article><h1>Ban widens</h1>
<p>The Commerce Department on Thursday barred new sales of the software in the United States,
citing national security risks.</p>
<p>Updates will be prohibited from September 29, officials said in a statement.</p></article>
<footer>Copyright 2024 Example News. Subscribe to our newsletter for more.</footer>
</body></html>"""


def collect(paths):
    errors: list[InputError] = []
    articles = list(read_sources(paths, on_error=errors.append))
    return articles, errors


def test_markdown_front_matter(tmp_path: Path) -> None:
    f = tmp_path / "One Story.md"
    f.write_text(
        "---\ntitle: A title\npublished: 2024-06-21\nurl: https://example.org/a\n"
        "source: Example\n---\nThe body text.\n"
    )
    a = read_text(f)
    assert (a.id, a.title, a.published, a.url, a.source) == (
        "one-story",
        "A title",
        date(2024, 6, 21),
        "https://example.org/a",
        "Example",
    )
    assert a.text == "The body text.\n"


def test_text_without_front_matter_takes_headline_as_title(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("Agency Bans Software\n\nThe agency banned the software on Monday.\n")
    a = read_text(f)
    assert a.title == "Agency Bans Software"
    assert a.published is None
    assert a.text.startswith("Agency Bans Software")  # offsets refer to the whole text


def test_html_drops_markup_and_boilerplate(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE)
    [a], errors = collect([f])
    assert errors == []
    assert "barred new sales" in a.text and "September 29" in a.text
    assert "Subscribe" not in a.text and "Sign in" not in a.text and "<p>" not in a.text
    assert a.published == date(2024, 6, 21)


def test_jsonl_records_and_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps({"id": "A1", "text": "First story.", "published": "2024-06-20"}),
                "{not json",
                json.dumps({"title": "no text"}),
                json.dumps({"text": "Third story.", "published": "June 5th"}),
                json.dumps({"text": "Fourth story."}),
            ]
        )
        + "\n"
    )
    articles, errors = collect([f])
    assert [a.id for a in articles] == ["a1", "batch-5"]
    assert articles[0].published == date(2024, 6, 20)
    messages = [str(e) for e in errors]
    assert len(messages) == 3
    assert messages[0].startswith(f"{f}:2: is not valid JSON")
    assert 'no "text"' in messages[1] and messages[1].startswith(f"{f}:3")
    assert "not an ISO date" in messages[2]


def test_folder_is_read_recursively_and_bad_files_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.txt").write_text("A story.\n")
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    articles, errors = collect([tmp_path, tmp_path / "missing.txt"])
    assert [a.id for a in articles] == ["good"]
    text = "\n".join(str(e) for e in errors)
    assert "bad.md: front matter is not valid YAML" in text
    assert "binary.txt: is not UTF-8 text" in text
    assert "missing.txt: does not exist" in text
    assert "notes.pdf" not in text  # unknown types inside folders are ignored


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Kaspersky Ban 2024", "kaspersky-ban-2024"), ("--", "article"), ("A_B.c", "a-b-c")],
)
def test_article_id_is_iri_safe(name: str, expected: str) -> None:
    assert article_id(name) == expected


def test_duplicate_ids_are_reported_not_silently_overwritten(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("One.\n")
    (tmp_path / "b" / "story.txt").write_text("Two.\n")
    articles, errors = collect([tmp_path])
    assert [a.text for a in articles] == ["One.\n"]
    assert len(errors) == 1 and "article id 'story' is already used by" in str(errors[0])


def test_an_unexpected_failure_in_one_file_is_one_line(tmp_path: Path, monkeypatch) -> None:
    import kg.ingest

    def broken(path):
        raise ImportError("lxml.html.clean module is now a separate project")

    monkeypatch.setattr(kg.ingest, "read_html", broken)
    (tmp_path / "page.html").write_text(PAGE)
    (tmp_path / "ok.txt").write_text("Fine.\n")
    articles, errors = collect([tmp_path])
    assert [a.id for a in articles] == ["ok"]
    assert str(errors[0]).startswith(f"{tmp_path / 'page.html'}: could not be read (ImportError")
