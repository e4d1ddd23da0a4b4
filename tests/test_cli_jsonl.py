"""JSON Lines records stay one line whatever the text holds."""

import json

from kg.cli import json_line


def test_line_separators_are_escaped_and_the_record_reads_back():
    item = {"sentence": "one\u2028two\u2029three", "label": "Zürich"}
    line = json_line(item)
    assert "\u2028" not in line and "\u2029" not in line
    assert len(line.splitlines()) == 1
    assert "Zürich" in line  # other text stays as it is
    assert json.loads(line) == item
