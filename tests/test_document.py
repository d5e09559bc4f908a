"""load/document.py: where a value is, for a problem's line and column."""

from __future__ import annotations

from factsite.load.document import Document, path_text
from factsite.load.strict_yaml import parse


def test_locate_maps_paths_to_values() -> None:
    doc = parse("f.yaml", "a: 1\nlist:\n  - x: 1\n    y: hello\n")
    assert doc.locate(("list", 0, "y")) == (4, 8)
    assert doc.locate(("list", 0, "y"), key=True) == (4, 5)
    assert doc.locate(("list", 5)) == (3, 3)  # missing index: the deepest node that exists
    assert doc.locate(("nope",)) == (1, 1)


def test_problem_inside_a_literal_block() -> None:
    text = "analysis: |\n  first line\n  second ![img](x)\n"
    doc = parse("f.yaml", text)
    offset = doc.data["analysis"].index("![")
    p = doc.problem_at(("analysis",), offset, "unsafe-markdown", "m")
    assert (p.line, p.col) == (3, 10)


def test_a_missing_field_points_at_its_parent_and_a_key_at_its_key() -> None:
    doc = parse("f.yaml", "claimant:\n  name: Ynet\n")
    assert doc.locate(("claimant", "type")) == (2, 3)  # the mapping that lacks it
    assert doc.locate(("claimant", "name"), key=True) == (2, 3)
    assert doc.locate(("claimant", "name")) == (2, 9)
    assert doc.locate(()) == (1, 1)


def test_number_and_boolean_keys_are_found() -> None:
    doc = parse("f.yaml", "a: 1\n1: one\ntrue: yes\n")
    assert doc.locate((1,)) == (2, 4)
    assert doc.locate((True,)) == (3, 7)


def test_text_that_cannot_be_composed_is_located_at_the_start() -> None:
    doc = Document("f.yaml", "a: [1\n")
    assert doc.locate(("a",)) == (1, 1)
    assert doc.problem(("a",), "wrong-type", "m").text() == "f.yaml:1:1: error[wrong-type] m"


def test_a_folded_value_reports_its_start() -> None:
    doc = parse("f.yaml", "analysis: >\n  first line\n  second ![img](x)\n")
    offset = doc.data["analysis"].index("![")
    p = doc.problem_at(("analysis",), offset, "unsafe-markdown", "m")
    assert (p.line, p.col) == (1, 11)  # the value's start: folded lines cannot be mapped back


def test_paths_are_written_as_the_messages_write_them() -> None:
    assert path_text(()) == "$"
    assert path_text(("sources", 2, "url")) == "$.sources[2].url"
