"""load/strict_yaml.py: PyYAML's traps, decided on purpose.

Positions of values (Document.locate) are tested in test_document.py."""

from __future__ import annotations

import pytest

from factsite.load.strict_yaml import parse


def _codes(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in parse("f.yaml", text).problems]


def test_yaml_1_1_booleans_and_dates_stay_text() -> None:
    doc = parse("f.yaml", "a: no\nb: on\nc: yes\nd: 2026-01-05\ne: 0755\nf: true\ng: 1.5\n")
    assert doc.data == {
        "a": "no",
        "b": "on",
        "c": "yes",
        "d": "2026-01-05",
        "e": 755,
        "f": True,
        "g": 1.5,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", [(3, 1, "yaml-duplicate-key")]),
        ("a:\n  b: 1\n  b: 2\n", [(3, 3, "yaml-duplicate-key")]),
        ("x: &a [1]\ny: *a\n", [(2, 4, "yaml-alias")]),
        ("a: {x: 1}\nb:\n  <<: {y: 2}\n", [(3, 3, "yaml-alias")]),
        ("a: !!python/object/apply:os.system [ls]\n", [(1, 4, "yaml-tag")]),
        ("a: 1\n---\nb: 2\n", [(2, 1, "yaml-multiple-documents")]),
        ("", [(1, 1, "yaml-empty")]),
        ("# only a comment\n", [(1, 1, "yaml-empty")]),
        ("a: [1\n", [(2, 1, "yaml-syntax")]),
        ("a:\n\tb: 1\n", [(2, 1, "yaml-syntax")]),
    ],
)
def test_rejected(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert _codes(text) == expected


def test_tab_message_says_what_to_do() -> None:
    assert "spaces" in parse("f.yaml", "a:\n\tb: 1\n").problems[0].message


def test_alias_bomb_is_refused_before_expansion() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert [c for _, _, c in _codes("\n".join(lines) + "\n")] == ["yaml-alias"]


def test_bom_and_crlf_are_accepted() -> None:
    assert parse("f.yaml", "\ufeffa: 1\r\nb: two\r\n").data == {"a": 1, "b": "two"}


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\u001b", 0x1B),
        ("\\0", 0),
        ("\\x0b", 0x0B),
        ("\\x0c", 0x0C),
        ("\\x85", 0x85),
        ("\\x9b", 0x9B),
        ("\\uFFFE", 0xFFFE),
        ("\\uffff", 0xFFFF),
        ("\\x7f", 0x7F),
    ],
)
def test_a_control_character_written_as_an_escape_is_refused(escape: str, code: int) -> None:
    doc = parse("c.yaml", f'a: ok\nb: "x{escape}y"\n')
    assert [p.text() for p in doc.problems] == [
        f"c.yaml:2:4: error[file-control-char] control character U+{code:04X}, written as an "
        "escape, is not allowed: delete it"
    ]


def test_escapes_of_ordinary_characters_and_a_backslash_as_text_pass() -> None:
    doc = parse(
        "c.yaml", "a: \"tab\\there, line\\nbreak, \\u00e9\"\nb: '\\u001b is text'\nc: x\\u001b\n"
    )
    assert doc.problems == [] and doc.data["a"] == "tab\there, line\nbreak, é"
